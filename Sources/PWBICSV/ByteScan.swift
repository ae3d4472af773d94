#if arch(x86_64) && canImport(_Builtin_intrinsics.intel)
import _Builtin_intrinsics.intel
#endif

/// Finds the bytes that end a run of field content 64 bytes at a time: one pass over a
/// block compares it, 16 bytes per vector instruction (`SIMD16<UInt8>`), against the
/// delimiter, the quote, CR and LF, and folds the comparisons into two exact bit masks
/// (one bit per byte, a `pmovmskb` per 16 bytes on x86-64, public SIMD operations
/// elsewhere; no vector is reinterpreted as another type): the stops of unquoted content
/// (delimiter, CR, LF, and the quote in strict mode) and the stops of quoted content
/// (quote, CR, LF). The parser then jumps from stop to stop with a trailing-zero count:
/// field lengths cost no branch per byte and no branch mispredictions, and a candidate
/// never needs confirming.
///
/// The masks of the current block live in a ``ScanCursor`` that the record loop keeps in
/// registers. The last partial block of a region (fewer than 64 bytes before its end) is
/// scanned a byte at a time against 256-entry stop tables, so no load ever reads past the
/// region.
///
/// Safety: the stop tables are the engine's two 256-entry tables, alive as long as the engine
/// that holds this scanner; a byte indexes them directly (0…255). Vector loads are unaligned
/// 16-byte loads inside a block that ends at or before the region's end.
struct ByteScan {
    // Small (the vector patterns are built in `load`), so that copying it is cheap.
    private let delimiter: UInt8
    private let quote: UInt8
    private let unquotedStops: UnsafePointer<UInt8>
    private let quotedStops: UnsafePointer<UInt8>
    /// All ones when the quote also stops unquoted content (strict mode), else zero.
    private let quotesStopUnquoted: UInt64

    /// `unquotedStops` and `quotedStops` flag exactly the bytes the masks flag (the
    /// delimiter, CR, LF, and the quote when `quotesStopUnquoted`; the quote, CR, LF).
    init(delimiter: UInt8, quote: UInt8, unquotedStops: UnsafePointer<UInt8>, quotedStops: UnsafePointer<UInt8>) {
        self.delimiter = delimiter
        self.quote = quote
        self.unquotedStops = unquotedStops
        self.quotedStops = quotedStops
        quotesStopUnquoted = unquotedStops[Int(quote)] != 0 ? ~0 : 0
    }

    #if arch(x86_64) && canImport(_Builtin_intrinsics.intel)
    /// The 16 bytes of the pattern `byte` (SSE2, baseline x86-64).
    typealias Pattern = __m128i

    @inline(__always)
    private static func pattern(_ byte: UInt8) -> Pattern { _mm_set1_epi8(CChar(bitPattern: byte)) }

    /// The masks of 16 bytes at `raw + offset`: (delimiter or line break, quote or line break),
    /// bit `i` for byte `i`. SSE2 compares, and one `pmovmskb` per mask gathers the lanes' high bits.
    @inline(__always)
    private static func masks(
        _ raw: UnsafeRawPointer, _ offset: Int, delimiter: Pattern, quote: Pattern
    ) -> (unquoted: UInt64, quoted: UInt64) {
        let lanes = raw.loadUnaligned(fromByteOffset: offset, as: __m128i.self)
        let lineBreaks = _mm_or_si128(_mm_cmpeq_epi8(lanes, pattern(0x0D)), _mm_cmpeq_epi8(lanes, pattern(0x0A)))
        let unquoted = _mm_or_si128(_mm_cmpeq_epi8(lanes, delimiter), lineBreaks)
        let quoted = _mm_or_si128(_mm_cmpeq_epi8(lanes, quote), lineBreaks)
        return (
            UInt64(truncatingIfNeeded: UInt32(bitPattern: _mm_movemask_epi8(unquoted))),
            UInt64(truncatingIfNeeded: UInt32(bitPattern: _mm_movemask_epi8(quoted)))
        )
    }
    #else
    /// The 16 bytes of the pattern `byte`.
    typealias Pattern = SIMD16<UInt8>

    @inline(__always)
    private static func pattern(_ byte: UInt8) -> Pattern { SIMD16(repeating: byte) }

    /// Bit `i` of a mask byte: lane `i` of a comparison becomes its weight, each half summed.
    private static let weights = SIMD16<UInt8>(1, 2, 4, 8, 16, 32, 64, 128, 1, 2, 4, 8, 16, 32, 64, 128)

    /// The 16 lanes of a comparison as 16 bits, lane 0 lowest.
    @inline(__always)
    private static func bits(_ lanes: SIMDMask<SIMD16<Int8>>) -> UInt64 {
        let picked = SIMD16<UInt8>(repeating: 0).replacing(with: weights, where: lanes)
        return UInt64(picked.lowHalf.wrappedSum()) | UInt64(picked.highHalf.wrappedSum()) &<< 8
    }

