/// A currency: its ISO 4217 alphabetic code and the number of minor-unit digits amounts in it
/// are settled to.
///
/// `minorUnits` is the precision used *in practice* by the systems this kit integrates:
/// ISO 4217 lists the Indonesian rupiah with 2 minor units, but sen have not circulated for
/// decades and Indonesian POS systems, Xendit and Midtrans all settle IDR in whole rupiah,
/// so ``IDR`` has 0 here (``isoMinorUnits`` keeps the ISO figure). Build a `Currency` with
/// ``init(code:minorUnits:)`` to override.
public struct Currency: Sendable, Hashable, CustomStringConvertible {
    /// The ISO 4217 alphabetic code, upper case (`IDR`, `SAR`).
    public let code: String
    /// Fractional digits amounts are rounded to (0 for IDR, 2 for SAR, 3 for KWD).
    public let minorUnits: Int
    /// The minor units ISO 4217 lists (differs from ``minorUnits`` only for IDR-like cases).
    public let isoMinorUnits: Int

    /// A currency with explicit minor units; nil unless `code` is three ASCII upper-case letters
    /// and `minorUnits` is in `0...4`.
    public init?(code: String, minorUnits: Int) {
        guard Currency.isWellFormedCode(code), (0...4).contains(minorUnits) else { return nil }
        self.code = code
        self.minorUnits = minorUnits
        self.isoMinorUnits = minorUnits
    }

    init(known code: String, _ minorUnits: Int, iso: Int? = nil) {
        self.code = code
        self.minorUnits = minorUnits
        self.isoMinorUnits = iso ?? minorUnits
    }

    /// The currency with this ISO 4217 code from ``known`` (case-insensitive); nil if not in the table.
    public init?(code: String) {
        let upper = code.utf8.count == 3 ? code.uppercased() : code
        guard let found = Currency.known.first(where: { $0.code == upper }) else { return nil }
        self = found
    }

    /// Three ASCII letters A–Z.
    public static func isWellFormedCode(_ code: String) -> Bool {
        let utf8 = code.utf8
        return utf8.count == 3 && utf8.allSatisfy { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }
    }

    public var description: String { code }

    /// Indonesian rupiah (0 in practice; ISO 4217 lists 2).
    public static let IDR = Currency(known: "IDR", 0, iso: 2)
    /// Saudi riyal.
    public static let SAR = Currency(known: "SAR", 2)
    /// US dollar.
    public static let USD = Currency(known: "USD", 2)
    /// Singapore dollar.
    public static let SGD = Currency(known: "SGD", 2)
    /// Malaysian ringgit.
    public static let MYR = Currency(known: "MYR", 2)
    /// UAE dirham.
    public static let AED = Currency(known: "AED", 2)
    /// Euro.
    public static let EUR = Currency(known: "EUR", 2)

    /// The currency table: the kit's markets (Indonesia, Saudi Arabia and the Gulf, South-East Asia)
    /// and the major reserve currencies, with their ISO 4217 minor units.
    public static let known: [Currency] = [
        .IDR, .SAR, .USD, .SGD, .MYR, .AED, .EUR,
        Currency(known: "AUD", 2), Currency(known: "BDT", 2), Currency(known: "BHD", 3),
        Currency(known: "BND", 2), Currency(known: "CAD", 2), Currency(known: "CHF", 2),
        Currency(known: "CNY", 2), Currency(known: "EGP", 2), Currency(known: "GBP", 2),
        Currency(known: "HKD", 2), Currency(known: "INR", 2), Currency(known: "IQD", 3),
        Currency(known: "JOD", 3), Currency(known: "JPY", 0), Currency(known: "KHR", 2),
        Currency(known: "KRW", 0), Currency(known: "KWD", 3), Currency(known: "LKR", 2),
        Currency(known: "MMK", 2), Currency(known: "NZD", 2), Currency(known: "OMR", 3),
        Currency(known: "PHP", 2), Currency(known: "PKR", 2), Currency(known: "QAR", 2),
        Currency(known: "THB", 2), Currency(known: "TRY", 2), Currency(known: "TWD", 2),
        Currency(known: "VND", 0), Currency(known: "ZAR", 2),
    ]
}
