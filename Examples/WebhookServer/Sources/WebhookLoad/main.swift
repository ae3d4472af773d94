import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import PWBIMapping
import PWBISignatures
import Synchronization
import WebhookServerCore

// WebhookLoad — the exactly-once proof: N distinct signed Karage orders, each delivered C times
// concurrently across the replicas, then every order checked (one internal id, all answers 200/409)
// and the table checked (exactly N rows, the ids answered). Loopback only, bounded in count and time.
//
//   WebhookLoad --targets 127.0.0.1:8081,127.0.0.1:8082 [--orders 1000] [--copies 10] [--concurrency 64]
//               [--time-limit 300] [--first-order-id 1] [--kill-pid PID --kill-after N] [--label TEXT]
//               [--payments N] [--allow-503 --max-latency-ms MS] [--path PATH] [--verify-query SQL]
//
// --payments N adds N distinct Xendit invoice callbacks (x-callback-token: PWBI_WEBHOOK_SECRET_XENDIT),
// interleaved with the orders and checked the same way in `webhook_events` (one row each, the id answered).
// --allow-503: a 503 (database away, deadline passed) is an answer to retry, not a failure; every answer must
// still come within --max-latency-ms. --path / --verify-query point it at another receiver (the Python peer).
//
// Secret: PWBI_WEBHOOK_SECRET_KARAGE (first of the list). Verification reads DATABASE_URL, else PWBI_SQLITE_PATH.
// Exit 0 when every check passes, 1 when one fails, 2 for bad usage.

let arguments = Array(CommandLine.arguments.dropFirst())
func option(_ name: String) -> String? {
    guard let index = arguments.firstIndex(of: name), arguments.indices.contains(index + 1) else { return nil }
    return arguments[index + 1]
}
func usageError(_ message: String) -> Never {
    writeError("WebhookLoad: \(message)\n")
    exit(2)
}
func integer(_ name: String, _ fallback: Int, _ range: ClosedRange<Int>) -> Int {
    guard let text = option(name) else { return fallback }
    guard let value = Int(text), range.contains(value) else { usageError("\(name) must be an integer in \(range)") }
    return value
}

let targets: [(host: String, port: Int)] = (option("--targets") ?? "").split(separator: ",").map { item in
    guard let colon = item.lastIndex(of: ":"), let port = Int(item[item.index(after: colon)...]) else { usageError("--targets expects host:port,host:port") }
    let host = String(item[..<colon])
    guard LoopbackHTTPConnection.isLoopback(host) else { usageError("--targets must be loopback addresses (127.0.0.0/8, localhost, ::1)") }
    return (host, port)
}
guard !targets.isEmpty else { usageError("--targets is required") }
let orderCount = integer("--orders", 1000, 1...100_000)
let copies = integer("--copies", 10, 1...100)
let concurrency = integer("--concurrency", 64, 1...1024)
let timeLimit = Duration.seconds(integer("--time-limit", 300, 1...3600))
let firstOrderID = integer("--first-order-id", 1, 1...1_000_000_000)
let killPID = option("--kill-pid").map { text -> Int32 in
    guard let pid = Int32(text), pid > 1 else { usageError("--kill-pid must be a process id") }
    return pid
}
let killAfter = integer("--kill-after", 0, 0...10_000_000)
let label = option("--label") ?? "load"
let paymentCount = integer("--payments", 0, 0...100_000)
let allow503 = arguments.contains("--allow-503")
let maxLatency = option("--max-latency-ms").map { text -> Duration in
    guard let value = Int(text), value > 0 else { usageError("--max-latency-ms must be a positive integer") }
    return .milliseconds(value)
}
let orderPath = option("--path") ?? "/api/v1/integrations/webhooks/karage"
let verifyQuery = option("--verify-query")
    ?? "SELECT external_id, internal_id FROM transactions WHERE source_system = 'karage' ORDER BY external_id"
let environment = ProcessInfo.processInfo.environment
guard let secret = environment["PWBI_WEBHOOK_SECRET_KARAGE"]?.split(separator: ",").first.map(String.init), !secret.isEmpty else {
    usageError("set PWBI_WEBHOOK_SECRET_KARAGE to the replicas' Karage secret")
}
let xenditToken = environment["PWBI_WEBHOOK_SECRET_XENDIT"]?.split(separator: ",").first.map(String.init)
if paymentCount > 0, xenditToken?.isEmpty ?? true { usageError("--payments needs PWBI_WEBHOOK_SECRET_XENDIT") }

