/// The server's tables, one migration per schema version, written once for both engines.
///
/// - Instants are `Double` seconds since 2001-01-01 (exact round trip of `Date`).
/// - `transactions` has the UNIQUE index on (tenant, source_system, outlet, external_id, kind) — an
///   absent outlet is stored as `''`, so the index also holds for sources that name none; `kind`
///   (`sale`, `refund`, `void`, added in version 2, earlier rows are sales) keeps a refund from
///   overwriting the sale it shares an order id with.
/// - `leases` (version 3): one row per schedule that only one replica may run at a time.
/// - `integrations` (version 4): the configured integrations; credentials by reference only.
/// - `poll_cursors` and `integration_states` (version 5): each polled integration's watermark of
///   stored data (compare-and-set, fenced on the schedule's lease) and its health, keyed by
///   (tenant, source_system, account).
/// - `oauth_states` and `oauth_credentials` (version 7): pending connects (state, PKCE verifier,
///   integration, expiry, single use) and tokens AES-GCM encrypted with their key id, bound to the
///   row's integration (expiry, connection time, `active` | `needs_reconnect`).
/// - `outbox`, `outbox_revisions` (version 8, ``OutboxSchema``): every insert and every document
///   change of `transactions`, queued by a trigger for the forwarder.
/// - `export_ledger`, `export_attempts`, `export_days` (version 9): per accounting integration, the
///   entries Accurate/Jurnal.id confirmed (unique on integration + target + reference), the posts sent
///   whose answer may not have arrived, and the local days whose journal is complete.
/// - Later versions: 6 the receiver's one-statement path.
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
            Migration(version: 5, statements: [
                """
                CREATE TABLE poll_cursors (
                    tenant TEXT NOT NULL,
                    source_system TEXT NOT NULL,
                    account TEXT NOT NULL,
                    watermark \(real) NOT NULL,
                    updated_at \(real) NOT NULL,
                    PRIMARY KEY (tenant, source_system, account)
                )
                """,
                """
                CREATE TABLE integration_states (
                    tenant TEXT NOT NULL,
                    source_system TEXT NOT NULL,
                    account TEXT NOT NULL,
                    connection TEXT NOT NULL,
                    last_attempt_at \(real),
                    last_success_at \(real),
                    consecutive_failures \(integer) NOT NULL,
                    failure_kind TEXT,
                    failure_at \(real),
                    failure_detail TEXT,
                    rate_limits TEXT NOT NULL,
                    backoff_until \(real),
                    credentials_expire_at \(real),
                    last_delivery_at \(real),
                    connected_at \(real),
                    PRIMARY KEY (tenant, source_system, account)
                )
                """,
            ]),
            Migration(version: 7, statements: [
                """
                CREATE TABLE oauth_states (
                    state TEXT PRIMARY KEY,
                    tenant TEXT NOT NULL,
                    source_system TEXT NOT NULL,
                    account TEXT NOT NULL,
                    code_verifier TEXT,
                    redirect_uri TEXT NOT NULL,
                    created_at \(real) NOT NULL,
                    expires_at \(real) NOT NULL,
                    used_at \(real)
                )
                """,
                "CREATE INDEX oauth_states_expiry ON oauth_states (expires_at)",
                """
                CREATE TABLE oauth_credentials (
                    tenant TEXT NOT NULL,
                    source_system TEXT NOT NULL,
                    account TEXT NOT NULL,
                    key_id TEXT NOT NULL,
                    access_token \(blob) NOT NULL,
                    refresh_token \(blob),
                    token_type TEXT NOT NULL,
                    scope TEXT,
                    expires_at \(real),
                    obtained_at \(real) NOT NULL,
                    connected_at \(real),
                    status TEXT NOT NULL CHECK (status IN ('active', 'needs_reconnect')),
                    status_reason TEXT,
                    status_changed_at \(real),
                    PRIMARY KEY (tenant, source_system, account)
                )
                """,
                "CREATE INDEX oauth_credentials_expiry ON oauth_credentials (status, expires_at)",
            ]),
            OutboxSchema.migration(for: dialect),
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
