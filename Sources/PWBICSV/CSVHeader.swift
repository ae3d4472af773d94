/// The column names of a CSV file and a name → position lookup.
public struct CSVHeader: Sendable, Hashable {
    /// The names in file order (after the duplicate/empty policies were applied).
    public let names: [String]
    /// How ``index(of:)`` compares names.
    public let lookup: CSVHeaderOptions.Lookup
    private let positions: [String: Int]

    /// The number of columns.
    public var count: Int { names.count }

    /// The position (from 0) of the column called `name`, or nil.
    public func index(of name: String) -> Int? {
        positions[Self.key(name, lookup)]
    }

    /// Whether a column is called `name`.
    public func contains(_ name: String) -> Bool { index(of: name) != nil }

    /// A header from raw names with the given policies; `record`, `line` and
    /// `byteOffset` locate the header record for error messages.
    public init(
        _ rawNames: [String],
        options: CSVHeaderOptions = CSVHeaderOptions(),
        record: Int = 1,
        line: Int = 1,
        byteOffset: Int = 0
    ) throws(CSVError) {
        func failure(_ kind: CSVError.Kind, column: Int?) -> CSVError {
            CSVError(kind: kind, record: record, line: line, column: 1, byteOffset: byteOffset, field: column)
        }
        var names = rawNames
        var positions: [String: Int] = [:]
        positions.reserveCapacity(names.count)
        for (index, name) in rawNames.enumerated() where name.isEmpty {
            switch options.emptyNames {
            case .error: throw failure(.emptyHeader, column: index + 1)
            case .allow: break
            case .generateName: names[index] = "Column \(index + 1)"
            }
        }
        let taken = Set(names.map { Self.key($0, options.lookup) })
        var used: Set<String> = []
        for index in names.indices {
            let name = names[index]
            if name.isEmpty && options.emptyNames == .allow { continue }
            let key = Self.key(name, options.lookup)
            if let first = positions[key] {
                switch options.duplicates {
                case .error:
                    throw failure(.duplicateHeader(name: name, firstColumn: first + 1), column: index + 1)
                case .useFirst:
                    continue
                case .numberSuffix:
                    var suffix = 2
                    var candidate = "\(name)_\(suffix)"
                    while taken.contains(Self.key(candidate, options.lookup)) || used.contains(Self.key(candidate, options.lookup)) {
                        suffix += 1
                        candidate = "\(name)_\(suffix)"
                    }
                    names[index] = candidate
                    let candidateKey = Self.key(candidate, options.lookup)
                    used.insert(candidateKey)
                    positions[candidateKey] = index
                }
            } else {
                positions[key] = index
                used.insert(key)
            }
        }
        let missing = options.required.filter { positions[Self.key($0, options.lookup)] == nil }
        if !missing.isEmpty { throw failure(.missingColumns(missing), column: nil) }
        self.names = names
        self.lookup = options.lookup
        self.positions = positions
    }

    private static func key(_ name: String, _ lookup: CSVHeaderOptions.Lookup) -> String {
        lookup == .caseSensitive ? name : name.lowercased()
    }
}
