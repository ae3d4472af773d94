#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
public import PWBIRetry

/// The behavioural contract of ``FailureNotifier``, runnable against any implementation: one
/// notice per integration and kind per quiet period, one recovery notice when it heals.
public enum FailureNotifierContract {
    /// Runs every check, each against a fresh notifier from `makeNotifier`, which must measure
    /// `quietPeriod` on the `ManualClock` it is given; returns the violations (empty when the
    /// implementation conforms).
    public static func check(
        quietPeriod: Duration = .seconds(3600),
        concurrency: Int = 100,
        _ makeNotifier: (ManualClock, Duration) async throws -> any FailureNotifier
    ) async -> [ContractViolation] {
        var report = ContractReport("FailureNotifier")
        let t0 = Date(timeIntervalSince1970: 1_700_000_000)
        let moka = IntegrationID(tenant: "tenant-1", sourceSystem: "moka", account: "outlet-7")
        let qasir = IntegrationID(tenant: "tenant-1", sourceSystem: "qasir")
        func failure(_ integration: IntegrationID = moka, _ kind: SyncFailureKind = .timeout, _ detail: String = "Connection timeout after 4 attempts") -> IntegrationFailure {
            IntegrationFailure(integration: integration, kind: kind, detail: detail, at: t0)
        }
        func make() async throws -> (ManualClock, any FailureNotifier) {
            let clock = ManualClock()
            return (clock, try await makeNotifier(clock, quietPeriod))
        }

        await report.run("100 failures of one kind raise one notice") {
            let (_, notifier) = try await make()
            var notices: [FailureNotification] = []
            for _ in 0..<100 { if let notice = await notifier.failed(failure()) { notices.append(notice) } }
            guard notices.count == 1, let notice = notices.first else { return "\(notices.count) notices for 100 failures" }
            let expected = FailureNotification(
                event: .failing, integration: moka, kind: .timeout, guide: .apiDown,
                detail: "Connection timeout after 4 attempts", failures: 1, at: t0)
            return notice == expected ? nil : "expected \(expected), got \(notice)"
        }

        await report.run("another kind or integration has its own notice") {
            let (_, notifier) = try await make()
            _ = await notifier.failed(failure())
            guard let auth = await notifier.failed(failure(moka, .authentication, "HTTP 401")) else { return "a second kind raised nothing" }
            guard auth.kind == .authentication, auth.guide == .mokaAPIKeyInvalid else { return "the second kind's notice is \(auth)" }
            guard await notifier.failed(failure(moka, .authentication, "HTTP 401")) == nil else { return "the second kind was notified twice" }
            guard let other = await notifier.failed(failure(qasir)) else { return "another integration raised nothing" }
            return other.integration == qasir ? nil : "another integration's notice names \(other.integration)"
        }

        await report.run("still failing after the quiet period is notified again with the count") {
            let (clock, notifier) = try await make()
            _ = await notifier.failed(failure())
            clock.advance(by: quietPeriod - .seconds(1))
            guard await notifier.failed(failure()) == nil else { return "notified again before the quiet period ended" }
            clock.advance(by: .seconds(1))
            guard let again = await notifier.failed(failure(moka, .timeout, "Connection timeout after 2 attempts")) else {
                return "not notified again once the quiet period ended"
            }
            guard again.event == .failing, again.failures == 2, again.detail == "Connection timeout after 2 attempts" else {
                return "the second notice is \(again); expected failing, 2 failures, the latest detail"
            }
            return await notifier.failed(failure()) == nil ? nil : "notified a third time within the new quiet period"
        }

        await report.run("healing raises one recovery notice per failing kind") {
            let (_, notifier) = try await make()
            for _ in 0..<3 { _ = await notifier.failed(failure()) }
            _ = await notifier.failed(failure(moka, .rateLimited, "HTTP 429"))
            _ = await notifier.failed(failure(qasir))
            let healed = t0.addingTimeInterval(60)
            let notices = await notifier.succeeded(moka, at: healed)
            let kinds = Set(notices.map(\.kind))
            guard notices.count == 2, kinds == [.timeout, .rateLimited], notices.allSatisfy({ $0.event == .recovered && $0.integration == moka && $0.at == healed }) else {
                return "expected recovery notices for timeout and rate_limited of \(moka), got \(notices)"
            }
            guard notices.first(where: { $0.kind == .timeout })?.failures == 3 else { return "the recovery notice does not count the incident's 3 failures" }
            guard await notifier.succeeded(moka, at: healed).isEmpty else { return "a second success raised recovery notices again" }
            guard await notifier.succeeded(IntegrationID(tenant: "tenant-2", sourceSystem: "moka"), at: healed).isEmpty else {
                return "a success of an integration that never failed raised a notice"
            }
            return await notifier.succeeded(qasir, at: healed).count == 1 ? nil : "the other integration's recovery was lost"
        }

        await report.run("a failure after recovery is a new incident") {
            let (_, notifier) = try await make()
            _ = await notifier.failed(failure())
            _ = await notifier.succeeded(moka, at: t0)
            guard let notice = await notifier.failed(failure()) else { return "a failure after recovery raised nothing" }
            return notice.failures == 1 ? nil : "the new incident's notice counts \(notice.failures) failures"
        }

        await report.run("concurrent failures of one kind raise one notice") {
            let (_, notifier) = try await make()
            let count = max(2, concurrency)
            let raised = await withTaskGroup(of: Int.self) { group in
                for _ in 0..<count { group.addTask { await notifier.failed(failure()) == nil ? 0 : 1 } }
                return await group.reduce(0, +)
            }
            return raised == 1 ? nil : "\(raised) notices for \(count) concurrent failures"
        }

        return report.violations
    }
}
