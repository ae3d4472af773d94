#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PWBIIntegration
import PWBIMapping

/// Asks the accounting system whether an entry whose post was never answered was saved after all,
/// by its reference (the number the kit posts it under): Accurate's
/// `GET {host}/accurate/api/journal-voucher/detail.do?number=REF` (`{"s": true, "d": {"id": …}}`),
/// Jurnal.id's `GET {base}/journal_entries?transaction_no=REF` (`{"journal_entries": [{"id": …,
/// "transaction_no": …}]}`). With the attempt recorded before each post, this is what keeps a
/// timeout or a crash between the post and the ledger write from posting the day twice.
enum ExportLookup {
    /// What the system said about a reference.
    enum Result: Sendable, Hashable {
        /// Saved, with its id when the system gave one.
        case found(remoteID: String?)
        /// Not there: safe to post.
        case notFound
    }

    /// The lookup request of `reference`, signed at `instant`.
    static func request(_ reference: String, poster: ExportSetup.Poster, at instant: Date) -> TransportRequest {
        let encoded = FormEncoding.percentEncode(reference)
        switch poster {
        case .accurate(let accurate):
            return TransportRequest(
                method: "GET", url: "\(accurate.host)/accurate/api/journal-voucher/detail.do?number=\(encoded)",
                headers: accurate.credentials.headers(at: instant))
        case .jurnal(let jurnal):
            var headers = [HTTPHeaderField("apikey", jurnal.apiKey)]
            if let token = jurnal.accessToken { headers.append(HTTPHeaderField("Authorization", token)) }
            return TransportRequest(method: "GET", url: "\(jurnal.baseURL)/journal_entries?transaction_no=\(encoded)", headers: headers)
        }
    }

    /// Reads the answer to the lookup of `reference`; a refusal or outage is the reason it failed.
    static func read(_ response: TransportResponse, reference: String, poster: ExportSetup.Poster) throws(AccountingExportFailure) -> Result {
        let root = (try? JSONDocument(parsing: response.body))?.root
        func messages() -> [String] {
            guard let root else { return [] }
            return [try? root["d"].string(), try? root["error"].string(), try? root["message"].string()].compactMap { $0 }
        }
        switch poster {
        case .accurate:
            func fail(_ error: AccurateResponseError) -> AccountingExportFailure { AccountingExportFailure(reference: reference, reason: .accurate(error)) }
            switch response.status {
            case 401, 403: throw fail(.unauthorized(status: response.status, messages: messages()))
            case 429, 500...: throw fail(.unavailable(status: response.status))
            default: break
            }
            guard let root, let success = try? root["s"].bool() else {
                throw fail(.malformed(status: response.status, reason: "the detail.do answer has no boolean `s`"))
            }
            guard success else { return .notFound }
            let record = root["d"]
            guard (try? record["number"].string()) == reference else {
                throw fail(.malformed(status: response.status, reason: "detail.do answered another number"))
            }
            return .found(remoteID: try? record["id"].identifier())
        case .jurnal:
            func fail(_ error: JurnalResponseError) -> AccountingExportFailure { AccountingExportFailure(reference: reference, reason: .jurnal(error)) }
            switch response.status {
            case 200..<300: break
            case 401, 403: throw fail(.unauthorized(status: response.status, messages: messages()))
            case 404: return .notFound
            case 429, 500...: throw fail(.unavailable(status: response.status))
            default: throw fail(.rejected(status: response.status, messages: messages()))
            }
            guard let list = try? root?["journal_entries"].array() else {
                throw fail(.malformed(status: response.status, reason: "no `journal_entries` list in the answer"))
            }
            for entry in list where (try? entry["transaction_no"].identifier()) == reference {
                return .found(remoteID: try? entry["id"].identifier())
            }
            return .notFound
        }
    }
}
