import CoreMetrics
import Logging
import Synchronization
import Testing
@testable import WebhookServerCore

/// A metrics factory that keeps the last value of every gauge and the sum of every counter, by
/// label and dimensions (`name{key=value}`).
final class RecordingMetrics: MetricsFactory, Sendable {
    private let values = Mutex<[String: Int64]>([:])

    func value(_ name: String) -> Int64? { values.withLock { $0[name] } }

    static func name(_ label: String, _ dimensions: [(String, String)]) -> String {
        dimensions.isEmpty ? label : label + "{" + dimensions.map { "\($0.0)=\($0.1)" }.joined(separator: ",") + "}"
    }

    final class Handler: CounterHandler, RecorderHandler, TimerHandler, Sendable {
        let name: String
        let store: RecordingMetrics
        init(_ name: String, _ store: RecordingMetrics) {
            self.name = name
            self.store = store
        }
        func increment(by amount: Int64) { store.values.withLock { $0[name, default: 0] += amount } }
        func reset() { store.values.withLock { $0[name] = 0 } }
        func record(_ value: Int64) { store.values.withLock { $0[name] = value } }
        func record(_ value: Double) { store.values.withLock { $0[name] = Int64(value) } }
        func recordNanoseconds(_ duration: Int64) { record(duration) }
    }

    func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler { Handler(Self.name(label, dimensions), self) }
    func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler { Handler(Self.name(label, dimensions), self) }
    func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler { Handler(Self.name(label, dimensions), self) }
    func destroyCounter(_ handler: any CounterHandler) {}
    func destroyRecorder(_ handler: any RecorderHandler) {}
    func destroyTimer(_ handler: any TimerHandler) {}
}

/// The pool gauges and error counters `/metrics` exports (`pwbi_db_…`).
@Suite struct PoolMetricsTests {
    @Test func thePoolSizeAndItsConnectionsAreGaugedFromThePoolsOwnEvents() {
        let recorded = RecordingMetrics()
        let pool = PoolMetrics(maximumConnections: 8, factory: recorded)
        #expect(recorded.value("pwbi_db_pool_max_connections") == 8)
        #expect(recorded.value("pwbi_db_connections") == 0)
        // postgres-nio's pool events, in the words it logs them with.
        for message in ["Creating new connection", "Creating new connection", "Creating new connection", "Connection creation failed", "Connection closed", "Lease connection"] {
            pool.poolEvent(message)
        }
        #expect(pool.openConnections == 1)
        #expect(recorded.value("pwbi_db_connections") == 1)
        #expect(recorded.value("pwbi_db_connect_failures") == 1)
    }

    @Test func statementsInFlightAreGaugedWhileTheyRunAndErrorsCountedByKind() async throws {
        let recorded = RecordingMetrics()
        let pool = PoolMetrics(maximumConnections: 2, factory: recorded)
        let inside = await pool.statement { () async -> Int64? in recorded.value("pwbi_db_statements_in_flight") }
        #expect(inside == 1)
        #expect(recorded.value("pwbi_db_statements_in_flight") == 0)
        struct Refused: Error {}
        await #expect(throws: Refused.self) { try await pool.statement { () async throws -> Int in throw Refused() } }
        #expect(pool.statementsInFlight == 0)
        pool.countError("57P01")
        pool.countError("timeout")
        pool.countError("timeout")
        #expect(recorded.value("pwbi_db_errors{kind=57P01}") == 1)
        #expect(recorded.value("pwbi_db_errors{kind=timeout}") == 2)
    }

    /// The pool's background logger counts every event, and passes on only those at or above the
    /// server log's level.
    @Test func thePoolLoggerCountsEveryEventAndForwardsOnlyAtTheServersLevel() {
        let recorded = RecordingMetrics()
        let pool = PoolMetrics(maximumConnections: 2, factory: recorded)
        let forwarded = LoggedLines()
        var upstream = Logger(label: "server") { _ in CapturingLogHandler(lines: forwarded) }
        upstream.logLevel = .info
        let background = Logger(label: "pool") { _ in PoolEventLogHandler(upstream: upstream, metrics: pool) }
        background.debug("Creating new connection")
        background.info("Connection creation failed")
        #expect(recorded.value("pwbi_db_connect_failures") == 1)
        #expect(pool.openConnections == 0)
        #expect(forwarded.messages == ["Connection creation failed"])
    }
}

/// The messages a ``CapturingLogHandler`` was given.
final class LoggedLines: Sendable {
    private let lines = Mutex<[String]>([])
    var messages: [String] { lines.withLock { $0 } }
    func append(_ message: String) { lines.withLock { $0.append(message) } }
}

/// Keeps the message of every line logged to it.
struct CapturingLogHandler: LogHandler {
    let lines: LoggedLines
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }
    func log(event: LogEvent) { lines.append(event.message.description) }
}
