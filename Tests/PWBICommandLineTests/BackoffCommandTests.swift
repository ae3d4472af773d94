import Testing

@testable import pwbi

@Suite("pwbi backoff")
struct BackoffCommandTests {
    func run(_ argv: [String]) async -> (ToolExit, String, String) {
        let io = CommandIO.capturing()
        let status = await CommandLineTool.standard.run(argv, io: io)
        return (status, io.output.text, io.error.text)
    }

    // Expected schedules come from an independent model of the jitter
    // (Tests/PWBIRetryTests/Resources/jitter_vectors.py: SplitMix64 + Lemire draw + AWS jitter).
    static let cases: [(argv: [String], output: String)] = [
        (
            ["backoff", "--strategy", "exponential", "--base", "1", "--max", "10", "--jitter", "full", "--attempts", "6", "--seed", "42"],
            """
            attempt=1 delay=0.000 at=0.000
            attempt=2 delay=0.742 at=0.742
            attempt=3 delay=0.320 at=1.061
            attempt=4 delay=1.114 at=2.176
            attempt=5 delay=2.754 at=4.929
            attempt=6 delay=0.380 at=5.310

            """
        ),
        (
            ["backoff", "--base", "1", "--max", "10", "--jitter", "equal", "--attempts", "6", "--seed", "42"],
            """
            attempt=1 delay=0.000 at=0.000
            attempt=2 delay=0.871 at=0.871
            attempt=3 delay=1.160 at=2.031
            attempt=4 delay=2.557 at=4.588
            attempt=5 delay=5.377 at=9.965
            attempt=6 delay=5.190 at=15.155

            """
        ),
        (
            ["backoff", "--base", "1", "--max", "10", "--jitter", "decorrelated", "--attempts", "6", "--seed", "42"],
            """
            attempt=1 delay=0.000 at=0.000
            attempt=2 delay=2.483 at=2.483
            attempt=3 delay=2.031 at=4.514
            attempt=4 delay=2.419 at=6.934
            attempt=5 delay=3.154 at=10.087
            attempt=6 delay=1.322 at=11.409

            """
        ),
        (
            // tenacity's wait_exponential(multiplier=1, min=1, max=10)
            ["backoff", "--strategy", "exponential", "--base", "1", "--min", "1", "--max", "10", "--attempts", "7"],
            """
            attempt=1 delay=0.000 at=0.000
            attempt=2 delay=1.000 at=1.000
            attempt=3 delay=2.000 at=3.000
            attempt=4 delay=4.000 at=7.000
            attempt=5 delay=8.000 at=15.000
            attempt=6 delay=10.000 at=25.000
            attempt=7 delay=10.000 at=35.000

            """
        ),
        (
            ["backoff", "--strategy", "linear", "--base", "0.5", "--increment", "0.25", "--attempts", "4"],
            """
            attempt=1 delay=0.000 at=0.000
            attempt=2 delay=0.500 at=0.500
            attempt=3 delay=0.750 at=1.250
            attempt=4 delay=1.000 at=2.250

            """
        ),
        (
            ["backoff", "--strategy", "constant", "--base", "2.0005", "--attempts", "3"],
            """
            attempt=1 delay=0.000 at=0.000
            attempt=2 delay=2.001 at=2.001
            attempt=3 delay=2.001 at=4.001

            """
        ),
        (
            ["backoff", "--multiplier", "1.5", "--base", "0.1", "--attempts", "4"],
            """
            attempt=1 delay=0.000 at=0.000
            attempt=2 delay=0.100 at=0.100
            attempt=3 delay=0.150 at=0.250
            attempt=4 delay=0.225 at=0.475

            """
        ),
        (
            ["backoff", "--attempts", "1"],
            "attempt=1 delay=0.000 at=0.000\n"
        ),
        (
            // The defaults: exponential from 1 s, 3 attempts, no jitter.
            ["backoff"],
            "attempt=1 delay=0.000 at=0.000\nattempt=2 delay=1.000 at=1.000\nattempt=3 delay=2.000 at=3.000\n"
        ),
    ]