    /// The masks of 16 bytes at `raw + offset`: (delimiter or line break, quote or line break).
    @inline(__always)
    private static func masks(
        _ raw: UnsafeRawPointer, _ offset: Int, delimiter: Pattern, quote: Pattern
    ) -> (unquoted: UInt64, quoted: UInt64) {
        let lanes = raw.loadUnaligned(fromByteOffset: offset, as: SIMD16<UInt8>.self)
        let lineBreaks = (lanes .== pattern(0x0D)) .| (lanes .== pattern(0x0A))
        return (bits((lanes .== delimiter) .| lineBreaks), bits((lanes .== quote) .| lineBreaks))
    }
    #endif

    /// The cursor holding the masks of `base[block..<block + 64]` (the caller checked the bounds).
    private func load(_ base: UnsafePointer<UInt8>, block: Int) -> ScanCursor {
        let raw = UnsafeRawPointer(base + block)
        let delimiter = Self.pattern(delimiter)
        let quote = Self.pattern(quote)
        let m0 = Self.masks(raw, 0, delimiter: delimiter, quote: quote)
        let m1 = Self.masks(raw, 16, delimiter: delimiter, quote: quote)
        let m2 = Self.masks(raw, 32, delimiter: delimiter, quote: quote)
        let m3 = Self.masks(raw, 48, delimiter: delimiter, quote: quote)
        let quoted = m0.quoted | (m1.quoted &<< 16) | (m2.quoted &<< 32) | (m3.quoted &<< 48)
        let unquoted = m0.unquoted | (m1.unquoted &<< 16) | (m2.unquoted &<< 32) | (m3.unquoted &<< 48)
        // In strict mode the quote stops unquoted content too (the line breaks are in both).
        return ScanCursor(block: block, unquoted: unquoted | (quoted & quotesStopUnquoted), quoted: quoted)
    }

    /// The index of the first byte in `base[from..<end]` that ends unquoted content
    /// (delimiter, CR, LF, and the quote in strict mode), or `end`.
    @inline(__always)
    func nextUnquoted(_ base: UnsafePointer<UInt8>, from: Int, end: Int, cursor: inout ScanCursor) -> Int {
        next(base, from: from, end: end, quoted: false, cursor: &cursor)
    }

    /// The index of the first quote, CR or LF in `base[from..<end]`, or `end`.
    @inline(__always)
    func nextQuoted(_ base: UnsafePointer<UInt8>, from: Int, end: Int, cursor: inout ScanCursor) -> Int {
        next(base, from: from, end: end, quoted: true, cursor: &cursor)
    }

    /// The common case inline: the stop is in the block the cursor holds.
    @inline(__always)
    private func next(_ base: UnsafePointer<UInt8>, from p: Int, end: Int, quoted: Bool, cursor: inout ScanCursor) -> Int {
        let block = p & ~63
        if block == cursor.block {
            let mask = (quoted ? cursor.quoted : cursor.unquoted) &>> UInt64(truncatingIfNeeded: p &- block)
            if mask != 0 { return p &+ mask.trailingZeroBitCount }
        }
        return nextSlow(base, from: p, end: end, quoted: quoted, cursor: &cursor)
    }

    /// Moves the cursor block by block (loading each) until a stop or the region's last
    /// partial block, which is scanned a byte at a time.
    private func nextSlow(_ base: UnsafePointer<UInt8>, from: Int, end: Int, quoted: Bool, cursor: inout ScanCursor) -> Int {
        var p = from
        while p < end {
            let block = p & ~63
            guard block + 64 <= end else {
                let stops = quoted ? quotedStops : unquotedStops
                while p < end && stops[Int(base[p])] == 0 { p += 1 }
                return p
            }
            if block != cursor.block { cursor = load(base, block: block) }
            let mask = (quoted ? cursor.quoted : cursor.unquoted) &>> UInt64(truncatingIfNeeded: p &- block)
            if mask != 0 { return p &+ mask.trailingZeroBitCount }
            p = block + 64
        }
        return end
    }
}

/// The stop masks of one 64-byte block of a region (see ``ByteScan``): bit `i` stands for
/// byte `block + i`. Only ever holds a block that lies wholly inside the region it was
/// loaded from (a region's bytes never change while its base address and input offset stay
/// the same, and its end only grows); `block == -1` holds nothing.
struct ScanCursor {
    var block: Int
    /// Stops of unquoted content.
    var unquoted: UInt64
    /// Stops of quoted content.
    var quoted: UInt64

    static let empty = ScanCursor(block: -1, unquoted: 0, quoted: 0)
}
