import PWBIMapping

/// What `pwbi demo` found: sections of rows (rendered as tables or JSON) and the checks that
/// prove nothing was lost or doubled. Everything in it comes from simulated time, so the same
/// seed gives the same report byte for byte.
struct DemoReport: Sendable {
    /// One table of the report.
    struct Section: Sendable {
        let key: String
        let title: String
        let columns: [String]
        var rows: [[String]] = []
        var notes: [String] = []
        /// Columns left out of the text table (still in the JSON), where a check covers them.
        var hidden: Set<String> = []
        /// Shorter headings for the text table (`"simulated wait": "wait"`); the JSON keeps the column names.
        var headings: [String: String] = [:]
        /// Free text shown verbatim (the Prometheus exposition).
        var text: String? = nil
    }

    /// One claim about the day, checked against the stores.
    struct Check: Sendable {
        let name: String
        let passed: Bool
        let detail: String
    }

    let seed: UInt64
    var sections: [Section] = []
    var checks: [Check] = []

    var allChecksPassed: Bool { checks.allSatisfy(\.passed) }

    mutating func check(_ name: String, _ passed: Bool, _ detail: String) {
        checks.append(Check(name: name, passed: passed, detail: detail))
    }

    /// The widest line the human report prints: a 100-column terminal shows it unbroken.
    static let width = 100

    /// The human report: one table per section, every line at most ``width`` columns, long cells
    /// wrapped at word boundaries. A section's raw text (the Prometheus exposition) is printed
    /// only when `raw` is set (`--metrics`).
    func text(raw: Bool = false) -> String {
        var out = "PWBI Integration Kit — a merchant's day (seed \(seed), simulated time)\n"
        for section in sections {
            out += "\n== \(section.title)\n"
            if !section.columns.isEmpty {
                let shown = section.columns.indices.filter { !section.hidden.contains(section.columns[$0]) }
                let table = TextTable(columns: shown.map { section.headings[section.columns[$0]] ?? section.columns[$0] }, rows: section.rows.map { row in shown.map { $0 < row.count ? row[$0] : "" } })
                out += table.render(width: Self.width)
            }
            if raw, let text = section.text { out += text.hasSuffix("\n") ? text : text + "\n" }
            for note in section.notes { out += TextTable.wrap(note, width: Self.width, indent: "  ", hanging: "    ") }
        }
        out += "\n== Checks\n"
        out += TextTable(columns: ["check", "result", "detail"], rows: checks.map { [$0.name, $0.passed ? "ok" : "FAILED", $0.detail] })
            .render(width: Self.width)
        out += allChecksPassed ? "\nEvery check passed.\n" : "\nSOME CHECKS FAILED.\n"
        return out
    }

    /// The machine-readable report.
    var json: String {
        var writer = JSONWriter(pretty: false)
        writer.beginObject()
        writer.key("seed"); writer.number(Int(truncatingIfNeeded: seed))
        writer.key("sections"); writer.beginObject()
        for section in sections {
            writer.key(section.key); writer.beginObject()
            writer.key("title"); writer.string(section.title)
            writer.key("rows"); writer.beginArray()
            for row in section.rows {
                writer.beginObject()
                for (column, value) in zip(section.columns, row) { writer.key(column); writer.string(value) }
                writer.endObject()
            }
            writer.endArray()
            writer.key("notes"); writer.beginArray()
            for note in section.notes { writer.string(note) }
            writer.endArray()
            if let text = section.text { writer.key("text"); writer.string(text) }
            writer.endObject()
        }
        writer.endObject()
        writer.key("checks"); writer.beginArray()
        for check in checks {
            writer.beginObject()
            writer.key("name"); writer.string(check.name)
            writer.key("passed"); writer.bool(check.passed)
            writer.key("detail"); writer.string(check.detail)
            writer.endObject()
        }
        writer.endArray()
        writer.key("all_checks_passed"); writer.bool(allChecksPassed)
        writer.endObject()
        return writer.text
    }
}
