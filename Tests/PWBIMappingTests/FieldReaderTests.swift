import Foundation
import Testing

@testable import PWBIMapping

/// The mappers' in-place member reads (`order.amount(field: "Tax", notation)`) give exactly what
/// reading through the member's `JSONValue` gives (`order[field: "Tax"].amount(notation)`): the
/// same value, or the same error with the same kind, path, expectation and finding. Each
/// document in `Mappers/field-readers.json` is read at the root and inside member `p`.
@Suite("Field readers: the same results and errors as reading through the member")
struct FieldReaderTests {
    static let documents: [String] = {
        guard let document = try? JSONDocument(parsing: MapperFixtures.bytes("field-readers.json")),
            let elements = try? document.root.array()
        else { return [] }
        return elements.map { String(decoding: (try? $0.rawBytes()) ?? [], as: UTF8.self) }
    }()

    /// A read's outcome: the value's description, or the error.
    enum Outcome: Equatable {
        case value(String?)
        case error(MappingError)

        init(_ body: () throws(MappingError) -> String?) {
            do { self = .value(try body()) } catch { self = .error(error) }
        }
    }

    @Test func casesArePresent() {
        #expect(Self.documents.count >= 20)
    }

    @Test(arguments: documents)
    func readersAgreeWithTheMembersValue(_ json: String) throws {
        let root = try JSONDocument(parsing: json).root
        for object in [root, root[field: "p"]] {
            let notation = DecimalNotation.commaGrouping
            #expect(
                Outcome { () throws(MappingError) in try object.amount(field: "v", notation).description }
                    == Outcome { () throws(MappingError) in try object[field: "v"].amount(notation).description })
            #expect(
                Outcome { () throws(MappingError) in try object.optionalAmount(field: "v", notation)?.description }
                    == Outcome { () throws(MappingError) in try object[field: "v"].optionalAmount(notation)?.description })
            #expect(
                Outcome { () throws(MappingError) in String(try object.int(field: "v")) }
                    == Outcome { () throws(MappingError) in String(try object[field: "v"].int()) })
            #expect(
                Outcome { () throws(MappingError) in try object.optionalString(field: "v") }
                    == Outcome { () throws(MappingError) in try object[field: "v"].optionalString() })
            #expect(
                Outcome { () throws(MappingError) in try object.optionalField("v")?.rawBytes().count.description }
                    == Outcome { () throws(MappingError) in try object[field: "v"].ifPresent()?.rawBytes().count.description })
            #expect(object.has(field: "v") == object[field: "v"].exists)
        }
    }
}
