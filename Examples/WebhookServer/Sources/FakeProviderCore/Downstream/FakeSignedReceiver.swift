#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HTTPTypes
import Hummingbird
import NIOCore
import PWBISignatures

/// A receiver of the kit's signed webhooks, as a downstream system runs one: it verifies the
/// `X-Webhook-Signature` (hex HMAC-SHA256 of the body), deduplicates by `X-Webhook-ID` (which must
/// match the body's `delivery_id` when the body has one, since only the body is signed) and
/// records what it accepted.
///
/// Routes under ``prefix``:
/// - `POST /webhooks` — 200 `{"status":"accepted"}` the first time an id arrives, 200
///   `{"status":"duplicate"}` after; 401 for a missing or wrong signature, 400 for a missing id.
/// - `GET /received` — ``Receipts/Report``: the accepted ids in arrival order, the duplicate and
///   rejected counts, and the accepted bodies.
/// - `DELETE /received` — forgets everything.
///
/// Faults for the webhooks go on the path `<prefix>/webhooks`, so `GET /received` is never faulted.
public struct FakeSignedReceiver: FakeSystem {
    /// The secret of the forwarding downstream (`PWBI_FORWARD_SECRET` in the scenarios and the demo).
    public static let downstreamSecret = "pwbi-fake-downstream-secret"
    /// The secret of the failure-notification sink (`PWBI_NOTIFY_SECRET`).
    public static let notifySecret = "pwbi-fake-notify-secret"
    /// The forwarding downstream, `/downstream`.
    public static var downstream: FakeSignedReceiver { FakeSignedReceiver(prefix: "/downstream", secret: downstreamSecret) }
    /// The failure-notification sink, `/notify`.
    public static var notifySink: FakeSignedReceiver { FakeSignedReceiver(prefix: "/notify", secret: notifySecret) }

    /// The path prefix, e.g. `/downstream`.
    public let prefix: String
    /// The signing secret it verifies with.
    public let secret: String
    /// What it accepted.
    public let receipts = Receipts()

    /// A receiver under `prefix` verifying with `secret`.
    public init(prefix: String, secret: String) {
        self.prefix = prefix
        self.secret = secret
    }

    public func addRoutes(to group: RouterGroup<BasicRequestContext>, provider: FakeProvider) {
        let verifier = HexHMACSHA256Scheme().verifier(secrets: [secret])
        group.post("/webhooks") { request, _ -> Response in
            let body = Array(buffer: try await request.body.collect(upTo: 16 << 20))
            let headers = WebhookHeaders(request.headers.map { ($0.name.canonicalName, $0.value) })
            do {
                try verifier.verify(body: body, headers: headers)
            } catch {
                await receipts.reject()
                return FakeProvider.json(["error": "invalid signature"], status: .unauthorized)
            }
            guard let id = headers["X-Webhook-ID"], !id.isEmpty else {
                await receipts.reject()
                return FakeProvider.json(["error": "missing X-Webhook-ID"], status: .badRequest)
            }
            if let signed = Self.deliveryID(in: body), signed != id {
                await receipts.reject()
                return FakeProvider.json(["error": "X-Webhook-ID differs from the signed delivery_id"], status: .badRequest)
            }
            let accepted = await receipts.record(id: id, body: body)
            return FakeProvider.json(["status": accepted ? "accepted" : "duplicate"])
        }
        group.get("/received") { _, _ -> Response in
            FakeProvider.json(await receipts.report)
        }
        group.delete("/received") { _, _ -> Response in
            await receipts.reset()
            return Response(status: .noContent)
        }
    }

    /// The body's top-level `delivery_id`, if it is a JSON object with one.
    static func deliveryID(in body: [UInt8]) -> String? {
        struct Envelope: Decodable { var delivery_id: String? }
        return (try? JSONDecoder().decode(Envelope.self, from: Data(body)))?.delivery_id
    }

    /// The accepted deliveries, deduplicated by id.
    public actor Receipts {
        /// What `GET /received` answers.
        public struct Report: Codable, Sendable, Equatable {
            /// Accepted ids, each once, in arrival order.
            public var received: [String]
            /// Deliveries of an id already accepted.
            public var duplicates: Int
            /// Deliveries refused (signature, id).
            public var rejected: Int
            /// The accepted bodies (UTF-8), in the order of ``received``.
            public var bodies: [String]
        }

        private var ids: [String] = []
        private var seen: Set<String> = []
        private var bodies: [String] = []
        private var duplicates = 0
        private var rejected = 0
        private var waiters: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []

        /// Nothing received yet.
        public init() {}

        /// Records a verified delivery; false when its id was already accepted.
        public func record(id: String, body: [UInt8]) -> Bool {
            guard seen.insert(id).inserted else {
                duplicates += 1
                return false
            }
            ids.append(id)
            bodies.append(String(decoding: body, as: UTF8.self))
            let ready = waiters.filter { $0.count <= ids.count }
            waiters.removeAll { $0.count <= ids.count }
            for waiter in ready { waiter.continuation.resume() }
            return true
        }

        /// Returns once at least `count` distinct ids were accepted (for in-process tests: no polling).
        public func waitUntilReceived(_ count: Int) async {
            guard ids.count < count else { return }
            await withCheckedContinuation { waiters.append((count, $0)) }
        }

        /// Counts a refused delivery.
        public func reject() { rejected += 1 }

        /// Forgets everything.
        public func reset() {
            ids = []
            seen = []
            bodies = []
            duplicates = 0
            rejected = 0
        }

        /// What was received.
        public var report: Report { Report(received: ids, duplicates: duplicates, rejected: rejected, bodies: bodies) }
    }
}
