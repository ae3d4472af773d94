#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PWBIIntegration

/// A ``DeadLetterQueue`` in the `dead_letters` table: raw body bytes and headers kept exactly,
/// listed oldest first with ties in enqueue order (the `seq` column, renewed when an id is enqueued again).
public struct SQLDeadLetterQueue: DeadLetterQueue {
    public let database: any SQLDatabase

    public init(database: any SQLDatabase) { self.database = database }

    public func enqueue(_ letter: DeadLetter) async throws {
        let binds: [SQLValue] = [
            .text(letter.id), .text(letter.source), .optionalText(letter.tenant), .blob(HeaderCoding.encode(letter.headers)),
            .blob(letter.body), .text(letter.reason), .int(letter.attempts), .instant(letter.failedAt), .instant(letter.lastAttemptAt),
        ]
        switch database.dialect {
        case .sqlite:
            // REPLACE deletes the old row and inserts a new one with a new, larger rowid (seq).
            try await database.query(
                """
                INSERT OR REPLACE INTO dead_letters (id, source, tenant, headers, body, reason, attempts, failed_at, last_attempt_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                """,
                binds
            )
        case .postgres:
            try await database.query(
                """
                INSERT INTO dead_letters (id, source, tenant, headers, body, reason, attempts, failed_at, last_attempt_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                ON CONFLICT (id) DO UPDATE SET
                    source = excluded.source, tenant = excluded.tenant, headers = excluded.headers, body = excluded.body,
                    reason = excluded.reason, attempts = excluded.attempts, failed_at = excluded.failed_at,
                    last_attempt_at = excluded.last_attempt_at, seq = nextval(pg_get_serial_sequence('dead_letters', 'seq'))
                """,
                binds
            )
        }
    }

    public func list(limit: Int?) async throws -> [DeadLetter] {
        let columns = "SELECT id, source, tenant, headers, body, reason, attempts, failed_at, last_attempt_at FROM dead_letters ORDER BY failed_at, seq"
        let rows: [SQLRow]
        if let limit {
            rows = try await database.query(columns + " LIMIT $1", [.int(max(0, limit))])
        } else {
            rows = try await database.query(columns, [])
        }
        return try rows.map(Self.letter)
    }

    public func entry(id: String) async throws -> DeadLetter? {
        try await database.first(
            "SELECT id, source, tenant, headers, body, reason, attempts, failed_at, last_attempt_at FROM dead_letters WHERE id = $1",
            [.text(id)]
        ).map(Self.letter)
    }

    public func remove(id: String) async throws -> Bool {
        try await database.first("DELETE FROM dead_letters WHERE id = $1 RETURNING id", [.text(id)]) != nil
    }

    public func recordFailure(id: String, reason: String, at: Date) async throws -> Bool {
        try await database.first(
            "UPDATE dead_letters SET attempts = attempts + 1, reason = $2, last_attempt_at = $3 WHERE id = $1 RETURNING id",
            [.text(id), .text(reason), .instant(at)]
        ) != nil
    }

    static func letter(_ row: SQLRow) throws -> DeadLetter {
        DeadLetter(
            id: try row.text(0), source: try row.text(1), tenant: try row.optionalText(2),
            headers: try HeaderCoding.decode(try row.blob(3)), body: try row.blob(4), reason: try row.text(5),
            attempts: Int(try row.integer(6)), failedAt: try row.instant(7), lastAttemptAt: try row.instant(8)
        )
    }
}

/// Headers as bytes, exactly: each name and value as `<decimal UTF-8 length>:<bytes>`, in order.
public enum HeaderCoding {
    public static func encode(_ headers: [HTTPHeaderField]) -> [UInt8] {
        var out: [UInt8] = []
        for field in headers {
            for part in [field.name, field.value] {
                out += Array(String(part.utf8.count).utf8)
                out.append(UInt8(ascii: ":"))
                out += Array(part.utf8)
            }
        }
        return out
    }

    public static func decode(_ bytes: [UInt8]) throws(SQLStoreError) -> [HTTPHeaderField] {
        var parts: [String] = []
        var index = 0
        while index < bytes.count {
            var length = 0
            var digits = 0
            while index < bytes.count, bytes[index] != UInt8(ascii: ":") {
                let byte = bytes[index]
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9"), digits < 9 else { throw .corrupt("header encoding at byte \(index)") }
                length = length * 10 + Int(byte - UInt8(ascii: "0"))
                digits += 1
                index += 1
            }
            guard digits > 0, index < bytes.count, bytes.count - index - 1 >= length else { throw .corrupt("header encoding at byte \(index)") }
            index += 1
            parts.append(String(decoding: bytes[index..<(index + length)], as: UTF8.self))
            index += length
        }
        guard parts.count % 2 == 0 else { throw .corrupt("header encoding: a name without a value") }
        return stride(from: 0, to: parts.count, by: 2).map { HTTPHeaderField(parts[$0], parts[$0 + 1]) }
    }
}
