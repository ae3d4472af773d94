#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Foundation

/// A fixture file's bytes (one trailing newline, if an editor added it, is not part of the fixture).
func fixture(_ path: String) throws -> [UInt8] {
    guard let url = Bundle.module.url(forResource: "Resources/" + path, withExtension: nil) else {
        throw FixtureMissing(path: path)
    }
    var bytes = [UInt8](try Data(contentsOf: url))
    if bytes.last == UInt8(ascii: "\n") { bytes.removeLast() }
    return bytes
}

struct FixtureMissing: Error, CustomStringConvertible {
    let path: String
    var description: String { "fixture \(path) not found in the test bundle" }
}

/// The bytes as text, for readable failure messages.
func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

/// 2025-12-27T05:30:00Z, the instant the fixtures' requests are signed at.
let signingInstant = Date(timeIntervalSince1970: 1_766_813_400)

/// How many times `needle` occurs in `haystack` (non-overlapping).
func occurrences(of needle: String, in haystack: String) -> Int {
    var count = 0
    var rest = haystack[...]
    while let range = rest.range(of: needle) {
        count += 1
        rest = rest[range.upperBound...]
    }
    return count
}
