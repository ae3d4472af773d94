import PWBISignatures
import Testing

@Suite("Constant-time compare, hex, base64, base64url")
struct CodecTests {
    /// RFC 4648 §10 test vectors: text, base64, base16.
    @Test(arguments: [
        ("", "", ""), ("f", "Zg==", "66"), ("fo", "Zm8=", "666f"), ("foo", "Zm9v", "666f6f"),
        ("foob", "Zm9vYg==", "666f6f62"), ("fooba", "Zm9vYmE=", "666f6f6261"), ("foobar", "Zm9vYmFy", "666f6f626172"),
    ])
    func rfc4648(plain: String, base64: String, base16: String) throws {
        let bytes = Array(plain.utf8)
        #expect(Base64.encode(bytes) == base64)
        #expect(try Base64.decode(base64) == bytes)
        let unpadded = base64.filter { $0 != "=" }
        #expect(Base64URL.encode(bytes) == unpadded)
        #expect(Base64URL.encode(bytes, padded: true) == base64)
        #expect(try Base64URL.decode(unpadded) == bytes)
        #expect(try Base64URL.decode(base64) == bytes)
        #expect(Hex.encode(bytes) == base16)
        #expect(Hex.encode(bytes, uppercase: true) == base16.uppercased())
        #expect(try Hex.decode(base16) == bytes)
        #expect(try Hex.decode(base16.uppercased()) == bytes)
    }

    @Test func alphabetsDiffer() throws {
        let bytes: [UInt8] = [0xfb, 0xff, 0xbf]
        #expect(Base64.encode(bytes) == "+/+/")
        #expect(Base64URL.encode(bytes) == "-_-_")
        #expect(throws: CodecError.invalidCharacter(encoding: .base64, offset: 0)) { try Base64.decode("-_-_") }
        #expect(throws: CodecError.invalidCharacter(encoding: .base64url, offset: 0)) { try Base64URL.decode("+/+/") }
        let all = (0...255).map { UInt8($0) }
        #expect(try Base64.decode(Base64.encode(all)) == all)
        #expect(try Base64URL.decode(Base64URL.encode(all)) == all)
        #expect(try Hex.decode(Hex.encode(all)) == all)
    }

    @Test(arguments: [
        ("Zm9v YmFy", CodecError.invalidCharacter(encoding: .base64, offset: 4)),
        ("Zm9vYg", CodecError.invalidLength(encoding: .base64, length: 6)),
        ("Zm9vY", CodecError.invalidLength(encoding: .base64, length: 5)),
        ("Zg=", CodecError.invalidLength(encoding: .base64, length: 3)),
        ("Zg===", CodecError.invalidLength(encoding: .base64, length: 5)),
        ("Zm8==", CodecError.invalidLength(encoding: .base64, length: 5)),
        ("Zm9v====", CodecError.invalidPadding(encoding: .base64, offset: 4)),
        ("Zm=v", CodecError.invalidPadding(encoding: .base64, offset: 2)),
        ("=Zm9", CodecError.invalidPadding(encoding: .base64, offset: 0)),
        ("Zh==", CodecError.nonCanonical(encoding: .base64, offset: 1)),
        ("Zm9=", CodecError.nonCanonical(encoding: .base64, offset: 2)),
        ("Zm9vYmFy\n", CodecError.invalidCharacter(encoding: .base64, offset: 8)),
        ("Zm9\u{e9}", CodecError.invalidCharacter(encoding: .base64, offset: 3)),
    ])
    func strictBase64(text: String, error: CodecError) {
        #expect(throws: error) { try Base64.decode(text) }
    }

    @Test(arguments: [
        ("Zg=", CodecError.invalidPadding(encoding: .base64url, offset: 2)),
        ("Z", CodecError.invalidLength(encoding: .base64url, length: 1)),
        ("Zh", CodecError.nonCanonical(encoding: .base64url, offset: 1)),
        ("Zm9v!", CodecError.invalidCharacter(encoding: .base64url, offset: 4)),
        ("Zm9v!A", CodecError.invalidCharacter(encoding: .base64url, offset: 4)),
    ])
    func strictBase64URL(text: String, error: CodecError) {
        #expect(throws: error) { try Base64URL.decode(text) }
    }

    @Test(arguments: [
        ("abc", CodecError.invalidLength(encoding: .hex, length: 3)),
        ("0g", CodecError.invalidCharacter(encoding: .hex, offset: 1)),
        ("0x00", CodecError.invalidCharacter(encoding: .hex, offset: 1)),
        (" 00 ", CodecError.invalidCharacter(encoding: .hex, offset: 0)),
        ("é0", CodecError.invalidLength(encoding: .hex, length: 3)),
    ])
    func strictHex(text: String, error: CodecError) {
        #expect(throws: error) { try Hex.decode(text) }
    }

    @Test func errorsNameThePositionNotTheText() {
        let error = CodecError.invalidCharacter(encoding: .hex, offset: 7)
        #expect(error.description == "invalid hex character at offset 7")
        #expect(CodecError.nonCanonical(encoding: .base64, offset: 3).description.contains("offset 3"))
    }

    @Test func constantTimeEquality() {
        #expect(ConstantTime.isEqual([1, 2, 3], [1, 2, 3]))
        #expect(!ConstantTime.isEqual([1, 2, 3], [1, 2, 4]))
        #expect(!ConstantTime.isEqual([1, 2, 3], [1, 2]))
        #expect(ConstantTime.isEqual([UInt8](), []))
        #expect(ConstantTime.isEqual(utf8: "token", "token"))
        #expect(!ConstantTime.isEqual(utf8: "token", "Token"))
        #expect(ConstantTime.isEqual([1, 2, 3], [1, 2, 3].lazy.map { $0 }))  // non-contiguous path
        for index in 0..<32 {
            var other = [UInt8](repeating: 7, count: 32)
            other[index] = 0
            #expect(!ConstantTime.isEqual([UInt8](repeating: 7, count: 32), other))
        }
    }
}
