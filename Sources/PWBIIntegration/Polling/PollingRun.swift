#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PWBIMapping
import PWBIRetry
import Synchronization

/// Everything a polling run needs, shared by the synchroniser's runs (which execute outside its actor).
struct PollingDependencies<C: Clock>: Sendable where C.Duration == Duration {
    let store: any TransactionStore
    let cursors: any CursorStore
    let states: any IntegrationStateStore
    let transport: any HTTPTransport
    let clock: C
    let wallClock: @Sendable () -> Date
    let authorizer: @Sendable (IntegrationID) async throws -> [HTTPHeaderField]
    let deadLetters: (any DeadLetterQueue)?
    let metrics: any IntegrationMetrics
    let failureNotifier: (any FailureNotifier)?

    /// Why a run stopped, before it is turned into a ``SyncFailure``.
    enum Stop: Error {
        case http(status: Int, retryAfter: String?)
        case transport(String, timeout: Bool)
        case page(SourcePageError)
        case unmappable(MappingError)
        case storage(String)
        case reconnect(String)
        case superseded
        case cancelled
    }

    // MARK: - One scheduled run

    func run(_ registration: PollingRegistration) async -> SyncRunReport {
        let id = registration.integration
        let configuration = registration.configuration
        let startInstant = clock.now
        let start = wallClock()
        var report = SyncRunReport(integration: id, outcome: .succeeded(caughtUp: true))
        var state: IntegrationState
        do {
            state = try await states.state(for: id) ?? IntegrationState(id: id)
        } catch {
            report.outcome = .failed(SyncFailure(kind: .storage, at: start, detail: "integration state unavailable"))
            await notify(report, at: start)
            return report
        }
        switch state.connection {
        case .needsReconnect:
            report.outcome = .skipped(.needsReconnect)
            return report
        case .disconnected:
            report.outcome = .skipped(.disconnected)
            return report
        case .active:
            break
        }
        if let until = state.backoffUntil, until > start {
            report.outcome = .skipped(.rateLimited(until: until))
            return report
        }

        let rateLimits = RateLimitLog()
        var lastRetryAfter: String?
        do {
            let cursor: SyncCursor?
            do { cursor = try await cursors.cursor(for: id) } catch { throw Stop.storage("cursor store: \(type(of: error))") }
            report.cursor = cursor
            // From the cursor minus the overlap; a first run reads the initial look-back.
            var from = cursor.map { $0.watermark.addingTimeInterval(-configuration.overlap.timeInterval) }
                ?? start.addingTimeInterval(-configuration.initialLookback.timeInterval)
            if from > start { from = start }
            var until = start
            var caughtUp = true
            if until.timeIntervalSince(from) > configuration.maximumWindow.timeInterval {
                until = from.addingTimeInterval(configuration.maximumWindow.timeInterval)
                caughtUp = false
            }
            let window = PollWindow(from: from, until: until)
            report.window = window
            try await readWindow(
                window, registration: registration, report: &report, cursor: cursor, advanceCursor: true,
                rateLimits: rateLimits, lastRetryAfter: &lastRetryAfter)
            report.outcome = .succeeded(caughtUp: caughtUp)
        } catch let stop as Stop {
            report.outcome = outcome(of: stop, at: wallClock())
        } catch {
            report.outcome = .failed(SyncFailure(kind: .invalidResponse, at: wallClock(), detail: "unexpected error \(type(of: error))"))
        }

        // Record what happened in the integration's state.
        let end = wallClock()
        let labels = ["source_system": id.sourceSystem]
        if var latest = (try? await states.state(for: id)) ?? Optional(state) {
            latest.lastAttemptAt = start
            for instant in rateLimits.instants { latest.recordRateLimit(at: instant) }
            switch report.outcome {
            case .succeeded:
                latest.lastSuccessAt = end
                latest.consecutiveFailures = 0
                latest.backoffUntil = nil
            case .failed(let failure):
                latest.consecutiveFailures += 1
                latest.lastFailure = failure
                switch failure.kind {
                case .authentication:
                    latest.connection = .needsReconnect
                case .rateLimited:
                    let wait = lastRetryAfter.flatMap { RetryAfter.delay(header: $0, now: end) } ?? configuration.rateLimitBackoff
                    latest.backoffUntil = end.addingTimeInterval(min(wait, configuration.maximumRateLimitBackoff).timeInterval)
                default:
                    break
                }
            case .skipped, .superseded, .cancelled:
                break
            }
            try? await states.save(latest)
        }
        switch report.outcome {
        case .succeeded:
            metrics.increment(.syncTotal, labels: labels.merging(["status": "success"]) { $1 })
        case .failed:
            metrics.increment(.syncTotal, labels: labels.merging(["status": "failure"]) { $1 })
        default:
            break
        }
        metrics.observe(.syncDuration, labels: labels, duration: startInstant.duration(to: clock.now))
        await notify(report, at: end)
        for (outcome, count) in [("inserted", report.inserted), ("updated", report.updated), ("unchanged", report.unchanged)] where count > 0 {
            metrics.increment(.syncTransactions, labels: labels.merging(["outcome": outcome]) { $1 }, by: UInt64(count))
        }
        return report
    }

