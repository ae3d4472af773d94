import Foundation

/// Reads settings from environment variables. Every error names the variable, never its value; an
/// empty variable counts as unset.
public struct EnvironmentReader {
    /// The variables read.
    public let environment: [String: String]
    let readFile: (String) throws -> String

    /// A reader of `environment`; `readFile` reads the files `…_FILE` variables name.
    public init(
        _ environment: [String: String],
        readFile: @escaping (String) throws -> String = { try String(contentsOfFile: $0, encoding: .utf8) }
    ) {
        self.environment = environment
        self.readFile = readFile
    }

    /// The variable's value, or nil when it is unset or empty.
    public func text(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }

    /// The variable as a whole number from `minimum` to `maximum`, or `fallback` when unset.
    public func integer(
        _ name: String, _ fallback: Int, minimum: Int = 0, maximum: Int = .max, unit: String = "an integer"
    ) throws(ConfigurationError) -> Int {
        guard let text = text(name) else { return fallback }
        guard let value = Int(text), value >= minimum, value <= maximum else {
            let range = maximum == .max ? "≥ \(minimum)" : "from \(minimum) to \(maximum)"
            throw ConfigurationError("\(name) must be \(unit) \(range)")
        }
        return value
    }

    /// The variable as whole seconds (see ``integer(_:_:minimum:maximum:unit:)``).
    public func seconds(_ name: String, _ fallback: Int, minimum: Int = 1, maximum: Int = .max) throws(ConfigurationError) -> Duration {
        .seconds(try integer(name, fallback, minimum: minimum, maximum: maximum))
    }

    /// The variable as whole milliseconds, at least 1.
    public func milliseconds(_ name: String, _ fallback: Int, maximum: Int = .max) throws(ConfigurationError) -> Duration {
        .milliseconds(try integer(name, fallback, minimum: 1, maximum: maximum))
    }

    /// The variable, or the content of the file `<name>_FILE` names without its trailing newline;
    /// both set, an unreadable file or an empty one is an error.
    public func secret(_ name: String) throws(ConfigurationError) -> String? {
        let direct = text(name)
        guard let path = text(name + "_FILE") else { return direct }
        guard direct == nil else { throw ConfigurationError("set \(name) or \(name)_FILE, not both") }
        let content: String
        do { content = try readFile(path) } catch { throw ConfigurationError("\(name)_FILE: cannot read the file it names") }
        let trimmed = String(content.reversed().drop { $0 == "\n" || $0 == "\r" }.reversed())
        guard !trimmed.isEmpty else { throw ConfigurationError("\(name)_FILE names an empty file") }
        return trimmed
    }
}
