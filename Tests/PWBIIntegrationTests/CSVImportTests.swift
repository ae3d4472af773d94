import Foundation
import Synchronization
import Testing
import PWBIIntegration
import PWBIMapping

@Suite("CSV import")
struct CSVImportTests {
    struct Expected: Sendable, CustomStringConvertible {
        var file: String
        var mapper: any RowMapper
        var rows: Int
        var imported: Int
        var unchanged: Int = 0
        var failures: [(row: Int, message: String)] = []
        var problem: String? = nil
        var duplicates: [Int] = []
        var structure: CSVImportStructure = .strict
        var description: String { "\(file) (\(structure))" }
    }

    static let cases: [Expected] = [
        Expected(file: "generic-valid.csv", mapper: GenericTemplateRowMapper(), rows: 3, imported: 3),
        Expected(
            file: "generic-mixed.csv", mapper: GenericTemplateRowMapper(), rows: 6, imported: 2,
            failures: [(3, "Date format error"), (4, "Invalid format"), (5, "Invalid format")], duplicates: [6]),
        Expected(file: "generic-missing-columns.csv", mapper: GenericTemplateRowMapper(), rows: 0, imported: 0, problem: "Invalid format"),
        Expected(file: "generic-header-only.csv", mapper: GenericTemplateRowMapper(), rows: 0, imported: 0, problem: "No data found"),
        Expected(file: "generic-empty.csv", mapper: GenericTemplateRowMapper(), rows: 0, imported: 0, problem: "No data found"),
        Expected(file: "generic-blank-lines.csv", mapper: GenericTemplateRowMapper(), rows: 0, imported: 0, problem: "No data found"),
        Expected(file: "generic-bom-semicolon-crlf.csv", mapper: GenericTemplateRowMapper(), rows: 2, imported: 2),
        Expected(file: "generic-tab-separated.tsv", mapper: GenericTemplateRowMapper(), rows: 1, imported: 1),
        Expected(
            file: "generic-invalid-utf8.csv", mapper: GenericTemplateRowMapper(), rows: 3, imported: 2,
            failures: [(3, "File encoding is not UTF-8")]),
        Expected(file: "generic-windows-1252-header.csv", mapper: GenericTemplateRowMapper(), rows: 0, imported: 0, problem: "File encoding is not UTF-8"),
        Expected(file: "generic-utf16le.csv", mapper: GenericTemplateRowMapper(), rows: 0, imported: 0, problem: "File encoding is not UTF-8"),
        // Strict structure (the default): the file is rejected and nothing is stored.
        Expected(file: "generic-ragged.csv", mapper: GenericTemplateRowMapper(), rows: 0, imported: 0, problem: "Invalid format"),
        Expected(file: "generic-unterminated-quote.csv", mapper: GenericTemplateRowMapper(), rows: 0, imported: 0, problem: "Invalid format"),
        Expected(file: "generic-truncated.csv", mapper: GenericTemplateRowMapper(), rows: 0, imported: 0, problem: "Invalid format"),
        Expected(file: "generic-text-after-quote.csv", mapper: GenericTemplateRowMapper(), rows: 0, imported: 0, problem: "Invalid format"),
        // Lenient structure (opt-in): each malformed record is a failed row; an open quote at the end still rejects the file.
        Expected(
            file: "generic-ragged.csv", mapper: GenericTemplateRowMapper(), rows: 3, imported: 2, failures: [(3, "Invalid format")],
            structure: .lenient),
        Expected(
            file: "generic-text-after-quote.csv", mapper: GenericTemplateRowMapper(), rows: 3, imported: 2, failures: [(3, "Invalid format")],
            structure: .lenient),
        Expected(
            file: "generic-unterminated-quote.csv", mapper: GenericTemplateRowMapper(), rows: 1, imported: 1, problem: "Invalid format",
            structure: .lenient),
        Expected(
            file: "generic-truncated.csv", mapper: GenericTemplateRowMapper(), rows: 2, imported: 2, problem: "Invalid format",
            structure: .lenient),
        // The same id twice in one file: a different amount fails naming both rows, an identical repeat is a duplicate.
        Expected(
            file: "generic-duplicate-ids.csv", mapper: GenericTemplateRowMapper(), rows: 6, imported: 4,
            failures: [(5, "Duplicate transaction ID")], duplicates: [6]),
        Expected(file: "generic-duplicate-headers.csv", mapper: GenericTemplateRowMapper(), rows: 0, imported: 0, problem: "Invalid format"),
        Expected(file: "generic-trimmed-headers.csv", mapper: GenericTemplateRowMapper(), rows: 1, imported: 1),
        Expected(file: "pawoon-export.csv", mapper: PawoonExportRowMapper(), rows: 3, imported: 2, failures: [(4, "Date format error")]),
        Expected(file: "moka-export.csv", mapper: MokaExportRowMapper(), rows: 2, imported: 2),
    ]

