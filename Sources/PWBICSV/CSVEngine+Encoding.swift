// The encoding check of ``CSVEngine``: UTF-8 validated per record behind an ASCII watermark,
// Windows-1252 fields transcoded into scratch.

extension CSVEngine {
    /// How far past the current record the ASCII watermark is pushed in one pass (the
    /// records after it are then checked by one comparison each).
    static let asciiLookahead = 8 << 10

    /// UTF-8: the index of the first invalid byte of the record, if any. Windows-1252:
    /// transcodes every field holding a byte ≥ 0x80 into scratch. `regionEnd` bounds the
    /// look-ahead of the ASCII watermark.
    /// (The caller skips the call for a record that ends before the watermark.)
    mutating func checkEncoding(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int, regionEnd: Int) -> Int? {
        if end <= asciiUntil { return nil }
        let limit = max(end, min(regionEnd, end + Self.asciiLookahead))
        let firstHigh = UTF8Validation.firstNonASCII(base, from: max(start, asciiUntil), to: limit)
        asciiUntil = firstHigh
        guard firstHigh < end else { return nil }
        guard transcodes else { return UTF8Validation.firstInvalid(base, from: firstHigh, to: end) }
        for index in 0..<fieldCount {
            let slot = slots[index]
            let source = field(index, base: base)
            guard let sourceBase = source.baseAddress,
                  UTF8Validation.firstNonASCII(sourceBase.assumingMemoryBound(to: UInt8.self), from: 0, to: source.count) < source.count
            else { continue }
            reserveScratch(slot.count * 3)
            let from = slot.inScratch
                ? UnsafeRawBufferPointer(start: scratch + slot.start, count: slot.count)
                : source
            let written = Windows1252.transcode(from, to: scratch + scratchUsed)
            slots[index] = FieldSlot(start: scratchUsed, count: written, inScratch: true)
            scratchUsed += written
        }
        return nil
    }
}
