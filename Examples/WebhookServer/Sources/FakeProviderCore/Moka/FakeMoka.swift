#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Hummingbird

/// Moka under `/moka`, the report shapes the kit's sources read, over one ``FakeSalesLedger`` per outlet:
///
/// - v1 "latest transactions": `GET /moka/v1/outlets/{outlet}/reports/get_latest_transactions?per_page&since&until`
///   → `{"data":{"payments":[…],"next_url":…,"completed":…}}`, newest first; `next_url` moves `until`
///   back to just before the last payment served (the documented keyset paging);
/// - v3 (the reference framework's): the same path under `/moka/v3`, the same page shape, also
///   `time_filter` (`created_at` only here), `include_promo` (ignored) and `reorder_type=ASC|DESC`;
///   `next_url` is the same query with the next `page`;
/// - GoBiz "Get Paid Transactions List": `GET /moka/integrations/mokapos/outlets/{outlet}/v1/reporting/transactions?page&per_page&order`
///   → `{"success":true,"data":{"transactions":[…]}}`, offset paged, `order=DESC` (default) or `ASC`.
///
/// Both require `Authorization: Bearer …`. Control routes: ``FakeLedgerControls`` (`api=v1|gobiz`
/// on `/_fake/dataset` picks the id form).
public struct FakeMoka: FakeSystem {
    /// The sales served.
    public let ledger: FakeSalesLedger

    /// A fake over `ledger`.
    public init(ledger: FakeSalesLedger) { self.ledger = ledger }

    /// A fake with the standard plan (seed 20, 480 sales per outlet over the day ending two minutes from now).
    public static func standard() -> FakeMoka { FakeMoka(ledger: FakeSalesLedger(plan: FakeSalesLedger.standardPlan())) }

    public var prefix: String { "/moka" }

    /// The v1 payment id of `sale`.
    public static func v1ID(of sale: FakeSale) -> String { String(100_000 + sale.number) }

    /// The GoBiz transaction id of `sale` (a UUID).
    public static func goBizID(of sale: FakeSale) -> String {
        let digits = String(sale.number)
        return "6f1e0000-0000-4000-8000-" + String(repeating: "0", count: max(0, 12 - digits.count)) + digits
    }

