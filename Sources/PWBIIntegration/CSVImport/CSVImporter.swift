#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
public import PWBICSV
public import PWBIMapping

/// Imports a merchant's CSV upload: bytes → PWBICSV reader → row mapper → ``TransactionStore``,
/// one record at a time, so a 500 MB file never sits in memory (reading a file holds one chunk
/// and the current record).
///
/// The report uses the troubleshooting guide's messages: "Invalid format" (missing required
/// columns, named; a malformed row), "Date format error" (with the expected `YYYY-MM-DD`),
/// "No data found", and an encoding that is not UTF-8. A row that fails is reported with its
/// row number (the header is row 1, as in a spreadsheet) and the rest of the file is imported;
/// re-importing the same file stores nothing twice (the rows come back as unchanged).
///
/// Structure is strict by default (``structure``): an unterminated quote, a stray quote, bytes
/// after a closing quote or a wrong field count rejects the file with its row, line and column,
/// and nothing is stored. Within one file, a row whose transaction repeats an earlier row's
/// identically is reported as a duplicate (``CSVImportReport/duplicates``) and not stored again;
/// one with the same identity but other contents is a failed row naming both rows.
///
/// Rows are mapped on ``concurrency`` tasks at once, a chunk of records each (copied out of the
/// reader's buffer; a few chunks are in flight, so memory stays bounded), while the importing
/// task reads ahead and stores the mapped rows strictly in file order: the report, the store's
/// content and the ``StoredHandler`` calls are the same whatever the concurrency.
///
/// ```swift
/// let importer = CSVImporter(store: store)
/// let report = await importer.importFile(atPath: upload, using: GenericTemplateRowMapper(), context: MappingContext(tenant: "t-42"))
/// print(report.lines.joined(separator: "\n"))
/// ```
public struct CSVImporter: Sendable {
    /// Called for each stored transaction, in file order (e.g. to echo it, or to index it).
    public typealias StoredHandler = @Sendable (UnifiedTransaction, UpsertResult) async -> Void

    /// Where imported transactions are stored.
    public let store: any TransactionStore
    /// Syntax options: the delimiter is detected (`,` `;` tab `|`), UTF-8 is required, the header
    /// row must not repeat or omit names, quotes are strict (``defaultOptions``). Options with
    /// `CSVQuoteHandling.lenient` quotes make the reader recover malformed quotes silently, so
    /// they never reach ``structure``: keep quotes strict unless that is what you want.
    public var options: CSVReaderOptions
    /// Whether a record that breaks CSV structure rejects the file (``CSVImportStructure/strict``,
    /// the default) or is reported as a failed row (``CSVImportStructure/lenient``).
    public var structure: CSVImportStructure
    /// How many failed rows the report lists (all are counted).
    public var maximumRecordedFailures: Int
    /// How many mapped rows are stored per ``TransactionStore/upsert(contentsOf:now:)`` call
    /// (also the most records a chunk mapped on another task holds).
    public var batchSize: Int
    /// How many tasks map rows at once; 1 maps every row in the importing task. The default is
    /// the number of active processors. At most `concurrency` + 1 (up to 65) chunks of records,
    /// each at most 1 MiB, are held at once.
    public var concurrency: Int
    private let metrics: any IntegrationMetrics
    private let now: @Sendable () -> Date

    /// An importer into `store`; `now` stamps the upserts (injected in tests).
    public init(
        store: any TransactionStore,
        options: CSVReaderOptions = CSVImporter.defaultOptions,
        structure: CSVImportStructure = .strict,
        maximumRecordedFailures: Int = 1000,
        batchSize: Int = 256,
        concurrency: Int = ProcessInfo.processInfo.activeProcessorCount,
        metrics: any IntegrationMetrics = DiscardingIntegrationMetrics(),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.store = store
        self.options = options
        self.structure = structure
        self.maximumRecordedFailures = max(0, maximumRecordedFailures)
        self.batchSize = max(1, batchSize)
        self.concurrency = max(1, concurrency)
        self.metrics = metrics
        self.now = now
    }

