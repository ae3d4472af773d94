/// What is normal for one source system: how stale its data may be before it is a problem, how
/// long its credentials live, and which of its features the product does not support.
///
/// The built-in profiles carry the troubleshooting guide's figures: most POS data should be less
/// than an hour old; Moka is polled hourly; Jurnal.id runs a batch every 4 hours; Qasir bearer
/// tokens must be renewed every 90 days; Accurate Online OAuth tokens every 6 months. Systems that
/// push (webhooks) have an ``expectedDeliveryInterval``: no accepted delivery for longer is reported.
public struct SystemProfile: Sendable, Hashable {
    /// The system (`moka`, `qasir`, …).
    public var sourceSystem: String
    /// The name merchants see (`Moka`, `Jurnal.id`).
    public var displayName: String
    /// Data older than this is overdue ("should be <1 hour for most POS").
    public var normalLag: Duration
    /// How often the system's data is fetched or pushed, when it is batch- or poll-driven.
    public var syncInterval: Duration?
    /// How long credentials stay valid after connecting, when the system limits it.
    public var credentialLifetime: Duration?
    /// Features merchants may use at the system that the product does not yet support.
    public var unsupportedFeatures: Set<String>
    /// For a system that pushes its data: the longest normal gap between two accepted webhook
    /// deliveries (``IntegrationState/lastDeliveryAt``); nil for a polled system.
    public var expectedDeliveryInterval: Duration?

    /// A profile of a system the built-in ones do not cover.
    public init(
        sourceSystem: String, displayName: String, normalLag: Duration, syncInterval: Duration? = nil,
        credentialLifetime: Duration? = nil, unsupportedFeatures: Set<String> = [],
        expectedDeliveryInterval: Duration? = nil
    ) {
        self.sourceSystem = sourceSystem
        self.displayName = displayName
        self.normalLag = normalLag
        self.syncInterval = syncInterval
        self.credentialLifetime = credentialLifetime
        self.unsupportedFeatures = unsupportedFeatures
        self.expectedDeliveryInterval = expectedDeliveryInterval
    }

    /// The feature name for Olsera central-kitchen transactions.
    public static let centralKitchen = "central_kitchen"

    private static let day: Duration = .seconds(86_400)

    /// How long a pushing system may stay silent by default: a day (an outlet that sells daily
    /// sends something every day; set a shorter interval for busy outlets).
    public static let defaultDeliveryInterval: Duration = .seconds(86_400)

    /// Pawoon: webhooks, so data should be minutes old; under an hour is normal.
    public static let pawoon = SystemProfile(
        sourceSystem: "pawoon", displayName: "Pawoon", normalLag: .seconds(3600), expectedDeliveryInterval: defaultDeliveryInterval)
    /// Moka: polled hourly ("Moka polls hourly (normal delay)"), so up to two polls' worth of lag is normal.
    public static let moka = SystemProfile(
        sourceSystem: "moka", displayName: "Moka", normalLag: .seconds(2 * 3600), syncInterval: .seconds(3600))
    /// Qasir: polled every 5 minutes; bearer tokens must be renewed every 90 days.
    public static let qasir = SystemProfile(
        sourceSystem: "qasir", displayName: "Qasir", normalLag: .seconds(3600), syncInterval: .seconds(300),
        credentialLifetime: day * 90)
    /// Olsera: under an hour; central-kitchen transactions are not yet supported.
    public static let olsera = SystemProfile(
        sourceSystem: "olsera", displayName: "Olsera", normalLag: .seconds(3600), unsupportedFeatures: [centralKitchen],
        expectedDeliveryInterval: defaultDeliveryInterval)
    /// Karage: orders pushed by the Karage POS plugin (`X-API-KEY`).
    public static let karage = SystemProfile(
        sourceSystem: "karage", displayName: "Karage", normalLag: .seconds(3600), expectedDeliveryInterval: defaultDeliveryInterval)
    /// Xendit: payment callbacks.
    public static let xendit = SystemProfile(
        sourceSystem: "xendit", displayName: "Xendit", normalLag: .seconds(3600), expectedDeliveryInterval: defaultDeliveryInterval)
    /// Midtrans: payment notifications.
    public static let midtrans = SystemProfile(
        sourceSystem: "midtrans", displayName: "Midtrans", normalLag: .seconds(3600), expectedDeliveryInterval: defaultDeliveryInterval)
    /// Accurate Online: OAuth tokens must be refreshed every 6 months.
    public static let accurate = SystemProfile(
        sourceSystem: "accurate", displayName: "Accurate Online", normalLag: .seconds(3600), credentialLifetime: day * 182)
    /// Jurnal.id: a batch process every 4 hours ("Slow sync: Normal").
    public static let jurnal = SystemProfile(
        sourceSystem: "jurnal", displayName: "Jurnal.id", normalLag: .seconds(8 * 3600), syncInterval: .seconds(4 * 3600))

    /// Every built-in profile.
    public static let builtIn: [SystemProfile] = [.pawoon, .moka, .qasir, .olsera, .karage, .xendit, .midtrans, .accurate, .jurnal]

    /// The built-in profile of `sourceSystem`, or a generic POS profile (under an hour is normal).
    public static func profile(for sourceSystem: String) -> SystemProfile {
        builtIn.first { $0.sourceSystem == sourceSystem }
            ?? SystemProfile(sourceSystem: sourceSystem, displayName: sourceSystem, normalLag: .seconds(3600))
    }
}
