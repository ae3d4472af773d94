import Testing

@testable import pwbi

@Suite("pwbi dispatch, help and exit codes")
struct CommandLineToolTests {
    static let tool = CommandLineTool(commands: [
        Command(name: "echo", summary: "Prints its argument.", usage: "echo TEXT", examples: ["pwbi echo hi"]) { arguments, io in
            let words = try arguments.positionals(max: 1)
            guard let word = words.first else { throw UsageError("missing TEXT") }
            guard word != "bad" else { throw InputRejected("rejected: bad") }
            io.print(word)
            return .ok
        },
        Command(name: "csv parse", summary: "Parses.", usage: "csv parse [FILE]") { _, io in
            io.print("parsed")
            return .ok
        },
    ])

    func run(_ argv: [String]) async -> (ToolExit, String, String) {
        let io = CommandIO.capturing()
        let status = await Self.tool.run(argv, io: io)
        return (status, io.output.text, io.error.text)
    }

    @Test func overviewListsEveryCommand() async {
        for argv in [[], ["--help"], ["-h"], ["help"]] {
            let (status, output, _) = await run(argv)
            #expect(status == .ok)
            #expect(output.contains("echo"))
            #expect(output.contains("csv parse"))
            #expect(output.contains("pwbi echo hi"))
        }
    }

    @Test func commandHelp() async {
        let (status, output, _) = await run(["echo", "--help"])
        #expect(status == .ok)
        #expect(output.hasPrefix("usage: pwbi echo TEXT"))
        let (helpStatus, helpOutput, _) = await run(["help", "csv", "parse"])
        #expect(helpStatus == .ok)
        #expect(helpOutput.hasPrefix("usage: pwbi csv parse"))
    }

    @Test func twoWordCommands() async {
        let (status, output, _) = await run(["csv", "parse"])
        #expect(status == .ok)
        #expect(output == "parsed\n")
    }

    @Test func unknownCommandExitsTwo() async {
        let (status, output, error) = await run(["frobnicate"])
        #expect(status == .usage)
        #expect(output.isEmpty)
        #expect(error.contains("unknown command 'frobnicate'"))
    }

    @Test func unknownSubcommandExitsTwo() async {
        let (status, _, error) = await run(["csv", "frobnicate"])
        #expect(status == .usage)
        #expect(error.contains("unknown subcommand 'csv frobnicate'"))
        #expect(error.contains("pwbi csv parse"))
    }

    @Test func badFlagExitsTwoWithUsage() async {
        let (status, _, error) = await run(["echo", "--nope", "x"])
        #expect(status == .usage)
        #expect(error.contains("unknown option --nope"))
        #expect(error.contains("usage: pwbi echo TEXT"))
    }

    @Test func rejectedInputExitsOne() async {
        let (status, output, error) = await run(["echo", "bad"])
        #expect(status == .rejected)
        #expect(output.isEmpty)
        #expect(error == "rejected: bad\n")
    }

    @Test func unreadableFileIsRejected() {
        let io = CommandIO.capturing()
        #expect(throws: InputRejected.self) { try io.readInput("/nonexistent/pwbi-test-file") }
    }

    @Test func standardInputWhenNoFile() throws {
        let io = CommandIO.capturing(input: Array("body".utf8))
        #expect(try io.readInput(nil) == Array("body".utf8))
        #expect(try io.readInput("-") == Array("body".utf8))
    }
}
