import Foundation
import Synchronization
import Testing
import WebhookServerCore

/// `integration add|list|remove` over SQLite: outputs, exit codes, and what is refused.
@Suite struct IntegrationCommandTests {
    static let now = Date(timeIntervalSinceReferenceDate: 800_000_000)

    /// Runs the commands in order against one fresh database; each result is (code, stdout, stderr).
    static func run(_ commands: [[String]]) async throws -> [(Int32, [String], [String])] {
        let database = try await SQLiteDatabase.open(path: ":memory:")
        try await database.migrate(Schema.migrations(for: .sqlite))
        var results: [(Int32, [String], [String])] = []
        for command in commands {
            let out = Mutex<[String]>([]), err = Mutex<[String]>([])
            let code = await IntegrationCommands.run(
                command, store: SQLIntegrationStore(database: database), now: now,
                print: { line in out.withLock { $0.append(line) } }, error: { line in err.withLock { $0.append(line) } }
            )
            results.append((code, out.withLock { $0 }, err.withLock { $0 }))
        }
        await database.close()
        return results
    }

    @Test func addListRemove() async throws {
        let results = try await Self.run([
            ["integration", "add", "--id", "acme-qasir", "--tenant", "acme", "--system", "qasir", "--credentials", "env:QASIR_TOKEN",
             "--outlets", "o1,o2", "--base-url", "http://127.0.0.1:8090/qasir", "--setting", "per_page=50"],
            ["integration", "add", "--id", "acme-moka", "--tenant", "acme", "--system", "moka", "--credentials", "oauth", "--every", "1800"],
            ["integration", "list"],
            ["integration", "remove", "acme-qasir"],
            ["integration", "list", "--tenant", "acme"],
        ])
        #expect(results.map(\.0) == [0, 0, 0, 0, 0])
        #expect(results[2].1 == [
            "id\ttenant\tsystem\toutlets\tevery\tzone\tcurrency\tcredentials\tbase_url",
            "acme-moka\tacme\tmoka\t-\t1800\tAsia/Jakarta\tIDR\toauth\t-",
            "acme-qasir\tacme\tqasir\to1,o2\t300\tAsia/Jakarta\tIDR\tenv:QASIR_TOKEN\thttp://127.0.0.1:8090/qasir",
        ])
        #expect(results[3].1 == ["removed acme-qasir"])
        #expect(results[4].1.count == 2)
    }

    @Test func storedRecordRoundTrips() async throws {
        let database = try await SQLiteDatabase.open(path: ":memory:")
        try await database.migrate(Schema.migrations(for: .sqlite))
        let store = SQLIntegrationStore(database: database)
        let record = IntegrationRecord(
            id: "t-moka", tenant: "t", system: "moka", credentials: .file("/run/secrets/moka"), everySeconds: 3600,
            zone: "Asia/Makassar", currency: "IDR", outlets: ["123", "456"], baseURL: "https://api.mokapos.com",
            settings: ["api_version": "v1", "note": "a=b"], createdAt: Self.now
        )
        #expect(try await store.add(record))
        #expect(try await store.add(record) == false)
        #expect(try await store.record(id: "t-moka") == record)
        #expect(record.integrationIDs.map(\.account) == ["123", "456"])
        let mark = try await store.changeMark()
        #expect(try await store.remove(id: "t-moka"))
        #expect(try await store.changeMark() != mark)
        await database.close()
    }

    @Test(arguments: [
        (["integration", "add", "--id", "x", "--tenant", "t", "--system", "qasir"], Int32(2), "needs --id, --tenant, --system and --credentials"),
        (["integration", "add", "--id", "x", "--tenant", "t", "--system", "qasir", "--credentials", "hunter2"], 2, "credentials: env:VARIABLE"),
        (["integration", "add", "--id", "x y", "--tenant", "t", "--system", "qasir", "--credentials", "oauth"], 2, "id: 1–128 ASCII"),
        (["integration", "add", "--id", "x", "--tenant", "t", "--system", "qasir", "--credentials", "oauth", "--zone", "Mars/Base"], 2, "zone: not an IANA zone"),
        (["integration", "add", "--id", "x", "--tenant", "t", "--system", "qasir", "--credentials", "oauth", "--currency", "idr"], 2, "currency"),
        (["integration", "add", "--id", "x", "--tenant", "t", "--system", "qasir", "--credentials", "oauth", "--every", "0"], 2, "every: 1 to 604800"),
        (["integration", "add", "--id", "x", "--tenant", "t", "--system", "qasir", "--credentials", "oauth", "--outlets", "a,a"], 2, "listed twice"),
        (["integration", "add", "--id", "x", "--tenant", "t", "--system", "qasir", "--credentials", "oauth", "--base-url", "ftp://h"], 2, "base-url"),
        (["integration", "add", "--id", "x", "--frobnicate", "1"], 2, "unknown option"),
        (["integration", "remove", "nope"], 1, "no integration with id nope"),
    ] as [([String], Int32, String)])
    func refusals(command: [String], code: Int32, message: String) async throws {
        let result = try #require(try await Self.run([command]).first)
        #expect(result.0 == code)
        if !message.isEmpty { #expect(result.2.joined().contains(message), "\(result.2)") }
    }

    @Test func duplicateIdIsRefused() async throws {
        let add = ["integration", "add", "--id", "x", "--tenant", "t", "--system", "qasir", "--credentials", "env:Q"]
        let results = try await Self.run([add, add])
        #expect(results.map(\.0) == [0, 1])
        #expect(results[1].2 == ["an integration with id x exists; remove it first"])
    }
}
