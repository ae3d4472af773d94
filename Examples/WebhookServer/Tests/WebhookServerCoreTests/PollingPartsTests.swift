import FakeProviderCore
import Foundation
import Logging
import PWBIIntegration
import Testing
import WebhookServerCore

/// The polling settings, credential references, the units a record polls, and the fake's data.
@Suite struct PollingPartsTests {
    @Test func settingsDefaultToTheReferenceIntervalsAndReadTheEnvironment() throws {
        let defaults = try PollingSettings(environment: [:])
        #expect(defaults.enabled && defaults.leaseDuration == .seconds(60) && defaults.overlap == .seconds(600))
        #expect(defaults.configuration(everySeconds: 300).interval == .seconds(300))
        let set = try PollingSettings(environment: [
            "PWBI_POLLING": "0", "PWBI_POLL_LEASE_SECONDS": "15", "PWBI_POLL_OVERLAP_SECONDS": "0", "PWBI_POLL_LOOKBACK_SECONDS": "172800",
        ])
        #expect(!set.enabled && set.leaseDuration == .seconds(15) && set.overlap == .zero && set.initialLookback == .seconds(172_800))
        #expect(IntegrationCommands.defaultInterval(for: "qasir") == 300 && IntegrationCommands.defaultInterval(for: "moka") == 3600)
    }

