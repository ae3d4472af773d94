/// A strict reader of the Prometheus text exposition format, used to parse the metrics output back.
struct PrometheusSample: Equatable {
    var name: String
    var labels: [String: String]
    var value: String
}

struct PrometheusFamily: Equatable {
    var help: String
    var type: String
    var samples: [PrometheusSample]
}

struct PrometheusParseError: Error, CustomStringConvertible {
    let line: Int
    let reason: String
    var description: String { "line \(line): \(reason)" }
}

enum PrometheusTextParser {
    static func parse(_ text: String) throws -> [String: PrometheusFamily] {
        var families: [String: PrometheusFamily] = [:]
        var current: String?
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.last == "" else { throw PrometheusParseError(line: lines.count, reason: "no final newline") }
        for (number, line) in lines.dropLast().enumerated() {
            let lineNumber = number + 1
            if line.hasPrefix("# HELP ") {
                let rest = line.dropFirst(7)
                guard let space = rest.firstIndex(of: " ") else { throw PrometheusParseError(line: lineNumber, reason: "HELP without text") }
                let name = String(rest[..<space])
                guard families[name] == nil else { throw PrometheusParseError(line: lineNumber, reason: "family \(name) twice") }
                families[name] = PrometheusFamily(help: unescape(String(rest[rest.index(after: space)...]), quotes: false), type: "", samples: [])
                current = name
            } else if line.hasPrefix("# TYPE ") {
                let parts = line.dropFirst(7).split(separator: " ")
                guard parts.count == 2, String(parts[0]) == current else { throw PrometheusParseError(line: lineNumber, reason: "TYPE not after its HELP") }
                families[String(parts[0])]?.type = String(parts[1])
            } else {
                guard let family = current else { throw PrometheusParseError(line: lineNumber, reason: "sample before any family") }
                let sample = try parseSample(String(line), line: lineNumber)
                let allowed = families[family]?.type == "histogram"
                    ? [family + "_bucket", family + "_sum", family + "_count"] : [family]
                guard allowed.contains(sample.name) else { throw PrometheusParseError(line: lineNumber, reason: "sample \(sample.name) in family \(family)") }
                families[family]?.samples.append(sample)
            }
        }
        return families
    }

    static func parseSample(_ line: String, line number: Int) throws -> PrometheusSample {
        let chars = Array(line.unicodeScalars)
        var index = 0
        var name = ""
        while index < chars.count, chars[index] != "{", chars[index] != " " {
            name.unicodeScalars.append(chars[index]); index += 1
        }
        var labels: [String: String] = [:]
        if index < chars.count, chars[index] == "{" {
            index += 1
            while true {
                guard index < chars.count else { throw PrometheusParseError(line: number, reason: "unterminated labels") }
                if chars[index] == "}" { index += 1; break }
                var label = ""
                while index < chars.count, chars[index] != "=" { label.unicodeScalars.append(chars[index]); index += 1 }
                guard index + 1 < chars.count, chars[index + 1] == "\"" else { throw PrometheusParseError(line: number, reason: "label without quoted value") }
                index += 2
                var value = ""
                while true {
                    guard index < chars.count else { throw PrometheusParseError(line: number, reason: "unterminated label value") }
                    let c = chars[index]
                    if c == "\"" { index += 1; break }
                    if c == "\\" {
                        guard index + 1 < chars.count else { throw PrometheusParseError(line: number, reason: "dangling escape") }
                        switch chars[index + 1] {
                        case "\\": value += "\\"
                        case "\"": value += "\""
                        case "n": value += "\n"
                        default: throw PrometheusParseError(line: number, reason: "bad escape")
                        }
                        index += 2
                    } else {
                        guard c != "\n" else { throw PrometheusParseError(line: number, reason: "raw newline in value") }
                        value.unicodeScalars.append(c); index += 1
                    }
                }
                guard labels[label] == nil else { throw PrometheusParseError(line: number, reason: "label \(label) twice") }
                labels[label] = value
                if index < chars.count, chars[index] == "," { index += 1 }
            }
        }
        guard index < chars.count, chars[index] == " " else { throw PrometheusParseError(line: number, reason: "no value") }
        let value = String(String.UnicodeScalarView(chars[(index + 1)...]))
        guard value == "+Inf" || value == "-Inf" || value == "NaN" || Double(value) != nil else {
            throw PrometheusParseError(line: number, reason: "bad value \(value)")
        }
        return PrometheusSample(name: name, labels: labels, value: value)
    }

    static func unescape(_ text: String, quotes: Bool) -> String {
        var out = ""
        var escaping = false
        for c in text.unicodeScalars {
            if escaping {
                out += c == "n" ? "\n" : String(c)
                escaping = false
            } else if c == "\\" {
                escaping = true
            } else {
                out.unicodeScalars.append(c)
            }
        }
        return out
    }
}
