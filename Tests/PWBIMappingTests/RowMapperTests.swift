import Foundation
import Testing

@testable import PWBIMapping

@Suite("CSV row mappers")
struct RowMapperTests {
    static func records(_ name: String) -> [[String: String]] {
        (MapperFixtures.json("csv/\(name).json") as? [[String: String]]) ?? []
    }

    struct NegativeRow: Sendable, CustomTestStringConvertible {
        let mapper: String
        let name: String
        let record: [String: String]
        let field: String
        let message: String
        var testDescription: String { "\(mapper): \(name)" }
    }

    static let negatives: [NegativeRow] = {
        guard let list = MapperFixtures.json("csv/negative.json") as? [[String: Any]] else { return [] }
        return list.compactMap { entry in
            guard let mapper = entry["mapper"] as? String, let name = entry["name"] as? String,
                let record = entry["record"] as? [String: String], let field = entry["field"] as? String,
                let message = entry["message"] as? String
            else { return nil }
            return NegativeRow(mapper: mapper, name: name, record: record, field: field, message: message)
        }
    }()

    let jakarta = MappingContext(tenant: "t", zone: .jakarta, defaultCurrency: .IDR)

    @Test func pawoonExport() throws {
        let mapper = try RowMappers.mapper(for: .pawoon)
        let rows = try Self.records("pawoon-export").map { try mapper.map($0, context: jakarta) }
        #expect(rows.map(\.externalID) == ["PWN-20251227-000142", "PWN-20251227-000157", "PWN-20251228-000003"])
        #expect(rows.map(\.total.description) == ["137500", "1250000", "18000"])
        #expect(rows.map { $0.tax?.description } == ["12500", "113636", nil])
        #expect(rows.map { $0.subtotal?.description } == ["125000", "1136364", nil])
        #expect(rows[0].occurredAt.description == "2025-12-27T12:45:10+07:00")
        #expect(rows[0].occurredAt.instant.description == "2025-12-27T05:45:10Z")
        #expect(rows.allSatisfy { $0.sourceSystem == .pawoon && $0.currency == .IDR && $0.warnings.isEmpty })
    }

    @Test func mokaExport() throws {
        let mapper = try RowMappers.mapper(for: .moka)
        let rows = try Self.records("moka-export").map { try mapper.map($0, context: jakarta) }
        #expect(rows.map(\.externalID) == ["MK-TRX-3350021", "MK-TRX-3350022"])
        #expect(rows.map(\.total.description) == ["89500", "16500"])
        #expect(rows[1].occurredAt.description == "2025-12-27T16:12:30+07:00")
    }

    @Test func genericTemplate() throws {
        let mapper = try RowMappers.mapper(for: .generic)
        let rows = try Self.records("generic-template").map { try mapper.map($0, context: jakarta) }
        #expect(rows.map(\.externalID) == ["MANUAL-0001", "MANUAL-0002", "MANUAL-0003"])
        #expect(rows.map(\.total.description) == ["250000", "1234567", "15000"])
        #expect(rows.map(\.kind) == [.sale, .sale, .refund])
        #expect(rows[0].occurredAt.description == "2025-12-27T00:00:00+07:00")
        #expect(mapper.missingColumns(in: ["Date", " Amount ", "Description"]) == ["Transaction ID"])
        #expect(mapper.missingColumns(in: ["Transaction ID", "Amount", "Date"]).isEmpty)
    }

    @Test func zoneAssumedWithoutConfiguration() throws {
        let row = try GenericTemplateRowMapper().map(
            ["Date": "2025-12-27", "Amount": "1000", "Transaction ID": "X"], context: MappingContext(tenant: "t"))
        #expect(row.occurredAt.zoneDecision == .assumed(identifier: "Asia/Jakarta"))
        #expect(row.warnings.map(\.code) == [.zoneAssumed, .currencyAssumed])
    }

