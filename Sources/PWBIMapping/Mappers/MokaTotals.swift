// Moka's order-level amounts: per-payment component lists, signs, and the totals-consistency check
// shared by the report shapes (the v1 `payments[]`, the GoBiz `transactions[]`, the older flat shape).

extension MokaMapper {
    /// The magnitude of an optional amount: Moka writes adjustments with either sign (a discount
    /// as `-100000`, a refund's tax as `-755.0125`); the field says what the amount does, so the
    /// unified amount is the magnitude and the direction is carried by where it goes.
    static func magnitude(_ value: JSONValue) throws(MappingError) -> Money? {
        guard let amount = try value.optionalAmount() else { return nil }
        return try exact(at: value.path) { () throws(ExactDecimalError) in try amount.magnitude() }
    }

    /// The sum of the magnitudes of `field` over a per-payment list (`payment_taxes[].total`,
    /// `payment_gratuities[].total`, `payment_discounts[].discount_amount`); nil when the list is
    /// absent or empty. An entry without the field is an error naming it.
    static func componentSum(_ list: JSONValue, field: String) throws(MappingError) -> Money? {
        let entries = try list.optionalArray()
        guard !entries.isEmpty else { return nil }
        var sum = Money.zero
        for entry in entries {
            let value = entry[field]
            let amount = try value.amount()
            sum = try exact(at: value.path) { () throws(ExactDecimalError) in try sum.adding(try amount.magnitude()) }
        }
        return sum
    }

    /// The stated order-level amount, or the sum of its per-payment list when the order-level one
    /// is absent. When both are present and differ, the stated one is kept and a
    /// `totals_mismatch` warning names the list and both values.
    static func statedOrListed(
        _ stated: Money?, statedPath: @autoclosure () -> FieldPath, list: JSONValue, field: String, warnings: inout [MappingWarning]
    ) throws(MappingError) -> Money? {
        let listed = try componentSum(list, field: field)
        guard let stated else { return listed }
        if let listed, listed != stated {
            warnings.append(
                MappingWarning(
                    .totalsMismatch, path: list.path,
                    message: "the \(list.path) entries add up to \(listed), \(statedPath()) states \(stated)"))
        }
        return stated
    }
}

extension UnifiedTransaction {
    /// Adds a `totals_mismatch` warning at `path` (with the difference) when subtotal − discount +
    /// service charge + tax (``computedTotal()``) is not exactly the total. Nothing is checked
    /// without a subtotal; an absent part counts as 0.
    mutating func warnUnlessTotalsAddUp(at path: @autoclosure () -> FieldPath) {
        guard let computed = try? computedTotal(), let difference = try? total.subtracting(computed), !difference.isZero
        else { return }
        warnings.append(
            MappingWarning(
                .totalsMismatch, path: path(),
                message:
                    "subtotal − discounts + taxes + gratuities = \(computed), but the total collected is \(total) (difference \(difference))"
            ))
    }
}

extension MappingWarning.Code {
    /// A refund that does not name the sale it returns.
    static let refundUnlinked: Self = "refund_unlinked"
}
