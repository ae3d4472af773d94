import Foundation
@testable import PWBICSV
import Testing

/// The reader finds delimiters, quotes and line breaks 64 bytes at a time (16-byte vector
/// comparisons folded into bit masks) and scans the last partial block of a region a byte
/// at a time; it checks for non-ASCII bytes ahead of the current record. These tests put
/// every kind of stop at every offset around the 16-byte lane and 64-byte block edges, cut
/// the input right there, and compare with a byte-at-a-time reference reader.
@Suite("Vector scan: stops at lane, block and chunk edges")
struct ScanBoundaryTests {

    /// Bodies whose byte at `at` is the stop under test (a filler record in front moves it).
    static let bodies: [(name: String, text: String, at: Int)] = [
        ("delimiter", "x,y\n", 1),
        ("line feed", "x\ny\n", 1),
        ("CRLF", "x\r\ny\r\n", 1),
        ("CRLF, LF half", "x\r\ny\r\n", 2),
        ("CR only", "x\ry\r", 1),
        ("opening quote", "x,\"a,b\"\n", 2),
        ("closing quote", "x,\"a,b\",c\n", 6),
        ("doubled quote, first", "\"a\"\"b\",c\n", 2),
        ("doubled quote, second", "\"a\"\"b\",c\n", 3),
        ("delimiter inside quotes", "\"a,b\",c\n", 2),
        ("line break inside quotes", "\"a\r\nb\",c\n", 2),
        ("empty quoted field", "x,\"\",y\n", 2),
        ("two-byte UTF-8 character", "x,caf\u{E9},y\n", 5),
        ("three-byte UTF-8 character", "x,\u{20AC}5,y\n", 2),
        ("last byte, no line break", "x,y", 2),
    ]

    /// A record of `count - 1` bytes and its line feed (nothing for 0; `count` is never 1).
    static func filler(_ count: Int) -> String {
        count == 0 ? "" : String(repeating: "f", count: count - 1) + "\n"
    }

    static let offsets: [Int] = Array(0...72) + Array(120...136) + Array(250...260)

    static func options(_ quoteHandling: CSVQuoteHandling = .lenient) -> CSVReaderOptions {
        CSVReaderOptions(
            dialect: CSVDialect(delimiter: .comma, quoteHandling: quoteHandling, raggedRows: .allow),
            header: .none, detectionSampleBytes: 1)
    }

    @Test(arguments: bodies.indices)
    func everyStopAtEveryOffset(_ index: Int) throws {
        let body = Self.bodies[index]
        for offset in Self.offsets where offset - body.at != 1 && offset >= body.at {
            let bytes = Array((Self.filler(offset - body.at) + body.text).utf8)
            #expect(bytes[offset] == Array(body.text.utf8)[body.at])
            let expected = ReferenceReader.records(bytes)
            for quoteHandling in [CSVQuoteHandling.lenient, .strict] {
                let options = Self.options(quoteHandling)
                let whole = try read(bytes, options: options)
                #expect(whole.errors.isEmpty && whole.records == expected, "\(body.name) at \(offset) (\(quoteHandling)): \(whole)")
                var reader = CSVReader(bytes: bytes, options: options)
                var viewed: [[String]] = []
                try reader.forEachRecord { viewed.append($0.strings) }
                #expect(viewed == expected, "\(body.name) at \(offset) as views")
                // Cut the input at the stop, just before and just after it.
                for cut in max(1, offset - 1)...min(bytes.count - 1, offset + 1) {
                    #expect(try split(bytes, at: [cut], options: options) == expected, "\(body.name) at \(offset), cut at \(cut)")
                }
            }
        }
    }

    @Test func cutsAtEveryByteOfAThreeBlockInput() throws {
        // Quoted fields, doubled quotes, CRLF and quoted line breaks spread over 192 bytes.
        var text = ""
        var row = 0
        while text.utf8.count < 192 {
            text += "MK-\(row),\"1,\(row)00\",\"Es \"\"Kopi\"\"\",\"a\r\nb\",\(row % 7)\r\n"
            row += 1
        }
        let bytes = Array(text.utf8)
        let expected = ReferenceReader.records(bytes)
        #expect(expected.count == row)
        for cut in 1..<bytes.count {
            #expect(try split(bytes, at: [cut], options: Self.options()) == expected, "cut at \(cut)")
            #expect(try split(bytes, at: [cut, min(bytes.count - 1, cut + 64)], options: Self.options(.strict)) == expected)
        }
    }

