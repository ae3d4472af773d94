/// How records end in a file.
public enum CSVLineEnding: String, Sendable, Hashable {
    /// `\r\n` (RFC 4180, Windows, Excel).
    case crlf = "CRLF"
    /// `\n` (Unix).
    case lf = "LF"
    /// `\r` alone (classic Mac, some old POS exports).
    case cr = "CR"
}

/// What ``CSVDialectDetector/detect(_:quote:sampleBytes:)`` found at the start of a file.
public struct CSVDetectedDialect: Sendable, Hashable {
    /// The delimiter that splits the first records most consistently.
    public var delimiter: CSVDelimiter
    /// The first record terminator outside quotes, or nil when the sample has none.
    public var lineEnding: CSVLineEnding?
    /// Whether the file starts with a UTF-8 byte order mark.
    public var hasByteOrderMark: Bool
    /// Set when the file is UTF-16, with or without a byte order mark (then nothing else is detected).
    public var utf16BigEndian: Bool?
    /// Whether the sample is valid UTF-8 (false suggests Windows-1252).
    public var sampleIsValidUTF8: Bool
}

/// Finds the delimiter of a CSV file from its first records.
///
/// Each candidate (`,` `;` tab `|`) splits the sample into records, counting delimiters only
/// outside quotes. The winner is the candidate whose field counts agree across the most
/// records; ties go to a candidate that is not always sandwiched between digits (so the
/// decimal comma of `1.234,56` does not pass for a delimiter), then to more fields, then to
/// the order `,` `;` tab `|`. A sample where no candidate occurs gives `,`.
public enum CSVDialectDetector {
    /// The number of records each candidate is scored on.
    public static let maxRecords = 200

    /// The delimiter of `sample`; `isComplete` says whether the sample is the whole input
    /// (otherwise its last, possibly cut, record is ignored).
    public static func detectDelimiter(in sample: UnsafeRawBufferPointer, isComplete: Bool, quote: UInt8 = UInt8(ascii: "\"")) -> CSVDelimiter {
        var best: (score: (Double, Int, Int, Int), delimiter: CSVDelimiter)?
        for (priority, candidate) in CSVDelimiter.concrete.enumerated() {
            guard let byte = candidate.byte else { continue }
            let stats = statistics(sample, delimiter: byte, quote: quote, isComplete: isComplete)
            guard stats.occurrences > 0, !stats.counts.isEmpty else { continue }
            var frequency: [Int: Int] = [:]
            for count in stats.counts { frequency[count, default: 0] += 1 }
            let mode = frequency.max { ($0.value, $0.key) < ($1.value, $1.key) }
            guard let mode else { continue }
            let consistency = Double(mode.value) / Double(stats.counts.count)
            let notDecimal = stats.decimalLike == stats.occurrences ? 0 : 1
            let score = (consistency, notDecimal, mode.key, -priority)
            if let current = best {
                if score > current.score { best = (score, candidate) }
            } else {
                best = (score, candidate)
            }
        }
        return best?.delimiter ?? .comma
    }

    /// Delimiter, line ending, byte order mark and encoding validity of the start of `bytes`.
    public static func detect(_ bytes: [UInt8], quote: UInt8 = UInt8(ascii: "\""), sampleBytes: Int = 64 << 10) -> CSVDetectedDialect {
        bytes.withUnsafeBytes { raw in
            var start = 0
            if let base = raw.baseAddress, let bigEndian = UTF16Detection.byteOrder(base.assumingMemoryBound(to: UInt8.self), count: raw.count) {
                return CSVDetectedDialect(delimiter: .comma, lineEnding: nil, hasByteOrderMark: false, utf16BigEndian: bigEndian, sampleIsValidUTF8: false)
            }
            let bom = raw.count >= 3 && raw[0] == 0xEF && raw[1] == 0xBB && raw[2] == 0xBF
            if bom { start = 3 }
            let count = min(raw.count - start, max(1, sampleBytes))
            let sample = UnsafeRawBufferPointer(rebasing: raw[start..<(start + count)])
            let complete = raw.count - start <= max(1, sampleBytes)
            let delimiter = detectDelimiter(in: sample, isComplete: complete, quote: quote)
            var valid = true
            if let address = sample.baseAddress, sample.count > 0 {
                var end = sample.count
                if !complete {
                    // A multi-byte character may be cut at the end of the sample.
                    while end > 0 && end > sample.count - 4 && sample[end - 1] >= 0x80 { end -= 1 }
                }
                valid = UTF8Validation.firstInvalid(address.assumingMemoryBound(to: UInt8.self), from: 0, to: end) == nil
            }
            return CSVDetectedDialect(
                delimiter: delimiter, lineEnding: lineEnding(sample, quote: quote),
                hasByteOrderMark: bom, utf16BigEndian: nil, sampleIsValidUTF8: valid)
        }
    }

    private static func lineEnding(_ sample: UnsafeRawBufferPointer, quote: UInt8) -> CSVLineEnding? {
        var quoted = false
        var index = 0
        while index < sample.count {
            let byte = sample[index]
            if byte == quote {
                quoted.toggle()
            } else if !quoted && byte == 0x0A {
                return .lf
            } else if !quoted && byte == 0x0D {
                if index + 1 < sample.count { return sample[index + 1] == 0x0A ? .crlf : .cr }
                return nil
            }
            index += 1
        }
        return nil
    }

    private struct Statistics {
        var counts: [Int] = []
        var occurrences = 0
        var decimalLike = 0
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    private static func statistics(_ sample: UnsafeRawBufferPointer, delimiter: UInt8, quote: UInt8, isComplete: Bool) -> Statistics {
        var stats = Statistics()
        let end = sample.count
        var index = 0
        while index < end && stats.counts.count < maxRecords {
            // Skip blank lines.
            while index < end && (sample[index] == 0x0A || sample[index] == 0x0D) { index += 1 }
            if index >= end { break }
            var fields = 1
            var occurrences = 0
            var decimalLike = 0
            var terminated = false
            var atFieldStart = true
            var quoted = false
            while index < end {
                let byte = sample[index]
                if quoted {
                    if byte == quote {
                        if index + 1 < end && sample[index + 1] == quote {
                            index += 1
                        } else {
                            quoted = false
                        }
                    }
                } else if atFieldStart && byte == quote {
                    quoted = true
                    atFieldStart = false
                } else if byte == delimiter {
                    fields += 1
                    occurrences += 1
                    if index > 0 && index + 1 < end && isDigit(sample[index - 1]) && isDigit(sample[index + 1]) {
                        decimalLike += 1
                    }
                    atFieldStart = true
                    index += 1
                    continue
                } else if byte == 0x0A || byte == 0x0D {
                    terminated = true
                    break
                } else {
                    atFieldStart = false
                }
                index += 1
            }
            if !terminated && !isComplete { break }
            stats.counts.append(fields)
            stats.occurrences += occurrences
            stats.decimalLike += decimalLike
        }
        return stats
    }
}
