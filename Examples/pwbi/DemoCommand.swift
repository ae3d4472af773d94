/// `pwbi demo`: the whole product on a simulated merchant's day, no set-up.
let demoCommands: [Command] = [
    Command(
        name: "demo",
        summary: "Runs a simulated merchant's day through every pipeline and prints the report.",
        usage: "demo [--json] [--metrics] [--seed N]",
        details: """
            Webhooks from Pawoon, Moka, Karage, Xendit and Midtrans (with a duplicate, a replayed old
            signature, a forged signature, a malformed body and a missing field), a Qasir polling source
            that times out, rate-limits and fails, a CSV upload, the day's journal, the metrics (counters,
            and each histogram as count, p50 and p99) and the diagnostics — all in memory, on simulated
            time, in at most 100 columns. --metrics adds the raw Prometheus exposition (GET /metrics);
            --json always carries it. --seed changes the simulated faults; the same seed gives
            byte-identical output. Exit 1 if any of the day's checks fails.
            """,
        examples: ["pwbi demo", "pwbi demo --metrics", "pwbi demo --json --seed 7"]
    ) { arguments, io in
        let json = try arguments.flag("json")
        let metrics = try arguments.flag("metrics")
        let seed = try arguments.option("seed", as: "a whole number from 0", { UInt64($0) }) ?? 2025
        try arguments.finish()
        let report = try await MerchantDay(seed: seed).run()
        io.output.write(json ? report.json + "\n" : report.text(raw: metrics))
        return report.allChecksPassed ? .ok : .rejected
    },
]
