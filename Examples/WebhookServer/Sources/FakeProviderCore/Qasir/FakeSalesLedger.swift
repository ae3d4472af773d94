#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One generated sale, before a system's fake renders it in its own shape. Amounts are whole
/// rupiah (`Int`), so every rendering is exact.
public struct FakeSale: Sendable, Hashable {
    /// The sale's number within its outlet's ledger (1, 2, …), from which each system derives its id.
    public var number: Int
    /// When it happened, to the millisecond (strictly increasing within a ledger's generated sales).
    public var occurredAtMilliseconds: Int64
    /// When the provider first shows it: when it happened, or later for a late sale.
    public var visibleFromMilliseconds: Int64
    /// The item sold.
    public var item: String
    /// The item's product number (its position in the fake's menu, from 1).
    public var itemNumber: Int
    /// How many.
    public var quantity: Int
    /// The unit price.
    public var unitPrice: Int
    /// The discount on the sale.
    public var discount: Int
    /// `cash` or `qris`.
    public var paymentMethod: String

    /// quantity × unit price.
    public var subtotal: Int { quantity * unitPrice }
    /// 10 % of subtotal − discount (always whole: prices and discounts are multiples of 1000).
    public var tax: Int { (subtotal - discount) / 10 }
    /// subtotal − discount + tax.
    public var total: Int { subtotal - discount + tax }
    /// What the customer handed over: the total rounded up to 10 000 in cash, the total otherwise.
    public var paid: Int { paymentMethod == "cash" ? (total + 9_999) / 10_000 * 10_000 : total }
    /// paid − total.
    public var change: Int { paid - total }
    /// The instant, as a `Date`.
    public var occurredAt: Date { Date(timeIntervalSince1970: Double(occurredAtMilliseconds) / 1000) }
}

/// A day of sales per outlet, generated from a seed: the same seed, span and count always give the
/// same sales, so a scenario can compute what must end up stored. A sale is visible once its time
/// has come (the fake's clock), so polling during the span sees the data grow.
///
/// "A page that changes between requests": each pending page change (``schedulePageChanges(_:)``),
/// on a request for a page after the first, first adds a *late* sale timed 30 seconds ago — on an
/// offset-paged, newest-first listing this shifts every later page by one while the run reads it.
/// Late sales get the next numbers and are part of ``visibleSales(outlet:)`` from then on.
public actor FakeSalesLedger {
    /// What the ledger generates.
    public struct Plan: Codable, Sendable, Hashable {
        /// The seed (mixed with each outlet's name).
        public var seed: UInt64
        /// Sales per outlet over the span.
        public var count: Int
        /// The span's start, Unix seconds.
        public var start: Int64
        /// The span's end, Unix seconds.
        public var end: Int64

        /// A plan of `count` sales per outlet between `start` and `end` (Unix seconds).
        public init(seed: UInt64, count: Int, start: Int64, end: Int64) {
            self.seed = seed
            self.count = count
            self.start = start
            self.end = end
        }
    }

    static let menu: [(String, Int)] = [
        ("Es Kopi Susu", 22_000), ("Croissant", 16_000), ("Teh Tarik", 10_000), ("Nasi Goreng Kampung", 35_000),
        ("Bakso Urat", 30_000), ("Es Campur", 15_000), ("Mie Ayam", 25_000), ("Air Mineral", 5_000),
    ]

    private(set) var plan: Plan
    private var generated: [String: [FakeSale]] = [:]
    private var late: [String: [FakeSale]] = [:]
    private var pendingPageChanges = 0
    let now: @Sendable () -> Date

    /// A ledger following `plan`, on `now`.
    public init(plan: Plan, now: @escaping @Sendable () -> Date = { Date() }) {
        self.plan = plan
        self.now = now
    }

    /// The default plan: seed 20, 480 sales per outlet over the day ending two minutes after `launch`.
    public static func standardPlan(launch: Date = Date()) -> Plan {
        let end = Int64(launch.timeIntervalSince1970) + 120
        return Plan(seed: 20, count: 480, start: end - 86_400, end: end)
    }

    /// Starts over with `plan` (late sales and pending page changes are dropped).
    public func reset(_ plan: Plan) {
        self.plan = plan
        generated = [:]
        late = [:]
        pendingPageChanges = 0
    }

    /// The next `times` requests for a later page each first add a late sale.
    public func schedulePageChanges(_ times: Int) { pendingPageChanges += max(0, times) }

    /// Called for a request of a page after the first of `outlet`: adds a late sale if a page change is pending.
    public func pageRequested(outlet: String) {
        guard pendingPageChanges > 0 else { return }
        pendingPageChanges -= 1
        let sales = all(outlet: outlet)
        let number = (sales.map(\.number).max() ?? 0) + 1
        let at = Int64((now().timeIntervalSince1970 - 30) * 1000)
        var random = generatorFor(outlet, salt: UInt64(number))
        var sale = Self.sale(number: number, at: at, random: &random)
        sale.visibleFromMilliseconds = at + 30_000
        late[outlet, default: []].append(sale)
    }

    /// The sales of `outlet` the provider shows now, oldest first.
    public func visibleSales(outlet: String) -> [FakeSale] {
        let limit = Int64(now().timeIntervalSince1970 * 1000)
        return all(outlet: outlet).filter { $0.visibleFromMilliseconds <= limit }
    }

    func all(outlet: String) -> [FakeSale] {
        if generated[outlet] == nil { generated[outlet] = generate(outlet: outlet) }
        return ((generated[outlet] ?? []) + (late[outlet] ?? [])).sorted { $0.occurredAtMilliseconds < $1.occurredAtMilliseconds }
    }

    func generate(outlet: String) -> [FakeSale] {
        var random = generatorFor(outlet, salt: 0)
        let span = max(1, (plan.end - plan.start) * 1000)
        let count = max(0, min(plan.count, 100_000))
        var offsets = (0..<count).map { _ in Int64(random.next() % UInt64(span)) }.sorted()
        for index in offsets.indices.dropFirst() where offsets[index] <= offsets[index - 1] {
            offsets[index] = offsets[index - 1] + 1
        }
        return offsets.enumerated().map { index, offset in
            Self.sale(number: index + 1, at: plan.start * 1000 + offset, random: &random)
        }
    }

    func generatorFor(_ outlet: String, salt: UInt64) -> SplitMix64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in outlet.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return SplitMix64(seed: plan.seed ^ hash ^ (salt &* 0x9e37_79b9_7f4a_7c15))
    }

    static func sale(number: Int, at milliseconds: Int64, random: inout SplitMix64) -> FakeSale {
        let index = Int(random.next() % UInt64(menu.count))
        let (item, price) = menu[index]
        let quantity = Int(random.next() % 3) + 1
        let discount = random.next() % 4 == 0 ? 1_000 : 0
        return FakeSale(
            number: number, occurredAtMilliseconds: milliseconds, visibleFromMilliseconds: milliseconds, item: item, itemNumber: index + 1, quantity: quantity, unitPrice: price,
            discount: discount, paymentMethod: random.next() % 2 == 0 ? "cash" : "qris")
    }
}

/// SplitMix64: a small deterministic generator (the fake's data must not depend on the platform's random source).
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
