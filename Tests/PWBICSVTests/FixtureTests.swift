import PWBICSV
import Testing

/// What a fixture must read as (whole-buffer reading; the chunk-boundary verifier then
/// checks every other feeding gives the same).
struct FixtureCase: Sendable, CustomTestStringConvertible {
    enum Expected: Sendable {
        case row([String])
        case rowAt([String], number: Int, line: Int)
        case error(CSVError.Kind, record: Int, line: Int, column: Int, field: Int? = nil)
    }

    let file: String
    let label: String
    let options: CSVReaderOptions
    let header: [String]?
    let expected: [Expected]

    init(_ file: String, _ label: String = "", options: CSVReaderOptions = CSVReaderOptions(), header: [String]?, _ expected: [Expected]) {
        self.file = file
        self.label = label
        self.options = options
        self.header = header
        self.expected = expected
    }

    var testDescription: String { label.isEmpty ? file : "\(file) (\(label))" }

    static let all: [FixtureCase] = [
        FixtureCase("bom-comma-crlf.csv", header: ["Date", "Amount", "Transaction ID"], [
            .rowAt(["2025-12-27", "1,234,500", "TRX-001"], number: 2, line: 2),
            .rowAt(["2025-12-28", "12,500", "TRX-002"], number: 3, line: 3),
        ]),
        FixtureCase("bom-semicolon-crlf.csv", header: ["Tanggal", "Jumlah", "Keterangan"], [
            .row(["2025-12-27", "1.234.567,00", "Kopi susu"]),
            .row(["2025-12-28", "99,50", "Teh; manis"]),
        ]),
        FixtureCase("semicolon-decimal.csv", header: ["Tanggal", "Jumlah", "Pajak"], [
            .row(["2025-12-27", "1.234,56", "123,45"]),
            .row(["2025-12-28", "99,00", "9,90"]),
            .row(["2025-12-29", "10,00", "1,00"]),
        ]),
        FixtureCase("cr-only.csv", header: ["id", "item"], [
            .rowAt(["1", "Kopi"], number: 2, line: 2),
            .rowAt(["2", "Teh"], number: 3, line: 3),
        ]),
        FixtureCase("quoted-newlines.csv", header: ["id", "note"], [
            .rowAt(["1", "line one\nline two"], number: 2, line: 2),
            .rowAt(["2", "crlf\r\ninside"], number: 3, line: 4),
            .rowAt(["3", "plain"], number: 4, line: 6),
        ]),
        FixtureCase("doubled-quotes.csv", header: ["item", "desc"], [
            .row(["Nasi", "Nasi \"Spesial\" pedas"]),
            .row(["Teh", "\""]),
            .row(["\"Quoted\" start", "end"]),
        ]),
        FixtureCase("no-trailing-newline.csv", header: ["a", "b"], [.row(["1", "2"]), .row(["3", "4"])]),
        FixtureCase("ragged.csv", header: ["a", "b", "c"], [
            .row(["1", "2", "3"]),
            .error(.raggedRow(expected: 3, found: 2), record: 3, line: 3, column: 1),
            .row(["6", "7", "8"]),
            .error(.raggedRow(expected: 3, found: 4), record: 5, line: 5, column: 1),
        ]),
        FixtureCase("ragged.csv", "ragged rows allowed", options: .with(raggedRows: .allow), header: ["a", "b", "c"], [
            .row(["1", "2", "3"]), .row(["4", "5"]), .row(["6", "7", "8"]), .row(["9", "10", "11", "12"]),
        ]),
        FixtureCase("duplicate-headers.csv", header: nil, [
            .error(.duplicateHeader(name: "Date", firstColumn: 1), record: 1, line: 1, column: 1, field: 3),
        ]),
        FixtureCase(
            "duplicate-headers.csv", "numbered",
            options: CSVReaderOptions(header: CSVHeaderOptions(duplicates: .numberSuffix)),
            header: ["Date", "Amount", "Date_2"], [.row(["2025-12-27", "100", "2025-12-28"])]),
        FixtureCase("empty-header.csv", header: nil, [
            .error(.emptyHeader, record: 1, line: 1, column: 1, field: 3),
        ]),
        FixtureCase(
            "empty-header.csv", "generated names",
            options: CSVReaderOptions(header: CSVHeaderOptions(emptyNames: .generateName)),
            header: ["Date", "Amount", "Column 3"], [.row(["2025-12-27", "100", ""])]),
        FixtureCase("windows-1252.csv", header: ["Nama", "Harga"], [
            .error(.invalidUTF8(byte: 0xE9), record: 2, line: 2, column: 4, field: 1),
            .error(.invalidUTF8(byte: 0x92), record: 3, line: 3, column: 4, field: 1),
        ]),
        FixtureCase("windows-1252.csv", "Windows-1252", options: .with(encoding: .windows1252), header: ["Nama", "Harga"], [
            .row(["Café", "€25"]),
            .row(["Jum\u{2019}at", "10"]),
        ]),
        FixtureCase("invalid-utf8.csv", header: ["name", "city"], [
            .row(["ok", "Jakarta"]),
            .error(.invalidUTF8(byte: 0xFF), record: 3, line: 3, column: 9, field: 2),
        ]),
        FixtureCase("empty.csv", header: nil, []),
        FixtureCase("header-only.csv", header: ["Date", "Amount", "Transaction ID"], []),
        FixtureCase("blank-lines.csv", header: ["a", "b"], [
            .rowAt(["1", "2"], number: 2, line: 5),
            .rowAt(["3", "4"], number: 3, line: 7),
        ]),
        FixtureCase("utf16le.csv", header: nil, [
            .error(.utf16(bigEndian: false), record: 1, line: 1, column: 1),
        ]),
        // Saved as UTF-16 without a byte order mark: still UTF-16, never read as UTF-8 with NULs.
        FixtureCase("utf16le-no-bom.csv", header: nil, [
            .error(.utf16(bigEndian: false), record: 1, line: 1, column: 1),
        ]),
        FixtureCase("utf16be-no-bom.csv", header: nil, [
            .error(.utf16(bigEndian: true), record: 1, line: 1, column: 1),
        ]),
        FixtureCase("tab-separated.tsv", header: ["id", "name", "amount"], [
            .row(["1", "Kopi", "25000"]),
            .row(["2", "Teh\tmanis", "15000"]),
        ]),
        FixtureCase("pipe-separated.csv", header: ["id", "name", "amount"], [
            .row(["1", "Kopi", "25000"]),
            .row(["2", "Teh", "15000"]),
        ]),
        FixtureCase("empty-fields.csv", header: ["a", "b", "c"], [
            .row(["", "", ""]), .row(["", "", ""]), .row(["x", "", "y"]),
        ]),
        FixtureCase("malformed-quotes.csv", "lenient", header: ["a", "b"], [
            .row(["1", "x\"y"]), .row(["2", "abc"]), .row(["3", "ok"]),
        ]),
        FixtureCase("malformed-quotes.csv", "strict", options: .with(quoteHandling: .strict), header: ["a", "b"], [
            .error(.unexpectedQuote, record: 2, line: 2, column: 4, field: 2),
            .error(.textAfterClosingQuote, record: 3, line: 3, column: 7, field: 2),
            .row(["3", "ok"]),
        ]),
        FixtureCase("unterminated-quote.csv", "strict", options: .with(quoteHandling: .strict), header: ["a", "b"], [
            .error(.unterminatedQuote, record: 2, line: 2, column: 3, field: 2),
        ]),
        FixtureCase("unterminated-quote.csv", "lenient", header: ["a", "b"], [
            .rowAt(["1", "never closed\n2,3\n"], number: 2, line: 2),
        ]),
        FixtureCase("pos-export.csv", header: ["Receipt Number", "Date", "Time", "Outlet", "Item", "Quantity", "Gross Sales", "Note"], [
            .rowAt(["MK-0001", "2025-12-27", "08:15", "Kopi Kenangan Sudirman", "Es Kopi Susu \"Gula Aren\"", "2", "50,000", ""], number: 2, line: 2),
            .rowAt(["MK-0002", "2025-12-27", "08:17", "Kopi Kenangan Sudirman", "Croissant", "1", "32,500", "tanpa gula,\r\nbungkus"], number: 3, line: 3),
            .rowAt(["MK-0003", "2025-12-27", "08:20", "Kopi Kenangan Sudirman", "Teh Tarik", "3", "1,234,500", "Café ☕"], number: 4, line: 5),
        ]),
    ]
}

