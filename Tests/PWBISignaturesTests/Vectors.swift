import Foundation
import PWBISignatures
import Testing

/// Loads the JSON vector files kept under `Resources/`.
enum Vectors {
    static func load<T: Decodable>(_ name: String, as type: T.Type) throws -> T {
        guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Resources") else {
            throw VectorFileMissing(name: name)
        }
        return try JSONDecoder().decode(T.self, from: Data(contentsOf: url))
    }

    struct VectorFileMissing: Error { let name: String }

    static func bytes(_ hex: String) -> [UInt8] {
        (try? Hex.decode(hex)) ?? []
    }

    // MARK: nist.json

    struct NIST: Decodable {
        struct Message: Decodable, Sendable, CustomTestStringConvertible {
            let message: String
            let digest: String
            var testDescription: String { "\(message.count / 2) bytes" }
        }
        struct Suite: Decodable { let short: [Message]; let long: [Message] }
        struct Monte: Decodable {
            let seed: String
            let checkpoints: [Checkpoint]
        }
        /// `[COUNT, MD]` in the file.
        struct Checkpoint: Decodable {
            let count: Int
            let digest: String
            init(from decoder: any Decoder) throws {
                var container = try decoder.unkeyedContainer()
                count = try container.decode(Int.self)
                digest = try container.decode(String.self)
            }
        }
        let sha256: Suite
        let sha512: Suite
        let monte: [String: Monte]
    }

    static let nist: NIST? = try? load("nist", as: NIST.self)

    // MARK: rfc4231.json

    struct RFC4231: Decodable {
        struct Case: Decodable, Sendable, CustomTestStringConvertible {
            let `case`: Int
            let key: String
            let data: String
            let hmacSHA256: String
            let hmacSHA512: String
            let truncatedTo: Int?
            var testDescription: String { "RFC 4231 case \(self.case)" }
        }
        let cases: [Case]
    }

    static let rfc4231: [RFC4231.Case] = (try? load("rfc4231", as: RFC4231.self).cases) ?? []

    // MARK: differential.json

    struct Differential: Decodable {
        struct Length: Decodable, Sendable {
            let length: Int
            let keyLength: Int
            let sha256: String
            let sha512: String
            let hmacSHA256: String
            let hmacSHA512: String?
        }
        struct Split: Decodable, Sendable {
            let chunks: [Int]
            let sha256: String
            let sha512: String
        }
        let message: String
        let keyMaterial: String
        let lengths: [Length]
        let splits: [Split]
    }

    static let differential: Differential? = try? load("differential", as: Differential.self)
}

/// Gives parameterised vectors a readable name in test output.
protocol CustomTestStringConvertible {
    var testDescription: String { get }
}
