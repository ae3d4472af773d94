import Foundation
import Testing
import PWBIIntegration

@Suite("Integration diagnostics mapped to the troubleshooting guide")
struct DiagnosticsTests {
    static let now = Date(timeIntervalSince1970: 1_766_800_000)
    static let diagnostics = IntegrationDiagnostics()

    static func state(_ system: String, account: String = "outlet-1", _ change: (inout IntegrationState) -> Void = { _ in }) -> IntegrationState {
        var state = IntegrationState(id: IntegrationID(tenant: "t1", sourceSystem: system, account: account))
        state.lastAttemptAt = now.addingTimeInterval(-60)
        state.lastSuccessAt = now.addingTimeInterval(-60)
        change(&state)
        return state
    }

    static func ago(_ seconds: TimeInterval) -> Date { now.addingTimeInterval(-seconds) }

    @Test func healthyIntegrationHasNoFindings() {
        let report = Self.diagnostics.report(for: Self.state("pawoon"), now: Self.now)
        #expect(report.status == .healthy)
        #expect(report.findings.isEmpty)
        #expect(report.lastSuccessAge == .seconds(60))
    }

    @Test func authenticationFailedMeansReconnect() throws {
        let report = Self.diagnostics.report(for: Self.state("pawoon") {
            $0.connection = .needsReconnect
            $0.lastFailure = SyncFailure(kind: .authentication, at: Self.ago(30), detail: "HTTP 401")
            $0.consecutiveFailures = 1
        }, now: Self.now)
        #expect(report.status == .failing)
        #expect(report.codes == ["pos.credentials_expired"])
        let finding = try #require(report.findings.first)
        #expect(finding.severity == .critical)
        #expect(finding.entry.symptom == "\"Authentication failed\" error")
        #expect(finding.entry.solution == "Disconnect and reconnect POS")
        #expect(finding.entry.steps == "Settings → Integrations → Disconnect → Connect again")
        #expect(finding.detail.contains("HTTP 401"))
    }

    @Test(arguments: [
        ("moka", "moka.api_key_invalid", "Regenerate API key in Moka dashboard"),
        ("qasir", "qasir.bearer_token_expired", "Reconnect every 90 days"),
        ("accurate", "accurate.oauth_token_expired", "Refresh token every 6 months"),
    ])
    func systemSpecificCredentialAdvice(_ system: String, _ code: String, _ solution: String) {
        let report = Self.diagnostics.report(for: Self.state(system) { $0.connection = .needsReconnect }, now: Self.now)
        #expect(report.codes == ["pos.credentials_expired", code])
        #expect(report.findings.last?.entry.solution == solution)
    }

    @Test func qasirTokenExpiringWithinTheWindowIsAWarning() {
        let connected = Self.ago(80 * 86_400)
        let expiry = connected.addingTimeInterval(SystemProfile.qasir.credentialLifetime.map { Double($0.components.seconds) } ?? 0)
        let report = Self.diagnostics.report(for: Self.state("qasir") { $0.credentialsExpireAt = expiry }, now: Self.now)
        #expect(report.status == .degraded)
        #expect(report.codes == ["qasir.bearer_token_expired"])
        #expect(report.findings.first?.detail == "the Qasir credentials expire in 10 days")
        let far = Self.diagnostics.report(for: Self.state("qasir") { $0.credentialsExpireAt = Self.now.addingTimeInterval(30 * 86_400) }, now: Self.now)
        #expect(far.findings.isEmpty)
    }

    @Test func accurateTokenPastExpiryIsCritical() {
        let report = Self.diagnostics.report(for: Self.state("accurate") { $0.credentialsExpireAt = Self.ago(3 * 86_400) }, now: Self.now)
        #expect(report.status == .failing)
        #expect(report.codes == ["pos.credentials_expired", "accurate.oauth_token_expired"])
        #expect(report.findings[0].detail == "the Accurate Online credentials expired 3 days ago")
    }

