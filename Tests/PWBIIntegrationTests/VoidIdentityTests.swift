import Foundation
import PWBIIntegration
import PWBIMapping
import Testing

/// A POS void sent under the sale's own id (Qasir, Pawoon, Olsera `status: "void"`) is that sale,
/// now voided: it updates the stored sale rather than standing beside it, so the books never keep
/// the revenue of a cancelled sale.
@Suite("A void under its sale's id")
struct VoidIdentityTests {
    static let sale = #"""
    {"id": "QSR-TRX-1", "outlet_id": "QSR-OUTLET-1", "created_at": "2025-12-27T14:02:00+07:00",
     "status": "completed", "subtotal": "15000", "tax": "1500", "total": "16500",
     "payment_method": "qris", "items": [{"name": "Es Campur", "quantity": 1, "price": "15000"}]}
    """#

    func map(_ json: String) throws -> UnifiedTransaction {
        let mapped = try MapperRegistry.standard.map(
            body: Array(json.utf8), source: .qasir, event: .transactionCreated, context: MappingContext(tenant: "t"))
        return try #require(mapped.transactions.first)
    }

    @Test func voidUpdatesTheStoredSale() async throws {
        let store = InMemoryTransactionStore()
        let sale = try map(Self.sale)
        let void = try map(Self.sale.replacingOccurrences(of: #""status": "completed""#, with: #""status": "void""#))
        #expect(void.kind == .sale && void.status == .voided)
        #expect(await store.upsert(sale, now: Date(timeIntervalSince1970: 0)).outcome == .inserted)
        #expect(await store.upsert(void, now: Date(timeIntervalSince1970: 1)).outcome == .updated)
        let stored = await store.all
        #expect(stored.count == 1)
        #expect(stored.first?.transaction.status == .voided)
    }
}
