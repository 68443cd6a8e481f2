import CSQLite
#if canImport(Glibc)
    import Glibc
#endif
import SnodoModel

/// What varies between a laptop, a test and the simulator: the wall clock and the random bits for
/// new ids. The store never reads either itself.
package struct StoreEnvironment {
    package var wallMillis: () -> Int64
    package var random: () -> UInt64

    package init(wallMillis: @escaping () -> Int64, random: @escaping () -> UInt64) {
        self.wallMillis = wallMillis
        self.random = random
    }

    /// The real wall clock and the system's random numbers: what a laptop runs on.
    package static var live: StoreEnvironment {
        StoreEnvironment(
            wallMillis: {
                var now = timespec()
                clock_gettime(CLOCK_REALTIME, &now)
                return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
            },
            random: { UInt64.random(in: 0...UInt64.max) })
    }
}

/// A replica's SQLite store: applies local edits and remote changes atomically, numbers every
/// change it applies, keeps every cell's history until erasure, and answers "changes after N".
///
/// Loop of use: `create` or `open`; `commit` local edits (each call one transaction) or `apply`
/// remote changes; read with `record`, `records`, `history`, `conflicts`; pass on
/// `changes(after:)` to peers; `erase` a record everywhere it reaches.
package final class Store {
    /// `PRAGMA application_id`: "Snod". A SQLite file without it is not ours.
    static let applicationID: Int64 = 0x536E_6F64
    package let path: String
    let database: Database
    package let device: DeviceID
    let environment: StoreEnvironment
    let rule: MergeRule
    var clock: HybridClock
    /// Erasure lookups already made in the current write transaction.
    var erasedCache: [RecordID: Bool] = [:]
    /// Whether a write transaction is open (`write`, or a step of opening the store).
    private(set) var isWriting = false
    /// The token of the `StoreTransaction` whose block is running, nil outside `write`.
    var openTransaction: UInt64?
    /// How many `write` blocks have begun: each transaction's token.
    var transactionsOpened: UInt64 = 0
    /// Set by a step that deleted values (erasure, purge, discard): the WAL is scrubbed after commit.
    var scrubAfterCommit = false
    /// Whether `writeGroup` is running: `write` blocks join its transaction.
    var inGroup = false
    /// Whether a `write` block inside the running group threw: the group rolls back.
    var groupFailed = false
    /// The last change number given out; the next applied change gets the one after.
    package internal(set) var lastChangeNumber: UInt64
    /// The fingerprint of the change log at `lastChangeNumber` ([LOG-1]).
    var logFingerprint: LogFingerprint
    /// The device id that stamps this replica's own writes: `device` until the store finds itself
    /// restored from a copy, then a new one, so that no stamp is ever given two values.
    package internal(set) var writer: DeviceID
    /// Files of this store that other users could read when it was opened, now tightened to
    /// 0600, as "path (was 0644)": the command says so.
    package private(set) var tightenedFiles: [String] = []
    /// The programme profile this replica reads its records with: the core profile until `snodo
    /// init --profile` or a relay gives another (`Store+Profile`).
    package internal(set) var profile: Profile = .core

    /// Creates a new store with a new device identity. Fails if a store is already there.
    /// With `vault`, every page of the file is sealed with its key (`VaultVFS`).
    package static func create(
        path: String, environment: StoreEnvironment, rule: MergeRule = .standard, device chosen: DeviceID? = nil, vault: VaultKey? = nil
    ) throws -> Store {
        let database = try Database(path: path, sealed: vault?.dataKey)
        // The file exists now, empty: private before a byte is written (the WAL and shared-memory
        // files SQLite makes later take the database file's mode).
        if isFile(path) { try OwnerOnly.tighten([path]) }
        if try database.integer("PRAGMA user_version") != 0 || (try database.integer("SELECT count(*) FROM sqlite_master")) != 0 {
            throw StoreError.alreadyExists(path: path)
        }
        let device = chosen ?? DeviceID(environment.random() | 1)
        try configure(database)
        try database.transaction {
            try Migrations.run(on: database)
            try database.statement("INSERT INTO meta(key, value) VALUES ('device', ?1)").bind(.integer(Int64(bitPattern: device.raw))).run()
            try database.execute("PRAGMA application_id = \(applicationID)")
        }
        let store = try Store(path: path, database: database, environment: environment, rule: rule)
        try store.noteFileIdentity()
        return store
    }

    /// Opens an existing store, migrating it to this build's version if it is older.
    package static func open(path: String, environment: StoreEnvironment, rule: MergeRule = .standard, vault: VaultKey? = nil) throws -> Store {
        guard access(path, F_OK) == 0 else { throw StoreError.missingStore(path: path) }
        guard let database = try openExisting(path, vault: vault) else { throw StoreError.notASnodoStore(path: path) }
        guard try database.integer("PRAGMA application_id") == applicationID else {
            throw StoreError.notASnodoStore(path: path)
        }
        let version = try database.integer("PRAGMA user_version") ?? 0
        guard version <= Migrations.latest else {
            throw StoreError.newerStore(path: path, found: version, supported: Migrations.latest)
        }
        let tightened = isFile(path) ? try OwnerOnly.tighten(OwnerOnly.storeFiles(path)) : []
        try configure(database)
        try database.transaction { try Migrations.run(on: database) }
        let store = try Store(path: path, database: database, environment: environment, rule: rule)
        store.tightenedFiles = tightened
        try store.fillLogIfEmpty()
        try store.noticeCopy()
        return store
    }

    /// A store on disk (not `:memory:` or a temporary database).
    static func isFile(_ path: String) -> Bool {
        !path.isEmpty && path != ":memory:" && !path.hasPrefix("file:")
    }

    /// Opens a file and reads its header; nil when SQLite says the file is not a database.
    private static func openExisting(_ path: String, vault: VaultKey?) throws -> Database? {
        let database: Database
        do { database = try Database(path: path, readOnly: false, sealed: vault?.dataKey) } catch {
            // Sealed with another key, SQLite finds no database in the file.
            if error.isNotADatabase { return nil }
            throw error
        }
        let result = Result { () throws(SQLiteError) in try database.execute("PRAGMA schema_version") }
        if case .failure(let error) = result {
            if error.isNotADatabase { return nil }
            throw error
        }
        return database
    }

    private init(path: String, database: Database, environment: StoreEnvironment, rule: MergeRule) throws {
        self.path = path
        self.database = database
        self.environment = environment
        self.rule = rule
        let deviceRaw = try database.integer("SELECT value FROM meta WHERE key = 'device'") ?? 0
        device = DeviceID(UInt64(bitPattern: deviceRaw))
        let clockRaw = try database.integer("SELECT value FROM meta WHERE key = 'clock'") ?? 0
        clock = HybridClock(last: HLC(raw: UInt64(bitPattern: clockRaw)))
        // The log's last row, without a scan; a store made before the log (version 7) has none yet.
        let logged = try database.integer("SELECT max(seq) FROM change_log") ?? 0
        let versionsMax = logged > 0 ? logged : try database.integer("SELECT max(seq) FROM history") ?? 0
        let erasuresMax = try database.integer("SELECT max(seq) FROM erasures") ?? 0
        let counter = try database.integer("SELECT value FROM meta WHERE key = 'last_change'") ?? 0
        lastChangeNumber = UInt64(max(versionsMax, erasuresMax, counter))
        logFingerprint = LogFingerprint(UInt64(bitPattern: try database.integer("SELECT fingerprint FROM change_log ORDER BY seq DESC LIMIT 1") ?? 0))
        writer = (try database.integer("SELECT value FROM meta WHERE key = 'writer'")).map { DeviceID(UInt64(bitPattern: $0)) } ?? device
        profile = try loadProfile()
    }

    /// WAL for concurrent readers and cheap commits; secure_delete so that erased values are
    /// overwritten in the file instead of lingering in free space (Debian enables it at build time,
    /// other builds do not, so it is set explicitly); a 16 MiB page cache, so that a sync's
    /// batches touch the disk only at commit.
    private static func configure(_ database: Database) throws {
        try database.execute(
            """
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = FULL;
            PRAGMA secure_delete = ON;
            PRAGMA foreign_keys = OFF;
            PRAGMA cache_size = -16384;
            """)
    }

    /// Runs `body` as one transaction and persists the clock and change counter with it, so that a
    /// crash at any point leaves both consistent with the committed changes.
    func writeTransaction<T>(_ body: () throws -> T) throws -> T {
        let clockBefore = clock
        let numberBefore = lastChangeNumber
        let fingerprintBefore = logFingerprint
        precondition(!isWriting, "a write transaction inside a write transaction")
        isWriting = true
        defer { isWriting = false }
        do {
            return try database.transaction {
                erasedCache.removeAll(keepingCapacity: true)
                try reloadCounters()
                let result = try body()
                try saveMeta("clock", Int64(bitPattern: clock.last.raw))
                try saveMeta("last_change", Int64(bitPattern: lastChangeNumber))
                return result
            }
        } catch {
            clock = clockBefore
            lastChangeNumber = numberBefore
            logFingerprint = fingerprintBefore
            throw error
        }
    }

    /// Another process (a `snodo sync --every` beside a person logging visits) may have written
    /// since this one last looked: inside the write lock, take up the stored clock and counter.
    private func reloadCounters() throws {
        let stored = HLC(raw: UInt64(bitPattern: try meta("clock") ?? 0))
        if stored > clock.last { clock = HybridClock(last: stored, skewMillisMax: clock.skewMillisMax) }
        let storedNumber = UInt64(bitPattern: try meta("last_change") ?? 0)
        if storedNumber > lastChangeNumber {
            lastChangeNumber = storedNumber
            logFingerprint = LogFingerprint(UInt64(bitPattern: try database.integer("SELECT fingerprint FROM change_log ORDER BY seq DESC LIMIT 1") ?? 0))
        }
        if let raw = try meta("writer") { writer = DeviceID(UInt64(bitPattern: raw)) }
    }

    func saveMeta(_ key: String, _ value: Int64) throws {
        try database.statement("INSERT INTO meta(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value")
            .bind(.text(key), .integer(value)).run()
    }

    func meta(_ key: String) throws -> Int64? {
        let statement = try database.statement("SELECT value FROM meta WHERE key = ?1")
        try statement.bind(.text(key))
        return try statement.readFirst { $0.int64(0) }
    }

    /// The last reading of the replica's hybrid clock (issued or observed).
    package var clockReading: HLC { clock.last }

    /// What the clock would read now, without issuing a reading: sent in HELLO so a peer can
    /// measure this replica's skew.
    package var clockNow: HLC { max(clock.last, HLC(millis: environment.wallMillis())) }

    /// `PRAGMA integrity_check`: "ok" when the file is sound.
    package func integrityCheck() throws -> String {
        try database.texts("PRAGMA integrity_check").joined(separator: "; ")
    }
}