    static func path(_ file: String) throws -> String {
        guard let url = Bundle.module.url(forResource: file, withExtension: nil, subdirectory: "Resources/CSVImport") else {
            throw ResourceMissing(name: file)
        }
        return url.path
    }

    @Test(arguments: cases)
    func everyFixtureKindGivesItsExactReport(_ expected: Expected) async throws {
        let store = InMemoryTransactionStore()
        let importer = CSVImporter(store: store, structure: expected.structure, now: { Date(timeIntervalSince1970: 1_766_800_000) })
        let report = await importer.importFile(atPath: try Self.path(expected.file), using: expected.mapper, context: MappingContext(tenant: "t1"))
        #expect(report.duplicates.map(\.row) == expected.duplicates)
        #expect(report.duplicateRows == expected.duplicates.count)
        #expect(report.rows == expected.rows)
        #expect(report.imported == expected.imported)
        #expect(report.unchanged == expected.unchanged)
        #expect(report.updated == 0)
        #expect(report.failures.map(\.row) == expected.failures.map(\.row))
        #expect(report.failures.map(\.message) == expected.failures.map(\.message))
        #expect(report.failedRows == expected.failures.count)
        #expect(report.fileProblem?.message == expected.problem)
        #expect(report.isSuccess == (expected.problem == nil && expected.failures.isEmpty))

        // The same file from memory gives the same report; a second import stores nothing new.
        let again = await CSVImporter(store: store, structure: expected.structure).importBytes(
            Array(try Data(contentsOf: URL(fileURLWithPath: try Self.path(expected.file)))), using: expected.mapper, context: MappingContext(tenant: "t1"))
        #expect(again.imported == 0)
        #expect(again.unchanged == expected.imported + expected.unchanged)
        #expect(again.failures.map(\.row) == expected.failures.map(\.row))
    }

