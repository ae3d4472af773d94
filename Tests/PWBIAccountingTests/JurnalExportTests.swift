import Testing
import PWBIIntegration
import PWBIMapping

@Suite("Jurnal.id export: journal entries and sales invoices")
struct JurnalExportTests {
    let jurnal = JurnalExport(
        apiKey: "jurnal-api-key", accessToken: "jurnal-access-token",
        chargeProducts: .init(serviceCharge: "Service Charge", taxes: [.pb1: "Pajak PB1"]))
    let builder = JournalBuilder(mapping: Scenarios.idrNamesMapping)

    @Test func journalEntryBodiesAreByteExact() throws {
        let sale = try #require(try builder.entry(for: Scenarios.sale1001))
        let request = jurnal.journalEntry(sale)
        #expect(request.method == "POST")
        #expect(request.url == "https://api.jurnal.id/core/api/v1/journal_entries")
        #expect(request.headers == [
            HTTPHeaderField("apikey", "jurnal-api-key"),
            HTTPHeaderField("Authorization", "jurnal-access-token"),
            HTTPHeaderField("Content-Type", "application/json"),
        ])
        #expect(request.body == (try fixture("Requests/jurnal-journal-entry-sale.json")), "\(text(request.body))")

        let refund = try #require(try builder.entry(for: Scenarios.refund1001))
        let refundRequest = jurnal.journalEntry(refund)
        #expect(refundRequest.body == (try fixture("Requests/jurnal-journal-entry-refund.json")), "\(text(refundRequest.body))")
    }

    @Test func dateFormatAndKeyOnlyHeaders() throws {
        let keyOnly = JurnalExport(apiKey: "k", baseURL: "https://sandbox-api.jurnal.id/core/api/v1/", dateFormat: .dayMonthYear)
        let request = keyOnly.journalEntry(try #require(try builder.entry(for: Scenarios.sale1001)))
        #expect(request.url == "https://sandbox-api.jurnal.id/core/api/v1/journal_entries")
        #expect(request.headers == [HTTPHeaderField("apikey", "k"), HTTPHeaderField("Content-Type", "application/json")])
        #expect(text(request.body).hasPrefix(#"{"journal_entry":{"transaction_date":"27/12/2025","#))
    }

    @Test func salesInvoiceBodyIsByteExact() throws {
        let catalogue = InvoiceCatalogue(
            customer: "Pelanggan Umum", items: ["SKU-NG": "Nasi Goreng", "SKU-ET": "Es Teh", "SKU-KS": "Kopi Susu"])
        let invoice = try #require(try builder.salesInvoice(for: Scenarios.sale1001, catalogue: catalogue))
        let request = try jurnal.salesInvoice(invoice)
        #expect(request.url == "https://api.jurnal.id/core/api/v1/sales_invoices")
        #expect(request.body == (try fixture("Requests/jurnal-sales-invoice-sale.json")), "\(text(request.body))")
    }

    @Test func aChargeWithoutAProductIsAnErrorNotAGuess() throws {
        let catalogue = InvoiceCatalogue(customer: "Pelanggan Umum", defaultItem: "Makanan")
        let invoice = try #require(try builder.salesInvoice(for: Scenarios.sale1001, catalogue: catalogue))
        let bare = JurnalExport(apiKey: "k")
        #expect(throws: JurnalExportError.missingChargeProducts(reference: "karage-JKT-01-1001", charges: ["Service charge", "Tax PB1"])) {
            try bare.salesInvoice(invoice)
        }
    }
}
