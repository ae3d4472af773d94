import Foundation
import PWBIMapping
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
}
