import Foundation
import Synchronization
import Testing
import PWBIIntegration
import PWBIRetry
import PWBISignatures

/// A notifier with one deliberate flaw, around the in-memory one, for the contract checker to catch.
actor BrokenFailureNotifier: FailureNotifier {
    enum Flaw: CaseIterable { case notifiesEveryFailure, ignoresKind, noRecovery, neverRenotifies, noNewIncident }
    let flaw: Flaw
    let inner: InMemoryFailureNotifier<ManualClock>
    private var seen: Set<String> = []

    init(_ flaw: Flaw, clock: ManualClock, quietPeriod: Duration) {
        self.flaw = flaw
        inner = InMemoryFailureNotifier(quietPeriod: quietPeriod, clock: clock)
    }

    func failed(_ failure: IntegrationFailure) async -> FailureNotification? {
        let key = "\(failure.integration)/\(failure.kind)"
        switch flaw {
        case .notifiesEveryFailure:
            return FailureNotification(
                event: .failing, integration: failure.integration, kind: failure.kind,
                guide: .remedy(for: failure.kind, sourceSystem: failure.integration.sourceSystem), detail: failure.detail, failures: 1, at: failure.at)
        case .ignoresKind:
            var merged = failure
            merged.kind = .timeout
            return await inner.failed(merged)
        case .neverRenotifies, .noNewIncident:
            if seen.contains(key) { return nil }
            seen.insert(key)
            return await inner.failed(failure)
        case .noRecovery:
            return await inner.failed(failure)
        }
    }

    func succeeded(_ integration: IntegrationID, at time: Date) async -> [FailureNotification] {
        let notices = await inner.succeeded(integration, at: time)
        if flaw == .neverRenotifies { seen = seen.filter { !$0.hasPrefix("\(integration)/") } }
        return flaw == .noRecovery ? [] : notices
    }
}

@Suite("Failure notifications: once per integration and kind, rate-limited, recovery notices")
struct FailureNotifierTests {
    static let t0 = Date(timeIntervalSince1970: 1_766_800_000)
    static let moka = IntegrationID(tenant: "t-42", sourceSystem: "moka", account: "outlet-7")

    static func failure(_ kind: SyncFailureKind = .timeout, _ integration: IntegrationID = moka, detail: String = "Connection timeout") -> IntegrationFailure {
        IntegrationFailure(integration: integration, kind: kind, detail: detail, at: t0)
    }

    @Test func inMemoryNotifierConforms() async {
        let violations = await FailureNotifierContract.check { clock, quiet in InMemoryFailureNotifier(quietPeriod: quiet, clock: clock) }
        #expect(violations.isEmpty, "\(violations)")
    }

    static let catches: [BrokenFailureNotifier.Flaw: String] = [
        .notifiesEveryFailure: "100 failures of one kind raise one notice",
        .ignoresKind: "another kind or integration has its own notice",
        .noRecovery: "healing raises one recovery notice per failing kind",
        .neverRenotifies: "still failing after the quiet period is notified again with the count",
        .noNewIncident: "a failure after recovery is a new incident",
    ]

    @Test(arguments: BrokenFailureNotifier.Flaw.allCases)
    func brokenNotifierIsCaught(_ flaw: BrokenFailureNotifier.Flaw) async throws {
        let violations = await FailureNotifierContract.check { clock, quiet in BrokenFailureNotifier(flaw, clock: clock, quietPeriod: quiet) }
        let expected = try #require(Self.catches[flaw])
        #expect(violations.contains { $0.check == expected }, "flaw \(flaw) not caught by '\(expected)'; got \(violations)")
    }

    @Test func hundredFailuresOneNoticeThenKindsRecoveryAndQuietPeriod() async {
        let clock = ManualClock()
        let notifier = InMemoryFailureNotifier(quietPeriod: .seconds(900), clock: clock)
        for _ in 0..<100 { await notifier.failed(Self.failure()) }
        #expect(await notifier.notifications.count == 1)
        // A second kind has its own notice.
        for _ in 0..<10 { await notifier.failed(Self.failure(.authentication, detail: "HTTP 401")) }
        #expect(await notifier.notifications.map(\.kind) == [.timeout, .authentication])
        // The quiet period elapses: notified again, with the failures counted since the last notice.
        clock.advance(by: .seconds(900))
        let again = await notifier.failed(Self.failure())
        #expect(again?.failures == 100)
        #expect(await notifier.notifications.count == 3)
        // Healing: one recovery notice per failing kind, once.
        let recovered = await notifier.succeeded(Self.moka, at: Self.t0.addingTimeInterval(900))
        #expect(recovered.map(\.kind) == [.authentication, .timeout])
        #expect(recovered.allSatisfy { $0.event == .recovered })
        #expect(await notifier.succeeded(Self.moka, at: Self.t0).isEmpty)
        #expect(await notifier.notifications.count == 5)
        #expect(await notifier.failing.isEmpty)
    }

    @Test func noticesCarryTheGuidesText() async throws {
        let notifier = InMemoryFailureNotifier(clock: ManualClock())
        let timeout = try #require(await notifier.failed(Self.failure()))
        #expect(timeout.guide == .apiDown)
        #expect(timeout.message == "Moka sync failing: \"Connection timeout\" error. Wait 30 minutes, try again. If persists, contact POS support.")
        let auth = try #require(await notifier.failed(Self.failure(.authentication, detail: "HTTP 401")))
        #expect(auth.message == "Moka sync failing: API key invalid. Regenerate API key in Moka dashboard")
        let healed = await notifier.succeeded(Self.moka, at: Self.t0)
        #expect(healed.map(\.message) == ["Moka sync recovered after API key invalid", "Moka sync recovered after \"Connection timeout\" error"])
    }

    @Test(arguments: [
        (SyncFailureKind.authentication, "moka", "moka.api_key_invalid"),
        (.authentication, "qasir", "qasir.bearer_token_expired"),
        (.authentication, "accurate", "accurate.oauth_token_expired"),
        (.authentication, "pawoon", "pos.credentials_expired"),
        (.rateLimited, "qasir", "pos.rate_limited"),
        (.timeout, "pawoon", "pos.api_down"),
        (.connection, "moka", "pos.api_down"),
        (.serverError, "karage", "pos.repeated_failures"),
        (.invalidResponse, "olsera", "pos.repeated_failures"),
        (.storage, "xendit", "pos.repeated_failures"),
    ])
    func remedyIsTheGuidesEntry(_ kind: SyncFailureKind, _ system: String, _ code: String) {
        #expect(TroubleshootingEntry.remedy(for: kind, sourceSystem: system).code == code)
    }

    @Test func inboxIsBounded() async {
        let clock = ManualClock()
        let notifier = InMemoryFailureNotifier(quietPeriod: .seconds(1), clock: clock, retainedNotifications: 3)
        for index in 0..<10 {
            await notifier.failed(Self.failure(detail: "failure \(index)"))
            clock.advance(by: .seconds(1))
        }
        #expect(await notifier.notifications.map(\.detail) == ["failure 7", "failure 8", "failure 9"])
    }
}
