/// The parser: one pass over the bytes, building the tape iteratively (no recursion, so depth
/// is bounded only by ``JSONReaderOptions/maxDepth``).
struct JSONParser: ~Copyable {
    let bytes: UnsafeBufferPointer<UInt8>
    let options: JSONReaderOptions
    /// The tape being built (owned by the caller once `parse` returns or throws).
    var nodes: UnsafeMutablePointer<JSONNode>
    var count = 0
    var capacity: Int
    var position = 0
    let maxDepth: Int
    let rejectDuplicates: Bool

    /// A parser writing its tape to `nodes` (room for `capacity` nodes, owned by the caller; a
    /// larger tape is moved to a fresh allocation, which the caller then owns instead).
    init(bytes: UnsafeBufferPointer<UInt8>, options: JSONReaderOptions, nodes: UnsafeMutablePointer<JSONNode>, capacity: Int) {
        self.bytes = bytes
        self.options = options
        self.maxDepth = options.maxDepth
        self.rejectDuplicates = options.duplicateKeys == .reject
        self.capacity = capacity
        self.nodes = nodes
        self.initialNodes = nodes
    }

    /// The caller's buffer (not freed when the tape moves out of it).
    let initialNodes: UnsafeMutablePointer<JSONNode>

    @inline(__always)
    mutating func append(_ node: JSONNode) {
        if count == capacity { grow() }
        (nodes + count).initialize(to: node)
        count += 1
    }

    mutating func grow() {
        let larger = capacity * 2
        let moved = UnsafeMutablePointer<JSONNode>.allocate(capacity: larger)
        moved.moveInitialize(from: nodes, count: count)
        if nodes != initialNodes { nodes.deallocate() }
        nodes = moved
        capacity = larger
    }

    @inline(__always)
    func fail(_ reason: JSONSyntaxError.Reason, _ offset: Int) -> JSONSyntaxError {
        JSONSyntaxError(reason, at: offset)
    }

    @inline(__always)
    mutating func skipWhitespace() {
        while position < bytes.count {
            let c = bytes[position]
            guard c <= 0x20, c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 else { return }
            position += 1
        }
    }

    mutating func parse() throws(JSONSyntaxError) {
        let n = bytes.count
        guard n <= options.maxBytes else { throw fail(.tooLarge(limit: options.maxBytes), options.maxBytes) }
        if n >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { throw fail(.byteOrderMark, 0) }

        let noParent = UInt32.max
        var container = noParent  // index of the innermost open container
        var containerIsObject = false
        var depth = 0

        skipWhitespace()
        valueLoop: while true {
            // Parse one value at `position` (whitespace already skipped).
            guard position < n else { throw fail(.unexpectedEnd, position) }
            let c = bytes[position]
            let index = UInt32(truncatingIfNeeded: count)
            switch c {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
                guard depth <= maxDepth else { throw fail(.tooDeep(limit: maxDepth), position) }
                let isObject = c == UInt8(ascii: "{")
                append(JSONNode(
                    kind: isObject ? JSONNode.object : JSONNode.array, start: UInt32(truncatingIfNeeded: position),
                    end: 0, next: 0, parent: container))
                if container != noParent, !containerIsObject { nodes[Int(container)].count += 1 }
                container = index
                containerIsObject = isObject
                position += 1
                skipWhitespace()
                guard position < n else { throw fail(.unexpectedEnd, position) }
                let closer = isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
                if bytes[position] == closer {
                    // Empty container: fall through to closing below.
                } else {
                    if isObject { try parseKey(container: container) }
                    continue valueLoop
                }
            case UInt8(ascii: "\""):
                let (end, escaped) = try scanString(from: position + 1)
                append(JSONNode(
                    kind: JSONNode.string, flags: escaped ? JSONNode.flagEscapedOrNonInteger : 0,
                    start: UInt32(truncatingIfNeeded: position + 1), end: UInt32(truncatingIfNeeded: end),
                    next: index + 1, parent: container))
                if container != noParent, !containerIsObject { nodes[Int(container)].count += 1 }
                position = end + 1
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                let start = position
                let nonInteger = try scanNumber()
                append(JSONNode(
                    kind: JSONNode.number, flags: nonInteger ? JSONNode.flagEscapedOrNonInteger : 0,
                    start: UInt32(truncatingIfNeeded: start), end: UInt32(truncatingIfNeeded: position),
                    next: index + 1, parent: container))
                if container != noParent, !containerIsObject { nodes[Int(container)].count += 1 }
            case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
                let start = position
                let kind = try scanLiteral()
                append(JSONNode(
                    kind: kind, start: UInt32(truncatingIfNeeded: start), end: UInt32(truncatingIfNeeded: position),
                    next: index + 1, parent: container))
                if container != noParent, !containerIsObject { nodes[Int(container)].count += 1 }
            default:
                throw fail(.unexpectedByte(c), position)
            }

            // After a value: a separator, a closing bracket (possibly several), or the end.
            while true {
                if container == noParent {
                    skipWhitespace()
                    guard position == n else { throw fail(.trailingContent, position) }
                    return
                }
                skipWhitespace()
                guard position < n else { throw fail(.unexpectedEnd, position) }
                let d = bytes[position]
                if d == UInt8(ascii: ",") {
                    position += 1
                    skipWhitespace()
                    guard position < n else { throw fail(.unexpectedEnd, position) }
                    let e = bytes[position]
                    if e == UInt8(ascii: "]") || e == UInt8(ascii: "}") { throw fail(.trailingComma, position - 1) }
                    if containerIsObject { try parseKey(container: container) }
                    continue valueLoop
                }
                let closer = containerIsObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
                guard d == closer else { throw fail(.unexpectedByte(d), position) }
                position += 1
                let closing = Int(container)
                nodes[closing].end = UInt32(truncatingIfNeeded: position)
                nodes[closing].next = UInt32(truncatingIfNeeded: count)
                if containerIsObject, rejectDuplicates, nodes[closing].count > 1 {
                    try checkDuplicateKeys(object: closing)
                }
                depth -= 1
                container = nodes[closing].parent
                if container != noParent { containerIsObject = nodes[Int(container)].kind == JSONNode.object }
            }
        }
    }

