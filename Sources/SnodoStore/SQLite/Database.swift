import CSQLite
import SnodoModel

/// One SQLite connection, used from one thread at a time. Statements are prepared once and cached
/// by their SQL text, like GRDB's statement cache, because the merge path runs the same few
/// statements hundreds of thousands of times.
package final class Database {
    let handle: OpaquePointer
    private var cache: [String: Statement] = [:]
    /// Statements of the merge path, keyed by the address of their literal SQL: no string hashing
    /// on a path that runs several times per cell.
    private var hotCache: [UInt: Statement] = [:]
    /// The key this file's pages are sealed with, nil for a plain file: a backup is sealed with it too.
    private let sealKey: [UInt8]?

    /// With `sealed`, the file is opened through the vault (`VaultVFS`), which seals every page
    /// with that key; a new file gets 4096-byte pages with room for the seal, WAL from its first
    /// write, and temporary data in memory only.
    package init(path: String, readOnly: Bool = false, sealed key: [UInt8]? = nil) throws(SQLiteError) {
        var pointer: OpaquePointer?
        let flags = (readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) | SQLITE_OPEN_NOMUTEX
        sealKey = key
        if let key {
            _ = VaultVFS.registered
            VaultVFS.setKey(key, for: path)
        }
        let code = sqlite3_open_v2(path, &pointer, flags, key == nil ? nil : VaultVFS.name)
        guard let pointer else { throw SQLiteError(code: code, message: "cannot open the database") }
        guard code == SQLITE_OK else {
            let error = SQLiteError(code: code, message: String(cString: sqlite3_errmsg(pointer)))
            sqlite3_close_v2(pointer)
            throw error
        }
        handle = pointer
        sqlite3_extended_result_codes(handle, 1)
        sqlite3_busy_timeout(handle, 5_000)
        if key != nil { try prepareSealed() }
    }

    /// Before anything is written to a new sealed file: its page size, the bytes each page keeps
    /// for the seal, WAL mode (no rollback journal ever holds a page), temporary data in memory.
    private func prepareSealed() throws(SQLiteError) {
        try execute("PRAGMA temp_store = MEMORY")
        guard (try? integer("PRAGMA page_count")) == 0 else { return }
        try execute("PRAGMA page_size = \(VaultVFS.pageBytes)")
        var reserve = Int32(PageSeal.reservedBytes)
        try check(sqlite3_file_control(handle, "main", SQLITE_FCNTL_RESERVE_BYTES, &reserve))
        // The switch to WAL writes the new file's first page under a rollback journal: kept in
        // memory, so that no journal file is ever made.
        try execute("PRAGMA journal_mode = MEMORY")
        try execute("PRAGMA journal_mode = WAL")
    }

    deinit {
        cache.removeAll()
        hotCache.removeAll()
        sqlite3_close_v2(handle)
    }

    /// Turns a result code into an error carrying SQLite's message.
    func check(_ code: Int32) throws(SQLiteError) {
        guard code == SQLITE_OK || code == SQLITE_ROW || code == SQLITE_DONE else {
            throw SQLiteError(code: code, message: String(cString: sqlite3_errmsg(handle)))
        }
    }

    /// Runs one or more statements that return no rows.
    package func execute(_ sql: String) throws(SQLiteError) {
        try check(sqlite3_exec(handle, sql, nil, nil, nil))
    }

    /// A cached prepared statement, reset and ready to bind.
    package func statement(_ sql: String) throws(SQLiteError) -> Statement {
        if let cached = cache[sql] {
            cached.reset()
            return cached
        }
        let statement = try Statement(database: self, sql: sql)
        cache[sql] = statement
        return statement
    }

    /// Copies this database to a new file with SQLite's online backup API: a consistent snapshot
    /// even while another process writes. Returns the number of pages copied.
    package func backup(to path: String) throws(SQLiteError) -> Int {
        let target = try Database(path: path, sealed: sealKey)
        // A copy of every record: its owner's only, before a page is copied into it.
        _ = try? OwnerOnly.tighten([path])
        guard let backup = sqlite3_backup_init(target.handle, "main", handle, "main") else {
            throw SQLiteError(code: sqlite3_errcode(target.handle), message: String(cString: sqlite3_errmsg(target.handle)))
        }
        var code: Int32
        repeat {
            code = sqlite3_backup_step(backup, 256)
            if code == SQLITE_BUSY || code == SQLITE_LOCKED { sqlite3_sleep(20) }
        } while code == SQLITE_OK || code == SQLITE_BUSY || code == SQLITE_LOCKED
        let pages = Int(sqlite3_backup_pagecount(backup))
        sqlite3_backup_finish(backup)
        guard code == SQLITE_DONE else { throw SQLiteError(code: code, message: "backup did not complete") }
        return pages
    }

    /// A cached prepared statement for literal SQL on a hot path, reset and ready to bind.
    package func cached(_ sql: StaticString) throws(SQLiteError) -> Statement {
        let key = UInt(bitPattern: sql.utf8Start)
        if let statement = hotCache[key] {
            statement.reset()
            return statement
        }
        let statement = try Statement(database: self, sql: sql.description)
        hotCache[key] = statement
        return statement
    }

    /// Rows changed by the last INSERT, UPDATE or DELETE.
    package var changes: Int { Int(sqlite3_changes(handle)) }

    /// Runs `body` in a transaction that commits when it returns and rolls back when it throws.
    package func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// Runs `body` in a read transaction: every query in it sees one snapshot of the database.
    package func readTransaction<T>(_ body: () throws -> T) throws -> T {
        // Inside a transaction already (a write, or a group of them), that one is the snapshot.
        guard sqlite3_get_autocommit(handle) != 0 else { return try body() }
        try execute("BEGIN DEFERRED")
        defer { try? execute("COMMIT") }
        return try body()
    }

    /// The first column of the first row of a query, as an integer.
    package func integer(_ sql: String) throws(SQLiteError) -> Int64? {
        do { return try statement(sql).readFirst { $0.int64(0) } } catch let error as SQLiteError { throw error } catch { preconditionFailure("\(error)") }
    }

    /// The first column of every row of a query, as text.
    package func texts(_ sql: String) throws(SQLiteError) -> [String] {
        let statement = try self.statement(sql)
        var rows: [String] = []
        while try statement.step() { rows.append(statement.text(0) ?? "") }
        return rows
    }
}