/// One signed delivery: a Karage order (the reference document's sample, with its own OrderID), or
/// a Xendit invoice callback (its own external_id); `id` is unique across both.
struct Order: Sendable {
    var id: Int
    var body: [UInt8]
    var headers: [(String, String)]
    var path: String = orderPath
    var isPayment = false
}

func makePayment(_ id: Int, token: String) -> Order {
    let text = """
        {"id":"inv-\(id)","amount":1000,"status":"PAID","created":"2023-05-14T07:32:42.646Z","is_high":false,\
        "paid_at":"2023-05-14T07:35:14.000Z","updated":"2023-05-14T07:35:15.810Z","user_id":"example","currency":"IDR",\
        "payment_id":"qrpy_\(id)","external_id":"pay-\(id)","paid_amount":1000,"merchant_name":"Example Merchant",\
        "payment_method":"QR_CODE","payment_channel":"QRIS","payment_details":{"source":"Ovo","receipt_id":"r-\(id)"},\
        "payment_method_id":"pm-example-123"}
        """
    return Order(
        id: id, body: Array(text.utf8), headers: [("Content-Type", "application/json"), ("x-callback-token", token)],
        path: "/api/v1/integrations/webhooks/xendit", isPayment: true
    )
}

func makeOrder(_ id: Int) throws -> Order {
    let text = """
        {"OrderID":\(id),"OrderDate":"2025-11-27T14:30:00","AmountDiscount":0.0,"AmountPaid":80.50,"AmountTotal":70.00,\
        "BalanceAmount":0.0,"GrandTotal":80.50,"Tax":10.50,"TaxPercent":15.0,"OrderStatus":103,"PaymentMode":1,\
        "OrderItems":[{"OdooItemID":5,"ItemName":"Office Chair","Price":70.00,"Quantity":1,"DiscountAmount":0.00}],\
        "CheckoutDetails":[{"PaymentMode":1,"AmountPaid":80.50,"CardType":"Cash"}]}
        """
    let body = Array(text.utf8)
    let signature = try HexHMACSHA256Scheme().sign(body: body, secret: secret, id: nil, timestamp: nil)
    return Order(id: id, body: body, headers: [("Content-Type", "application/json")] + signature.headers.fields.map { ($0.name, $0.value) })
}

/// What happened to the deliveries, shared by the workers.
struct Tally: Sendable {
    var statuses: [Int: Int] = [:]
    var connectionErrors = 0
    var latencies: [Duration] = []
    var perTarget: [Int] = []
    /// The internal ids each order was answered with (200s only).
    var internalIDs: [Int: Set<String>] = [:]
    var unexpected: [String] = []
}

let orders: [Order]
do {
    let karage = try (0..<orderCount).map { try makeOrder(firstOrderID + $0) }
    let payments = (0..<paymentCount).map { makePayment(firstOrderID + orderCount + $0, token: xenditToken ?? "") }
    // Interleaved, so payments and orders are in flight together.
    var mixed: [Order] = []
    mixed.reserveCapacity(karage.count + payments.count)
    for index in 0..<max(karage.count, payments.count) {
        if index < karage.count { mixed.append(karage[index]) }
        if index < payments.count { mixed.append(payments[index]) }
    }
    orders = mixed
} catch {
    writeError("WebhookLoad: cannot sign: \(error)\n")
    exit(1)
}

/// Delivery k: order k / copies, to target k % targets — the copies of one order are adjacent, so they are in flight together.
let deliveries = orders.count * copies
let tally = Mutex(Tally(perTarget: Array(repeating: 0, count: targets.count)))
let next = Atomic<Int>(0)
let done = Atomic<Int>(0)
let killed = Atomic<Bool>(false)
let clock = ContinuousClock()
let started = clock.now
let deadline = started + timeLimit

func internalID(_ body: [UInt8]) -> String? {
    guard let document = try? JSONDocument(parsing: body) else { return nil }
    return try? document.root["internal_id"].string()
}

func record(order: Order, target: Int, response: LoopbackHTTPConnection.Response?, latency: Duration?) {
    // Parsed before the lock: the workers share it.
    let answeredID = response.flatMap { $0.status == 200 ? internalID($0.body) : nil }
    tally.withLock { tally in
        guard let response else {
            tally.connectionErrors += 1
            return
        }
        tally.statuses[response.status, default: 0] += 1
        tally.perTarget[target] += 1
        if let latency {
            tally.latencies.append(latency)
            if let maxLatency, latency > maxLatency, tally.unexpected.count < 20 {
                tally.unexpected.append("order \(order.id): answered after \(latency), over \(maxLatency)")
            }
        }
        switch response.status {
        case 200:
            if let id = answeredID {
                tally.internalIDs[order.id, default: []].insert(id)
            } else {
                tally.unexpected.append("order \(order.id): 200 without internal_id")
            }
        case 409:
            break
        case 503 where allow503:
            break
        default:
            if tally.unexpected.count < 20 {
                tally.unexpected.append("order \(order.id): \(response.status) \(String(decoding: response.body.prefix(200), as: UTF8.self))")
            }
        }
    }
}

