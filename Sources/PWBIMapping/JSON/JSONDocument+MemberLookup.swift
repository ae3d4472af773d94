// Member lookup: finding an object's member by key on the tape, with the fingerprint each key
// node carries and a hint that makes in-order reads compare one key.

extension JSONDocument {
    /// Index of the value of member `key` in object `node`, honouring the duplicate-key policy.
    func member(of node: Int, key: String) -> Int? {
        if let found = key.utf8.withContiguousStorageIfAvailable({ member(of: node, utf8: $0) }) { return found }
        return Array(key.utf8).withUnsafeBufferPointer { member(of: node, utf8: $0) }
    }

    @inline(__always)
    func member(of node: Int, utf8 query: UnsafeBufferPointer<UInt8>) -> Int? {
        let count = Int(tape[node].count)
        guard count > 0 else { return nil }
        let fingerprint = keyFingerprint(query, start: 0, end: query.count)
        let first = node + 1
        if options.duplicateKeys == .reject {
            // Keys are unique: start at the hint when it is a key of this object, wrap around once.
            let end = Int(tape[node].next)
            var k = lookupHint.load(ordering: .relaxed)
            if k <= node || k >= end || tape[k].parent != UInt32(truncatingIfNeeded: node) { k = first }
            for _ in 0..<count {
                if keyEquals(k, query, fingerprint) {
                    lookupHint.store(Int(tape[k + 1].next), ordering: .relaxed)
                    return k + 1
                }
                k = Int(tape[k + 1].next)
                if k == end { k = first }
            }
            return nil
        }
        var k = first
        var found: Int? = nil
        for _ in 0..<count {
            if keyEquals(k, query, fingerprint) {
                if options.duplicateKeys != .useLast { return k + 1 }
                found = k + 1
            }
            k = Int(tape[k + 1].next)
        }
        return found
    }

    /// True if key node `k` spells `query` (after unescaping).
    @inline(__always)
    func keyEquals(_ k: Int, _ query: UnsafeBufferPointer<UInt8>, _ fingerprint: UInt32) -> Bool {
        let keyNode = tape[k]
        if keyNode.flags == 0 {
            return keyNode.count == fingerprint && Int(keyNode.end &- keyNode.start) == query.count
                && bytesEqual(buffer, Int(keyNode.start), query, query.count)
        }
        let decoded = JSONStringDecoder.decode(buffer, start: Int(keyNode.start), end: Int(keyNode.end), escaped: true)
        return decoded.elementsEqual(query)
    }
}

/// True if `a[start..<start+count]` equals `b[0..<count]` (the caller guarantees both ranges are
/// in bounds). Compares 8 or 4 bytes at a time with overlapping unaligned loads, never reading
/// outside the two ranges.
@inline(__always)
func bytesEqual(_ a: UnsafeBufferPointer<UInt8>, _ start: Int, _ b: UnsafeBufferPointer<UInt8>, _ count: Int) -> Bool {
    guard count > 0, let baseA = a.baseAddress, let baseB = b.baseAddress else { return true }
    let pa = UnsafeRawPointer(baseA + start), pb = UnsafeRawPointer(baseB)
    if count >= 8 {
        var i = 0
        while i + 8 < count {
            guard pa.loadUnaligned(fromByteOffset: i, as: UInt64.self) == pb.loadUnaligned(fromByteOffset: i, as: UInt64.self) else {
                return false
            }
            i += 8
        }
        return pa.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self) == pb.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
    }
    if count >= 4 {
        return pa.loadUnaligned(as: UInt32.self) == pb.loadUnaligned(as: UInt32.self)
            && pa.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self) == pb.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)
    }
    var k = 0
    while k < count {
        if pa.load(fromByteOffset: k, as: UInt8.self) != pb.load(fromByteOffset: k, as: UInt8.self) { return false }
        k += 1
    }
    return true
}
