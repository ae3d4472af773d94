// The JSON Moka's fake answers with: the v1 report payment and the GoBiz paid transaction, field
// for field as the kit's Moka mapper reads them (see its fixtures `v1-latest-transactions.json`
// and `gobiz-transaction.json`).

extension FakeMoka {
    struct V1Checkout: Encodable {
        var item_id: Int
        var item_name: String
        var quantity: Int
        var item_price: Int
        var total_price: Int
        var discount_amount: Int
    }

    struct V1Payment: Encodable {
        var id: Int
        var status = "Done"
        var payment_no: String
        var payment_type: String
        var amount_pay: Int
        var amount_change: Int
        var total_discount_amount: Int
        var total_gratuity_amount = 0
        var total_item_price_amount = 0
        var total_tax_amount: Int
        var total_checkouts_amount: Int
        var total_collected_amount: Int
        var is_refunded = false
        var refund_amount = 0
        var created_at: String
        var outlet_id: String
        var checkouts: [V1Checkout]
    }

    struct V1Page: Encodable {
        struct Data: Encodable {
            var payments: [V1Payment]
            var nextURL: String?
            var completed: Bool
            enum CodingKeys: String, CodingKey { case payments, next_url, completed }
            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(payments, forKey: .payments)
                try container.encode(nextURL, forKey: .next_url)
                try container.encode(completed, forKey: .completed)
            }
        }
        var data: Data
    }

    struct GoBizItem: Encodable {
        var id: Int
        var item_name: String
        var quantity: Int
        var price: Int
        var discount_amount = 0
    }

    struct GoBizTransaction: Encodable {
        var id: String
        var total_collected: Int
        var payment_no: String
        var payment_type: String
        var discounts: Int
        var subtotal: Int
        var gratuities = 0
        var taxes: Int
        var tendered: Int
        var transaction_date: String
        var payment_taxes: [String] = []
        var payment_gratuities: [String] = []
        var payment_discounts: [String] = []
        var payment_refunds: [String] = []
        var items: [GoBizItem]
    }

    struct GoBizPage: Encodable {
        struct Data: Encodable { var transactions: [GoBizTransaction] }
        var success = true
        var data: Data
    }

    static func v1Payment(_ sale: FakeSale, outlet: String) -> V1Payment {
        V1Payment(
            id: 100_000 + sale.number, payment_no: "INV\(sale.number)", payment_type: sale.paymentMethod, amount_pay: sale.paid,
            amount_change: sale.change, total_discount_amount: sale.discount, total_tax_amount: sale.tax,
            total_checkouts_amount: sale.subtotal, total_collected_amount: sale.total,
            created_at: FakeCalendar.jakartaISO(milliseconds: sale.occurredAtMilliseconds), outlet_id: outlet,
            checkouts: [
                V1Checkout(
                    item_id: 3000 + sale.itemNumber, item_name: sale.item, quantity: sale.quantity, item_price: sale.unitPrice,
                    total_price: sale.subtotal, discount_amount: sale.discount),
            ])
    }

    static func goBizTransaction(_ sale: FakeSale) -> GoBizTransaction {
        GoBizTransaction(
            id: goBizID(of: sale), total_collected: sale.total, payment_no: "GB\(sale.number)", payment_type: sale.paymentMethod,
            discounts: sale.discount, subtotal: sale.subtotal, taxes: sale.tax, tendered: sale.paid,
            transaction_date: FakeCalendar.jakartaISO(milliseconds: sale.occurredAtMilliseconds),
            items: [GoBizItem(id: 20_000_000 + sale.number, item_name: sale.item, quantity: sale.quantity, price: sale.unitPrice)])
    }
}
