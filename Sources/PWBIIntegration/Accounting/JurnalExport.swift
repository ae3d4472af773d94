public import PWBIMapping

/// Builds Jurnal.id requests for the API-key flavour (`https://api.jurnal.id/core/api/v1`,
/// headers `apikey` and, when given, `Authorization` with the access token): journal entries
/// (`POST journal_entries` with `transaction_account_lines_attributes[]` of `account_name` and
/// `debit` or `credit`) and sales invoices (`POST sales_invoices`), as plain ``HTTPRequest`` values.
///
/// Jurnal.id identifies accounts by name: map them with the names of the merchant's chart of
/// accounts. The entry's reference is sent as both `transaction_no` and `custom_id`.
/// Jurnal.id posts in batches every 4 hours — export ``JournalPeriod/fourHours`` summaries to match.
public struct JurnalExport: Sendable {
    /// The API base, without a trailing slash.
    public var baseURL: String
    public var apiKey: String
    /// The access token sent as `Authorization`, if the account uses one with its API key.
    public var accessToken: String?
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
        public var serviceCharge: String?
        public var taxes: [TaxKind: String]
        public var rounding: String?

        public init(serviceCharge: String? = nil, taxes: [TaxKind: String] = [:], rounding: String? = nil) {
            self.serviceCharge = serviceCharge
            self.taxes = taxes
            self.rounding = rounding
        }
    }

    public static let defaultBaseURL = "https://api.jurnal.id/core/api/v1"

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
    public func journalEntry(_ entry: JournalEntry) -> HTTPRequest {
        request("journal_entries", body: journalEntryBody(entry))
    }

    func journalEntryBody(_ entry: JournalEntry) -> RequestBody {
        .object([("journal_entry", .object([
            ("transaction_date", .string(date(entry.date))),
            ("transaction_no", .string(entry.reference)),
            ("custom_id", .string(entry.reference)),
            ("memo", .string(entry.memo)),
            ("transaction_account_lines_attributes", .array(entry.lines.map { line in
                .object([
                    ("account_name", .string(line.account.identifier)),
                    (line.side == .debit ? "debit" : "credit", .amount(line.amount, entry.currency)),
                    ("description", .string(line.memo)),
                ])
            })),
        ]))])
    }

    // MARK: Sales invoices

    /// `POST {base}/sales_invoices` for one invoice. Items become product lines (`product_name` =
    /// the catalogue's item code); the discount is a `value` discount; each charge becomes a line of
    /// the product ``chargeProducts`` names for it — a charge without one is an error, not a guess.
    public func salesInvoice(_ invoice: SalesInvoice) throws(JurnalExportError) -> HTTPRequest {
        request("sales_invoices", body: try salesInvoiceBody(invoice))
    }

    func salesInvoiceBody(_ invoice: SalesInvoice) throws(JurnalExportError) -> RequestBody {
        let currency = invoice.currency
        var members: [(String, RequestBody)] = [
            ("transaction_date", .string(date(invoice.date))),
            ("transaction_no", .string(invoice.reference)),
            ("custom_id", .string(invoice.reference)),
            ("person_name", .string(invoice.customer)),
            ("memo", .string(invoice.memo)),
        ]
        if !invoice.discount.isZero {
            members.append(("discount_type_name", .string("value")))
            members.append(("discount_unit", .amount(invoice.discount, currency)))
        }
        var lines: [RequestBody] = invoice.items.map { item in
            .object([
                ("product_name", .string(item.code)),
                ("description", .string(item.name)),
                ("quantity", .quantity(item.quantity)),
                ("rate", .amount(item.unitPrice, currency)),
            ])
        }
        var missing: [String] = []
        for charge in invoice.charges {
            let product: String?
            switch charge.role {
            case .serviceCharge: product = chargeProducts.serviceCharge
            case .tax: product = charge.taxKind.flatMap { chargeProducts.taxes[$0] }
            default: product = chargeProducts.rounding
            }
            guard let product else {
                missing.append(charge.name)
                continue
            }
            lines.append(.object([
                ("product_name", .string(product)),
                ("description", .string(charge.name)),
                ("quantity", .number("1")),
                ("rate", .amount(charge.amount, currency)),
            ]))
        }
        guard missing.isEmpty else { throw .missingChargeProducts(reference: invoice.reference, charges: missing) }
        members.append(("transaction_lines_attributes", .array(lines)))
        return .object([("sales_invoice", .object(members))])
    }

    // MARK: Plumbing

    func date(_ date: LedgerDate) -> String {
        dateFormat == .iso8601 ? date.iso8601 : date.dayMonthYear
    }

    func request(_ resource: String, body: RequestBody) -> HTTPRequest {
        var headers = [HTTPHeaderField("apikey", apiKey)]
        if let accessToken { headers.append(HTTPHeaderField("Authorization", accessToken)) }
        headers.append(HTTPHeaderField("Content-Type", "application/json"))
        return HTTPRequest(method: "POST", url: "\(baseURL)/\(resource)", headers: headers, body: body.bytes)
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