    /// Imports the file at `path`, streaming it.
    public func importFile(
        atPath path: String, using mapper: any RowMapper, context: MappingContext, onStored: StoredHandler? = nil
    ) async -> CSVImportReport {
        var report = CSVImportReport(source: mapper.sourceSystem)
        var reader: CSVReader
        do {
            if structure == .strict {
                var check = try CSVReader(contentsOfFile: path, options: options)
                if let problem = Self.firstStructuralProblem(&check) {
                    report.fileProblem = Self.problem(problem)
                    return finish(report)
                }
            }
            reader = try CSVReader(contentsOfFile: path, options: options)
        } catch {
            report.fileProblem = Self.problem(error)
            return finish(report)
        }
        await read(&reader, into: &report, mapper: mapper, context: context, onStored: onStored)
        return finish(report)
    }

    /// Imports the records `reader` streams (e.g. a reader over standard input or a socket, see
    /// `CSVReader(fileDescriptor:)`), without holding the input. A stream
    /// cannot be checked ahead: under ``CSVImportStructure/strict`` the first malformed record
    /// stops the import with the file's problem, the rows before it stored. The reader's options
    /// are its own (``options`` does not apply).
    public func `import`(
        _ reader: consuming CSVReader, using mapper: any RowMapper, context: MappingContext, onStored: StoredHandler? = nil
    ) async -> CSVImportReport {
        var report = CSVImportReport(source: mapper.sourceSystem)
        var reader = reader
        await read(&reader, into: &report, mapper: mapper, context: context, onStored: onStored)
        return finish(report)
    }

    /// Imports a file already in memory.
    public func importBytes(
        _ bytes: [UInt8], using mapper: any RowMapper, context: MappingContext, onStored: StoredHandler? = nil
    ) async -> CSVImportReport {
        var report = CSVImportReport(source: mapper.sourceSystem)
        if structure == .strict {
            var check = CSVReader(bytes: bytes, options: options)
            if let problem = Self.firstStructuralProblem(&check) {
                report.fileProblem = Self.problem(problem)
                return finish(report)
            }
        }
        var reader = CSVReader(bytes: bytes, options: options)
        await read(&reader, into: &report, mapper: mapper, context: context, onStored: onStored)
        return finish(report)
    }

    private func read(
        _ reader: inout CSVReader, into report: inout CSVImportReport, mapper: any RowMapper, context: MappingContext,
        onStored: StoredHandler?
    ) async {
        // The header row.
        let header: CSVHeader
        do {
            guard let found = try reader.readHeader() else {
                report.fileProblem = .noDataFound
                return
            }
            header = found
        } catch {
            report.fileProblem = Self.problem(error)
            return
        }
        let trimmedNames = header.names.map(Self.trimmed)
        let missing = mapper.missingColumns(in: trimmedNames)
        guard missing.isEmpty else {
            report.fileProblem = .missingColumns(missing)
            return
        }
        // The header resolved once for the mapper: each record is then mapped by position, from
        // the reader's bytes, without a dictionary (or a String for a field the mapper only parses).
        let layout = mapper.layout(header: trimmedNames)

        // The data rows, stored in batches (one store round trip per batch), in file order.
        let labels = ["source_system": mapper.sourceSystem.rawValue]
        var pending = PendingRows(capacity: batchSize)
        var identities = FileIdentities()
        if concurrency <= 1 {
            // Chunk after chunk, each record mapped in place from the reader's buffer.
            let rowsPerChunk = min(batchSize, RecordChunk.maximumRows)
            var reading = true
            while reading {
                var mapped = MappedRows(capacity: rowsPerChunk)
                reading = RecordChunk.read(&reader) { view in
                    Self.map(view, into: &mapped, mapper: mapper, layout: layout, context: context)
                    return mapped.count < rowsPerChunk
                } failed: { problem in
                    mapped.append(problem)
                    return mapped.count < rowsPerChunk
                }
                guard await store(&mapped, pending: &pending, identities: &identities, into: &report, onStored: onStored) else { break }
            }
        } else {
            await readConcurrently(
                &reader, pending: &pending, identities: &identities, into: &report, mapper: mapper, layout: layout, context: context,
                onStored: onStored)
        }
        if !pending.isEmpty { _ = await flush(&pending, into: &report, onStored: onStored) }
        if report.rows == 0, report.fileProblem == nil { report.fileProblem = .noDataFound }
        for (result, count) in [("imported", report.imported), ("updated", report.updated), ("unchanged", report.unchanged), ("duplicate", report.duplicateRows), ("failed", report.failedRows)] where count > 0 {
            metrics.increment(.csvRows, labels: labels.merging(["result": result]) { $1 }, by: UInt64(count))
        }
    }

