import Foundation
import PWBISignatures
import Testing

/// The Standard Webhooks reference libraries' own test cases (Resources/standard-webhooks.json,
/// written by generate_standard_webhooks.py): every secret form they accept — with or without
/// `whsec_`, padded or unpadded base64 — verifies here too, within the specification's 24–64 bytes.
@Suite("Standard Webhooks reference cases")
struct StandardWebhooksReferenceTests {
    struct File: Decodable {
        struct Case: Decodable, Sendable, CustomTestStringConvertible {
            let name: String
            let secret: String
            let signature: String
            let expected: String
            let sign: Bool
            var testDescription: String { name }
        }
        let id: String
        let timestamp: Int64
        let payload: String
        let cases: [Case]
    }

    static let file: File? = try? Vectors.load("standard-webhooks", as: File.self)

    @Test func theReferenceFileIsPresent() throws {
        let file = try #require(Self.file)
        #expect(file.cases.count >= 12)
        #expect(file.cases.filter { $0.expected == "valid" }.count >= 6)
    }

    @Test(arguments: file?.cases ?? [])
    func referenceCase(_ reference: File.Case) throws {
        let file = try #require(Self.file)
        let scheme = StandardWebhooksScheme(clock: .fixed(file.timestamp))
        let body = Array(file.payload.utf8)
        let headers: WebhookHeaders = [
            "webhook-id": file.id, "webhook-timestamp": String(file.timestamp), "webhook-signature": reference.signature,
        ]
        if reference.expected == "valid" {
            try scheme.verify(body: body, headers: headers, secret: reference.secret)
            if reference.sign {
                let signed = try scheme.sign(body: body, secret: reference.secret, id: file.id, timestamp: file.timestamp)
                #expect(signed.headers["webhook-signature"] == reference.signature)
            }
        } else {
            let error = #expect(throws: WebhookSignatureError.self) {
                try scheme.verify(body: body, headers: headers, secret: reference.secret)
            }
            #expect(error.map { "\($0)" } == reference.expected)
        }
    }
}
