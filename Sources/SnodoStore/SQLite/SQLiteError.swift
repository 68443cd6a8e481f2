import CSQLite

/// A failure reported by SQLite, converted in one place (`Database.check`). The message is
/// SQLite's own, which names tables and constraints but never the values bound to a statement,
/// so it is safe to log: personal data never reaches an error message.
public struct SQLiteError: Error, Equatable, CustomStringConvertible, Sendable {
    public let code: Int32
    public let message: String

    public init(code: Int32, message: String) {
        self.code = code
        self.message = message
    }

    /// The primary result code without the extended bits.
    public var primaryCode: Int32 { code & 0xFF }
    public var isBusy: Bool { primaryCode == SQLITE_BUSY || primaryCode == SQLITE_LOCKED }
    public var isNotADatabase: Bool { primaryCode == SQLITE_NOTADB }

    /// The result code and SQLite's generic name for it ("13 database or disk is full"): safe to
    /// log, since it never carries a value, unlike `message`.
    public var codeName: String { "sqlite \(code) \(String(cString: sqlite3_errstr(code)))" }

    public var description: String { "SQLite error \(code): \(message)" }
}
