#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
public import PWBIMapping
import PWBISignatures

/// Which accounting system an entry was exported to.
public struct AccountingTarget: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    /// Accurate Online.
    public static let accurate = AccountingTarget(rawValue: "accurate")
    /// Jurnal.id.
    public static let jurnal = AccountingTarget(rawValue: "jurnal")
    public var description: String { rawValue }
}

/// A record that an entry (or invoice) reached an accounting system.
public struct AccountingExportRecord: Sendable, Hashable {
    /// The accounting system the entry was saved in.
    public let target: AccountingTarget
    /// The entry's reference (`karage-JKT-01-1001`, `JKT-01-20251227`).
    public let reference: String
    /// SHA-256 (hex) of the entry's content — date, currency and lines — so a changed entry under
    /// the same reference is told apart from a retry.
    public let fingerprint: String
    /// The id the accounting system gave it, if it said.
    public let remoteID: String?
    /// When the accounting system confirmed the save.
    public let exportedAt: Date

    /// A record of one confirmed save.
    public init(target: AccountingTarget, reference: String, fingerprint: String, remoteID: String?, exportedAt: Date) {
        self.target = target
        self.reference = reference
        self.fingerprint = fingerprint
        self.remoteID = remoteID
        self.exportedAt = exportedAt
    }
}

/// Where the host keeps what has been exported, so a retried batch never doubles the ledger.
/// Implement it on the host's database (unique on target + reference); ``InMemoryAccountingExportLedger``
/// is the reference implementation.
public protocol AccountingExportLedger: Sendable {
    /// The record of `reference` on `target`, if it was exported.
    func record(target: AccountingTarget, reference: String) async throws -> AccountingExportRecord?
    /// Stores a record after the accounting system confirmed the save (replacing any earlier one).
    func save(_ record: AccountingExportRecord) async throws
}

/// An in-memory ``AccountingExportLedger`` (tests, single-process hosts).
public actor InMemoryAccountingExportLedger: AccountingExportLedger {
    private var records: [String: AccountingExportRecord] = [:]

    /// An empty ledger.
    public init() {}

    public func record(target: AccountingTarget, reference: String) -> AccountingExportRecord? {
        records[Self.key(target, reference)]
    }

    public func save(_ record: AccountingExportRecord) {
        records[Self.key(record.target, record.reference)] = record
    }

    /// Every record, ordered by target and reference.
    public var all: [AccountingExportRecord] {
        records.values.sorted { ($0.target.rawValue, $0.reference) < ($1.target.rawValue, $1.reference) }
    }

    private static func key(_ target: AccountingTarget, _ reference: String) -> String {
        target.rawValue + "\u{0}" + reference
    }
}

/// What to do with a batch of entries, decided against the export ledger before anything is sent.
public struct AccountingExportPlan: Sendable {
    /// Entries never exported: send these.
    public let toExport: [JournalEntry]
    /// Entries already exported with the same content (a retried batch): skip them.
    public let alreadyExported: [AccountingExportRecord]
    /// Entries exported before with different content under the same reference — the source
    /// transactions changed after export. Never re-sent automatically: an accountant corrects the
    /// ledger (Accurate/Jurnal.id keep the first version).
    public let conflicts: [(entry: JournalEntry, record: AccountingExportRecord)]
    /// Entries that appear more than once in the batch itself (after their first occurrence).
    public let duplicatesInBatch: [JournalEntry]
}

/// Idempotent export: plans a batch against the ledger, and records confirmed saves.
public enum AccountingExport {
    /// Splits `entries` into new ones, re-exports (same reference, same content), conflicts (same
    /// reference, different content) and duplicates within the batch.
    public static func plan(
        _ entries: [JournalEntry], target: AccountingTarget, ledger: some AccountingExportLedger
    ) async throws -> AccountingExportPlan {
        var toExport: [JournalEntry] = []
        var already: [AccountingExportRecord] = []
        var conflicts: [(entry: JournalEntry, record: AccountingExportRecord)] = []
        var duplicates: [JournalEntry] = []
        var seen: Set<String> = []
        for entry in entries {
            guard seen.insert(entry.reference).inserted else {
                duplicates.append(entry)
                continue
            }
            if let record = try await ledger.record(target: target, reference: entry.reference) {
                if record.fingerprint == fingerprint(of: entry) {
                    already.append(record)
                } else {
                    conflicts.append((entry, record))
                }
            } else {
                toExport.append(entry)
            }
        }
        return AccountingExportPlan(toExport: toExport, alreadyExported: already, conflicts: conflicts, duplicatesInBatch: duplicates)
    }

    /// Records that `entry` was saved on `target` (call it after the accounting system confirmed).
    public static func recordSaved(
        _ entry: JournalEntry, target: AccountingTarget, remoteID: String?, at instant: Date,
        ledger: some AccountingExportLedger
    ) async throws {
        try await ledger.save(AccountingExportRecord(
            target: target, reference: entry.reference, fingerprint: fingerprint(of: entry),
            remoteID: remoteID, exportedAt: instant))
    }

    /// SHA-256 (hex) of the entry's reference, date, currency and lines in order.
    public static func fingerprint(of entry: JournalEntry) -> String {
        var hasher = SHA256()
        var text = "\(entry.reference)\n\(entry.date.iso8601)\n\(entry.currency.code)\n"
        for line in entry.lines {
            text += "\(line.side.rawValue) \(line.account.identifier) \(line.amount.normalized)\n"
        }
        hasher.update(utf8: text)
        return hasher.finalize().hexString
    }
}
