/// How to round a value that has more fractional digits than wanted.
public enum RoundingMode: String, Sendable, Hashable, CaseIterable {
    /// To nearest; ties to the even neighbour (banker's rounding): 2.5 → 2, 3.5 → 4.
    case halfEven
    /// To nearest; ties away from zero (the usual commercial rule): 2.5 → 3, -2.5 → -3.
    case halfUp
    /// To nearest; ties toward zero: 2.5 → 2, -2.5 → -2.
    case halfDown
    /// Away from zero: 2.1 → 3, -2.1 → -3.
    case up
    /// Toward zero (truncation): 2.9 → 2, -2.9 → -2.
    case down
    /// Toward +∞: 2.1 → 3, -2.9 → -2.
    case ceiling
    /// Toward -∞: 2.9 → 2, -2.1 → -3.
    case floor
}

extension ExactDecimal {
    // MARK: Arithmetic (exact; throws on overflow)

    /// `self + other`, exact, at the larger of the two scales.
    public func adding(_ other: ExactDecimal) throws(ExactDecimalError) -> ExactDecimal {
        if storedScale == other.storedScale {
            let (sum, overflow) = significand.addingReportingOverflow(other.significand)
            guard !overflow else { throw .overflow }
            return ExactDecimal(uncheckedSignificand: sum, scale: scale)
        }
        let target = Swift.max(scale, other.scale)
        return try .fitting(wideSignificand(atScale: target) + other.wideSignificand(atScale: target), scale: target)
    }

    /// `self - other`, exact, at the larger of the two scales.
    public func subtracting(_ other: ExactDecimal) throws(ExactDecimalError) -> ExactDecimal {
        if storedScale == other.storedScale {
            let (difference, overflow) = significand.subtractingReportingOverflow(other.significand)
            guard !overflow else { throw .overflow }
            return ExactDecimal(uncheckedSignificand: difference, scale: scale)
        }
        let target = Swift.max(scale, other.scale)
        return try .fitting(wideSignificand(atScale: target) - other.wideSignificand(atScale: target), scale: target)
    }

    /// `self × other`, exact: the scale is the sum of the scales (trailing zeros are dropped
    /// if that sum exceeds 18). Use it for unit price × quantity, then ``rounded(to:_:)``.
    public func multiplied(by other: ExactDecimal) throws(ExactDecimalError) -> ExactDecimal {
        try .fitting(Int128(significand) * Int128(other.significand), scale: scale + other.scale)
    }

    /// `-self`; throws only for the one value whose negation does not fit.
    public func negated() throws(ExactDecimalError) -> ExactDecimal {
        guard significand != .min else { throw .overflow }
        return ExactDecimal(uncheckedSignificand: -significand, scale: scale)
    }

    /// The absolute value.
    public func magnitude() throws(ExactDecimalError) -> ExactDecimal {
        significand < 0 ? try negated() : self
    }

    /// `self × 10^places` for positive `places`, `self ÷ 10^-places` for negative ones — exact,
    /// by moving the decimal point: a percentage `15` becomes the rate `0.15` with `movingDecimalPoint(by: -2)`.
    /// Any `places` is accepted: a shift beyond what an `Int64` significand can hold throws
    /// (``ExactDecimalError/overflow`` to the left of the point, ``ExactDecimalError/tooManyFractionDigits``
    /// to the right); zero stays zero.
    public func movingDecimalPoint(by places: Int) throws(ExactDecimalError) -> ExactDecimal {
        // Beyond ±(18 + 19) places no nonzero Int64 significand fits; clamping keeps `scale - places`
        // from overflowing (`by: .min`) and `fitting` from looping over a huge scale.
        let bound = ExactDecimal.maxScale + 20
        let newScale = scale - min(max(places, -bound), bound)
        if significand == 0 { return ExactDecimal(uncheckedSignificand: 0, scale: min(max(newScale, 0), ExactDecimal.maxScale)) }
        if newScale >= 0 { return try .fitting(Int128(significand), scale: newScale) }
        guard -newScale <= 36 else { throw .overflow }
        return try .fitting(Int128(significand) * int128PowerOfTen(-newScale), scale: 0)
    }

