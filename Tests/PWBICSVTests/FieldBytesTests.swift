import Foundation
import Testing

@testable import PWBICSV

/// A ``CSVRecordView``'s fields read as ``CSVFieldBytes``: in place, the same bytes the owned
/// record holds (doubled quotes collapsed, Windows-1252 transcoded), by position and by name.
@Suite("CSVRecordView: fields as safe byte collections")
struct FieldBytesTests {
    static let fixtures = [
        "doubled-quotes.csv", "pos-export.csv", "quoted-newlines.csv", "semicolon-decimal.csv",
        "empty-fields.csv", "bom-comma-crlf.csv", "tab-separated.tsv",
    ]

    @Test(arguments: fixtures)
    func bytesMatchTheOwnedRecord(_ name: String) throws {
        let bytes = try Resources.fixture(name)
        var owned = CSVReader(bytes: bytes)
        var expected: [CSVRecord] = []
        while let record = try owned.next() { expected.append(record) }
        #expect(!expected.isEmpty)

        var reader = CSVReader(bytes: bytes)
        var index = 0
        try reader.forEachRecord { view in
            let record = expected[index]
            index += 1
            #expect(view.count == record.count)
            for position in 0..<view.count {
                let field = view[position]
                #expect(Array(field) == Array(record[position].utf8))
                #expect(field.count == record[position].utf8.count)
                #expect(field.withContiguousStorageIfAvailable { Array($0) } == Array(field))
            }
            for column in record.header?.names ?? [] where record[column] != nil {
                #expect(view[column].map(Array.init) == record[column].map { Array($0.utf8) })
            }
            #expect(view["no such column"] == nil)
        }
        #expect(index == expected.count)
    }

    @Test func windows1252FieldsAreTranscodedBytes() throws {
        let bytes = try Resources.fixture("windows-1252.csv")
        var reader = CSVReader(bytes: bytes, options: CSVReaderOptions(encoding: .windows1252))
        var checked = 0
        try reader.forEachRecord { view in
            for position in 0..<view.count {
                #expect(String(decoding: view[position], as: UTF8.self) == view.string(at: position))
                checked += 1
            }
        }
        #expect(checked > 0)
    }

    @Test func anIndexPastTheEndTraps() async {
        await #expect(processExitsWith: .failure) {
            var reader = CSVReader(bytes: Array("a,b\n1,2\n".utf8))
            try? reader.forEachRecord { view in _ = view[view.count] }
        }
    }

    @Test func aByteIndexPastTheFieldTraps() async {
        await #expect(processExitsWith: .failure) {
            var reader = CSVReader(bytes: Array("a,b\n1,2\n".utf8))
            try? reader.forEachRecord { view in _ = view[0][1] }
        }
    }
}
