/// A system payloads come from. An open set of names (lower case), with the kit's systems as constants.
public struct SourceSystem: RawRepresentable, Sendable, Hashable, Comparable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The lower-case name used in URLs, configuration and the unified JSON (`pawoon`, `karage`).
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    /// Pawoon POS.
    public static let pawoon: SourceSystem = "pawoon"
    /// Moka POS.
    public static let moka: SourceSystem = "moka"
    /// Qasir POS.
    public static let qasir: SourceSystem = "qasir"
    /// Olsera POS.
    public static let olsera: SourceSystem = "olsera"
    /// Karage: the Odoo POS order webhook.
    public static let karage: SourceSystem = "karage"
    /// Xendit payments.
    public static let xendit: SourceSystem = "xendit"
    /// Midtrans payments.
    public static let midtrans: SourceSystem = "midtrans"
    /// Accurate Online accounting.
    public static let accurate: SourceSystem = "accurate"
    /// Jurnal.id accounting.
    public static let jurnal: SourceSystem = "jurnal"
    /// Payloads already in the kit's unified JSON.
    public static let generic: SourceSystem = "generic"

    /// Every system the kit names.
    public static let known: [SourceSystem] = [.pawoon, .moka, .qasir, .olsera, .karage, .xendit, .midtrans, .accurate, .jurnal, .generic]

    public static func < (lhs: SourceSystem, rhs: SourceSystem) -> Bool { lhs.rawValue < rhs.rawValue }
    public var description: String { rawValue }
}

/// The kind of event a payload reports (`transaction.created`). An open set with constants.
public struct EventType: RawRepresentable, Sendable, Hashable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The dotted name (`transaction.created`).
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    /// A sale, refund or void was recorded.
    public static let transactionCreated: EventType = "transaction.created"
    /// Stock levels changed.
    public static let inventoryUpdated: EventType = "inventory.updated"
    /// A payment gateway reports a payment's status (Xendit invoice callback, Midtrans notification).
    public static let paymentNotification: EventType = "payment.notification"

    public var description: String { rawValue }
}
