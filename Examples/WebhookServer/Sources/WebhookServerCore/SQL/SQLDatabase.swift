#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One value bound to, or read from, a SQL statement: the few types the stores need, the same
/// on SQLite and PostgreSQL (instants are `Double` seconds since the reference date, exact both ways).
public enum SQLValue: Sendable, Hashable {
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
    case null

    /// `.text`, or `.null` for nil.
    public static func optionalText(_ value: String?) -> SQLValue { value.map { .text($0) } ?? .null }
    /// An instant, as `Double` seconds since 2001-01-01 (the representation `Date` keeps, so it round-trips exactly).
    public static func instant(_ date: Date) -> SQLValue { .real(date.timeIntervalSinceReferenceDate) }
    /// An optional instant.
    public static func optionalInstant(_ date: Date?) -> SQLValue { date.map { .instant($0) } ?? .null }
    /// An integer.
    public static func int(_ value: Int) -> SQLValue { .integer(Int64(value)) }
}

/// A result row: its values by column position.
public struct SQLRow: Sendable, Hashable {
    public var values: [SQLValue]

    public init(_ values: [SQLValue]) { self.values = values }

    func value(_ index: Int) throws(SQLStoreError) -> SQLValue {
        guard values.indices.contains(index) else { throw .unexpectedRow("no column \(index) in a row of \(values.count)") }
        return values[index]
    }

    /// The text in column `index`.
    public func text(_ index: Int) throws(SQLStoreError) -> String {
        guard case .text(let text) = try value(index) else { throw .unexpectedRow("column \(index) is not text") }
        return text
    }

    /// The text in column `index`, nil for NULL.
    public func optionalText(_ index: Int) throws(SQLStoreError) -> String? {
        if case .null = try value(index) { return nil }
        return try text(index)
    }

    /// The integer in column `index`.
    public func integer(_ index: Int) throws(SQLStoreError) -> Int64 {
        guard case .integer(let value) = try value(index) else { throw .unexpectedRow("column \(index) is not an integer") }
        return value
    }

    /// The integer in column `index`, nil for NULL.
    public func optionalInteger(_ index: Int) throws(SQLStoreError) -> Int64? {
        if case .null = try value(index) { return nil }
        return try integer(index)
    }

    /// The bytes in column `index` (an empty BLOB may come back as NULL on some drivers).
    public func blob(_ index: Int) throws(SQLStoreError) -> [UInt8] {
        switch try value(index) {
        case .blob(let bytes): return bytes
        case .null: return []
        default: throw .unexpectedRow("column \(index) is not a blob")
        }
    }

    /// The bytes in column `index`, nil for NULL.
    public func optionalBlob(_ index: Int) throws(SQLStoreError) -> [UInt8]? {
        if case .null = try value(index) { return nil }
        return try blob(index)
    }

    /// The instant in column `index`.
    public func instant(_ index: Int) throws(SQLStoreError) -> Date {
        switch try value(index) {
        case .real(let seconds): return Date(timeIntervalSinceReferenceDate: seconds)
        case .integer(let seconds): return Date(timeIntervalSinceReferenceDate: Double(seconds))
        default: throw .unexpectedRow("column \(index) is not an instant")
        }
    }

    /// The instant in column `index`, nil for NULL.
    public func optionalInstant(_ index: Int) throws(SQLStoreError) -> Date? {
        if case .null = try value(index) { return nil }
        return try instant(index)
    }
}

/// Which SQL engine a ``SQLDatabase`` talks to; the few statements that differ ask it.
public enum SQLDialect: String, Sendable, Hashable {
    case sqlite
    case postgres
}

/// The minimal database the stores need: one statement at a time, positional parameters written
/// `$1`, `$2`, … (SQLite's `?1` form is derived), every row returned.
///
/// Every store operation is a single statement (`INSERT … ON CONFLICT … RETURNING`, `UPDATE … RETURNING`),
/// so each is atomic on its own and correct across processes sharing the database.
public protocol SQLDatabase: Sendable {
    var dialect: SQLDialect { get }
    /// Runs one statement and returns its rows.
    @discardableResult
    func query(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow]
    /// Applies the schema's migrations not applied yet, serialised across processes.
    func migrate(_ migrations: [Migration]) async throws
    /// Releases the connection(s).
    func close() async
}

/// One schema change, applied once per database, its statements in order.
public struct Migration: Sendable, Hashable {
    public var version: Int
    public var statements: [String]

    public init(version: Int, statements: [String]) {
        self.version = version
        self.statements = statements
    }
}

/// A store failure: the database said no, or returned something the store cannot read.
/// Its description never contains bound values (which may hold secrets or payloads).
public enum SQLStoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The database failed the statement.
    case database(String)
    /// A row did not have the expected shape.
    case unexpectedRow(String)
    /// A stored value could not be decoded.
    case corrupt(String)
    /// A claim kept racing with deletions and gave up.
    case contention(String)

    public var description: String {
        switch self {
        case .database(let message): "database error: \(message)"
        case .unexpectedRow(let message): "unexpected row: \(message)"
        case .corrupt(let message): "corrupt stored value: \(message)"
        case .contention(let message): "contention: \(message)"
        }
    }
}

extension SQLDatabase {
    /// The first row of a statement, or nil.
    func first(_ sql: String, _ binds: [SQLValue]) async throws -> SQLRow? {
        try await query(sql, binds).first
    }
}