    /// A row that is not stored, found by the reader or the mapper.
    enum RowProblem: Sendable {
        /// A row that failed (a recoverable CSV error, or the mapper's): counted and reported.
        case failed(CSVRowFailure)
        /// The reader cannot go on: the file's problem; no row.
        case stop(CSVFileProblem)
        /// A record that breaks CSV structure (the reader can go on): the file's problem under
        /// ``CSVImportStructure/strict``, a failed row under ``CSVImportStructure/lenient``.
        case malformed(CSVError)
    }

    /// The outcome of a run of records, in file order: the mapped transactions back to back (so
    /// that a whole batch can go to the store as it is), and the problems between them.
    struct MappedRows: Sendable {
        /// The mapped transactions, in order.
        var transactions: [UnifiedTransaction] = []
        /// The spreadsheet row of each transaction.
        var rows: [Int] = []
        /// Each problem, after the first `before` transactions.
        var problems: [(before: Int, problem: RowProblem)] = []

        init(capacity: Int) {
            transactions.reserveCapacity(capacity)
            rows.reserveCapacity(capacity)
        }

        /// Records and problems held.
        var count: Int { transactions.count + problems.count }

        mutating func append(_ transaction: consuming UnifiedTransaction, row: Int) {
            transactions.append(transaction)
            rows.append(row)
        }

        mutating func append(_ problem: RowProblem) {
            problems.append((transactions.count, problem))
        }
    }

    /// Maps the record `view` lends, in place, into `rows`.
    @inline(__always)
    static func map(_ view: CSVRecordView, into rows: inout MappedRows, mapper: any RowMapper, layout: RowLayout, context: MappingContext) {
        let count = view.count
        let field = { (index: Int) in view.unsafeBytes(at: index) }
        do throws(RowMappingError) {
            rows.append(try mapper.map(fields: field, layout: layout, context: context), row: view.number)
        } catch {
            var failure = failure(error, row: view.number)
            failure.data = CSVRowData(count: count, field: field)  // the reference's {row, error, data}, bounded
            rows.append(.failed(failure))
        }
    }

    /// A reading error as a problem: a failed row when reading can go on, else the file's problem.
    static func problem(of error: any Error) -> RowProblem {
        guard let error = error as? CSVError else { return .stop(.malformed("\(error)")) }
        guard error.isRecoverable else { return .stop(problem(error)) }
        if isStructural(error) { return .malformed(error) }
        let message: String = if case .invalidUTF8 = error.kind { "File encoding is not UTF-8" } else { "Invalid format" }
        return .failed(CSVRowFailure(row: error.record, message: message, detail: "line \(error.line), column \(error.column): \(error.message)"))
    }

    /// The report's entry for a row the mapper rejected.
    static func failure(_ error: RowMappingError, row: Int) -> CSVRowFailure {
        CSVRowFailure(row: row, message: error.message, detail: "column \(error.column): expected \(error.expected), found \(error.found)")
    }

    /// Counts `mapped` in file order and stores its transactions batch by batch; false when
    /// importing stops (the reader or the store failed). A run that is exactly one whole batch,
    /// with nothing pending and nothing failed, goes to the store as it is (no copy).
    private func store(
        _ mapped: inout MappedRows, pending: inout PendingRows, identities: inout FileIdentities, into report: inout CSVImportReport,
        onStored: StoredHandler?
    ) async -> Bool {
        var verdicts: [FileIdentities.Verdict] = []
        verdicts.reserveCapacity(mapped.transactions.count)
        for index in mapped.transactions.indices {
            verdicts.append(identities.check(&mapped.transactions[index], row: mapped.rows[index]))
        }
        let allFirst = verdicts.allSatisfy { $0 == .first }
        if allFirst, pending.isEmpty, mapped.problems.isEmpty, mapped.transactions.count == pending.capacity {
            report.rows += mapped.transactions.count
            swap(&pending.transactions, &mapped.transactions)
            swap(&pending.rows, &mapped.rows)
            return await flush(&pending, into: &report, onStored: onStored)
        }
        var next = 0
        for index in 0...mapped.transactions.count {
            while next < mapped.problems.count, mapped.problems[next].before == index {
                switch mapped.problems[next].problem {
                case .failed(let failure):
                    report.rows += 1
                    fail(&report, failure)
                case .stop(let problem):
                    report.fileProblem = problem
                    return false
                case .malformed(let error):
                    guard structure == .lenient else {
                        report.fileProblem = Self.problem(error)
                        return false
                    }
                    report.rows += 1
                    fail(&report, CSVRowFailure(row: error.record, message: "Invalid format", detail: "line \(error.line), column \(error.column): \(error.message)"))
                }
                next += 1
            }
            guard index < mapped.transactions.count else { break }
            report.rows += 1
            switch verdicts[index] {
            case .first: break
            case .repeated(let firstRow):
                report.duplicateRows += 1
                if report.duplicates.count < maximumRecordedFailures {
                    report.duplicates.append(CSVDuplicateRow(row: mapped.rows[index], firstRow: firstRow, externalID: mapped.transactions[index].externalID))
                }
                continue
            case .conflicting(let failure):
                fail(&report, failure)
                continue
            }
            pending.append(mapped.transactions[index], row: mapped.rows[index])
            if pending.isFull, !(await flush(&pending, into: &report, onStored: onStored)) { return false }
        }
        return true
    }

