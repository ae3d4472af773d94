import PWBIMapping
import Testing

@testable import PWBIIntegration

/// ``FileIdentities`` hashes a row's warnings once per distinct warning list: a repeat is still a
/// duplicate only when every field, the warnings included, equals its first row's.
@Suite("File identities")
struct FileIdentitiesTests {
    static let zone = MappingWarning(.zoneAssumed, path: "Date", message: "the time has no zone and none is configured; Asia/Jakarta assumed")
    static let currency = MappingWarning(.currencyAssumed, message: "no currency in the payload or the integration settings; IDR assumed")

    static func row(_ id: String, total: String = "10000", warnings: [MappingWarning]) throws -> UnifiedTransaction {
        UnifiedTransaction(
            tenant: "t", sourceSystem: .pawoon, externalID: id,
            occurredAt: ZonedTimestamp(instant: Timestamp(secondsSince1970: 1_766_800_000), utcOffsetSeconds: 25_200, zoneDecision: .explicit),
            currency: .IDR, total: try Money(parsing: total), warnings: warnings)
    }

    /// (id, total, warnings) per row from row 2, and the verdict expected on each.
    static let cases: [(rows: [(String, String, [MappingWarning])], verdicts: [String])] = [
        // Warning lists alternate between rows: each repeat is compared with its own first row's.
        ([("A", "10000", [zone, currency]), ("B", "10000", [currency]), ("A", "10000", [zone, currency]), ("B", "10000", [currency])],
         ["first", "first", "repeat of 2", "repeat of 3"]),
        // Equal warnings built separately (not one shared array) still match.
        ([("A", "10000", [zone]), ("A", "10000", [MappingWarning(.zoneAssumed, path: "Date", message: zone.message)])],
         ["first", "repeat of 2"]),
        // Only the warnings differ: a conflict, with the same amounts.
        ([("A", "10000", [zone, currency]), ("A", "10000", [currency])], ["first", "conflict: different details"]),
        ([("A", "10000", []), ("A", "10000", [zone])], ["first", "conflict: different details"]),
        // Same warnings, another total.
        ([("A", "10000", [currency]), ("A", "20000", [currency])], ["first", "conflict: different amounts"]),
    ]

    @Test(arguments: cases.indices)
    func repeatsAreDuplicatesOnlyWhenEveryFieldMatches(_ index: Int) throws {
        var identities = FileIdentities()
        var verdicts: [String] = []
        for (offset, (id, total, warnings)) in Self.cases[index].rows.enumerated() {
            var transaction = try Self.row(id, total: total, warnings: warnings)
            let before = transaction
            switch identities.check(&transaction, row: offset + 2) {
            case .first: verdicts.append("first")
            case .repeated(let firstRow): verdicts.append("repeat of \(firstRow)")
            case .conflicting(let failure):
                verdicts.append("conflict: " + (failure.detail.hasSuffix("different amounts") ? "different amounts" : "different details"))
            }
            #expect(transaction == before, "check lends the transaction and puts it back unchanged")
        }
        #expect(verdicts == Self.cases[index].verdicts)
    }
}