    @Test func randomTablesAgreeWithTheReference() throws {
        var generator = SplitMix64(seed: 0x5CA7)
        let alphabet = Array("ab ,\"\r\n;é€".unicodeScalars).map(String.init)
        for round in 0..<150 {
            var table: [[String]] = []
            for _ in 0..<Int(generator.next() % 12 + 1) {
                table.append((0..<Int(generator.next() % 5 + 1)).map { _ in
                    (0..<Int(generator.next() % 40)).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }.joined()
                })
            }
            var text = ""
            for record in table {
                text += record.map { field in
                    field.utf8.contains(where: { [0x2C, 0x22, 0x0D, 0x0A].contains($0) }) || field.isEmpty
                        ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
                }.joined(separator: ",") + (round % 2 == 0 ? "\r\n" : "\n")
            }
            let bytes = Array(text.utf8)
            let expected = ReferenceReader.records(bytes)
            #expect(expected == table, "round \(round): reference disagrees with the table")
            #expect(try read(bytes, options: Self.options()).records == expected, "round \(round), whole")
            #expect(try read(bytes, options: Self.options(.strict), feeding: .randomChunks(seed: UInt64(round))).records == expected)
            let cuts = [63, 64, 65, 127, 128, 129].filter { $0 < bytes.count }
            #expect(try split(bytes, at: cuts, options: Self.options()) == expected, "round \(round), cut at block edges")
        }
    }

    @Test(arguments: [0, 62, 63, 64, 65, 4000, 8190, 8191, 8192, 8193, 8300, 20000])
    func invalidUTF8FarAheadIsReportedInItsRecord(_ padding: Int) throws {
        // Many ASCII records, then one holding a lone continuation byte.
        var bytes = Array("id,name\n".utf8)
        var records = 0
        while bytes.count < padding {
            bytes += Array("\(records),row\n".utf8)
            records += 1
        }
        let badRecordOffset = bytes.count
        bytes += Array("x,ab".utf8) + [0x80] + Array("c\nlast,one\n".utf8)
        for feeding in [Feeding.wholeBuffer, .randomChunks(seed: 9), .file(chunkSize: 4096)] {
            let outcome = try read(bytes, options: .with(.comma), feeding: feeding)
            #expect(outcome.records.count == records + 1, "\(feeding)")
            let error = try #require(outcome.errors.first)
            #expect(error.kind == .invalidUTF8(byte: 0x80))
            #expect(error.record == records + 2)
            #expect(error.byteOffset == badRecordOffset + 4)
            #expect(error.column == 5)
            #expect(outcome.records.last == ["last", "one"])
        }
    }

    @Test(arguments: [10, 63, 64, 9000])
    func windows1252BytesFarAheadAreTranscoded(_ padding: Int) throws {
        var bytes = Array("id,name\n".utf8)
        var expected: [[String]] = []
        while bytes.count < padding {
            bytes += Array("\(expected.count),row\n".utf8)
            expected.append(["\(expected.count)", "row"])
        }
        bytes += Array("x,caf".utf8) + [0xE9, 0x80] + Array("\nlast,one\n".utf8)
        expected += [["x", "caf\u{E9}\u{20AC}"], ["last", "one"]]
        let outcome = try read(bytes, options: .with(.comma, encoding: .windows1252), feeding: .wholeBuffer)
        #expect(outcome.errors.isEmpty)
        #expect(outcome.records == expected)
    }

    /// Records read from a stream parser fed `bytes` cut at `cuts` (ascending).
    func split(_ bytes: [UInt8], at cuts: [Int], options: CSVReaderOptions) throws -> [[String]] {
        var parser = CSVStreamParser(options: options)
        var records: [[String]] = []
        var start = 0
        for cut in cuts + [bytes.count] where cut > start {
            parser.append(bytes[start..<cut])
            while let record = try parser.next() { records.append(record.fields) }
            start = cut
        }
        parser.finish()
        while let record = try parser.next() { records.append(record.fields) }
        return records
    }
}