    @Test("prints one line per attempt", arguments: cases)
    func schedule(_ argv: [String], _ expected: String) async {
        let (status, output, error) = await run(argv)
        #expect(status == .ok)
        #expect(output == expected)
        #expect(error.isEmpty)
    }

    @Test func unseededJitterStaysWithinBounds() async {
        let (status, output, _) = await run(["backoff", "--base", "1", "--max", "4", "--jitter", "full", "--attempts", "5"])
        #expect(status == .ok)
        let lines = output.split(separator: "\n")
        #expect(lines.count == 5)
        for line in lines.dropFirst() {
            let delay = line.split(separator: " ")[1].dropFirst("delay=".count)
            #expect(Double(delay).map { $0 >= 0 && $0 <= 4 } == true, "\(line)")
        }
    }

    static let usageErrors: [(argv: [String], message: String)] = [
        (["backoff", "--strategy", "fibonacci"], "option --strategy must be one of constant, linear, exponential"),
        (["backoff", "--base", "-1"], "option --base expects seconds"),
        (["backoff", "--base", "1e3"], "option --base expects seconds"),
        (["backoff", "--base", "1.0000000001"], "option --base expects seconds"),
        (["backoff", "--max", "abc"], "option --max expects seconds"),
        (["backoff", "--attempts", "0"], "option --attempts expects a whole number from 1 to 10000"),
        (["backoff", "--attempts", "-3"], "option --attempts expects"),
        (["backoff", "--seed", "-1"], "option --seed expects"),
        (["backoff", "--jitter", "some"], "option --jitter must be one of none, full, equal, decorrelated"),
        (["backoff", "--min", "5", "--max", "2"], "--min must not exceed maximum"),
        (["backoff", "--multiplier", "0.5"], "--multiplier must be a finite number ≥ 1"),
        (["backoff", "--jitter", "decorrelated"], "--max is required with decorrelated jitter"),
        (["backoff", "--strategy", "linear", "--multiplier", "3"], "--multiplier applies to --strategy exponential only"),
        (["backoff", "--increment", "1"], "--increment applies to --strategy linear only"),
        (["backoff", "--frobnicate"], "unknown option --frobnicate"),
        (["backoff", "extra"], "unexpected argument extra"),
    ]

    @Test("bad flags exit 2 with a reason", arguments: usageErrors)
    func usageError(_ argv: [String], _ message: String) async {
        let (status, output, error) = await run(argv)
        #expect(status == .usage)
        #expect(output.isEmpty)
        #expect(error.contains(message), "\(error)")
        #expect(error.contains("usage: pwbi backoff"))
    }

    @Test func helpDocumentsTheLineFormat() async {
        let (status, output, _) = await run(["backoff", "--help"])
        #expect(status == .ok)
        #expect(output.contains("attempt=N delay=SECONDS at=SECONDS"))
    }

    @Test func secondsFormatting() {
        #expect(BackoffCommand.seconds(.zero) == "0.000")
        #expect(BackoffCommand.seconds(.nanoseconds(499_999)) == "0.000")
        #expect(BackoffCommand.seconds(.nanoseconds(500_000)) == "0.001")
        #expect(BackoffCommand.seconds(.nanoseconds(1_999_500_000)) == "2.000")
        #expect(BackoffCommand.seconds(.seconds(12)) == "12.000")
        #expect(BackoffCommand.duration("0.25") == .milliseconds(250))
        #expect(BackoffCommand.duration("10") == .seconds(10))
        #expect(BackoffCommand.duration("1.000000001") == .nanoseconds(1_000_000_001))
        #expect(BackoffCommand.duration(".5") == nil)
        #expect(BackoffCommand.duration("5.") == nil)
        #expect(BackoffCommand.duration("2000000") == nil)
    }
}
