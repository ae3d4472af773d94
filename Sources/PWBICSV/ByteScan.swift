/// Finds the bytes that end a run of field content (delimiter, quote, CR, LF) 64 bytes at a
/// time: one pass over a block builds bit masks of its delimiters, quotes and control bytes
/// (word-at-a-time, no branch per byte), and the parser then jumps from stop to stop with a
/// trailing-zero count. Field lengths therefore cost no branch mispredictions; only the
/// sequence of stop kinds (regular from record to record) drives the branches.
///
/// The control mask over-approximates (every byte below 0x0E, not just CR and LF), so each
/// candidate is confirmed against a 256-entry stop table.
struct ByteScan {
    private let delimiterPattern: UInt64
    private let quotePattern: UInt64
    private let unquotedStops: UnsafePointer<UInt8>
    private let quotedStops: UnsafePointer<UInt8>
    private let quotesStopUnquoted: Bool

    private var region: UnsafePointer<UInt8>?
    private var regionOffset = 0
    private var blockStart = -1
    private var delimiters: UInt64 = 0
    private var quotes: UInt64 = 0
    private var controls: UInt64 = 0

    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highs: UInt64 = 0x8080_8080_8080_8080
    private static let lows: UInt64 = 0x7F7F_7F7F_7F7F_7F7F

    init(delimiter: UInt8, quote: UInt8, unquotedStops: UnsafePointer<UInt8>, quotedStops: UnsafePointer<UInt8>) {
        delimiterPattern = UInt64(delimiter) &* Self.ones
        quotePattern = UInt64(quote) &* Self.ones
        self.unquotedStops = unquotedStops
        self.quotedStops = quotedStops
        quotesStopUnquoted = unquotedStops[Int(quote)] != 0
    }

    /// Forgets cached masks unless the region (its base address and input offset) is the
    /// one they were computed for: a window that moved its bytes has a new offset.
    @inline(__always)
    mutating func use(_ base: UnsafePointer<UInt8>, offset: Int) {
        if region != base || regionOffset != offset {
            region = base
            regionOffset = offset
            blockStart = -1
        }
    }

    /// High bit set in every byte of `word` equal to the byte repeated in `pattern`.
    @inline(__always)
    private static func equal(_ word: UInt64, _ pattern: UInt64) -> UInt64 {
        let x = word ^ pattern
        return ~(((x & lows) &+ lows) | x) & highs
    }

    /// One bit per byte from a mask with the high bit of each flagged byte set.
    @inline(__always)
    private static func gather(_ mask: UInt64) -> UInt64 {
        ((mask >> 7) &* 0x0102_0408_1020_4080) >> 56
    }

    private mutating func load(_ base: UnsafePointer<UInt8>, block: Int) {
        let raw = UnsafeRawPointer(base + block)
        var d: UInt64 = 0
        var q: UInt64 = 0
        var c: UInt64 = 0
        var shift: UInt64 = 0
        while shift < 64 {
            let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: Int(shift), as: UInt64.self))
            d |= Self.gather(Self.equal(word, delimiterPattern)) << shift
            q |= Self.gather(Self.equal(word, quotePattern)) << shift
            c |= Self.gather((word &- 0x0E0E_0E0E_0E0E_0E0E) & ~word & Self.highs) << shift
            shift += 8
        }
        blockStart = block
        delimiters = d
        quotes = q
        controls = c
    }

    /// The index of the first byte in `base[from..<end]` that ends unquoted content
    /// (delimiter, CR, LF, and the quote in strict mode), or `end`.
    @inline(__always)
    mutating func nextUnquoted(_ base: UnsafePointer<UInt8>, from: Int, end: Int) -> Int {
        next(base, from: from, end: end, stops: unquotedStops, quoted: false)
    }

    /// The index of the first quote, CR or LF in `base[from..<end]`, or `end`.
    @inline(__always)
    mutating func nextQuoted(_ base: UnsafePointer<UInt8>, from: Int, end: Int) -> Int {
        next(base, from: from, end: end, stops: quotedStops, quoted: true)
    }

    @inline(__always)
    private mutating func next(_ base: UnsafePointer<UInt8>, from: Int, end: Int, stops: UnsafePointer<UInt8>, quoted: Bool) -> Int {
        var p = from
        while p < end {
            let block = p & ~63
            guard block + 64 <= end else {
                while p < end && stops[Int(base[p])] == 0 { p += 1 }
                return p
            }
            if block != blockStart { load(base, block: block) }
            var mask = quoted || quotesStopUnquoted ? (quotes | controls) : controls
            if !quoted { mask |= delimiters }
            mask &= ~0 << UInt64(p - block)
            while mask != 0 {
                let candidate = block + mask.trailingZeroBitCount
                if stops[Int(base[candidate])] != 0 { return candidate }
                mask &= mask &- 1
            }
            p = block + 64
        }
        return end
    }
}
