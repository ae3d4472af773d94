#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Testing
import PWBIIntegration
import PWBIMapping

@Suite("Accurate Online export: journal vouchers, sales invoices, signing")
struct AccurateExportTests {
    static let secret = "pwbi-accounting-signature-secret"
    let accurate = AccurateExport(
        host: "https://zeus.accurate.id/", credentials: .apiToken("aol-api-token", signatureSecret: AccurateExportTests.secret),
        branches: ["JKT-01": "Jakarta Pusat"])

    var saleEntry: JournalEntry {
        get throws { try #require(try JournalBuilder(mapping: Scenarios.idrMapping).entry(for: Scenarios.sale1001)) }
    }

    @Test func journalVoucherBodyIsByteExact() throws {
        let request = accurate.journalVoucher(try saleEntry, signedAt: signingInstant)
        #expect(request.method == "POST")
        #expect(request.url == "https://zeus.accurate.id/accurate/api/journal-voucher/save.do")
        let expected = try fixture("Requests/accurate-journal-voucher-sale.json")
        #expect(request.body == expected, "\(text(request.body))")
    }

    @Test func signedHeadersMatchTheIndependentVector() throws {
        let request = accurate.journalVoucher(try saleEntry, signedAt: signingInstant)
        #expect(request.headers == [
            HTTPHeaderField("Authorization", "Bearer aol-api-token"),
            HTTPHeaderField("X-Api-Timestamp", "2025-12-27T05:30:00Z"),
            HTTPHeaderField("X-Api-Signature", "rChMSTAce4Jv0Azj9XB8/5cO8BHJ9QIiKIEwWNfy9ho="),
            HTTPHeaderField("Content-Type", "application/json"),
        ])
        let wib = AccurateExport(
            host: "https://zeus.accurate.id",
            credentials: .apiToken("aol-api-token", signatureSecret: Self.secret,
                                   timestampFormat: .dayMonthYear(try #require(ZoneRule(identifier: "Asia/Jakarta")))))
        let signed = wib.journalVoucher(try saleEntry, signedAt: signingInstant)
        #expect(signed.header("X-Api-Timestamp") == "27/12/2025 12:30:00")
        #expect(signed.header("X-Api-Signature") == "EGNRZkghL5OhaNwPSOx8/BT9eTTVhm8ROHNgXpJLkxs=")
    }

    struct Vector: Decodable, Sendable, CustomTestStringConvertible {
        let name, secret, timestamp, base64, hex: String
        var testDescription: String { name }
    }

    static var vectors: [Vector] {
        struct File: Decodable { let vectors: [Vector] }
        guard let bytes = try? fixture("accurate-signature-vectors.json"),
              let file = try? JSONDecoder().decode(File.self, from: Data(bytes)) else { return [] }
        return file.vectors
    }

    /// Vectors computed with Python's hmac; the first is the example in Accurate's own guide.
    @Test(arguments: vectors)
    func signatureMatchesPythonHMAC(vector: Vector) {
        #expect(AccurateCredentials.signature(timestamp: vector.timestamp, signatureSecret: vector.secret) == vector.base64)
    }

    @Test func vectorsWereLoaded() {
        #expect(Self.vectors.count == 3)
        #expect(Self.vectors.first?.base64 == "8NxvylwwMcjGyzVXK0qbwNvFFuzHpwE9tECllVwLkbo=")
    }

    @Test func oauthUsesBearerAndSessionHeaders() throws {
        let oauth = AccurateExport(host: "https://zeus.accurate.id", credentials: .oauth(accessToken: "at-123", sessionID: "sess-9"))
        let request = oauth.journalVoucher(try saleEntry, signedAt: signingInstant)
        #expect(request.headers == [
            HTTPHeaderField("Authorization", "Bearer at-123"),
            HTTPHeaderField("X-Session-ID", "sess-9"),
            HTTPHeaderField("Content-Type", "application/json"),
        ])
        // Without a branch configured for the outlet, no branchName is sent.
        #expect(!text(request.body).contains("branchName"))
    }

    @Test func credentialsNeverPrintTheirSecrets() {
        let credentials = AccurateCredentials.apiToken("aol-api-token", signatureSecret: Self.secret)
        for printed in ["\(credentials)", String(reflecting: credentials)] {
            #expect(!printed.contains("aol-api-token"))
            #expect(!printed.contains(Self.secret))
        }
    }

    @Test func sarVoucherKeepsTheMinorUnitsAndTheRoundingLine() throws {
        let entry = try #require(try JournalBuilder(mapping: Scenarios.sarMapping).entry(for: Scenarios.sar2001))
        let request = accurate.journalVoucher(entry, signedAt: signingInstant)
        #expect(request.body == (try fixture("Requests/accurate-journal-voucher-sar-rounding.json")), "\(text(request.body))")
    }

