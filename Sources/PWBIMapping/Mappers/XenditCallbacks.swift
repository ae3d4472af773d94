// Xendit's callbacks other than invoices: fixed virtual account payments, e-wallet charges and
// QR code payments, each as Xendit documents it.

extension XenditMapper {
    /// The kinds of callback the mapper reads.
    enum CallbackKind: Sendable {
        case invoice, fixedVirtualAccount, eWalletCapture, qrPayment
    }

    static let recognisedKinds =
        "a Xendit callback: an invoice (status, external_id), a fixed virtual account payment (callback_virtual_account_id, payment_id), an e-wallet charge (event ewallet.capture) or a QR code payment (event qr.payment)"

    /// The error for a payload that is none of the recognised kinds, reported at `path`.
    static func unrecognised(_ path: FieldPath) -> MappingError {
        MappingError(.missingField, path: path, expected: recognisedKinds, found: "none of them")
    }

    /// Which callback `payload` is: by `event` when there is one, else a fixed VA payment by
    /// `callback_virtual_account_id`, else an invoice.
    static func callbackKind(_ payload: JSONValue) throws(MappingError) -> CallbackKind {
        let eventField = payload["event"]
        if let event = try eventField.optionalString() {
            switch event {
            case "ewallet.capture": return .eWalletCapture
            case "qr.payment": return .qrPayment
            default:
                throw MappingError(
                    .invalidValue, path: eventField.path,
                    expected: "an event this mapper reads: ewallet.capture or qr.payment (invoice and fixed virtual account callbacks carry no event)",
                    found: MappingError.quoted(event))
            }
        }
        if payload["callback_virtual_account_id"].exists { return .fixedVirtualAccount }
        return .invoice
    }

    /// A fixed virtual account "paid" callback (sent only once the customer paid): `payment_id`,
    /// `external_id`, `amount`, `bank_code` (the channel), `transaction_timestamp` (paid at),
    /// `currency` (IDR with a `currency_assumed` warning when absent), `created`/`updated`.
    func fixedVirtualAccount(_ payload: JSONValue, context: MappingContext) throws(MappingError) -> PaymentEvent {
        let defaults = Self.defaults
        var warnings: [MappingWarning] = []
        _ = try payload["callback_virtual_account_id"].requiredIdentifier()
        let paymentID = try payload["payment_id"].requiredIdentifier()
        let orderReference = try payload["external_id"].requiredIdentifier()
        let amount = try payload["amount"].amount()
        let currency = try defaults.currency(payload["currency"], context: context, warnings: &warnings)
        let paidAt = try defaults.timestamp(payload["transaction_timestamp"], .iso8601, context: context, warnings: &warnings)
        let updated = try defaults.optionalTimestamp(payload["updated"], .iso8601, context: context, warnings: &warnings)
        let event = PaymentEvent(
            tenant: context.tenant, sourceSystem: .xendit, paymentID: paymentID, orderReference: orderReference,
            status: .paid, sourceStatus: "PAID", amount: amount, paidAmount: amount, currency: currency,
            method: .virtualAccount, rawMethod: "VIRTUAL_ACCOUNT", channel: try payload["bank_code"].requiredName(),
            occurredAt: updated ?? paidAt, paidAt: paidAt, warnings: warnings)
        return event.finished()
    }

    static let chargeStatuses: [String: PaymentStatus] = [
        "SUCCEEDED": .paid, "PENDING": .pending, "FAILED": .failed, "VOIDED": .cancelled, "REFUNDED": .refunded,
    ]