    /// Reads chunks of records, maps them on up to ``concurrency`` child tasks, and stores the
    /// outcomes chunk after chunk in file order. At most ``concurrency`` + 1 chunks are read ahead
    /// of storing; once storing stops, chunks still being mapped are discarded unread.
    private func readConcurrently(
        _ reader: inout CSVReader, pending: inout PendingRows, identities: inout FileIdentities, into report: inout CSVImportReport,
        mapper: any RowMapper, layout: RowLayout, context: MappingContext, onStored: StoredHandler?
    ) async {
        // Chunks read ahead of storing: bounded, so memory is too (≤ 65 chunks of ≤ 1 MiB).
        let ahead = min(max(concurrency, 1), 64) + 1
        let rowsPerChunk = min(batchSize, RecordChunk.maximumRows)
        await withTaskGroup(of: (Int, MappedRows).self) { group in
            var submitted = 0, stored = 0
            var mapped: [Int: MappedRows] = [:]
            var reading = true
            storing: while true {
                if reading, submitted - stored < ahead {
                    var chunk = RecordChunk()
                    reading = chunk.fill(from: &reader, rows: rowsPerChunk)
                    guard !chunk.items.isEmpty else { continue }
                    let number = submitted
                    submitted += 1
                    let full = chunk
                    group.addTask { (number, full.map(mapper: mapper, layout: layout, context: context)) }
                    continue
                }
                guard stored < submitted else { break }
                guard var rows = mapped.removeValue(forKey: stored) else {
                    guard let (number, rows) = await group.next() else { break }
                    mapped[number] = rows
                    continue
                }
                stored += 1
                guard await store(&rows, pending: &pending, identities: &identities, into: &report, onStored: onStored) else { break storing }
            }
            group.cancelAll()
        }
    }

    /// Stores the pending rows in one batch and counts the outcomes; false (and the report's file
    /// problem set) if the store failed.
    private func flush(_ pending: inout PendingRows, into report: inout CSVImportReport, onStored: StoredHandler?) async -> Bool {
        defer { pending.removeAll() }
        let results: [UpsertResult]
        do {
            results = try await store.upsert(contentsOf: pending.transactions, now: now())
        } catch {
            let first = pending.rows.first ?? 0
            report.fileProblem = .malformed(
                "the transaction store failed at row \(first)\(pending.rows.count > 1 ? " or one of the \(pending.rows.count - 1) after it" : "") (\(type(of: error))); rows before it are stored, import the file again"
            )
            return false
        }
        for result in results {
            switch result.outcome {
            case .inserted: report.imported += 1
            case .updated: report.updated += 1
            case .unchanged: report.unchanged += 1
            }
        }
        if let onStored {
            for (transaction, result) in zip(pending.transactions, results) { await onStored(transaction, result) }
        }
        return true
    }

    private func fail(_ report: inout CSVImportReport, _ failure: CSVRowFailure) {
        report.failedRows += 1
        if report.failures.count < maximumRecordedFailures { report.failures.append(failure) }
    }

    private func finish(_ report: CSVImportReport) -> CSVImportReport {
        let status = report.fileProblem != nil && report.rows == 0 ? "failure" : report.isSuccess ? "success" : "partial"
        metrics.increment(.csvImports, labels: ["source_system": report.source.rawValue, "status": status])
        return report
    }
}
