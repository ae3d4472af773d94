/// The text encoding of the input.
public enum CSVEncoding: Sendable, Hashable {
    /// UTF-8 (the default). A UTF-8 byte order mark is skipped; invalid UTF-8 is an error
    /// naming its byte offset, line and column.
    case utf8
    /// Windows-1252 ("ANSI" in Excel on Western Windows), an explicit opt-in for files that
    /// are not UTF-8. Every byte is a character, so decoding never fails; field bytes handed
    /// out by the reader are transcoded to UTF-8.
    case windows1252
}

/// Windows-1252 → Unicode for bytes 0x80…0x9F (0xA0…0xFF equal their code points).
/// The five bytes Windows-1252 leaves undefined map to the C1 control of the same value,
/// as the WHATWG Encoding Standard does.
enum Windows1252 {
    static let high: [UInt16] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ]

    /// The Unicode scalar value of a Windows-1252 byte.
    @inline(__always)
    static func scalar(_ byte: UInt8) -> UInt32 {
        byte >= 0x80 && byte < 0xA0 ? UInt32(high[Int(byte) - 0x80]) : UInt32(byte)
    }

    /// Writes the UTF-8 form of `source` (Windows-1252) to `destination`, which must have
    /// room for `3 * source.count` bytes; returns the number of bytes written.
    static func transcode(_ source: UnsafeRawBufferPointer, to destination: UnsafeMutableRawPointer) -> Int {
        var written = 0
        for byte in source {
            let value = scalar(byte)
            if value < 0x80 {
                destination.storeBytes(of: UInt8(value), toByteOffset: written, as: UInt8.self)
                written += 1
            } else if value < 0x800 {
                destination.storeBytes(of: UInt8(0xC0 | (value >> 6)), toByteOffset: written, as: UInt8.self)
                destination.storeBytes(of: UInt8(0x80 | (value & 0x3F)), toByteOffset: written + 1, as: UInt8.self)
                written += 2
            } else {
                destination.storeBytes(of: UInt8(0xE0 | (value >> 12)), toByteOffset: written, as: UInt8.self)
                destination.storeBytes(of: UInt8(0x80 | ((value >> 6) & 0x3F)), toByteOffset: written + 1, as: UInt8.self)
                destination.storeBytes(of: UInt8(0x80 | (value & 0x3F)), toByteOffset: written + 2, as: UInt8.self)
                written += 3
            }
        }
        return written
    }
}

/// UTF-8 validation (RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF).
enum UTF8Validation {
    /// The index of the first byte with the high bit set in `bytes[from..<to]`, or `to`.
    @inline(__always)
    static func firstNonASCII(_ bytes: UnsafePointer<UInt8>, from: Int, to: Int) -> Int {
        var index = from
        let raw = UnsafeRawPointer(bytes)
        while index + 32 <= to {
            let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                | raw.loadUnaligned(fromByteOffset: index + 8, as: UInt64.self)
                | raw.loadUnaligned(fromByteOffset: index + 16, as: UInt64.self)
                | raw.loadUnaligned(fromByteOffset: index + 24, as: UInt64.self)
            if word & 0x8080_8080_8080_8080 != 0 { break }
            index += 32
        }
        while index + 8 <= to {
            let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            if word & 0x8080_8080_8080_8080 != 0 { break }
            index += 8
        }
        while index < to {
            if bytes[index] >= 0x80 { return index }
            index += 1
        }
        return to
    }

    /// The index of the first byte of the first invalid sequence in `bytes[from..<to]`,
    /// or nil when the range is valid UTF-8.
    static func firstInvalid(_ bytes: UnsafePointer<UInt8>, from: Int, to: Int) -> Int? {
        var index = firstNonASCII(bytes, from: from, to: to)
        while index < to {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let length: Int
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default: return index
            }
            guard index + length <= to else { return index }
            let second = bytes[index + 1]
            guard second >= low && second <= high else { return index }
            var offset = 2
            while offset < length {
                guard bytes[index + offset] & 0xC0 == 0x80 else { return index }
                offset += 1
            }
            index += length
            if index < to && bytes[index] < 0x80 {
                index = firstNonASCII(bytes, from: index, to: to)
            }
        }
        return nil
    }
}

/// Recognises UTF-16 text, which the reader refuses (it is not UTF-8, and its NUL bytes would
/// otherwise pass as valid UTF-8 characters).
enum UTF16Detection {
    /// How many leading byte pairs are looked at without a byte order mark.
    static let pairsExamined = 64

    /// Whether the text at `base` is UTF-16, and if so whether big-endian: a UTF-16 byte order
    /// mark, or, without one, at least three quarters of the first byte pairs (two at least) having
    /// their zero byte on the same side and none on the other — text mostly in ASCII, as a CSV's is,
    /// saved as UTF-16 ("Unicode Text") without a mark. Nil for anything else.
    static func byteOrder(_ base: UnsafePointer<UInt8>, count: Int) -> Bool? {
        if count >= 2 {
            let first = base[0]
            let second = base[1]
            if (first == 0xFF && second == 0xFE) || (first == 0xFE && second == 0xFF) { return first == 0xFE }
        }
        let pairs = min(count / 2, pairsExamined)
        guard pairs >= 2 else { return nil }
        var little = 0
        var big = 0
        for pair in 0..<pairs {
            let low = base[2 * pair]
            let high = base[2 * pair + 1]
            if low != 0 && high == 0 {
                little += 1
            } else if low == 0 && high != 0 {
                big += 1
            }
        }
        if big == 0 && little * 4 >= pairs * 3 { return false }
        if little == 0 && big * 4 >= pairs * 3 { return true }
        return nil
    }
}
