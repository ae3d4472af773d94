extension KarageMapper {
    /// One `OrderItems[]` entry, in either shape: `Price` with an optional `DiscountAmount`
    /// (setup guide), or `PriceWithoutTax` with an optional `DiscountPercentage` from 0 to 100
    /// (current plugin; the discount is `PriceWithoutTax × Quantity × DiscountPercentage / 100`,
    /// exact). The line total is price × quantity − discount. `currentShape` is set when the
    /// line is a `PriceWithoutTax` line (current plugin shape) and left alone otherwise.
    static func line(_ item: JSONValue, currentShape: inout Bool) throws(MappingError) -> LineItem {
        var references: [ProductReference] = []
        references.reserveCapacity(3)  // one allocation, not one per growth step
        if let odoo = try item.optionalField("OdooItemID")?.nonEmptyIdentifier() {
            references.append(ProductReference(scheme: "OdooItemID", value: odoo))
        }
        if let legacy = try item.optionalField("ItemID")?.nonEmptyIdentifier() {
            references.append(ProductReference(scheme: "ItemID", value: legacy))
        }
        let name = try item.optionalString(field: "ItemName")
        if let name, !isBlank(name) {
            references.append(ProductReference(scheme: "ItemName", value: name))
        }
        guard let preferred = references.first else {
            throw MappingError.missing(
                item[field: "OdooItemID"].path, expected: "a product reference: OdooItemID, ItemID or ItemName")
        }
        let quantity = try item.amount(field: "Quantity", KarageMapper.amounts)
        let price: Money
        let discount: Money?
        let statedPrice = try item.optionalAmount(field: "Price", KarageMapper.amounts)
        if let statedPrice {
            price = statedPrice
            discount = try item.optionalAmount(field: "DiscountAmount", KarageMapper.amounts)
        } else if item.has(field: "PriceWithoutTax") {
            currentShape = true
            price = try item.amount(field: "PriceWithoutTax", KarageMapper.amounts)
            discount = try percentageDiscount(
                item.optionalField("DiscountPercentage"), price: price, quantity: quantity, at: item)
        } else {
            // `Price` missing or null, and no `PriceWithoutTax` either.
            let priceField = item[field: "Price"]
            guard priceField.exists else {
                throw MappingError.missing(
                    priceField.path, expected: "a unit price: Price, or PriceWithoutTax in the plugin's current shape")
            }
            throw priceField.mismatch(JSONDocument.numberOrNumericString)
        }
        let lineTotal = try exact(at: item.path) { () throws(ExactDecimalError) in
            try quantity.multiplied(by: price).subtracting(discount ?? .zero)
        }
        return LineItem(
            name: name ?? preferred.value, references: references, quantity: quantity, unitPrice: price,
            discount: discount, lineTotal: lineTotal)
    }

    /// `price × quantity × percentage / 100`, exact; nil when `DiscountPercentage` is absent. A
    /// percentage outside 0…100 is an error.
    static func percentageDiscount(
        _ field: JSONValue?, price: Money, quantity: Money, at item: JSONValue
    ) throws(MappingError) -> Money? {
        guard let present = field else { return nil }
        let percentage = try present.amount(KarageMapper.amounts)
        guard !percentage.isNegative, percentage <= ExactDecimal(100) else {
            throw MappingError.invalid(present.path, expected: "a discount percentage from 0 to 100", value: percentage.description)
        }
        return try exact(at: item.path) { () throws(ExactDecimalError) in
            let gross = try price.multiplied(by: quantity)
            let discount = try gross.multiplied(by: percentage).movingDecimalPoint(by: -2)
            // Written at the fewest digits, from the gross amount's scale up, that keep it exact
            // (10 % of 100.0 is 10.0, not 10.000; 10 % of 18.75 is 1.875).
            for scale in gross.scale..<max(gross.scale, discount.scale) {
                if let shorter = try? discount.rescaled(toScale: scale) { return shorter }
            }
            return discount
        }
    }
}
