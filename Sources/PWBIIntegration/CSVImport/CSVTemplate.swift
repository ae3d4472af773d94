public import PWBIMapping
import PWBICSV

/// The downloadable template: the header row the importer expects for a source, so that
/// "Download template again, don't modify column headers" has something to download.
public enum CSVTemplate {
    /// The columns of `source`'s template: the required columns first, then the optional ones the
    /// importer reads. Pawoon: `Date, Transaction ID, Total, Tax, Items`; Moka: `transaction_id,
    /// grand_total, created_at`; generic: `Date, Amount, Transaction ID`.
    public static func columns(for source: SourceSystem) throws(MappingError) -> [String] {
        let mapper = try RowMappers.mapper(for: source)
        let optional: [String] = switch source {
        case .pawoon: ["Tax", "Items"]
        default: []
        }
        return mapper.requiredColumns + optional.filter { !mapper.requiredColumns.contains($0) }
    }

    /// The template file: the header row, CRLF-terminated (RFC 4180), as UTF-8 bytes.
    public static func bytes(for source: SourceSystem) throws(MappingError) -> [UInt8] {
        CSVWriter.encode([try columns(for: source)])
    }
}
