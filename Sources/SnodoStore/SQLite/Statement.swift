import CSQLite

/// A prepared statement that finalizes itself. Binding and reading are by position; the store's
/// SQL is written next to the code that binds it.
package final class Statement {
    let handle: OpaquePointer
    unowned let database: Database

    init(database: Database, sql: String) throws(SQLiteError) {
        var pointer: OpaquePointer?
        let code = sqlite3_prepare_v3(database.handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &pointer, nil)
        try database.check(code)
        guard let pointer else { throw SQLiteError(code: SQLITE_MISUSE, message: "empty statement") }
        handle = pointer
        self.database = database
    }

    deinit { sqlite3_finalize(handle) }

    func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    /// Binds values to `?1`, `?2`, … in order.
    @discardableResult
    package func bind(_ values: SQLValue...) throws(SQLiteError) -> Statement {
        try bind(values)
    }

    @discardableResult
    package func bind(_ values: [SQLValue]) throws(SQLiteError) -> Statement {
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let code: Int32
            switch value {
            case .null: code = sqlite3_bind_null(handle, index)
            case .integer(let number): code = sqlite3_bind_int64(handle, index, number)
            case .text(let text): code = sqlite3_bind_text(handle, index, text, -1, snodo_sqlite_transient())
            case .blob(let bytes):
                code = bytes.withUnsafeBytes { raw in
                    // A zero-length blob must still bind as a blob, not as NULL.
                    sqlite3_bind_blob(handle, index, raw.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32(bytes.count), snodo_sqlite_transient())
                }
            }
            try database.check(code)
        }
        return self
    }

    /// Binds one integer to `?index`: the merge binds each column this way, since building an
    /// array of values for every change costs more than SQLite's own work.
    package func bind(_ index: Int32, _ number: Int64) throws(SQLiteError) {
        try database.check(sqlite3_bind_int64(handle, index, number))
    }

    /// Binds bytes to `?index` as a blob (an empty one too, never as NULL); SQLite takes a copy.
    package func bind(_ index: Int32, blob bytes: UnsafeRawBufferPointer) throws(SQLiteError) {
        let base = bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1)
        try database.check(sqlite3_bind_blob(handle, index, base, Int32(bytes.count), snodo_sqlite_transient()))
    }

    package func bind(_ index: Int32, blob bytes: [UInt8]) throws(SQLiteError) {
        let code = bytes.withUnsafeBytes { raw in
            sqlite3_bind_blob(handle, index, raw.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32(raw.count), snodo_sqlite_transient())
        }
        try database.check(code)
    }

    package func bindNull(_ index: Int32) throws(SQLiteError) {
        try database.check(sqlite3_bind_null(handle, index))
    }

    /// Binds text to `?index`, or NULL for nil.
    package func bind(_ index: Int32, text: String?) throws(SQLiteError) {
        guard let text else { return try database.check(sqlite3_bind_null(handle, index)) }
        try database.check(sqlite3_bind_text(handle, index, text, -1, snodo_sqlite_transient()))
    }

    /// Steps once: true when a row is ready, false when the statement is done.
    @discardableResult
    package func step() throws(SQLiteError) -> Bool {
        let code = sqlite3_step(handle)
        try database.check(code)
        return code == SQLITE_ROW
    }

    /// Reads the first row, if any, and resets the statement so that it holds no read lock.
    package func readFirst<T>(_ read: (Statement) throws -> T) throws -> T? {
        defer { sqlite3_reset(handle) }
        return try step() ? try read(self) : nil
    }

    /// Every row, read with `read`.
    package func readAll<T>(_ read: (Statement) throws -> T) throws -> [T] {
        var rows: [T] = []
        while try step() { rows.append(try read(self)) }
        return rows
    }

    /// Steps to completion, for statements that return no rows.
    package func run() throws(SQLiteError) {
        while try step() {}
    }

    package func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }

    package func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }

    package func text(_ column: Int32) -> String? {
        guard let pointer = sqlite3_column_text(handle, column) else { return nil }
        return String(cString: pointer)
    }

    package func blob(_ column: Int32) -> [UInt8] {
        let count = Int(sqlite3_column_bytes(handle, column))
        guard count > 0, let pointer = sqlite3_column_blob(handle, column) else { return [] }
        return Array(UnsafeRawBufferPointer(start: pointer, count: count))
    }
}

/// A value bound to a statement.
package enum SQLValue {
    case null
    case integer(Int64)
    case text(String)
    case blob([UInt8])
}