/// Main phase: `concurrency` workers, each with one keep-alive connection per target.
await withTaskGroup(of: Void.self) { group in
    for _ in 0..<concurrency {
        group.addTask {
            var connections: [LoopbackHTTPConnection?] = Array(repeating: nil, count: targets.count)
            while clock.now < deadline {
                let k = next.wrappingAdd(1, ordering: .relaxed).oldValue
                guard k < deliveries else { break }
                let order = orders[k / copies]
                let target = k % targets.count
                do {
                    if connections[target] == nil {
                        connections[target] = try await LoopbackHTTPConnection.connect(host: targets[target].host, port: targets[target].port)
                    }
                    guard let connection = connections[target] else { continue }
                    let sent = clock.now
                    let response = try await connection.post(path: order.path, headers: order.headers, body: order.body)
                    record(order: order, target: target, response: response, latency: clock.now - sent)
                } catch {
                    await connections[target]?.close()
                    connections[target] = nil
                    record(order: order, target: target, response: nil, latency: nil)
                }
                let finished = done.wrappingAdd(1, ordering: .relaxed).newValue
                if let killPID, killAfter > 0, finished >= killAfter, killed.compareExchange(expected: false, desired: true, ordering: .relaxed).exchanged {
                    kill(killPID, SIGKILL)
                    writeError("WebhookLoad: SIGKILL sent to replica pid \(killPID) after \(finished) deliveries\n")
                }
            }
            for connection in connections { await connection?.close() }
        }
    }
}
let mainElapsed = clock.now - started
let sentInMain = min(next.load(ordering: .relaxed), deliveries)

/// Retry phase, as a sender does: every order not yet answered 200 is sent again (to any replica
/// that answers) until it is, honouring 409 by waiting, within the time limit.
var pending = orders.filter { order in tally.withLock { $0.internalIDs[order.id] == nil } }
let orphans = pending.count
var retries = 0
while !pending.isEmpty, clock.now < deadline {
    var still: [Order] = []
    for order in pending {
        var answered = false
        for target in targets.indices where !answered {
            guard let connection = try? await LoopbackHTTPConnection.connect(host: targets[target].host, port: targets[target].port) else { continue }
            retries += 1
            let sent = clock.now
            if let response = try? await connection.post(path: order.path, headers: order.headers, body: order.body) {
                record(order: order, target: target, response: response, latency: maxLatency == nil ? nil : clock.now - sent)
                answered = response.status == 200
                if response.status == 409 || response.status == 503 { break }  // wait, as Retry-After asks
            }
            await connection.close()
        }
        if !answered { still.append(order) }
    }
    pending = still
    if !pending.isEmpty { try? await Task.sleep(for: .milliseconds(500)) }
}
let totalElapsed = clock.now - started

// MARK: - Checks

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}
func percentile(_ sorted: [Duration], _ p: Double) -> Double {
    guard !sorted.isEmpty else { return 0 }
    let index = min(sorted.count - 1, max(0, Int((p * Double(sorted.count)).rounded(.up)) - 1))
    return seconds(sorted[index]) * 1000
}

let final = tally.withLock { $0 }
var failures: [String] = []
if sentInMain < deliveries { failures.append("only \(sentInMain) of \(deliveries) deliveries sent within the time limit") }
if !pending.isEmpty { failures.append("\(pending.count) orders never answered 200 (first: \(pending.prefix(5).map(\.id)))") }
let serverErrors = final.statuses.filter { $0.key >= 500 && !(allow503 && $0.key == 503) }.values.reduce(0, +)
if serverErrors > 0 { failures.append("\(serverErrors) responses were 5xx") }
let others = final.statuses.filter { $0.key != 200 && $0.key != 409 && $0.key < 500 }
if !others.isEmpty { failures.append("responses other than 200/409: \(others)") }
if killPID == nil, final.connectionErrors > 0 { failures.append("\(final.connectionErrors) connection errors without a crash") }
let doubled = final.internalIDs.filter { $0.value.count > 1 }
if !doubled.isEmpty { failures.append("\(doubled.count) orders answered with more than one internal id (first: \(doubled.keys.sorted().prefix(5)))") }
failures += final.unexpected.prefix(5)

