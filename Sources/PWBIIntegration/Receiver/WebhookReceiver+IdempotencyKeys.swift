import PWBIMapping
import PWBISignatures

// Which claim a delivery takes: a sender's key header where the source trusts one, else the
// identity of what was mapped (a transaction's key includes its kind, so a refund never shares
// its sale's claim).
extension WebhookReceiver {
    /// The delivery's idempotency key: the first of the source's strategies that applies.
    /// `fingerprint` stands in for the payload when an inventory update has no identity of its own.
    func idempotencyKey(
        for mapped: MappedEvent, request: WebhookRequest?, source: WebhookSource, tenant: String, fingerprint: PayloadFingerprint
    ) throws(WebhookRejection) -> String {
        for strategy in source.idempotencyKeys {
            switch strategy {
            case .header(let name):
                guard let request, let value = request.headers[name] else { continue }
                guard Self.isValidKeyHeader(value) else { throw .invalidIdempotencyKey(name) }
                return "hdr/" + TransactionKey.escaped(tenant) + "/" + TransactionKey.escaped(source.name) + "/" + value
            case .identity:
                return identityKey(for: mapped, source: source, tenant: tenant, fingerprint: fingerprint)
            }
        }
        return identityKey(for: mapped, source: source, tenant: tenant, fingerprint: fingerprint)
    }

    func identityKey(for mapped: MappedEvent, source: WebhookSource, tenant: String, fingerprint: PayloadFingerprint) -> String {
        switch mapped {
        case .transaction(let transaction):
            return TransactionKey(transaction).text(prefix: "tx/")
        case .transactions(let list):
            let keys = list.map { TransactionKey($0).description }.sorted().joined(separator: "\n")
            return "txs/" + TransactionKey.escaped(tenant) + "/" + SHA256.hash(utf8: keys).hexString
        case .payment(let payment):
            return "pay/" + [payment.tenant, payment.sourceSystem.rawValue, payment.orderReference, payment.sourceStatus]
                .map(TransactionKey.escaped).joined(separator: "/")
        case .inventory(let update):
            if let external = update.externalID {
                return "inv/" + TransactionKey(tenant: update.tenant, source: update.sourceSystem, outlet: update.outlet, externalID: external).description
            }
            return "body/" + TransactionKey.escaped(tenant) + "/" + TransactionKey.escaped(source.name) + "/" + fingerprint.rawValue
        }
    }

    /// 1…255 visible ASCII characters, as the IETF Idempotency-Key draft and Standard Webhooks' ids are.
    static func isValidKeyHeader(_ value: String) -> Bool {
        let bytes = value.utf8
        return !bytes.isEmpty && bytes.count <= 255 && bytes.allSatisfy { $0 > 0x20 && $0 < 0x7F }
    }
}
