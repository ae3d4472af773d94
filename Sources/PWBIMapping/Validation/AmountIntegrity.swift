// Sign and consistency rules every mapped event must pass, whatever its source (issue 17):
// direction is the kind's job, so order-level amounts are never negative; no part exceeds the
// whole it is part of; a paid or settled payment was paid its stated amount.

extension ValidationRule {
    /// Order-level amounts of a sale, refund or void (`subtotal`, `discount`, `service_charge`,
    /// `tax`, `total`, `paid`, `change`, `payments[i].amount`) are zero or more: the kind carries
    /// the direction, and mappers turn a refund sent as negatives positive before this runs.
    /// Lines keep the source's signs (a returned line has a negative quantity).
    public static let nonNegativeOrderAmounts = ValidationRule(name: "non_negative_order_amounts") { transaction in
        transaction.negativeOrderAmountFailures()
    }

    /// No part is larger than what it is part of, so none makes another negative: the tax and
    /// the service charge are at most the total (a tax above the total would leave a negative
    /// subtotal), the discount at most the subtotal plus the service charge.
    public static let partsWithinTotal = ValidationRule(name: "parts_within_total") { transaction in
        transaction.partsBeyondTotalFailures()
    }

    /// The sign and consistency rules: ``partsWithinTotal`` then ``nonNegativeOrderAmounts``. On
    /// by default: ``MappedEvent/checkAmounts()`` runs them for every mapper called through
    /// ``TransactionMapper/map(body:event:context:)`` and for every delivery the receiver maps.
    public static let amountIntegrity = ValidationRule.all([.partsWithinTotal, .nonNegativeOrderAmounts])
}

extension UnifiedTransaction {
    /// ``ValidationRule/nonNegativeOrderAmounts``' failures.
    func negativeOrderAmountFailures() -> [MappingError] {
        var failures: [MappingError] = []
        // The path is built only for a failure: a passing transaction allocates nothing here.
        func check(_ value: Money?, _ path: @autoclosure () -> FieldPath) {
            guard let value, value.isNegative else { return }
            failures.append(
                ValidationRule.failure(
                    path(), expected: "an amount of zero or more (the kind, \(kind.rawValue), carries the direction)",
                    found: "\(value)"))
        }
        check(subtotal, "subtotal")
        check(discount, "discount")
        check(serviceCharge, "service_charge")
        check(tax, "tax")
        check(total, "total")
        check(paid, "paid")
        check(change, "change")
        for (index, payment) in payments.enumerated() {
            check(payment.amount, FieldPath("payments").appending(index: index).appending("amount"))
        }
        return failures
    }

    /// ``ValidationRule/partsWithinTotal``' failures.
    func partsBeyondTotalFailures() -> [MappingError] {
        var failures: [MappingError] = []
        let total = self.total
        if !total.isNegative {
            if let tax, tax > total {
                failures.append(ValidationRule.failure("tax", expected: "a tax of at most the total (\(total))", found: "\(tax)"))
            }
            if let service = serviceCharge, service > total {
                failures.append(
                    ValidationRule.failure(
                        "service_charge", expected: "a service charge of at most the total (\(total))", found: "\(service)"))
            }
        }
        if let discount, let subtotal, !subtotal.isNegative,
            let ceiling = try? subtotal.adding(serviceCharge ?? .zero), discount > ceiling
        {
            failures.append(
                ValidationRule.failure(
                    "discount", expected: "a discount of at most the subtotal plus service charge (\(ceiling))",
                    found: "\(discount)"))
        }
        return failures
    }

    /// ``ValidationRule/amountIntegrity``' failures, in its order, called directly: no rule
    /// closures and no copy of the transaction for them.
    var amountIntegrityFailures: [MappingError] {
        let parts = partsBeyondTotalFailures()
        return parts.isEmpty ? negativeOrderAmountFailures() : parts + negativeOrderAmountFailures()
    }
}

extension PaymentEvent {
    /// The sign and consistency failures of this payment: `amount` and `paid_amount` are zero or
    /// more, and a paid or settled payment's `paid_amount` equals its `amount` (Xendit invoices
    /// and Midtrans charges are paid in full; a partial or excess payment is not a `paid` one).
    public var amountFailures: [MappingError] {
        var failures: [MappingError] = []
        let direction = "an amount of zero or more (the status, \(status.rawValue), carries the direction)"
        if amount.isNegative {
            failures.append(MappingError(.validationFailed, path: "amount", expected: direction, found: "\(amount)"))
        }
        if let paidAmount, paidAmount.isNegative {
            failures.append(MappingError(.validationFailed, path: "paid_amount", expected: direction, found: "\(paidAmount)"))
        }
        if status == .paid || status == .settled, let paidAmount, paidAmount != amount {
            failures.append(
                MappingError(
                    .validationFailed, path: "paid_amount",
                    expected: "the amount \(amount) in full for a \(status.rawValue) payment (\(sourceStatus))",
                    found: "\(paidAmount)"))
        }
        return failures
    }
}

extension MappedEvent {
    /// Throws the first sign or consistency failure (``ValidationRule/amountIntegrity`` for each
    /// transaction, ``PaymentEvent/amountFailures`` for a payment), a
    /// ``MappingError/Kind/validationFailed`` with the field path in the unified JSON
    /// (prefixed with the transaction's index for a list).
    public func checkAmounts() throws(MappingError) {
        switch self {
        case .transaction(let transaction):
            if let first = transaction.amountIntegrityFailures.first { throw first }
        case .transactions(let transactions):
            for (index, transaction) in transactions.enumerated() {
                if var first = transaction.amountIntegrityFailures.first {
                    first.path = FieldPath(components: [.index(index)] + first.path.components)
                    throw first
                }
            }
        case .payment(let payment):
            if let first = payment.amountFailures.first { throw first }
        case .inventory:
            return
        }
    }
}
