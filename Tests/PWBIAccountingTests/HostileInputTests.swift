import Testing
import PWBIIntegration
import PWBIMapping

/// Bytes from outside — accounting-system answers, mapping files — never crash: every failure is
/// a typed error. (Seeded, so a failure is reproducible.)
@Suite("Hostile input")
struct HostileInputTests {
    /// Random bytes, and random mutations of real answers and mappings.
    static func samples(seed: UInt64, from originals: [[UInt8]], count: Int) -> [[UInt8]] {
        var random = SplitMix64(state: seed)
        var samples: [[UInt8]] = []
        for index in 0..<count {
            if index % 3 == 0 {
                samples.append((0..<Int.random(in: 0...64, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) })
                continue
            }
            var bytes = originals[index % originals.count]
            for _ in 0..<Int.random(in: 1...4, using: &random) where !bytes.isEmpty {
                let at = Int.random(in: 0..<bytes.count, using: &random)
                switch Int.random(in: 0..<3, using: &random) {
                case 0: bytes[at] = UInt8.random(in: 0...255, using: &random)
                case 1: bytes.remove(at: at)
                default: bytes.insert(Array("{}[]\",:0-.e\\".utf8).randomElement(using: &random) ?? 0, at: at)
                }
            }
            samples.append(bytes)
        }
        return samples
    }

    @Test func responsesNeverCrashTheParsers() throws {
        let originals = try [
            "Responses/accurate-save-success.json", "Responses/accurate-bulk-mixed.json", "Responses/accurate-save-error.json",
            "Responses/jurnal-journal-entry-created.json", "Responses/jurnal-error.json",
        ].map(fixture)
        var typed = 0
        for body in Self.samples(seed: 42, from: originals, count: 600) {
            for status in [200, 201, 401, 422, 503] {
                let response = TransportResponse(status: status, body: body)
                do { _ = try AccurateResponse.saved(from: response) } catch { typed += 1 }
                do { _ = try AccurateResponse.bulkOutcomes(from: response) } catch { typed += 1 }
                do { _ = try JurnalResponse.journalEntry(from: response) } catch { typed += 1 }
            }
        }
        #expect(typed > 0)
    }

    @Test func mappingFilesNeverCrashTheReader() {
        let originals = [Array(AccountMappingJSONTests.text.utf8), Array(Scenarios.idrMapping.json().utf8)]
        var rejected = 0
        for bytes in Self.samples(seed: 7, from: originals, count: 600) {
            do { _ = try AccountMapping(json: bytes) } catch { rejected += 1; #expect(!error.description.isEmpty) }
        }
        #expect(rejected > 0)
    }
}
