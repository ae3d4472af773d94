/// Stock levels reported by a source (`inventory.updated`).
public struct InventoryUpdate: Sendable, Hashable {
    /// The host's tenant.
    public var tenant: String
    /// The system that reported it.
    public var sourceSystem: SourceSystem
    /// The source's identifier for this update, if any.
    public var externalID: String?
    /// The outlet / warehouse the levels belong to, if stated.
    public var outlet: String?
    /// When the levels were taken, if stated.
    public var occurredAt: ZonedTimestamp?
    /// One entry per product.
    public var items: [InventoryItem]
    /// What the mapper noticed without rejecting the payload.
    public var warnings: [MappingWarning]

    /// An inventory update.
    public init(
        tenant: String, sourceSystem: SourceSystem, externalID: String? = nil, outlet: String? = nil,
        occurredAt: ZonedTimestamp? = nil, items: [InventoryItem], warnings: [MappingWarning] = []
    ) {
        self.tenant = tenant
        self.sourceSystem = sourceSystem
        self.externalID = externalID
        self.outlet = outlet
        self.occurredAt = occurredAt
        self.items = items
        self.warnings = warnings
    }
}

/// One product's stock in an ``InventoryUpdate``: an absolute level, a change, or both.
public struct InventoryItem: Sendable, Hashable {
    /// The product name, if given.
    public var name: String?
    /// Product identifiers, most preferred first.
    public var references: [ProductReference]
    /// The quantity on hand after the update, if stated.
    public var quantityOnHand: Quantity?
    /// The change (+ received, − sold or written off), if stated.
    public var quantityChange: Quantity?
    /// The unit (`pcs`, `kg`), if given.
    public var unit: String?

    /// A product's stock level and/or change.
    public init(
        name: String? = nil, references: [ProductReference] = [], quantityOnHand: Quantity? = nil,
        quantityChange: Quantity? = nil, unit: String? = nil
    ) {
        self.name = name
        self.references = references
        self.quantityOnHand = quantityOnHand
        self.quantityChange = quantityChange
        self.unit = unit
    }
}
