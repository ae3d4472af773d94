import Foundation
import Testing

@testable import PWBIIntegration

@Suite("Response JSON writer")
struct JSONObjectWriterTests {
    @Test func writesFieldsInOrderAndParsesBack() throws {
        var writer = JSONObjectWriter()
        writer.field("success", true)
        writer.field("count", 2)
        writer.field("error", nil as String?)
        writer.field("message", "Processed 10 orders: 8 succeeded, 2 failed")
        var array = JSONArrayWriter()
        array.append(raw: Array("1".utf8))
        array.append(raw: Array(#"{"a":"b"}"#.utf8))
        writer.field("results", raw: array.finish())
        let text = String(decoding: writer.finish(), as: UTF8.self)
        #expect(text == #"{"success":true,"count":2,"error":null,"message":"Processed 10 orders: 8 succeeded, 2 failed","results":[1,{"a":"b"}]}"#)
        #expect(try JSONSerialization.jsonObject(with: Data(text.utf8)) is [String: Any])
    }

    @Test(arguments: [
        ("quote \" and backslash \\", #""quote \" and backslash \\""#),
        ("line\nfeed\r\ttab", #""line\nfeed\r\ttab""#),
        ("nul \u{0} bell \u{7} us \u{1F}", #""nul \u0000 bell \u0007 us \u001f""#),
        ("café ☕ 𝄞", "\"café ☕ 𝄞\""),
    ])
    func escapesStrings(_ input: String, _ expected: String) throws {
        var bytes: [UInt8] = []
        JSONObjectWriter.appendString(input, to: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == expected)
        let decoded = try JSONSerialization.jsonObject(with: Data(bytes), options: .fragmentsAllowed) as? String
        #expect(decoded == input)
    }
}
