import Testing

@testable import pwbi

@Suite("Arguments")
struct ArgumentsTests {
    @Test func optionsFlagsAndPositionals() throws {
        var arguments = Arguments(["--scheme", "github", "--secret=a", "--secret", "b", "--strict", "body.json"])
        #expect(try arguments.option("scheme") == "github")
        #expect(try arguments.options("secret") == ["a", "b"])
        #expect(try arguments.flag("strict"))
        #expect(try arguments.flag("lenient") == false)
        #expect(try arguments.file() == "body.json")
    }

    @Test func valuesMayStartWithADash() throws {
        var arguments = Arguments(["--tolerance", "-5"])
        #expect(try arguments.option("tolerance") == "-5")
        try arguments.finish()
    }

    @Test func doubleDashEndsOptions() throws {
        var arguments = Arguments(["--key", "k", "--", "--not-a-flag"])
        #expect(try arguments.option("key") == "k")
        #expect(try arguments.file() == "--not-a-flag")
    }

    @Test func dashIsStandardInput() throws {
        var arguments = Arguments(["-"])
        #expect(try arguments.file() == "-")
    }

    @Test(arguments: [
        (["--unknown"], "unknown option --unknown"),
        (["a", "b"], "too many arguments: b"),
    ])
    func leftoversAreUsageErrors(tokens: [String], message: String) {
        var arguments = Arguments(tokens)
        #expect(throws: UsageError(message)) { _ = try arguments.file() }
    }

    @Test func missingValueIsAUsageError() {
        var arguments = Arguments(["--scheme"])
        #expect(throws: UsageError("option --scheme needs a value")) { try arguments.option("scheme") }
    }

    @Test func singleOptionGivenTwiceIsAUsageError() {
        var arguments = Arguments(["--scheme", "a", "--scheme", "b"])
        #expect(throws: UsageError("option --scheme given 2 times")) { try arguments.option("scheme") }
    }

    @Test func requiredAndChoice() throws {
        var arguments = Arguments(["--delimiter", "tab"])
        #expect(throws: UsageError("missing required option --source")) { try arguments.required("source") }
        #expect(throws: UsageError("option --delimiter must be one of auto, comma, got 'tab'")) {
            try arguments.choice("delimiter", from: ["auto", "comma"])
        }
    }

    @Test func typedOption() throws {
        var arguments = Arguments(["--attempts", "x"])
        #expect(throws: UsageError("option --attempts expects a whole number, got 'x'")) {
            try arguments.option("attempts", as: "a whole number") { Int($0) }
        }
    }

    @Test func helpIsSeenBeforeDoubleDashOnly() {
        #expect(Arguments(["x", "--help"]).wantsHelp)
        #expect(Arguments(["-h"]).wantsHelp)
        #expect(!Arguments(["--", "--help"]).wantsHelp)
    }
}
