import Foundation
import Testing

@testable import pwbi

/// `pwbi map --source karage` on the current plugin's order (the sample kept in
/// shared/reference/payloads, copied into the mapper fixtures).
@Suite("pwbi map: Karage's current plugin shape")
struct KarageMapCommandTests {
    static let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../PWBIMappingTests/Resources/Mappers/karage/current-plugin-reference.json").standardizedFileURL.path

    @Test func theCurrentOrderMapsWithComputedTotals() async throws {
        let io = CommandIO.capturing(input: [])
        let status = await CommandLineTool.standard.run(["map", "--source", "karage", Self.sample], io: io)
        #expect(status == .ok, "\(io.error.text)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(io.output.text.utf8)) as? [String: Any])
        #expect(json["external_id"] as? String == "12345")
        #expect(json["occurred_at"] as? String == "2025-08-10T17:16:43Z")
        #expect(json["total"] as? String == "100.00")
        #expect(json["paid"] as? String == "100.00")
        #expect(json["tax"] == nil)
        let codes = (json["warnings"] as? [[String: Any]])?.compactMap { $0["code"] as? String }
        #expect(codes == ["currency_assumed", "totals_computed", "tax_not_stated"])
    }
}
