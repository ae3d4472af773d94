/// Duplicate keys: an object's members checked once the object is complete.
extension JSONParser {
    /// Rejects an object whose members repeat a key (compared after unescaping). Objects of up to
    /// 32 members without escaped keys are checked in one pass with a 64-bit filter over the key
    /// fingerprints (bytes are compared only on a filter hit) and no allocation; others through a
    /// set of decoded keys.
    func checkDuplicateKeys(object: Int) throws(JSONSyntaxError) {
        let memberCount = Int(nodes[object].count)
        fast: if memberCount <= 32 {
            var filter: UInt64 = 0
            var k = object + 1
            for i in 0..<memberCount {
                if nodes[k].flags != 0 { break fast }  // an escaped key: use the slow path
                let fingerprint = nodes[k].count
                let bit: UInt64 = 1 << ((fingerprint &* 0x9E37_79B1) >> 26)
                if filter & bit != 0 {
                    var b = object + 1
                    for _ in 0..<i {
                        if rawKeysEqual(k, b) { throw duplicate(k) }
                        b = Int(nodes[b + 1].next)
                    }
                }
                filter |= bit
                k = Int(nodes[k + 1].next)
            }
            return
        }
        var seen = Set<[UInt8]>()
        seen.reserveCapacity(memberCount)
        var key = object + 1
        for _ in 0..<memberCount {
            let decoded = JSONStringDecoder.decode(bytes, start: Int(nodes[key].start), end: Int(nodes[key].end), escaped: nodes[key].flags != 0)
            if !seen.insert(decoded).inserted { throw duplicate(key) }
            key = Int(nodes[key + 1].next)
        }
    }

    func rawKeysEqual(_ a: Int, _ b: Int) -> Bool {
        guard nodes[a].count == nodes[b].count else { return false }  // fingerprints differ
        let sa = Int(nodes[a].start), ea = Int(nodes[a].end), sb = Int(nodes[b].start), eb = Int(nodes[b].end)
        guard ea - sa == eb - sb else { return false }
        for k in 0..<(ea - sa) where bytes[sa + k] != bytes[sb + k] { return false }
        return true
    }

    func duplicate(_ key: Int) -> JSONSyntaxError {
        let decoded = JSONStringDecoder.decode(bytes, start: Int(nodes[key].start), end: Int(nodes[key].end), escaped: nodes[key].flags != 0)
        return fail(.duplicateKey(String(decoding: decoded, as: UTF8.self)), Int(nodes[key].start) - 1)
    }
}

/// A cheap fingerprint of an object key's raw bytes (length, first, middle and last byte), kept in
/// the key node's otherwise unused `count`: equal keys have equal fingerprints, so duplicate checks
/// and lookups compare bytes only when fingerprints match.
@inline(__always)
func keyFingerprint(_ bytes: UnsafeBufferPointer<UInt8>, start: Int, end: Int) -> UInt32 {
    let length = end - start
    guard length > 0 else { return 0 }
    return UInt32(truncatingIfNeeded: length) & 0xFF | UInt32(bytes[start]) << 8
        | UInt32(bytes[start + length / 2]) << 16 | UInt32(bytes[end - 1]) << 24
}
