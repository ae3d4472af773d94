/// Word-at-a-time (SWAR) search for the bytes that end a run of field content: eight bytes
/// are tested per step without a branch per byte, and the first candidate is found with a
/// trailing-zero count. A candidate is confirmed against a 256-entry stop table, so the
/// word test may over-approximate (it flags every byte below 0x0E, not just CR and LF).
struct ByteScan {
    /// The delimiter (or, for quoted content, the quote) repeated in every byte.
    let first: UInt64
    /// The quote repeated in every byte (equal to `first` for quoted content).
    let second: UInt64
    /// 1 for the bytes that really stop the run.
    let stops: UnsafePointer<UInt8>

    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highs: UInt64 = 0x8080_8080_8080_8080
    private static let lows: UInt64 = 0x7F7F_7F7F_7F7F_7F7F

    init(first: UInt8, second: UInt8, stops: UnsafePointer<UInt8>) {
        self.first = UInt64(first) &* Self.ones
        self.second = UInt64(second) &* Self.ones
        self.stops = stops
    }

    /// High bit set in every byte of `word` equal to the byte repeated in `pattern`.
    @inline(__always)
    private static func equal(_ word: UInt64, _ pattern: UInt64) -> UInt64 {
        let x = word ^ pattern
        return ~(((x & lows) &+ lows) | x) & highs
    }

    /// The index of the first stop byte in `base[from..<end]`, or `end`.
    @inline(__always)
    func next(_ base: UnsafePointer<UInt8>, from: Int, end: Int) -> Int {
        var p = from
        let raw = UnsafeRawPointer(base)
        while p + 8 <= end {
            let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: p, as: UInt64.self))
            let control = (word &- 0x0E0E_0E0E_0E0E_0E0E) & ~word & Self.highs
            let found = control | Self.equal(word, first) | Self.equal(word, second)
            if found != 0 {
                let candidate = p + found.trailingZeroBitCount >> 3
                if stops[Int(base[candidate])] != 0 { return candidate }
                p = candidate + 1
            } else {
                p += 8
            }
        }
        while p < end && stops[Int(base[p])] == 0 { p += 1 }
        return p
    }
}
