import PWBISignatures
import Testing

@Suite("HMAC")
struct HMACTests {
    @Test func allSevenRFC4231Cases() {
        #expect(Vectors.rfc4231.map(\.case) == Array(1...7))
    }

    @Test(arguments: Vectors.rfc4231)
    func rfc4231(vector: Vectors.RFC4231.Case) {
        let key = Vectors.bytes(vector.key)
        let data = Vectors.bytes(vector.data)
        let mac256 = HMAC<SHA256>(key: key).authenticationCode(for: data)
        let mac512 = HMAC<SHA512>(key: key).authenticationCode(for: data)
        if let truncatedTo = vector.truncatedTo {
            // Case 5: the RFC lists only the first 128 bits. The full MAC starts with them,
            // and the truncated tag must never verify: a 16-byte tag is not a 32-byte MAC.
            #expect(mac256.hexString.hasPrefix(vector.hmacSHA256))
            #expect(mac512.hexString.hasPrefix(vector.hmacSHA512))
            let tag = Vectors.bytes(vector.hmacSHA256)
            #expect(tag.count == truncatedTo)
            #expect(!HMAC<SHA256>(key: key).isValidAuthenticationCode(tag, for: data))
            #expect(!HMAC<SHA512>(key: key).isValidAuthenticationCode(Vectors.bytes(vector.hmacSHA512), for: data))
        } else {
            #expect(mac256.hexString == vector.hmacSHA256)
            #expect(mac512.hexString == vector.hmacSHA512)
            #expect(HMAC<SHA256>(key: key).isValidAuthenticationCode(Vectors.bytes(vector.hmacSHA256), for: data))
            #expect(HMAC<SHA256>.authenticationCode(for: data, key: key) == mac256)
        }
    }

    @Test func differentialEveryLengthAndKeyLength() throws {
        let vectors = try #require(Vectors.differential)
        let message = Vectors.bytes(vectors.message)
        let keyMaterial = Vectors.bytes(vectors.keyMaterial)
        for entry in vectors.lengths {
            let key = keyMaterial[..<entry.keyLength]
            let data = message[..<entry.length]
            let hmac = HMAC<SHA256>(key: key)
            #expect(hmac.authenticationCode(for: data).hexString == entry.hmacSHA256, "length \(entry.length)")
            #expect(hmac.isValidAuthenticationCode(Vectors.bytes(entry.hmacSHA256), for: data))
            if let expected = entry.hmacSHA512 {
                #expect(HMAC<SHA512>(key: key).authenticationCode(for: data).hexString == expected, "length \(entry.length)")
            }
        }
    }

    @Test func keyedInstanceIsReusableAndIncremental() {
        let hmac = HMAC<SHA256>(utf8Key: "It's a Secret to Everybody")
        let expected = "757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"
        #expect(hmac.authenticationCode(for: "Hello, World!".utf8).hexString == expected)
        #expect(hmac.authenticationCode(for: "Hello, World!".utf8).hexString == expected)
        var incremental = hmac
        incremental.update(data: "Hello, ".utf8)
        incremental.update(data: Array("World!".utf8))
        #expect(incremental.finalize().hexString == expected)
        // The one-shot API ignores the incremental state.
        #expect(incremental.authenticationCode(for: "Hello, World!".utf8).hexString == expected)
        let body = Array("Hello, World!".utf8)
        let tag = Vectors.bytes(expected)
        let verified = body.withUnsafeBytes { b in tag.withUnsafeBytes { t in hmac.isValidAuthenticationCode(t, bufferPointer: b) } }
        #expect(verified)
    }

    @Test func wrongTagsNeverVerify() {
        let hmac = HMAC<SHA256>(key: [1, 2, 3])
        let data: [UInt8] = Array("payload".utf8)
        let good = hmac.authenticationCode(for: data).bytes
        #expect(hmac.isValidAuthenticationCode(good, for: data))
        for index in good.indices {
            var flipped = good
            flipped[index] ^= 0x01
            #expect(!hmac.isValidAuthenticationCode(flipped, for: data))
        }
        #expect(!hmac.isValidAuthenticationCode(good.prefix(16), for: data))
        #expect(!hmac.isValidAuthenticationCode(good + [0], for: data))
        #expect(!hmac.isValidAuthenticationCode([], for: data))
    }
}
