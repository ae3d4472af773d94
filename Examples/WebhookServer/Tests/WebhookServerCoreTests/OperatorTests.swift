import Foundation
import Logging
import PWBIIntegration
import PWBIRetry
import Synchronization
import Testing
import WebhookServerCore

/// The operator's commands, the JSON log line and the deadline helper.
@Suite struct OperatorTests {
    final class Lines: Sendable {
        let lines = Mutex<[String]>([])
        func add(_ line: String) { lines.withLock { $0.append(line) } }
        var all: [String] { lines.withLock { $0 } }
    }

    @Test func keysAreIssuedListedAndRevokedFromTheCommandLine() async throws {
        let database = try await SQLiteDatabase.open(path: ":memory:")
        try await database.migrate(Schema.migrations(for: .sqlite))
        let storage = ServerStorage(database: database)
        let out = Lines(), err = Lines()
        let now = Date(timeIntervalSince1970: 1_780_000_000)
        func run(_ arguments: [String]) async -> Int32 {
            await KeyCommands.run(arguments, storage: storage, now: now, print: out.add, error: err.add)
        }
        #expect(await run(["issue-key", "--tenant", "merchant-42", "--description", "till\t1"]) == 0)
        let key = try #require(out.all.last)
        guard case .authenticated(let record) = try await APIKeyAuthenticator(store: storage.apiKeys).authenticate(key: key, now: now) else {
            Issue.record("the issued key does not authenticate"); return
        }
        #expect(await run(["list-keys", "--tenant", "merchant-42"]) == 0)
        let listed = out.all.suffix(2)
        #expect(listed.first == "id\ttenant\tcreated\texpires\trevoked\tdescription")
        #expect(listed.last?.hasPrefix("\(record.id)\tmerchant-42\t") == true)
        #expect(listed.last?.hasSuffix("\t-\t-\ttill 1") == true)
        #expect(!out.all.dropFirst().contains { $0.contains(key) }, "a listing shows the key")
        #expect(await run(["revoke-key", record.id]) == 0)
        guard case .rejected = try await APIKeyAuthenticator(store: storage.apiKeys).authenticate(key: key, now: now) else {
            Issue.record("a revoked key still authenticates"); return
        }
        #expect(await run(["revoke-key", "no-such-id"]) == 1)
        #expect(await run(["revoke-key"]) == 2)
        #expect(await run(["issue-key", "--tenant", "t"]) == 2)
        #expect(await run(["issue-key", "--tenant", "t", "--description", "d", "--expires-days", "-1"]) == 2)
        await database.close()
    }

    @Test func logLinesAreJSONWithTheRequestID() throws {
        let line = JSONLogHandler.line(
            label: "pwbi", level: .warning, message: "503: \"quoted\"", metadata: ["hb.request.id": "abc", "source": "karage"],
            at: Date(timeIntervalSince1970: 0)
        )
        #expect(line.hasSuffix("\n"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String])
        #expect(object == ["time": "1970-01-01T00:00:00Z", "level": "warning", "label": "pwbi", "message": "503: \"quoted\"", "request_id": "abc", "source": "karage"])
    }

    @Test func aDeadlineReturnsWithoutWaitingForTheOperation() async throws {
        let clock = ManualClock()
        let finished = try await withDeadline(.seconds(30), clock: ManualClock()) { 42 }
        #expect(finished == 42)
        let (released, release) = AsyncStream<Void>.makeStream()
        async let abandoned = withDeadline(.milliseconds(20), clock: clock) { () async throws -> Int in
            // Ignores cancellation, as a stuck socket read would (an unstructured task is not cancelled with it).
            await Task { for await _ in released {} }.value
            return 1
        }
        await clock.waitForSleepers(1)
        clock.advance(by: .milliseconds(20))
        #expect(try await abandoned == nil)
        release.finish()
        await #expect(throws: SQLStoreError.self) {
            try await withDeadline(.seconds(30), clock: ManualClock()) { () async throws -> Int in throw SQLStoreError.database("x") }
        }
    }

    /// The production form keeps its deadline on an event loop: an operation that never ends is
    /// abandoned once the (zero) deadline has passed, and one that returns at once is not.
    @Test func theEventLoopDeadlineAbandonsAStuckOperationAndKeepsAQuickOne() async throws {
        #expect(try await withDeadline(.seconds(30)) { 7 } == 7)
        let (released, release) = AsyncStream<Void>.makeStream()
        let abandoned = try await withDeadline(.zero) { () async throws -> Int in
            await Task { for await _ in released {} }.value
            return 1
        }
        #expect(abandoned == nil)
        release.finish()
    }
}
