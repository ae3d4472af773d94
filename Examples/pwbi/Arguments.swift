/// A small, strict command-line parser: `--name value`, `--name=value`, repeated options,
/// boolean flags, positionals, `--` to end options and `-` for standard input.
///
/// A command asks for its options and flags first, then for its positionals; anything
/// left over (an unknown `--flag`, an extra positional) is a ``UsageError``.
struct Arguments: Sendable {
    private var tokens: [String]
    private var consumed: [Bool]
    /// Index of a literal `--`; tokens after it are positionals only.
    private let optionsEnd: Int

    init(_ tokens: [String]) {
        self.tokens = tokens
        self.consumed = Array(repeating: false, count: tokens.count)
        self.optionsEnd = tokens.firstIndex(of: "--") ?? tokens.count
        if optionsEnd < tokens.count { consumed[optionsEnd] = true }
    }

    /// True when `--help` or `-h` appears before `--`.
    var wantsHelp: Bool {
        tokens[..<optionsEnd].contains { $0 == "--help" || $0 == "-h" }
    }

    /// All values of a repeatable option, in order.
    mutating func options(_ name: String) throws -> [String] {
        let flag = "--" + name
        var values: [String] = []
        var index = 0
        while index < optionsEnd {
            defer { index += 1 }
            guard !consumed[index] else { continue }
            let token = tokens[index]
            if token == flag {
                guard index + 1 < optionsEnd, !consumed[index + 1] else {
                    throw UsageError("option \(flag) needs a value")
                }
                consumed[index] = true
                consumed[index + 1] = true
                values.append(tokens[index + 1])
                index += 1
            } else if token.hasPrefix(flag + "=") {
                consumed[index] = true
                values.append(String(token.dropFirst(flag.count + 1)))
            }
        }
        return values
    }

    /// The value of an option given at most once.
    mutating func option(_ name: String) throws -> String? {
        let values = try options(name)
        guard values.count <= 1 else { throw UsageError("option --\(name) given \(values.count) times") }
        return values.first
    }

    /// The value of an option that must be given.
    mutating func required(_ name: String) throws -> String {
        guard let value = try option(name) else { throw UsageError("missing required option --\(name)") }
        return value
    }

    /// An option parsed by `transform`, which returns nil for a bad value.
    mutating func option<T>(_ name: String, as what: String, _ transform: (String) -> T?) throws -> T? {
        guard let text = try option(name) else { return nil }
        guard let value = transform(text) else {
            throw UsageError("option --\(name) expects \(what), got '\(text)'")
        }
        return value
    }

    /// An option whose value must be one of `choices`.
    mutating func choice(_ name: String, from choices: [String]) throws -> String? {
        guard let text = try option(name) else { return nil }
        guard choices.contains(text) else {
            throw UsageError("option --\(name) must be one of \(choices.joined(separator: ", ")), got '\(text)'")
        }
        return text
    }

    /// Whether a boolean flag is present (it may appear once).
    mutating func flag(_ name: String) throws -> Bool {
        let flag = "--" + name
        var found = false
        for index in 0..<optionsEnd where !consumed[index] && tokens[index] == flag {
            guard !found else { throw UsageError("flag \(flag) given twice") }
            consumed[index] = true
            found = true
        }
        return found
    }

    /// The remaining positionals, at most `max`; an unknown option left over is an error.
    mutating func positionals(max: Int) throws -> [String] {
        var values: [String] = []
        for index in tokens.indices where !consumed[index] {
            let token = tokens[index]
            if index < optionsEnd, token.hasPrefix("-"), token != "-" {
                throw UsageError("unknown option \(token)")
            }
            consumed[index] = true
            values.append(token)
        }
        guard values.count <= max else {
            let extra = values[max...].joined(separator: " ")
            throw UsageError(max == 0 ? "unexpected argument \(extra)" : "too many arguments: \(extra)")
        }
        return values
    }

    /// At most one positional (typically FILE); nil means standard input.
    mutating func file() throws -> String? {
        try positionals(max: 1).first
    }

    /// Fails on anything not asked for.
    mutating func finish() throws {
        _ = try positionals(max: 0)
    }
}
