/// The kind of a tax collected on a sale, which decides the tax-payable account it is owed on:
/// Indonesian VAT (`PPN`), the regional restaurant tax (`PB1`, now called PBJT), Saudi `VAT`…
///
/// A kind is an upper-case code; two kinds are the same only when their codes are. The kit does
/// not alias codes (`PBJT` is not silently `PB1`): write the code the mapping uses.
public struct TaxKind: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The upper-case code, e.g. `PPN`, `PB1`, `VAT`.
    public let code: String

    /// A kind from its code, trimmed and upper-cased; nil when blank.
    public init?(_ code: String) {
        let trimmed = code.accountingTrimmed
        guard !trimmed.isEmpty else { return nil }
        self.code = trimmed.uppercased()
    }

    init(known code: String) { self.code = code }

    /// Pajak Pertambahan Nilai: Indonesian value-added tax.
    public static let ppn = TaxKind(known: "PPN")
    /// Pajak Pembangunan 1 / PBJT: the regional tax on restaurant food and drink.
    public static let pb1 = TaxKind(known: "PB1")
    /// Value-added tax under that name (Saudi Arabia, the Gulf).
    public static let vat = TaxKind(known: "VAT")

    public var description: String { code }

    public static func < (lhs: TaxKind, rhs: TaxKind) -> Bool { lhs.code < rhs.code }
}

extension StringProtocol {
    /// The text without leading and trailing whitespace.
    var accountingTrimmed: String {
        var slice = Substring(self)
        while let first = slice.first, first.isWhitespace { slice.removeFirst() }
        while let last = slice.last, last.isWhitespace { slice.removeLast() }
        return String(slice)
    }
}
