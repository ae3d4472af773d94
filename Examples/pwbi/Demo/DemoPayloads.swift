/// The payloads of the simulated day: what Pawoon, Moka, Karage, Xendit and Midtrans send,
/// in the shapes the mappers accept (see Docs/Systems.md). Amounts are IDR except Karage (SAR).
enum DemoPayloads {
    static func pawoonSale(id: String, total: Int, outlet: String) -> String {
        """
        {"event_type":"transaction.created","data":{"transaction_id":"\(id)","outlet_id":"\(outlet)",\
        "timestamp":"2025-12-27T12:45:10+07:00","total":\(total),"tax":\(total / 11),"payment_method":"qris",\
        "items":[{"name":"Kopi Susu Gula Aren","qty":2,"price":25000},{"name":"Nasi Goreng Kampung","qty":1,"price":\(total - 50000)}]}}
        """
    }

    static func mokaSale(id: String) -> String {
        """
        {"event_type":"transaction.created","data":{"id":"\(id)","outlet_id":88123,"grand_total":89500,\
        "created_at":"2025-12-27 13:20:45","payment_type":"debit","line_items":[\
        {"item_name":"Es Teh Manis","quantity":3,"price":8000},{"item_name":"Mie Ayam Bakso","quantity":2,"price":32000},\
        {"item_name":"Kerupuk","quantity":1,"price":1500}]}}
        """
    }

    static func karageOrder(id: Int, amount: String = "80.50") -> String {
        """
        {"OrderID":\(id),"OrderDate":"2025-12-27T14:30:00","AmountDiscount":0.0,"AmountPaid":\(amount),\
        "AmountTotal":70.00,"BalanceAmount":0.0,"GrandTotal":80.50,"Tax":10.50,"TaxPercent":15.0,"OrderStatus":103,\
        "PaymentMode":1,"OrderItems":[{"OdooItemID":5,"ItemName":"Office Chair","Price":70.00,"Quantity":1,"DiscountAmount":0.00}],\
        "CheckoutDetails":[{"PaymentMode":1,"AmountPaid":\(amount),"CardType":"Cash"}]}
        """
    }

    static func karageBulk(ids: [Int], unpaid: Int) -> String {
        let orders = ids.map { $0 == unpaid ? karageOrder(id: $0, amount: "50.00") : karageOrder(id: $0) }
        return "{\"orders\":[" + orders.joined(separator: ",") + "]}"
    }

    static let xenditInvoicePaid = """
        {"id":"65f1c0e2a9d3b4f0c8e7a112","external_id":"PWBI-INV-20251227-0042","user_id":"62a7d0c1e5b2f30012ab34cd",\
        "is_high":false,"payment_method":"BANK_TRANSFER","status":"PAID","merchant_name":"Kopi Kita Bandung","amount":250000,\
        "paid_amount":250000,"bank_code":"BCA","paid_at":"2025-12-27T06:31:44.512Z","currency":"IDR","payment_channel":"BCA",\
        "payment_id":"pymt-5c1e2a9d-4b6f-4e3a-9a1d-7f0c2e8b6d11"}
        """

    /// A Midtrans notification without its `signature_key`; the demo signs it.
    static let midtransSettlement = """
        {"transaction_time":"2025-12-27 14:02:11","transaction_status":"settlement",\
        "transaction_id":"8f2b6c1e-4d3a-4b5e-9c7f-1a2b3c4d5e6f","status_code":"200","settlement_time":"2025-12-27 14:02:15",\
        "payment_type":"qris","order_id":"PWBI-ORD-20251227-0091","gross_amount":"150000.00","currency":"IDR","fraud_status":"accept"
        """
}
