#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Hummingbird

/// The control routes of a fake whose data comes from a ``FakeSalesLedger``, under its prefix:
///
/// - `GET <prefix>/_fake/dataset?outlet=X[&api=…]` — `{"sales": [{"id", "at", "visibleFrom"}]}`: every
///   sale visible now, its external id as the kit stores it, when it happened and since when it is
///   shown (Unix milliseconds) — what a complete sync must have stored, and what a cursor covers;
/// - `POST <prefix>/_fake/plan` — `{"seed", "count", "start", "end"}` (Unix seconds): new data;
/// - `POST <prefix>/_fake/page-change` — `{"times": n}`: the next n later-page requests each first add a late sale.
enum FakeLedgerControls {
    struct Times: Decodable { var times: Int }
    struct Entry: Encodable {
        var id: String
        var at: Int64
        var visibleFrom: Int64
    }
    struct Dataset: Encodable { var sales: [Entry] }

    static func add(
        to group: RouterGroup<BasicRequestContext>, ledger: FakeSalesLedger,
        id: @escaping @Sendable (_ sale: FakeSale, _ api: String?) -> String
    ) {
        group.get("/_fake/dataset") { request, _ -> Response in
            let outlet = request.uri.queryParameters.get("outlet") ?? ""
            let api = request.uri.queryParameters.get("api")
            let sales = await ledger.visibleSales(outlet: outlet)
            return FakeProvider.json(Dataset(sales: sales.map { Entry(id: id($0, api), at: $0.occurredAtMilliseconds, visibleFrom: $0.visibleFromMilliseconds) }))
        }
        group.post("/_fake/plan") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 1 << 16)
            guard let plan = try? JSONDecoder().decode(FakeSalesLedger.Plan.self, from: Data(buffer: body)),
                  plan.count >= 0, plan.count <= 100_000, plan.end > plan.start else {
                return FakeProvider.json(["error": "a plan is {seed, count ≤ 100000, start, end > start}"], status: .badRequest)
            }
            await ledger.reset(plan)
            return Response(status: .noContent)
        }
        group.post("/_fake/page-change") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 1 << 16)
            guard let times = try? JSONDecoder().decode(Times.self, from: Data(buffer: body)), times.times >= 0 else {
                return FakeProvider.json(["error": "expected {\"times\": n}"], status: .badRequest)
            }
            await ledger.schedulePageChanges(times.times)
            return Response(status: .noContent)
        }
    }

    /// 401 unless the request carries `Authorization: Bearer <something>`.
    static func unauthorized(_ request: Request) -> Response? {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer "), header.count > 7 else {
            return FakeProvider.json(["error": "missing or invalid access token"], status: .unauthorized)
        }
        return nil
    }

    /// A whole number query parameter within `range`, its default when absent; nil when malformed.
    static func integer(_ request: Request, _ name: String, default fallback: Int, range: ClosedRange<Int>) -> Int? {
        guard let text = request.uri.queryParameters.get(name) else { return fallback }
        guard let value = Int(text), range.contains(value) else { return nil }
        return value
    }
}