    /// An e-wallet charge callback (`ewallet.capture`): `data.id`, `data.reference_id`,
    /// `data.status` (`SUCCEEDED`, `PENDING`, `FAILED`, `VOIDED`, `REFUNDED`),
    /// `data.charge_amount`, `data.capture_amount` (paid), `data.currency`, `data.channel_code`
    /// (`ID_OVO`, `ID_DANA`, `ID_SHOPEEPAY`…), `data.created`, `data.updated`.
    func eWalletCapture(_ payload: JSONValue, context: MappingContext) throws(MappingError) -> PaymentEvent {
        let defaults = Self.defaults
        var warnings: [MappingWarning] = []
        let data = payload["data"]
        let (status, sourceStatus) = try Self.status(data["status"], in: Self.chargeStatuses)
        let amount = try data["charge_amount"].amount()
        let captured = try data["capture_amount"].optionalAmount()
        let currency = try Self.requiredCurrency(data["currency"])
        let updated = try defaults.optionalTimestamp(data["updated"], .iso8601, context: context, warnings: &warnings)
        let created = try defaults.optionalTimestamp(data["created"], .iso8601, context: context, warnings: &warnings)
        let paid = status == .paid
        let event = PaymentEvent(
            tenant: context.tenant, sourceSystem: .xendit, paymentID: try data["id"].requiredIdentifier(),
            orderReference: try data["reference_id"].requiredIdentifier(), status: status, sourceStatus: sourceStatus,
            amount: amount, paidAmount: paid ? (captured ?? amount) : nil, currency: currency,
            method: .eWallet, rawMethod: "EWALLET", channel: try data["channel_code"].requiredName(),
            occurredAt: updated ?? created, paidAt: paid ? (updated ?? created) : nil, warnings: warnings)
        return event.finished()
    }

    static let qrStatuses: [String: PaymentStatus] = ["SUCCEEDED": .paid, "COMPLETED": .paid, "FAILED": .failed]

    /// A QR code payment callback (`qr.payment`). API version 2022-07-31: `data.id`, `data.qr_id`,
    /// `data.reference_id`, `data.amount`, `data.currency`, `data.status` (`SUCCEEDED`),
    /// `data.channel_code` (the payer's issuer, `ID_DANA`…), `data.created`. The older flat
    /// callback: `id`, `amount`, `status` (`COMPLETED`), `created`, `qr_code.external_id`,
    /// `payment_details.source`, no currency (IDR with a `currency_assumed` warning).
    func qrPayment(_ payload: JSONValue, context: MappingContext) throws(MappingError) -> PaymentEvent {
        let defaults = Self.defaults
        var warnings: [MappingWarning] = []
        let nested = payload["data"].exists
        let body = nested ? payload["data"] : payload
        let (status, sourceStatus) = try Self.status(body["status"], in: Self.qrStatuses)
        let amount = try body["amount"].amount()
        let orderReference: String
        let channel: String?
        let currency: Currency
        if nested {
            orderReference = try body["reference_id"].requiredIdentifier()
            channel = try body["channel_code"].optionalString()
            currency = try Self.requiredCurrency(body["currency"])
        } else {
            orderReference = try body["qr_code"]["external_id"].requiredIdentifier()
            channel = try body["payment_details"]["source"].optionalString()
            currency = try defaults.currency(body["currency"], context: context, warnings: &warnings)
        }
        let created = try defaults.timestamp(body["created"], .iso8601, context: context, warnings: &warnings)
        let paid = status == .paid
        let event = PaymentEvent(
            tenant: context.tenant, sourceSystem: .xendit, paymentID: try body["id"].requiredIdentifier(),
            orderReference: orderReference, status: status, sourceStatus: sourceStatus,
            amount: amount, paidAmount: paid ? amount : nil, currency: currency,
            method: .qr, rawMethod: "QR_CODE", channel: channel,
            occurredAt: created, paidAt: paid ? created : nil, warnings: warnings)
        return event.finished()
    }

    /// The status at `field`, looked up in `table` (case-insensitively), with its source text.
    static func status(
        _ field: JSONValue, in table: [String: PaymentStatus]
    ) throws(MappingError) -> (PaymentStatus, String) {
        let text = try field.string()
        guard let status = table[text.uppercased()] else {
            throw MappingError.invalid(field.path, expected: "a status: " + table.keys.sorted().joined(separator: ", "), value: text)
        }
        return (status, text)
    }

    /// A required ISO 4217 currency code.
    static func requiredCurrency(_ field: JSONValue) throws(MappingError) -> Currency {
        let code = try field.string()
        guard let currency = Currency(code: code) else {
            throw MappingError.invalid(field.path, expected: "an ISO 4217 currency code such as IDR", value: code)
        }
        return currency
    }
}
