// Moka's v1 report API, `GET /v1/outlets/{outlet_id}/reports/get_latest_transactions`:
// `{"data":{"payments":[…],"next_url":…,"completed":…}}`, one payment per element.

extension MokaMapper {
    /// True for a payment of the v1 "latest transactions" API (its amounts are `total_*_amount`).
    static func isV1Payment(_ payment: JSONValue) -> Bool {
        payment["total_collected_amount"].exists || payment["total_checkouts_amount"].exists
            || payment["amount_pay"].exists
    }

    /// One v1 payment: `id`, `payment_no`, `status`, `created_at`, `outlet_id`, `payment_type`,
    /// `total_checkouts_amount` (subtotal), `total_discount_amount`, `total_gratuity_amount`,
    /// `total_tax_amount`, `total_collected_amount`, `amount_pay`, `amount_change`, `checkouts[]`.
    ///
    /// A payment with `parent_payment_id`, or flagged `is_refunded`, is a refund: its amount is
    /// `refund_amount` (else the magnitude of `total_collected_amount`), its time `refunded_date`
    /// (else `created_at`), linked to `parent_payment_id` (a `refund_unlinked` warning without one).
    /// A partial refund (`refund_amount` below the payment's total) keeps only its amount: the
    /// breakdown and lines are the sale's.
    func v1Payment(_ payment: JSONValue, context: MappingContext) throws(MappingError) -> UnifiedTransaction {
        let defaults = Self.defaults
        var warnings: [MappingWarning] = []
        let externalID = try payment["id"].requiredIdentifier()
        let parent = try payment["parent_payment_id"].optionalIdentifier()
        let flagged = try payment["is_refunded"].ifPresent()?.bool() ?? false
        let kind: TransactionKind = parent != nil || flagged ? .refund : .sale
        let created = try defaults.timestamp(payment["created_at"], .dateTime, context: context, warnings: &warnings)
        let currency = try defaults.currency(payment["currency"], context: context, warnings: &warnings)
        let collectedField = payment["total_collected_amount"]
        var amounts = OrderAmounts(
            subtotal: try payment["total_checkouts_amount"].optionalAmount(),
            discount: try Self.magnitude(payment["total_discount_amount"]),
            serviceCharge: try payment["total_gratuity_amount"].optionalAmount(),
            tax: try payment["total_tax_amount"].optionalAmount(),
            total: try collectedField.amount(),
            paid: try payment["amount_pay"].optionalAmount(),
            change: try payment["amount_change"].optionalAmount())
        var lines = try Self.checkoutLines(payment["checkouts"])
        var occurredAt = created
        let original = parent
        if kind == .refund {
            try amounts.makePositive(for: kind)
            let refundField = payment["refund_amount"]
            if let refund = try Self.magnitude(refundField), !refund.isZero, refund != amounts.total {
                // A part of the payment was returned: the payment's breakdown and lines are the sale's.
                amounts = OrderAmounts(total: refund, paid: refund)
                lines = []
            } else {
                amounts.paid = amounts.total
                amounts.change = nil
            }
            occurredAt =
                try defaults.optionalTimestamp(payment["refunded_date"], .dateTime, context: context, warnings: &warnings)
                ?? created
            if original == nil {
                // Flagged without a parent: Moka does not say which sale was refunded.
                warnings.append(
                    MappingWarning(
                        .refundUnlinked, path: "parent_payment_id",
                        message: "a refund (is_refunded) without parent_payment_id: the refunded sale is not named"))
            }
        }
        var payments: [Payment] = []
        let typeField = payment["payment_type"]
        if let type = try typeField.optionalString() {
            payments.append(labelledPayment(type, amount: amounts.total, path: typeField.path, warnings: &warnings))
        }
        var transaction = UnifiedTransaction(
            tenant: context.tenant, sourceSystem: .moka, externalID: externalID,
            outlet: try payment["outlet_id"].optionalIdentifier() ?? context.defaultOutlet,
            kind: kind, status: .completed, sourceStatus: try payment["status"].optionalString(),
            originalExternalID: original, occurredAt: occurredAt, currency: currency,
            subtotal: amounts.subtotal, discount: amounts.discount, serviceCharge: amounts.serviceCharge,
            tax: amounts.tax, total: amounts.total, paid: amounts.paid, change: amounts.change,
            lineItems: lines, payments: payments, warnings: warnings)
        // The subtotal is before line discounts; lines are net of them, so they are not compared.
        transaction.warnUnlessTotalsAddUp(at: collectedField.path)
        transaction.finish(lineTotalsCoverSubtotal: false)
        return transaction
    }

    /// The `checkouts[]` of a report payment: `item_name`, `quantity`, `item_price`, `total_price`
    /// (else quantity × price), `discount_amount`, `item_id`, `item_variant_id`, `item_variant_name`.
    static func checkoutLines(_ list: JSONValue) throws(MappingError) -> [LineItem] {
        var lines: [LineItem] = []
        for checkout in try list.optionalArray() {
            let name = try checkout["item_name"].requiredName()
            let quantity = try checkout["quantity"].amount()
            let price = try checkout["item_price"].amount()
            let discount = try checkout["discount_amount"].optionalAmount()
            let gross: Money
            if let stated = try checkout["total_price"].optionalAmount() {
                gross = stated
            } else {
                gross = try exact(at: checkout.path) { () throws(ExactDecimalError) in try quantity.multiplied(by: price) }
            }
            let lineTotal = try exact(at: checkout.path) { () throws(ExactDecimalError) in try gross.subtracting(discount ?? .zero) }
            var references: [ProductReference] = []
            if let item = try checkout["item_id"].optionalIdentifier() {
                references.append(ProductReference(scheme: "item_id", value: item))
            }
            if let variant = try checkout["item_variant_id"].optionalIdentifier() {
                references.append(ProductReference(scheme: "item_variant_id", value: variant))
            }
            lines.append(
                LineItem(
                    name: name, references: references, quantity: quantity, unitPrice: price, discount: discount,
                    lineTotal: lineTotal, note: try checkout["item_variant_name"].optionalString()))
        }
        return lines
    }
}
