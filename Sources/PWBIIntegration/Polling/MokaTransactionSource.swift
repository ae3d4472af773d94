public import PWBIMapping

/// Moka's report API, `GET /v3/outlets/{outlet_id}/reports/get_latest_transactions` (or the v1
/// path, ``Version/v1``), one outlet per integration (the integration's ``IntegrationID/account``
/// is the Moka outlet id). For Moka through the GoBiz developer API see
/// ``MokaGoBizTransactionSource``.
///
/// v1 takes `per_page`, `since` and `until` and pages newest first: its `next_url` moves `until`
/// back (`…/v1/outlets/28076/reports/get_latest_transactions?per_page=50&until=1517060430.505206`)
/// until `completed` is true, so with v1 the cursor moves once the window is done. Its payments
/// carry `total_collected_amount`, `total_checkouts_amount`, `amount_pay`, `is_refunded`,
/// `parent_payment_id`…, which the Moka mapper reads (a refund is its own transaction).
///
/// Request: `per_page`, `since` and `until` (Unix seconds, the window rounded outwards),
/// `time_filter` (`created_at` by default), `include_promo=true`, `reorder_type=ASC` (oldest first,
/// so the cursor can follow each stored page), with the authorizer's header (`Authorization:
/// Bearer …` from Moka's OAuth). Response: `{"data":{"payments":[…],"next_url":…,"completed":…}}`;
/// the next page is `next_url` until `completed` is true. A `next_url` on another host is refused,
/// so the token is never sent elsewhere. Each payment maps through the Moka mapper on its own; one
/// that does not map becomes ``SourceItem/unmappable(raw:error:)``.
public struct MokaTransactionSource: TransactionSource {
    /// Which timestamp `since`/`until` filter on.
    public enum TimeFilter: String, Sendable, Hashable {
        /// Filter on when the payment was created (pages are oldest first).
        case createdAt = "created_at"
        /// Filter on when the payment was last updated.
        case updatedAt = "updated_at"
        /// Filter on when Moka synchronised the payment from the device.
        case synchronizedAt = "synchronized_at"
    }

    /// The report API's version: the path and the query it takes.
    public enum Version: String, Sendable, Hashable {
        /// `/v1/outlets/{outlet_id}/reports/get_latest_transactions`: `per_page`, `since`, `until`; newest first.
        case v1
        /// `/v3/outlets/{outlet_id}/reports/get_latest_transactions`: also `time_filter`,
        /// `include_promo` and `reorder_type=ASC` (oldest first).
        case v3
    }

    /// `https://api.mokapos.com` unless overridden (a sandbox, a recording proxy).
    public var baseURL: String
    /// Payments per page.
    public var perPage: Int
    /// Which timestamp the window filters on.
    public var timeFilter: TimeFilter
    /// Maps each payment of a page.
    public let mapper: any TransactionMapper
    /// Which version of the report API is called.
    public var version: Version

    /// A source over Moka's report API (v3 unless `version` says otherwise).
    public init(
        mapper: any TransactionMapper, baseURL: String = "https://api.mokapos.com", perPage: Int = 50,
        timeFilter: TimeFilter = .createdAt, version: Version = .v3
    ) {
        self.mapper = mapper
        self.version = version
        self.baseURL = SourceSupport.trimmedBase(baseURL)
        self.perPage = max(1, perPage)
        self.timeFilter = timeFilter
    }

    public var sourceSystem: SourceSystem { .moka }

    /// v3: oldest first by `created_at`; with another time filter the page order says nothing
    /// about `created_at`, so the cursor waits for the end of the window. v1: newest first, never.
    public var pagesAreChronological: Bool { version == .v3 && timeFilter == .createdAt }

    public func request(
        for integration: IntegrationID, window: PollWindow, page: PageToken?, authorization: [HTTPHeaderField]
    ) throws(SourcePageError) -> TransportRequest {
        let headers = authorization + [HTTPHeaderField("Accept", "application/json")]
        if let page {
            let next = page.value
            let url: String
            if next.hasPrefix("/") {
                url = baseURL + next
            } else if next.hasPrefix(baseURL + "/") || next.hasPrefix(baseURL + "?") {
                url = next
            } else {
                throw SourcePageError("data.next_url points outside \(baseURL)")
            }
            return TransportRequest(method: "GET", url: url, headers: headers)
        }
        guard !integration.account.isEmpty else {
            throw SourcePageError("a Moka integration polls one outlet: its account must be the Moka outlet id")
        }
        var query: [(name: String, value: String)] = [
            ("per_page", String(perPage)),
            ("since", String(SourceSupport.unixSeconds(window.from, roundingUp: false))),
            ("until", String(SourceSupport.unixSeconds(window.until, roundingUp: true))),
        ]
        if version == .v3 {
            query += [("time_filter", timeFilter.rawValue), ("include_promo", "true"), ("reorder_type", "ASC")]
        }
        let path = "/\(version.rawValue)/outlets/" + FormEncoding.percentEncode(integration.account) + "/reports/get_latest_transactions"
        return TransportRequest(method: "GET", url: baseURL + path + "?" + FormEncoding.encode(query), headers: headers)
    }

    public func parse(
        _ response: TransportResponse, integration: IntegrationID, window: PollWindow, page: PageToken?, context: MappingContext
    ) throws(SourcePageError) -> SourcePage {
        let document = try SourceSupport.document(response)
        let data = document.root["data"]
        guard data.kind == .object else { throw SourcePageError("data is \(data.exists ? "not an object" : "missing")") }
        let items = try SourceSupport.items(data["payments"], mapper: mapper, context: context)
        let completed = (try? data["completed"].bool()) ?? false
        var next: PageToken?
        if !completed, let url = try? data["next_url"].string(), !url.isEmpty {
            next = PageToken(url)
        }
        return SourcePage(items: items, next: next)
    }
}
