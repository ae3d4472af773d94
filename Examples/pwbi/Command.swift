/// How a `pwbi` run ended. Operators' scripts rely on these numbers.
enum ToolExit: Int32, Sendable {
    /// The work was done (a signature verified, a file parsed…).
    case ok = 0
    /// The input was rejected: a signature that does not verify, a CSV error, a mapping error.
    case rejected = 1
    /// The command line itself was wrong: unknown command, unknown or missing flag, bad value.
    case usage = 2
}

/// The command line was wrong; the tool prints the message and the command's usage and exits 2.
struct UsageError: Error, Equatable, CustomStringConvertible {
    let message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}

/// The input was rejected; the tool prints the message on stderr and exits 1.
struct InputRejected: Error, Equatable, CustomStringConvertible {
    let message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}

/// One `pwbi` subcommand: its name (one or two words, e.g. `sha256` or `csv parse`),
/// one line of summary, its usage synopsis, examples, and what it does.
struct Command: Sendable {
    let name: String
    let summary: String
    let usage: String
    let details: String
    let examples: [String]
    let run: @Sendable (inout Arguments, CommandIO) async throws -> ToolExit

    init(
        name: String,
        summary: String,
        usage: String,
        details: String = "",
        examples: [String] = [],
        run: @escaping @Sendable (inout Arguments, CommandIO) async throws -> ToolExit
    ) {
        self.name = name
        self.summary = summary
        self.usage = usage
        self.details = details
        self.examples = examples
        self.run = run
    }

    /// The text `pwbi <command> --help` prints.
    var help: String {
        var text = "usage: pwbi \(usage)\n\n\(summary)\n"
        if !details.isEmpty { text += "\n\(details)\n" }
        if !examples.isEmpty {
            text += "\nexamples:\n"
            for example in examples { text += "  \(example)\n" }
        }
        return text
    }
}
