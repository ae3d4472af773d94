#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PWBIIntegration
import PWBIMapping
import Synchronization

/// `pwbi csv import`, `pwbi csv template` and `pwbi pkce`: the PWBIIntegration pipelines on the command line.
let integrationCommands: [Command] = [
    Command(
        name: "csv import",
        summary: "Imports a POS CSV export: unified transactions as NDJSON on stdout, the import report on stderr.",
        usage: "csv import --source pawoon|moka|generic [--lenient] FILE",
        details: """
            The file is streamed (FILE '-' reads standard input at constant memory). Each stored transaction
            is printed as one line of unified JSON. The report (imported / updated / unchanged / failed rows
            with row numbers and the troubleshooting guide's messages, and rows repeating an earlier row of
            the file) goes to stderr. Exit 1 when any row failed or the file was rejected (Invalid format,
            No data found, encoding not UTF-8).

            Structure is strict: an unterminated quote (a truncated file), a stray quote, text after a
            closing quote or a wrong field count rejects the file with its row, line and column, and a FILE
            is checked whole before anything is stored (standard input cannot be: rows before the problem
            are stored). The same transaction id twice with different contents is a failed row naming both
            rows; an identical repeat is reported as a duplicate and not imported again.

              --lenient   report each malformed record as a failed row and import the rest
            """,
        examples: ["pwbi csv import --source generic sales.csv", "pwbi csv template --source generic > template.csv"]
    ) { arguments, io in
        let source = try arguments.choice("source", from: csvImportSources) ?? { throw UsageError("missing required option --source") }()
        let lenient = try arguments.flag("lenient")
        guard let file = try arguments.file() else { throw UsageError("missing FILE") }
        let mapper = try RowMappers.mapper(for: SourceSystem(rawValue: source))
        let importer = CSVImporter(store: PrintedRunStore(), structure: lenient ? .lenient : .strict)
        let context = MappingContext(tenant: "cli")
        let echo: CSVImporter.StoredHandler = { transaction, _ in io.print(UnifiedJSON.encode(transaction)) }
        let report: CSVImportReport
        if file == "-" {
            let reader = try io.csvReader(nil, options: importer.options)
            report = await importer.import(reader, using: mapper, context: context, onStored: echo)
        } else {
            report = await importer.importFile(atPath: file, using: mapper, context: context, onStored: echo)
        }
        for line in report.lines { io.printError(line) }
        return report.isSuccess ? .ok : .rejected
    },
    Command(
        name: "csv template",
        summary: "Prints the CSV template (the header row the importer expects) for a source.",
        usage: "csv template --source pawoon|moka|generic",
        examples: ["pwbi csv template --source generic"]
    ) { arguments, io in
        let source = try arguments.choice("source", from: csvImportSources) ?? { throw UsageError("missing required option --source") }()
        try arguments.finish()
        io.output.write(String(decoding: try CSVTemplate.bytes(for: SourceSystem(rawValue: source)), as: UTF8.self))
        return .ok
    },
    Command(
        name: "pkce",
        summary: "Prints a fresh PKCE code verifier and its S256 code challenge (RFC 7636).",
        usage: "pkce [--verifier V]",
        details: """
            Without --verifier, 32 bytes from the system's secure random generator become a
            43-character verifier. With --verifier, prints the challenge of that verifier
            (43 to 128 characters of A-Z a-z 0-9 - . _ ~).
            Output: code_verifier=…, code_challenge=…, code_challenge_method=S256, one per line.
            """,
        examples: ["pwbi pkce", "pwbi pkce --verifier dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"]
    ) { arguments, io in
        let given = try arguments.option("verifier")
        try arguments.finish()
        let pkce: PKCE
        if let given {
            do { pkce = try PKCE(verifier: given) } catch { throw UsageError("option --verifier: \(error)") }
        } else {
            pkce = PKCE.generate()
        }
        io.print("code_verifier=\(pkce.verifier.revealed)")
        io.print("code_challenge=\(pkce.challenge)")
        io.print("code_challenge_method=\(pkce.method)")
        return .ok
    },
]

/// The sources `csv import` and `csv template` accept.
private let csvImportSources = ["pawoon", "moka", "generic"]

/// The store `pwbi csv import` imports into: each run starts empty and its transactions are
/// printed, not kept, so memory does not grow with them. Every key reaches it at most once per
/// run — the importer reports a row repeating an earlier one before storing — so each upsert
/// is an insert, as it would be into an empty ``InMemoryTransactionStore``.
private final class PrintedRunStore: TransactionStore {
    private let count = Mutex(0)

    func upsert(_ transaction: UnifiedTransaction, now: Date) async throws -> UpsertResult {
        let number = count.withLock { count in
            count += 1
            return count
        }
        return UpsertResult(outcome: .inserted, internalID: String(number))
    }

    func transaction(for key: TransactionKey) async throws -> StoredTransaction? { nil }
}