/// An obviously correct, byte-at-a-time RFC 4180 reader for well-formed input (quotes only
/// around whole fields): comma, `"`, CRLF / LF / CR record ends, blank lines skipped.
enum ReferenceReader {
    static func records(_ bytes: [UInt8]) -> [[String]] {
        var records: [[String]] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var index = 0
        var atFieldStart = true
        var quotedField = false
        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field = []
            atFieldStart = true
            quotedField = false
        }
        func endRecord() {
            let wasQuoted = quotedField
            endField()
            if !(fields.count == 1 && fields[0].isEmpty && !wasQuoted) { records.append(fields) }
            fields = []
        }
        while index < bytes.count {
            let byte = bytes[index]
            if atFieldStart && byte == UInt8(ascii: "\"") {
                atFieldStart = false
                index += 1
                while index < bytes.count {
                    if bytes[index] == UInt8(ascii: "\"") {
                        if index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "\"") {
                            field.append(UInt8(ascii: "\""))
                            index += 2
                            continue
                        }
                        index += 1
                        break
                    }
                    field.append(bytes[index])
                    index += 1
                }
                quotedField = true
                continue
            }
            atFieldStart = false
            switch byte {
            case UInt8(ascii: ","):
                endField()
            case 0x0D:
                endRecord()
                if index + 1 < bytes.count && bytes[index + 1] == 0x0A { index += 1 }
            case 0x0A:
                endRecord()
            default:
                field.append(byte)
            }
            index += 1
        }
        if !atFieldStart || !fields.isEmpty { endRecord() }
        return records
    }
}

/// Short fields, whatever their bytes, must be indistinguishable from strings made the
/// ordinary way, at every length and wherever they sit in the buffer (the last bytes of the
/// input included).
@Suite("Short fields as strings")
struct ShortFieldStringTests {
    static let samples: [String] = [
        "", "7", "ab", "a\tc", "2025", "12:30", "MK-0001", "1,234,500", "2025-12-27",
        "13:45:00 WIB", "Kopi Susu Gula", "Teh Tarik Dingn", "~!@#$%^&*()_+{}", "\u{7F}\u{01}x",
        "caf\u{E9}", "\u{20AC}12", "na\u{EF}ve plate", "\u{1F600}",
    ]

    @Test func everyLengthAndPositionMatchesTheStandardLibrary() throws {
        let options = CSVReaderOptions(dialect: CSVDialect(delimiter: .comma, raggedRows: .allow), header: .none, detectionSampleBytes: 1)
        for sample in Self.samples {
            for padding in 0..<20 {
                // The sample as the last field of the input (no line break after it), after
                // `padding` bytes, and quoted with a doubled quote so it comes from scratch.
                let quoted = "\"" + sample + "\"\"\""
                var cases = [(String(repeating: "p", count: padding + 1) + "," + quoted + "\n", sample + "\"")]
                if !sample.contains(",") { cases.append((String(repeating: "p", count: padding + 1) + "," + sample, sample)) }
                for (text, field) in cases {
                    var reader = CSVReader(bytes: Array(text.utf8), options: options)
                    let record = try #require(try reader.next())
                    let made = try #require(record.fields.last)
                    let expected = String(decoding: Array(field.utf8), as: UTF8.self)
                    #expect(made == expected)
                    #expect(Array(made.utf8) == Array(expected.utf8))
                    #expect(made.count == expected.count && made.unicodeScalars.count == expected.unicodeScalars.count)
                    #expect(made.hashValue == expected.hashValue)
                    #expect(made + "!" == expected + "!")
                    #expect(Array(made.reversed()) == Array(expected.reversed()))
                    var reader2 = CSVReader(bytes: Array(text.utf8), options: options)
                    try reader2.forEachRecord { view in #expect(view.string(at: view.count - 1) == expected) }
                }
            }
        }
    }
}
