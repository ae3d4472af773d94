public import PWBIMapping

/// Moka through the GoBiz developer API, "Get Paid Transactions List":
/// `GET /integrations/mokapos/outlets/{outlet_id}/v1/reporting/transactions`, one outlet per
/// integration (the integration's ``IntegrationID/account`` is the outlet id), with the
/// authorizer's `Authorization: Bearer …` (GoBiz client credentials, scope `mokapos:reporting:read`).
///
/// The API takes only `page`, `per_page` (at most 1000) and `order` (`ASC`/`DESC` by date) — no
/// time window. This source asks newest first (`order=DESC`) and stops at the first page that is
/// short, empty, marked `completed`, or reaches a sale older than the window's start; sales
/// newer than the window on the first pages are kept (storing is idempotent). Pages are not
/// oldest first, so the cursor moves once the window is done. Each element maps through the
/// Moka mapper (a sale, then its `payment_refunds[]`); one that does not map becomes
/// ``SourceItem/unmappable(raw:error:)``.
public struct MokaGoBizTransactionSource: TransactionSource {
    /// `https://api.gobiz.co.id` unless overridden (the sandbox is `https://api.partner-sandbox.gobiz.co.id`).
    public var baseURL: String
    /// Transactions per page (1…1000).
    public var perPage: Int
    /// Maps each element of `data.transactions[]`.
    public let mapper: any TransactionMapper

    /// A source over GoBiz's paid-transactions list.
    public init(mapper: any TransactionMapper, baseURL: String = "https://api.gobiz.co.id", perPage: Int = 100) {
        self.mapper = mapper
        self.baseURL = SourceSupport.trimmedBase(baseURL)
        self.perPage = min(1000, max(1, perPage))
    }

    public var sourceSystem: SourceSystem { .moka }
    public var pagesAreChronological: Bool { false }

    public func request(
        for integration: IntegrationID, window: PollWindow, page: PageToken?, authorization: [HTTPHeaderField]
    ) throws(SourcePageError) -> TransportRequest {
        guard !integration.account.isEmpty else {
            throw SourcePageError("a GoBiz Moka integration polls one outlet: its account must be the outlet id")
        }
        let number = page.flatMap { Int($0.value) } ?? 1
        let query = FormEncoding.encode([("page", String(number)), ("per_page", String(perPage)), ("order", "DESC")])
        let path = "/integrations/mokapos/outlets/" + FormEncoding.percentEncode(integration.account) + "/v1/reporting/transactions"
        return TransportRequest(
            method: "GET", url: baseURL + path + "?" + query,
            headers: authorization + [HTTPHeaderField("Accept", "application/json")])
    }

    public func parse(
        _ response: TransportResponse, integration: IntegrationID, window: PollWindow, page: PageToken?, context: MappingContext
    ) throws(SourcePageError) -> SourcePage {
        let document = try SourceSupport.document(response)
        let data = document.root["data"]
        guard data.kind == .object else { throw SourcePageError("data is \(data.exists ? "not an object" : "missing")") }
        let list = data["transactions"]
        let items = try SourceSupport.items(list, mapper: mapper, context: context)
        let count = (try? list.array().count) ?? 0
        let completed = (try? data["completed"].bool()) ?? false
        guard let start = try? Timestamp(window.from) else { throw SourcePageError("the window's start is not a representable time") }
        let reachedStart = items.contains { item in
            guard case .transaction(let transaction) = item, transaction.kind == .sale else { return false }
            return transaction.occurredAt.instant < start
        }
        let number = page.flatMap { Int($0.value) } ?? 1
        let more = !completed && count >= perPage && !reachedStart
        return SourcePage(items: items, next: more ? PageToken(String(number + 1)) : nil)
    }
}
