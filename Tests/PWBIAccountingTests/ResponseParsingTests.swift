import Testing
import PWBIIntegration

@Suite("Accurate and Jurnal.id response parsing")
struct ResponseParsingTests {
    func response(_ status: Int, _ path: String) throws -> TransportResponse {
        TransportResponse(status: status, body: try fixture(path))
    }

    @Test func accurateSaveSuccess() throws {
        let saved = try AccurateResponse.saved(from: try response(200, "Responses/accurate-save-success.json"))
        #expect(saved == AccurateSaved(id: "4521", number: "karage-JKT-01-1001",
                                        messages: [#"Data Jurnal Umum "karage-JKT-01-1001" berhasil disimpan"#]))
    }

    @Test func accurateErrorsCarryAccuratesMessages() throws {
        #expect(throws: AccurateResponseError.rejected(status: 200, messages: [
            #"Akun Perkiraan dengan nomor "4199" tidak ditemukan"#, "Total Debit dan Kredit harus sama",
        ])) {
            try AccurateResponse.saved(from: try response(200, "Responses/accurate-save-error.json"))
        }
        #expect(throws: AccurateResponseError.unauthorized(status: 401, messages: ["Header X-Api-Signature invalid"])) {
            try AccurateResponse.saved(from: try response(401, "Responses/accurate-save-error-text.json"))
        }
        #expect(throws: AccurateResponseError.unauthorized(status: 401, messages: ["invalid_token", "Invalid access token: expired"])) {
            try AccurateResponse.saved(from: try response(401, "Responses/accurate-oauth-invalid-token.json"))
        }
        #expect(throws: AccurateResponseError.unavailable(status: 503)) {
            try AccurateResponse.saved(from: TransportResponse(status: 503, text: "<html>Service Unavailable</html>"))
        }
        #expect(throws: AccurateResponseError.unavailable(status: 429)) {
            try AccurateResponse.saved(from: TransportResponse(status: 429, text: "{}"))
        }
        #expect(throws: AccurateResponseError.malformed(status: 200, reason: "no boolean `s`")) {
            try AccurateResponse.saved(from: TransportResponse(status: 200, text: #"{"d":["?"]}"#))
        }
    }

    @Test(arguments: ["", "{", "[1,", "\u{0}", "{\"s\":tru}", "nul", String(repeating: "[", count: 10_000)])
    func malformedBodiesAreTypedErrorsNeverCrashes(body: String) {
        #expect(throws: AccurateResponseError.self) { try AccurateResponse.saved(from: TransportResponse(status: 200, text: body)) }
        #expect(throws: AccurateResponseError.self) { try AccurateResponse.bulkOutcomes(from: TransportResponse(status: 200, text: body)) }
        #expect(throws: JurnalResponseError.self) { try JurnalResponse.journalEntry(from: TransportResponse(status: 201, text: body)) }
        #expect(throws: JurnalResponseError.self) { try JurnalResponse.journalEntry(from: TransportResponse(status: 422, text: body)) }
    }

    @Test func accurateBulkGivesOneOutcomePerRecord() throws {
        let outcomes = try AccurateResponse.bulkOutcomes(from: try response(200, "Responses/accurate-bulk-mixed.json"))
        #expect(outcomes == [
            .saved(AccurateSaved(id: "4521", number: "karage-JKT-01-1001", messages: ["Data berhasil disimpan"])),
            .rejected(messages: [#"Nomor "karage-JKT-01-1001-R1" sudah digunakan"#]),
        ])
        #expect(throws: AccurateResponseError.rejected(status: 200, messages: ["Header X-Api-Signature invalid"])) {
            try AccurateResponse.bulkOutcomes(from: try response(200, "Responses/accurate-save-error-text.json"))
        }
    }

    @Test func jurnalCreated() throws {
        let entry = try JurnalResponse.journalEntry(from: try response(201, "Responses/jurnal-journal-entry-created.json"))
        #expect(entry == JurnalSaved(id: "23571", transactionNumber: "karage-JKT-01-1001", customID: "karage-JKT-01-1001"))
        let invoice = try JurnalResponse.salesInvoice(from: try response(201, "Responses/jurnal-sales-invoice-created.json"))
        #expect(invoice.id == "88012")
        #expect(throws: JurnalResponseError.malformed(status: 201, reason: "no `sales_invoice.id` in the answer")) {
            try JurnalResponse.salesInvoice(from: try response(201, "Responses/jurnal-journal-entry-created.json"))
        }
    }

    @Test func jurnalErrors() throws {
        #expect(throws: JurnalResponseError.rejected(status: 422, messages: [
            "Account name Kas Kecil tidak ditemukan", "Total debit dan kredit harus sama",
        ])) {
            try JurnalResponse.journalEntry(from: try response(422, "Responses/jurnal-error.json"))
        }
        #expect(throws: JurnalResponseError.unauthorized(status: 401, messages: ["Unauthorized: invalid API key"])) {
            try JurnalResponse.journalEntry(from: try response(401, "Responses/jurnal-unauthorized.json"))
        }
        #expect(throws: JurnalResponseError.rejected(status: 400, messages: ["transaction_date can't be blank", "memo is too long"])) {
            try JurnalResponse.journalEntry(from: TransportResponse(
                status: 400, text: #"{"errors":{"transaction_date":["can't be blank"],"memo":"is too long"}}"#))
        }
        #expect(throws: JurnalResponseError.unavailable(status: 502)) {
            try JurnalResponse.journalEntry(from: TransportResponse(status: 502, text: "Bad Gateway"))
        }
    }
}