    @Test func staleDataAgainstEachSystemsNormalLag() {
        let qasir = Self.diagnostics.report(for: Self.state("qasir") { $0.lastSuccessAt = Self.ago(3 * 3600 + 300) }, now: Self.now)
        #expect(qasir.codes == ["pos.data_not_updating"])
        #expect(qasir.findings[0].detail == "last successful sync 3 h 5 min ago; normal for Qasir is under 1 h")
        #expect(qasir.findings[0].entry.steps?.contains("should be <1 hour for most POS") == true)

        // Moka polls hourly: 90 minutes is the normal delay, explained, not a problem.
        let moka = Self.diagnostics.report(for: Self.state("moka") { $0.lastSuccessAt = Self.ago(90 * 60) }, now: Self.now)
        #expect(moka.status == .healthy)
        #expect(moka.codes == ["moka.slow_sync"])
        #expect(moka.findings[0].entry.cause == "Moka polls hourly (normal delay)")
        let mokaLate = Self.diagnostics.report(for: Self.state("moka") { $0.lastSuccessAt = Self.ago(3 * 3600) }, now: Self.now)
        #expect(mokaLate.codes == ["pos.data_not_updating"])

        // Jurnal.id batches every 4 hours.
        let jurnal = Self.diagnostics.report(for: Self.state("jurnal") { $0.lastSuccessAt = Self.ago(5 * 3600) }, now: Self.now)
        #expect(jurnal.codes == ["jurnal.slow_sync"])
        #expect(jurnal.findings[0].entry.cause == "Normal (batch process runs every 4 hours)")
    }

    @Test func neverSyncedWithFailures() {
        let report = Self.diagnostics.report(for: Self.state("pawoon") {
            $0.lastSuccessAt = nil
            $0.consecutiveFailures = 1
            $0.lastFailure = SyncFailure(kind: .serverError, at: Self.ago(60), detail: "HTTP 500")
        }, now: Self.now)
        #expect(report.codes == ["pos.data_not_updating"])
        #expect(report.lastSuccessAge == nil)
    }

    @Test func repeatedRateLimiting() throws {
        let report = Self.diagnostics.report(for: Self.state("qasir") {
            for minutes in [50.0, 20, 5] { $0.recordRateLimit(at: Self.ago(minutes * 60)) }
            $0.recordRateLimit(at: Self.ago(2 * 3600))
        }, now: Self.now)
        #expect(report.codes == ["pos.rate_limited"])
        let finding = try #require(report.findings.first)
        #expect(finding.entry.symptom == "\"Too many requests\" error")
        #expect(finding.entry.solution == "Wait 1 hour, sync will auto-resume")
        #expect(finding.entry.steps == "Prevention: Don't click \"Sync Now\" repeatedly")
        #expect(finding.detail == "3 \"Too many requests\" answer(s) in the last 1 h")

        let backingOff = Self.diagnostics.report(for: Self.state("qasir") {
            $0.recordRateLimit(at: Self.ago(10))
            $0.backoffUntil = Self.now.addingTimeInterval(600)
        }, now: Self.now)
        #expect(backingOff.findings.first?.detail == "1 \"Too many requests\" answer(s) in the last 1 h; sync resumes in 10 min")
        let twoOnly = Self.diagnostics.report(for: Self.state("qasir") { for m in [5.0, 6] { $0.recordRateLimit(at: Self.ago(m * 60)) } }, now: Self.now)
        #expect(twoOnly.findings.isEmpty)
    }

    @Test(arguments: [
        (SyncFailureKind.timeout, "pos.api_down"), (.connection, "pos.api_down"), (.serverError, "pos.repeated_failures"),
        (.invalidResponse, "pos.repeated_failures"), (.storage, "pos.repeated_failures"),
    ])
    func repeatedFailuresByKind(_ kind: SyncFailureKind, _ code: String) {
        let report = Self.diagnostics.report(for: Self.state("pawoon") {
            $0.consecutiveFailures = 3
            $0.lastFailure = SyncFailure(kind: kind, at: Self.ago(30), detail: "the last error")
        }, now: Self.now)
        #expect(report.codes == [code])
        #expect(report.findings[0].detail == "3 sync runs failed in a row; last: the last error")
        if code == "pos.api_down" {
            #expect(report.findings[0].entry.solution == "Wait 30 minutes, try again. If persists, contact POS support.")
            #expect(report.findings[0].entry.steps == "Login to your POS directly to confirm it's working")
        } else {
            #expect(report.findings[0].entry.solution.hasPrefix("Email support@pwbi.id"))
        }
        let fewer = Self.diagnostics.report(for: Self.state("pawoon") {
            $0.consecutiveFailures = 2
            $0.lastFailure = SyncFailure(kind: kind, at: Self.ago(30), detail: "x")
        }, now: Self.now)
        #expect(fewer.findings.isEmpty)
    }