    @Test("the guide's messages, naming the column", arguments: negatives)
    func negativeRow(_ row: NegativeRow) throws {
        let mapper = try RowMappers.mapper(for: SourceSystem(rawValue: row.mapper))
        #expect {
            try mapper.map(row.record, context: jakarta)
        } throws: { error in
            guard let error = error as? RowMappingError else { return false }
            return error.message == row.message && error.column == row.field
                && error.description.hasPrefix("\(row.message): column \(row.field): expected ")
                && error.mappingError.path.description == row.field
        }
    }

    @Test func negativeRowsCoverBothMessages() {
        #expect(Self.negatives.count >= 22)
        #expect(Set(Self.negatives.map(\.message)) == ["Invalid format", "Date format error"])
    }

    /// Maps `record` by position: the header is the record's keys (shuffled, with an extra column
    /// and a padded name), the fields a byte buffer the mapper reads in place.
    static func mapByPosition(
        _ mapper: any RowMapper, _ record: [String: String], context: MappingContext
    ) -> Result<UnifiedTransaction, RowMappingError> {
        let names = ["Unrelated"] + record.keys.sorted().reversed()
        let header = names.map { $0 == "Unrelated" ? $0 : " \($0) " }
        let texts = names.map { record[$0] ?? "ignored" }
        var bytes: [UInt8] = []
        var ranges: [Range<Int>] = []
        for text in texts {
            ranges.append(bytes.count..<(bytes.count + text.utf8.count))
            bytes.append(contentsOf: text.utf8)
        }
        let layout = mapper.layout(header: header)
        return bytes.withUnsafeBytes { whole in
            Result { () throws(RowMappingError) in
                try mapper.map(
                    fields: { $0 < ranges.count ? UnsafeRawBufferPointer(rebasing: whole[ranges[$0]]) : nil },
                    layout: layout, context: context)
            }
        }
    }

    /// Maps `record` through the public, safe positional form: the same shuffled header as
    /// ``mapByPosition(_:_:context:)``, the fields as strings in a ``RowFieldView``.
    static func mapByFieldView(
        _ mapper: any RowMapper, _ record: [String: String], context: MappingContext
    ) -> Result<UnifiedTransaction, RowMappingError> {
        let names = ["Unrelated"] + record.keys.sorted().reversed()
        let header = names.map { $0 == "Unrelated" ? $0 : " \($0) " }
        let row = RowFieldView(fields: names.map { record[$0] ?? "ignored" }, layout: mapper.layout(header: header))
        return Result { () throws(RowMappingError) in try mapper.map(row, context: context) }
    }

    static let fixtureFiles = [("pawoon", "pawoon-export"), ("moka", "moka-export"), ("generic", "generic-template")]

    @Test("mapping by position gives what the dictionary gives", arguments: fixtureFiles)
    func positionalMatchesDictionary(_ source: String, _ file: String) throws {
        let mapper = try RowMappers.mapper(for: SourceSystem(rawValue: source))
        let records = Self.records(file)
        #expect(!records.isEmpty)
        for record in records {
            for context in [jakarta, MappingContext(tenant: "t")] {
                let expected = Result { () throws(RowMappingError) in try mapper.map(record, context: context) }
                #expect(Self.mapByPosition(mapper, record, context: context) == expected)
                #expect(Self.mapByFieldView(mapper, record, context: context) == expected)
                #expect((try? expected.get()) != nil)
            }
        }
    }

    @Test("negative rows fail the same way by position", arguments: negatives)
    func positionalNegativeRow(_ row: NegativeRow) throws {
        let mapper = try RowMappers.mapper(for: SourceSystem(rawValue: row.mapper))
        let expected = Result { () throws(RowMappingError) in try mapper.map(row.record, context: jakarta) }
        guard case .failure(let error) = Self.mapByPosition(mapper, row.record, context: jakarta) else {
            Issue.record("accepted by position: \(row.name)")
            return
        }
        #expect(.failure(error) == expected)
        #expect(Self.mapByFieldView(mapper, row.record, context: jakarta) == expected)
        #expect(error.column == row.field && error.message == row.message)
    }

    @Test func rowFieldViewReadsByPositionAndByName() {
        let layout = RowLayout(header: [" Date", "Total", "", "Date"])
        let row = RowFieldView(fields: ["2025-12-27", "1,250,000"], layout: layout)
        #expect(row[0] == "2025-12-27" && row[1] == "1,250,000")
        #expect(row[2] == nil && row[-1] == nil)
        #expect(row[column: "Date"] == "2025-12-27" && row[column: "Total"] == "1,250,000")
        #expect(row[column: "Tax"] == nil)
        // Fields past the record's end are left out, as absent dictionary keys are.
        #expect(row.dictionary == ["Date": "2025-12-27", "Total": "1,250,000"])
        #expect(RowFieldView(fields: ["2025-12-27"], layout: layout).dictionary == ["Date": "2025-12-27"])
    }

    /// A mapper of one's own implements only the dictionary form; the positional forms reach it.
    struct UppercaseIDMapper: RowMapper {
        var sourceSystem: SourceSystem { .generic }
        var requiredColumns: [String] { ["ID"] }
        func map(_ record: [String: String], context: MappingContext) throws(RowMappingError) -> UnifiedTransaction {
            guard let id = record["ID"], !id.isEmpty else {
                throw RowMappingError(.invalidFormat, column: "ID", expected: "an id", found: RowMappingError.missing)
            }
            return try GenericTemplateRowMapper().map(
                ["Date": "2025-12-27", "Amount": "1000", "Transaction ID": id.uppercased()], context: context)
        }
    }

    @Test func aConformerOfItsOwnGetsThePositionalFormsFromTheDictionaryOne() throws {
        let mapper = UppercaseIDMapper()
        let layout = mapper.layout(header: ["Note", "ID"])
        let expected = try mapper.map(["Note": "x", "ID": "ab-1"], context: jakarta)
        #expect(expected.externalID == "AB-1")
        #expect(try mapper.map(RowFieldView(fields: ["x", "ab-1"], layout: layout), context: jakarta) == expected)
        let bytes = Array("xab-1".utf8)
        let ranges = [0..<1, 1..<5]
        let byPosition = try bytes.withUnsafeBytes { whole in
            try mapper.map(fields: { $0 < ranges.count ? UnsafeRawBufferPointer(rebasing: whole[ranges[$0]]) : nil }, layout: layout, context: jakarta)
        }
        #expect(byPosition == expected)
        #expect(throws: RowMappingError.self) { try mapper.map(RowFieldView(fields: ["x"], layout: layout), context: jakarta) }
    }

    /// A layout resolved for one built-in mapper and handed to another is read by header name,
    /// never through the first mapper's column positions.
    @Test func aLayoutMadeForAnotherMapperIsReadByName() throws {
        let header = ["transaction_id", "grand_total", "created_at"]
        let record = ["transaction_id": "MK-1", "grand_total": "89500.00", "created_at": "2025-12-27 13:20:45"]
        let pawoonLayout = PawoonExportRowMapper().layout(header: header)
        let moka = MokaExportRowMapper()
        let expected = try moka.map(record, context: jakarta)
        let row = RowFieldView(fields: header.map { record[$0] ?? "" }, layout: pawoonLayout)
        #expect(try moka.map(row, context: jakarta) == expected)
    }

    @Test func layoutResolvesTrimmedFirstOccurrences() {
        let layout = PawoonExportRowMapper().layout(header: [" Date", "Total", "", "Date", "Transaction ID "])
        #expect(layout.names == ["Date", "Total", "", "Date", "Transaction ID"])
        #expect(layout.position(of: "Date") == 0)
        #expect(layout.position(of: "Transaction ID") == 4)
        #expect(layout.position(of: "Tax") == nil)
        #expect(layout == RowLayout(header: ["Date", "Total", "", "Date", "Transaction ID"]))
        // Fields past a short record's end are missing, as absent dictionary keys are.
        let short = Result { () throws(RowMappingError) in
            try PawoonExportRowMapper().map(fields: { _ in nil }, layout: layout, context: jakarta)
        }
        #expect(short == .failure(RowMappingError(.invalidFormat, column: "Transaction ID", expected: "a transaction id", found: "nothing (missing)")))
    }

    /// Moka rows (transaction_id, grand_total, created_at) holding invalid UTF-8, each found by the mapping fuzzer.
    static let invalidUTF8Rows: [[[UInt8]]] = [
        [Array("MK-1".utf8), Array("89500.00".utf8) + [0xFF] + Array("MK-1".utf8), Array("2025-12-27 13:20:45".utf8)],
        [Array("1".utf8), [0x38, 0xFF, 0x38, 0x35, 0x39],
         [0x38, 0xFF, 0x38, 0x35, 0x39, 0xFF, 0xFF, 0x30, 0x30, 0x34, 0xFF, 0xFF, 0x30, 0x30, 0x34]],
    ]

    /// Invalid UTF-8 read in place fails exactly as its repaired text does in a dictionary.
    @Test(arguments: invalidUTF8Rows)
    func invalidUTF8FailsTheSameByPosition(_ fields: [[UInt8]]) {
        let names = ["transaction_id", "grand_total", "created_at"]
        var record: [String: String] = [:]
        for (name, bytes) in zip(names, fields) { record[name] = String(decoding: bytes, as: UTF8.self) }
        let mapper = MokaExportRowMapper()
        let expected = Result { () throws(RowMappingError) in try mapper.map(record, context: jakarta) }
        let layout = mapper.layout(header: names)
        let flat = fields.flatMap { $0 }
        var ranges: [Range<Int>] = []
        for field in fields { ranges.append((ranges.last?.upperBound ?? 0)..<((ranges.last?.upperBound ?? 0) + field.count)) }
        let byPosition = flat.withUnsafeBytes { whole in
            Result { () throws(RowMappingError) in
                try mapper.map(fields: { $0 < ranges.count ? UnsafeRawBufferPointer(rebasing: whole[ranges[$0]]) : nil }, layout: layout, context: jakarta)
            }
        }
        #expect(byPosition == expected)
        guard case .failure(let error) = byPosition else { Issue.record("accepted"); return }
        #expect(error.column == "grand_total" && error.message == "Invalid format")
    }

    @Test func unknownCSVFormatIsTyped() {
        #expect {
            try RowMappers.mapper(for: .karage)
        } throws: { ($0 as? MappingError)?.kind == .unknownSource }
    }
}
