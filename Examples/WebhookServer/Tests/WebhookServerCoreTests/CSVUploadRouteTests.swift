import Foundation
import Logging
import PWBIIntegration
import Testing
import WebhookServerCore

/// `POST /api/v1/integrations/upload-csv` through the running app (SQLite in memory, port 0):
/// the reference's `No file uploaded` and `File must be CSV format`, and failed rows as
/// `{row, error, data}` with bounded raw fields.
@Suite struct CSVUploadRouteTests {
    static func file(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: resource("uploads/\(name)"))))
    }

    /// Runs the app with an issued API key, handing `body` a function that posts a form.
    static func withApp(
        _ body: (WebhookServerApp, _ upload: ([(String, String)], (name: String, bytes: [UInt8])?) async throws -> TransportResponse) async throws -> Void
    ) async throws {
        let database = try await SQLiteDatabase.open(path: ":memory:")
        try await database.migrate(Schema.migrations(for: .sqlite))
        let configuration = try ServerConfiguration(environment: ["PORT": "0", "PWBI_DEMO_SECRETS": "0"])
        let app = try WebhookServerApp(configuration: configuration, storage: ServerStorage(database: database), logger: Logger(label: "test"))
        let key = try await APIKeyIssuer(store: app.storage.apiKeys).issue(description: "upload test", tenant: "merchant-7", now: Date()).key
        do {
            try await withServer({ onListening in app.application { port in await onListening(port ?? 0) } }) { port in
                try await withTransport { transport in
                    try await body(app) { fields, file in
                        let form = multipart(fields: fields, file: file)
                        return try await transport.send(TransportRequest(
                            method: "POST", url: "http://127.0.0.1:\(port)/api/v1/integrations/upload-csv",
                            headers: [HTTPHeaderField("X-API-KEY", key), HTTPHeaderField("Content-Type", form.contentType)],
                            body: form.body))
                    }
                }
            }
        } catch {
            await database.close()
            throw error
        }
        await database.close()
    }

    @Test(arguments: [[("source_system", "generic")], []])
    func aFormWithoutAFileIsNoFileUploaded(fields: [(String, String)]) async throws {
        try await Self.withApp { app, upload in
            let response = try await upload(fields, nil)
            #expect(response.status == 400)
            #expect(response.object?["error"] as? String == "No file uploaded")
            #expect(response.object?["code"] as? String == "no_file")
            #expect(try await app.storage.transactions.count() == 0)
        }
    }

    @Test(arguments: [
        ("sales.xlsx", "sales.csv", "the file name \"sales.xlsx\" does not end in .csv"),
        ("sales.txt", "sales.csv", "the file name \"sales.txt\" does not end in .csv"),
        ("sales.csv", "sales.xlsx", "an Excel .xlsx spreadsheet"),
        ("sales.csv", "sales.zip", "a ZIP archive"),
        ("sales.csv", "sales.pdf", "a PDF document"),
        ("sales.pdf", "sales.pdf", "does not end in .csv"),
    ])
    func aFileThatIsNotCSVByNameOrContentIsRefused(name: String, content: String, detail: String) async throws {
        try await Self.withApp { app, upload in
            let response = try await upload([("source_system", "generic")], (name, try Self.file(content)))
            #expect(response.status == 400)
            #expect(response.object?["error"] as? String == "File must be CSV format")
            #expect(response.object?["code"] as? String == "not_csv")
            let said = try #require(response.object?["detail"] as? String)
            #expect(said.contains(detail), "\(said)")
            #expect(try await app.storage.transactions.count() == 0)
        }
    }

    @Test func aCSVFileIsImportedForTheKeysTenant() async throws {
        try await Self.withApp { app, upload in
            let response = try await upload([("source_system", "generic")], ("Penjualan November.CSV", try Self.file("sales.csv")))
            #expect(response.status == 200, "\(String(decoding: response.body, as: UTF8.self))")
            #expect(response.object?["imported"] as? Int == 2)
            #expect((response.object?["errors"] as? [Any])?.isEmpty == true)
            let tenants = try await app.storage.database.query("SELECT DISTINCT tenant FROM transactions", []).map { try $0.text(0) }
            #expect(tenants == ["merchant-7"])
        }
    }

    @Test func failedRowsComeBackWithTheirRawFieldsBounded() async throws {
        try await Self.withApp { app, upload in
            let response = try await upload([("source_system", "generic")], ("sales.csv", try Self.file("failing-rows.csv")))
            #expect(response.status == 207, "\(String(decoding: response.body, as: UTF8.self))")
            #expect(response.object?["imported"] as? Int == 2)
            #expect(response.object?["failed"] as? Int == 2)
            let errors = try #require(response.object?["errors"] as? [[String: Any]])
            #expect(errors.map { $0["row"] as? Int } == [3, 4])
            #expect(errors.map { $0["error"] as? String } == ["Invalid format", "Invalid format"])
            #expect((errors[0]["detail"] as? String)?.hasPrefix("column Amount:") == true)
            #expect(errors[0]["data"] as? [String] == ["2025-11-28", "abc", "CSV-2"])
            #expect(errors[0]["truncated"] == nil)
            let long = try #require(errors[1]["data"] as? [String])
            #expect(long.count == 3)
            #expect(long[1] == "12.00" + String(repeating: "x", count: 251))
            #expect(long[2] == "CSV-3")
            #expect(errors[1]["truncated"] as? Bool == true)
            #expect(try await app.storage.transactions.count() == 2)
        }
    }
}