    @Test func bulkSaveCarriesUpToOneHundredVouchers() throws {
        let builder = JournalBuilder(mapping: Scenarios.idrMapping)
        let entries = try builder.entries(for: [Scenarios.sale1001, Scenarios.refund1001]).entries
        let requests = accurate.journalVouchers(entries, signedAt: signingInstant)
        #expect(requests.count == 1)
        #expect(requests.first?.url == "https://zeus.accurate.id/accurate/api/journal-voucher/bulk-save.do")
        #expect(requests.first?.body == (try fixture("Requests/accurate-journal-voucher-bulk.json")), "\(requests.first.map { text($0.body) } ?? "")")

        let many = (0..<250).map { index -> UnifiedTransaction in
            var sale = Scenarios.sale1002
            sale.externalID = "B\(index)"
            return sale
        }
        let chunks = accurate.journalVouchers(try builder.entries(for: many).entries, signedAt: signingInstant)
        #expect(chunks.count == 3)
        let counts = chunks.map { occurrences(of: "\"transDate\"", in: text($0.body)) }
        #expect(counts == [100, 100, 50])
    }

    static let catalogue = InvoiceCatalogue(
        customer: "C-POS", items: ["SKU-NG": "FNB-001", "SKU-ET": "FNB-002", "SKU-KS": "FNB-003"])

    @Test func salesInvoiceBodiesAreByteExact() throws {
        let builder = JournalBuilder(mapping: Scenarios.idrMapping)
        let invoice = try #require(try builder.salesInvoice(for: Scenarios.sale1001, catalogue: Self.catalogue))
        #expect(invoice.total == money("93500"))
        let single = accurate.salesInvoice(invoice, signedAt: signingInstant)
        #expect(single.url == "https://zeus.accurate.id/accurate/api/sales-invoice/save.do")
        #expect(single.body == (try fixture("Requests/accurate-sales-invoice-sale.json")), "\(text(single.body))")

        let invoices = try builder.salesInvoices(for: [Scenarios.sale1001, Scenarios.sale1002], catalogue: Self.catalogue).invoices
        let bulk = accurate.salesInvoices(invoices, signedAt: signingInstant)
        #expect(bulk.count == 1)
        #expect(bulk.first?.url == "https://zeus.accurate.id/accurate/api/sales-invoice/bulk-save.do")
        #expect(bulk.first?.body == (try fixture("Requests/accurate-sales-invoice-bulk.json")), "\(bulk.first.map { text($0.body) } ?? "")")
    }

    @Test func invoicesReportMissingItemCodesAndRefuseRefunds() throws {
        let builder = JournalBuilder(mapping: Scenarios.idrMapping)
        let partial = InvoiceCatalogue(customer: "C-POS", items: ["SKU-NG": "FNB-001"])
        #expect(throws: AccountingError.missingAccounts([
            MissingAccount(.invoiceItem(product: "SKU-ET"), neededBy: ["karage-JKT-01-1001"]),
            MissingAccount(.invoiceItem(product: "SKU-KS"), neededBy: ["karage-JKT-01-1002"]),
        ])) {
            try builder.salesInvoices(for: [Scenarios.sale1001, Scenarios.sale1002], catalogue: partial)
        }
        var withDefault = partial
        withDefault.defaultItem = "FNB-000"
        let invoice = try #require(try builder.salesInvoice(for: Scenarios.sale1002, catalogue: withDefault))
        #expect(invoice.items.map(\.code) == ["FNB-000"])
        #expect(throws: AccountingError.invalidTransaction(
            reference: "karage-JKT-01-1001-R1", reason: "a refund is not a sales invoice: export it as a journal entry")) {
            try builder.salesInvoice(for: Scenarios.refund1001, catalogue: Self.catalogue)
        }
    }

    @Test func invoiceRoundingIsAChargeOnTheRoundingAccount() throws {
        let builder = JournalBuilder(mapping: Scenarios.sarMapping)
        let invoice = try #require(try builder.salesInvoice(for: Scenarios.sar2001, catalogue: InvoiceCatalogue(customer: "WALK-IN", defaultItem: "POS")))
        #expect(invoice.charges.map { "\($0.name) \($0.account) \($0.amount)" } == ["Tax VAT 2103 1.57", "Rounding 6901 -0.01"])
        let body = text(accurate.salesInvoice(invoice, signedAt: signingInstant).body)
        #expect(body.contains(#"{"accountNo":"6901","expenseName":"Rounding","expenseAmount":-0.01}"#))
    }
}
