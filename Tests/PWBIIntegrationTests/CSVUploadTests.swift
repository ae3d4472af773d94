import Foundation
import Testing
import PWBICSV
import PWBIIntegration
import PWBIMapping

@Suite("CSV upload: the route's messages, and a failed row's raw fields")
struct CSVUploadTests {
    static func upload(_ name: String) throws -> [UInt8] { try resourceBytes("CSVUpload/" + name) }

    @Test func noFileIsNoFileUploaded() throws {
        #expect(throws: CSVUploadError.noFile) { try CSVUpload(fileName: nil, bytes: nil) }
        #expect(throws: CSVUploadError.noFile) { try CSVUpload(fileName: "sales.csv", bytes: nil) }
        // A browser form sent without choosing a file: an unnamed, empty part.
        #expect(throws: CSVUploadError.noFile) { try CSVUpload(fileName: "", bytes: []) }
        let error = CSVUploadError.noFile
        #expect(error.message == "No file uploaded")
        #expect(error.status == 400)
        #expect(String(decoding: error.jsonBody, as: UTF8.self) == #"{"error":"No file uploaded"}"#)
    }

    /// Real files of other formats, by their own name and renamed to `.csv`.
    @Test(arguments: [
        ("sales.xlsx", "an Excel .xlsx spreadsheet"),
        ("sales.xls", "an Excel .xls spreadsheet"),
        ("sales.ods", "an OpenDocument .ods spreadsheet"),
        ("report.pdf", "a PDF document"),
        ("export.zip", "a ZIP archive"),
    ])
    func otherFormatsAreNotCSV(_ file: String, _ format: String) throws {
        let bytes = try Self.upload(file)
        #expect(throws: CSVUploadError.notCSV(.fileName(file))) { try CSVUpload(fileName: file, bytes: bytes) }
        #expect(throws: CSVUploadError.notCSV(.content(format))) { try CSVUpload(fileName: "renamed.csv", bytes: bytes) }
        let error = CSVUploadError.notCSV(.content(format))
        #expect(error.message == "File must be CSV format")
        #expect(error.status == 400)
        let body = try #require(try JSONSerialization.jsonObject(with: Data(error.jsonBody)) as? [String: String])
        #expect(body == ["error": "File must be CSV format", "detail": "the file is \(format), not text; export it as CSV first"])
    }

    @Test(arguments: ["sales.txt", "sales", "salescsv", "sales.csv.exe", "sales.tsv", String(repeating: "x", count: 300) + ".xlsx"])
    func namesWithoutTheCSVExtensionAreRefused(_ name: String) throws {
        #expect(throws: CSVUploadError.notCSV(.fileName(String(name.prefix(100))))) { try CSVUpload(fileName: name, bytes: Array("a,b\n".utf8)) }
    }

    @Test func csvIsTakenWhateverTheExtensionsCase() throws {
        let bytes = try resourceBytes("CSVImport/generic-valid.csv")
        for name in ["sales.csv", "SALES.CSV", "C:\\fakepath\\Penjualan Desember.Csv"] {
            let upload = try CSVUpload(fileName: name, bytes: bytes)
            #expect(upload.bytes == bytes)
        }
        // Empty but named: the importer's "No data found", not "No file uploaded".
        #expect(try CSVUpload(fileName: "empty.csv", bytes: []).bytes.isEmpty)
    }

    @Test func importUploadChecksThenImports() async throws {
        let store = InMemoryTransactionStore()
        let importer = CSVImporter(store: store, concurrency: 1)
        let context = MappingContext(tenant: "t-42")
        let report = try await importer.importUpload(
            fileName: "sales.csv", bytes: try resourceBytes("CSVImport/generic-valid.csv"), using: GenericTemplateRowMapper(), context: context)
        #expect(report.imported == 3)
        await #expect(throws: CSVUploadError.notCSV(.content("an Excel .xlsx spreadsheet"))) {
            try await importer.importUpload(fileName: "sales.csv", bytes: try Self.upload("sales.xlsx"), using: GenericTemplateRowMapper(), context: context)
        }
        await #expect(throws: CSVUploadError.noFile) {
            try await importer.importUpload(fileName: nil, bytes: nil, using: GenericTemplateRowMapper(), context: context)
        }
        #expect(await store.count == 3)
    }

    // MARK: Raw fields of a failed row

    @Test func rowDataKeepsTheFieldsAsRead() throws {
        var reader = CSVReader(bytes: Array("Date,Amount,Transaction ID\n27/12/2025,\"80,500\",TXN-1\n".utf8))
        _ = try reader.readHeader()
        let data = try #require(try reader.nextRecord { CSVRowData($0) })
        #expect(data.fields == ["27/12/2025", "80,500", "TXN-1"])
        #expect(!data.truncated)
    }

    /// The reference answers a failed row with `{row, error, data}`: the import keeps the row's fields.
    @Test func aRejectedRowCarriesItsRawFields() async throws {
        let csv = "Date,Amount,Transaction ID\n2025-12-27,80500,TXN-1\n27-13-2025,\"1,000\",TXN-2\n"
        let report = await CSVImporter(store: InMemoryTransactionStore(), concurrency: 1).importBytes(
            Array(csv.utf8), using: GenericTemplateRowMapper(), context: MappingContext(tenant: "t"))
        let failure = try #require(report.failures.first)
        #expect(failure.row == 3)
        #expect(failure.data?.fields == ["27-13-2025", "1,000", "TXN-2"])
    }

    @Test func rowDataIsBoundedOnCharacterBoundaries() {
        let limits = CSVRowData.Limits(maximumFields: 3, maximumFieldBytes: 5, maximumTotalBytes: 12)
        // "kopi☕" is 4 + 3 bytes: cut before the cup, never inside it.
        let data = CSVRowData(fields: ["kopi☕", "12345", "abcdef", "dropped"], limits: limits)
        #expect(data.fields == ["kopi", "12345", "abc"])
        #expect(data.truncated)
        let huge = CSVRowData(fields: Array(repeating: String(repeating: "9", count: 1_000_000), count: 10_000))
        #expect(huge.fields.count == 32)
        #expect(huge.fields.reduce(0) { $0 + $1.utf8.count } == 4096)
        #expect(huge.truncated)
        #expect(CSVRowData(fields: ["a", "b"]) == CSVRowData(fields: ["a", "b"], limits: CSVRowData.Limits(maximumFields: 2)))
        #expect(!CSVRowData(fields: ["a", "b"], limits: CSVRowData.Limits(maximumFields: 2)).truncated)
    }

    @Test func rowDataFromAViewIsCutOnCharacterBoundaries() throws {
        var reader = CSVReader(bytes: Array("a,b\n☕☕,x\n".utf8))
        _ = try reader.readHeader()
        let data = try #require(try reader.nextRecord { CSVRowData($0, limits: CSVRowData.Limits(maximumFieldBytes: 4)) })
        #expect(data.fields == ["☕", "x"])
        #expect(data.truncated)
    }
}
