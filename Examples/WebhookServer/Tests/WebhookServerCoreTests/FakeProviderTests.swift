import FakeProviderCore
import Foundation
import Hummingbird
import PWBIIntegration
import Testing
import WebhookServerCore

/// The fake provider the CI scenarios drive: its fault plan, its request journal (the "never the
/// same page twice at once" invariant) and its control routes, over real HTTP.
@Suite struct FakeProviderTests {
    /// A system for these tests: `/test/ok` answers at once, `/test/page` reports its arrival and
    /// waits for the gate, `/test/missing` throws a 404.
    struct TestSystem: FakeSystem {
        let gate = Gate()
        let arrivals: AsyncStream<Void>
        let arrived: AsyncStream<Void>.Continuation
        var prefix: String { "/test" }

        init() { (arrivals, arrived) = AsyncStream.makeStream(of: Void.self) }

        func addRoutes(to group: RouterGroup<BasicRequestContext>, provider: FakeProvider) {
            group.get("/ok") { _, _ in FakeProvider.json(["ok": true]) }
            group.get("/page") { [gate, arrived] _, _ -> Response in
                arrived.yield()
                await gate.wait()
                return FakeProvider.json(["page": 1])
            }
            group.get("/missing") { _, _ -> Response in throw HTTPError(.notFound) }
        }
    }

    /// Runs a fake serving `system` on port 0 with a transport to it.
    static func withFake<T>(
        _ system: TestSystem = TestSystem(), timeout: Duration = .seconds(5),
        _ body: (FakeProvider, AsyncHTTPClientTransport, String) async throws -> T
    ) async throws -> T {
        try await withFakeProvider([system], timeout: timeout, body)
    }

    static func json(_ method: String, _ url: String, _ body: String) -> TransportRequest {
        TransportRequest(method: method, url: url, headers: [HTTPHeaderField("Content-Type", "application/json")], body: Array(body.utf8))
    }

    // MARK: - FaultPlan

    @Test func faultsAreUsedFirstAddedFirstAndCountedDown() async {
        let plan = FaultPlan()
        await plan.add([
            Fault(path: "/qasir", status: 500, times: 2), Fault(path: "/qasir/v1", status: 429, retryAfter: 3),
            Fault(path: "/moka", status: 401, times: 0),
        ])
        #expect(await plan.queued.count == 2)
        #expect(await plan.take(for: "/moka/v1/reports") == nil)
        #expect(await plan.take(for: "/qasir/v1/transactions")?.status == 500)
        #expect(await plan.take(for: "/qasir/v1/transactions")?.status == 500)
        #expect(await plan.take(for: "/qasir/v1/transactions") == Fault(path: "/qasir/v1", status: 429, retryAfter: 3))
        #expect(await plan.take(for: "/qasir/v1/transactions") == nil)
        await plan.add([Fault(path: "/", delayMilliseconds: 10)])
        await plan.clear()
        #expect(await plan.queued.isEmpty)
    }

