import PWBICSV
import Testing

@Suite("Writer")
struct WriterTests {
    @Test func quotesOnlyWhatNeedsIt() {
        let bytes = CSVWriter.encode([
            ["Date", "Amount", "Note"],
            ["2025-12-27", "1,234,500", "Es \"Kopi\""],
            ["x", "line\nbreak", "cr\ronly"],
        ])
        let expected = "Date,Amount,Note\r\n2025-12-27,\"1,234,500\",\"Es \"\"Kopi\"\"\"\r\nx,\"line\nbreak\",\"cr\ronly\"\r\n"
        #expect(String(decoding: bytes, as: UTF8.self) == expected)
    }

    @Test func byteOrderMarkAndLineEndings() {
        let bom = CSVWriter.encode([["a"]], options: CSVWriterOptions(includesByteOrderMark: true))
        #expect(bom == [0xEF, 0xBB, 0xBF, 0x61, 0x0D, 0x0A])
        let lf = CSVWriter.encode([["a", "b"]], options: CSVWriterOptions(delimiter: .semicolon, lineEnding: .lf))
        #expect(lf == Array("a;b\n".utf8))
    }

    @Test func loneEmptyFieldIsQuoted() {
        #expect(CSVWriter.encode([[""], ["", ""]]) == Array("\"\"\r\n,\r\n".utf8))
    }

    @Test(arguments: [
        ("=SUM(A1:A2)", "'=SUM(A1:A2)"),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(1)", "'@SUM(1)"),
        ("\tx", "'\tx"),
        ("\rx", "\"'\rx\""),
        ("-12500", "-12500"),
        ("+62.5", "+62.5"),
        ("-1.234,56", "\"-1.234,56\""),
        ("plain", "plain"),
        ("", ""),
        ("\u{0}=1+1", "'\u{0}=1+1"),
        ("＝SUM(A1:A2)", "'＝SUM(A1:A2)"),
        ("＋cmd", "'＋cmd"),
        ("－2+3", "'－2+3"),
        ("＠SUM(1)", "'＠SUM(1)"),
        ("Ｅs teh", "Ｅs teh"),
        ("€100", "€100"),
    ])
    func formulaInjectionNeutralised(_ field: String, _ written: String) {
        let bytes = CSVWriter.encode([[field, "x"]], options: CSVWriterOptions(neutralizesFormulas: true))
        #expect(String(decoding: bytes, as: UTF8.self) == written + ",x\r\n")
        // On by default: CSVWriter(), CSVWriter.encode and CSVWriterOptions() guard the cells.
        #expect(CSVWriter.encode([[field, "x"]]) == bytes)
        var writer = CSVWriter()
        writer.writeRecord([field, "x"])
        #expect(writer.bytes == bytes)
        // Off where a round trip is promised.
        let roundTrip = CSVWriter.encode([[field, "x"]], options: CSVWriterOptions(dialect: .rfc4180))
        var reader = CSVReader(bytes: roundTrip, options: CSVReaderOptions(dialect: .rfc4180, header: .none))
        #expect((try? reader.next())?.fields == [field, "x"])
    }

    @Test func takeBytesStreamsInPieces() {
        var writer = CSVWriter()
        writer.writeRecord(["a", "b"])
        let first = writer.takeBytes()
        writer.writeRecord(["c"])
        #expect(first == Array("a,b\r\n".utf8))
        #expect(writer.takeBytes() == Array("c\r\n".utf8))
        #expect(writer.bytes.isEmpty)
    }
}

/// Random tables → writer → reader gives back the same table, for every dialect.
@Suite("Round-trip properties")
struct RoundTripTests {
    struct Dialect: Sendable, CustomTestStringConvertible {
        let delimiter: CSVDelimiter
        let trims: Bool
        let quoteHandling: CSVQuoteHandling
        let lineEnding: CSVLineEnding
        let bom: Bool
        var testDescription: String { "\(delimiter) trims:\(trims) \(quoteHandling) \(lineEnding.rawValue) bom:\(bom)" }
    }

    static let dialects: [Dialect] = CSVDelimiter.concrete.flatMap { delimiter in
        [
            Dialect(delimiter: delimiter, trims: false, quoteHandling: .strict, lineEnding: .crlf, bom: false),
            Dialect(delimiter: delimiter, trims: true, quoteHandling: .lenient, lineEnding: .lf, bom: true),
            Dialect(delimiter: delimiter, trims: false, quoteHandling: .lenient, lineEnding: .cr, bom: false),
            Dialect(delimiter: delimiter, trims: true, quoteHandling: .strict, lineEnding: .crlf, bom: true),
        ]
    }

    static let alphabet: [String] = [
        "a", "Z", "0", "9", " ", "\t", ",", ";", "|", "\"", "\r", "\n", "\r\n", "'", "=", "-", ".",
        "é", "☕", "𝄞", "\u{FEFF}", "Rp", "1.234,56",
    ]

    static func randomTable(_ generator: inout SplitMix64) -> [[String]] {
        let columns = Int(generator.next() % 6) + 1
        let rows = Int(generator.next() % 12) + 1
        return (0..<rows).map { _ in
            (0..<columns).map { _ in
                let length = Int(generator.next() % 7)
                return (0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }.joined()
            }
        }
    }

    @Test(arguments: dialects)
    func writerThenReaderIsIdentity(_ dialect: Dialect) throws {
        var generator = SplitMix64(seed: 0xC5F0 &+ UInt64(dialect.testDescription.utf8.count))
        let readerDialect = CSVDialect(delimiter: dialect.delimiter, trimsWhitespace: dialect.trims, quoteHandling: dialect.quoteHandling)
        var writerOptions = CSVWriterOptions(dialect: readerDialect, lineEnding: dialect.lineEnding)
        writerOptions.includesByteOrderMark = dialect.bom
        let options = CSVReaderOptions(dialect: readerDialect, header: .none)
        for round in 0..<150 {
            let table = Self.randomTable(&generator)
            let bytes = CSVWriter.encode(table, options: writerOptions)
            let feeding: Feeding = round.isMultiple(of: 3) ? .randomChunks(seed: UInt64(round)) : .wholeBuffer
            let outcome = try read(bytes, options: options, feeding: feeding)
            #expect(outcome.errors.isEmpty, "\(outcome.errors)")
            #expect(outcome.records == table, "round \(round): \(String(decoding: bytes, as: UTF8.self).debugDescription)")
            if outcome.records != table { return }
        }
    }
}
