public import PWBIMapping

/// Qasir's transactions API as the reference framework calls it: `GET /v1/transactions` with
/// `Authorization: Bearer <api key>` (from the authorizer) and `from_date`, plus `to_date`,
/// `page` and `per_page`, and `outlet_id` when the integration names an outlet (connect each
/// outlet separately). Dates are ISO 8601 UTC (`2025-12-27T02:10:00Z`), the window rounded outwards.
///
/// Response: `{"transactions":[…]}`. There is no public specification of Qasir's paging; this
/// source follows `next_page` (a number) or `has_more` when the answer has them, and otherwise
/// asks for the next page while a page comes back full. Page order is not assumed, so the cursor
/// moves at the end of each window.
public struct QasirTransactionSource: TransactionSource {
    /// `https://api.qasir.id` unless overridden.
    public var baseURL: String
    /// Transactions per page.
    public var perPage: Int
    /// Maps each element of `transactions[]`.
    public let mapper: any TransactionMapper

    /// A source over Qasir's transactions API.
    public init(mapper: any TransactionMapper, baseURL: String = "https://api.qasir.id", perPage: Int = 100) {
        self.mapper = mapper
        self.baseURL = SourceSupport.trimmedBase(baseURL)
        self.perPage = max(1, perPage)
    }

    public var sourceSystem: SourceSystem { .qasir }
    public var pagesAreChronological: Bool { false }

    public func request(
        for integration: IntegrationID, window: PollWindow, page: PageToken?, authorization: [HTTPHeaderField]
    ) throws(SourcePageError) -> TransportRequest {
        let number = page.flatMap { Int($0.value) } ?? 1
        var query: [(name: String, value: String)] = [
            ("from_date", SourceSupport.iso8601(window.from, roundingUp: false)),
            ("to_date", SourceSupport.iso8601(window.until, roundingUp: true)),
            ("page", String(number)),
            ("per_page", String(perPage)),
        ]
        if !integration.account.isEmpty { query.append(("outlet_id", integration.account)) }
        return TransportRequest(
            method: "GET", url: baseURL + "/v1/transactions?" + FormEncoding.encode(query),
            headers: authorization + [HTTPHeaderField("Accept", "application/json")])
    }

    public func parse(
        _ response: TransportResponse, integration: IntegrationID, window: PollWindow, page: PageToken?, context: MappingContext
    ) throws(SourcePageError) -> SourcePage {
        let document = try SourceSupport.document(response)
        let root = document.root
        let list = root["transactions"]
        let items = try SourceSupport.items(list, mapper: mapper, context: context)
        let count = (try? list.array().count) ?? 0
        let number = page.flatMap { Int($0.value) } ?? 1
        var next: PageToken?
        if let explicit = try? root["next_page"].int() {
            next = explicit > number ? PageToken(String(explicit)) : nil
        } else if root["next_page"].isNull {
            next = nil
        } else if let more = try? root["has_more"].bool() {
            next = more ? PageToken(String(number + 1)) : nil
        } else if count >= perPage {
            next = PageToken(String(number + 1))
        }
        return SourcePage(items: items, next: next)
    }
}