    /// Parses `"key"` `:` at `position` inside an object, appending the key node.
    @inline(__always)
    mutating func parseKey(container: UInt32) throws(JSONSyntaxError) {
        guard position < bytes.count else { throw fail(.unexpectedEnd, position) }
        guard bytes[position] == UInt8(ascii: "\"") else { throw fail(.expectedKey, position) }
        let (end, escaped) = try scanString(from: position + 1)
        let index = UInt32(truncatingIfNeeded: count)
        var key = JSONNode(
            kind: JSONNode.string, flags: escaped ? JSONNode.flagEscapedOrNonInteger : 0,
            start: UInt32(truncatingIfNeeded: position + 1), end: UInt32(truncatingIfNeeded: end),
            next: index + 1, parent: container)
        key.count = keyFingerprint(bytes, start: position + 1, end: end)
        append(key)
        nodes[Int(container)].count += 1
        position = end + 1
        skipWhitespace()
        guard position < bytes.count else { throw fail(.unexpectedEnd, position) }
        guard bytes[position] == UInt8(ascii: ":") else { throw fail(.expectedColon, position) }
        position += 1
        skipWhitespace()
    }

    /// Scans a string body from `start` (after the opening quote); returns the closing quote's
    /// offset and whether it has escapes. Validates UTF-8, escapes and surrogate pairs.
    /// (`mutating` only so that the parser is passed by reference, not copied, on every string.)
    mutating func scanString(from start: Int) throws(JSONSyntaxError) -> (Int, Bool) {
        var i = start
        let n = bytes.count
        var escaped = false
        while i < n {
            // Skip 8 plain bytes at a time (no quote, backslash, control or non-ASCII byte).
            if let base = bytes.baseAddress {
                while i + 8 <= n {
                    let word = UInt64(littleEndian: UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self))
                    let special = specialByteMask(word)
                    if special == 0 { i += 8; continue }
                    i += special.trailingZeroBitCount >> 3
                    break
                }
                if i >= n { break }
            }
            let c = bytes[i]
            if c == UInt8(ascii: "\"") { return (i, escaped) }
            if c == UInt8(ascii: "\\") {
                escaped = true
                guard i + 1 < n else { throw fail(.unexpectedEnd, n) }
                switch bytes[i + 1] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
                    UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    i += 2
                case UInt8(ascii: "u"):
                    let unit = try hex4(at: i + 2, escapeStart: i)
                    if unit >= 0xD800, unit <= 0xDBFF {
                        guard i + 7 < n, bytes[i + 6] == UInt8(ascii: "\\"), bytes[i + 7] == UInt8(ascii: "u") else {
                            throw fail(.loneSurrogate, i)
                        }
                        let low = try hex4(at: i + 8, escapeStart: i + 6)
                        guard low >= 0xDC00, low <= 0xDFFF else { throw fail(.loneSurrogate, i) }
                        i += 12
                    } else if unit >= 0xDC00, unit <= 0xDFFF {
                        throw fail(.loneSurrogate, i)
                    } else {
                        i += 6
                    }
                default:
                    throw fail(.invalidEscape, i)
                }
                continue
            }
            if c < 0x20 { throw fail(.controlCharacterInString, i) }
            if c < 0x80 { i += 1; continue }
            i = try validateUTF8Sequence(at: i)
        }
        throw fail(.unexpectedEnd, n)
    }

    func hex4(at offset: Int, escapeStart: Int) throws(JSONSyntaxError) -> UInt32 {
        guard offset + 4 <= bytes.count else { throw fail(.unexpectedEnd, bytes.count) }
        var value: UInt32 = 0
        for k in 0..<4 {
            let c = bytes[offset + k]
            let digit: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = c - UInt8(ascii: "A") + 10
            default: throw fail(.invalidEscape, escapeStart)
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    /// Validates one multi-byte UTF-8 sequence at `i` (lead byte ≥ 0x80); returns the offset after it.
    func validateUTF8Sequence(at i: Int) throws(JSONSyntaxError) -> Int {
        let n = bytes.count
        let lead = bytes[i]
        let length: Int
        var lower: UInt8 = 0x80, upper: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; lower = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; upper = 0x9F
        case 0xF0: length = 4; lower = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; upper = 0x8F
        default: throw fail(.invalidUTF8, i)
        }
        guard i + length <= n else { throw fail(.invalidUTF8, i) }
        let second = bytes[i + 1]
        guard second >= lower, second <= upper else { throw fail(.invalidUTF8, i) }
        for k in 2..<max(2, length) where bytes[i + k] & 0xC0 != 0x80 {
            throw fail(.invalidUTF8, i)
        }
        return i + length
    }

    /// Scans a number at `position` per RFC 8259; returns true if it has a fraction or exponent.
    mutating func scanNumber() throws(JSONSyntaxError) -> Bool {
        let n = bytes.count
        let start = position
        var i = position
        if bytes[i] == UInt8(ascii: "-") { i += 1 }
        guard i < n else { throw fail(.invalidNumber, start) }
        let first = bytes[i]
        if first == UInt8(ascii: "0") {
            i += 1
            if i < n, bytes[i] &- UInt8(ascii: "0") < 10 { throw fail(.leadingZero, start) }
        } else if first &- UInt8(ascii: "1") < 9 {
            i += 1
            while i < n, bytes[i] &- UInt8(ascii: "0") < 10 { i += 1 }
        } else {
            throw fail(.invalidNumber, start)
        }
        var nonInteger = false
        if i < n, bytes[i] == UInt8(ascii: ".") {
            nonInteger = true
            i += 1
            let fractionStart = i
            while i < n, bytes[i] &- UInt8(ascii: "0") < 10 { i += 1 }
            guard i > fractionStart else { throw fail(.invalidNumber, start) }
        }
        if i < n, bytes[i] | 0x20 == UInt8(ascii: "e") {
            nonInteger = true
            i += 1
            if i < n, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            let exponentStart = i
            while i < n, bytes[i] &- UInt8(ascii: "0") < 10 { i += 1 }
            guard i > exponentStart else { throw fail(.invalidNumber, start) }
        }
        position = i
        return nonInteger
    }

    /// Scans `true`, `false` or `null` at `position`.
    mutating func scanLiteral() throws(JSONSyntaxError) -> UInt8 {
        let c = bytes[position]
        let word: StaticString
        let kind: UInt8
        switch c {
        case UInt8(ascii: "t"): word = "true"; kind = JSONNode.true
        case UInt8(ascii: "f"): word = "false"; kind = JSONNode.false
        default: word = "null"; kind = JSONNode.null
        }
        let length = word.utf8CodeUnitCount
        let expected = UnsafeBufferPointer(start: word.utf8Start, count: length)
        for k in 0..<length {
            guard position + k < bytes.count else { throw fail(.unexpectedEnd, bytes.count) }
            guard bytes[position + k] == expected[k] else { throw fail(.unexpectedByte(bytes[position + k]), position + k) }
        }
        position += length
        return kind
    }
}

/// A mask with the high bit set in each byte lane of `word` that is a quote, a backslash, a control
/// character (< 0x20) or non-ASCII (≥ 0x80). Bits above the lowest set lane may be spurious (borrows),
/// the lowest one never is: callers use only `trailingZeroBitCount`.
@inline(__always)
func specialByteMask(_ word: UInt64) -> UInt64 {
    let ones: UInt64 = 0x0101_0101_0101_0101
    let highs: UInt64 = 0x8080_8080_8080_8080
    let quotes = word ^ (ones &* 0x22)
    let backslashes = word ^ (ones &* 0x5C)
    let quoteLanes = (quotes &- ones) & ~quotes
    let backslashLanes = (backslashes &- ones) & ~backslashes
    let controlLanes = (word &- ones &* 0x20) & ~word
    return (quoteLanes | backslashLanes | controlLanes | word) & highs
}