    @Test func aFaultWithoutACountIsUsedOnceAndABadOneIsNamed() throws {
        let decoded = try JSONDecoder().decode([Fault].self, from: Data(#"[{"path":"/qasir","status":429,"retryAfter":60}]"#.utf8))
        #expect(decoded == [Fault(path: "/qasir", status: 429, retryAfter: 60, times: 1)])
        #expect(decoded[0].problem == nil)
        #expect(Fault(path: "/", status: 5000).problem?.contains("5000") == true)
        #expect(Fault(path: "/", status: 99).problem != nil)
        #expect(Fault(path: "/", retryAfter: -1).problem != nil)
        #expect(Fault(path: "/", delayMilliseconds: -5).problem != nil)
        #expect(Fault(path: "/", delayMilliseconds: 600_001).problem != nil)
        #expect(Fault(path: "/", times: -1).problem != nil)
    }

    // MARK: - RequestJournal

    @Test func theJournalCountsOnlyOverlappingFetchesOfTheSamePage() async {
        let journal = RequestJournal()
        func entry(_ query: String) -> RequestJournal.Entry {
            .init(method: "GET", path: "/qasir/transactions", query: query, status: 200, faulted: false)
        }
        await journal.begin("GET /qasir/transactions?page=1")
        await journal.begin("GET /qasir/transactions?page=2")
        #expect(await journal.concurrentDuplicates == 0)
        await journal.begin("GET /qasir/transactions?page=1")
        #expect(await journal.concurrentDuplicates == 1)
        await journal.end("GET /qasir/transactions?page=1", entry: entry("page=1"))
        await journal.end("GET /qasir/transactions?page=1", entry: entry("page=1"))
        await journal.end("GET /qasir/transactions?page=2", entry: entry("page=2"))
        // Fetched again after the others ended: a retry, not a concurrent duplicate.
        await journal.begin("GET /qasir/transactions?page=1")
        await journal.end("GET /qasir/transactions?page=1", entry: entry("page=1"))
        #expect(await journal.concurrentDuplicates == 1)
        #expect(await journal.answered.map(\.query) == ["page=1", "page=1", "page=2", "page=1"])
        await journal.reset()
        #expect(await journal.answered.isEmpty)
        #expect(await journal.concurrentDuplicates == 0)
    }

    // MARK: - Over HTTP

    @Test func anInjected429CarriesRetryAfterOnceThenTheRouteAnswers() async throws {
        try await Self.withFake { provider, transport, base in
            let queued = try await transport.send(Self.json("POST", "\(base)/_fake/faults", #"[{"path":"/test/ok","status":429,"retryAfter":7}]"#))
            #expect(queued.status == 200)
            #expect(queued.object?["queued"] as? Int == 1)
            let limited = try await transport.send(TransportRequest(method: "GET", url: "\(base)/test/ok?page=2"))
            #expect(limited.status == 429)
            #expect(limited.header("Retry-After") == "7")
            let answered = try await transport.send(TransportRequest(method: "GET", url: "\(base)/test/ok?page=2"))
            #expect(answered.status == 200)
            let missing = try await transport.send(TransportRequest(method: "GET", url: "\(base)/test/missing"))
            #expect(missing.status == 404)
            let journal = try await transport.send(TransportRequest(method: "GET", url: "\(base)/_fake/journal"))
            let requests = try #require(journal.object?["requests"] as? [[String: Any]])
            #expect(requests.map { $0["status"] as? Int } == [429, 200, 404])
            #expect(requests.map { $0["faulted"] as? Bool } == [true, false, false])
            #expect(requests.map { $0["query"] as? String } == ["page=2", "page=2", ""])
            #expect(journal.object?["concurrentDuplicates"] as? Int == 0)
        }
    }

    @Test func aDelayLongerThanTheClientsTimeoutIsATimeout() async throws {
        try await Self.withFake(timeout: .milliseconds(100)) { provider, transport, base in
            await provider.faults.add([Fault(path: "/test/ok", delayMilliseconds: 300)])
            let error = await #expect(throws: HTTPTransportError.self) {
                try await transport.send(TransportRequest(method: "GET", url: "\(base)/test/ok"))
            }
            #expect(error == .timeout)
        }
    }

    @Test(arguments: [#"{"path":"/"}"#, #"[{"status":500}]"#, #"[{"path":"/","status":5000}]"#, "not json"])
    func aMalformedFaultListIsRefusedAndNothingQueued(body: String) async throws {
        try await Self.withFake { provider, transport, base in
            let response = try await transport.send(Self.json("POST", "\(base)/_fake/faults", body))
            #expect(response.status == 400)
            #expect(response.object?["error"] is String)
            #expect(await provider.faults.queued.isEmpty)
        }
    }

    @Test func clearingAndResettingForgetFaultsAndTheJournal() async throws {
        try await Self.withFake { provider, transport, base in
            await provider.faults.add([Fault(path: "/test", status: 500, times: 5)])
            func status(_ method: String, _ path: String) async throws -> Int {
                try await transport.send(TransportRequest(method: method, url: base + path)).status
            }
            let faulted = try await status("GET", "/test/ok")
            let cleared = try await status("DELETE", "/_fake/faults")
            let answered = try await status("GET", "/test/ok")
            let statuses: [Int] = [faulted, cleared, answered]
            #expect(statuses == [500, 204, 200])
            let answeredCount = await provider.journal.answered.count
            #expect(answeredCount == 2)
            await provider.faults.add([Fault(path: "/test", status: 500)])
            let reset = try await status("POST", "/_fake/reset")
            #expect(reset == 204)
            #expect(await provider.journal.answered.isEmpty)
            #expect(await provider.faults.queued.isEmpty)
        }
    }

    @Test func twoFetchesOfOnePageAtOnceAreCountedAndSequentialOnesAreNot() async throws {
        let system = TestSystem()
        try await Self.withFake(system) { provider, transport, base in
            // Sequential fetches of one page (a retry, the next run) never count, however fast.
            var statuses: [Int] = []
            for _ in 0..<20 {
                statuses.append(try await transport.send(TransportRequest(method: "GET", url: "\(base)/test/ok?cursor=1")).status)
            }
            #expect(statuses == Array(repeating: 200, count: 20))
            #expect(await provider.journal.concurrentDuplicates == 0)
            var arrivals = system.arrivals.makeAsyncIterator()
            async let first = transport.send(TransportRequest(method: "GET", url: "\(base)/test/page?cursor=1"))
            async let other = transport.send(TransportRequest(method: "GET", url: "\(base)/test/page?cursor=2"))
            async let second = transport.send(TransportRequest(method: "GET", url: "\(base)/test/page?cursor=1"))
            for _ in 0..<3 { await arrivals.next() }
            system.gate.open()
            let concurrent = try await [first.status, other.status, second.status]
            #expect(concurrent == [200, 200, 200])
            #expect(await provider.journal.concurrentDuplicates == 1)
        }
    }
}