    public func addRoutes(to group: RouterGroup<BasicRequestContext>, provider: FakeProvider) {
        let ledger = self.ledger
        FakeLedgerControls.add(to: group, ledger: ledger) { sale, api in api == "gobiz" ? Self.goBizID(of: sale) : Self.v1ID(of: sale) }
        group.get("/v1/outlets/:outlet/reports/get_latest_transactions") { request, context -> Response in
            if let refused = FakeLedgerControls.unauthorized(request) { return refused }
            let outlet = context.parameters.get("outlet") ?? ""
            let query = request.uri.queryParameters
            guard let (perPage, page, since, until) = Self.reportQuery(request) else { return Self.badReportQuery }
            if page > 1 { await ledger.pageRequested(outlet: outlet) }
            let matching = Array(await ledger.visibleSales(outlet: outlet).filter {
                $0.occurredAtMilliseconds >= since && $0.occurredAtMilliseconds <= until
            }.reversed())
            let served = Array(matching.prefix(perPage))
            let completed = matching.count <= perPage
            var next: String?
            if !completed, let last = served.last {
                let base = request.head.authority.map { "http://\($0)/moka" } ?? ""
                var items = [("per_page", String(perPage)), ("until", Self.seconds(last.occurredAtMilliseconds - 1)), ("page", String(page + 1))]
                if let text = query.get("since") { items.insert(("since", text), at: 1) }
                next = base + "/v1/outlets/\(outlet)/reports/get_latest_transactions?" + items.map { "\($0.0)=\($0.1)" }.joined(separator: "&")
            }
            return FakeProvider.json(V1Page(data: .init(payments: served.map { Self.v1Payment($0, outlet: outlet) }, nextURL: next, completed: completed)))
        }
        group.get("/v3/outlets/:outlet/reports/get_latest_transactions") { request, context -> Response in
            if let refused = FakeLedgerControls.unauthorized(request) { return refused }
            let outlet = context.parameters.get("outlet") ?? ""
            let query = request.uri.queryParameters
            guard let (perPage, page, since, until) = Self.reportQuery(request) else { return Self.badReportQuery }
            // The fake's sales have one time: creation. Newest first unless reorder_type=ASC.
            guard (query.get("time_filter") ?? "created_at") == "created_at" else {
                return FakeProvider.json(["error": "this fake filters on created_at only"], status: .badRequest)
            }
            let order = query.get("reorder_type") ?? "DESC"
            guard order == "ASC" || order == "DESC" else { return FakeProvider.json(["error": "reorder_type is ASC or DESC"], status: .badRequest) }
            if page > 1 { await ledger.pageRequested(outlet: outlet) }
            let matching = await ledger.visibleSales(outlet: outlet).filter {
                $0.occurredAtMilliseconds >= since && $0.occurredAtMilliseconds <= until
            }
            let ordered = order == "ASC" ? matching : matching.reversed()
            let first = (page - 1) * perPage
            let served = first < ordered.count ? Array(ordered.dropFirst(first).prefix(perPage)) : []
            let completed = first + perPage >= ordered.count
            var next: String?
            if !completed {
                // Offset paging: the same query, the next page.
                let base = request.head.authority.map { "http://\($0)/moka" } ?? ""
                let items = query.filter { $0.key != "page" }.map { "\($0.key)=\($0.value)" } + ["page=\(page + 1)"]
                next = base + "/v3/outlets/\(outlet)/reports/get_latest_transactions?" + items.joined(separator: "&")
            }
            return FakeProvider.json(V1Page(data: .init(payments: served.map { Self.v1Payment($0, outlet: outlet) }, nextURL: next, completed: completed)))
        }
        group.get("/integrations/mokapos/outlets/:outlet/v1/reporting/transactions") { request, context -> Response in
            if let refused = FakeLedgerControls.unauthorized(request) { return refused }
            let outlet = context.parameters.get("outlet") ?? ""
            guard let page = FakeLedgerControls.integer(request, "page", default: 1, range: 1...1_000_000),
                  let perPage = FakeLedgerControls.integer(request, "per_page", default: 100, range: 1...1000) else {
                return FakeProvider.json(["error": "page and per_page must be positive whole numbers, per_page at most 1000"], status: .badRequest)
            }
            let order = request.uri.queryParameters.get("order") ?? "DESC"
            guard order == "ASC" || order == "DESC" else { return FakeProvider.json(["error": "order is ASC or DESC"], status: .badRequest) }
            if page > 1 { await ledger.pageRequested(outlet: outlet) }
            let visible = await ledger.visibleSales(outlet: outlet)
            let ordered = order == "ASC" ? visible : visible.reversed()
            let first = (page - 1) * perPage
            let slice = first < ordered.count ? Array(ordered.dropFirst(first).prefix(perPage)) : []
            return FakeProvider.json(GoBizPage(data: .init(transactions: slice.map(Self.goBizTransaction))))
        }
    }

    /// A report request's `per_page` (default 50), `page` (default 1), `since` and `until` (Unix
    /// seconds as milliseconds, open when absent); nil when one is malformed.
    static func reportQuery(_ request: Request) -> (perPage: Int, page: Int, since: Int64, until: Int64)? {
        let query = request.uri.queryParameters
        guard let perPage = FakeLedgerControls.integer(request, "per_page", default: 50, range: 1...1000),
              let page = FakeLedgerControls.integer(request, "page", default: 1, range: 1...1_000_000),
              let since = query.get("since").map(milliseconds) ?? Int64.min,
              let until = query.get("until").map(milliseconds) ?? Int64.max
        else { return nil }
        return (perPage, page, since, until)
    }

    static var badReportQuery: Response {
        FakeProvider.json(["error": "per_page, page, since and until must be numbers"], status: .badRequest)
    }

    /// Milliseconds of a decimal Unix-seconds parameter (`1517060430.505206`, `1766843400`); nil when malformed.
    static func milliseconds(_ text: String) -> Int64? {
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, !whole.isEmpty, whole.allSatisfy(\.isASCII), let seconds = Int64(whole), abs(seconds) < 100_000_000_000 else { return nil }
        var fraction: Int64 = 0
        if parts.count == 2 {
            let digits = parts[1]
            guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            fraction = Int64(String((digits + "000").prefix(3))) ?? 0
        }
        return seconds * 1000 + (seconds < 0 ? -fraction : fraction)
    }

    /// `1766843400.872` for milliseconds 1766843400872.
    static func seconds(_ milliseconds: Int64) -> String {
        let whole = FakeCalendar.floorDiv(milliseconds, 1000)
        let fraction = milliseconds - whole * 1000
        return "\(whole)." + (fraction < 10 ? "00" : fraction < 100 ? "0" : "") + "\(fraction)"
    }
}
