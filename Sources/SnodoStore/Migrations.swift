/// The store's schema, one step per version, applied in order inside the opening transaction and
/// recorded in `PRAGMA user_version`. A step is never edited once released: changes are new steps.
enum Migrations {
    static let steps: [String] = [
        // Version 1: cells, their history, supersession, conflicts, erasure markers.
        """
        CREATE TABLE meta(key TEXT PRIMARY KEY, value) WITHOUT ROWID;
        -- The winning write of every cell.
        CREATE TABLE cells(
            record BLOB NOT NULL, field INTEGER NOT NULL, element BLOB NOT NULL,
            hlc INTEGER NOT NULL, device INTEGER NOT NULL, value BLOB NOT NULL,
            PRIMARY KEY(record, field, element)) WITHOUT ROWID;
        -- Every write ever applied, numbered in application order: the audit history and the
        -- change feed ("changes after N" is a range scan on versions_by_seq).
        CREATE TABLE versions(
            record BLOB NOT NULL, field INTEGER NOT NULL, element BLOB NOT NULL,
            hlc INTEGER NOT NULL, device INTEGER NOT NULL,
            seq INTEGER NOT NULL, value BLOB NOT NULL, supersedes BLOB NOT NULL, applied_at INTEGER NOT NULL,
            PRIMARY KEY(record, field, element, hlc, device)) WITHOUT ROWID;
        CREATE UNIQUE INDEX versions_by_seq ON versions(seq);
        -- Stamps some write named as replaced.
        CREATE TABLE superseded(
            record BLOB NOT NULL, field INTEGER NOT NULL, element BLOB NOT NULL,
            hlc INTEGER NOT NULL, device INTEGER NOT NULL,
            PRIMARY KEY(record, field, element, hlc, device)) WITHOUT ROWID;
        -- Losing values nobody superseded: for a person to review.
        CREATE TABLE conflicts(
            record BLOB NOT NULL, field INTEGER NOT NULL, element BLOB NOT NULL,
            hlc INTEGER NOT NULL, device INTEGER NOT NULL,
            PRIMARY KEY(record, field, element, hlc, device)) WITHOUT ROWID;
        -- The kind of every record, for listing without scanning cells.
        CREATE TABLE records(record BLOB PRIMARY KEY, kind INTEGER NOT NULL) WITHOUT ROWID;
        CREATE INDEX records_by_kind ON records(kind, record);
        -- Erased records: the marker that keeps late writes out.
        CREATE TABLE erasures(
            record BLOB PRIMARY KEY, hlc INTEGER NOT NULL, device INTEGER NOT NULL,
            seq INTEGER NOT NULL UNIQUE) WITHOUT ROWID;
        """,
        // Version 2: what each peer has sent us and acknowledged, for resumable sync.
        """
        CREATE TABLE peers(
            peer TEXT PRIMARY KEY, received_through INTEGER NOT NULL DEFAULT 0,
            acknowledged_through INTEGER NOT NULL DEFAULT 0, last_sync_millis INTEGER,
            address TEXT) WITHOUT ROWID;
        """,
        // Version 3: where each change came from, so that sync never sends a peer its own changes
        // back; and what the relay learns of each device at every exchange.
        """
        ALTER TABLE versions ADD COLUMN source TEXT;
        ALTER TABLE erasures ADD COLUMN source TEXT;
        ALTER TABLE peers ADD COLUMN clock_skew_millis INTEGER;
        ALTER TABLE peers ADD COLUMN unsent INTEGER;
        ALTER TABLE peers ADD COLUMN exchanges INTEGER NOT NULL DEFAULT 0;
        """,
        // Version 4: trust. On a relay, the enrolled devices (no secrets: keys are derived from the
        // relay's master key, kept outside the database); on a device, the records the relay refused.
        """
        CREATE TABLE devices(
            device TEXT PRIMARY KEY, team TEXT NOT NULL, role TEXT NOT NULL, districts TEXT NOT NULL,
            operator TEXT, status TEXT NOT NULL, claim_nonce BLOB, counter INTEGER NOT NULL DEFAULT 0,
            scope_epoch INTEGER NOT NULL DEFAULT 1, lease_days INTEGER NOT NULL, enrolled_millis INTEGER NOT NULL,
            revoked_millis INTEGER, revoke_told_millis INTEGER) WITHOUT ROWID;
        CREATE TABLE rejections(
            record BLOB PRIMARY KEY, reason INTEGER NOT NULL, rejected_millis INTEGER NOT NULL) WITHOUT ROWID;
        """,
        // Version 5: after a scope change a laptop may have purged records it wrote itself; the
        // relay sends its own changes back up to this change number.
        """
        ALTER TABLE peers ADD COLUMN resend_own_through INTEGER NOT NULL DEFAULT 0;
        """,
        // Version 6: under a new scope a laptop sends the edits the relay refused once more, to be
        // judged again, instead of everything it ever sent.
        """
        ALTER TABLE rejections ADD COLUMN rejudge INTEGER NOT NULL DEFAULT 0;
        """,
        // Version 7: restores. The fingerprint of the change log at every change number (never
        // erased: it holds no value), so that a peer restored from an older copy is seen; what this
        // replica holds of each peer's fingerprints, and the rewinds it owes a peer.
        """
        CREATE TABLE change_log(seq INTEGER PRIMARY KEY, fingerprint INTEGER NOT NULL);
        ALTER TABLE peers ADD COLUMN received_fingerprint INTEGER;
        ALTER TABLE peers ADD COLUMN checkpoints BLOB;
        ALTER TABLE peers ADD COLUMN return_through INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE peers ADD COLUMN rewind INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE peers ADD COLUMN sent BLOB;
        ALTER TABLE peers ADD COLUMN seen_through INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE peers ADD COLUMN seen_fingerprint INTEGER NOT NULL DEFAULT 0;
        -- Refused edits a relay accepted when judging them again, with the relay's cursor then.
        CREATE TABLE accepted_again(
            record BLOB PRIMARY KEY, reason INTEGER NOT NULL, relay_cursor INTEGER NOT NULL) WITHOUT ROWID;
        """,
        // Version 8: keys (protocol 2). A device is known by public keys only: the one-time key of
        // its enrollment code until it claims it, then its own. Devices enrolled under protocol 1
        // have neither and enroll again.
        """
        ALTER TABLE devices ADD COLUMN enrollment_key BLOB;
        ALTER TABLE devices ADD COLUMN public_key BLOB;
        """,
        // Version 9: at the relay, the refusals a device has not shown it read ([REJ-2]).
        """
        ALTER TABLE peers ADD COLUMN unconfirmed_refusals BLOB;
        """,
        // Version 10: one insert per new cell (issue 16). The winner of a cell keeps its whole
        // version in `cells`; `versions` holds only the others (those that lost or were replaced);
        // the log names each change's cell and stamp, so that the feed reads by change number
        // without an index on `seq` in either table. `history` is every version, as before.
        """
        ALTER TABLE cells RENAME TO cells_9;
        CREATE TABLE cells(
            record BLOB NOT NULL, field INTEGER NOT NULL, element BLOB NOT NULL,
            hlc INTEGER NOT NULL, device INTEGER NOT NULL, value BLOB NOT NULL,
            seq INTEGER NOT NULL, supersedes BLOB NOT NULL, applied_at INTEGER NOT NULL, source TEXT,
            PRIMARY KEY(record, field, element)) WITHOUT ROWID;
        INSERT INTO cells
            SELECT c.record, c.field, c.element, c.hlc, c.device, c.value, v.seq, v.supersedes, v.applied_at, v.source
            FROM cells_9 c JOIN versions v USING (record, field, element, hlc, device);
        CREATE TABLE versions_10(
            record BLOB NOT NULL, field INTEGER NOT NULL, element BLOB NOT NULL,
            hlc INTEGER NOT NULL, device INTEGER NOT NULL, value BLOB NOT NULL,
            seq INTEGER NOT NULL, supersedes BLOB NOT NULL, applied_at INTEGER NOT NULL, source TEXT,
            PRIMARY KEY(record, field, element, hlc, device)) WITHOUT ROWID;
        INSERT INTO versions_10
            SELECT v.record, v.field, v.element, v.hlc, v.device, v.value, v.seq, v.supersedes, v.applied_at, v.source FROM versions v
            WHERE NOT EXISTS (
                SELECT 1 FROM cells c WHERE c.record = v.record AND c.field = v.field AND c.element = v.element
                AND c.hlc = v.hlc AND c.device = v.device);
        DROP TABLE versions;
        DROP TABLE cells_9;
        ALTER TABLE versions_10 RENAME TO versions;
        CREATE VIEW history AS
            SELECT record, field, element, hlc, device, value, seq, supersedes, applied_at, source FROM cells
            UNION ALL SELECT record, field, element, hlc, device, value, seq, supersedes, applied_at, source FROM versions;
        CREATE TEMP TABLE log_keys(seq INTEGER PRIMARY KEY, record BLOB, field INTEGER, element BLOB, hlc INTEGER, device INTEGER);
        INSERT INTO log_keys SELECT seq, record, field, element, hlc, device FROM history;
        ALTER TABLE change_log ADD COLUMN record BLOB;
        ALTER TABLE change_log ADD COLUMN field INTEGER;
        ALTER TABLE change_log ADD COLUMN element BLOB;
        ALTER TABLE change_log ADD COLUMN hlc INTEGER;
        ALTER TABLE change_log ADD COLUMN device INTEGER;
        UPDATE change_log SET record = k.record, field = k.field, element = k.element, hlc = k.hlc, device = k.device
            FROM log_keys k WHERE k.seq = change_log.seq;
        DROP TABLE log_keys;
        """,
    ]

    static var latest: Int64 { Int64(steps.count) }

    static func run(on database: Database) throws {
        let current = try database.integer("PRAGMA user_version") ?? 0
        guard current < latest else { return }
        for version in Int(current)..<steps.count {
            try database.execute(steps[version])
        }
        try database.execute("PRAGMA user_version = \(latest)")
    }
}
