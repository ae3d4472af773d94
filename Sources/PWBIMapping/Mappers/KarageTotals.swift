extension MappingWarning.Code {
    /// An order total the payload did not state was computed from its lines and payments (Karage's
    /// current plugin shape sends no `AmountTotal`).
    public static let totalsComputed: MappingWarning.Code = "totals_computed"
    /// The payload states no tax; none is recorded (rather than a zero or a guess).
    public static let taxNotStated: MappingWarning.Code = "tax_not_stated"
}

extension KarageMapper {
    /// An order's amounts and tax rate, stated or computed.
    struct Totals {
        var amounts: OrderAmounts
        var taxPercent: ExactDecimal?
    }

    /// The setup-guide shape: `AmountTotal`, `Tax`, `TaxPercent` and `AmountPaid` are required;
    /// without `GrandTotal` the total is `AmountTotal − AmountDiscount + Tax`. A refund's amounts are made positive.
    static func guideTotals(_ order: JSONValue, kind: TransactionKind) throws(MappingError) -> Totals {
        var amounts = OrderAmounts(
            subtotal: try order.amount(field: "AmountTotal", KarageMapper.amounts),
            discount: try order.optionalAmount(field: "AmountDiscount", KarageMapper.amounts),
            serviceCharge: nil,
            tax: try order.amount(field: "Tax", KarageMapper.amounts),
            total: .zero,
            paid: try order.amount(field: "AmountPaid", KarageMapper.amounts),
            change: try order.optionalAmount(field: "BalanceAmount", KarageMapper.amounts))
        let taxPercent = try order.amount(field: "TaxPercent", KarageMapper.amounts)
        let grandTotal = try order.optionalAmount(field: "GrandTotal", KarageMapper.amounts)
        amounts.total = try total(stated: grandTotal, order, amounts)
        try amounts.makePositive(for: kind)
        return Totals(amounts: amounts, taxPercent: taxPercent)
    }

    /// The current plugin shape: any order amount present is read; `AmountTotal` absent is the sum
    /// of the line totals, `AmountPaid` absent the sum of the payments (a `totals_computed`
    /// warning names both); `Tax` absent stays absent (a `tax_not_stated` warning, with how far
    /// the payments exceed the computed total by, if they do). A refund's amounts are made positive.
    static func currentTotals(
        _ order: JSONValue, kind: TransactionKind, lines: [LineItem], payments: [Payment], currency: Currency, warnings: inout [MappingWarning]
    ) throws(MappingError) -> Totals {
        var subtotalComputed = false
        var paidComputed = false
        var amounts = OrderAmounts(
            subtotal: try order.optionalAmount(field: "AmountTotal", KarageMapper.amounts),
            discount: try order.optionalAmount(field: "AmountDiscount", KarageMapper.amounts),
            serviceCharge: nil,
            tax: try order.optionalAmount(field: "Tax", KarageMapper.amounts),
            total: .zero,
            paid: try order.optionalAmount(field: "AmountPaid", KarageMapper.amounts),
            change: try order.optionalAmount(field: "BalanceAmount", KarageMapper.amounts))
        if amounts.subtotal == nil {
            let sum = try exact(at: order[field: "OrderItems"].path) { () throws(ExactDecimalError) in
                try Money.sum(lines.map { $0.lineTotal ?? .zero })
            }
            amounts.subtotal = sum
            subtotalComputed = true
        }
        if amounts.paid == nil {
            let sum = try exact(at: order[field: "CheckoutDetails"].path) { () throws(ExactDecimalError) in
                try Money.sum(payments.map(\.amount))
            }
            amounts.paid = sum
            paidComputed = true
        }
        let grandTotal = try order.optionalAmount(field: "GrandTotal", KarageMapper.amounts)
        amounts.total = try total(stated: grandTotal, order, amounts)
        try amounts.makePositive(for: kind)
        var computed: [String] = []
        if subtotalComputed, let subtotal = amounts.subtotal {
            computed.append("subtotal \(subtotal.atScale(of: currency)) from OrderItems (PriceWithoutTax × Quantity − DiscountPercentage)")
        }
        if paidComputed, let paid = amounts.paid { computed.append("paid \(paid.atScale(of: currency)) from CheckoutDetails") }
        if grandTotal == nil { computed.append("total \(amounts.total.atScale(of: currency))") }
        if !computed.isEmpty {
            warnings.append(MappingWarning(
                .totalsComputed, path: "total",
                message: "computed what the order does not state: " + computed.joined(separator: ", ")))
        }
        if amounts.tax == nil {
            var message = "the order states no tax; none recorded"
            if let paid = amounts.paid, let excess = try? paid.subtracting(amounts.total), excess.signum > 0 {
                message += " (the payments exceed the total by \(excess.atScale(of: currency)): tax or rounding the order does not state)"
            }
            warnings.append(MappingWarning(.taxNotStated, path: "Tax", message: message))
        }
        let taxPercent = try order.optionalAmount(field: "TaxPercent", KarageMapper.amounts)
        return Totals(amounts: amounts, taxPercent: taxPercent)
    }

    /// `GrandTotal` if stated, else subtotal − discount + tax (absent parts count as zero).
    static func total(stated grandTotal: Money?, _ order: JSONValue, _ amounts: OrderAmounts) throws(MappingError) -> Money {
        if let grandTotal { return grandTotal }
        let subtotal = amounts.subtotal ?? .zero
        let discount = amounts.discount ?? .zero
        let tax = amounts.tax ?? .zero
        return try exact(at: order[field: "AmountTotal"].path) { () throws(ExactDecimalError) in
            try subtotal.subtracting(discount).adding(tax)
        }
    }
}
