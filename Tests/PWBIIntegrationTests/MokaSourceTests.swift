import Foundation
import Testing

@testable import PWBIIntegration
@testable import PWBIMapping

/// Moka's polling sources: the report API (v3 and v1) and the GoBiz paid-transactions list.
@Suite("Moka polling sources")
struct MokaSourceTests {
    let outlet = IntegrationID(tenant: "t1", sourceSystem: "moka", account: "28076")
    /// 2025-12-27 00:00 to 2025-12-28 00:00 WIB.
    let window = PollWindow(from: Date(timeIntervalSince1970: 1_766_768_400), until: Date(timeIntervalSince1970: 1_766_854_800))
    let context = MappingContext(tenant: "t1", zones: ZoneResolution(configured: ZoneRule(identifier: "Asia/Jakarta")))
    let bearer = [HTTPHeaderField("Authorization", "Bearer token")]

    func page(_ name: String) throws -> TransportResponse {
        guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Resources/Moka") else {
            throw ResourceMissing(name: name)
        }
        return TransportResponse(status: 200, body: Array(try Data(contentsOf: url)))
    }

    func kinds(_ page: SourcePage) -> [String] {
        page.items.map { item in
            switch item {
            case .transaction(let transaction): transaction.kind.rawValue
            case .unmappable(_, let error): "unmappable at \(error.path)"
            }
        }
    }

    @Test func v3RequestIsUnchanged() throws {
        let source = MokaTransactionSource(mapper: MokaMapper())
        let request = try source.request(for: outlet, window: window, page: nil, authorization: bearer)
        #expect(request.url == "https://api.mokapos.com/v3/outlets/28076/reports/get_latest_transactions?per_page=50&since=1766768400&until=1766854800&time_filter=created_at&include_promo=true&reorder_type=ASC")
        #expect(source.pagesAreChronological)
    }

    @Test func v1RequestTakesOnlyTheWindowAndPagesAreNewestFirst() throws {
        let source = MokaTransactionSource(mapper: MokaMapper(), perPage: 3, version: .v1)
        let request = try source.request(for: outlet, window: window, page: nil, authorization: bearer)
        #expect(request.url == "https://api.mokapos.com/v1/outlets/28076/reports/get_latest_transactions?per_page=3&since=1766768400&until=1766854800")
        #expect(request.headers.contains(HTTPHeaderField("Authorization", "Bearer token")))
        #expect(!source.pagesAreChronological)
    }

    @Test func v1PageMapsSalesAndRefundsAndFollowsNextURLUntilCompleted() throws {
        let source = MokaTransactionSource(mapper: MokaMapper(), perPage: 3, version: .v1)
        let more = try source.parse(try page("v1-page-more"), integration: outlet, window: window, page: nil, context: context)
        #expect(kinds(more) == ["sale", "sale", "refund", "unmappable at data.payments[3].total_collected_amount"])
        #expect(more.transactions[2].originalExternalID == "89722")
        let next = try #require(more.next)
        #expect(next.value.hasPrefix("https://api.mokapos.com/v1/outlets/28076/reports/get_latest_transactions?"))
        let followed = try source.request(for: outlet, window: window, page: next, authorization: bearer)
        #expect(followed.url == next.value)
        let last = try source.parse(try page("v1-page-completed"), integration: outlet, window: window, page: next, context: context)
        #expect(last.next == nil, "completed: true ends the window even with a next_url")
        #expect(last.transactions.count == 3)
    }

    @Test func nextURLOnAnotherHostIsRefused() {
        let source = MokaTransactionSource(mapper: MokaMapper(), version: .v1)
        #expect(throws: SourcePageError.self) {
            try source.request(for: outlet, window: window, page: PageToken("https://evil.example/v1/outlets/28076"), authorization: bearer)
        }
    }

    @Test func goBizRequestPagesNewestFirst() throws {
        let source = MokaGoBizTransactionSource(mapper: MokaMapper(), perPage: 2)
        let first = try source.request(for: outlet, window: window, page: nil, authorization: bearer)
        #expect(first.url == "https://api.gobiz.co.id/integrations/mokapos/outlets/28076/v1/reporting/transactions?page=1&per_page=2&order=DESC")
        let third = try source.request(for: outlet, window: window, page: PageToken("3"), authorization: bearer)
        #expect(third.url.contains("?page=3&per_page=2&order=DESC"))
        #expect(!source.pagesAreChronological)
        #expect(MokaGoBizTransactionSource(mapper: MokaMapper(), perPage: 5000).perPage == 1000)
        #expect(throws: SourcePageError.self) {
            try source.request(for: IntegrationID(tenant: "t1", sourceSystem: "moka"), window: window, page: nil, authorization: bearer)
        }
    }

    @Test(arguments: [
        ("gobiz-page-full", ["sale", "sale", "refund"], "2" as String?),
        ("gobiz-page-reaches-start", ["sale", "refund", "sale"], nil),
        ("gobiz-page-short", ["sale"], nil),
    ])
    func goBizPaging(name: String, expected: [String], next: String?) throws {
        let source = MokaGoBizTransactionSource(mapper: MokaMapper(), perPage: 2)
        let parsed = try source.parse(try page(name), integration: outlet, window: window, page: nil, context: context)
        #expect(kinds(parsed) == expected)
        #expect(parsed.next?.value == next)
    }

    @Test func goBizPageWithoutDataIsAPageError() {
        let source = MokaGoBizTransactionSource(mapper: MokaMapper())
        #expect(throws: SourcePageError.self) {
            try source.parse(TransportResponse(status: 200, body: Array(#"{"success":false}"#.utf8)), integration: outlet, window: window, page: nil, context: context)
        }
    }
}
