public import PWBIMapping

/// Builds Jurnal.id requests for the API-key flavour (`https://api.jurnal.id/core/api/v1`,
/// headers `apikey` and, when given, `Authorization` with the access token): journal entries
/// (`POST journal_entries` with `transaction_account_lines_attributes[]` of `account_name` and
/// `debit` or `credit`) and sales invoices (`POST sales_invoices`), as plain ``TransportRequest`` values.
///
/// Jurnal.id identifies accounts by name: map them with the names of the merchant's chart of
/// accounts. The entry's reference is sent as both `transaction_no` and `custom_id`.
/// Jurnal.id posts in batches every 4 hours — export `JournalPeriod.fourHours` summaries to match.
public struct JurnalExport: Sendable {
    /// The API base, without a trailing slash.
    public var baseURL: String
    /// The `apikey` header value.
    public var apiKey: String
    /// The access token sent as `Authorization`, if the account uses one with its API key.
    public var accessToken: String?
    /// How transaction dates are written.
    public var dateFormat: DateFormat
    /// Products that carry an invoice's charges (Jurnal.id invoices have only product lines).
    public var chargeProducts: ChargeProducts

    /// How `transaction_date` is written.
    public enum DateFormat: Sendable, Hashable {
        /// `2025-12-27`.
        case iso8601
        /// `27/12/2025`.
        case dayMonthYear
    }

    /// The Jurnal.id products (names) service charge, each tax kind and rounding are invoiced as.
    public struct ChargeProducts: Sendable, Hashable {
        /// The product for the service charge line, if any.
        public var serviceCharge: String?
        /// The product for each tax kind's line.
        public var taxes: [TaxKind: String]
        /// The product for a rounding line, if any.
        public var rounding: String?

        /// The charge products; a charge without one is an error when an invoice needs it.
        public init(serviceCharge: String? = nil, taxes: [TaxKind: String] = [:], rounding: String? = nil) {
            self.serviceCharge = serviceCharge
            self.taxes = taxes
            self.rounding = rounding
        }
    }

    /// Jurnal.id's API base URL.
    public static let defaultBaseURL = "https://api.jurnal.id/core/api/v1"

    /// An exporter with the account's API key (and access token, when the account uses one).
    public init(
        apiKey: String, accessToken: String? = nil, baseURL: String = JurnalExport.defaultBaseURL,
        dateFormat: DateFormat = .iso8601, chargeProducts: ChargeProducts = ChargeProducts()
    ) {
        var trimmed = baseURL
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        self.baseURL = trimmed
        self.apiKey = apiKey
        self.accessToken = accessToken
        self.dateFormat = dateFormat
        self.chargeProducts = chargeProducts
    }

    // MARK: Journal entries

    /// `POST {base}/journal_entries` for one entry.
    public func journalEntry(_ entry: JournalEntry) -> TransportRequest {
        var w = JSONWriter()
        w.beginObject()
        w.key("journal_entry")
        w.beginObject()
        w.member("transaction_date", date(entry.date))
        w.member("transaction_no", entry.reference)
        w.member("custom_id", entry.reference)
        w.member("memo", entry.memo)
        w.key("transaction_account_lines_attributes")
        w.beginArray()
        for line in entry.lines {
            w.beginObject()
            w.member("account_name", line.account.identifier)
            w.key(line.side == .debit ? "debit" : "credit")
            w.amount(line.amount, entry.currency)
            w.member("description", line.memo)
            w.endObject()
        }
        w.endArray()
        w.endObject()
        w.endObject()
        return request("journal_entries", body: w.bytes)
    }

    // MARK: Sales invoices

    /// `POST {base}/sales_invoices` for one invoice. Items become product lines (`product_name` =
    /// the catalogue's item code); the discount is a `value` discount; each charge becomes a line of
    /// the product ``chargeProducts`` names for it — a charge without one is an error, not a guess.
    public func salesInvoice(_ invoice: SalesInvoice) throws(JurnalExportError) -> TransportRequest {
        let currency = invoice.currency
        var products: [String] = []
        var missing: [String] = []
        for charge in invoice.charges {
            let product: String?
            switch charge.role {
            case .serviceCharge: product = chargeProducts.serviceCharge
            case .tax: product = charge.taxKind.flatMap { chargeProducts.taxes[$0] }
            default: product = chargeProducts.rounding
            }
            if let product { products.append(product) } else { missing.append(charge.name) }
        }
        guard missing.isEmpty else { throw .missingChargeProducts(reference: invoice.reference, charges: missing) }

        var w = JSONWriter()
        w.beginObject()
        w.key("sales_invoice")
        w.beginObject()
        w.member("transaction_date", date(invoice.date))
        w.member("transaction_no", invoice.reference)
        w.member("custom_id", invoice.reference)
        w.member("person_name", invoice.customer)
        w.member("memo", invoice.memo)
        if !invoice.discount.isZero {
            w.member("discount_type_name", "value")
            w.key("discount_unit")
            w.amount(invoice.discount, currency)
        }
        w.key("transaction_lines_attributes")
        w.beginArray()
        func line(_ product: String, _ description: String, _ quantity: Quantity, _ rate: Money) {
            w.beginObject()
            w.member("product_name", product)
            w.member("description", description)
            w.key("quantity")
            w.number(quantity.normalized)
            w.key("rate")
            w.amount(rate, currency)
            w.endObject()
        }
        for item in invoice.items { line(item.code, item.name, item.quantity, item.unitPrice) }
        for (charge, product) in zip(invoice.charges, products) { line(product, charge.name, Quantity(1), charge.amount) }
        w.endArray()
        w.endObject()
        w.endObject()
        return request("sales_invoices", body: w.bytes)
    }

    // MARK: Plumbing

    func date(_ date: LedgerDate) -> String {
        dateFormat == .iso8601 ? date.iso8601 : date.dayMonthYear
    }

    func request(_ resource: String, body: [UInt8]) -> TransportRequest {
        var headers = [HTTPHeaderField("apikey", apiKey)]
        if let accessToken { headers.append(HTTPHeaderField("Authorization", accessToken)) }
        headers.append(HTTPHeaderField("Content-Type", "application/json"))
        return TransportRequest(method: "POST", url: "\(baseURL)/\(resource)", headers: headers, body: body)
    }
}

/// Why a Jurnal.id request could not be built.
public enum JurnalExportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Charges on the invoice with no Jurnal.id product configured to carry them.
    case missingChargeProducts(reference: String, charges: [String])

    public var description: String {
        switch self {
        case .missingChargeProducts(let reference, let charges):
            return "\(reference): no Jurnal.id product configured for \(charges.joined(separator: ", "))"
        }
    }
}