    /// Sum of a sequence of values (zero for an empty one); throws on overflow.
    public static func sum<S: Sequence>(_ values: S) throws(ExactDecimalError) -> ExactDecimal where S.Element == ExactDecimal {
        var total = ExactDecimal.zero
        for value in values { total = try total.adding(value) }
        return total
    }

    /// Exact addition; `try a + b`.
    public static func + (lhs: ExactDecimal, rhs: ExactDecimal) throws(ExactDecimalError) -> ExactDecimal { try lhs.adding(rhs) }
    /// Exact subtraction; `try a - b`.
    public static func - (lhs: ExactDecimal, rhs: ExactDecimal) throws(ExactDecimalError) -> ExactDecimal { try lhs.subtracting(rhs) }
    /// Exact multiplication; `try price * quantity`.
    public static func * (lhs: ExactDecimal, rhs: ExactDecimal) throws(ExactDecimalError) -> ExactDecimal { try lhs.multiplied(by: rhs) }

    // MARK: Rounding

    /// The value rounded (or, for a larger scale, exactly extended) to `targetScale` fractional digits.
    public func rounded(toScale targetScale: Int, _ mode: RoundingMode) throws(ExactDecimalError) -> ExactDecimal {
        guard targetScale >= 0, targetScale <= ExactDecimal.maxScale else { throw .scaleOutOfRange(targetScale) }
        if targetScale == scale { return self }
        if targetScale >= scale {
            return try .fitting(wideSignificand(atScale: targetScale), scale: targetScale)
        }
        let divisor = powersOfTen[scale - targetScale]
        let (quotient, remainder) = significand.quotientAndRemainder(dividingBy: divisor)
        if remainder == 0 { return ExactDecimal(uncheckedSignificand: quotient, scale: targetScale) }
        let negative = significand < 0
        let twiceRemainder = Int128(remainder.magnitude) * 2
        let half = Int128(divisor)
        let awayFromZero: Bool
        switch mode {
        case .down: awayFromZero = false
        case .up: awayFromZero = true
        case .ceiling: awayFromZero = !negative
        case .floor: awayFromZero = negative
        case .halfUp: awayFromZero = twiceRemainder >= half
        case .halfDown: awayFromZero = twiceRemainder > half
        case .halfEven: awayFromZero = twiceRemainder > half || (twiceRemainder == half && quotient % 2 != 0)
        }
        // quotient is truncated toward zero; |quotient| + 1 ≤ |significand| / 10 + 1 always fits.
        let result = awayFromZero ? (negative ? quotient - 1 : quotient + 1) : quotient
        return ExactDecimal(uncheckedSignificand: result, scale: targetScale)
    }

    /// The value rounded to the currency's minor units (`12.345` SAR → `12.35` with `.halfUp`;
    /// `650000.50` IDR → `650001`), or extended to them (`80.5` SAR → `80.50`).
    public func rounded(to currency: Currency, _ mode: RoundingMode) throws(ExactDecimalError) -> ExactDecimal {
        try rounded(toScale: currency.minorUnits, mode)
    }

    /// The value at exactly `targetScale` digits if that loses nothing; throws ``ExactDecimalError/inexact`` otherwise.
    public func rescaled(toScale targetScale: Int) throws(ExactDecimalError) -> ExactDecimal {
        let result = try rounded(toScale: targetScale, .down)
        guard result == self else { throw .inexact }
        return result
    }

    /// The amount as an integer count of the currency's minor units (`80.50` SAR → `8050`),
    /// throwing ``ExactDecimalError/inexact`` if it has finer digits than the currency allows.
    public func minorUnits(of currency: Currency) throws(ExactDecimalError) -> Int64 {
        try rescaled(toScale: currency.minorUnits).significand
    }

    /// True when the value has no more fractional precision than `currency` allows.
    public func fits(_ currency: Currency) -> Bool {
        normalized.scale <= currency.minorUnits
    }
}
