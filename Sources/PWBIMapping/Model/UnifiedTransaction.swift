/// A sale, refund or void from any source, in one exact form — what the host stores and reports on.
///
/// Modelled on what unified commerce APIs (Square Orders, Chift POS) expose. Amounts are
/// ``Money`` in ``currency``; they are positive for refunds too (``kind`` carries the direction).
/// Optional amounts are nil when the source does not state them — a mapper never invents a zero
/// it was not given (but it may compute a value and say so in ``warnings``).
///
/// Identity for deduplication is ``tenant`` + ``sourceSystem`` + ``outlet`` + ``externalID`` +
/// ``kind``: a refund or void that carries its sale's id is another transaction.
public struct UnifiedTransaction: Sendable, Hashable {
    /// The host's tenant (merchant account) this transaction belongs to.
    public var tenant: String
    /// Where it came from.
    public var sourceSystem: SourceSystem
    /// The source's identifier (`transaction_id`, Moka `id`/`payment_no`, Karage `OrderID`).
    public var externalID: String
    /// The outlet / location / store / branch, if the source says.
    public var outlet: String?
    /// Sale, refund or void.
    public var kind: TransactionKind
    /// Where it stands.
    public var status: TransactionStatus
    /// The source's own status code or word, if any (Karage `103`).
    public var sourceStatus: String?
    /// For a refund or void: the external id of the original sale, if given (Moka `parent_payment_id`).
    public var originalExternalID: String?
    /// When it happened, and how the zone was decided.
    public var occurredAt: ZonedTimestamp
    /// The currency of every amount.
    public var currency: Currency
    /// Sum of the lines before order-level discount, service charge and tax.
    public var subtotal: Money?
    /// Order-level discount (positive number).
    public var discount: Money?
    /// Service charge / gratuity.
    public var serviceCharge: Money?
    /// Tax amount.
    public var tax: Money?
    /// Tax rate in percent (`11` for Indonesian PPN 11 %, `15` for Saudi VAT), if stated.
    public var taxRatePercent: ExactDecimal?
    /// The amount due: subtotal − discount + service charge + tax.
    public var total: Money
    /// Amount tendered by the customer, if stated.
    public var paid: Money?
    /// Change given back, if stated.
    public var change: Money?
    /// The lines.
    public var lineItems: [LineItem]
    /// The tenders (split payments are several).
    public var payments: [Payment]
    /// What the mapper accepted but a person should know.
    public var warnings: [MappingWarning]

    /// A transaction; a completed sale unless told otherwise.
    public init(
        tenant: String, sourceSystem: SourceSystem, externalID: String, outlet: String? = nil,
        kind: TransactionKind = .sale, status: TransactionStatus = .completed, sourceStatus: String? = nil,
        originalExternalID: String? = nil, occurredAt: ZonedTimestamp, currency: Currency,
        subtotal: Money? = nil, discount: Money? = nil, serviceCharge: Money? = nil, tax: Money? = nil,
        taxRatePercent: ExactDecimal? = nil, total: Money, paid: Money? = nil, change: Money? = nil,
        lineItems: [LineItem] = [], payments: [Payment] = [], warnings: [MappingWarning] = []
    ) {
        self.tenant = tenant
        self.sourceSystem = sourceSystem
        self.externalID = externalID
        self.outlet = outlet
        self.kind = kind
        self.status = status
        self.sourceStatus = sourceStatus
        self.originalExternalID = originalExternalID
        self.occurredAt = occurredAt
        self.currency = currency
        self.subtotal = subtotal
        self.discount = discount
        self.serviceCharge = serviceCharge
        self.tax = tax
        self.taxRatePercent = taxRatePercent
        self.total = total
        self.paid = paid
        self.change = change
        self.lineItems = lineItems
        self.payments = payments
        self.warnings = warnings
    }

    /// Sum of the payments' amounts, exact.
    public func paymentsTotal() throws(ExactDecimalError) -> Money {
        try Money.sum(payments.map(\.amount))
    }

    /// subtotal − discount + service charge + tax (absent parts count as zero; nil without a subtotal).
    public func computedTotal() throws(ExactDecimalError) -> Money? {
        guard let subtotal else { return nil }
        var total = try subtotal.subtracting(discount ?? .zero)
        total = try total.adding(serviceCharge ?? .zero)
        return try total.adding(tax ?? .zero)
    }
}
