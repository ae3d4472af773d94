#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Hummingbird
import PWBIIntegration
import PWBIMapping

extension WebhookServerApp {
    /// `POST /api/v1/integrations/upload-csv`: a multipart form with `file` and `source_system`,
    /// authenticated by `X-API-KEY`, checked by the kit's ``CSVUpload`` (as
    /// ``CSVImporter/importUpload(fileName:bytes:using:context:onStored:)`` checks it, but before
    /// `source_system`, as the reference route does) and imported for the key's tenant.
    ///
    /// Answers, in the reference's words: `No file uploaded` (no `file` part) and `File must be
    /// CSV format` (a name without `.csv`, or a spreadsheet, PDF, archive or image by its first
    /// bytes), both 400 with a `detail` saying what was seen; a rejected file 400; rows that failed
    /// 207 with `errors: [{row, error, detail, data}]`, `data` the row's raw fields, bounded
    /// (``CSVRowData``); else 200.
    func uploadCSV(_ request: Request) async -> Response {
        let authentication: APIKeyAuthentication
        do {
            authentication = try await APIKeyAuthenticator(store: storage.apiKeys).authenticate(
                key: Self.apiKeyHeader.flatMap { request.headers[$0] }, now: Date()
            )
        } catch {
            return Self.error(503, code: "unavailable", message: "The API key store is unavailable; retry later")
        }
        let tenant: String
        switch authentication {
        case .authenticated(let record): tenant = record.tenant
        case .rejected(let rejection): return Self.error(401, code: "invalid_api_key", message: rejection.description)
        }
        let body: [UInt8]
        switch await Self.readBody(request, limit: configuration.maxUploadBytes, timeout: configuration.bodyTimeout) {
        case .timedOut:
            return Self.error(408, code: "body_timeout", message: "The request body did not arrive in time")
        case .tooLarge:
            return Self.error(413, code: "payload_too_large", message: "Upload too large. Maximum allowed: \(configuration.maxUploadBytes) bytes")
        case .failed:
            return Self.error(400, code: "unreadable_body", message: "The request body could not be read")
        case .body(let bytes):
            body = bytes
        }
        let form: MultipartForm
        do {
            form = try MultipartForm(contentType: request.headers[.contentType], body: body)
        } catch {
            return Self.error(400, code: "invalid_multipart", message: "Invalid multipart form: \(error.description)")
        }
        // The file first, as the reference route checks it: its answer does not depend on the source.
        let file = form.part(named: "file")
        let upload: CSVUpload
        do {
            upload = try CSVUpload(fileName: file?.filename, bytes: file?.body)
        } catch {
            return Self.uploadRefused(error)
        }
        guard let sourceName = form.text("source_system").map(Self.trimmed), !sourceName.isEmpty else {
            return Self.error(400, code: "missing_field", message: "Missing required field: source_system", path: "source_system")
        }
        let mapper: any RowMapper
        do {
            mapper = try RowMappers.mapper(for: SourceSystem(rawValue: sourceName))
        } catch {
            return Self.error(400, code: "unknown_source", message: "Unknown source_system: \(error)", path: "source_system")
        }
        let importer = CSVImporter(store: storage.transactions, metrics: metrics)
        // What `CSVImporter.importUpload` does after its check, which has passed above.
        let report = await importer.importBytes(upload.bytes, using: mapper, context: MappingContext(tenant: tenant))
        return Self.json(report.fileProblem != nil ? 400 : (report.failedRows > 0 ? 207 : 200), Self.uploadReport(report))
    }

    /// The library's refusal (`No file uploaded`, `File must be CSV format`) in the host's error shape.
    static func uploadRefused(_ error: CSVUploadError) -> Response {
        let code = switch error {
        case .noFile: "no_file"
        case .notCSV: "not_csv"
        }
        return Self.error(error.status, code: code, message: error.message, path: "file", detail: error.detail)
    }

    /// The import's outcome: counts, the file problem with the guide's solution, and each failed
    /// row as the reference's `{row, error, data}` (plus `detail`, and `truncated` when `data` was cut).
    static func uploadReport(_ report: CSVImportReport) -> [UInt8] {
        var json = JSONWriter()
        json.beginObject()
        json.key("success"); json.bool(report.isSuccess)
        json.member("status", report.isSuccess ? "success" : "error")
        json.member("message", report.summary)
        json.member("source_system", report.source.rawValue)
        json.key("rows"); json.number(report.rows)
        json.key("imported"); json.number(report.imported)
        json.key("updated"); json.number(report.updated)
        json.key("unchanged"); json.number(report.unchanged)
        json.key("failed"); json.number(report.failedRows)
        if let problem = report.fileProblem {
            json.member("error", problem.message)
            json.member("solution", problem.solution)
        }
        json.key("errors")
        json.beginArray()
        for failure in report.failures {
            json.beginObject()
            json.key("row"); json.number(failure.row)
            json.member("error", failure.message)
            json.member("detail", failure.detail)
            json.key("data")
            if let data = failure.data {
                json.beginArray()
                for field in data.fields { json.string(field) }
                json.endArray()
                if data.truncated { json.key("truncated"); json.bool(true) }
            } else {
                json.null()
            }
            json.endObject()
        }
        json.endArray()
        json.endObject()
        return json.bytes
    }
}
