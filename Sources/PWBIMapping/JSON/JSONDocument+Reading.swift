// Reading tape nodes as values (numbers, integers, strings) and building the paths and errors
// that ``JSONValue`` reports.

extension JSONDocument {
    /// What ``JSONValue/decimal(orStringIn:)`` expects, in its errors.
    static let numberOrNumericString = "a number or a numeric string"

    /// Node `index` as an exact decimal: a JSON number, or a string in `notation`.
    func decimal(at index: Int, orStringIn notation: DecimalNotation) throws(MappingError) -> ExactDecimal {
        let value = tape[index]
        switch value.kind {
        case JSONNode.number:
            return try parseDecimal(value, node: Int32(truncatingIfNeeded: index), notation: .json)
        case JSONNode.string:
            return try parseDecimal(value, node: Int32(truncatingIfNeeded: index), notation: notation)
        default:
            throw typeMismatch(node: index, expected: Self.numberOrNumericString)
        }
    }

    /// Node `index` as an integer (no fraction, no exponent, within `Int64`).
    func int(at index: Int) throws(MappingError) -> Int {
        let value = tape[index]
        guard value.kind == JSONNode.number else { throw typeMismatch(node: index, expected: "an integer") }
        guard value.flags == 0, let result = parseInteger(value) else {
            throw MappingError.invalid(path(of: index), expected: "an integer", value: text(value))
        }
        return result
    }

    /// Node `index` as a string (escapes resolved).
    func string(at index: Int) throws(MappingError) -> String {
        let value = tape[index]
        guard value.kind == JSONNode.string else { throw typeMismatch(node: index, expected: "a string") }
        return decodeString(value)
    }

    func decodeString(_ value: JSONNode) -> String {
        let start = Int(value.start), end = Int(value.end)
        if value.flags == 0 {
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<end]), as: UTF8.self)
        }
        let decoded = JSONStringDecoder.decode(buffer, start: start, end: end, escaped: true)
        return String(decoding: decoded, as: UTF8.self)
    }

    func text(_ value: JSONNode) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: buffer[Int(value.start)..<Int(value.end)]), as: UTF8.self)
    }

    func parseDecimal(_ value: JSONNode, node: Int32, notation: DecimalNotation) throws(MappingError) -> ExactDecimal {
        do {
            return try ExactDecimal.parse(UnsafeBufferPointer(rebasing: buffer[Int(value.start)..<Int(value.end)]), notation: notation)
        } catch {
            let expected: String
            switch error {
            case .overflow:
                expected = "a number within the exact range (magnitude below 9.2 × 10^18 at its scale)"
            case .tooManyFractionDigits:
                expected = "a number with at most \(ExactDecimal.maxScale) fractional digits"
            case .ambiguousSeparator:
                expected = "an unambiguous amount (\(notation)): its separator could group thousands; send a JSON number or no separator"
            default:
                expected = value.kind == JSONNode.number ? "a JSON number" : "a decimal number (\(notation))"
            }
            throw MappingError.invalid(path(of: Int(node)), expected: expected, value: decodeString(value))
        }
    }

    func parseInteger(_ value: JSONNode) -> Int? {
        var i = Int(value.start)
        let end = Int(value.end)
        guard i < end else { return nil }
        let negative = buffer[i] == UInt8(ascii: "-")
        if negative { i += 1 }
        var magnitude: UInt64 = 0
        while i < end {
            let (t, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (s, o2) = t.addingReportingOverflow(UInt64(buffer[i] &- UInt8(ascii: "0")))
            guard !o1, !o2 else { return nil }
            magnitude = s
            i += 1
        }
        if negative { return magnitude <= 1 << 63 ? Int(Int64(bitPattern: 0 &- magnitude)) : nil }
        return magnitude <= UInt64(Int64.max) ? Int(magnitude) : nil
    }

    /// The path from the root to node `index`.
    func path(of index: Int) -> FieldPath {
        var components: [FieldPath.Component] = []
        var current = index
        while current >= 0, current < tape.count {
            let parent = tape[current].parent
            guard parent != UInt32.max else { break }
            let p = Int(parent)
            if tape[p].kind == JSONNode.object {
                components.append(.key(decodeString(tape[current - 1])))
            } else {
                var k = p + 1
                var position = 0
                while k < current { k = Int(tape[k].next); position += 1 }
                components.append(.index(position))
            }
            current = p
        }
        return FieldPath(components: components.reversed())
    }

    func typeMismatch(node: Int, expected: String) -> MappingError {
        let value = JSONValue(document: self, node: Int32(truncatingIfNeeded: node))
        return value.mismatch(expected)
    }
}
