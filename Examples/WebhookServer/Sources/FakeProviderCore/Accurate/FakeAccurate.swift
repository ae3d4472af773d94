#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HTTPTypes
import Hummingbird
import PWBIIntegration
import PWBIMapping
import PWBISignatures

/// Accurate Online's journal-voucher API as the kit's `AccurateExport` calls it, under `/accurate`
/// (an integration's base URL — the data-usaha host — is `http://host:port/accurate`):
///
/// - `POST /accurate/api/journal-voucher/save.do` and `bulk-save.do` (`{"data": [...]}`, 100 at
///   most): `{"s", "d", "r"}` answers; a number already saved is refused
///   (`Nomor "…" sudah digunakan`) and recorded as a duplicate; an unbalanced voucher is refused.
/// - `GET /accurate/api/journal-voucher/detail.do?number=…`: the saved voucher, or `s: false`.
/// - API-token authorisation checked: `Authorization: Bearer <token>`, `X-Api-Timestamp`,
///   `X-Api-Signature` = base64(HMAC-SHA256(secret, timestamp)), compared in constant time;
///   otherwise 401.
/// - `GET /accurate/_books`: what was saved and every duplicate post.
public struct FakeAccurate: FakeSystem {
    /// The API token the fake accepts.
    public static let apiToken = "fake-accurate-token"
    /// The signature secret the fake checks `X-Api-Signature` with.
    public static let signatureSecret = "fake-accurate-secret"

    public let prefix = "/accurate"
    /// The vouchers saved.
    public let books = FakeBooks(firstID: 4521)

    /// A fake Accurate with empty books.
    public init() {}

    public func addRoutes(to group: RouterGroup<BasicRequestContext>, provider: FakeProvider) {
        books.addRoutes(to: group)
        group.post("/accurate/api/journal-voucher/save.do") { request, _ -> Response in
            if let refusal = Self.unauthorized(request) { return refusal }
            guard let document = try? JSONDocument(parsing: try await FakeBooks.body(request)) else { return Self.refuse("Format data tidak valid", status: .badRequest) }
            let outcome = await save(document.root)
            return FakeProvider.raw(Array(outcome.utf8))
        }
        group.post("/accurate/api/journal-voucher/bulk-save.do") { request, _ -> Response in
            if let refusal = Self.unauthorized(request) { return refusal }
            guard let document = try? JSONDocument(parsing: try await FakeBooks.body(request)),
                  let records = try? document.root["data"].array()
            else { return Self.refuse("Format data tidak valid", status: .badRequest) }
            guard records.count <= 100 else { return Self.refuse("Maksimal 100 data per bulk-save") }
            var outcomes: [String] = []
            for record in records { outcomes.append(await save(record)) }
            return FakeProvider.raw(Array("{\"s\":true,\"d\":[\(outcomes.joined(separator: ","))]}".utf8))
        }
        group.get("/accurate/api/journal-voucher/detail.do") { request, _ -> Response in
            if let refusal = Self.unauthorized(request) { return refusal }
            guard let number = request.uri.queryParameters["number"].map(String.init), let saved = await books.find(number) else {
                return Self.refuse("Data tidak ditemukan")
            }
            return FakeProvider.raw(Array(
                "{\"s\":true,\"d\":{\"id\":\(saved.id),\"number\":\(FakeBooks.quoted(saved.reference)),\"transDate\":\(FakeBooks.quoted(saved.date))}}".utf8))
        }
    }

    /// Saves one voucher; its `{s, d, r}` answer as JSON text.
    func save(_ voucher: JSONValue) async -> String {
        guard let number = try? voucher["number"].string(), !number.isEmpty else { return Self.refusal("Nomor harus diisi") }
        guard let date = try? voucher["transDate"].string(), Self.isDayMonthYear(date) else { return Self.refusal("Tanggal harus diisi (dd/MM/yyyy)") }
        guard let details = try? voucher["detailJournalVoucher"].array() else { return Self.refusal("Rincian jurnal harus diisi") }
        var lines: [(side: String, amount: JSONValue)] = []
        for detail in details {
            guard let account = try? detail["accountNo"].string(), !account.isEmpty,
                  let type = try? detail["amountType"].string(), type == "DEBIT" || type == "CREDIT"
            else { return Self.refusal("Akun Perkiraan dan Tipe harus diisi") }
            lines.append((type == "DEBIT" ? "debit" : "credit", detail["amount"]))
        }
        switch FakeBooks.balance(lines) {
        case .failure(let reason):
            return Self.refusal(reason.message)
        case .success(let totals):
            guard let saved = await books.post(
                reference: number, date: date, debit: totals.debit.description, credit: totals.credit.description, lines: lines.count)
            else { return Self.refusal("Nomor \"\(number)\" sudah digunakan") }
            return "{\"s\":true,\"d\":[\(FakeBooks.quoted("Data Jurnal Umum \"\(number)\" berhasil disimpan"))],"
                + "\"r\":{\"id\":\(saved.id),\"number\":\(FakeBooks.quoted(number)),\"transDate\":\(FakeBooks.quoted(date))}}"
        }
    }

    /// A 401 unless the request carries the fake's token and a valid signature of its timestamp.
    static func unauthorized(_ request: Request) -> Response? {
        func header(_ name: String) -> String? { HTTPField.Name(name).flatMap { request.headers[$0] } }
        guard let authorization = header("Authorization"), ConstantTime.isEqual(utf8: authorization, "Bearer " + apiToken) else {
            return refuse("Token tidak valid", status: .unauthorized)
        }
        guard let timestamp = header("X-Api-Timestamp"), let signature = header("X-Api-Signature"),
              ConstantTime.isEqual(utf8: signature, AccurateCredentials.signature(timestamp: timestamp, signatureSecret: signatureSecret))
        else { return refuse("Header X-Api-Signature invalid", status: .unauthorized) }
        return nil
    }

    static func refusal(_ message: String) -> String { "{\"s\":false,\"d\":[\(FakeBooks.quoted(message))]}" }

    static func refuse(_ message: String, status: HTTPResponse.Status = .ok) -> Response {
        FakeProvider.raw(Array(refusal(message).utf8), status: status)
    }

    static func isDayMonthYear(_ text: String) -> Bool {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        return parts.count == 3 && parts.map(\.count) == [2, 2, 4] && parts.allSatisfy { $0.allSatisfy(\.isASCIIDigit) }
    }
}

extension Character {
    /// `0`…`9`.
    var isASCIIDigit: Bool { isASCII && isNumber }
}
