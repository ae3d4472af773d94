#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HTTPTypes
import Hummingbird
import PWBIMapping
import PWBISignatures

/// Jurnal.id's journal-entry API as the kit's `JurnalExport` calls it, under `/jurnal` (an
/// integration's base URL is `http://host:port/jurnal`, standing for `…/core/api/v1`):
///
/// - `POST /jurnal/journal_entries` (`{"journal_entry": {transaction_date, transaction_no, custom_id,
///   memo, transaction_account_lines_attributes: [{account_name, debit | credit}]}}`): 201 with
///   `{"journal_entry": {"id", …}}`; a `transaction_no` already saved is refused with 422
///   (`Transaction no has already been taken`) and recorded as a duplicate; an unbalanced entry 422.
/// - `GET /jurnal/journal_entries?transaction_no=…`: `{"journal_entries": [...]}` (empty when none).
/// - The `apikey` header must be the fake's key (constant-time compare), otherwise 401.
/// - `GET /jurnal/_books`: what was saved and every duplicate post.
public struct FakeJurnal: FakeSystem {
    /// The API key the fake accepts.
    public static let apiKey = "fake-jurnal-key"

    public let prefix = "/jurnal"
    /// The journal entries saved.
    public let books = FakeBooks(firstID: 23571)

    /// A fake Jurnal.id with empty books.
    public init() {}

    public func addRoutes(to group: RouterGroup<BasicRequestContext>, provider: FakeProvider) {
        books.addRoutes(to: group)
        group.post("/journal_entries") { request, _ -> Response in
            if let refusal = Self.unauthorized(request) { return refusal }
            guard let document = try? JSONDocument(parsing: try await FakeBooks.body(request)) else { return Self.refuse(["body is not JSON"], status: .badRequest) }
            let entry = document.root["journal_entry"]
            guard let number = try? entry["transaction_no"].string(), !number.isEmpty else { return Self.refuse(["Transaction no can't be blank"]) }
            guard let date = try? entry["transaction_date"].string(), !date.isEmpty else { return Self.refuse(["Transaction date can't be blank"]) }
            guard let attributes = try? entry["transaction_account_lines_attributes"].array() else { return Self.refuse(["Transaction account lines can't be blank"]) }
            var lines: [(side: String, amount: JSONValue)] = []
            for line in attributes {
                guard let account = try? line["account_name"].string(), !account.isEmpty else { return Self.refuse(["Account name can't be blank"]) }
                let debit = line["debit"], credit = line["credit"]
                guard debit.exists != credit.exists else { return Self.refuse(["Each line needs either debit or credit"]) }
                lines.append(debit.exists ? ("debit", debit) : ("credit", credit))
            }
            switch FakeBooks.balance(lines) {
            case .failure(let reason):
                return Self.refuse([reason.message])
            case .success(let totals):
                guard let saved = await books.post(
                    reference: number, date: date, debit: totals.debit.description, credit: totals.credit.description, lines: lines.count)
                else { return Self.refuse(["Transaction no has already been taken"]) }
                return FakeProvider.raw(Array("{\"journal_entry\":\(Self.render(saved))}".utf8), status: .created)
            }
        }
        group.get("/journal_entries") { request, _ -> Response in
            if let refusal = Self.unauthorized(request) { return refusal }
            var found: [String] = []
            if let number = request.uri.queryParameters["transaction_no"].map(String.init), let saved = await books.find(number) {
                found.append(Self.render(saved))
            }
            return FakeProvider.raw(Array("{\"journal_entries\":[\(found.joined(separator: ","))]}".utf8))
        }
    }

    /// A saved entry as Jurnal.id shows it (totals as JSON numbers, from the exact text).
    static func render(_ saved: FakeBooks.Saved) -> String {
        "{\"id\":\(saved.id),\"transaction_no\":\(FakeBooks.quoted(saved.reference)),\"custom_id\":\(FakeBooks.quoted(saved.reference)),"
            + "\"transaction_date\":\(FakeBooks.quoted(saved.date)),\"total_debit\":\(saved.debit),\"total_credit\":\(saved.credit)}"
    }

    /// A 401 unless the `apikey` header is the fake's key.
    static func unauthorized(_ request: Request) -> Response? {
        guard let name = HTTPField.Name("apikey"), let key = request.headers[name], ConstantTime.isEqual(utf8: key, apiKey) else {
            return FakeProvider.raw(Array("{\"error\":\"Unauthorized: invalid API key\"}".utf8), status: .unauthorized)
        }
        return nil
    }

    static func refuse(_ messages: [String], status: HTTPResponse.Status = .unprocessableContent) -> Response {
        FakeProvider.raw(Array("{\"error_full_messages\":[\(messages.map(FakeBooks.quoted).joined(separator: ","))]}".utf8), status: status)
    }
}
