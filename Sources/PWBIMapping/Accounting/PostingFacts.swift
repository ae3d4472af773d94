/// The parts of one transaction that posting needs, in the builder's own terms.
struct PostingFacts: Sendable {
    enum Kind: Sendable { case sale, refund }

    struct Tax: Sendable {
        /// The kind the transaction states, or nil (then the outlet's configured kind applies).
        var kind: TaxKind?
        var amount: Money
    }

    struct RevenueLine: Sendable {
        var category: String?
        var amount: Money
    }

    struct Payment: Sendable {
        /// The normalised method (`cash`, `qr`, `card`…): reported when no account is mapped.
        var method: String
        /// The keys the mapping is searched by, most specific first (label, source code, method).
        var keys: [String]
        /// How the line memo names it: the source's label, else the method.
        var display: String
        var amount: Money
    }

    var reference: String
    var source: JournalSourceReference
    /// The wall-clock time in the zone the entry posts in.
    var localTime: CivilDateTime
    var currency: Currency
    var kind: Kind
    var subtotal: Money
    var discount: Money
    var serviceCharge: Money
    var taxes: [Tax]
    var revenueLines: [RevenueLine]
    var payments: [Payment]
    var change: Money
    var total: Money

    var outlet: String? { source.outlet }

    /// `karage-JKT-01-1001`: source, outlet (when known) and external id.
    static func reference(sourceSystem: String, outlet: String?, externalID: String) -> String {
        [sourceSystem, outlet, externalID].compactMap { $0 }.joined(separator: "-")
    }

    /// `Sale karage 1001 at JKT-01`.
    var memo: String {
        let verb = kind == .sale ? "Sale" : "Refund"
        return "\(verb) \(source.sourceSystem) \(source.externalID)" + (outlet.map { " at \($0)" } ?? "")
    }
}

/// The key payments without a stated method are mapped by (a CSV upload with only Date, Amount, Transaction ID).
let unspecifiedPaymentMethod = "unspecified"