    // MARK: - Historical sync

    func backfill(_ registration: PollingRegistration, requested: PollWindow, chunk: Duration) async -> BackfillReport {
        let id = registration.integration
        var result = BackfillReport(integration: id, requested: requested)
        let state = (try? await states.state(for: id)) ?? IntegrationState(id: id)
        guard state.connection == .active else {
            result.failure = .skipped(state.connection == .needsReconnect ? .needsReconnect : .disconnected)
            return result
        }
        if let until = state.backoffUntil, until > wallClock() {
            result.failure = .skipped(.rateLimited(until: until))
            return result
        }
        let rateLimits = RateLimitLog()
        var lastRetryAfter: String?
        var start = requested.from
        while start < requested.until {
            let end = min(start.addingTimeInterval(chunk.timeInterval), requested.until)
            let window = PollWindow(from: start, until: end)
            var chunkReport = SyncRunReport(integration: id, outcome: .succeeded(caughtUp: true))
            chunkReport.window = window
            do {
                try await readWindow(
                    window, registration: registration, report: &chunkReport, cursor: nil, advanceCursor: false,
                    rateLimits: rateLimits, lastRetryAfter: &lastRetryAfter)
            } catch let stop as Stop {
                chunkReport.outcome = outcome(of: stop, at: wallClock())
            } catch {
                chunkReport.outcome = .failed(SyncFailure(kind: .invalidResponse, at: wallClock(), detail: "unexpected error \(type(of: error))"))
            }
            result.totals.pages += chunkReport.pages
            result.totals.requests += chunkReport.requests
            result.totals.inserted += chunkReport.inserted
            result.totals.updated += chunkReport.updated
            result.totals.unchanged += chunkReport.unchanged
            result.totals.deadLettered += chunkReport.deadLettered
            guard chunkReport.succeeded else {
                result.failure = chunkReport.outcome
                result.totals.outcome = chunkReport.outcome
                if case .failed(let failure) = chunkReport.outcome, failure.kind == .authentication {
                    let stored: IntegrationState? = try? await states.state(for: id)
                    var latest = stored ?? state
                    latest.connection = .needsReconnect
                    latest.lastFailure = failure
                    try? await states.save(latest)
                }
                return result
            }
            result.chunks += 1
            result.completedThrough = end
            start = end
        }
        return result
    }

    // MARK: - Reading one window

    /// Fetches every page of `window`, stores its transactions, and (when `advanceCursor`) moves
    /// the cursor after each stored page as far as the stored data allows.
    func readWindow(
        _ window: PollWindow, registration: PollingRegistration, report: inout SyncRunReport, cursor: SyncCursor?,
        advanceCursor: Bool, rateLimits: RateLimitLog, lastRetryAfter: inout String?
    ) async throws {
        let id = registration.integration
        let source = registration.source
        var current = cursor
        var page: PageToken?
        var seenTokens: Set<PageToken> = []
        repeat {
            if Task.isCancelled { throw Stop.cancelled }
            let authorization: [HTTPHeaderField]
            do {
                authorization = try await authorizer(id)
            } catch let error as OAuthError {
                switch error {
                case .reconnectRequired, .notConnected: throw Stop.reconnect("\(error)")
                default: throw Stop.transport("\(error)", timeout: false)
                }
            } catch {
                throw Stop.transport("authorizer failed", timeout: false)
            }
            let request: TransportRequest
            do throws(SourcePageError) {
                request = try source.request(for: id, window: window, page: page, authorization: authorization)
            } catch {
                throw Stop.page(error)
            }
            let response = try await fetch(request, policy: registration.configuration.retryPolicy, report: &report, rateLimits: rateLimits, lastRetryAfter: &lastRetryAfter)
            let parsed: SourcePage
            do throws(SourcePageError) {
                parsed = try source.parse(response, integration: id, window: window, page: page, context: registration.context)
            } catch {
                throw Stop.page(error)
            }

            // Store the page.
            for item in parsed.items {
                switch item {
                case .transaction(let transaction):
                    let result: UpsertResult
                    do { result = try await store.upsert(transaction, now: wallClock()) } catch {
                        throw Stop.storage("transaction store: \(type(of: error))")
                    }
                    switch result.outcome {
                    case .inserted: report.inserted += 1
                    case .updated: report.updated += 1
                    case .unchanged: report.unchanged += 1
                    }
                case .unmappable(let raw, let error):
                    guard let deadLetters else { throw Stop.unmappable(error) }
                    let letter = DeadLetter(
                        source: id.sourceSystem, tenant: id.tenant, headers: [HTTPHeaderField("Content-Type", "application/json")],
                        body: raw, reason: "polling \(id): \(error)", failedAt: wallClock())
                    do { try await deadLetters.enqueue(letter) } catch { throw Stop.storage("dead-letter queue: \(type(of: error))") }
                    report.deadLettered += 1
                }
            }
            report.pages += 1

            // Only now may the cursor move.
            if advanceCursor {
                var candidate: Date?
                if parsed.next == nil {
                    candidate = window.until
                } else if source.pagesAreChronological {
                    candidate = parsed.transactions.map(\.occurredAt.instant.date).max().map { min($0, window.until) }
                }
                if let candidate, candidate > (current?.watermark ?? .distantPast) {
                    let next = SyncCursor(watermark: candidate, updatedAt: wallClock())
                    let moved: Bool
                    do { moved = try await cursors.compareAndSet(id, expected: current, new: next) } catch {
                        throw Stop.storage("cursor store: \(type(of: error))")
                    }
                    guard moved else { throw Stop.superseded }
                    current = next
                    report.cursor = next
                }
            }
            if let next = parsed.next {
                guard seenTokens.insert(next).inserted, next != page else {
                    throw Stop.page(SourcePageError("the source returned the same next page twice"))
                }
            }
            page = parsed.next
        } while page != nil
    }