// The table: exactly the orders, once each, under the ids answered.
var storedCount = -1
do {
    let database: any SQLDatabase
    if let url = environment["DATABASE_URL"], !url.isEmpty {
        database = try await PostgresDatabase.open(url: url, maximumConnections: 2)
    } else {
        database = try await SQLiteDatabase.open(path: environment["PWBI_SQLITE_PATH"] ?? "pwbi-webhooks.sqlite")
    }
    let rows = try await database.query(verifyQuery, [])
    // Payments: the event's own id is the answer; the external id is read back from its document.
    let events = paymentCount == 0 ? [] : try await database.query(
        "SELECT id, document FROM webhook_events WHERE kind = 'payment_event' AND source = 'xendit'", []
    )
    await database.close()
    storedCount = rows.count
    var stored: [String: [String]] = [:]
    for row in rows { stored[try row.text(0), default: []].append(try row.text(1)) }
    let expected = Set(orders.filter { !$0.isPayment }.map { String($0.id) })
    if rows.count != orderCount { failures.append("\(rows.count) karage transactions stored, expected exactly \(orderCount)") }
    if Set(stored.keys) != expected { failures.append("stored external ids differ from the orders sent") }
    if stored.values.contains(where: { $0.count > 1 }) { failures.append("an order is stored more than once") }
    for order in orders where !order.isPayment {
        if let answered = final.internalIDs[order.id], let id = answered.first, stored[String(order.id)] != [id] {
            failures.append("order \(order.id): answered \(id), stored \(stored[String(order.id)] ?? [])")
            break
        }
    }
    if paymentCount > 0 {
        let eventIDs = try events.map { try $0.text(0) }
        if events.count != paymentCount { failures.append("\(events.count) payment events stored, expected exactly \(paymentCount)") }
        let answered = Set(orders.filter(\.isPayment).compactMap { final.internalIDs[$0.id]?.first })
        if Set(eventIDs) != answered { failures.append("stored payment event ids differ from the ids answered") }
        let references = Set(try events.map { row -> String in
            let document = try row.text(1)
            guard let start = document.range(of: #""order_reference":""#)?.upperBound,
                  let end = document[start...].firstIndex(of: "\"") else { return "" }
            return String(document[start..<end])
        })
        if references.count != paymentCount { failures.append("payment events: \(references.count) distinct references for \(paymentCount) payments") }
    }
} catch {
    failures.append("cannot verify the table: \(error)")
}

let latencies = final.latencies.sorted()
let mainSeconds = seconds(mainElapsed)
print("== \(label)")
print("deliveries: \(sentInMain) (\(orderCount) orders\(paymentCount > 0 ? " + \(paymentCount) payments" : "") × \(copies) copies, \(concurrency) connections per replica, \(targets.count) replicas)")
print("statuses: " + final.statuses.sorted { $0.key < $1.key }.map { "\($0.key)×\($0.value)" }.joined(separator: " ")
    + (final.connectionErrors > 0 ? " connection-errors×\(final.connectionErrors)" : ""))
print(String(format: "main phase: %.2f s, %.0f deliveries/s in all", mainSeconds, Double(sentInMain) / max(mainSeconds, 1e-9)))
for (index, target) in targets.enumerated() {
    print(String(format: "  replica %@:%d answered %d, %.0f deliveries/s", target.host, target.port, final.perTarget[index], Double(final.perTarget[index]) / max(mainSeconds, 1e-9)))
}
print(String(format: "latency p50 %.2f ms, p99 %.2f ms, max %.2f ms (%d answered deliveries)", percentile(latencies, 0.5), percentile(latencies, 0.99), percentile(latencies, 1.0), latencies.count))
if killPID != nil || orphans > 0 {
    print(String(format: "retry phase: %d orders without a 200 after the main phase, %d retries, all done after %.2f s", orphans, retries, seconds(totalElapsed)))
}
print("stored: \(storedCount) transactions for \(orderCount) orders\(paymentCount > 0 ? ", payments checked in webhook_events" : "")")
/// Ends the process once the verdict is written: standard output flushed, then `_exit`, so no
/// exit handler or static destructor runs beside the event-loop and dispatch threads that are
/// still alive (nothing is left to clean up: connections and the database are closed above).
func finish(_ code: Int32) -> Never {
    fflush(nil)  // every C stream: standard output holds the report
    _exit(code)
}
if failures.isEmpty {
    print("exactly-once: OK")
    finish(0)
}
for failure in failures { print("FAIL: \(failure)") }
finish(1)
