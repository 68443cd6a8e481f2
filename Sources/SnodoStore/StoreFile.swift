import CSQLite

/// What can be done to a store's file without opening it as a replica: a consistent copy, and a
/// health check. The relay's backup, restore and check commands use these, never SQLite itself.
package enum StoreFile {
    /// What `check` found.
    package enum Health: Equatable, Sendable {
        case sound
        /// A SQLite file, but not a Snodo store.
        case foreign
        /// SQLite finds it damaged; the detail is SQLite's (no data).
        case damaged(String)
        /// It cannot be read at all (permissions, a missing disk).
        case unreadable(String)
    }

    /// Copies the store at `source` to `target` with SQLite's online backup, consistent even
    /// while another process writes; returns the pages copied.
    @discardableResult
    package static func copy(_ source: String, to target: String) throws -> Int {
        try Database(path: source, readOnly: true).backup(to: target)
    }

    /// Reads the file's header and runs SQLite's integrity check, changing nothing.
    package static func check(_ path: String) -> Health {
        do {
            let database = try Database(path: path, readOnly: true)
            guard try database.integer("PRAGMA application_id") == Store.applicationID else { return .foreign }
            let integrity = try database.texts("PRAGMA integrity_check")
            return integrity == ["ok"] ? .sound : .damaged("integrity check: " + integrity.prefix(3).joined(separator: "; "))
        } catch let error where error.isNotADatabase || error.primaryCode == SQLITE_CORRUPT {
            return .damaged(error.codeName)
        } catch {
            return .unreadable("\(error)")
        }
    }
}
