import PWBISignatures
import Testing

@Suite("SHA-256 and SHA-512")
struct SHA2Tests {
    static let nist = Vectors.nist

    @Test func vectorFilesAreLoaded() throws {
        let nist = try #require(Self.nist)
        #expect(nist.sha256.short.count >= 6 && nist.sha256.long.count >= 1)
        #expect(nist.sha512.short.count >= 4 && nist.sha512.long.count >= 1)
        #expect(nist.monte.keys.sorted() == ["sha256", "sha512"])
    }

    @Test(arguments: (Vectors.nist?.sha256.short ?? []) + (Vectors.nist?.sha256.long ?? []))
    func sha256NIST(vector: Vectors.NIST.Message) {
        let message = Vectors.bytes(vector.message)
        #expect(SHA256.hash(data: message).hexString == vector.digest)
        var byteAtATime = SHA256()
        for byte in message { byteAtATime.update(data: [byte]) }
        #expect(byteAtATime.finalize().hexString == vector.digest)
    }

    @Test(arguments: (Vectors.nist?.sha512.short ?? []) + (Vectors.nist?.sha512.long ?? []))
    func sha512NIST(vector: Vectors.NIST.Message) {
        let message = Vectors.bytes(vector.message)
        #expect(SHA512.hash(data: message).hexString == vector.digest)
        var byteAtATime = SHA512()
        for byte in message { byteAtATime.update(data: [byte]) }
        #expect(byteAtATime.finalize().hexString == vector.digest)
    }

    /// NIST SHAVS Monte Carlo: MD_i = H(MD_{i-3} || MD_{i-2} || MD_{i-1}), 1000 per checkpoint.
    func monteCarlo<H: HashFunction>(_ type: H.Type, _ monte: Vectors.NIST.Monte) {
        var seed = Vectors.bytes(monte.seed)
        let last = monte.checkpoints.map(\.count).max() ?? 0
        var expected: [Int: String] = [:]
        for checkpoint in monte.checkpoints { expected[checkpoint.count] = checkpoint.digest }
        for count in 0...last {
            var md0 = seed, md1 = seed, md2 = seed
            for _ in 3..<1003 {
                var hasher = H()
                hasher.update(data: md0)
                hasher.update(data: md1)
                hasher.update(data: md2)
                (md0, md1, md2) = (md1, md2, hasher.finalize().bytes)
            }
            seed = md2
            if let digest = expected[count] {
                #expect(Hex.encode(seed) == digest, "checkpoint \(count)")
            }
        }
    }

