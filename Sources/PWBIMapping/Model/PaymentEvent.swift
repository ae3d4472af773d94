/// Where a gateway payment stands.
public enum PaymentStatus: String, Sendable, Hashable, CaseIterable {
    /// Created, waiting for the customer (Xendit `PENDING`, Midtrans `pending`).
    case pending
    /// Authorised, not yet captured (Midtrans `authorize`).
    case authorized
    /// Paid / captured (Xendit `PAID`, Midtrans `capture` with fraud status `accept`).
    case paid
    /// Settled to the merchant (Xendit `SETTLED`, Midtrans `settlement`).
    case settled
    /// Refused by the gateway or fraud screening (Midtrans `deny`).
    case denied
    /// Cancelled (Midtrans `cancel`).
    case cancelled
    /// Not paid in time (Xendit `EXPIRED`, Midtrans `expire`).
    case expired
    /// Failed (Midtrans `failure`).
    case failed
    /// Refunded (Midtrans `refund`).
    case refunded
    /// Partly refunded (Midtrans `partial_refund`).
    case partiallyRefunded = "partially_refunded"
    /// Charged back (Midtrans `chargeback`, `partial_chargeback`).
    case chargeback
}

/// A payment gateway's notification (Xendit invoice callback, Midtrans HTTP notification) in one form.
public struct PaymentEvent: Sendable, Hashable {
    /// The host's tenant.
    public var tenant: String
    /// `xendit`, `midtrans`.
    public var sourceSystem: SourceSystem
    /// The gateway's own id of the payment (Xendit invoice `id`, Midtrans `transaction_id`), if any.
    public var paymentID: String?
    /// The merchant's order reference the payment is for (Xendit `external_id`, Midtrans `order_id`).
    public var orderReference: String
    /// The normalised status.
    public var status: PaymentStatus
    /// The gateway's status word (`PAID`, `settlement`).
    public var sourceStatus: String
    /// The amount requested (Xendit `amount`, Midtrans `gross_amount`).
    public var amount: Money
    /// The amount actually paid, if stated (Xendit `paid_amount`).
    public var paidAmount: Money?
    /// The currency of the amounts.
    public var currency: Currency
    /// The normalised method.
    public var method: PaymentMethod
    /// The gateway's method word (`BANK_TRANSFER`, `gopay`), if any.
    public var rawMethod: String?
    /// The channel / issuer (`BCA`, `MANDIRI`, `OVO`), if any.
    public var channel: String?
    /// When the event happened (Midtrans `transaction_time`, Xendit `created`/`updated`), if stated.
    public var occurredAt: ZonedTimestamp?
    /// When it was paid or settled (Xendit `paid_at`, Midtrans `settlement_time`), if stated.
    public var paidAt: ZonedTimestamp?
    /// What the mapper noticed without rejecting the payload.
    public var warnings: [MappingWarning]

    /// A payment notification.
    public init(
        tenant: String, sourceSystem: SourceSystem, paymentID: String? = nil, orderReference: String,
        status: PaymentStatus, sourceStatus: String, amount: Money, paidAmount: Money? = nil, currency: Currency,
        method: PaymentMethod, rawMethod: String? = nil, channel: String? = nil,
        occurredAt: ZonedTimestamp? = nil, paidAt: ZonedTimestamp? = nil, warnings: [MappingWarning] = []
    ) {
        self.tenant = tenant
        self.sourceSystem = sourceSystem
        self.paymentID = paymentID
        self.orderReference = orderReference
        self.status = status
        self.sourceStatus = sourceStatus
        self.amount = amount
        self.paidAmount = paidAmount
        self.currency = currency
        self.method = method
        self.rawMethod = rawMethod
        self.channel = channel
        self.occurredAt = occurredAt
        self.paidAt = paidAt
        self.warnings = warnings
    }
}
