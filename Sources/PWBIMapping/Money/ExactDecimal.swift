/// An exact fixed-point decimal: an integer significand and a decimal scale,
/// `value = significand × 10^-scale`.
///
/// This is the one number type amounts and quantities travel in; `Money` and `Quantity`
/// are names for it. It never passes through `Double` or `Float`: values are parsed from
/// the text of a JSON number or CSV field (see ``init(parsing:notation:)`` and
/// ``DecimalNotation``), combined with exact, overflow-checked arithmetic, and rounded only
/// when asked, with an explicit ``RoundingMode``.
///
/// - The scale is kept as parsed: `80.50` has scale 2 and prints as `80.50`.
/// - Equality and ordering are numeric: `80.5 == 80.50`; hashing agrees with equality.
/// - The significand is an `Int64` and the scale is `0...18`, so up to 18 significant
///   digits are exact; anything that does not fit is an ``ExactDecimalError/overflow``,
///   never a silently rounded value.
/// - Arithmetic that can overflow throws (`try a + b`), so values from outside never trap.
public struct ExactDecimal: Sendable {
    /// The integer significand: the value is `significand × 10^-scale`.
    public let significand: Int64
    /// Decimal digits after the point, `0...ExactDecimal.maxScale`.
    public var scale: Int { Int(storedScale) }

    let storedScale: UInt8

    /// The largest supported scale (18 fractional digits).
    public static let maxScale = 18

    /// Zero, with scale 0.
    public static let zero = ExactDecimal(uncheckedSignificand: 0, scale: 0)

    init(uncheckedSignificand significand: Int64, scale: Int) {
        self.significand = significand
        self.storedScale = UInt8(truncatingIfNeeded: scale)
    }

    /// `significand × 10^-scale`; throws if `scale` is outside `0...18`.
    public init(significand: Int64, scale: Int) throws(ExactDecimalError) {
        guard scale >= 0, scale <= ExactDecimal.maxScale else { throw .scaleOutOfRange(scale) }
        self.init(uncheckedSignificand: significand, scale: scale)
    }

    /// An integer value (scale 0).
    public init(_ integer: Int64) {
        self.init(uncheckedSignificand: integer, scale: 0)
    }

    /// An integer value (scale 0).
    public init(_ integer: Int) {
        self.init(uncheckedSignificand: Int64(integer), scale: 0)
    }

    /// An amount given in a currency's minor units: `ExactDecimal(minorUnits: 8050, of: .SAR)` is `80.50`.
    public init(minorUnits: Int64, of currency: Currency) {
        self.init(uncheckedSignificand: minorUnits, scale: currency.minorUnits)
    }

    /// True when the value is zero (at any scale).
    public var isZero: Bool { significand == 0 }
    /// True when the value is below zero.
    public var isNegative: Bool { significand < 0 }
    /// -1, 0 or 1.
    public var signum: Int { significand < 0 ? -1 : (significand == 0 ? 0 : 1) }

    /// The same value with trailing fractional zeros removed (`80.50` → `80.5`, `100.00` → `100`).
    public var normalized: ExactDecimal {
        var s = significand
        var k = scale
        while k > 0, s % 10 == 0 { s /= 10; k -= 1 }
        return ExactDecimal(uncheckedSignificand: s, scale: k)
    }

    /// True when both the value and the scale are the same (`80.50` is not identical to `80.5`).
    public func isIdentical(to other: ExactDecimal) -> Bool {
        significand == other.significand && storedScale == other.storedScale
    }
}

/// An amount of money: an ``ExactDecimal`` in the transaction's ``Currency``.
public typealias Money = ExactDecimal

/// A quantity (of a line item, of stock): an ``ExactDecimal``, possibly fractional (1.5 kg)
/// or negative (a returned item).
public typealias Quantity = ExactDecimal

// MARK: - Powers of ten


let powersOfTen: [Int64] = [
    1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000,
    10_000_000_000, 100_000_000_000, 1_000_000_000_000, 10_000_000_000_000, 100_000_000_000_000,
    1_000_000_000_000_000, 10_000_000_000_000_000, 100_000_000_000_000_000, 1_000_000_000_000_000_000,
]


func int128PowerOfTen(_ exponent: Int) -> Int128 {
    if exponent <= 18 { return Int128(powersOfTen[exponent]) }
    var result = Int128(powersOfTen[18])
    for _ in 18..<exponent { result *= 10 }
    return result
}

extension ExactDecimal {
    /// Builds a value from a 128-bit significand, stripping trailing zeros if the scale is above 18
    /// and checking that the result fits.
    static func fitting(_ wide: Int128, scale: Int) throws(ExactDecimalError) -> ExactDecimal {
        var s = wide
        var k = scale
        while k > maxScale {
            guard s % 10 == 0 else { throw .tooManyFractionDigits }
            s /= 10
            k -= 1
        }
        guard let narrow = Int64(exactly: s) else { throw .overflow }
        return ExactDecimal(uncheckedSignificand: narrow, scale: k)
    }

    /// The significand expressed at a larger scale, as a 128-bit integer (never overflows for scale ≤ 36).
    func wideSignificand(atScale target: Int) -> Int128 {
        Int128(significand) * int128PowerOfTen(target - scale)
    }
}

// MARK: - Equality, hashing, ordering

extension ExactDecimal: Equatable, Hashable, Comparable {
    public static func == (lhs: ExactDecimal, rhs: ExactDecimal) -> Bool {
        if lhs.storedScale == rhs.storedScale { return lhs.significand == rhs.significand }
        let target = max(lhs.scale, rhs.scale)
        return lhs.wideSignificand(atScale: target) == rhs.wideSignificand(atScale: target)
    }

    public static func < (lhs: ExactDecimal, rhs: ExactDecimal) -> Bool {
        if lhs.storedScale == rhs.storedScale { return lhs.significand < rhs.significand }
        let target = max(lhs.scale, rhs.scale)
        return lhs.wideSignificand(atScale: target) < rhs.wideSignificand(atScale: target)
    }

    public func hash(into hasher: inout Hasher) {
        let n = normalized
        hasher.combine(n.significand)
        hasher.combine(n.storedScale)
    }
}

// MARK: - Text

extension ExactDecimal: CustomStringConvertible, CustomDebugStringConvertible {
    /// Plain decimal text with exactly `scale` fractional digits, `.` as separator, no grouping:
    /// `-1234.50`. This is the form the unified JSON uses for money.
    public var description: String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 48) { buffer in
            let start = writeText(into: buffer)
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[start...]), as: UTF8.self)
        }
    }

    /// Writes ``description``'s text right-aligned into `buffer` (at least 48 bytes); returns where it starts.
    func writeText(into buffer: UnsafeMutableBufferPointer<UInt8>) -> Int {
        var position = buffer.count
        var magnitude = significand.magnitude
        var written = 0
        let fractionDigits = scale
        repeat {
            if fractionDigits > 0, written == fractionDigits {
                position -= 1
                buffer[position] = UInt8(ascii: ".")
            }
            position -= 1
            buffer[position] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude % 10)
            magnitude /= 10
            written += 1
        } while magnitude > 0 || written <= fractionDigits
        if significand < 0 {
            position -= 1
            buffer[position] = UInt8(ascii: "-")
        }
        return position
    }

    /// Appends ``description``'s text to `bytes` without an intermediate string.
    func appendText(to bytes: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 48) { buffer in
            let start = writeText(into: buffer)
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[start...]))
        }
    }

    public var debugDescription: String { "ExactDecimal(\(description))" }
}
