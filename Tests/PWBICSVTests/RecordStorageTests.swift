import Foundation
@testable import PWBICSV
import Testing

/// `next()` reuses the fields array of the previous record when nothing holds that record
/// any more; a record the caller keeps must never change.
@Suite("Record storage reuse")
struct RecordStorageTests {
    static let text = "id,name,note\r\n1,Es Kopi Susu,a\r\n2,\"Roti \"\"Bakar\"\"\",\r\n3,Teh,ccccccccccccccccccccccc\r\n"
        + "4,x\r\n5,\"Warung Makan Bu Tini, Bandung\",d\r\n6,y,e\r\n"
    static let expected: [[String]] = [
        ["1", "Es Kopi Susu", "a"], ["2", "Roti \"Bakar\"", ""], ["3", "Teh", "ccccccccccccccccccccccc"],
        ["4", "x"], ["5", "Warung Makan Bu Tini, Bandung", "d"], ["6", "y", "e"],
    ]
    static let options = CSVReaderOptions(dialect: CSVDialect(delimiter: .comma, raggedRows: .allow))

    @Test func keptRecordsStayAsTheyWere() throws {
        var reader = CSVReader(bytes: Array(Self.text.utf8), options: Self.options)
        var kept: [CSVRecord] = []
        var index = 0
        while let record = try reader.next() {
            #expect(record.fields == Self.expected[index])
            // Keep every other record; the ones dropped leave their storage to the next.
            if index % 2 == 0 { kept.append(record) }
            index += 1
        }
        #expect(index == Self.expected.count)
        #expect(kept.map(\.fields) == [Self.expected[0], Self.expected[2], Self.expected[4]])
    }

    @Test func aCopyOfTheFieldsOutlivesTheNextRecord() throws {
        var reader = CSVReader(bytes: Array(Self.text.utf8), options: Self.options)
        var previous: [String]?
        var index = 0
        while let record = try reader.next() {
            if let previous { #expect(previous == Self.expected[index - 1]) }
            previous = record.fields
            index += 1
        }
        #expect(previous == Self.expected.last)
    }

    @Test func fieldsOverwrittenInPlaceAreRight() throws {
        // Same field count on every row, each record dropped before the next: every field
        // is overwritten in place, inline strings by heap strings and back, cached and not.
        let long = String(repeating: "Nasi Goreng Spesial ", count: 4)
        var rows: [[String]] = []
        for row in 0..<200 {
            let kinds = [String(row), "Es Kopi Susu \(row % 3)", long + String(row % 5), "", "café \(row)", "x"]
            rows.append((0..<4).map { kinds[(row + $0 * 7) % kinds.count] })
        }
        let text = rows.map { $0.map { "\"" + $0 + "\"" }.joined(separator: ",") }.joined(separator: "\n")
        let options = CSVReaderOptions(dialect: CSVDialect(delimiter: .comma), header: .none)
        var reader = CSVReader(bytes: Array(text.utf8), options: options)
        var index = 0
        while let record = try reader.next() {
            #expect(record.fields == rows[index], "row \(index)")
            index += 1
        }
        #expect(index == rows.count)
    }

    @Test func recordsWiderThanTheInitialSlotBuffer() throws {
        // 5, 100 and 40 fields (the field buffer starts at 32 and grows), quoted or not,
        // read as views, as records, and pushed a byte at a time.
        let widths = [5, 100, 40, 100]
        let rows = widths.enumerated().map { row, width in
            (0..<width).map { column in column % 3 == 0 ? "q\"\(row)-\(column)" : "\(row)-\(column)" }
        }
        let text = rows.map { row in
            row.map { $0.contains("\"") ? "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : $0 }
                .joined(separator: ",")
        }.joined(separator: "\r\n") + "\r\n"
        let options = CSVReaderOptions(dialect: CSVDialect(delimiter: .comma, raggedRows: .allow), header: .none)
        var reader = CSVReader(bytes: Array(text.utf8), options: options)
        #expect(try reader.readAll().map(\.fields) == rows)
        var viewer = CSVReader(bytes: Array(text.utf8), options: options)
        var viewed: [[String]] = []
        try viewer.forEachRecord { viewed.append($0.strings) }
        #expect(viewed == rows)
        var parser = CSVStreamParser(options: options)
        var pushed: [[String]] = []
        for byte in Array(text.utf8) {
            parser.append([byte])
            while let record = try parser.next() { pushed.append(record.fields) }
        }
        parser.finish()
        while let record = try parser.next() { pushed.append(record.fields) }
        #expect(pushed == rows)
    }

    @Test func viewsMadeIntoRecordsAreIndependent() throws {
        var reader = CSVReader(bytes: Array(Self.text.utf8), options: Self.options)
        var records: [CSVRecord] = []
        try reader.forEachRecord { records.append($0.makeRecord()) }
        #expect(records.map(\.fields) == Self.expected)
        var parser = CSVStreamParser(options: Self.options)
        parser.append(Array(Self.text.utf8))
        parser.finish()
        var streamed: [[String]] = []
        while let record = try parser.next() { streamed.append(record.fields) }
        #expect(streamed == Self.expected)
    }
}
