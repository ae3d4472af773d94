#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
public import PWBIMapping

/// Builds Accurate Online requests — journal vouchers (`journal-voucher/save.do`, and
/// `bulk-save.do` for up to 100 at a time) and sales invoices (`sales-invoice/save.do`,
/// `bulk-save.do`) — as plain ``TransportRequest`` values the host sends through its transport.
///
/// ```swift
/// let accurate = AccurateExport(host: "https://zeus.accurate.id",
///                               credentials: .apiToken(token, signatureSecret: secret),
///                               branches: ["JKT-01": "Jakarta Pusat"])
/// let request = accurate.journalVoucher(entry, signedAt: clock.now)
/// let saved = try AccurateResponse.saved(from: try await transport.send(request))
/// ```
///
/// Each voucher carries the entry's `JournalEntry.reference` as its `number`, so the same entry
/// always becomes the same Accurate transaction number (see ``AccountingExportLedger`` for
/// detecting a re-export before it is sent).
public struct AccurateExport: Sendable {
    /// The data-usaha host `/api/api-token.do` (or `/api/open-db.do`) returned, e.g. `https://zeus.accurate.id`.
    public var host: String
    /// How requests are authorised (API token with signature, or OAuth).
    public var credentials: AccurateCredentials
    /// Outlet → Accurate branch name (`branchName`), for merchants with branches.
    public var branches: [String: String]

    /// At most this many records per `bulk-save.do` request (Accurate's limit).
    public static let bulkLimit = 100

    /// An exporter for the database at `host`; `branches` maps outlets to Accurate branch names.
    public init(host: String, credentials: AccurateCredentials, branches: [String: String] = [:]) {
        var trimmed = host
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        self.host = trimmed
        self.credentials = credentials
        self.branches = branches
    }

    // MARK: Journal vouchers

    /// `POST {host}/accurate/api/journal-voucher/save.do` for one entry.
    public func journalVoucher(_ entry: JournalEntry, signedAt instant: Date) -> TransportRequest {
        request("journal-voucher/save.do", at: instant) { writeVoucher(entry, into: &$0) }
    }

    /// `POST {host}/accurate/api/journal-voucher/bulk-save.do` requests, 100 entries at most each.
    public func journalVouchers(_ entries: [JournalEntry], signedAt instant: Date) -> [TransportRequest] {
        chunks(entries).map { bulkVoucherRequest($0, at: instant) }
    }

    func bulkVoucherRequest(_ chunk: ArraySlice<JournalEntry>, at instant: Date) -> TransportRequest {
        request("journal-voucher/bulk-save.do", at: instant) { w in
            w.bulk(chunk) { entry, w in writeVoucher(entry, into: &w) }
        }
    }

    /// Writes one journal voucher: `transDate` as `dd/MM/yyyy`, `number` (the entry's reference),
    /// `description`, `branchName` when the outlet has one, and `detailJournalVoucher[]` with
    /// `accountNo`, `amount`, `amountType` (`DEBIT`/`CREDIT`) and `memo`.
    func writeVoucher(_ entry: JournalEntry, into w: inout JSONWriter) {
        w.beginObject()
        w.member("transDate", entry.date.dayMonthYear)
        w.member("number", entry.reference)
        w.member("description", entry.memo)
        w.member("branchName", entry.outlet.flatMap { branches[$0] })
        w.key("detailJournalVoucher")
        w.beginArray()
        for line in entry.lines {
            w.beginObject()
            w.member("accountNo", line.account.identifier)
            w.key("amount")
            w.amount(line.amount, entry.currency)
            w.member("amountType", line.side == .debit ? "DEBIT" : "CREDIT")
            w.member("memo", line.memo)
            w.endObject()
        }
        w.endArray()
        w.endObject()
    }

    // MARK: Sales invoices

    /// `POST {host}/accurate/api/sales-invoice/save.do` for one invoice.
    public func salesInvoice(_ invoice: SalesInvoice, signedAt instant: Date) -> TransportRequest {
        request("sales-invoice/save.do", at: instant) { writeInvoice(invoice, into: &$0) }
    }

    /// `POST {host}/accurate/api/sales-invoice/bulk-save.do` requests, 100 invoices at most each.
    public func salesInvoices(_ invoices: [SalesInvoice], signedAt instant: Date) -> [TransportRequest] {
        chunks(invoices).map { chunk in
            request("sales-invoice/bulk-save.do", at: instant) { w in
                w.bulk(chunk) { invoice, w in writeInvoice(invoice, into: &w) }
            }
        }
    }

    /// The body of one sales invoice: the items at their gross unit price, the discount as
    /// `cashDiscount`, and service charge, tax and any rounding as `detailExpense[]` lines on the
    /// mapped accounts, with `taxable: false` so Accurate adds no tax of its own — the invoice total
    /// is exactly what the customer paid.
    func writeInvoice(_ invoice: SalesInvoice, into w: inout JSONWriter) {
        let currency = invoice.currency
        w.beginObject()
        w.member("customerNo", invoice.customer)
        w.member("transDate", invoice.date.dayMonthYear)
        w.member("number", invoice.reference)
        w.member("description", invoice.memo)
        w.member("branchName", invoice.outlet.flatMap { branches[$0] })
        w.key("taxable")
        w.bool(false)
        if !invoice.discount.isZero {
            w.key("cashDiscount")
            w.amount(invoice.discount, currency)
        }
        w.key("detailItem")
        w.beginArray()
        for item in invoice.items {
            w.beginObject()
            w.member("itemNo", item.code)
            w.member("detailName", item.name)
            w.key("quantity")
            w.number(item.quantity.normalized)
            w.key("unitPrice")
            w.amount(item.unitPrice, currency)
            w.endObject()
        }
        w.endArray()
        w.key("detailExpense")
        w.beginArray()
        for charge in invoice.charges {
            w.beginObject()
            w.member("accountNo", charge.account.identifier)
            w.member("expenseName", charge.name)
            w.key("expenseAmount")
            w.amount(charge.amount, currency)
            w.endObject()
        }
        w.endArray()
        w.endObject()
    }

    // MARK: Plumbing

    func request(_ endpoint: String, at instant: Date, body: (inout JSONWriter) -> Void) -> TransportRequest {
        var writer = JSONWriter()
        body(&writer)
        return TransportRequest(
            method: "POST", url: "\(host)/accurate/api/\(endpoint)",
            headers: credentials.headers(at: instant) + [HTTPHeaderField("Content-Type", "application/json")],
            body: writer.bytes)
    }

    func chunks<T>(_ items: [T]) -> [ArraySlice<T>] {
        stride(from: 0, to: items.count, by: AccurateExport.bulkLimit).map {
            items[$0..<min($0 + AccurateExport.bulkLimit, items.count)]
        }
    }
}
