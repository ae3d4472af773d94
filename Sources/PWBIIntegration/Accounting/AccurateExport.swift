#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
public import PWBIMapping

/// Builds Accurate Online requests — journal vouchers (`journal-voucher/save.do`, and
/// `bulk-save.do` for up to 100 at a time) and sales invoices (`sales-invoice/save.do`,
/// `bulk-save.do`) — as plain ``HTTPRequest`` values the host sends through its transport.
///
/// ```swift
/// let accurate = AccurateExport(host: "https://zeus.accurate.id",
///                               credentials: .apiToken(token, signatureSecret: secret),
///                               branches: ["JKT-01": "Jakarta Pusat"])
/// let request = accurate.journalVoucher(entry, signedAt: clock.now)
/// let saved = try AccurateResponse.saved(from: try await transport.send(request))
/// ```
///
/// Each voucher carries the entry's ``JournalEntry/reference`` as its `number`, so the same entry
/// always becomes the same Accurate transaction number (see ``AccountingExportLedger`` for
/// detecting a re-export before it is sent).
public struct AccurateExport: Sendable {
    /// The data-usaha host `/api/api-token.do` (or `/api/open-db.do`) returned, e.g. `https://zeus.accurate.id`.
    public var host: String
    public var credentials: AccurateCredentials
    /// Outlet → Accurate branch name (`branchName`), for merchants with branches.
    public var branches: [String: String]

    /// At most this many records per `bulk-save.do` request (Accurate's limit).
    public static let bulkLimit = 100

    public init(host: String, credentials: AccurateCredentials, branches: [String: String] = [:]) {
        var trimmed = host
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        self.host = trimmed
        self.credentials = credentials
        self.branches = branches
    }

    // MARK: Journal vouchers

    /// `POST {host}/accurate/api/journal-voucher/save.do` for one entry.
    public func journalVoucher(_ entry: JournalEntry, signedAt instant: Date) -> HTTPRequest {
        request("journal-voucher/save.do", body: voucherBody(entry), at: instant)
    }

    /// `POST {host}/accurate/api/journal-voucher/bulk-save.do` requests, 100 entries at most each.
    public func journalVouchers(_ entries: [JournalEntry], signedAt instant: Date) -> [HTTPRequest] {
        chunks(entries).map { chunk in
            request("journal-voucher/bulk-save.do", body: .object([("data", .array(chunk.map(voucherBody)))]), at: instant)
        }
    }

    /// The body of one journal voucher: `transDate` as `dd/MM/yyyy`, `number` (the entry's
    /// reference), `description`, `branchName` when the outlet has one, and `detailJournalVoucher[]`
    /// with `accountNo`, `amount`, `amountType` (`DEBIT`/`CREDIT`) and `memo`.
    func voucherBody(_ entry: JournalEntry) -> RequestBody {
        var members: [(String, RequestBody)] = [
            ("transDate", .string(entry.date.dayMonthYear)),
            ("number", .string(entry.reference)),
            ("description", .string(entry.memo)),
        ]
        if let branch = entry.outlet.flatMap({ branches[$0] }) { members.append(("branchName", .string(branch))) }
        members.append(("detailJournalVoucher", .array(entry.lines.map { line in
            .object([
                ("accountNo", .string(line.account.identifier)),
                ("amount", .amount(line.amount, entry.currency)),
                ("amountType", .string(line.side == .debit ? "DEBIT" : "CREDIT")),
                ("memo", .string(line.memo)),
            ])
        })))
        return .object(members)
    }

    // MARK: Sales invoices

    /// `POST {host}/accurate/api/sales-invoice/save.do` for one invoice.
    public func salesInvoice(_ invoice: SalesInvoice, signedAt instant: Date) -> HTTPRequest {
        request("sales-invoice/save.do", body: invoiceBody(invoice), at: instant)
    }

    /// `POST {host}/accurate/api/sales-invoice/bulk-save.do` requests, 100 invoices at most each.
    public func salesInvoices(_ invoices: [SalesInvoice], signedAt instant: Date) -> [HTTPRequest] {
        chunks(invoices).map { chunk in
            request("sales-invoice/bulk-save.do", body: .object([("data", .array(chunk.map(invoiceBody)))]), at: instant)
        }
    }

    /// The body of one sales invoice: the items at their gross unit price, the discount as
    /// `cashDiscount`, and service charge, tax and any rounding as `detailExpense[]` lines on the
    /// mapped accounts, with `taxable: false` so Accurate adds no tax of its own — the invoice total
    /// is exactly what the customer paid.
    func invoiceBody(_ invoice: SalesInvoice) -> RequestBody {
        let currency = invoice.currency
        var members: [(String, RequestBody)] = [
            ("customerNo", .string(invoice.customer)),
            ("transDate", .string(invoice.date.dayMonthYear)),
            ("number", .string(invoice.reference)),
            ("description", .string(invoice.memo)),
        ]
        if let branch = invoice.outlet.flatMap({ branches[$0] }) { members.append(("branchName", .string(branch))) }
        members.append(("taxable", .bool(false)))
        if !invoice.discount.isZero { members.append(("cashDiscount", .amount(invoice.discount, currency))) }
        members.append(("detailItem", .array(invoice.items.map { item in
            .object([
                ("itemNo", .string(item.code)),
                ("detailName", .string(item.name)),
                ("quantity", .quantity(item.quantity)),
                ("unitPrice", .amount(item.unitPrice, currency)),
            ])
        })))
        members.append(("detailExpense", .array(invoice.charges.map { charge in
            .object([
                ("accountNo", .string(charge.account.identifier)),
                ("expenseName", .string(charge.name)),
                ("expenseAmount", .amount(charge.amount, currency)),
            ])
        })))
        return .object(members)
    }

    // MARK: Plumbing

    func request(_ endpoint: String, body: RequestBody, at instant: Date) -> HTTPRequest {
        HTTPRequest(
            method: "POST", url: "\(host)/accurate/api/\(endpoint)",
            headers: credentials.headers(at: instant) + [HTTPHeaderField("Content-Type", "application/json")],
            body: body.bytes)
    }

    func chunks<T>(_ items: [T]) -> [ArraySlice<T>] {
        stride(from: 0, to: items.count, by: AccurateExport.bulkLimit).map {
            items[$0..<min($0 + AccurateExport.bulkLimit, items.count)]
        }
    }
}
