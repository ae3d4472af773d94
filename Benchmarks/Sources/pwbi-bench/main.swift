import Foundation

/// `pwbi-bench [SUITE…]`: runs the named suites (all when none is named) and prints one
/// JSON object per line. `pwbi-bench --list` names the suites.
let suites: [Suite] = allSuites

let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.contains("--help") || arguments.contains("-h") || arguments.contains("--list") {
    print("usage: pwbi-bench [SUITE…]   (release builds: swift run -c release --package-path Benchmarks pwbi-bench)")
    print("suites:")
    for suite in suites { print("  \(suite.name)  \(suite.summary)") }
    exit(0)
}
let unknown = arguments.filter { name in !suites.contains { $0.name == name } }
guard unknown.isEmpty else {
    FileHandle.standardError.write(Data("pwbi-bench: unknown suite \(unknown.joined(separator: ", ")); --list names them\n".utf8))
    exit(2)
}
#if DEBUG
FileHandle.standardError.write(Data("pwbi-bench: warning: a debug build; figures are meaningless (use -c release)\n".utf8))
#endif
for suite in suites where arguments.isEmpty || arguments.contains(suite.name) {
    do {
        for line in try suite.run() {
            print(line.json)
            fflush(nil)
        }
    } catch {
        FileHandle.standardError.write(Data("pwbi-bench: suite \(suite.name) failed: \(error)\n".utf8))
        exit(1)
    }
}
