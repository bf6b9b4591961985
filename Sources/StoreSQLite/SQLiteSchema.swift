import GRDB

/// Named migrations, applied in order before any service starts. Times are integer microseconds
/// since the Unix epoch in both backends; SQL names are snake_case.
enum SQLiteSchema {
    /// Applies pending migrations and returns the names that were pending. Safe when several
    /// processes open a new file at once: GRDB checks what is applied before it takes the write
    /// lock, so a process that loses the race fails with "already exists"; it then finds every
    /// migration completed (by the winner) and goes on.
    @discardableResult
    static func migrate(_ migrator: DatabaseMigrator, _ writer: any DatabaseWriter) throws -> [String] {
        let before = try writer.read { try migrator.appliedIdentifiers($0) }
        var attempt = 0
        while true {
            do {
                try migrator.migrate(writer)
                break
            } catch {
                attempt += 1
                if try writer.read({ try migrator.hasCompletedMigrations($0) }) { break }
                if attempt >= 5 { throw error }
            }
        }
        return migrator.migrations.filter { !before.contains($0) }
    }

    static func migrator() -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("0001_accounts_servers_streams") { db in
            try db.execute(sql: """
                CREATE TABLE account (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    account_token TEXT NOT NULL,
                    created_at INTEGER NOT NULL
                );
                CREATE TABLE servers (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    name TEXT NOT NULL,
                    name_key TEXT NOT NULL UNIQUE,
                    delivery_type TEXT NOT NULL,
                    settings TEXT NOT NULL,
                    created_at INTEGER NOT NULL
                );
                CREATE TABLE api_tokens (
                    token TEXT PRIMARY KEY,
                    lookup_key TEXT NOT NULL,
                    server_id INTEGER NOT NULL REFERENCES servers(id) ON DELETE CASCADE,
                    created_at INTEGER NOT NULL
                );
                CREATE INDEX api_tokens_by_lookup_key ON api_tokens(lookup_key);
                CREATE INDEX api_tokens_by_server ON api_tokens(server_id);
                CREATE TABLE message_streams (
                    server_id INTEGER NOT NULL REFERENCES servers(id) ON DELETE CASCADE,
                    id TEXT NOT NULL,
                    name TEXT NOT NULL,
                    type TEXT NOT NULL,
                    description TEXT,
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER,
                    archived_at INTEGER,
                    PRIMARY KEY (server_id, id)
                );
                """)
        }
        migrator.registerMigration("0002_messages_queue") { db in
            try db.execute(sql: """
                CREATE TABLE messages (
                    pk INTEGER PRIMARY KEY,
                    message_id TEXT NOT NULL UNIQUE,
                    server_id INTEGER NOT NULL REFERENCES servers(id) ON DELETE CASCADE,
                    stream TEXT NOT NULL,
                    from_email TEXT NOT NULL,
                    from_display TEXT NOT NULL,
                    subject TEXT NOT NULL,
                    tag TEXT,
                    to_json TEXT NOT NULL,
                    cc_json TEXT NOT NULL,
                    bcc_json TEXT NOT NULL,
                    metadata_json TEXT NOT NULL,
                    attachments_json TEXT NOT NULL,
                    track_opens INTEGER NOT NULL,
                    track_links TEXT NOT NULL,
                    sandboxed INTEGER NOT NULL,
                    status TEXT NOT NULL,
                    received_at INTEGER NOT NULL,
                    text_body TEXT,
                    html_body TEXT
                );
                CREATE INDEX messages_by_stream ON messages(server_id, stream, received_at);
                CREATE INDEX messages_by_from ON messages(server_id, from_email, received_at);
                CREATE INDEX messages_by_tag ON messages(server_id, tag, received_at);
                CREATE TABLE message_raw (
                    message_pk INTEGER PRIMARY KEY REFERENCES messages(pk) ON DELETE CASCADE,
                    raw BLOB NOT NULL
                );
                CREATE TABLE message_recipients (
                    message_pk INTEGER NOT NULL REFERENCES messages(pk) ON DELETE CASCADE,
                    server_id INTEGER NOT NULL,
                    email TEXT NOT NULL
                );
                CREATE INDEX message_recipients_by_email ON message_recipients(server_id, email, message_pk);
                CREATE INDEX message_recipients_by_message ON message_recipients(message_pk);
                CREATE TABLE message_metadata (
                    message_pk INTEGER NOT NULL REFERENCES messages(pk) ON DELETE CASCADE,
                    server_id INTEGER NOT NULL,
                    key TEXT NOT NULL,
                    value TEXT NOT NULL
                );
                CREATE INDEX message_metadata_by_pair ON message_metadata(server_id, key, value, message_pk);
                CREATE INDEX message_metadata_by_message ON message_metadata(message_pk);
                CREATE VIRTUAL TABLE message_subjects USING fts5(
                    subject, content='messages', content_rowid='pk', tokenize='unicode61'
                );
                CREATE TRIGGER messages_subject_insert AFTER INSERT ON messages BEGIN
                    INSERT INTO message_subjects(rowid, subject) VALUES (new.pk, new.subject);
                END;
                CREATE TRIGGER messages_subject_delete AFTER DELETE ON messages BEGIN
                    INSERT INTO message_subjects(message_subjects, rowid, subject) VALUES ('delete', old.pk, old.subject);
                END;
                CREATE TABLE deliveries (
                    id INTEGER PRIMARY KEY,
                    message_pk INTEGER NOT NULL REFERENCES messages(pk) ON DELETE CASCADE,
                    recipient TEXT NOT NULL,
                    status TEXT NOT NULL,
                    due_at INTEGER NOT NULL,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    lease_owner TEXT,
                    lease_until INTEGER,
                    updated_at INTEGER NOT NULL
                );
                CREATE INDEX deliveries_due ON deliveries(status, due_at);
                CREATE INDEX deliveries_by_message ON deliveries(message_pk);
                CREATE TABLE message_events (
                    id INTEGER PRIMARY KEY,
                    message_pk INTEGER NOT NULL REFERENCES messages(pk) ON DELETE CASCADE,
                    recipient TEXT NOT NULL,
                    type TEXT NOT NULL,
                    received_at INTEGER NOT NULL,
                    details_json TEXT NOT NULL
                );
                CREATE INDEX message_events_by_message ON message_events(message_pk, id);
                """)
        }
        migrator.registerMigration("0003_templates") { db in
            // Deleted templates stay (active = 0) so that they remain readable by id; only active ones hold
            // their alias, so the uniqueness of aliases is a partial index.
            try db.execute(sql: """
                CREATE TABLE templates (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    server_id INTEGER NOT NULL REFERENCES servers(id) ON DELETE CASCADE,
                    name TEXT NOT NULL,
                    alias TEXT,
                    template_type TEXT NOT NULL CHECK (template_type IN ('Standard', 'Layout')),
                    subject TEXT,
                    html_body TEXT,
                    text_body TEXT,
                    layout_alias TEXT,
                    active INTEGER NOT NULL DEFAULT 1,
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL,
                    deleted_at INTEGER
                );
                CREATE UNIQUE INDEX templates_active_alias ON templates(server_id, alias)
                    WHERE active = 1 AND alias IS NOT NULL;
                CREATE INDEX templates_by_server ON templates(server_id, active, id);
                CREATE INDEX templates_by_layout ON templates(server_id, layout_alias)
                    WHERE active = 1 AND layout_alias IS NOT NULL;
                """)
        }
        migrator.registerMigration("0004_dkim_keys") { db in
            // One active key per domain and algorithm; a rotated-out key stays with active = 0.
            try db.execute(sql: """
                CREATE TABLE dkim_keys (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    domain TEXT NOT NULL,
                    selector TEXT NOT NULL,
                    algorithm TEXT NOT NULL,
                    private_key_pem TEXT NOT NULL,
                    public_dns_value TEXT NOT NULL,
                    active INTEGER NOT NULL DEFAULT 1,
                    created_at INTEGER NOT NULL
                );
                CREATE UNIQUE INDEX dkim_keys_active ON dkim_keys(domain, algorithm) WHERE active = 1;
                CREATE UNIQUE INDEX dkim_keys_selector ON dkim_keys(domain, selector);
                """)
        }
        migrator.registerMigration("0005_suppressions") { db in
            try db.execute(sql: """
                CREATE TABLE suppressions (
                    server_id INTEGER NOT NULL REFERENCES servers(id) ON DELETE CASCADE,
                    stream TEXT NOT NULL,
                    email_key TEXT NOT NULL,
                    email TEXT NOT NULL,
                    reason TEXT NOT NULL,
                    origin TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    PRIMARY KEY (server_id, stream, email_key)
                );
                CREATE INDEX suppressions_by_time ON suppressions(server_id, stream, created_at);
                """)
        }
        migrator.registerMigration("0006_bounces") { db in
            // server_id is NULL for an unmatched bounce (kept for inspection, never shown by the API).
            try db.execute(sql: """
                CREATE TABLE bounces (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    server_id INTEGER REFERENCES servers(id) ON DELETE CASCADE,
                    message_pk INTEGER REFERENCES messages(pk) ON DELETE CASCADE,
                    message_id TEXT,
                    stream TEXT,
                    type TEXT NOT NULL,
                    type_code INTEGER NOT NULL,
                    email TEXT NOT NULL,
                    email_key TEXT NOT NULL,
                    from_display TEXT NOT NULL DEFAULT '',
                    subject TEXT NOT NULL DEFAULT '',
                    tag TEXT,
                    description TEXT NOT NULL,
                    details TEXT NOT NULL,
                    bounced_at INTEGER NOT NULL,
                    content BLOB,
                    inactive INTEGER NOT NULL,
                    can_activate INTEGER NOT NULL
                );
                CREATE INDEX bounces_by_server ON bounces(server_id, stream, bounced_at);
                CREATE INDEX bounces_by_message ON bounces(message_id);
                """)
        }
        migrator.registerMigration("0007_domains") { db in
            // A domain's DKIM keys live in dkim_keys (domain = the domain's name_key) with a state:
            // pending (published, not yet verified), active (signing), revoked (replaced by a rotation)
            // or retired.
            try db.execute(sql: """
                CREATE TABLE domains (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    name TEXT NOT NULL,
                    name_key TEXT NOT NULL UNIQUE,
                    return_path_domain TEXT,
                    return_path_verified INTEGER NOT NULL DEFAULT 0,
                    dkim_verified INTEGER NOT NULL DEFAULT 0,
                    spf_verified INTEGER NOT NULL DEFAULT 0,
                    last_reason TEXT,
                    created_at INTEGER NOT NULL,
                    checked_at INTEGER
                );
                ALTER TABLE dkim_keys ADD COLUMN state TEXT NOT NULL DEFAULT 'active';
                """)
        }
        migrator.registerMigration("0008_sender_signatures") { db in
            // Confirmation tokens are stored as their SHA-256 digest; a used token is set to NULL.
            try db.execute(sql: """
                CREATE TABLE sender_signatures (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    email TEXT NOT NULL,
                    email_key TEXT NOT NULL UNIQUE,
                    domain TEXT NOT NULL,
                    name TEXT NOT NULL,
                    reply_to TEXT,
                    return_path_domain TEXT,
                    return_path_verified INTEGER NOT NULL DEFAULT 0,
                    personal_note TEXT,
                    confirmed INTEGER NOT NULL DEFAULT 0,
                    spf_verified INTEGER NOT NULL DEFAULT 0,
                    confirmation_digest TEXT UNIQUE,
                    created_at INTEGER NOT NULL,
                    confirmed_at INTEGER,
                    confirmation_sent_at INTEGER
                );
                """)
        }
        return migrator
    }
}
