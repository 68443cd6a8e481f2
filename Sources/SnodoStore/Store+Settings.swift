/// Settings of this replica (operator, team, default district, relay address): kept in the meta
/// table beside the identity, so that they travel with the store file and nothing else.
extension Store {
    package func setting(_ key: String) throws -> String? {
        try database.statement("SELECT value FROM meta WHERE key = ?1").bind(.text("setting." + key)).readFirst { $0.text(0) } ?? nil
    }

    func setSetting(_ key: String, _ value: String) throws {
        assertWriting()
        try database.statement("INSERT INTO meta(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value")
            .bind(.text("setting." + key), .text(value)).run()
    }

    func removeSetting(_ key: String) throws {
        assertWriting()
        try database.statement("DELETE FROM meta WHERE key = ?1").bind(.text("setting." + key)).run()
    }

    /// Random bits from the injected source (for nonces).
    package func randomBits() -> UInt64 { environment.random() }
}

extension Store {
    /// Writes a consistent copy of the store to `path` (SQLite's online backup), while it is in use.
    @discardableResult
    package func backup(to path: String) throws -> Int {
        try database.backup(to: path)
    }
}
