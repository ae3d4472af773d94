import FakeProviderCore
import Foundation
import PWBIIntegration
import PWBIMapping
import Testing
import WebhookServerCore

/// The fake Accurate and Jurnal.id answer the kit's own requests as the library reads them, refuse
/// what the real systems refuse, and record a double posting.
@Suite(.serialized) struct FakeAccountingTests {
    static func entry(_ reference: String, debit: String = "80.5", credit: String = "80.5") throws -> JournalEntry {
        guard let date = LedgerDate(year: 2026, month: 12, day: 1) else { throw CancellationError() }
        return try JournalEntry(
            reference: reference, date: date, currency: .SAR, memo: "test", outlet: nil,
            lines: [
                JournalLine(account: "1101", side: .debit, amount: try Money(parsing: debit), role: .payment, memo: "cash"),
                JournalLine(account: "4101", side: .credit, amount: try Money(parsing: credit), role: .revenue, memo: "revenue"),
            ], sources: [])
    }

    @Test func accurateSavesOnceRefusesTheSameNumberAndBadSignatures() async throws {
        let harness = try await ExportHarness.make()
        let transport = AsyncHTTPClientTransport(client: harness.client)
        let accurate = AccurateExport(host: "http://127.0.0.1:\(harness.port)/accurate",
                                      credentials: .apiToken(FakeAccurate.apiToken, signatureSecret: FakeAccurate.signatureSecret))
        let saved = try AccurateResponse.saved(from: try await transport.send(accurate.journalVoucher(try Self.entry("R-1"), signedAt: ExportHarness.start)))
        #expect(saved.id == "4521" && saved.number == "R-1")
        await #expect(throws: AccurateResponseError.rejected(status: 200, messages: ["Nomor \"R-1\" sudah digunakan"])) {
            try AccurateResponse.saved(from: try await transport.send(accurate.journalVoucher(try Self.entry("R-1"), signedAt: ExportHarness.start)))
        }
        let forged = AccurateExport(host: accurate.host, credentials: .apiToken(FakeAccurate.apiToken, signatureSecret: "guessed"))
        await #expect(throws: AccurateResponseError.unauthorized(status: 401, messages: ["Header X-Api-Signature invalid"])) {
            try AccurateResponse.saved(from: try await transport.send(forged.journalVoucher(try Self.entry("R-2"), signedAt: ExportHarness.start)))
        }
        let outcomes = try AccurateResponse.bulkOutcomes(from: try await transport.send(
            accurate.journalVouchers([try Self.entry("R-3"), try Self.entry("R-1")], signedAt: ExportHarness.start)[0]))
        #expect(outcomes == [.saved(AccurateSaved(id: "4522", number: "R-3", messages: ["Data Jurnal Umum \"R-3\" berhasil disimpan"])),
                             .rejected(messages: ["Nomor \"R-1\" sudah digunakan"])])
        let books = await harness.accurate.books.contents
        #expect(books.saved.map(\.reference) == ["R-1", "R-3"])
        #expect(books.duplicates == ["R-1", "R-1"])
        await harness.close()
    }

    @Test func jurnalSavesOnceAndRefusesTheSameTransactionNumber() async throws {
        let harness = try await ExportHarness.make()
        let transport = AsyncHTTPClientTransport(client: harness.client)
        let jurnal = JurnalExport(apiKey: FakeJurnal.apiKey, baseURL: "http://127.0.0.1:\(harness.port)/jurnal")
        let saved = try JurnalResponse.journalEntry(from: try await transport.send(jurnal.journalEntry(try Self.entry("R-1"))))
        #expect(saved == JurnalSaved(id: "23571", transactionNumber: "R-1", customID: "R-1"))
        await #expect(throws: JurnalResponseError.rejected(status: 422, messages: ["Transaction no has already been taken"])) {
            try JurnalResponse.journalEntry(from: try await transport.send(jurnal.journalEntry(try Self.entry("R-1"))))
        }
        let wrong = JurnalExport(apiKey: "guessed", baseURL: jurnal.baseURL)
        await #expect(throws: JurnalResponseError.unauthorized(status: 401, messages: ["Unauthorized: invalid API key"])) {
            try JurnalResponse.journalEntry(from: try await transport.send(wrong.journalEntry(try Self.entry("R-2"))))
        }
        #expect(await harness.jurnal.books.contents.duplicates == ["R-1"])
        await harness.close()
    }
}
