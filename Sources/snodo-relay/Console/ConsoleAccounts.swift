import Foundation
import SnodoModel
import SnodoStore

/// The console's own file beside the relay's store (`console.sqlite`, owner only): its users with
/// their Argon2id hashes, the open sessions (kept by the SHA-256 of their token, so the file gives
/// no session away) and the log of every action taken in the console. Apart from the relay's
/// store: the synced data's schema is untouched and a backup of the relay carries no password.
final class ConsoleAccounts: @unchecked Sendable {
    /// A session ends after this long without a request, and in any case this long after login.
    static let idleMillis: Int64 = 30 * 60_000
    static let lifetimeMillis: Int64 = 12 * 3_600_000
    static let passwordCharactersMin = 10

    private let database: Database
    private let lock = NSLock()

    init(folder: String) throws {
        try OwnerOnly.makeFolder(folder)
        OwnerOnly.restrictNewFiles()
        database = try Database(path: folder + "/console.sqlite")
        try database.execute(
            """
            CREATE TABLE IF NOT EXISTS users(name TEXT PRIMARY KEY, hash TEXT NOT NULL, created_millis INTEGER NOT NULL) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS sessions(
                token_hash BLOB PRIMARY KEY, user TEXT NOT NULL, created_millis INTEGER NOT NULL, last_millis INTEGER NOT NULL) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS actions(
                seq INTEGER PRIMARY KEY, millis INTEGER NOT NULL, user TEXT NOT NULL, action TEXT NOT NULL, target TEXT NOT NULL);
            """)
    }

    static var nowMillis: Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

    private func locked<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    /// Adds a user, or gives an existing one a new password.
    func setUser(_ name: String, password: String) throws {
        guard let hash = PasswordHash.make(password) else { throw CocoaError(.featureUnsupported) }
        try locked {
            try database.statement(
                "INSERT INTO users(name, hash, created_millis) VALUES (?1, ?2, ?3) ON CONFLICT(name) DO UPDATE SET hash = excluded.hash"
            ).bind(.text(name), .text(hash), .integer(Self.nowMillis)).run()
            try database.statement("DELETE FROM sessions WHERE user = ?1").bind(.text(name)).run()
        }
    }

    func removeUser(_ name: String) throws -> Bool {
        try locked {
            let found = try database.statement("SELECT 1 FROM users WHERE name = ?1").bind(.text(name)).readFirst { _ in true } ?? false
            try database.statement("DELETE FROM users WHERE name = ?1").bind(.text(name)).run()
            try database.statement("DELETE FROM sessions WHERE user = ?1").bind(.text(name)).run()
            return found
        }
    }

    func users() throws -> [String] { try locked { try database.texts("SELECT name FROM users ORDER BY name") } }

    /// A new session's token when the password is the user's; nil otherwise, after the same work
    /// (an unknown name is checked against a decoy hash), so the answer's time tells nothing.
    func logIn(_ name: String, password: String) throws -> String? {
        let hash = try locked { try database.statement("SELECT hash FROM users WHERE name = ?1").bind(.text(name)).readFirst { $0.text(0) } ?? nil }
        guard PasswordHash.verify(password, against: hash ?? ConsoleAccounts.decoyHash), hash != nil else { return nil }
        let token = SecretBytes.make(32).hex
        let now = Self.nowMillis
        try locked {
            try database.statement("INSERT INTO sessions(token_hash, user, created_millis, last_millis) VALUES (?1, ?2, ?3, ?3)").bind(
                .blob(SHA256.hash(Array(token.utf8))), .text(name), .integer(now)
            ).run()
        }
        return token
    }

    static let decoyHash = PasswordHash.make("snodo console decoy password") ?? ""

    /// The user of a live session, its last use moved to now; nil for an unknown, idle or too old
    /// session (which is then forgotten).
    func user(of token: String) throws -> String? {
        let key = SHA256.hash(Array(token.utf8))
        let now = Self.nowMillis
        return try locked {
            let row = try database.statement("SELECT user, created_millis, last_millis FROM sessions WHERE token_hash = ?1").bind(.blob(key)).readFirst {
                ($0.text(0) ?? "", $0.int64(1), $0.int64(2))
            }
            guard let (user, created, last) = row else { return nil }
            guard now - last <= ConsoleAccounts.idleMillis, now - created <= ConsoleAccounts.lifetimeMillis else {
                try database.statement("DELETE FROM sessions WHERE token_hash = ?1").bind(.blob(key)).run()
                return nil
            }
            try database.statement("UPDATE sessions SET last_millis = ?2 WHERE token_hash = ?1").bind(.blob(key), .integer(now)).run()
            return user
        }
    }

    func logOut(_ token: String) throws {
        try locked { try database.statement("DELETE FROM sessions WHERE token_hash = ?1").bind(.blob(SHA256.hash(Array(token.utf8)))).run() }
    }

    /// Every action of the console, with who took it: the coordinators' own audit trail.
    func record(_ user: String, _ action: String, _ target: String) throws {
        try locked {
            try database.statement("INSERT INTO actions(millis, user, action, target) VALUES (?1, ?2, ?3, ?4)").bind(
                .integer(Self.nowMillis), .text(user), .text(action), .text(target)
            ).run()
        }
    }

    struct Action {
        let millis: Int64
        let user: String
        let action: String
        let target: String
    }

    func actions(limit: Int = 200) throws -> [Action] {
        try locked {
            let statement = try database.statement("SELECT millis, user, action, target FROM actions ORDER BY seq DESC LIMIT ?1").bind(.integer(Int64(limit)))
            var rows: [Action] = []
            while try statement.step() {
                rows.append(Action(millis: statement.int64(0), user: statement.text(1) ?? "", action: statement.text(2) ?? "", target: statement.text(3) ?? ""))
            }
            return rows
        }
    }
}
