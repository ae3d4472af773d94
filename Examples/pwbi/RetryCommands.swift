import PWBIRetry

/// `pwbi backoff`: the PWBIRetry module on the command line.
let retryCommands: [Command] = [
    Command(
        name: "backoff",
        summary: "Prints the delay schedule of a backoff policy, one line per attempt.",
        usage: """
            backoff [--strategy constant|linear|exponential] [--base SECONDS] [--multiplier X] \
            [--increment SECONDS] [--min SECONDS] [--max SECONDS] \
            [--jitter none|full|equal|decorrelated] [--attempts N] [--seed N]
            """,
        details: """
            Each line is 'attempt=N delay=SECONDS at=SECONDS': the wait before attempt N and the time at
            which attempt N starts, counted from the start of attempt 1 (attempts themselves take no time
            here). Seconds have exactly three decimals (milliseconds, rounded half up from nanoseconds).
            Attempt 1 always has delay=0.000.

            --strategy   exponential (default): base × multiplier^(n−1); linear: base + (n−1) × increment;
                         constant: base
            --base       the first delay in seconds (default 1)
            --multiplier exponential growth factor, ≥ 1 (default 2)
            --increment  linear step in seconds (default: --base)
            --min/--max  clamp every nominal delay (seconds; --max is required by decorrelated jitter)
            --jitter     none (default), full, equal, decorrelated (AWS definitions)
            --attempts   attempts in all, the first included (default 3)
            --seed       a seed for the jitter (SplitMix64); without it, jitter is random on each run
            """,
        examples: ["pwbi backoff --strategy exponential --base 1 --max 10 --jitter full --attempts 6 --seed 42"]
    ) { arguments, io in
        let strategy = try arguments.choice("strategy", from: ["constant", "linear", "exponential"]) ?? "exponential"
        let base = try arguments.option("base", as: "seconds, e.g. 1 or 0.25", BackoffCommand.duration) ?? .seconds(1)
        let multiplier = try arguments.option("multiplier", as: "a decimal number such as 2 or 1.5 (digits and one '.', no sign or exponent)", BackoffCommand.number)
        let increment = try arguments.option("increment", as: "seconds, e.g. 1 or 0.25", BackoffCommand.duration)
        let minimum = try arguments.option("min", as: "seconds, e.g. 1 or 0.25", BackoffCommand.duration)
        let maximum = try arguments.option("max", as: "seconds, e.g. 10", BackoffCommand.duration)
        let jitter = try arguments.choice("jitter", from: Jitter.allCases.map(\.rawValue)).flatMap(Jitter.init(rawValue:)) ?? .none
        let attempts = try arguments.option("attempts", as: "a whole number from 1 to 10000", BackoffCommand.attempts) ?? 3
        let seed = try arguments.option("seed", as: "a whole number from 0 to 18446744073709551615") { UInt64($0) }
        try arguments.finish()
        if strategy != "exponential", multiplier != nil {
            throw UsageError("option --multiplier applies to --strategy exponential only")
        }
        if strategy != "linear", increment != nil {
            throw UsageError("option --increment applies to --strategy linear only")
        }
        let shape: Backoff.Strategy =
            switch strategy {
            case "constant": .constant(base)
            case "linear": .linear(initial: base, increment: increment ?? base)
            default: .exponential(initial: base, multiplier: multiplier ?? 2)
            }
        let backoff: Backoff
        do {
            backoff = try Backoff(shape, minimum: minimum ?? .zero, maximum: maximum, jitter: jitter)
        } catch let error as RetryConfigurationError {
            throw UsageError("--\(BackoffCommand.flag(for: error.parameter)) \(error.reason)")
        }
        var generator = (seed.map(RandomSource.seeded) ?? .system).makeGenerator()
        var elapsed = Duration.zero
        io.print(BackoffCommand.line(attempt: 1, delay: .zero, at: .zero))
        for (index, delay) in backoff.schedule(retries: attempts - 1, using: &generator).enumerated() {
            elapsed += delay
            io.print(BackoffCommand.line(attempt: index + 2, delay: delay, at: elapsed))
        }
        return .ok
    },
]

/// Parsing and formatting for `pwbi backoff`.
enum BackoffCommand {
    /// `attempt=N delay=S.mmm at=S.mmm`.
    static func line(attempt: Int, delay: Duration, at elapsed: Duration) -> String {
        "attempt=\(attempt) delay=\(seconds(delay)) at=\(seconds(elapsed))"
    }

    /// A duration as seconds with three decimals, rounded half up from whole nanoseconds.
    static func seconds(_ duration: Duration) -> String {
        let (wholeSeconds, attoseconds) = duration.components
        let nanoseconds = attoseconds / 1_000_000_000
        var milliseconds = (nanoseconds + 500_000) / 1_000_000
        var seconds = wholeSeconds
        if milliseconds == 1000 {
            seconds += 1
            milliseconds = 0
        }
        let fraction = String(milliseconds)
        return "\(seconds).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)"
    }

    /// Non-negative decimal seconds (`1`, `0.25`, `10.000000001`) as an exact duration; at most
    /// nine decimals and a million seconds.
    static func duration(_ text: String) -> Duration? {
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, !whole.isEmpty, whole.count <= 7, whole.allSatisfy(\.isASCIIDigit),
            let seconds = Int64(whole), seconds <= 1_000_000
        else { return nil }
        var nanoseconds: Int64 = 0
        if parts.count == 2 {
            let fraction = parts[1]
            guard !fraction.isEmpty, fraction.count <= 9, fraction.allSatisfy(\.isASCIIDigit),
                let digits = Int64(fraction)
            else { return nil }
            nanoseconds = digits
            for _ in fraction.count..<9 { nanoseconds *= 10 }
        }
        return .seconds(seconds) + .nanoseconds(nanoseconds)
    }

    /// A plain decimal (`2`, `1.5`): digits with at most one `.`; nil for a sign, an exponent, `inf`…
    static func number(_ text: String) -> Double? {
        guard text.allSatisfy({ $0.isASCIIDigit || $0 == "." }), text.filter({ $0 == "." }).count <= 1,
            let value = Double(text), value.isFinite
        else {
            return nil
        }
        return value
    }

    static func attempts(_ text: String) -> Int? {
        guard text.allSatisfy(\.isASCIIDigit), let value = Int(text), (1...10_000).contains(value) else { return nil }
        return value
    }

    /// The command-line flag for a rejected ``Backoff`` parameter.
    static func flag(for parameter: String) -> String {
        switch parameter {
        case "minimum": "min"
        case "maximum": "max"
        case "delay", "initial": "base"
        default: parameter
        }
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