@Suite("Fixture files: every quirk of real exports")
struct FixtureTests {
    @Test(arguments: FixtureCase.all)
    func fixtureReadsAsExpected(_ fixture: FixtureCase) throws {
        let bytes = try Resources.fixture(fixture.file)
        let outcome = try read(bytes, options: fixture.options)
        #expect(outcome.header == fixture.header, "\(outcome)")
        try #require(outcome.events.count == fixture.expected.count, "\(outcome)")
        for (event, expected) in zip(outcome.events, fixture.expected) {
            switch (event, expected) {
            case (.record(let record), .row(let fields)):
                #expect(record.fields == fields)
            case (.record(let record), .rowAt(let fields, let number, let line)):
                #expect(record.fields == fields)
                #expect(record.number == number)
                #expect(record.line == line)
            case (.error(let error), .error(let kind, let record, let line, let column, let field)):
                #expect(error.kind == kind)
                #expect(error.record == record)
                #expect(error.line == line)
                #expect(error.column == column)
                if let field { #expect(error.field == field) }
                #expect(!error.message.isEmpty)
            default:
                Issue.record("got \(event), expected \(expected)")
            }
        }
    }

    @Test func byteOffsetsCountTheByteOrderMark() throws {
        let outcome = try read(try Resources.fixture("bom-comma-crlf.csv"))
        let offsets = outcome.events.compactMap { if case .record(let record) = $0 { record.byteOffset } else { nil } }
        #expect(offsets == [31, 63])
    }

    @Test func invalidUTF8NamesItsByteOffset() throws {
        let outcome = try read(try Resources.fixture("invalid-utf8.csv"))
        let error = try #require(outcome.errors.first)
        #expect(error.byteOffset == 29)
        #expect(error.description.contains("record 3, line 3, column 9 (byte 29)"))
        #expect(error.message.contains("Windows-1252"))
    }

    @Test func headerLookupByName() throws {
        var reader = CSVReader(bytes: try Resources.fixture("pos-export.csv"))
        let record = try #require(try reader.next())
        #expect(record["Gross Sales"] == "50,000")
        #expect(record["gross sales"] == nil)
        #expect(record["Missing"] == nil)
        #expect(record.dictionary["Item"] == "Es Kopi Susu \"Gula Aren\"")
        #expect(reader.header?.index(of: "Note") == 7)
    }

    @Test func caseInsensitiveLookup() throws {
        let options = CSVReaderOptions(header: CSVHeaderOptions(lookup: .caseInsensitive))
        var reader = CSVReader(bytes: try Resources.fixture("pos-export.csv"), options: options)
        let record = try #require(try reader.next())
        #expect(record["gross sales"] == "50,000")
        #expect(record["RECEIPT NUMBER"] == "MK-0001")
    }

    @Test func duplicatesResolvedToFirst() throws {
        let options = CSVReaderOptions(header: CSVHeaderOptions(duplicates: .useFirst))
        var reader = CSVReader(bytes: try Resources.fixture("duplicate-headers.csv"), options: options)
        let record = try #require(try reader.next())
        #expect(record["Date"] == "2025-12-27")
        #expect(reader.header?.names == ["Date", "Amount", "Date"])
    }

    @Test func requiredColumnsMissing() throws {
        let options = CSVReaderOptions(header: CSVHeaderOptions(required: ["Date", "Amount", "Transaction ID", "Outlet"]))
        var reader = CSVReader(bytes: try Resources.fixture("bom-comma-crlf.csv"), options: options)
        #expect(throws: CSVError(kind: .missingColumns(["Outlet"]), record: 1, line: 1, column: 1, byteOffset: 3)) {
            _ = try reader.next()
        }
        #expect(try reader.next() == nil)
    }