    @Test func olseraCentralKitchenAndBrands() {
        let usage = IntegrationUsage(features: [SystemProfile.centralKitchen], outletsAtSource: 3)
        let report = Self.diagnostics.report(for: Self.state("olsera", account: ""), now: Self.now, usage: usage)
        #expect(Set(report.codes) == ["olsera.central_kitchen", "olsera.multi_brand"])
        #expect(report.findings.contains { $0.entry.solution == "Not yet supported" })
        #expect(report.findings.contains { $0.entry.solution == "Connect each brand separately" })
        // Central kitchen is only unsupported at Olsera.
        #expect(Self.diagnostics.report(for: Self.state("moka"), now: Self.now, usage: usage).findings.isEmpty)
    }

    @Test func qasirOutletsConnectedTogether() {
        let report = Self.diagnostics.report(for: Self.state("qasir", account: ""), now: Self.now, usage: IntegrationUsage(outletsAtSource: 2))
        #expect(report.codes == ["qasir.multiple_outlets"])
        #expect(report.findings[0].entry.solution == "Connect each outlet separately")
        let perOutlet = Self.diagnostics.report(for: Self.state("qasir", account: "outlet-9"), now: Self.now, usage: IntegrationUsage(outletsAtSource: 2))
        #expect(perOutlet.findings.isEmpty)
    }

    @Test func accountingMappings() {
        let usage = IntegrationUsage(unmappedAccounts: ["4-1000 Sales", "2-1300 PB1"])
        let accurate = Self.diagnostics.report(for: Self.state("accurate"), now: Self.now, usage: usage)
        #expect(accurate.codes == ["accurate.chart_of_accounts"])
        #expect(accurate.findings[0].entry.solution == "Manual mapping required")
        #expect(accurate.findings[0].detail == "unmapped: 4-1000 Sales, 2-1300 PB1")
        let jurnal = Self.diagnostics.report(for: Self.state("jurnal"), now: Self.now, usage: usage)
        #expect(jurnal.codes == ["jurnal.journal_entry_failed"])
        #expect(jurnal.findings[0].entry.solution == "Check account mappings")
    }

    @Test func findingsAreOrderedBySeverityAndDisconnectedIsQuiet() {
        let report = Self.diagnostics.report(for: Self.state("qasir") {
            $0.connection = .needsReconnect
            $0.lastSuccessAt = Self.ago(5 * 3600)
            for m in [1.0, 2, 3] { $0.recordRateLimit(at: Self.ago(m * 60)) }
        }, now: Self.now)
        #expect(report.findings.map(\.severity) == [.critical, .critical, .warning, .warning])
        #expect(report.codes.prefix(2) == ["pos.credentials_expired", "qasir.bearer_token_expired"])
        let disconnected = Self.diagnostics.report(for: Self.state("qasir") { $0.connection = .disconnected; $0.lastSuccessAt = Self.ago(99_999) }, now: Self.now)
        #expect(disconnected.status == .disconnected)
        #expect(disconnected.findings.isEmpty)
    }

    @Test func missingTransactions() {
        let state = Self.state("pawoon") { $0.lastSuccessAt = Self.ago(600) }
        let newer = Self.diagnostics.explainMissingTransaction(occurredAt: Self.ago(300), state: state, now: Self.now)
        #expect(newer.entry.code == "missing.after_last_sync")
        #expect(newer.entry.solution == "Wait for next sync")
        let recent = Self.diagnostics.explainMissingTransaction(occurredAt: Self.ago(3600), state: state, now: Self.now)
        #expect(recent.entry.code == "missing.contact_support")
        #expect(recent.severity == .info)
        let old = Self.diagnostics.explainMissingTransaction(occurredAt: Self.ago(3 * 3600), state: state, now: Self.now)
        #expect(old.severity == .warning)
        #expect(old.entry.solution.hasSuffix("If still missing after 2 hours, contact support"))
        let history = Self.diagnostics.explainMissingTransaction(
            occurredAt: Self.ago(40 * 86_400), state: state, now: Self.now, historyStart: Self.ago(30 * 86_400))
        #expect(history.entry.code == "pawoon.old_transactions")
        #expect(history.entry.steps == "Settings → Pawoon → \"Sync Historical\"")
        #expect(history.detail.hasSuffix("from 2025-11-17"))
        let never = Self.diagnostics.explainMissingTransaction(
            occurredAt: Self.ago(60), state: Self.state("pawoon") { $0.lastSuccessAt = nil }, now: Self.now)
        #expect(never.entry.code == "pos.data_not_updating")
    }

    @Test func everyGuideEntryIsReachableAndUnique() {
        #expect(Set(TroubleshootingEntry.all.map(\.code)).count == TroubleshootingEntry.all.count)
        #expect(SystemProfile.profile(for: "karage").normalLag == .seconds(3600))
        #expect(SystemProfile.jurnal.syncInterval == .seconds(4 * 3600))
    }
}