    @Test func sha256MonteCarlo() throws {
        monteCarlo(SHA256.self, try #require(Self.nist?.monte["sha256"]))
    }

    @Test func sha512MonteCarlo() throws {
        monteCarlo(SHA512.self, try #require(Self.nist?.monte["sha512"]))
    }

    @Test func differentialEveryLength() throws {
        let vectors = try #require(Vectors.differential)
        let message = Vectors.bytes(vectors.message)
        #expect(vectors.lengths.map(\.length) == Array(0...1100))
        for entry in vectors.lengths {
            let prefix = message[..<entry.length]
            #expect(SHA256.hash(data: prefix).hexString == entry.sha256, "SHA-256 of \(entry.length) bytes")
            #expect(SHA512.hash(data: prefix).hexString == entry.sha512, "SHA-512 of \(entry.length) bytes")
        }
    }

    @Test func differentialIncrementalSplits() throws {
        let vectors = try #require(Vectors.differential)
        let message = Vectors.bytes(vectors.message)
        #expect(vectors.splits.count == 200)
        for split in vectors.splits {
            var sha256 = SHA256()
            var sha512 = SHA512()
            var offset = 0
            for chunk in split.chunks {
                message[offset..<(offset + chunk)].withUnsafeBytes { sha256.update(bufferPointer: $0) }
                sha512.update(data: message[offset..<(offset + chunk)])
                offset += chunk
            }
            #expect(sha256.finalize().hexString == split.sha256, "chunks \(split.chunks)")
            #expect(sha512.finalize().hexString == split.sha512, "chunks \(split.chunks)")
        }
    }

    /// The compression runs four-block groups (SIMD schedule across blocks), single blocks (SIMD
    /// schedule within a block) and buffered partial blocks; every split of a 1100-byte message into
    /// two updates, and feeding it in 64-byte pieces from every starting offset, mixes them
    /// differently, and each must give the digest Python computed for the whole message.
    @Test func everySplitPointCrossesTheBlockPathsAlike() throws {
        let vectors = try #require(Vectors.differential)
        let message = Vectors.bytes(vectors.message)
        let entry = try #require(vectors.lengths.last)
        #expect(entry.length == 1100)
        let whole = message[..<entry.length]
        for split in 0...entry.length {
            var sha256 = SHA256()
            var sha512 = SHA512()
            sha256.update(data: whole[..<split])
            sha256.update(data: whole[split...])
            sha512.update(data: whole[..<split])
            sha512.update(data: whole[split...])
            #expect(sha256.finalize().hexString == entry.sha256, "SHA-256 split at \(split)")
            #expect(sha512.finalize().hexString == entry.sha512, "SHA-512 split at \(split)")
        }
        for first in 0..<128 {
            var sha256 = SHA256()
            var sha512 = SHA512()
            sha256.update(data: whole[..<first])
            sha512.update(data: whole[..<first])
            var offset = first
            while offset < entry.length {
                let end = min(offset + 64, entry.length)
                sha256.update(data: whole[offset..<end])
                sha512.update(data: whole[offset..<end])
                offset = end
            }
            #expect(sha256.finalize().hexString == entry.sha256, "SHA-256 in 64-byte pieces after \(first)")
            #expect(sha512.finalize().hexString == entry.sha512, "SHA-512 in 64-byte pieces after \(first)")
        }
    }

    /// FIPS 180-2 appendices B.3 and C.3: one million "a". Long enough (15 625 blocks) for every
    /// path of the multi-block compression, fed whole and in pieces that straddle the block groups.
    @Test(arguments: [1_000_000, 65_536, 4_097, 997, 320])
    func oneMillionA(pieceSize: Int) {
        let message = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        let (sha256, sha512) = Self.hexDigestsInPieces(message) { _ in pieceSize }
        #expect(sha256 == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        #expect(sha512
            == "e718483d0ce769644e2e42c7bc15b4638e1f98b13b2044285632a803afa973ebde0ff244877ea60a4cb0432ce577c31beb009c5c2c49aa2e4eadb217ad8cc09b")
    }

    /// 300 007 bytes in which no two 256-byte groups repeat (xorshift32 from 0x9E3779B9, the top byte
    /// of each step), against Python's hashlib (the digests below, computed once): unlike one
    /// million "a", a block read from the wrong place or a schedule left over from another group
    /// changes the digest. Fed whole and in pieces of every size from 1 to 1 100 bytes in turn.
    @Test func longDistinctMessageMatchesHashlib() {
        var x: UInt32 = 0x9E37_79B9
        let message = (0..<300_007).map { _ -> UInt8 in
            x ^= x << 13
            x ^= x >> 17
            x ^= x << 5
            return UInt8(x >> 24)
        }
        let sha256 = "3607d07872c86efb6e8540262839f0004571c1549b20ee1d4c841dbae3572463"
        let sha512 = "d5a49d15ff59277f39eff05503df5617b6bfdc8fd80fc4094ea27b3c93e7d20cf67dbde4e208e600c3a22274fdab7c60ea72d56a8c1bff0f2c773593a2528754"
        #expect(SHA256.hash(data: message).hexString == sha256)
        #expect(SHA512.hash(data: message).hexString == sha512)
        let pieces = Self.hexDigestsInPieces(message) { size in size % 1_100 + 1 }
        #expect(pieces.sha256 == sha256)
        #expect(pieces.sha512 == sha512)
    }

    /// The SHA-256 and SHA-512 hex digests of `message` fed in consecutive pieces: the first of
    /// `next(0)` bytes, each after it of `next(size of the one before)`.
    static func hexDigestsInPieces(_ message: [UInt8], next: (Int) -> Int) -> (sha256: String, sha512: String) {
        var sha256 = SHA256()
        var sha512 = SHA512()
        var offset = 0
        var size = next(0)
        while offset < message.count {
            let end = min(offset + size, message.count)
            sha256.update(data: message[offset..<end])
            sha512.update(data: message[offset..<end])
            offset = end
            size = next(size)
        }
        return (sha256.finalize().hexString, sha512.finalize().hexString)
    }

    @Test func finalizeLeavesTheHasherUsable() {
        var hasher = SHA256()
        hasher.update(utf8: "ab")
        let partial = hasher.finalize()
        hasher.update(utf8: "c")
        #expect(partial == SHA256.hash(utf8: "ab"))
        #expect(hasher.finalize().hexString == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func inputKindsAgree() {
        let text = "The quick brown fox jumps over the lazy dog"
        let expected = SHA256.hash(data: Array(text.utf8))
        #expect(SHA256.hash(utf8: text) == expected)
        #expect(SHA256.hash(data: text.utf8) == expected)
        #expect(SHA256.hash(data: Array(text.utf8)[...]) == expected)
        #expect(SHA256.hash(data: text.utf8.lazy.map { $0 }) == expected)  // non-contiguous path
        let long = (0..<1000).lazy.map { UInt8(truncatingIfNeeded: $0) }  // > 256-byte copy chunks
        #expect(SHA256.hash(data: long) == SHA256.hash(data: Array(long)))
        #expect(SHA512.hash(utf8: text).hexString
            == "07e547d9586f6a73f73fbac0435ed76951218fb7d0c8d788a309d785436bbb642e93a252a954f23912547d1e8a3b5ed6e1bfd7097821233fa0538f3db854fee6")
    }

    @Test func digestValueSemantics() {
        let a = SHA256.hash(utf8: "a")
        let b = SHA256.hash(utf8: "b")
        #expect(a != b)
        #expect(a == SHA256.hash(utf8: "a"))
        #expect(Set([a, b, SHA256.hash(utf8: "a")]).count == 2)
        #expect(Array(a) == a.bytes)
        #expect(a.bytes.count == SHA256Digest.byteCount)
        #expect(SHA256Digest(bytes: a.bytes) == a)
        #expect(SHA256Digest(bytes: a.bytes.dropLast()) == nil)
        #expect(SHA256Digest(bytes: a.bytes + [0]) == nil)
        #expect(a.isEqual(to: a.bytes))
        #expect(!a.isEqual(to: b.bytes))
        #expect(!a.isEqual(to: a.bytes.prefix(16)))
        #expect("\(a)" == a.hexString)
        let c = SHA512.hash(utf8: "a")
        #expect(SHA512Digest(bytes: c.bytes) == c)
        #expect(c != SHA512.hash(utf8: "b"))
        #expect(c.bytes.count == 64)
        #expect(SHA256.hash(utf8: "").base64String == "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=")
        #expect(SHA256.hash(utf8: "").base64URLString == "47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU")
    }
}
