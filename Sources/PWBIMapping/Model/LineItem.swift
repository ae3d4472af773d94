/// How a source identifies a product: the scheme (the source's field name) and its value.
public struct ProductReference: Sendable, Hashable, CustomStringConvertible {
    /// The identifier's kind, usually the source field (`OdooItemID`, `ItemID`, `sku`, `item_id`).
    public var scheme: String
    /// The identifier, as text (`5`, `SKU-001`).
    public var value: String

    /// A reference `value` in `scheme` (`OdooItemID`, `sku`…).
    public init(scheme: String, value: String) {
        self.scheme = scheme
        self.value = value
    }

    public var description: String { "\(scheme)=\(value)" }
}

/// One line of a transaction.
public struct LineItem: Sendable, Hashable {
    /// The product name as the source printed it.
    public var name: String
    /// Product identifiers, most preferred first (Karage: `OdooItemID`, then `ItemID`).
    public var references: [ProductReference]
    /// Quantity, exact; fractional for weighed goods, negative for returned lines.
    public var quantity: Quantity
    /// Price of one unit, before the line discount.
    public var unitPrice: Money
    /// Discount on the whole line, if the source gives one.
    public var discount: Money?
    /// The line's total as the source states it (or as computed by the mapper: quantity × unit price − discount).
    public var lineTotal: Money?
    /// Tax on the line, if the source gives it per line.
    public var tax: Money?
    /// A variant, modifier or note (`Large`, `no sugar`), if any.
    public var note: String?

    /// A line item.
    public init(
        name: String, references: [ProductReference] = [], quantity: Quantity, unitPrice: Money,
        discount: Money? = nil, lineTotal: Money? = nil, tax: Money? = nil, note: String? = nil
    ) {
        self.name = name
        self.references = references
        self.quantity = quantity
        self.unitPrice = unitPrice
        self.discount = discount
        self.lineTotal = lineTotal
        self.tax = tax
        self.note = note
    }

    /// quantity × unit price − discount, exact (not rounded).
    public func computedTotal() throws(ExactDecimalError) -> Money {
        let gross = try quantity.multiplied(by: unitPrice)
        guard let discount else { return gross }
        return try gross.subtracting(discount)
    }
}

/// One payment (tender) of a transaction; split payments are several.
public struct Payment: Sendable, Hashable {
    /// The normalised method.
    public var method: PaymentMethod
    /// The source's code for it (`1`, `gopay`, `BANK_TRANSFER`), if any.
    public var rawCode: String?
    /// The source's label (`Cash`, `Tabby`, `BCA`), if any.
    public var label: String?
    /// The amount tendered with this method.
    public var amount: Money
    /// A reference (card approval code, e-wallet transaction id, VA number), if any.
    public var reference: String?

    /// A payment of `amount` by `method`.
    public init(method: PaymentMethod, rawCode: String? = nil, label: String? = nil, amount: Money, reference: String? = nil) {
        self.method = method
        self.rawCode = rawCode
        self.label = label
        self.amount = amount
        self.reference = reference
    }
}
