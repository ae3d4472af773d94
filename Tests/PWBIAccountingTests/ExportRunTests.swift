#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Testing
import PWBIIntegration
import PWBIMapping

@Suite("Export runs through the host's transport")
struct ExportRunTests {
    let accurate = AccurateExport(host: "https://zeus.accurate.id", credentials: .oauth(accessToken: "at", sessionID: "s"))
    let now: @Sendable () -> Date = { signingInstant }

    var entries: [JournalEntry] {
        get throws { try JournalBuilder(mapping: Scenarios.idrMapping).entries(for: [Scenarios.sale1001, Scenarios.refund1001]).entries }
    }

    @Test func accurateRetryAfterAPartialFailureSendsOnlyWhatWasNotSaved() async throws {
        let ledger = InMemoryAccountingExportLedger()
        let transport = ScriptedTransport([.respond(TransportResponse(status: 200, body: try fixture("Responses/accurate-bulk-mixed.json")))])
        let first = try await accurate.export(try entries, via: transport, ledger: ledger, now: now)
        #expect(first.exported.map(\.reference) == ["karage-JKT-01-1001"])
        #expect(first.exported.map(\.remoteID) == ["4521"])
        #expect(first.failed.map(\.reference) == ["karage-JKT-01-1001-R1"])

        transport.enqueue(.respond(TransportResponse(status: 200, text: #"{"s":true,"d":[{"s":true,"d":["ok"],"r":{"id":4522}}]}"#)))
        let retry = try await accurate.export(try entries, via: transport, ledger: ledger, now: now)
        #expect(retry.alreadyExported.map(\.reference) == ["karage-JKT-01-1001"])
        #expect(retry.exported.map(\.reference) == ["karage-JKT-01-1001-R1"])
        let resent = text(try #require(transport.requests.last).body)
        #expect(!resent.contains(#""number":"karage-JKT-01-1001","#))
        #expect(resent.contains(#""number":"karage-JKT-01-1001-R1""#))

        // A third run sends nothing at all.
        let third = try await accurate.export(try entries, via: transport, ledger: ledger, now: now)
        #expect(third.alreadyExported.count == 2)
        #expect(transport.requests.count == 2)
    }

    @Test func transportFailuresAndRefusedAuthorisationLeaveNothingRecorded() async throws {
        let ledger = InMemoryAccountingExportLedger()
        let timeout = ScriptedTransport([.fail(.timeout)])
        let report = try await accurate.export(try entries, via: timeout, ledger: ledger, now: now)
        #expect(report.failed.map(\.description) == ["karage-JKT-01-1001: Connection timeout", "karage-JKT-01-1001-R1: Connection timeout"])
        #expect(await ledger.all.isEmpty)

        let jurnal = JurnalExport(apiKey: "k")
        let refused = ScriptedTransport([.respond(TransportResponse(status: 401, body: try fixture("Responses/jurnal-unauthorized.json")))])
        let names = try JournalBuilder(mapping: Scenarios.idrNamesMapping).entries(for: [Scenarios.sale1001, Scenarios.refund1001]).entries
        let stopped = try await jurnal.export(names, via: refused, ledger: ledger, now: now)
        #expect(stopped.failed.count == 2)
        #expect(refused.requests.count == 1)   // the run stops at the first 401
        #expect(await ledger.all.isEmpty)
    }

    @Test func jurnalExportsOneEntryPerRequestAndRecordsEachConfirmation() async throws {
        let ledger = InMemoryAccountingExportLedger()
        let jurnal = JurnalExport(apiKey: "k")
        let names = try JournalBuilder(mapping: Scenarios.idrNamesMapping).entries(for: [Scenarios.sale1001, Scenarios.refund1001]).entries
        let transport = ScriptedTransport([
            .respond(TransportResponse(status: 201, body: try fixture("Responses/jurnal-journal-entry-created.json"))),
            .respond(TransportResponse(status: 422, body: try fixture("Responses/jurnal-error.json"))),
        ])
        let report = try await jurnal.export(names + [names[0]], via: transport, ledger: ledger, now: now)
        #expect(report.exported.map(\.remoteID) == ["23571"])
        #expect(report.failed == [AccountingExportFailure(
            reference: "karage-JKT-01-1001-R1",
            reason: .jurnal(.rejected(status: 422, messages: ["Account name Kas Kecil tidak ditemukan", "Total debit dan kredit harus sama"])))])
        #expect(report.duplicatesInBatch == ["karage-JKT-01-1001"])
        #expect(await ledger.all.map(\.reference) == ["karage-JKT-01-1001"])
    }
}
