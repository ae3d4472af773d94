// Xendit's invoice callback and the dispatch to the other callback kinds (XenditCallbacks.swift).

/// Xendit callbacks → ``PaymentEvent``, the kind recognised from the fields present:
///
/// - an invoice callback (`status` and `external_id`, no `event`), read below;
/// - a fixed virtual account "paid" callback (`callback_virtual_account_id`, `payment_id`,
///   `bank_code`, `amount`, `transaction_timestamp`, optional `currency`);
/// - an e-wallet charge callback (`"event": "ewallet.capture"`, `data.{id, reference_id,
///   status, charge_amount, capture_amount, currency, channel_code, created, updated}`);
/// - a QR code payment callback (`"event": "qr.payment"`, API version 2022-07-31:
///   `data.{id, qr_id, reference_id, amount, currency, status, channel_code, created}`; the
///   older flat one: `id`, `amount`, `status`, `created`, `qr_code.{id, external_id}`,
///   `payment_details.source`).
///
/// Anything else is an error that names the kinds recognised.
///
/// The invoice callback reads `id`, `external_id`, `status` (`PENDING`, `PAID`, `SETTLED`, `EXPIRED`), `amount`,
/// `paid_amount`, `currency`, `paid_at` (required once paid), `payment_method`
/// (`BANK_TRANSFER` — a virtual account —, `EWALLET`, `QR_CODE`, `CREDIT_CARD`,
/// `RETAIL_OUTLET`, `DIRECT_DEBIT`, `PAYLATER`), `payment_channel`, `created`/`updated`.
/// The callback token is checked by PWBISignatures before mapping.
public struct XenditMapper: TransactionMapper {
    static let defaults = SystemDefaults.indonesia

    static let statuses: [String: PaymentStatus] = [
        "PENDING": .pending, "PAID": .paid, "SETTLED": .settled, "EXPIRED": .expired,
    ]

    static let methods: [String: PaymentMethod] = [
        "BANK_TRANSFER": .virtualAccount, "VIRTUAL_ACCOUNT": .virtualAccount, "EWALLET": .eWallet,
        "QR_CODE": .qr, "QRIS": .qr, "CREDIT_CARD": .card, "CARDS": .card, "RETAIL_OUTLET": .retailOutlet,
        "DIRECT_DEBIT": .directDebit, "PAYLATER": .buyNowPayLater,
    ]

    /// The Xendit callback mapper.
    public init() {}

    public var sourceSystem: SourceSystem { .xendit }
    /// Every Xendit callback is accepted as `payment.notification` and as `transaction.created`
    /// (the webhook endpoint's default event).
    public var supportedEvents: [EventType] { [.paymentNotification, .transactionCreated] }

    public func map(_ payload: JSONValue, event: EventType, context: MappingContext) throws(MappingError) -> MappedEvent {
        guard supports(event) else { throw unsupported(event) }
        return .payment(try payment(payload, context: context))
    }

    /// Maps one callback of any kind Xendit documents (see the type's description).
    public func payment(_ payload: JSONValue, context: MappingContext) throws(MappingError) -> PaymentEvent {
        switch try Self.callbackKind(payload) {
        case .invoice: return try invoice(payload, context: context)
        case .fixedVirtualAccount: return try fixedVirtualAccount(payload, context: context)
        case .eWalletCapture: return try eWalletCapture(payload, context: context)
        case .qrPayment: return try qrPayment(payload, context: context)
        }
    }

    /// Maps one invoice callback.
    func invoice(_ payload: JSONValue, context: MappingContext) throws(MappingError) -> PaymentEvent {
        let defaults = Self.defaults
        var warnings: [MappingWarning] = []
        let paymentID = try payload["id"].requiredIdentifier()
        let orderReference = try payload["external_id"].requiredIdentifier()
        let statusField = payload["status"]
        guard statusField.exists else { throw Self.unrecognised(statusField.path) }
        let sourceStatus = try statusField.string()
        guard let status = Self.statuses[sourceStatus.uppercased()] else {
            throw MappingError.invalid(statusField.path, expected: "a status: PENDING, PAID, SETTLED or EXPIRED", value: sourceStatus)
        }
        let amount = try payload["amount"].amount()
        let paidAmount = try payload["paid_amount"].optionalAmount()
        let currency = try Self.requiredCurrency(payload["currency"])
        let paidAtField = payload["paid_at"]
        let paidAt: ZonedTimestamp?
        if status == .paid || status == .settled {
            paidAt = try defaults.timestamp(paidAtField, .iso8601, context: context, warnings: &warnings)
        } else {
            paidAt = try defaults.optionalTimestamp(paidAtField, .iso8601, context: context, warnings: &warnings)
        }
        let updated = try defaults.optionalTimestamp(payload["updated"], .iso8601, context: context, warnings: &warnings)
        let created = try defaults.optionalTimestamp(payload["created"], .iso8601, context: context, warnings: &warnings)

        let methodField = payload["payment_method"]
        let rawMethod = try methodField.optionalString()
        var method = PaymentMethod.other
        if let rawMethod {
            if let known = Self.methods[rawMethod.uppercased()] {
                method = known
            } else {
                warnings.append(
                    MappingWarning(
                        .unknownPaymentMethod, path: methodField.path,
                        message: "payment method \(MappingError.quoted(rawMethod)) is not a known one; recorded as other"))
            }
        }
        let event = PaymentEvent(
            tenant: context.tenant, sourceSystem: .xendit, paymentID: paymentID, orderReference: orderReference,
            status: status, sourceStatus: sourceStatus, amount: amount,
            paidAmount: paidAmount ?? ((status == .paid || status == .settled) ? amount : nil),
            currency: currency, method: method, rawMethod: rawMethod,
            channel: try payload["payment_channel"].optionalString(),
            occurredAt: updated ?? created, paidAt: paidAt, warnings: warnings)
        return event.finished()
    }
}
