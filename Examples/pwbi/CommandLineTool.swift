/// The `pwbi` tool: finds the subcommand named by the first one or two words and runs it.
struct CommandLineTool: Sendable {
    let commands: [Command]

    /// Every subcommand the modules add.
    static let standard = CommandLineTool(commands: allCommands)

    /// Runs one command line (without the program name) and returns its exit status.
    func run(_ argv: [String], io: CommandIO) async -> ToolExit {
        guard let first = argv.first else {
            io.output.write(overview)
            return .ok
        }
        switch first {
        case "--help", "-h":
            io.output.write(overview)
            return .ok
        case "help" where argv.count == 1:
            io.output.write(overview)
            return .ok
        case "help":
            return await run(Array(argv.dropFirst()) + ["--help"], io: io)
        case "--version":
            io.print("pwbi \(Self.version)")
            return .ok
        default:
            break
        }
        guard let (command, rest) = resolve(argv) else {
            let group = commands.filter { $0.name.hasPrefix(first + " ") }
            if !group.isEmpty {
                if argv.count == 2 && (argv[1] == "--help" || argv[1] == "-h") {
                    io.output.write(groupHelp(first, group))
                    return .ok
                }
                let sub = argv.count > 1 ? "unknown subcommand '\(first) \(argv[1])'" : "'\(first)' needs a subcommand"
                io.printError("pwbi: \(sub)\n")
                for command in group { io.printError("  pwbi \(command.usage)") }
                return .usage
            }
            io.printError("pwbi: unknown command '\(first)'. Run 'pwbi --help' for the list of commands.")
            return .usage
        }
        var arguments = Arguments(rest)
        if arguments.wantsHelp {
            io.output.write(command.help)
            return .ok
        }
        do {
            return try await command.run(&arguments, io)
        } catch let error as UsageError {
            io.printError("pwbi \(command.name): \(error.message)")
            io.printError("usage: pwbi \(command.usage)")
            return .usage
        } catch let error as InputRejected {
            io.printError(error.message)
            return .rejected
        } catch {
            io.printError("\(error)")
            return .rejected
        }
    }

    /// The command whose (one- or two-word) name starts `argv`, and the remaining arguments.
    private func resolve(_ argv: [String]) -> (Command, [String])? {
        if argv.count >= 2, let command = commands.first(where: { $0.name == "\(argv[0]) \(argv[1])" }) {
            return (command, Array(argv.dropFirst(2)))
        }
        if let command = commands.first(where: { $0.name == argv[0] }) {
            return (command, Array(argv.dropFirst()))
        }
        return nil
    }

    /// The text `pwbi <group> --help` prints: the group's subcommands, their summaries and usages.
    func groupHelp(_ name: String, _ group: [Command]) -> String {
        var text = "usage: pwbi \(name) <subcommand> [options]\n       pwbi \(name) <subcommand> --help\n\nsubcommands:\n"
        let width = (group.map(\.name.count).max() ?? 0) + 2
        for command in group { text += "  " + command.name.padding(toLength: width) + command.summary + "\n" }
        text += "\nusage:\n"
        for command in group { text += "  pwbi \(command.usage)\n" }
        return text
    }

    /// The text `pwbi --help` prints.
    var overview: String {
        var text = """
            pwbi — the PWBI Integration Kit on the command line.

            usage: pwbi <command> [options] [FILE]
                   pwbi <command> --help

            FILE is read from standard input when omitted or '-'.
            Exit status: 0 ok, 1 the input was rejected, 2 bad usage.

            commands:

            """
        let width = (commands.map(\.name.count).max() ?? 0) + 2
        for command in commands {
            text += "  " + command.name.padding(toLength: width) + command.summary + "\n"
        }
        let examples = commands.compactMap(\.examples.first)
        if !examples.isEmpty {
            text += "\nexamples:\n"
            for example in examples { text += "  \(example)\n" }
        }
        return text
    }

    static let version = "0.1.0"
}

extension String {
    fileprivate func padding(toLength length: Int) -> String {
        count >= length ? self + " " : self + String(repeating: " ", count: length - count)
    }
}