    @Test func reportTextUsesTheGuidesWords() async throws {
        let importer = CSVImporter(store: InMemoryTransactionStore())
        let mixed = await importer.importFile(atPath: try Self.path("generic-mixed.csv"), using: GenericTemplateRowMapper(), context: MappingContext(tenant: "t1"))
        #expect(mixed.lines == [
            "Imported 2 transactions: 2 new, 0 updated, 0 unchanged (duplicates); 1 duplicate row in the file not imported again; 3 rows failed",
            #"row 3: Date format error: column Date: expected YYYY-MM-DD (e.g. 2025-12-27), found "27/12/2025""#,
            mixed.failures[1].description,
            #"row 5: Invalid format: column Transaction ID: expected a transaction id, found an empty field"#,
            #"row 6: Duplicate of row 2 (Transaction ID "TXN-001"), not imported again"#,
        ])

        let duplicated = await importer.importFile(
            atPath: try Self.path("generic-duplicate-ids.csv"), using: GenericTemplateRowMapper(), context: MappingContext(tenant: "t2"))
        #expect(duplicated.lines == [
            "Imported 4 transactions: 4 new, 0 updated, 0 unchanged (duplicates); 1 duplicate row in the file not imported again; 1 row failed",
            #"row 5: Duplicate transaction ID: Transaction ID "A" on rows 2 and 5 with different amounts"#,
            #"row 6: Duplicate of row 3 (Transaction ID "B"), not imported again"#,
        ])

        let truncated = await importer.importFile(
            atPath: try Self.path("generic-truncated.csv"), using: GenericTemplateRowMapper(), context: MappingContext(tenant: "t3"))
        #expect(truncated.lines == [
            "Invalid format: row 4, line 4, column 12: A quoted field starting here is never closed. Check for a missing closing \" in this row, or re-export the file."
        ])
        #expect(mixed.failures[1].description.hasPrefix("row 4: Invalid format: column Amount: expected an amount such as 1,234,567.00"))

        let missing = await importer.importFile(atPath: try Self.path("generic-missing-columns.csv"), using: GenericTemplateRowMapper(), context: MappingContext(tenant: "t1"))
        #expect(missing.fileProblem == .missingColumns(["Date", "Transaction ID"]))
        #expect(missing.lines == ["Invalid format: missing required columns Date, Transaction ID. Download template again, don't modify column headers"])

        let empty = await importer.importFile(atPath: try Self.path("generic-header-only.csv"), using: GenericTemplateRowMapper(), context: MappingContext(tenant: "t1"))
        #expect(empty.lines == ["No data found: Check file has data after header row; check file encoding is UTF-8"])

        let utf16 = await importer.importFile(atPath: try Self.path("generic-utf16le.csv"), using: GenericTemplateRowMapper(), context: MappingContext(tenant: "t1"))
        #expect(utf16.lines.first?.hasPrefix("File encoding is not UTF-8: line 1, column 1") == true)

        let gone = await importer.importFile(atPath: "/nonexistent/upload.csv", using: GenericTemplateRowMapper(), context: MappingContext(tenant: "t1"))
        #expect(gone.fileProblem?.message == "File could not be read")
    }

    @Test func importedTransactionsAreExact() async throws {
        let store = InMemoryTransactionStore()
        let seen = Mutex<[UnifiedTransaction]>([])
        let report = await CSVImporter(store: store).importFile(
            atPath: try Self.path("pawoon-export.csv"), using: PawoonExportRowMapper(), context: MappingContext(tenant: "t1"),
            onStored: { transaction, _ in seen.withLock { $0.append(transaction) } })
        #expect(report.imported == 2)
        let transactions = seen.withLock { $0 }
        #expect(transactions.map(\.externalID) == ["PWN-1001", "PWN-1002"])
        #expect(transactions.map(\.total.description) == ["80500", "1250000"])
        #expect(transactions.map { $0.tax?.description } == ["7318", "113636"])
        #expect(transactions.allSatisfy { $0.sourceSystem == .pawoon && $0.tenant == "t1" })
    }

    @Test(arguments: ["generic-mixed.csv", "generic-ragged.csv", "pawoon-export.csv"], [1, 2, 3, 256])
    func theStoreBatchSizeChangesNothingReported(_ file: String, _ batchSize: Int) async throws {
        let mapper: any RowMapper = file.hasPrefix("pawoon") ? PawoonExportRowMapper() : GenericTemplateRowMapper()
        func run(_ batchSize: Int) async throws -> (CSVImportReport, [String], [StoredTransaction]) {
            let store = InMemoryTransactionStore()
            let seen = Mutex<[String]>([])
            let importer = CSVImporter(store: store, batchSize: batchSize, now: { Date(timeIntervalSince1970: 1_766_800_000) })
            let report = await importer.importFile(
                atPath: try Self.path(file), using: mapper, context: MappingContext(tenant: "t1"),
                onStored: { transaction, result in seen.withLock { $0.append("\(transaction.externalID) \(result.outcome) \(result.internalID)") } })
            return (report, seen.withLock { $0 }, await store.all)
        }
        let (report, stored, all) = try await run(batchSize)
        let (reference, referenceStored, referenceAll) = try await run(Int.max)
        #expect(report == reference)
        #expect(stored == referenceStored)
        #expect(all == referenceAll)
    }

    /// One import of `file`: the report, every `onStored` call, and the store's content. `now`
    /// counts its calls, so equal stores also mean equal store batches.
    static func importRecording(
        _ file: String, concurrency: Int, batchSize: Int, store: any TransactionStore = InMemoryTransactionStore()
    ) async throws -> (report: CSVImportReport, stored: [String], all: [StoredTransaction]) {
        let calls = Mutex(0)
        let seen = Mutex<[String]>([])
        let importer = CSVImporter(
            store: store, structure: .lenient, batchSize: batchSize, concurrency: concurrency,
            now: { Date(timeIntervalSince1970: 1_766_800_000 + Double(calls.withLock { $0 += 1; return $0 })) })
        let report = await importer.importFile(
            atPath: try path(file), using: GenericTemplateRowMapper(), context: MappingContext(tenant: "t1"),
            onStored: { transaction, result in
                seen.withLock { $0.append("\(transaction.externalID) \(transaction.total) \(result.outcome) \(result.internalID)") }
            })
        let all: [StoredTransaction]
        if let store = store as? InMemoryTransactionStore { all = await store.all } else if let store = store as? FailingBatchStore { all = await store.all } else { all = [] }
        return (report, seen.withLock { $0 }, all)
    }

    @Test(arguments: [1, 2, 7, 64, 256])
    func concurrentMappingGivesExactlyTheSequentialResult(_ batchSize: Int) async throws {
        let file = "generic-duplicates-and-failures.csv"
        let reference = try await Self.importRecording(file, concurrency: 1, batchSize: batchSize)
        // The fixture has what the equality must hold for: new rows, duplicates, changed
        // repeats, and rows failing in the reader and in the mapper, spread over many chunks.
        #expect(reference.report.rows == 600)
        // 370, not 359: a refund row (negative amount) under a sale's Transaction ID is its own transaction.
        #expect(reference.report.imported == 370)
        #expect(reference.report.duplicateRows > 30)
        #expect(reference.report.updated == 0)
        #expect(reference.report.unchanged == 0)
        #expect(
            Set(reference.report.failures.map(\.message))
                == ["Date format error", "Invalid format", "File encoding is not UTF-8", "Duplicate transaction ID"])
        #expect(reference.report.failedRows == reference.report.failures.count)
        #expect(reference.report.failures.map(\.row) == reference.report.failures.map(\.row).sorted())
        #expect(reference.stored.count == reference.report.imported + reference.report.updated + reference.report.unchanged)
        for concurrency in [2, 3, 8] {
            let concurrent = try await Self.importRecording(file, concurrency: concurrency, batchSize: batchSize)
            #expect(concurrent.report == reference.report, "concurrency \(concurrency)")
            #expect(concurrent.stored == reference.stored, "concurrency \(concurrency)")
            #expect(concurrent.all == reference.all, "concurrency \(concurrency)")
        }
    }

    @Test(arguments: [1, 2, 4])
    func aStoreFailingMidwayStopsTheConcurrentImportWhereTheSequentialOneStops(_ failingBatch: Int) async throws {
        let file = "generic-duplicates-and-failures.csv"
        let reference = try await Self.importRecording(file, concurrency: 1, batchSize: 7, store: FailingBatchStore(failing: failingBatch))
        #expect(reference.report.fileProblem?.message == "Invalid format")
        #expect(reference.report.rows < 600)
        for concurrency in [2, 5] {
            let concurrent = try await Self.importRecording(file, concurrency: concurrency, batchSize: 7, store: FailingBatchStore(failing: failingBatch))
            #expect(concurrent.report == reference.report, "concurrency \(concurrency)")
            #expect(concurrent.stored == reference.stored, "concurrency \(concurrency)")
            #expect(concurrent.all == reference.all, "concurrency \(concurrency)")
        }
    }

    @Test func aFailingStoreStopsTheImportNamingTheFirstUnstoredRow() async throws {
        let store = FaultyTransactionStore(.failing)
        let report = await CSVImporter(store: store, batchSize: 2).importFile(
            atPath: try Self.path("generic-valid.csv"), using: GenericTemplateRowMapper(), context: MappingContext(tenant: "t1"))
        guard case .malformed(let detail) = report.fileProblem else {
            Issue.record("expected the store failure as the file problem, got \(String(describing: report.fileProblem))")
            return
        }
        #expect(detail.hasPrefix("the transaction store failed at row 2 or one of the 1 after it"))
        #expect(report.imported == 0)
        #expect(await store.attempts == 1)
    }

    @Test func metricsCountRowsAndImports() async throws {
        let metrics = InMemoryIntegrationMetrics()
        let importer = CSVImporter(store: InMemoryTransactionStore(), metrics: metrics)
        _ = await importer.importFile(atPath: try Self.path("generic-mixed.csv"), using: GenericTemplateRowMapper(), context: MappingContext(tenant: "t1"))
        _ = await importer.importFile(atPath: try Self.path("generic-empty.csv"), using: GenericTemplateRowMapper(), context: MappingContext(tenant: "t1"))
        #expect(metrics.value(of: .csvRows, labels: ["source_system": "generic", "result": "imported"]) == 2)
        #expect(metrics.value(of: .csvRows, labels: ["source_system": "generic", "result": "failed"]) == 3)
        #expect(metrics.value(of: .csvRows, labels: ["source_system": "generic", "result": "unchanged"]) == 0)
        #expect(metrics.value(of: .csvRows, labels: ["source_system": "generic", "result": "duplicate"]) == 1)
        #expect(metrics.value(of: .csvImports, labels: ["source_system": "generic", "status": "partial"]) == 1)
        #expect(metrics.value(of: .csvImports, labels: ["source_system": "generic", "status": "failure"]) == 1)
    }

    @Test(arguments: [
        ("generic", "Date,Amount,Transaction ID\r\n"),
        ("pawoon", "Date,Transaction ID,Total,Tax,Items\r\n"),
        ("moka", "transaction_id,grand_total,created_at\r\n"),
    ])
    func templatesAreTheHeaderTheImporterExpects(_ source: String, _ header: String) async throws {
        let bytes = try CSVTemplate.bytes(for: SourceSystem(rawValue: source))
        #expect(String(decoding: bytes, as: UTF8.self) == header)
        // The template imports as "No data found", never as "Invalid format".
        let report = await CSVImporter(store: InMemoryTransactionStore()).importBytes(
            bytes, using: try RowMappers.mapper(for: SourceSystem(rawValue: source)), context: MappingContext(tenant: "t1"))
        #expect(report.fileProblem == .noDataFound)
        #expect(throws: MappingError.self) { try CSVTemplate.bytes(for: .qasir) }
    }

    /// A store that counts and forgets, so only the importer's own memory is measured.
    final class CountingStore: TransactionStore {
        let count = Mutex(0)
        func upsert(_ transaction: UnifiedTransaction, now: Date) async throws -> UpsertResult {
            let n = count.withLock { $0 += 1; return $0 }
            return UpsertResult(outcome: .inserted, internalID: String(n))
        }
        func transaction(for key: TransactionKey) async throws -> StoredTransaction? { nil }
    }

    /// Resident memory now and the peak since the last reset (Linux /proc/self/status), in bytes.
    static func memory() -> (resident: Int, peak: Int) {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return (0, 0) }
        func kib(_ key: String) -> Int {
            guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(key) }),
                  let value = Int(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
            return value * 1024
        }
        return (kib("VmRSS:"), kib("VmHWM:"))
    }

    static let probeVariable = "PWBI_IMPORT_MEMORY_PROBE"

    /// Runs only inside the child process the memory test starts (so no other test shares its memory):
    /// imports the file named in the environment and writes `rows peakGrowthBytes` next to it.
    @Test(.enabled(if: ProcessInfo.processInfo.environment[probeVariable] != nil))
    func importMemoryProbe() async throws {
        let path = try #require(ProcessInfo.processInfo.environment[Self.probeVariable])
        if let clear = fopen("/proc/self/clear_refs", "w") { fputs("5", clear); fclose(clear) }
        let before = Self.memory().resident
        let report = await CSVImporter(store: CountingStore()).importFile(
            atPath: path, using: PawoonExportRowMapper(), context: MappingContext(tenant: "t1"))
        let growth = Self.memory().peak - before
        try Data("\(report.imported) \(report.failedRows) \(growth)".utf8).write(to: URL(fileURLWithPath: path + ".result"))
    }

    @Test func a100MegabyteImportStreamsUnderAMemoryCeiling() async throws {
        let path = NSTemporaryDirectory() + "pwbi-import-\(UInt64.random(in: 0...UInt64.max)).csv"
        defer {
            try? FileManager.default.removeItem(atPath: path)
            try? FileManager.default.removeItem(atPath: path + ".result")
        }
        guard let handle = FILEHandle(path: path) else { Issue.record("cannot write \(path)"); return }
        handle.write("Date,Transaction ID,Total,Tax,Items\n")
        let items = "\"" + String(repeating: "Nasi Goreng Spesial x1; Es Teh Manis x2; ", count: 11) + "\""
        var rows = 0
        while handle.written < 100 << 20 {
            rows += 1
            handle.write("2025-12-27 10:\(rows % 60 < 10 ? "0" : "")\(rows % 60):00,PWN-\(rows),\"1,\(100 + rows % 900),500\",\(rows % 1000),\(items)\n")
        }
        handle.close()

        // The import runs in a child process (this test binary, filtered to the probe), so the
        // measurement is the importer's alone, not that of the tests running beside this one.
        let child = Process()
        child.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        child.arguments = ["--testing-library", "swift-testing", "--filter", "importMemoryProbe"]
        var environment = ProcessInfo.processInfo.environment
        environment[Self.probeVariable] = path
        child.environment = environment
        child.standardOutput = FileHandle.nullDevice
        child.standardError = FileHandle.nullDevice
        try child.run()
        child.waitUntilExit()
        let result = try String(contentsOfFile: path + ".result", encoding: .utf8).split(separator: " ").compactMap { Int($0) }
        try #require(result.count == 3)
        #expect(result[0] == rows)
        #expect(result[1] == 0)
        // Reading is bounded (chunks in flight); catching repeats within the file keeps 24 bytes per
        // distinct transaction (with the hash table's slack and its growth, at most 64).
        let ceiling = (32 << 20) + 64 * rows
        #expect(result[2] < ceiling, "peak resident memory grew by \(result[2] >> 20) MiB importing a \(handle.written >> 20) MiB file of \(rows) rows")
    }
}

