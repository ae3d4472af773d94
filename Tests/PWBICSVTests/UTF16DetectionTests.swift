import Foundation
import PWBICSV
import Testing

/// A file saved as UTF-16 is refused as UTF-16 whether or not it starts with a byte order mark;
/// UTF-8 text (any script) is never taken for UTF-16.
@Suite("UTF-16 detection")
struct UTF16DetectionTests {
    @Test(arguments: [("utf16le.csv", false), ("utf16le-no-bom.csv", false), ("utf16be-no-bom.csv", true)])
    func utf16IsRefusedWithOrWithoutAMark(file: String, bigEndian: Bool) throws {
        let bytes = try Resources.fixture(file)
        #expect(CSVDialectDetector.detect(bytes).utf16BigEndian == bigEndian)
        var reader = CSVReader(bytes: bytes)
        #expect(throws: CSVError(kind: .utf16(bigEndian: bigEndian), record: 1, line: 1, column: 1, byteOffset: 0)) {
            _ = try reader.next()
        }
        var fileReader = try CSVReader(contentsOfFile: Resources.root.appendingPathComponent("Fixtures/" + file).path, chunkSize: 7)
        let error = #expect(throws: CSVError.self) { _ = try fileReader.next() }
        #expect(error?.kind == .utf16(bigEndian: bigEndian))
        #expect(error?.message.contains("UTF-16") == true)
    }

    @Test(arguments: [
        "Date,Amount,Transaction ID\r\n2025-12-27,80500,TXN-001\r\n",
        "Tanggal;Jumlah\n2025-12-27;1.234,56\n",
        "名前,金額\n珈琲,500\n",
        "a\n",
        "",
        "x\u{0}y,z\n1,2\n",
    ])
    func utf8IsNotTakenForUTF16(text: String) throws {
        let bytes = Array(text.utf8)
        #expect(CSVDialectDetector.detect(bytes).utf16BigEndian == nil)
        var reader = CSVReader(bytes: bytes, options: CSVReaderOptions(header: .none))
        _ = try reader.readAll()
    }
}
