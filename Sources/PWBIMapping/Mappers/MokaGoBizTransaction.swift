// Moka through the GoBiz developer API, "Get Paid Transactions List":
// `GET /integrations/mokapos/outlets/{outlet_id}/v1/reporting/transactions`,
// `{"success":true,"data":{"transactions":[…]}}`.

extension MokaMapper {
    /// True for an element of GoBiz's `transactions[]` (it is dated by `transaction_date`).
    static func isGoBizTransaction(_ payload: JSONValue) -> Bool {
        payload["transaction_date"].exists || payload["payment_taxes"].exists || payload["items"].exists
    }

    /// One GoBiz transaction: the sale, then one refund per `payment_refunds[]` entry.
    ///
    /// Sale: `id`, `payment_no`, `transaction_date` (ISO 8601 with offset), `payment_type`
    /// (`payment_type_label` as the payment's label), `subtotal`, `discounts`, `gratuities`,
    /// `taxes`, `total_collected`, `tendered` (paid; change = tendered − total collected when
    /// positive), `items[]`. An absent `taxes`/`gratuities`/`discounts` is the sum of
    /// `payment_taxes[].total`/`payment_gratuities[].total`/`payment_discounts[].discount_amount`
    /// (magnitudes); both present and different is a `totals_mismatch` warning.
    func goBizTransactions(
        _ payload: JSONValue, context: MappingContext
    ) throws(MappingError) -> (sale: UnifiedTransaction, refunds: [UnifiedTransaction]) {
        let defaults = Self.defaults
        var warnings: [MappingWarning] = []
        let externalID = try payload["id"].requiredIdentifier()
        let occurredAt = try defaults.timestamp(payload["transaction_date"], .dateTime, context: context, warnings: &warnings)
        let currency = try defaults.currency(payload["currency"], context: context, warnings: &warnings)
        let outlet = try payload["outlet_id"].optionalIdentifier() ?? context.defaultOutlet
        let total = try payload["total_collected"].amount()
        let discount = try Self.statedOrListed(
            try Self.magnitude(payload["discounts"]), statedPath: payload["discounts"].path, list: payload["payment_discounts"],
            field: "discount_amount", warnings: &warnings)
        let gratuity = try Self.statedOrListed(
            try payload["gratuities"].optionalAmount(), statedPath: payload["gratuities"].path, list: payload["payment_gratuities"],
            field: "total", warnings: &warnings)
        let tax = try Self.statedOrListed(
            try payload["taxes"].optionalAmount(), statedPath: payload["taxes"].path, list: payload["payment_taxes"],
            field: "total", warnings: &warnings)
        let paid = try payload["tendered"].optionalAmount()
        var change: Money?
        if let paid, paid > total {
            change = try exact(at: "tendered") { () throws(ExactDecimalError) in try paid.subtracting(total) }
        }
        var payments: [Payment] = []
        let typeField = payload["payment_type"]
        if let type = try typeField.optionalString() {
            var payment = labelledPayment(type, amount: total, path: typeField.path, warnings: &warnings)
            payment.label = try payload["payment_type_label"].optionalString()
            payments.append(payment)
        }
        var sale = UnifiedTransaction(
            tenant: context.tenant, sourceSystem: .moka, externalID: externalID, outlet: outlet,
            occurredAt: occurredAt, currency: currency,
            subtotal: try payload["subtotal"].optionalAmount(), discount: discount, serviceCharge: gratuity,
            tax: tax, total: total, paid: paid, change: change,
            lineItems: try Self.goBizLines(payload["items"]), payments: payments, warnings: warnings)
        sale.warnUnlessTotalsAddUp(at: payload["total_collected"].path)
        sale.finish(lineTotalsCoverSubtotal: false)

        var refunds: [UnifiedTransaction] = []
        for refund in try payload["payment_refunds"].optionalArray() {
            refunds.append(
                try goBizRefund(refund, sale: externalID, saleTime: occurredAt, outlet: outlet, currency: currency, context: context))
        }
        return (sale, refunds)
    }

    /// One `payment_refunds[]` entry: `id`, `status`, `payment_type`, `refund_amount` (its
    /// magnitude is the refund's total), `refunded_date` (else the sale's time), `refund_type`,
    /// linked to the sale by ``UnifiedTransaction/originalExternalID``.
    func goBizRefund(
        _ entry: JSONValue, sale: String, saleTime: ZonedTimestamp, outlet: String?, currency: Currency,
        context: MappingContext
    ) throws(MappingError) -> UnifiedTransaction {
        var warnings: [MappingWarning] = []
        let amountField = entry["refund_amount"]
        let amount = try amountField.amount()
        let total = try exact(at: amountField.path) { () throws(ExactDecimalError) in try amount.magnitude() }
        let occurredAt =
            try Self.defaults.optionalTimestamp(entry["refunded_date"], .dateTime, context: context, warnings: &warnings)
            ?? saleTime
        var payments: [Payment] = []
        let typeField = entry["payment_type"]
        if let type = try typeField.optionalString() {
            payments.append(labelledPayment(type, amount: total, path: typeField.path, warnings: &warnings))
        }
        var refund = UnifiedTransaction(
            tenant: context.tenant, sourceSystem: .moka, externalID: try entry["id"].requiredIdentifier(), outlet: outlet,
            kind: .refund, status: .completed, sourceStatus: try entry["status"].optionalString(),
            originalExternalID: sale, occurredAt: occurredAt, currency: currency,
            total: total, paid: total, payments: payments, warnings: warnings)
        refund.finish()
        return refund
    }

    /// GoBiz `items[]`: `quantity`, `price` (unit price), `discount_amount`, `tax_amount`,
    /// `variant_id`; the name is `item_name`, else `name`, else `variant_name`, else the variant id.
    /// The line total is quantity × price − discount.
    static func goBizLines(_ list: JSONValue) throws(MappingError) -> [LineItem] {
        var lines: [LineItem] = []
        for item in try list.optionalArray() {
            var references: [ProductReference] = []
            if let variant = try item["variant_id"].optionalIdentifier() {
                references.append(ProductReference(scheme: "variant_id", value: variant))
            }
            if let id = try item["item_id"].optionalIdentifier() {
                references.append(ProductReference(scheme: "item_id", value: id))
            }
            let variantName = try item["variant_name"].optionalString()
            var stated = try item["item_name"].optionalString()
            if stated == nil { stated = try item["name"].optionalString() }
            let name: String
            if let stated = stated ?? variantName, !isBlank(stated) {
                name = stated
            } else if let reference = references.first {
                name = reference.value
            } else {
                throw MappingError(
                    .missingField, path: item["item_name"].path, expected: "an item name or a variant_id", found: "neither")
            }
            let quantity = try item["quantity"].amount()
            let price = try item["price"].amount()
            let discount = try Self.magnitude(item["discount_amount"])
            let gross = try exact(at: item.path) { () throws(ExactDecimalError) in try quantity.multiplied(by: price) }
            let lineTotal = try exact(at: item.path) { () throws(ExactDecimalError) in try gross.subtracting(discount ?? .zero) }
            lines.append(
                LineItem(
                    name: name, references: references, quantity: quantity, unitPrice: price, discount: discount,
                    lineTotal: lineTotal, tax: try item["tax_amount"].optionalAmount(),
                    note: name == variantName ? nil : variantName))
        }
        return lines
    }
}
