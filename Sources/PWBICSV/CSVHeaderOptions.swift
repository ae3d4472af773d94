/// Whether the first record is a header, and how header names are looked up and checked.
public struct CSVHeaderOptions: Sendable, Hashable {
    /// Where the column names come from.
    public enum Source: Sendable, Hashable {
        /// The first record holds the names; it is not returned as a data record.
        case firstRecord
        /// There is no header; records are addressed by position only.
        case none
    }

    /// How names are compared when looking a column up.
    public enum Lookup: Sendable, Hashable {
        /// `Amount` and `amount` are different columns (the default).
        case caseSensitive
        /// `Amount` and `amount` name the same column (compared after Unicode lowercasing).
        case caseInsensitive
    }

    /// What happens when two columns share a name (under the chosen ``Lookup``).
    public enum DuplicatePolicy: Sendable, Hashable {
        /// A ``CSVError/Kind/duplicateHeader(name:firstColumn:)`` error (the default).
        case error
        /// Lookup by name finds the first column with that name.
        case useFirst
        /// Later columns are renamed `Name_2`, `Name_3`… (skipping names already taken).
        case numberSuffix
    }

    /// What happens to a column whose name is empty.
    public enum EmptyPolicy: Sendable, Hashable {
        /// A ``CSVError/Kind/emptyHeader`` error (the default).
        case error
        /// The column is kept without a name: reachable by position only.
        case allow
        /// The column is named `Column N` (N counted from 1).
        case generateName
    }

    /// Where the header comes from.
    public var source: Source
    /// How names are matched (case-sensitive or not).
    public var lookup: Lookup
    /// What to do with a name that appears twice.
    public var duplicates: DuplicatePolicy
    /// What to do with an empty column name.
    public var emptyNames: EmptyPolicy
    /// Names that must be present; any missing is a ``CSVError/Kind/missingColumns(_:)`` error.
    public var required: [String]

    /// Header options; `required` names must all be present.
    public init(
        source: Source = .firstRecord,
        lookup: Lookup = .caseSensitive,
        duplicates: DuplicatePolicy = .error,
        emptyNames: EmptyPolicy = .error,
        required: [String] = []
    ) {
        self.source = source
        self.lookup = lookup
        self.duplicates = duplicates
        self.emptyNames = emptyNames
        self.required = required
    }

    /// The first record is the header, with the default checks.
    public static let firstRecord = CSVHeaderOptions()
    /// No header row.
    public static let none = CSVHeaderOptions(source: .none)
}
