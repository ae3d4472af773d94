#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

@main
enum PWBI {
    static func main() async {
        signal(SIGPIPE, SIG_IGN)
        let io = CommandIO.standard
        let status = await CommandLineTool.standard.run(Array(CommandLine.arguments.dropFirst()), io: io)
        io.output.flush()
        io.error.flush()
        exit(status.rawValue)
    }
}
