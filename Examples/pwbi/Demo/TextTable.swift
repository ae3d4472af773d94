/// A plain-text table that fits a width: columns keep their natural width while the row fits,
/// then the widest columns give way and their cells wrap at word boundaries (a word longer than
/// its column, such as an id, is the only thing ever split). Nothing is cut off.
struct TextTable {
    let columns: [String]
    let rows: [[String]]

    /// The table, each line at most `width` characters, with a rule under the header.
    func render(width: Int) -> String {
        let widths = fit(width)
        var out = line(columns, widths)
        out += " " + widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "+") + "\n"
        for row in rows { out += line(row, widths) }
        return out
    }

    /// Column widths: natural, then narrowed one character at a time until the row fits `width`,
    /// each step taking from the column whose narrowing adds the fewest lines to the table (the
    /// widest on a tie), never below a column's longest word — header included — unless even
    /// that cannot fit.
    func fit(_ width: Int) -> [Int] {
        var widths = columns.map(\.count)
        var floors = columns.map { $0.split(separator: " ").map(\.count).max() ?? 0 }
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], cell.split(separator: "\n").map(\.count).max() ?? 0)
                let longestWord = cell.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(\.count).max() ?? 0
                floors[index] = max(floors[index], longestWord)
            }
        }
        // Each column takes its width plus two spaces, columns are joined by "|", one space leads.
        let budget = width - 3 * widths.count
        for limit in [floors, widths.map { _ in 6 }] {
            while widths.reduce(0, +) > budget {
                let candidates = widths.indices.filter { widths[$0] > limit[$0] }
                guard let best = candidates.min(by: { a, b in
                    let (heightA, heightB) = (height(narrowing: a, in: widths), height(narrowing: b, in: widths))
                    return heightA != heightB ? heightA < heightB : widths[a] > widths[b]
                }) else { break }
                widths[best] -= 1
            }
        }
        return widths
    }

    /// The table's height (header included) with column `column` one character narrower.
    private func height(narrowing column: Int, in widths: [Int]) -> Int {
        var widths = widths
        widths[column] -= 1
        return ([columns] + rows).reduce(0) { total, cells in
            total + (widths.indices.map { index in Self.lines(index < cells.count ? cells[index] : "", width: widths[index]).count }.max() ?? 1)
        }
    }

    private func line(_ cells: [String], _ widths: [Int]) -> String {
        let wrapped = widths.indices.map { index in Self.lines(index < cells.count ? cells[index] : "", width: widths[index]) }
        let height = wrapped.map(\.count).max() ?? 1
        var out = ""
        for lineIndex in 0..<height {
            var text = " "
            for (index, lines) in wrapped.enumerated() {
                let cell = lineIndex < lines.count ? lines[lineIndex] : ""
                text += " " + cell + String(repeating: " ", count: max(0, widths[index] - cell.count)) + " "
                if index < wrapped.count - 1 { text += "|" }
            }
            while text.hasSuffix(" ") { text.removeLast() }
            out += text + "\n"
        }
        return out
    }

    /// `text` broken into lines of at most `width` characters at spaces; a longer word is split.
    static func lines(_ text: String, width: Int) -> [String] {
        if text.contains("\n") {
            return text.split(separator: "\n", omittingEmptySubsequences: false).flatMap { Self.lines(String($0), width: width) }
        }
        guard text.count > width, width > 0 else { return [text] }
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            var word = word
            if !current.isEmpty, current.count + 1 + word.count <= width {
                current += " " + word
                continue
            }
            if !current.isEmpty { lines.append(current) }
            while word.count > width {
                lines.append(String(word.prefix(width)))
                word = word.dropFirst(width)
            }
            current = String(word)
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }

    /// A paragraph wrapped to `width`, the first line after `indent`, the rest after `hanging`.
    static func wrap(_ text: String, width: Int, indent: String, hanging: String) -> String {
        let first = lines(text, width: width - indent.count)
        guard let head = first.first else { return indent + "\n" }
        let rest = lines(first.dropFirst().joined(separator: " "), width: width - hanging.count)
        return ([indent + head] + (first.count > 1 ? rest.map { hanging + $0 } : [])).joined(separator: "\n") + "\n"
    }
}
