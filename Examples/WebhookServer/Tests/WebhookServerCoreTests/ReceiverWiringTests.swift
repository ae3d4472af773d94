import Foundation
import Logging
import PWBIIntegration
import PWBISignatures
import Testing
import WebhookServerCore

/// The server's receivers wired to the SQL stores (SQLite in memory), as the routes call them.
@Suite struct ReceiverWiringTests {
    static let order = Array(#"""
        {"OrderID":2001,"OrderDate":"2025-11-27T14:30:00","AmountDiscount":0.0,"AmountPaid":80.50,"AmountTotal":70.00,"BalanceAmount":0.0,"GrandTotal":80.50,"Tax":10.50,"TaxPercent":15.0,"OrderStatus":103,"PaymentMode":1,"OrderItems":[{"OdooItemID":5,"ItemName":"Office Chair","Price":70.00,"Quantity":1,"DiscountAmount":0.00}],"CheckoutDetails":[{"PaymentMode":1,"AmountPaid":80.50,"CardType":"Cash"}]}
        """#.utf8)

    static func app() async throws -> WebhookServerApp {
        let database = try await SQLiteDatabase.open(path: ":memory:")
        try await database.migrate(Schema.migrations(for: .sqlite))
        let configuration = try ServerConfiguration(environment: ["PWBI_WEBHOOK_SECRET_KARAGE": "test-secret", "PWBI_DEMO_SECRETS": "0"])
        return try WebhookServerApp(configuration: configuration, storage: ServerStorage(database: database), logger: Logger(label: "test"))
    }

    static func signed(_ body: [UInt8], secret: String = "test-secret") throws -> WebhookHeaders {
        try HexHMACSHA256Scheme().sign(body: body, secret: secret, id: nil, timestamp: nil).headers
    }

    @Test func aSignedOrderIsStoredOnceAndItsRepeatReplayed() async throws {
        let app = try await Self.app()
        let request = WebhookRequest(source: "karage", headers: try Self.signed(Self.order), body: Self.order)
        let first = await app.signed.receive(request)
        #expect(first.status == 200, "\(first.bodyText)")
        let again = await app.signed.receive(request)
        #expect(again.status == 200)
        #expect(again.bodyText.hasPrefix(#"{"duplicate":true"#))
        #expect(again.internalIDs == first.internalIDs)
        #expect(try await app.storage.transactions.count() == 1)
        let log = try await app.storage.log.recent(limit: 10)
        #expect(log.map(\.outcome) == [.duplicate, .processed])
        await app.storage.database.close()
    }

    @Test func aWrongSecretIs401AndSourcesWithoutSecretsAreNotServed() async throws {
        let app = try await Self.app()
        let forged = await app.signed.receive(WebhookRequest(source: "karage", headers: try Self.signed(Self.order, secret: "other"), body: Self.order))
        #expect(forged.status == 401)
        #expect(!forged.bodyText.contains("test-secret"))
        let moka = await app.signed.receive(WebhookRequest(source: "moka", headers: try Self.signed(Self.order), body: Self.order))
        #expect(moka.status == 404)
        #expect(app.demoSecretSources.isEmpty)
        #expect(try await app.storage.transactions.count() == 0)
        await app.storage.database.close()
    }

    @Test func posOrdersAuthenticateWithAnIssuedAPIKey() async throws {
        let app = try await Self.app()
        let issued = try await APIKeyIssuer(store: app.storage.apiKeys).issue(description: "test", tenant: "merchant-42", now: Date())
        let accepted = await app.pos.receive(WebhookRequest(source: "karage", headers: ["X-API-KEY": issued.key], body: Self.order))
        #expect(accepted.status == 200, "\(accepted.bodyText)")
        let refused = await app.pos.receive(WebhookRequest(source: "karage", headers: ["X-API-KEY": issued.key + "x"], body: Self.order))
        #expect(refused.status == 401)
        let stored = try await app.storage.database.query("SELECT tenant FROM transactions", []).map { try $0.text(0) }
        #expect(stored == ["merchant-42"])
        await app.storage.database.close()
    }
}
