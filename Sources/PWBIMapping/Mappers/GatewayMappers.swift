/// Midtrans HTTP notifications → ``PaymentEvent``.
///
/// Reads `order_id`, `transaction_id`, `transaction_status` (`capture`, `settlement`, `pending`,
/// `deny`, `cancel`, `expire`, `failure`, `refund`, `partial_refund`, `authorize`,
/// `chargeback`, `partial_chargeback`), `status_code`, `gross_amount` (a string such as
/// `"150000.00"`), `currency` (default IDR), `payment_type`, `fraud_status`,
/// `transaction_time` and `settlement_time` (`YYYY-MM-DD HH:MM:SS` without zone: Midtrans
/// reports in WIB, so Asia/Jakarta is assumed unless a zone is configured). The channel is the
/// VA bank (`va_numbers[0].bank`, `permata`, `echannel` → Mandiri), the card's `bank`, the QRIS
/// `acquirer` or the `store`. The `signature_key` is verified by PWBISignatures before mapping.
public struct MidtransMapper: TransactionMapper {
    static let defaults = SystemDefaults.indonesia

    static let statuses: [String: PaymentStatus] = [
        "capture": .paid, "settlement": .settled, "pending": .pending, "deny": .denied, "cancel": .cancelled,
        "expire": .expired, "failure": .failed, "refund": .refunded, "partial_refund": .partiallyRefunded,
        "authorize": .authorized, "chargeback": .chargeback, "partial_chargeback": .chargeback,
    ]

    static let statusExpectation =
        "a transaction status: capture, settlement, pending, deny, cancel, expire, failure, refund, partial_refund, authorize, chargeback"

    static let methods: [String: PaymentMethod] = [
        "credit_card": .card, "bank_transfer": .virtualAccount, "echannel": .virtualAccount, "permata": .virtualAccount,
        "gopay": .eWallet, "shopeepay": .eWallet, "dana": .eWallet, "qris": .qr, "other_qris": .qr,
        "cstore": .retailOutlet, "akulaku": .buyNowPayLater, "kredivo": .buyNowPayLater,
        "bca_klikpay": .directDebit, "bca_klikbca": .directDebit, "bri_epay": .directDebit,
        "cimb_clicks": .directDebit, "danamon_online": .directDebit, "uob_ezpay": .directDebit,
    ]

    /// The Midtrans notification mapper.
    public init() {}

    public var sourceSystem: SourceSystem { .midtrans }
    /// Midtrans notifications are accepted as `payment.notification` and as `transaction.created`
    /// (the webhook endpoint's default event).
    public var supportedEvents: [EventType] { [.paymentNotification, .transactionCreated] }

    public func map(_ payload: JSONValue, event: EventType, context: MappingContext) throws(MappingError) -> MappedEvent {
        guard supports(event) else { throw unsupported(event) }
        return .payment(try payment(payload, context: context))
    }

    /// Maps one notification.
    public func payment(_ payload: JSONValue, context: MappingContext) throws(MappingError) -> PaymentEvent {
        let defaults = Self.defaults
        var warnings: [MappingWarning] = []
        let orderReference = try payload["order_id"].requiredIdentifier()
        let paymentID = try payload["transaction_id"].optionalIdentifier()
        let statusField = payload["transaction_status"]
        let sourceStatus = try statusField.string()
        guard var status = Self.statuses[sourceStatus.lowercased()] else {
            throw MappingError.invalid(statusField.path, expected: Self.statusExpectation, value: sourceStatus)
        }
        _ = try payload["status_code"].requiredIdentifier()
        let fraudStatus = try payload["fraud_status"].optionalString()
        if status == .paid, let fraudStatus, fraudStatus.lowercased() == "challenge" {
            status = .pending
        }
        let amount = try payload["gross_amount"].amount()
        let currency = try defaults.currency(payload["currency"], context: context, warnings: &warnings)
        let occurredAt = try defaults.timestamp(payload["transaction_time"], .dateTime, context: context, warnings: &warnings)
        let settledAt = try defaults.optionalTimestamp(payload["settlement_time"], .dateTime, context: context, warnings: &warnings)

        let typeField = payload["payment_type"]
        let rawMethod = try typeField.optionalString()
        var method = PaymentMethod.other
        if let rawMethod {
            if let known = Self.methods[rawMethod.lowercased()] {
                method = known
            } else {
                warnings.append(
                    MappingWarning(
                        .unknownPaymentMethod, path: typeField.path,
                        message: "payment type \(MappingError.quoted(rawMethod)) is not a known one; recorded as other"))
            }
        }
        let paid = status == .paid || status == .settled
        let event = PaymentEvent(
            tenant: context.tenant, sourceSystem: .midtrans, paymentID: paymentID, orderReference: orderReference,
            status: status, sourceStatus: sourceStatus, amount: amount, paidAmount: paid ? amount : nil,
            currency: currency, method: method, rawMethod: rawMethod,
            channel: try Self.channel(payload, rawMethod: rawMethod?.lowercased()),
            occurredAt: occurredAt, paidAt: settledAt ?? (paid ? occurredAt : nil), warnings: warnings)
        return event.finished()
    }

    /// The bank, issuer or store the payment went through, if the notification says.
    static func channel(_ payload: JSONValue, rawMethod: String?) throws(MappingError) -> String? {
        switch rawMethod {
        case "bank_transfer":
            if let accounts = try payload["va_numbers"].ifPresent() {
                for account in try accounts.array() {
                    return try account["bank"].optionalString()
                }
            }
            return try payload["permata_va_number"].ifPresent() == nil ? nil : "permata"
        case "echannel": return "mandiri"
        case "permata": return "permata"
        case "credit_card": return try payload["bank"].optionalString()
        case "qris", "other_qris":
            if let acquirer = try payload["acquirer"].optionalString() { return acquirer }
            return try payload["issuer"].optionalString()
        case "cstore": return try payload["store"].optionalString()
        default: return nil
        }
    }
}

extension PaymentEvent {
    /// The amounts at the currency's scale where that is exact, with a `sub_minor_unit_amount`
    /// warning for an amount finer than the currency allows.
    func finished() -> PaymentEvent {
        var event = self
        event.amount = amount.atScale(of: currency)
        event.paidAmount = paidAmount?.atScale(of: currency)
        for (name, value) in [("amount", event.amount), ("paid_amount", event.paidAmount)] {
            guard let value, !value.fits(currency) else { continue }
            event.warnings.append(
                MappingWarning(
                    .subMinorUnitAmount, path: FieldPath(name),
                    message: "\(value) has more fractional digits than \(currency.code) allows (\(currency.minorUnits))"))
        }
        return event
    }
}
