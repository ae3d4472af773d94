/// Migration 8: the forwarding outbox, filled by triggers on `transactions` in the same database
/// transaction as the write itself, so a crash between storing a transaction and forwarding it loses
/// nothing (the row waits in the outbox) and a change is queued exactly once.
///
/// - `outbox_revisions`: per transaction row (`internal_id`), how many revisions were queued; it
///   outlives the outbox rows, so a revision number is never reused after sent rows are purged.
/// - `outbox`: one row per insert, and per update that changes the document: the revision, the
///   document as it was then (sent byte for byte on every attempt), the deterministic delivery id
///   `<internal_id>.r<revision>` (a row's internal id never changes, and for rows the receiver
///   stores it is the hash of the transaction key; so the id is the same on every replica, retry
///   and replay), and the state — `pending`, `sent`, or
///   `dead` (in the dead-letter queue under `dead_letter_id`).
enum OutboxSchema {
    /// Migration 8 for `dialect`.
    static func migration(for dialect: SQLDialect) -> Migration {
        let real = dialect == .postgres ? "DOUBLE PRECISION" : "REAL"
        let integer = dialect == .postgres ? "BIGINT" : "INTEGER"
        let serial = dialect == .postgres ? "BIGSERIAL PRIMARY KEY" : "INTEGER PRIMARY KEY"
        let tables = [
            "CREATE TABLE outbox_revisions (internal_id TEXT PRIMARY KEY, revision \(integer) NOT NULL)",
            """
            CREATE TABLE outbox (
                seq \(serial),
                delivery_id TEXT NOT NULL UNIQUE,
                internal_id TEXT NOT NULL,
                tenant TEXT NOT NULL,
                revision \(integer) NOT NULL,
                body TEXT NOT NULL,
                created_at \(real) NOT NULL,
                state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'dead')),
                attempts \(integer) NOT NULL DEFAULT 0,
                sent_at \(real),
                dead_letter_id TEXT,
                last_error TEXT
            )
            """,
            "CREATE INDEX outbox_state ON outbox (state, seq)",
        ]
        switch dialect {
        case .postgres:
            return Migration(version: 8, statements: tables + [
                """
                CREATE FUNCTION pwbi_outbox_enqueue() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE next_revision BIGINT;
                BEGIN
                    INSERT INTO outbox_revisions (internal_id, revision) VALUES (NEW.internal_id, 1)
                    ON CONFLICT (internal_id) DO UPDATE SET revision = outbox_revisions.revision + 1
                    RETURNING revision INTO next_revision;
                    INSERT INTO outbox (delivery_id, internal_id, tenant, revision, body, created_at)
                    VALUES (NEW.internal_id || '.r' || next_revision, NEW.internal_id, NEW.tenant, next_revision, NEW.document, NEW.updated_at);
                    RETURN NULL;
                END
                $$
                """,
                "CREATE TRIGGER transactions_outbox_insert AFTER INSERT ON transactions FOR EACH ROW EXECUTE FUNCTION pwbi_outbox_enqueue()",
                """
                CREATE TRIGGER transactions_outbox_update AFTER UPDATE ON transactions FOR EACH ROW
                WHEN (OLD.document IS DISTINCT FROM NEW.document) EXECUTE FUNCTION pwbi_outbox_enqueue()
                """,
            ])
        case .sqlite:
            // One writer at a time: the revision's read-modify-write cannot race.
            let body = """
                INSERT INTO outbox_revisions (internal_id, revision)
                    SELECT NEW.internal_id, 0 WHERE NOT EXISTS (SELECT 1 FROM outbox_revisions WHERE internal_id = NEW.internal_id);
                UPDATE outbox_revisions SET revision = revision + 1 WHERE internal_id = NEW.internal_id;
                INSERT INTO outbox (delivery_id, internal_id, tenant, revision, body, created_at)
                    SELECT NEW.internal_id || '.r' || revision, NEW.internal_id, NEW.tenant, revision, NEW.document, NEW.updated_at
                    FROM outbox_revisions WHERE internal_id = NEW.internal_id;
                """
            return Migration(version: 8, statements: tables + [
                "CREATE TRIGGER transactions_outbox_insert AFTER INSERT ON transactions FOR EACH ROW BEGIN \(body) END",
                """
                CREATE TRIGGER transactions_outbox_update AFTER UPDATE OF document ON transactions FOR EACH ROW
                WHEN OLD.document IS NOT NEW.document BEGIN \(body) END
                """,
            ])
        }
    }
}
