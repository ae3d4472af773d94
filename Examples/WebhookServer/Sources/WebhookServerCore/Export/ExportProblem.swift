import PWBIIntegration
import PWBIMapping

/// Why an entry or a day was not exported, in the words of the troubleshooting guide: its entry
/// (symptom, solution, stable code) and the detail — the system's own messages.
public struct ExportProblem: Sendable, Hashable, CustomStringConvertible {
    /// The entry's reference, or the day when the whole day failed.
    public var reference: String
    /// The guide's entry.
    public var entry: TroubleshootingEntry
    /// What happened, without credentials.
    public var detail: String

    /// `Journal entry failed — Check account mappings (jurnal.journal_entry_failed): JKT-01-20261201: …`
    public var description: String {
        "\(entry.symptom) — \(entry.solution)\(entry.steps.map { " (\($0))" } ?? "") [\(entry.code)]: \(detail)"
    }

    /// The problem of a failed entry, mapped from the system's answer.
    public init(_ failure: AccountingExportFailure) {
        reference = failure.reference
        detail = failure.description
        switch failure.reason {
        case .accurate(.rejected): entry = .accurateChartOfAccounts
        case .accurate(.unauthorized): entry = .accurateTokenExpired
        case .accurate(.unavailable(let status)), .jurnal(.unavailable(let status)): entry = status == 429 ? .rateLimited : .apiDown
        case .jurnal(.rejected): entry = .jurnalJournalEntryFailed
        case .jurnal(.unauthorized): entry = .credentialsExpired
        case .accurate(.malformed), .jurnal(.malformed), .transport: entry = .apiDown
        }
    }

    /// The problem of a day whose journal could not be built (missing accounts, a transaction that
    /// does not reconcile): the mapping must be completed before anything is posted.
    public init(day: String, target: AccountingTarget, error: AccountingError) {
        reference = day
        detail = "\(error)"
        entry = target == .jurnal ? .jurnalJournalEntryFailed : .accurateChartOfAccounts
    }

    /// Whether the run must stop: the credentials are refused, so every later request would be too.
    public var stopsTheRun: Bool { entry == .accurateTokenExpired || entry == .credentialsExpired }
}
