/// Why a decimal could not be parsed, converted or computed exactly.
public enum ExactDecimalError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The result is outside the exact range: its significand at its scale does not fit an `Int64`
    /// (magnitude below 9.2 × 10^18, 18 significant digits always fit).
    case overflow
    /// A scale outside `0...18` was asked for.
    case scaleOutOfRange(Int)
    /// More than 18 significant fractional digits (trailing zeros are dropped before this is raised).
    case tooManyFractionDigits
    /// The value cannot be represented at the asked scale without rounding.
    case inexact
    /// The text was empty (or only a sign).
    case empty
    /// A character that the notation does not allow, at this UTF-8 byte offset of the text.
    case unexpectedCharacter(offset: Int)
    /// A digit was required at this offset (`5.`, `.5`, `-`, `1e`).
    case missingDigit(offset: Int)
    /// A grouping separator in the wrong place (`1,23,456`, `12,3456.00`, grouping after the decimal point).
    case invalidGrouping(offset: Int)
    /// The notation is inferred and the text could be read two ways (`1.234`, `1,234`).
    case ambiguousSeparator
    /// A leading zero in a JSON number (`012`).
    case leadingZero(offset: Int)
    /// A `Decimal` that is NaN.
    case notANumber

    public var description: String {
        switch self {
        case .overflow: "the value is outside the exact range (magnitude below 9.2 × 10^18 at its scale)"
        case .scaleOutOfRange(let scale): "scale \(scale) is outside 0...\(ExactDecimal.maxScale)"
        case .tooManyFractionDigits: "more than \(ExactDecimal.maxScale) fractional digits"
        case .inexact: "the value cannot be represented exactly at that scale"
        case .empty: "no digits"
        case .unexpectedCharacter(let offset): "unexpected character at offset \(offset)"
        case .missingDigit(let offset): "a digit is required at offset \(offset)"
        case .invalidGrouping(let offset): "misplaced grouping separator at offset \(offset)"
        case .ambiguousSeparator: "ambiguous separator: could be a thousands separator or a decimal point"
        case .leadingZero(let offset): "leading zero at offset \(offset)"
        case .notANumber: "not a number"
        }
    }
}
