extension KarageMapper {
    /// One mapped `OrderItems[]` entry, and whether it was in the current plugin shape.
    struct Line {
        var item: LineItem
        /// True for a `PriceWithoutTax` line (current plugin shape), false for a `Price` line.
        var priceWithoutTax: Bool
    }

    /// One `OrderItems[]` entry, in either shape: `Price` with an optional `DiscountAmount`
    /// (setup guide), or `PriceWithoutTax` with an optional `DiscountPercentage` from 0 to 100
    /// (current plugin; the discount is `PriceWithoutTax × Quantity × DiscountPercentage / 100`,
    /// exact). The line total is price × quantity − discount.
    static func line(_ item: JSONValue) throws(MappingError) -> Line {
        var references: [ProductReference] = []
        references.reserveCapacity(3)  // one allocation, not one per growth step
        if let odoo = try item.optionalField("OdooItemID")?.optionalIdentifier() {
            references.append(ProductReference(scheme: "OdooItemID", value: odoo))
        }
        if let legacy = try item.optionalField("ItemID")?.optionalIdentifier() {
            references.append(ProductReference(scheme: "ItemID", value: legacy))
        }
        let name = try item.optionalField("ItemName")?.string()
        if let name, !isBlank(name) {
            references.append(ProductReference(scheme: "ItemName", value: name))
        }
        guard let preferred = references.first else {
            throw MappingError.missing(
                item[field: "OdooItemID"].path, expected: "a product reference: OdooItemID, ItemID or ItemName")
        }
        let quantity = try item[field: "Quantity"].amount(KarageMapper.amounts)
        let price: Money
        let discount: Money?
        let statedPrice = try item.optionalField("Price")
        let priceWithoutTax = statedPrice == nil && item[field: "PriceWithoutTax"].exists
        if priceWithoutTax {
            price = try item[field: "PriceWithoutTax"].amount(KarageMapper.amounts)
            discount = try percentageDiscount(
                item.optionalField("DiscountPercentage"), price: price, quantity: quantity, at: item)
        } else if let statedPrice {
            price = try statedPrice.amount(KarageMapper.amounts)
            discount = try item.optionalField("DiscountAmount")?.amount(KarageMapper.amounts)
        } else {
            // `Price` missing or null, and no `PriceWithoutTax` either.
            let priceField = item[field: "Price"]
            guard priceField.exists else {
                throw MappingError.missing(
                    priceField.path, expected: "a unit price: Price, or PriceWithoutTax in the plugin's current shape")
            }
            throw priceField.mismatch("a number or a numeric string")
        }
        let lineTotal = try exact(at: item.path) { () throws(ExactDecimalError) in
            try quantity.multiplied(by: price).subtracting(discount ?? .zero)
        }
        let line = LineItem(
            name: name ?? preferred.value, references: references, quantity: quantity, unitPrice: price,
            discount: discount, lineTotal: lineTotal)
        return Line(item: line, priceWithoutTax: priceWithoutTax)
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
