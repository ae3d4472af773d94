import Foundation
import PWBIMapping
import PWBISignatures
import Testing

@testable import PWBIIntegration

/// Response bodies keep every member: a nil string is written as `null`, not left out.
@Suite("Response JSON members")
struct ResponseJSONTests {
    @Test func fieldsKeepOrderAndWriteNilAsNull() throws {
        var writer = JSONWriter()
        writer.beginObject()
        writer.field("success", true)
        writer.field("count", 2)
        writer.field("error", nil as String?)
        writer.field("message", "Processed 10 orders: 8 succeeded, 2 failed")
        writer.endObject()
        #expect(writer.text == #"{"success":true,"count":2,"error":null,"message":"Processed 10 orders: 8 succeeded, 2 failed"}"#)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(writer.bytes)) as? [String: Any])
        #expect(object["error"] is NSNull)
    }

    /// The receiver's bodies, byte for byte: member order and escaping are part of the contract
    /// (a stored success body is replayed with only its first member flipped).
    @Test func successAndRejectionBodiesKeepTheirBytes() async throws {
        let harness = try await ReceiverHarness()
        let response = await harness.receiver.receive(harness.request(.signed, try ReceiverHarness.body(.signed)))
        let id = try #require(response.internalIDs.first)
        #expect(response.bodyText == #"{"duplicate":false,"success":true,"status":"success","message":"Webhook processed","#
            + #""event_type":"transaction.created","internal_id":""# + id + #"","internal_ids":[""# + id + #""],"#
            + #""external_id":"PWN-20251227-000142"}"#)
        let unknown = await harness.receiver.receive(WebhookRequest(source: "no\"pe", body: Array("{}".utf8)))
        #expect(unknown.status == 404)
        #expect(unknown.bodyText == #"{"success":false,"status":"error","error":"Unknown source: \"no\\\"pe\"","code":"unknown_source"}"#)
    }
}