    @Test func readHeaderBeforeRecords() throws {
        var reader = CSVReader(bytes: try Resources.fixture("header-only.csv"))
        #expect(try reader.readHeader()?.names == ["Date", "Amount", "Transaction ID"])
        #expect(try reader.next() == nil)
    }

    @Test func noHeaderMode() throws {
        let outcome = try read(try Resources.fixture("cr-only.csv"), options: .with(header: .none))
        #expect(outcome.header == nil)
        #expect(outcome.records == [["id", "item"], ["1", "Kopi"], ["2", "Teh"]])
    }

    @Test func detectedDelimiterIsExposed() throws {
        var reader = CSVReader(bytes: try Resources.fixture("semicolon-decimal.csv"))
        _ = try reader.readHeader()
        #expect(reader.delimiter == .semicolon)
    }

    @Test func zeroCopyViews() throws {
        var reader = CSVReader(bytes: try Resources.fixture("doubled-quotes.csv"))
        var seen: [[String]] = []
        try reader.forEachRecord { view in
            seen.append((0..<view.count).map { String(decoding: view[$0], as: UTF8.self) })
            #expect(view.string(named: "item") == view.string(at: 0))
        }
        #expect(seen == [["Nasi", "Nasi \"Spesial\" pedas"], ["Teh", "\""], ["\"Quoted\" start", "end"]])
    }

    @Test func trimmingWhitespace() throws {
        let bytes = Array("a , b\n  x  ,  \"y \"  \n".utf8)
        let outcome = try read(bytes, options: .with(.comma, header: .none, trims: true))
        #expect(outcome.records == [["a", "b"], ["x", "y "]])
    }

    @Test func blankLinesKeptWhenAsked() throws {
        var options = CSVReaderOptions.with(.comma, raggedRows: .allow, header: .none)
        options.dialect.skipsBlankLines = false
        let outcome = try read(Array("a\n\nb\n".utf8), options: options)
        #expect(outcome.records == [["a"], [""], ["b"]])
    }

    @Test func recordTooLargeIsAnError() throws {
        var options = CSVReaderOptions.with(.comma, header: .none)
        options.maxRecordBytes = 16
        let bytes = Array("short\n\"this quote never closes and runs on and on\n".utf8)
        for feeding in Feeding.all {
            let outcome = try read(bytes, options: options, feeding: feeding)
            #expect(outcome.records == [["short"]], "\(feeding)")
            #expect(outcome.errors.map(\.kind) == [.recordTooLarge(limit: 16)], "\(feeding)")
            #expect(outcome.errors.first?.line == 2)
        }
    }
}