    /// Sends one request under the retry policy; returns the 2xx response.
    func fetch(
        _ request: TransportRequest, policy base: RetryPolicy, report: inout SyncRunReport, rateLimits: RateLimitLog,
        lastRetryAfter: inout String?
    ) async throws -> TransportResponse {
        var policy = base
        policy.wallClock = wallClock
        let transport = self.transport
        let wall = self.wallClock
        let requests = Mutex(0)
        let retryAfter = Mutex<String?>(nil)
        let result = await policy.execute(on: clock) {
            requests.withLock { $0 += 1 }
            let response: TransportResponse
            do {
                response = try await transport.send(request)
            } catch let error as HTTPTransportError {
                throw error.retryTransportError
            }
            guard response.isSuccess else {
                let header = response.header("Retry-After")
                if response.status == 429 {
                    rateLimits.append(wall())
                    retryAfter.withLock { $0 = header }
                }
                throw HTTPStatusError(statusCode: response.status, retryAfterHeader: header)
            }
            return response
        }
        report.requests += requests.withLock { $0 }
        if let header = retryAfter.withLock({ $0 }) { lastRetryAfter = header }
        switch result.outcome {
        case .success(let response):
            return response
        case .failure(let error):
            if error is CancellationError { throw Stop.cancelled }
            if let status = error as? HTTPStatusError {
                throw Stop.http(status: status.statusCode, retryAfter: status.retryAfterHeader)
            }
            if let failure = error as? TransportError {
                let timedOut = failure.kind == TransportError.Kind.timeout
                throw Stop.transport(timedOut ? "Connection timeout" : "Connection failed: \(failure.kind.rawValue)", timeout: timedOut)
            }
            if error is AttemptTimeoutError { throw Stop.transport("Connection timeout", timeout: true) }
            throw Stop.transport("Connection failed", timeout: false)
        }
    }

    func outcome(of stop: Stop, at instant: Date) -> SyncRunReport.Outcome {
        switch stop {
        case .http(let status, _):
            let kind: SyncFailureKind = switch status {
            case 401, 403: .authentication
            case 429: .rateLimited
            default: .serverError
            }
            let phrase = switch status {
            case 401, 403: "Authentication failed (HTTP \(status))"
            case 429: "Too many requests (HTTP 429)"
            default: "API error: HTTP \(status)"
            }
            return .failed(SyncFailure(kind: kind, at: instant, detail: phrase))
        case .transport(let detail, let timeout):
            return .failed(SyncFailure(kind: timeout ? .timeout : .connection, at: instant, detail: detail))
        case .page(let error):
            return .failed(SyncFailure(kind: .invalidResponse, at: instant, detail: error.description))
        case .unmappable(let error):
            return .failed(SyncFailure(kind: .invalidResponse, at: instant, detail: "a transaction did not map: \(error)"))
        case .storage(let detail):
            return .failed(SyncFailure(kind: .storage, at: instant, detail: detail))
        case .reconnect(let detail):
            return .failed(SyncFailure(kind: .authentication, at: instant, detail: detail))
        case .superseded:
            return .superseded
        case .cancelled:
            return .cancelled
        }
    }
}

extension HTTPTransportError {
    /// The same failure as PWBIRetry's ``TransportError``, which its classifiers understand.
    var retryTransportError: TransportError {
        switch self {
        case .timeout: TransportError(.timeout)
        case .connectionFailed(let reason): TransportError(.connectionReset, detail: reason)
        case .cancelled: TransportError(.connectionClosed, detail: "cancelled")
        }
    }
}

/// The instants at which a source answered 429 during one run.
final class RateLimitLog: Sendable {
    private let log = Mutex<[Date]>([])
    func append(_ instant: Date) { log.withLock { $0.append(instant) } }
    var instants: [Date] { log.withLock { $0 } }
}