/// An in-memory store whose `failing`-th batch upsert throws.
actor FailingBatchStore: TransactionStore {
    struct Down: Error {}
    private let inner = InMemoryTransactionStore()
    private let failing: Int
    private var batches = 0

    init(failing: Int) { self.failing = failing }

    func upsert(_ transaction: UnifiedTransaction, now: Date) async throws -> UpsertResult {
        await inner.upsert(transaction, now: now)
    }

    func upsert(contentsOf transactions: [UnifiedTransaction], now: Date) async throws -> [UpsertResult] {
        batches += 1
        if batches == failing { throw Down() }
        return try await inner.upsert(contentsOf: transactions, now: now)
    }

    func transaction(for key: TransactionKey) async -> StoredTransaction? { await inner.transaction(for: key) }

    var all: [StoredTransaction] { get async { await inner.all } }
}

/// A minimal buffered file writer for generating big fixtures.
final class FILEHandle {
    private let file: UnsafeMutablePointer<FILE>
    private(set) var written = 0
    init?(path: String) {
        guard let file = fopen(path, "wb") else { return nil }
        self.file = file
    }
    func write(_ text: String) {
        var text = text
        text.withUTF8 { buffer in
            written += fwrite(buffer.baseAddress, 1, buffer.count, file)
        }
    }
    func close() { fclose(file) }
}
