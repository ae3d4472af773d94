extension ExactDecimal {
    /// Parses text exactly in the given notation (default ``DecimalNotation/plain``).
    ///
    /// ```swift
    /// try Money(parsing: "1.234.567,00", notation: .dotGrouping)   // 1234567.00
    /// try Money(parsing: "1,000.0", notation: .commaGrouping)      // 1000.0
    /// try Money(parsing: "1.234", notation: .inferred)             // throws .ambiguousSeparator
    /// ```
    public init(parsing text: String, notation: DecimalNotation = .plain) throws(ExactDecimalError) {
        var text = text
        let result = text.withUTF8 { bytes in
            Result { () throws(ExactDecimalError) -> ExactDecimal in try ExactDecimal.parse(bytes, notation: notation) }
        }
        self = try result.get()
    }

    /// Parses UTF-8 bytes exactly in the given notation; offsets in errors are relative to `bytes`.
    public init(parsingUTF8 bytes: UnsafeBufferPointer<UInt8>, notation: DecimalNotation = .plain) throws(ExactDecimalError) {
        self = try ExactDecimal.parse(bytes, notation: notation)
    }

    /// Parses UTF-8 bytes exactly in the given notation.
    public init(parsingUTF8 bytes: some Collection<UInt8>, notation: DecimalNotation = .plain) throws(ExactDecimalError) {
        if let result = bytes.withContiguousStorageIfAvailable({ buffer in
            Result { () throws(ExactDecimalError) -> ExactDecimal in try ExactDecimal.parse(buffer, notation: notation) }
        }) {
            self = try result.get()
        } else {
            let copy = Array(bytes)
            let result = copy.withUnsafeBufferPointer { buffer in
                Result { () throws(ExactDecimalError) -> ExactDecimal in try ExactDecimal.parse(buffer, notation: notation) }
            }
            self = try result.get()
        }
    }

    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, notation: DecimalNotation) throws(ExactDecimalError) -> ExactDecimal {
        if notation.groupingLookalikeIsAmbiguous, let position = soleSeparator(bytes, notation.decimalByte),
            looksGrouped(bytes, separatorAt: position)
        {
            throw .ambiguousSeparator
        }
        if notation.kind != .inferred, notation.decimalByte == UInt8(ascii: "."), let simple = parseSimple(bytes) {
            return simple
        }
        switch notation.kind {
        case .json: return try parseJSONNumber(bytes)
        case .fixed: return try parseFixed(bytes, decimal: notation.decimalByte, grouping: notation.groupingByte)
        case .inferred: return try parseInferred(bytes)
        }
    }

    /// The common case, without per-digit overflow checks: `-?[0-9]+(\.[0-9]+)?` with at most 18
    /// digits (which always fits). Anything else — and every error — goes to the full parsers, which
    /// give the same value for these inputs.
    static func parseSimple(_ bytes: UnsafeBufferPointer<UInt8>) -> ExactDecimal? {
        let n = bytes.count
        guard n > 0, n <= 20 else { return nil }
        var i = 0
        let negative = bytes[0] == UInt8(ascii: "-")
        if negative { i = 1 }
        var magnitude: Int64 = 0
        var digits = 0
        var pointAt = -1
        while i < n {
            let c = bytes[i]
            let digit = c &- UInt8(ascii: "0")
            if digit < 10 {
                magnitude = magnitude &* 10 &+ Int64(digit)
                digits += 1
            } else if c == UInt8(ascii: "."), pointAt < 0 {
                pointAt = i
            } else {
                return nil
            }
            i += 1
        }
        let start = negative ? 1 : 0
        guard digits > 0, digits <= 18, pointAt != start, pointAt != n - 1 else { return nil }
        // A leading zero before another digit (`012`) is for the full parsers to accept or reject.
        if bytes[start] == UInt8(ascii: "0"), start + 1 < n, bytes[start + 1] != UInt8(ascii: ".") { return nil }
        let scale = pointAt < 0 ? 0 : n - 1 - pointAt
        return ExactDecimal(uncheckedSignificand: negative ? -magnitude : magnitude, scale: scale)
    }

    // MARK: - Accumulator

    /// Digits accumulated exactly: trailing fractional zeros are held back so that a value such
    /// as `1.000000000000000000000` (more than 18 zeros) stays parseable.
    struct Accumulator {
        var magnitude: UInt64 = 0
        var scale: Int = 0
        var pendingZeros: Int = 0
        var sawDigit = false

        init() {}

        /// 2^63: the magnitude of `Int64.min`.
        static let limit: UInt64 = 1 << 63

        mutating func integerDigit(_ digit: UInt8) throws(ExactDecimalError) {
            sawDigit = true
            let (times10, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(UInt64(digit))
            guard !o1, !o2, sum <= Accumulator.limit else { throw .overflow }
            magnitude = sum
        }

        mutating func fractionDigit(_ digit: UInt8) throws(ExactDecimalError) {
            sawDigit = true
            if digit == 0 { pendingZeros += 1; return }
            let shift = pendingZeros + 1
            guard scale + shift <= ExactDecimal.maxScale else { throw .tooManyFractionDigits }
            let (shifted, o1) = magnitude.multipliedReportingOverflow(by: UInt64(powersOfTen[shift]))
            let (sum, o2) = shifted.addingReportingOverflow(UInt64(digit))
            guard !o1, !o2, sum <= Accumulator.limit else { throw .overflow }
            magnitude = sum
            scale += shift
            pendingZeros = 0
        }

        /// Keeps as many held-back trailing zeros as fit (they only set the scale).
        mutating func flushZeros() {
            while pendingZeros > 0, scale < ExactDecimal.maxScale {
                let (shifted, overflow) = magnitude.multipliedReportingOverflow(by: 10)
                guard !overflow, shifted <= Accumulator.limit else { break }
                magnitude = shifted
                scale += 1
                pendingZeros -= 1
            }
            pendingZeros = 0
        }

        func value(negative: Bool) throws(ExactDecimalError) -> ExactDecimal {
            if negative {
                return ExactDecimal(uncheckedSignificand: Int64(bitPattern: 0 &- magnitude), scale: scale)
            }
            guard magnitude < Accumulator.limit else { throw .overflow }
            return ExactDecimal(uncheckedSignificand: Int64(magnitude), scale: scale)
        }
    }

    // MARK: - Fixed separators

    static func parseFixed(_ bytes: UnsafeBufferPointer<UInt8>, decimal: UInt8, grouping: UInt8?) throws(ExactDecimalError) -> ExactDecimal {
        let n = bytes.count
        guard n > 0 else { throw .empty }
        var i = 0
        let negative = bytes[0] == UInt8(ascii: "-")
        if negative { i = 1 }
        guard i < n else { throw .empty }
        var acc = Accumulator()
        // Wider than a byte, so that "no grouping" (0x100) matches no input byte — 0xFF included.
        let groupByte: UInt16 = grouping.map(UInt16.init) ?? 0x100
        var groupLength = 0
        var sawGrouping = false
        var lastSeparator = 0
        var firstDigitOfGroupIsZero = false
        var integerDigits = 0
        integerLoop: while i < n {
            let c = bytes[i]
            let digit = c &- UInt8(ascii: "0")
            if digit < 10 {
                if integerDigits == 0 { firstDigitOfGroupIsZero = digit == 0 }
                try acc.integerDigit(digit)
                integerDigits += 1
                groupLength += 1
                if sawGrouping, groupLength > 3 { throw .invalidGrouping(offset: lastSeparator) }
            } else if UInt16(c) == groupByte {
                if sawGrouping {
                    guard groupLength == 3 else { throw .invalidGrouping(offset: i) }
                } else {
                    guard groupLength >= 1, groupLength <= 3, !firstDigitOfGroupIsZero else { throw .invalidGrouping(offset: i) }
                }
                sawGrouping = true
                groupLength = 0
                lastSeparator = i
            } else if c == decimal {
                break integerLoop
            } else {
                throw .unexpectedCharacter(offset: i)
            }
            i += 1
        }
        if sawGrouping, groupLength != 3 { throw .invalidGrouping(offset: lastSeparator) }
        guard integerDigits > 0 else { throw i < n ? .missingDigit(offset: i) : .empty }
        if i < n {
            i += 1  // the decimal separator
            let fractionStart = i
            while i < n {
                let c = bytes[i]
                let digit = c &- UInt8(ascii: "0")
                if digit < 10 {
                    try acc.fractionDigit(digit)
                } else if UInt16(c) == groupByte {
                    throw .invalidGrouping(offset: i)
                } else {
                    throw .unexpectedCharacter(offset: i)
                }
                i += 1
            }
            guard i > fractionStart else { throw .missingDigit(offset: i) }
            acc.flushZeros()
        }
        return try acc.value(negative: negative)
    }

    // MARK: - Inferred separators

    static func parseInferred(_ bytes: UnsafeBufferPointer<UInt8>) throws(ExactDecimalError) -> ExactDecimal {
        let dot = UInt8(ascii: "."), comma = UInt8(ascii: ",")
        var dots = 0, commas = 0, lastDot = -1, lastComma = -1
        for i in 0..<bytes.count {
            if bytes[i] == dot { dots += 1; lastDot = i } else if bytes[i] == comma { commas += 1; lastComma = i }
        }
        if dots == 0, commas == 0 { return try parseFixed(bytes, decimal: dot, grouping: nil) }
        if dots > 0, commas > 0 {
            return lastDot > lastComma
                ? try parseFixed(bytes, decimal: dot, grouping: comma)
                : try parseFixed(bytes, decimal: comma, grouping: dot)
        }
        let separator = dots > 0 ? dot : comma
        let other = dots > 0 ? comma : dot
        if dots + commas > 1 {
            // Several of one kind: grouping only.
            return try parseFixed(bytes, decimal: other, grouping: separator)
        }
        if looksGrouped(bytes, separatorAt: dots > 0 ? lastDot : lastComma) { throw .ambiguousSeparator }
        return try parseFixed(bytes, decimal: separator, grouping: other)
    }

    /// True when the separator at `position` (the only one in the text) could as well group
    /// thousands: exactly three digits follow it and one to three digits, not starting with `0`,
    /// precede it (`1.234`, `-137.500`).
    @inline(__always)
    static func looksGrouped(_ bytes: UnsafeBufferPointer<UInt8>, separatorAt position: Int) -> Bool {
        let start = (bytes.first == UInt8(ascii: "-")) ? 1 : 0
        let leading = position - start
        let trailing = bytes.count - position - 1
        return trailing == 3 && leading >= 1 && leading <= 3 && bytes[start] != UInt8(ascii: "0")
    }

    /// The offset of `separator` when it occurs exactly once in a text of at most eight bytes
    /// (the longest that ``looksGrouped(_:separatorAt:)`` can accept); nil otherwise.
    @inline(__always)
    static func soleSeparator(_ bytes: UnsafeBufferPointer<UInt8>, _ separator: UInt8) -> Int? {
        guard bytes.count >= 5, bytes.count <= 8 else { return nil }
        var found: Int?
        for i in 0..<bytes.count where bytes[i] == separator {
            guard found == nil else { return nil }
            found = i
        }
        return found
    }

    // MARK: - JSON numbers

    /// Parses an RFC 8259 number exactly, exponent included.
    static func parseJSONNumber(_ bytes: UnsafeBufferPointer<UInt8>) throws(ExactDecimalError) -> ExactDecimal {
        let n = bytes.count
        guard n > 0 else { throw .empty }
        var i = 0
        let negative = bytes[0] == UInt8(ascii: "-")
        if negative { i = 1 }
        guard i < n else { throw .missingDigit(offset: i) }
        var acc = Accumulator()
        // Integer part: 0 | [1-9][0-9]*
        let first = bytes[i] &- UInt8(ascii: "0")
        guard first < 10 else { throw .unexpectedCharacter(offset: i) }
        if first == 0 {
            i += 1
            if i < n, bytes[i] &- UInt8(ascii: "0") < 10 { throw .leadingZero(offset: i - 1) }
        } else {
            while i < n {
                let digit = bytes[i] &- UInt8(ascii: "0")
                guard digit < 10 else { break }
                try acc.integerDigit(digit)
                i += 1
            }
        }
        // Fraction
        if i < n, bytes[i] == UInt8(ascii: ".") {
            i += 1
            let fractionStart = i
            while i < n {
                let digit = bytes[i] &- UInt8(ascii: "0")
                guard digit < 10 else { break }
                try acc.fractionDigit(digit)
                i += 1
            }
            guard i > fractionStart else { throw .missingDigit(offset: i) }
        }
        // Exponent
        var exponent = 0
        if i < n, bytes[i] | 0x20 == UInt8(ascii: "e") {
            i += 1
            var exponentNegative = false
            if i < n, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") {
                exponentNegative = bytes[i] == UInt8(ascii: "-")
                i += 1
            }
            let exponentStart = i
            while i < n {
                let digit = bytes[i] &- UInt8(ascii: "0")
                guard digit < 10 else { break }
                if exponent < 1_000_000 { exponent = exponent * 10 + Int(digit) }
                i += 1
            }
            guard i > exponentStart else { throw .missingDigit(offset: i) }
            if exponentNegative { exponent = -exponent }
        }
        guard i == n else { throw .unexpectedCharacter(offset: i) }
        if exponent == 0 {
            acc.flushZeros()
            return try acc.value(negative: negative)
        }
        acc.flushZeros()
        if acc.magnitude == 0 { return .zero }
        var newScale = acc.scale - exponent
        var magnitude = acc.magnitude
        if newScale < 0 {
            guard -newScale <= 18 else { throw .overflow }
            let (shifted, overflow) = magnitude.multipliedReportingOverflow(by: UInt64(powersOfTen[-newScale]))
            guard !overflow, shifted <= Accumulator.limit else { throw .overflow }
            magnitude = shifted
            newScale = 0
        }
        while newScale > ExactDecimal.maxScale, magnitude % 10 == 0 {
            magnitude /= 10
            newScale -= 1
        }
        guard newScale <= ExactDecimal.maxScale else { throw .tooManyFractionDigits }
        var result = Accumulator()
        result.magnitude = magnitude
        result.scale = newScale
        return try result.value(negative: negative)
    }
}
