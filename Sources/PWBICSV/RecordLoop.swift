/// The options the record loop is specialised for (see `CSVEngine.parseRecord`).
protocol RecordLoop {
    static var trims: Bool { get }
    static var strict: Bool { get }
}

/// No trimming, lenient quotes: the common dialect.
enum PlainLoop: RecordLoop {
    static var trims: Bool { false }
    static var strict: Bool { false }
}

enum TrimmingLoop: RecordLoop {
    static var trims: Bool { true }
    static var strict: Bool { false }
}

enum StrictLoop: RecordLoop {
    static var trims: Bool { false }
    static var strict: Bool { true }
}

enum StrictTrimmingLoop: RecordLoop {
    static var trims: Bool { true }
    static var strict: Bool { true }
}
