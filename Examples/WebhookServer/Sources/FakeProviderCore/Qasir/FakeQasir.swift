#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Hummingbird

/// Qasir's transactions API as the kit's `QasirTransactionSource` calls it, under `/qasir`:
/// `GET /qasir/v1/transactions?from_date=…Z&to_date=…Z&page=N&per_page=M[&outlet_id=X]` with
/// `Authorization: Bearer …` → `{"transactions":[…],"next_page":N+1|null}`, newest first, each
/// element in the shape of the Qasir mapper's fixture (`id`, `receipt_number`, `outlet_id`,
/// `created_at` in Jakarta time, `status`, `subtotal`, `discount`, `service_charge`, `tax`,
/// `tax_rate`, `total`, `paid`, `change`, `payment_method`, `items[]`).
///
/// Data comes from a ``FakeSalesLedger`` (one per outlet; without `outlet_id` the account's own,
/// outlet `QSR-OUTLET-1`); see ``FakeLedgerControls`` for the control routes.
public struct FakeQasir: FakeSystem {
    /// The sales served.
    public let ledger: FakeSalesLedger

    /// A fake over `ledger`.
    public init(ledger: FakeSalesLedger) { self.ledger = ledger }

    /// A fake with the standard plan (seed 20, 480 sales per outlet over the day ending two minutes from now).
    public static func standard() -> FakeQasir { FakeQasir(ledger: FakeSalesLedger(plan: FakeSalesLedger.standardPlan())) }

    public var prefix: String { "/qasir" }

    /// The external id the kit stores for `sale`.
    public static func id(of sale: FakeSale) -> String { "QSR-TRX-\(1_000_000 + sale.number)" }

    struct Item: Encodable {
        var product_id: String
        var name: String
        var quantity: Int
        var price: Int
        var discount: Int
    }

    struct Transaction: Encodable {
        var id: String
        var receipt_number: String
        var outlet_id: String
        var created_at: String
        var status = "completed"
        var subtotal: Int
        var discount: Int
        var service_charge = 0
        var tax: Int
        var tax_rate = 10
        var total: Int
        var paid: Int
        var change: Int
        var payment_method: String
        var items: [Item]
    }

    struct Page: Encodable {
        var transactions: [Transaction]
        var nextPage: Int?
        enum CodingKeys: String, CodingKey { case transactions, next_page }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(transactions, forKey: .transactions)
            try container.encode(nextPage, forKey: .next_page)
        }
    }

    static func render(_ sale: FakeSale, outlet: String) -> Transaction {
        Transaction(
            id: id(of: sale), receipt_number: "INV/\(sale.number)", outlet_id: outlet,
            created_at: FakeCalendar.jakartaLocal(milliseconds: sale.occurredAtMilliseconds), subtotal: sale.subtotal,
            discount: sale.discount, tax: sale.tax, total: sale.total, paid: sale.paid, change: sale.change,
            payment_method: sale.paymentMethod,
            items: [Item(product_id: "QP-\(1000 + sale.itemNumber)", name: sale.item, quantity: sale.quantity, price: sale.unitPrice, discount: 0)])
    }

    public func addRoutes(to group: RouterGroup<BasicRequestContext>, provider: FakeProvider) {
        let ledger = self.ledger
        FakeLedgerControls.add(to: group, ledger: ledger) { sale, _ in Self.id(of: sale) }
        group.get("/v1/transactions") { request, _ -> Response in
            if let refused = FakeLedgerControls.unauthorized(request) { return refused }
            let query = request.uri.queryParameters
            guard let fromText = query.get("from_date"), let from = FakeCalendar.parseUTC(fromText) else {
                return FakeProvider.json(["error": "from_date must be YYYY-MM-DDTHH:MM:SSZ"], status: .badRequest)
            }
            let to = query.get("to_date").flatMap(FakeCalendar.parseUTC) ?? Int64.max / 1000
            guard let page = FakeLedgerControls.integer(request, "page", default: 1, range: 1...100_000),
                  let perPage = FakeLedgerControls.integer(request, "per_page", default: 50, range: 1...1000) else {
                return FakeProvider.json(["error": "page and per_page must be positive whole numbers"], status: .badRequest)
            }
            let outletQuery = query.get("outlet_id") ?? ""
            if page > 1 { await ledger.pageRequested(outlet: outletQuery) }
            let matching = await ledger.visibleSales(outlet: outletQuery).filter { sale in
                let second = FakeCalendar.floorDiv(sale.occurredAtMilliseconds, 1000)
                return second >= from && second <= to
            }.reversed()
            let first = (page - 1) * perPage
            let slice = first < matching.count ? Array(matching.dropFirst(first).prefix(perPage)) : []
            let outlet = outletQuery.isEmpty ? "QSR-OUTLET-1" : outletQuery
            let more = first + perPage < matching.count
            return FakeProvider.json(Page(transactions: slice.map { Self.render($0, outlet: outlet) }, nextPage: more ? page + 1 : nil))
        }
    }
}
