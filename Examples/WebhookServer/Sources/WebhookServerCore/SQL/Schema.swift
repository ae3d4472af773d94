/// The server's tables, one migration per schema version, written once for both engines.
///
/// - Instants are `Double` seconds since 2001-01-01 (exact round trip of `Date`).
/// - `transactions` has the UNIQUE index on (tenant, source_system, outlet, external_id, kind) — an
///   absent outlet is stored as `''`, so the index also holds for sources that name none; `kind`
///   (`sale`, `refund`, `void`, added in version 2, earlier rows are sales) keeps a refund from
///   overwriting the sale it shares an order id with.
/// - `leases` (version 3): one row per schedule that only one replica may run at a time.
/// - `integrations` (version 4): the configured integrations; credentials by reference only.
/// - Later versions: 5 polling cursors and integration state, 6 the receiver's one-statement path,
///   7 OAuth states and encrypted credentials, 8 the forwarding outbox.
/// - `export_ledger`, `export_attempts`, `export_days` (version 9): per accounting integration, the
///   entries Accurate/Jurnal.id confirmed (unique on integration + target + reference), the posts sent
///   whose answer may not have arrived, and the local days whose journal is complete.
/// - `idempotency_records.last_change` (completion, else claim) is what the retention purge reads.
public enum Schema {
    /// The migrations for `dialect`.
    public static func migrations(for dialect: SQLDialect) -> [Migration] {
        let blob = dialect == .postgres ? "BYTEA" : "BLOB"
        let real = dialect == .postgres ? "DOUBLE PRECISION" : "REAL"
        let integer = dialect == .postgres ? "BIGINT" : "INTEGER"
        let serial = dialect == .postgres ? "BIGSERIAL PRIMARY KEY" : "INTEGER PRIMARY KEY"
        return [
            Migration(version: 1, statements: [
                """
                CREATE TABLE idempotency_records (
                    key TEXT PRIMARY KEY,
                    fingerprint TEXT NOT NULL,
                    state TEXT NOT NULL CHECK (state IN ('processing', 'completed')),
                    owner TEXT,
                    response_status \(integer),
                    response_body \(blob),
                    claimed_at \(real) NOT NULL,
                    completed_at \(real),
                    last_change \(real) NOT NULL
                )
                """,
                "CREATE INDEX idempotency_records_last_change ON idempotency_records (last_change)",
                """
                CREATE TABLE transactions (
                    internal_id TEXT PRIMARY KEY,
                    tenant TEXT NOT NULL,
                    source_system TEXT NOT NULL,
                    outlet TEXT NOT NULL,
                    external_id TEXT NOT NULL,
                    status TEXT NOT NULL,
                    currency TEXT NOT NULL,
                    total TEXT NOT NULL,
                    document TEXT NOT NULL,
                    inserted_at \(real) NOT NULL,
                    updated_at \(real) NOT NULL
                )
                """,
                "CREATE UNIQUE INDEX transactions_identity ON transactions (tenant, source_system, outlet, external_id)",
                """
                CREATE TABLE dead_letters (
                    seq \(serial),
                    id TEXT NOT NULL UNIQUE,
                    source TEXT NOT NULL,
                    tenant TEXT,
                    headers \(blob) NOT NULL,
                    body \(blob) NOT NULL,
                    reason TEXT NOT NULL,
                    attempts \(integer) NOT NULL,
                    failed_at \(real) NOT NULL,
                    last_attempt_at \(real) NOT NULL
                )
                """,
                "CREATE INDEX dead_letters_order ON dead_letters (failed_at, seq)",
                """
                CREATE TABLE webhook_log (
                    seq \(serial),
                    received_at \(real) NOT NULL,
                    source TEXT NOT NULL,
                    tenant TEXT,
                    outcome TEXT NOT NULL,
                    status \(integer) NOT NULL,
                    duration_seconds \(integer) NOT NULL,
                    duration_attoseconds \(integer) NOT NULL,
                    idempotency_key TEXT,
                    event_type TEXT,
                    internal_id TEXT,
                    error_message TEXT,
                    body_size \(integer) NOT NULL,
                    body \(blob)
                )
                """,
                "CREATE INDEX webhook_log_received ON webhook_log (received_at, seq)",
                """
                CREATE TABLE api_keys (
                    id TEXT PRIMARY KEY,
                    secret_hash TEXT NOT NULL,
                    description TEXT NOT NULL,
                    tenant TEXT NOT NULL,
                    created_at \(real) NOT NULL,
                    expires_at \(real),
                    revoked_at \(real)
                )
                """,
                "CREATE INDEX api_keys_tenant ON api_keys (tenant, created_at)",
                """
                CREATE TABLE webhook_events (
                    id TEXT PRIMARY KEY,
                    tenant TEXT NOT NULL,
                    source TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    document TEXT NOT NULL,
                    stored_at \(real) NOT NULL
                )
                """,
            ]),
            Migration(version: 2, statements: [
                "ALTER TABLE transactions ADD COLUMN kind TEXT NOT NULL DEFAULT 'sale'",
                "DROP INDEX transactions_identity",
                "CREATE UNIQUE INDEX transactions_identity ON transactions (tenant, source_system, outlet, external_id, kind)",
            ]),
            Migration(version: 3, statements: [
                "CREATE TABLE leases (name TEXT PRIMARY KEY, owner TEXT NOT NULL, expires_at \(real) NOT NULL)",
            ]),
            Migration(version: 4, statements: [
                """
                CREATE TABLE integrations (
                    id TEXT PRIMARY KEY,
                    tenant TEXT NOT NULL,
                    system TEXT NOT NULL,
                    credentials TEXT NOT NULL,
                    every_seconds \(integer) NOT NULL,
                    zone TEXT NOT NULL,
                    currency TEXT NOT NULL,
                    outlets TEXT NOT NULL,
                    base_url TEXT,
                    settings TEXT NOT NULL,
                    created_at \(real) NOT NULL
                )
                """,
            ]),
            Migration(version: 9, statements: [
                """
                CREATE TABLE export_ledger (
                    integration_id TEXT NOT NULL,
                    target TEXT NOT NULL,
                    reference TEXT NOT NULL,
                    fingerprint TEXT NOT NULL,
                    remote_id TEXT,
                    exported_at \(real) NOT NULL,
                    PRIMARY KEY (integration_id, target, reference)
                )
                """,
                """
                CREATE TABLE export_attempts (
                    integration_id TEXT NOT NULL,
                    target TEXT NOT NULL,
                    reference TEXT NOT NULL,
                    fingerprint TEXT NOT NULL,
                    attempted_at \(real) NOT NULL,
                    PRIMARY KEY (integration_id, target, reference)
                )
                """,
                """
                CREATE TABLE export_days (
                    integration_id TEXT NOT NULL,
                    day TEXT NOT NULL,
                    entries \(integer) NOT NULL,
                    conflicts \(integer) NOT NULL,
                    completed_at \(real) NOT NULL,
                    PRIMARY KEY (integration_id, day)
                )
                """,
            ]),
        ]
    }
}
