#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

extension ExactDecimal {
    /// The same value as a Foundation `Decimal`, exactly (for hosts that store `Decimal`).
    public var decimalValue: Decimal {
        Decimal(sign: significand < 0 ? .minus : .plus, exponent: -scale, significand: Decimal(significand.magnitude))
    }

    /// The value of a Foundation `Decimal`, exactly; throws if it is NaN, has more than 18
    /// significant digits or more than 18 fractional digits.
    public init(exactly decimal: Decimal) throws(ExactDecimalError) {
        guard !decimal.isNaN else { throw .notANumber }
        // `Decimal.description` is plain positional notation (`-80.5`, `0.00001`,
        // `1000000000000000000000`), never scientific: parse that text exactly.
        self = try ExactDecimal(parsing: decimal.description, notation: .plain)
    }
}
