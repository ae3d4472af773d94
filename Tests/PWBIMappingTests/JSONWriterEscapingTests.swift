import Foundation
import PWBIMapping
import Testing

/// The one JSON writer of the kit (mapping output and the receiver's response bodies) escapes
/// only what RFC 8259 requires, and what it writes decodes back to the same text.
@Suite("JSON writer: string escaping")
struct JSONWriterEscapingTests {
    @Test(arguments: [
        ("quote \" and backslash \\", #""quote \" and backslash \\""#),
        ("line\nfeed\r\ttab", #""line\nfeed\r\ttab""#),
        ("backspace \u{8} form feed \u{C}", #""backspace \b form feed \f""#),
        ("nul \u{0} bell \u{7} us \u{1F}", #""nul \u0000 bell \u0007 us \u001f""#),
        ("café ☕ 𝄞 / DEL \u{7F}", "\"café ☕ 𝄞 / DEL \u{7F}\""),
    ])
    func escapesStrings(_ input: String, _ expected: String) throws {
        var writer = JSONWriter()
        writer.string(input)
        #expect(writer.text == expected)
        let decoded = try JSONSerialization.jsonObject(with: Data(writer.bytes), options: .fragmentsAllowed) as? String
        #expect(decoded == input)
        #expect(try JSONDocument(parsing: writer.bytes).root.string() == input)
    }

    @Test func keysAreEscapedLikeValues() throws {
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("a\"b\n"); writer.string("v")
        writer.endObject()
        #expect(writer.text == #"{"a\"b\n":"v"}"#)
        #expect(try JSONDocument(parsing: writer.bytes).root["a\"b\n"].string() == "v")
    }
}
