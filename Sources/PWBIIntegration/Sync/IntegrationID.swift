/// One connected account of one tenant at one system: the unit the synchroniser schedules,
/// the cursor belongs to, and the health report describes.
///
/// Systems with several outlets or brands under one login (Qasir outlets, Olsera brands,
/// Moka outlets) are connected once per outlet or brand, as the troubleshooting guide says,
/// so each has its own `account`, cursor and state.
public struct IntegrationID: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The tenant (merchant) the data belongs to.
    public var tenant: String
    /// The system's name as the mappers know it: `qasir`, `moka`, `pawoon`, `olsera`, …
    public var sourceSystem: String
    /// The outlet, brand or company id at the system (empty when the system has one account per login).
    public var account: String

    /// The integration of `tenant` with `sourceSystem`; `account` names an outlet or brand when there are several.
    public init(tenant: String, sourceSystem: String, account: String = "") {
        self.tenant = tenant
        self.sourceSystem = sourceSystem
        self.account = account
    }

    public var description: String {
        account.isEmpty ? "\(tenant)/\(sourceSystem)" : "\(tenant)/\(sourceSystem)/\(account)"
    }

    public static func < (lhs: IntegrationID, rhs: IntegrationID) -> Bool {
        (lhs.tenant, lhs.sourceSystem, lhs.account) < (rhs.tenant, rhs.sourceSystem, rhs.account)
    }
}
