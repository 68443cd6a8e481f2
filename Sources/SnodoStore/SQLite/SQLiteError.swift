import CSQLite

/// A failure reported by SQLite, converted in one place (`Database.check`). The message is
/// SQLite's own, which names tables and constraints but never the values bound to a statement,
/// so it is safe to log: personal data never reaches an error message.
package struct SQLiteError: Error, Equatable, CustomStringConvertible, Sendable {
    package let code: Int32
    package let message: String

    package init(code: Int32, message: String) {
        self.code = code
        self.message = message
    }

    /// The primary result code without the extended bits.
    package var primaryCode: Int32 { code & 0xFF }
    package var isBusy: Bool { primaryCode == SQLITE_BUSY || primaryCode == SQLITE_LOCKED }
    package var isNotADatabase: Bool { primaryCode == SQLITE_NOTADB }

    /// The result code and SQLite's generic name for it ("13 database or disk is full"): safe to
    /// log, since it never carries a value, unlike `message`.
    package var codeName: String { "sqlite \(code) \(String(cString: sqlite3_errstr(code)))" }

    package var description: String { "SQLite error \(code): \(message)" }
}
