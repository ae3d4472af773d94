#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PWBIIntegration
import PWBIMapping

/// One polled unit of a configured integration: a Qasir account (or one of its outlets) or one
/// Moka outlet, with the kit's source, mapping context and schedule for it.
public struct PolledIntegration: Sendable {
    /// The configured integration it comes from.
    public let record: IntegrationRecord
    /// What the kit's synchroniser registers (source, mapping context, schedule).
    public let registration: PollingRegistration

    /// The kit's id of this unit (tenant, system, outlet or "").
    public var integration: IntegrationID { registration.integration }

    /// The lease that keeps this unit on one replica: `poll:<record id>:<outlet>`.
    public var scheduleName: String { "poll:\(record.id):\(integration.account)" }

    /// The systems the server polls.
    public static let systems: Set<String> = ["qasir", "moka"]

    /// The units `record` polls (one per outlet, or one for the account), or the first setting
    /// that cannot be used. Records of systems that are not polled give none.
    public static func units(of record: IntegrationRecord, settings: PollingSettings) throws(IntegrationRecordError) -> [PolledIntegration] {
        guard systems.contains(record.system) else { return [] }
        let source = try source(for: record)
        guard let zone = ZoneRule(identifier: record.zone) else { throw IntegrationRecordError(field: "zone", reason: "not an IANA zone") }
        guard let currency = Currency(code: record.currency) else {
            throw IntegrationRecordError(field: "currency", reason: "not a currency the kit knows: \(record.currency)")
        }
        if record.system == "moka", record.outlets.isEmpty {
            throw IntegrationRecordError(field: "outlets", reason: "Moka is polled per outlet: give --outlets with the Moka outlet ids")
        }
        return record.integrationIDs.map { id in
            var context = MappingContext(tenant: record.tenant, zone: zone, defaultCurrency: currency)
            context.defaultOutlet = id.account.isEmpty ? nil : id.account
            return PolledIntegration(
                record: record,
                registration: PollingRegistration(
                    integration: id, source: source, context: context,
                    configuration: settings.configuration(everySeconds: record.everySeconds)))
        }
    }

    /// The kit's source for `record`: Qasir's transactions API; Moka's v1 report API (`api=v1`,
    /// the default), v3 (`api=v3`) or GoBiz (`api=gobiz`); `per_page` when set.
    public static func source(for record: IntegrationRecord) throws(IntegrationRecordError) -> any TransactionSource {
        var perPage: Int?
        if let text = record.settings["per_page"] {
            guard let value = Int(text), (1...1000).contains(value) else {
                throw IntegrationRecordError(field: "setting per_page", reason: "a whole number from 1 to 1000")
            }
            perPage = value
        }
        switch record.system {
        case "qasir":
            return QasirTransactionSource(mapper: QasirMapper(), baseURL: record.baseURL ?? "https://api.qasir.id", perPage: perPage ?? 100)
        case "moka":
            switch record.settings["api"] ?? "v1" {
            case "v1":
                return MokaTransactionSource(
                    mapper: MokaMapper(), baseURL: record.baseURL ?? "https://api.mokapos.com", perPage: perPage ?? 50, version: .v1)
            case "v3":
                return MokaTransactionSource(
                    mapper: MokaMapper(), baseURL: record.baseURL ?? "https://api.mokapos.com", perPage: perPage ?? 50, version: .v3)
            case "gobiz":
                return MokaGoBizTransactionSource(mapper: MokaMapper(), baseURL: record.baseURL ?? "https://api.gobiz.co.id", perPage: perPage ?? 100)
            default:
                throw IntegrationRecordError(field: "setting api", reason: "v1, v3 or gobiz")
            }
        default:
            throw IntegrationRecordError(field: "system", reason: "polling reads qasir and moka only")
        }
    }
}
