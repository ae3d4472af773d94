import Logging
import Metrics
import Synchronization

/// The PostgreSQL pool in `/metrics`:
///
/// - `pwbi_db_pool_max_connections` — the configured pool size;
/// - `pwbi_db_connections` — connections open or opening, from the pool's own events
///   (postgres-nio reports them to its background logger: created, failed, closed);
/// - `pwbi_db_connect_failures` — connection attempts that failed;
/// - `pwbi_db_statements_in_flight` — statements running or waiting for a connection
///   (above the pool size, the excess is the queue);
/// - `pwbi_db_errors{kind}` — failed statements: a SQLSTATE, the client's error code
///   (`connectionError`, …), `timeout` or `other`.
public final class PoolMetrics: Sendable {
    private let open = Atomic<Int>(0)
    private let inFlight = Atomic<Int>(0)
    private let openGauge: Gauge
    private let inFlightGauge: Gauge
    private let connectFailures: Counter
    private let factory: any MetricsFactory

    /// Gauges for a pool of at most `maximumConnections`, made by `factory` (the bootstrapped
    /// metrics system's by default).
    public init(maximumConnections: Int, factory: any MetricsFactory = MetricsSystem.factory) {
        self.factory = factory
        openGauge = Gauge(label: "pwbi_db_connections", factory: factory)
        inFlightGauge = Gauge(label: "pwbi_db_statements_in_flight", factory: factory)
        connectFailures = Counter(label: "pwbi_db_connect_failures", factory: factory)
        Gauge(label: "pwbi_db_pool_max_connections", factory: factory).record(maximumConnections)
        openGauge.record(0)
        inFlightGauge.record(0)
    }

    /// Counts one failed statement in `pwbi_db_errors{kind}`.
    func countError(_ kind: String) {
        Counter(label: "pwbi_db_errors", dimensions: [("kind", kind)], factory: factory).increment()
    }

    /// Connections open or opening.
    public var openConnections: Int { open.load(ordering: .relaxed) }

    /// Statements running or waiting.
    public var statementsInFlight: Int { inFlight.load(ordering: .relaxed) }

    /// Counts one pool event by its message (the texts postgres-nio's pool logs them with).
    func poolEvent(_ message: String) {
        switch message {
        case "Creating new connection": openGauge.record(open.add(1, ordering: .relaxed).newValue)
        case "Connection creation failed":
            connectFailures.increment()
            openGauge.record(open.subtract(1, ordering: .relaxed).newValue)
        case "Connection closed": openGauge.record(open.subtract(1, ordering: .relaxed).newValue)
        default: break
        }
    }

    /// Runs `operation` counted as a statement in flight.
    func statement<T>(_ operation: () async throws -> T) async rethrows -> T {
        inFlightGauge.record(inFlight.add(1, ordering: .relaxed).newValue)
        defer { inFlightGauge.record(inFlight.subtract(1, ordering: .relaxed).newValue) }
        return try await operation()
    }
}

/// The pool's background logger: every event counted in ``PoolMetrics`` (so the pool is asked for
/// its debug events), passed on to `upstream` only at or above the upstream's level.
struct PoolEventLogHandler: LogHandler {
    let upstream: Logger
    let metrics: PoolMetrics
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .debug

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        metrics.poolEvent(event.message.description)
        guard event.level >= upstream.logLevel else { return }
        upstream.log(
            level: event.level, event.message, metadata: metadata.merging(event.metadata ?? [:]) { $1 },
            source: event.source, file: event.file, function: event.function, line: event.line
        )
    }
}
