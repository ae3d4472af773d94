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

    /// The human report: one table per section.
    var text: String {
        var out = "PWBI Integration Kit — a merchant's day (seed \(seed), simulated time)\n"
        for section in sections {
            out += "\n== \(section.title)\n"
            if !section.columns.isEmpty { out += table(section.columns, section.rows) }
            if let text = section.text { out += text.hasSuffix("\n") ? text : text + "\n" }
            for note in section.notes { out += "  \(note)\n" }
        }
        out += "\n== Checks\n"
        out += table(["check", "result", "detail"], checks.map { [$0.name, $0.passed ? "ok" : "FAILED", $0.detail] })
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

    private func table(_ columns: [String], _ rows: [[String]]) -> String {
        var widths = columns.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], min(cell.count, 60))
            }
        }
        func line(_ cells: [String]) -> String {
            var text = " "
            for (index, cell) in cells.enumerated() {
                let clipped = cell.count > 60 ? String(cell.prefix(57)) + "..." : cell
                text += " " + clipped + String(repeating: " ", count: max(0, widths[index] - clipped.count)) + " "
                if index < cells.count - 1 { text += "|" }
            }
            while text.hasSuffix(" ") { text.removeLast() }
            return text + "\n"
        }
        var out = line(columns)
        out += " " + widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "+") + "\n"
        for row in rows { out += line(row) }
        return out
    }
}