    @Test(arguments: [
        (["PWBI_POLL_LEASE_SECONDS": "2"], "PWBI_POLL_LEASE_SECONDS must be whole seconds from 3 to 31622400"),
        (["PWBI_POLL_RELOAD_SECONDS": "soon"], "PWBI_POLL_RELOAD_SECONDS must be whole seconds from 1 to 31622400"),
        (["PWBI_POLLING": "maybe"], "PWBI_POLLING must be 1 or 0"),
    ])
    func malformedSettingsNameTheVariable(environment: [String: String], message: String) {
        #expect(throws: ConfigurationError.self) { try PollingSettings(environment: environment) }
        do { _ = try PollingSettings(environment: environment) } catch { #expect(error.description == message) }
    }

    @Test func credentialsAreReadByReferenceAndNeverEchoed() async throws {
        let credentials = PollingCredentials(
            environment: ["QASIR_KEY": "qk-123", "BAD": "a\r\nX-Injected: 1"],
            readFile: { path in
                if path == "/run/secrets/huge" { return String(repeating: "k", count: 16_385) }
                guard path == "/run/secrets/moka" else { throw CocoaError(.fileNoSuchFile) }
                return "mk-456\n"
            },
            oauthAuthorizer: nil)
        let id = IntegrationID(tenant: "t", sourceSystem: "qasir", account: "")
        #expect(try await credentials.authorizer(for: .environment("QASIR_KEY"))(id) == [HTTPHeaderField("Authorization", "Bearer qk-123")])
        #expect(try await credentials.authorizer(for: .file("/run/secrets/moka"))(id) == [HTTPHeaderField("Authorization", "Bearer mk-456")])
        for (reference, message) in [
            (CredentialReference.environment("MISSING"), "credentials env:MISSING: the variable is not set"),
            (.file("/nope"), "credentials file:/nope: cannot read the file"),
            (.file("/run/secrets/huge"), "credentials file:/run/secrets/huge: larger than 16 KiB, not a key"),
            (.environment("BAD"), "credentials env:BAD: the secret contains a control character"),
            (.oauth, "credentials oauth: this server has no OAuth connect flow configured"),
        ] {
            do {
                _ = try credentials.authorizer(for: reference)
                Issue.record("\(reference) was accepted")
            } catch {
                #expect(error.description == message)
            }
        }
        let oauth = PollingCredentials(environment: [:], oauthAuthorizer: { id in [HTTPHeaderField("Authorization", "Bearer oauth-\(id.account)")] })
        let moka = IntegrationID(tenant: "t", sourceSystem: "moka", account: "28076")
        #expect(try await oauth.authorizer(for: .oauth)(moka) == [HTTPHeaderField("Authorization", "Bearer oauth-28076")])
    }

    static func record(_ system: String, outlets: [String] = [], settings: [String: String] = [:]) -> IntegrationRecord {
        IntegrationRecord(
            id: "r-\(system)", tenant: "acme", system: system, credentials: .environment("K"), everySeconds: 300, outlets: outlets,
            settings: settings, createdAt: Date(timeIntervalSince1970: 0))
    }

    @Test func aRecordPollsOneUnitPerOutletWithTheSourceItsSettingsName() throws {
        let settings = PollingSettings()
        let qasir = try PolledIntegration.units(of: Self.record("qasir", outlets: ["a", "b"]), settings: settings)
        #expect(qasir.map(\.scheduleName) == ["poll:r-qasir:a", "poll:r-qasir:b"])
        #expect(qasir.first?.registration.source is QasirTransactionSource)
        #expect(qasir.first?.registration.context.defaultOutlet == "a")
        #expect(qasir.first?.registration.configuration.interval == .seconds(300))
        let whole = try PolledIntegration.units(of: Self.record("qasir"), settings: settings)
        #expect(whole.map(\.scheduleName) == ["poll:r-qasir:"] && whole.first?.registration.context.defaultOutlet == nil)
        let v1 = try #require(try PolledIntegration.units(of: Self.record("moka", outlets: ["1"]), settings: settings).first)
        #expect((v1.registration.source as? MokaTransactionSource)?.version == .v1)
        #expect((v1.registration.source as? MokaTransactionSource)?.baseURL == "https://api.mokapos.com")
        let gobiz = try #require(try PolledIntegration.units(of: Self.record("moka", outlets: ["1"], settings: ["api": "gobiz", "per_page": "500"]), settings: settings).first)
        #expect((gobiz.registration.source as? MokaGoBizTransactionSource)?.perPage == 500)
        #expect(try PolledIntegration.units(of: Self.record("accurate"), settings: settings).isEmpty)
    }

    @Test(arguments: [
        (PollingPartsTests.record("moka"), "outlets: Moka is polled per outlet: give --outlets with the Moka outlet ids"),
        (PollingPartsTests.record("moka", outlets: ["1"], settings: ["api": "v2"]), "setting api: v1, v3 or gobiz"),
        (PollingPartsTests.record("qasir", settings: ["per_page": "0"]), "setting per_page: a whole number from 1 to 1000"),
    ])
    func unusableRecordsAreRefusedNamingTheSetting(record: IntegrationRecord, message: String) {
        do {
            _ = try PolledIntegration.units(of: record, settings: PollingSettings())
            Issue.record("accepted")
        } catch {
            #expect(error.description == message)
        }
    }

    @Test func theServiceBuildsOneLeasedSchedulePerPolledUnit() async throws {
        let database = try await SQLiteDatabase.open(path: ":memory:")
        try await database.migrate(Schema.migrations(for: .sqlite))
        let context = OutboundContext(
            configuration: try ServerConfiguration(environment: [:]), storage: ServerStorage(database: database),
            transport: NoTransport(),
            metrics: InMemoryIntegrationMetrics(), owner: "replica-a", logger: Logger(label: "test"))
        let service = PollingService(context: context, settings: PollingSettings())
        let schedules = service.schedules(for: [
            Self.record("qasir", outlets: ["a", "b"]), Self.record("moka"), Self.record("accurate"),
            Self.record("moka", outlets: ["9"], settings: ["api": "gobiz"]),
        ])
        #expect(schedules.keys.sorted() == ["poll:r-moka:9", "poll:r-qasir:a", "poll:r-qasir:b"], "the Moka record without outlets is skipped")
        #expect(schedules["poll:r-qasir:a"]?.schedule.owner == "replica-a")

        // The table is re-read when its change mark moves: added and removed integrations start and stop.
        let running = RunningSchedules()
        let empty = try await service.reload(into: running, after: nil)
        #expect(await running.names.isEmpty)
        #expect(try await context.storage.integrations.add(Self.record("qasir", outlets: ["a"])))
        let added = try await service.reload(into: running, after: empty)
        let names = await running.names
        #expect(added != empty && names == ["poll:r-qasir:a"])
        #expect(try await service.reload(into: running, after: added) == added)
        #expect(try await context.storage.integrations.remove(id: "r-qasir"))
        _ = try await service.reload(into: running, after: added)
        #expect(await running.names.isEmpty)
        await running.stopAll()
        await database.close()
    }

    @Test func theFakesDataIsDeterministicPerSeedAndOutlet() async {
        let plan = FakeSalesLedger.Plan(seed: 3, count: 50, start: 1_766_793_600, end: 1_766_880_000)
        let later: @Sendable () -> Date = { Date(timeIntervalSince1970: 1_766_900_000) }
        let one = await FakeSalesLedger(plan: plan, now: later).visibleSales(outlet: "a")
        let same = await FakeSalesLedger(plan: plan, now: later).visibleSales(outlet: "a")
        let other = await FakeSalesLedger(plan: plan, now: later).visibleSales(outlet: "b")
        var reseeded = plan
        reseeded.seed = 4
        let different = await FakeSalesLedger(plan: reseeded, now: later).visibleSales(outlet: "a")
        #expect(one.count == 50 && one == same && one != other && one != different)
        #expect(zip(one, one.dropFirst()).allSatisfy { $0.occurredAtMilliseconds < $1.occurredAtMilliseconds })
        for sale in one {
            let net = sale.subtotal - sale.discount
            #expect(sale.total == net + sale.tax && sale.tax * 10 == net && sale.paid >= sale.total)
        }
        let noon: @Sendable () -> Date = { Date(timeIntervalSince1970: 1_766_836_800) }
        let midday = await FakeSalesLedger(plan: plan, now: noon).visibleSales(outlet: "a")
        #expect(midday.count < 50 && midday == Array(one.prefix(midday.count)), "a sale shows once its time has come")
    }
}

/// A transport that is never called.
struct NoTransport: HTTPTransport {
    func send(_ request: TransportRequest) async throws -> TransportResponse {
        Issue.record("unexpected request \(request.url)")
        return TransportResponse(status: 500)
    }
}
