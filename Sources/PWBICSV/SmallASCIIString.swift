/// Builds ASCII strings of at most 15 bytes directly in the standard library's inline
/// ("small") form, the way a string literal is stored: the bytes themselves in the 16 bytes
/// of the `String` value, the last byte saying "small, ASCII, `count` bytes". Most CSV
/// fields (dates, times, quantities, amounts, codes) are that short, and the generic
/// initialisers spend several times longer on them (closure, UTF-8 check, copy) than the
/// two loads here.
///
/// The layout is the standard library's, not a public contract, so it is never assumed:
/// ``isAvailable`` compares, bit for bit, what this type builds with what the standard
/// library itself makes for every length 0…15, and the reader uses the fast path only when
/// they are identical (otherwise, and on platforms other than 64-bit little-endian, every
/// string goes through `String(unsafeUninitializedCapacity:initializingUTF8With:)`).
enum SmallASCIIString {
    /// Whether strings built here are bit-for-bit the standard library's own.
    static func isAvailable() -> Bool {
        #if _pointerBitWidth(_64) && _endian(little)
        guard MemoryLayout<String>.size == 16 else { return false }
        let sample: [UInt8] = Array("Kopi 1,234.5-Za".utf8)
        return sample.withUnsafeBytes { raw -> Bool in
            guard let base = raw.baseAddress else { return false }
            for count in 0...15 {
                let reference = String(decoding: UnsafeRawBufferPointer(start: base, count: count), as: UTF8.self)
                guard let words = words(base, count: count) else { return false }
                let made = unsafeBitCast(reference, to: (UInt64, UInt64).self)
                guard made.0 == words.0 && made.1 == words.1 else { return false }
            }
            return true
        }
        #else
        return false
        #endif
    }

    /// The string of the `count` (0…15) bytes at `base`, or nil when they are not all ASCII.
    /// Call only when ``isAvailable()`` said so.
    @inline(__always)
    static func make(_ base: UnsafeRawPointer, count: Int) -> String? {
        #if _pointerBitWidth(_64) && _endian(little)
        guard var words = words(base, count: count) else { return nil }
        // Moved out of the two words rather than bit-cast: a bit-cast value is a copy, which
        // costs a (no-op, but out-of-line) retain of the string's object word.
        return withUnsafeMutableBytes(of: &words) { raw in
            raw.baseAddress.unsafelyUnwrapped.bindMemory(to: String.self, capacity: 1).move()
        }
        #else
        return nil
        #endif
    }

    /// The two words of the small form of the `count` (0…15) bytes at `base`, or nil when
    /// one is not ASCII. Reads only `base[0..<count]`: overlapping loads from both ends.
    @inline(__always)
    private static func words(_ base: UnsafeRawPointer, count: Int) -> (UInt64, UInt64)? {
        var low: UInt64
        var high: UInt64 = 0
        if count >= 8 {
            low = UInt64(littleEndian: base.loadUnaligned(as: UInt64.self))
            if count > 8 {
                let tail = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self))
                high = tail &>> UInt64(8 * (16 - count))
            }
        } else if count >= 4 {
            let head = UInt64(UInt32(littleEndian: base.loadUnaligned(as: UInt32.self)))
            let tail = UInt64(UInt32(littleEndian: base.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)))
            low = head | (tail &<< UInt64(8 * (count - 4)))
        } else if count > 0 {
            let bytes = base.assumingMemoryBound(to: UInt8.self)
            low = UInt64(bytes[0]) | (UInt64(bytes[count >> 1]) &<< UInt64(8 * (count >> 1)))
                | (UInt64(bytes[count - 1]) &<< UInt64(8 * (count - 1)))
        } else {
            low = 0
        }
        guard (low | high) & 0x8080_8080_8080_8080 == 0 else { return nil }
        return (low, high | (UInt64(0xE0 | count) &<< 56))
    }
}
