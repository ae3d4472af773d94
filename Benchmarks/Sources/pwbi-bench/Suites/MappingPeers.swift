import Foundation

/// The `JSONDecoder` peer of the `mapping-order` benchmark: the same Karage order decoded
/// into Codable structs with `Decimal` amounts, then mapped to a plain unified struct —
/// what a Swift service would write without PWBIMapping.
enum CodableKarage {
    /// A JSON number or a string holding one (`AmountPaid` arrives both ways), as `Decimal`.
    struct FlexibleDecimal: Decodable {
        let value: Decimal

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let number = try? container.decode(Decimal.self) {
                value = number
            } else {
                let text = try container.decode(String.self)
                guard let number = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else {
                    throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a number: \(text)")
                }
                value = number
            }
        }
    }

    /// `OrderID` is an integer or a string.
    struct FlexibleID: Decodable {
        let value: String

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let number = try? container.decode(Int64.self) {
                value = String(number)
            } else {
                value = try container.decode(String.self)
            }
        }
    }

    struct Item: Decodable {
        let OdooItemID: Int?
        let ItemID: Int?
        let ItemName: String?
        let Price: FlexibleDecimal
        let Quantity: FlexibleDecimal
        let DiscountAmount: FlexibleDecimal?
    }

    struct Checkout: Decodable {
        let PaymentMode: Int
        let AmountPaid: FlexibleDecimal
        let CardType: String?
    }

    struct Order: Decodable {
        let OrderID: FlexibleID
        let OrderDate: String
        let AmountDiscount: FlexibleDecimal?
        let AmountPaid: FlexibleDecimal
        let AmountTotal: FlexibleDecimal
        let BalanceAmount: FlexibleDecimal?
        let GrandTotal: FlexibleDecimal?
        let Tax: FlexibleDecimal
        let TaxPercent: FlexibleDecimal
        let OrderStatus: Int
        let PaymentMode: Int?
        let OrderItems: [Item]
        let CheckoutDetails: [Checkout]
    }

    struct Line {
        let name: String?
        let reference: String
        let quantity: Decimal
        let unitPrice: Decimal
        let discount: Decimal
        let lineTotal: Decimal
    }

    struct Payment {
        let mode: Int
        let amount: Decimal
        let label: String?
    }

    struct Unified {
        let externalID: String
        let isRefund: Bool
        let occurredAt: Date
        let subtotal: Decimal
        let discount: Decimal
        let tax: Decimal
        let taxRate: Decimal
        let total: Decimal
        let paid: Decimal
        let change: Decimal
        let lines: [Line]
        let payments: [Payment]
    }

    enum Failure: Error { case badDate, unknownPaymentMode(Int) }

    static let knownModes: Set<Int> = [1, 2, 3, 5, 6, 7, 8]

    /// Decodes and maps one order; `OrderDate` is read in Asia/Riyadh.
    static func map(_ data: Data, decoder: JSONDecoder, dateFormat: Date.ISO8601FormatStyle) throws -> Unified {
        let order = try decoder.decode(Order.self, from: data)
        guard let date = try? dateFormat.parse(order.OrderDate) else { throw Failure.badDate }
        let lines = order.OrderItems.map { item in
            let discount = item.DiscountAmount?.value ?? 0
            let reference = item.OdooItemID.map(String.init) ?? item.ItemID.map(String.init) ?? item.ItemName ?? ""
            return Line(
                name: item.ItemName, reference: reference, quantity: item.Quantity.value, unitPrice: item.Price.value,
                discount: discount, lineTotal: item.Price.value * item.Quantity.value - discount)
        }
        var payments: [Payment] = []
        for checkout in order.CheckoutDetails {
            guard knownModes.contains(checkout.PaymentMode) else { throw Failure.unknownPaymentMode(checkout.PaymentMode) }
            payments.append(Payment(mode: checkout.PaymentMode, amount: checkout.AmountPaid.value, label: checkout.CardType))
        }
        let discount = order.AmountDiscount?.value ?? 0
        let total = order.GrandTotal?.value ?? (order.AmountTotal.value - discount + order.Tax.value)
        return Unified(
            externalID: order.OrderID.value, isRefund: order.OrderStatus == 106, occurredAt: date,
            subtotal: order.AmountTotal.value, discount: discount, tax: order.Tax.value, taxRate: order.TaxPercent.value,
            total: total, paid: order.AmountPaid.value, change: order.BalanceAmount?.value ?? 0,
            lines: lines, payments: payments)
    }

    /// A date style for zone-less `YYYY-MM-DDTHH:MM:SS` in Asia/Riyadh.
    static var riyadhDateStyle: Date.ISO8601FormatStyle {
        Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "Asia/Riyadh") ?? .gmt)
            .year().month().day().dateSeparator(.dash).time(includingFractionalSeconds: false).timeSeparator(.colon)
    }
}
