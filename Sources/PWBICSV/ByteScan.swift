/// Finds the bytes that end a run of field content 64 bytes at a time: one pass over a
/// block compares it, 16 bytes per vector instruction (`SIMD16<UInt8>`), against the
/// delimiter, the quote, CR and LF, and folds the comparisons into two exact bit masks
/// (one bit per byte): the stops of unquoted content (delimiter, CR, LF, and the quote in
/// strict mode) and the stops of quoted content (quote, CR, LF). The parser then jumps
/// from stop to stop with a trailing-zero count: field lengths cost no branch per byte and
/// no branch mispredictions, and a candidate never needs confirming.
///
/// The last partial block of a region (fewer than 64 bytes before its end) is scanned a
/// byte at a time against 256-entry stop tables, so no load ever reads past the region.
struct ByteScan {
    private let delimiterPattern: SIMD16<UInt8>
    private let quotePattern: SIMD16<UInt8>
    private let crPattern = SIMD16<UInt8>(repeating: 0x0D)
    private let lfPattern = SIMD16<UInt8>(repeating: 0x0A)
    private let unquotedStops: UnsafePointer<UInt8>
    private let quotedStops: UnsafePointer<UInt8>
    private let quotesStopUnquoted: Bool

    private var region: UnsafePointer<UInt8>?
    private var regionOffset = 0
    private var blockStart = -1
    /// Stops of unquoted content in the block at `blockStart`, bit `i` for byte `blockStart + i`.
    private var unquotedMask: UInt64 = 0
    /// Stops of quoted content in that block.
    private var quotedMask: UInt64 = 0

    /// `unquotedStops` and `quotedStops` flag exactly the bytes the masks flag (the
    /// delimiter, CR, LF, and the quote when `quotesStopUnquoted`; the quote, CR, LF).
    init(delimiter: UInt8, quote: UInt8, unquotedStops: UnsafePointer<UInt8>, quotedStops: UnsafePointer<UInt8>) {
        delimiterPattern = SIMD16(repeating: delimiter)
        quotePattern = SIMD16(repeating: quote)
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

    /// The 16 lanes of a comparison (each 0x00 or 0xFF) as 16 bits, lane 0 lowest.
    @inline(__always)
    private static func bits(_ lanes: SIMDMask<SIMD16<Int8>>) -> UInt64 {
        // Only the high bit of each lane is kept. Times 0x0204…8100, the high bit of
        // byte `i` of a half lands on bit 64 + i of the 128-bit product (every other
        // pair of terms lands on a distinct bit outside 64…71, so nothing carries into
        // them). The scalar full-width multiply also keeps the optimiser from turning the
        // two products into an emulated 64-bit vector multiply.
        let halves = unsafeBitCast(unsafeBitCast(lanes, to: SIMD16<UInt8>.self) & SIMD16<UInt8>(repeating: 0x80), to: SIMD2<UInt64>.self)
        let spread: UInt64 = 0x0204_0810_2040_8100
        let low = halves[0].multipliedFullWidth(by: spread).high & 0xFF
        let high = halves[1].multipliedFullWidth(by: spread).high & 0xFF
        return low | (high << 8)
    }

    /// The masks of 16 bytes at `raw + offset`: (unquoted stops, quoted stops).
    @inline(__always)
    private func masks(_ raw: UnsafeRawPointer, _ offset: Int) -> (unquoted: UInt64, quoted: UInt64) {
        let lanes = raw.loadUnaligned(fromByteOffset: offset, as: SIMD16<UInt8>.self)
        let lineBreaks = (lanes .== crPattern) .| (lanes .== lfPattern)
        let quotes = lanes .== quotePattern
        let delimiters = (lanes .== delimiterPattern) .| lineBreaks
        let unquoted = Self.bits(quotesStopUnquoted ? delimiters .| quotes : delimiters)
        return (unquoted, Self.bits(quotes .| lineBreaks))
    }

    /// Computes the masks of `base[block..<block + 64]` (the caller checked the bounds).
    private mutating func load(_ base: UnsafePointer<UInt8>, block: Int) {
        let raw = UnsafeRawPointer(base + block)
        let m0 = masks(raw, 0)
        let m1 = masks(raw, 16)
        let m2 = masks(raw, 32)
        let m3 = masks(raw, 48)
        blockStart = block
        unquotedMask = m0.unquoted | (m1.unquoted << 16) | (m2.unquoted << 32) | (m3.unquoted << 48)
        quotedMask = m0.quoted | (m1.quoted << 16) | (m2.quoted << 32) | (m3.quoted << 48)
    }

    /// The index of the first byte in `base[from..<end]` that ends unquoted content
    /// (delimiter, CR, LF, and the quote in strict mode), or `end`.
    @inline(__always)
    mutating func nextUnquoted(_ base: UnsafePointer<UInt8>, from: Int, end: Int) -> Int {
        next(base, from: from, end: end, quoted: false)
    }

    /// The index of the first quote, CR or LF in `base[from..<end]`, or `end`.
    @inline(__always)
    mutating func nextQuoted(_ base: UnsafePointer<UInt8>, from: Int, end: Int) -> Int {
        next(base, from: from, end: end, quoted: true)
    }

    @inline(__always)
    private mutating func next(_ base: UnsafePointer<UInt8>, from: Int, end: Int, quoted: Bool) -> Int {
        var p = from
        while p < end {
            let block = p & ~63
            guard block + 64 <= end else {
                let stops = quoted ? quotedStops : unquotedStops
                while p < end && stops[Int(base[p])] == 0 { p += 1 }
                return p
            }
            if block != blockStart { load(base, block: block) }
            let mask = (quoted ? quotedMask : unquotedMask) & (~0 << UInt64(p - block))
            if mask != 0 { return block + mask.trailingZeroBitCount }
            p = block + 64
        }
        return end
    }
}
