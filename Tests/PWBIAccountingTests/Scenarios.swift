import PWBIMapping

/// Exact money from its decimal text (test literals only).
func money(_ text: String) -> Money {
    (try? Money(parsing: text)) ?? .zero
}

/// An instant given as seconds since 1970, seen from a wall clock `offsetHours` east of UTC.
func at(_ seconds: Int64, offsetHours: Int = 7) -> ZonedTimestamp {
    ZonedTimestamp(instant: Timestamp(secondsSince1970: seconds), utcOffsetSeconds: offsetHours * 3600, zoneDecision: .explicit)
}

/// The transactions and mappings the accounting tests (and the request fixtures) are built on.
enum Scenarios {
    /// 2025-12-27T05:30:00Z = 12:30 WIB.
    static let dec27Lunch: Int64 = 1_766_813_400
    /// 2025-12-28T03:00:00Z = 10:00 WIB.
    static let dec28Morning: Int64 = 1_766_890_800
    /// 2025-12-27T21:30:00Z = 28/12 00:30 in Riyadh, 04:30 WIB.
    static let dec27LateUTC: Int64 = 1_766_871_000

    /// The merchant in Jakarta, accounts as Accurate numbers.
    static var idrMapping: AccountMapping {
        AccountMapping(
            defaults: .init(payments: ["cash": "1101", "card": "1102", "qris": "1103"], revenue: "4101", taxKind: .pb1),
            taxPayable: [.pb1: "2104", .ppn: "2103"],
            serviceChargeIncome: "4103", discounts: "4104", rounding: "6901", refunds: "4105",
            roundingTolerance: money("100"), timeZone: ZoneRule(identifier: "Asia/Jakarta"))
    }

    /// The same merchant with Jurnal.id account names.
    static var idrNamesMapping: AccountMapping {
        AccountMapping(
            defaults: .init(payments: ["cash": "Kas", "card": "Piutang Kartu", "qris": "Piutang QRIS"],
                            revenue: "Pendapatan Penjualan", taxKind: .pb1),
            taxPayable: [.pb1: "Hutang Pajak PB1"],
            serviceChargeIncome: "Pendapatan Service Charge", discounts: "Diskon Penjualan", rounding: "Pembulatan",
            refunds: "Retur Penjualan", roundingTolerance: money("100"), timeZone: ZoneRule(identifier: "Asia/Jakarta"))
    }

    /// A merchant in Riyadh: SAR, 15 % VAT, 5 halala cash-rounding tolerance.
    static var sarMapping: AccountMapping {
        AccountMapping(
            defaults: .init(payments: ["card": "1102", "cash": "1101"], revenue: "4101", taxKind: .vat),
            taxPayable: [.vat: "2103"], rounding: "6901",
            roundingTolerance: money("0.05"), timeZone: ZoneRule(identifier: "Asia/Riyadh"))
    }

    /// Rp100.000 of food, 20 % discount, 5 % service on the pre-discount amount, 10 % PBJT on
    /// 85.000 → 93.500, paid 50.000 cash + 43.500 QRIS.
    static var sale1001: UnifiedTransaction {
        UnifiedTransaction(
            tenant: "resto-1", sourceSystem: .karage, externalID: "1001", outlet: "JKT-01",
            occurredAt: at(dec27Lunch), currency: .IDR,
            subtotal: money("100000"), discount: money("20000"), serviceCharge: money("5000"), tax: money("8500"),
            taxRatePercent: money("10"), total: money("93500"),
            lineItems: [
                LineItem(name: "Nasi Goreng", references: [ProductReference(scheme: "sku", value: "SKU-NG")],
                         quantity: money("2"), unitPrice: money("35000"), lineTotal: money("70000")),
                LineItem(name: "Es Teh", references: [ProductReference(scheme: "sku", value: "SKU-ET")],
                         quantity: money("2"), unitPrice: money("15000"), lineTotal: money("30000")),
            ],
            payments: [Payment(method: .cash, amount: money("50000")),
                       Payment(method: .qr, rawCode: "QRIS", label: "QRIS", amount: money("43500"))])
    }

    /// One Nasi Goreng of sale 1001 returned the next morning: 35.000 − 20 % + 5 % service + 10 % PB1 = 32.725 in cash.
    static var refund1001: UnifiedTransaction {
        UnifiedTransaction(
            tenant: "resto-1", sourceSystem: .karage, externalID: "1001-R1", outlet: "JKT-01", kind: .refund,
            originalExternalID: "1001", occurredAt: at(dec28Morning), currency: .IDR,
            subtotal: money("35000"), discount: money("7000"), serviceCharge: money("1750"), tax: money("2975"),
            total: money("32725"),
            lineItems: [LineItem(name: "Nasi Goreng", references: [ProductReference(scheme: "sku", value: "SKU-NG")],
                                 quantity: money("1"), unitPrice: money("35000"))],
            payments: [Payment(method: .cash, amount: money("32725"))])
    }

    /// Kopi Susu 25.000 + 5 % service 1.250 + 10 % PB1 on 26.250 = 28.875, by card.
    static var sale1002: UnifiedTransaction {
        UnifiedTransaction(
            tenant: "resto-1", sourceSystem: .karage, externalID: "1002", outlet: "JKT-01",
            occurredAt: at(dec27Lunch + 600), currency: .IDR,
            subtotal: money("25000"), serviceCharge: money("1250"), tax: money("2625"), total: money("28875"),
            lineItems: [LineItem(name: "Kopi Susu", references: [ProductReference(scheme: "sku", value: "SKU-KS")],
                                 quantity: money("1"), unitPrice: money("25000"))],
            payments: [Payment(method: .card, amount: money("28875"))])
    }

    /// Riyadh: 10.43 + 15 % VAT 1.57 = 12.00, but 11.99 charged to the card.
    static var sar2001: UnifiedTransaction {
        UnifiedTransaction(
            tenant: "cafe-ruh", sourceSystem: .karage, externalID: "2001", outlet: "RUH-01",
            occurredAt: at(dec27LateUTC, offsetHours: 3), currency: .SAR,
            subtotal: money("10.43"), tax: money("1.57"), taxRatePercent: money("15"), total: money("11.99"),
            payments: [Payment(method: .card, amount: money("11.99"))])
    }
}

extension JournalEntry {
    /// The lines as `(account, side, amount text)` for compact assertions.
    var summary: [String] {
        lines.map { "\($0.side == .debit ? "Dr" : "Cr") \($0.account) \($0.amount)" }
    }
}
