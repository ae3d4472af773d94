/// How a decimal is written in a source: which character is the decimal separator and which
/// (if any) groups thousands. Parsing never guesses: the notation is part of the mapper's
/// knowledge of its source.
///
/// | Notation | Accepts | Rejects |
/// |---|---|---|
/// | ``plain`` | `80.50`, `-1234`, `650000.00` | `1,000.00`, `1e3`, `.5`, `5.` |
/// | ``plainWholeUnits`` | `80.50`, `137500`, `137500.000`, `0.500` | as ``plain``, and `137.500`, `1.234` (ambiguous) |
/// | ``json`` | RFC 8259 numbers: `80.50`, `-0.5`, `1.5e3` | `01`, `+1`, `1.`, `.5` |
/// | ``commaGrouping`` | `1,234,567.00`, `1234567.00`, `1,000.0` | `1.234.567,00`, `1,23,456` |
/// | ``dotGrouping`` | `1.234.567,00`, `80,50`, `1234` | `1,234,567.00` |
/// | ``inferred`` | `1,234,567.00`, `1.234.567,00`, `80.50`, `80,5`, `1.234.567` | `1.234`, `1,234` (ambiguous) |
///
/// Grouping is optional but, where present, strict: a first group of 1–3 digits, then groups
/// of exactly 3, only before the decimal separator. A leading `-` is the only sign accepted;
/// no spaces (trim a CSV field before parsing if its dialect pads).
public struct DecimalNotation: Sendable, Hashable, CustomStringConvertible {
    enum Kind: Sendable, Hashable { case fixed, json, inferred }

    let kind: Kind
    /// The decimal separator byte (ASCII), for a fixed notation.
    let decimalByte: UInt8
    /// The grouping separator byte (ASCII), or nil when grouping is not allowed.
    let groupingByte: UInt8?
    /// True when a lone decimal separator with one to three digits (not starting with `0`) before
    /// it and exactly three after it is ambiguous (``plainWholeUnits``).
    let groupingLookalikeIsAmbiguous: Bool

    /// `.` decimal point, no grouping, no exponent: the form JSON strings such as `"650000.00"` use.
    public static let plain = DecimalNotation(kind: .fixed, decimalByte: UInt8(ascii: "."), groupingByte: nil)
    /// ``plain`` for a source whose currency has no minor units (the rupiah): `137.500` and
    /// `1.234` are rejected with ``ExactDecimalError/ambiguousSeparator``, because that is how
    /// Indonesians write 137 500 and 1 234. Values that cannot be a grouping stay readable:
    /// `137500.000` (more than three digits before the point), `0.500`, `80.50`, `1.2345`.
    public static let plainWholeUnits = DecimalNotation(
        kind: .fixed, decimalByte: UInt8(ascii: "."), groupingByte: nil, groupingLookalikeIsAmbiguous: true)
    /// The RFC 8259 number grammar, exponent included (`1.5e3` is exactly 1500).
    public static let json = DecimalNotation(kind: .json, decimalByte: UInt8(ascii: "."), groupingByte: nil)
    /// `.` decimal point, `,` groups thousands: `1,234,567.00` (Pawoon exports, US style).
    public static let commaGrouping = DecimalNotation(kind: .fixed, decimalByte: UInt8(ascii: "."), groupingByte: UInt8(ascii: ","))
    /// `,` decimal point, `.` groups thousands: `1.234.567,00` (Indonesian and European style).
    public static let dotGrouping = DecimalNotation(kind: .fixed, decimalByte: UInt8(ascii: ","), groupingByte: UInt8(ascii: "."))
    /// Decides per value between ``commaGrouping`` and ``dotGrouping`` when the text itself
    /// makes it certain, and rejects it with ``ExactDecimalError/ambiguousSeparator`` when it does not:
    /// - both `.` and `,` present: the last one is the decimal separator;
    /// - one kind, several times: it is grouping (`1.234.567`);
    /// - one kind, once: a decimal separator, unless exactly three digits follow and one to three
    ///   digits (not starting with `0`) precede it — then it is ambiguous (`1.234`).
    public static let inferred = DecimalNotation(kind: .inferred, decimalByte: 0, groupingByte: nil)

    /// A notation with custom ASCII separators (for example `'` or space as grouping);
    /// nil if a separator is not ASCII punctuation/space, or both are the same.
    public init?(decimalSeparator: Unicode.Scalar, groupingSeparator: Unicode.Scalar?) {
        func allowed(_ scalar: Unicode.Scalar) -> Bool {
            scalar.isASCII && !(scalar >= "0" && scalar <= "9") && scalar != "-" && scalar != "+"
                && (scalar == " " || (scalar.value > 0x20 && scalar.value < 0x7F))
        }
        guard allowed(decimalSeparator) else { return nil }
        if let grouping = groupingSeparator {
            guard allowed(grouping), grouping != decimalSeparator else { return nil }
        }
        self.init(
            kind: .fixed, decimalByte: UInt8(decimalSeparator.value),
            groupingByte: groupingSeparator.map { UInt8($0.value) })
    }

    init(kind: Kind, decimalByte: UInt8, groupingByte: UInt8?, groupingLookalikeIsAmbiguous: Bool = false) {
        self.kind = kind
        self.decimalByte = decimalByte
        self.groupingByte = groupingByte
        self.groupingLookalikeIsAmbiguous = groupingLookalikeIsAmbiguous
    }

    public var description: String {
        switch kind {
        case .json: return "json"
        case .inferred: return "inferred"
        case .fixed:
            let decimal = Character(Unicode.Scalar(decimalByte))
            if let grouping = groupingByte {
                return "decimal '\(decimal)', grouping '\(Character(Unicode.Scalar(grouping)))'"
            }
            if groupingLookalikeIsAmbiguous { return "decimal '\(decimal)', no grouping" }
            return "decimal '\(decimal)'"
        }
    }
}
