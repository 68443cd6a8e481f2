import Foundation
import SnodoModel
import SnodoStore

/// The limits measured in the same run: what raw SQLite does on the same machine and file system.
enum Baselines {
    static func openRaw(_ path: String) throws -> Database {
        try? FileManager.default.removeItem(atPath: path)
        let database = try Database(path: path)
        try database.execute(
            """
            PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;
            CREATE TABLE cells(record BLOB NOT NULL, field INTEGER NOT NULL, element BLOB NOT NULL, hlc INTEGER NOT NULL,
                               device INTEGER NOT NULL, value BLOB NOT NULL, PRIMARY KEY(record, field, element)) WITHOUT ROWID;
            """)
        return database
    }

    /// Last-writer-wins upserts per second: one transaction, one prepared statement.
    static func upsertRate(_ writes: [CellWrite], path: String) throws -> Double {
        let database = try openRaw(path)
        let time = try seconds {
            try database.execute("BEGIN")
            for write in writes {
                try database.statement(
                    """
                    INSERT INTO cells VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(record, field, element)
                    DO UPDATE SET hlc = excluded.hlc, device = excluded.device, value = excluded.value WHERE excluded.hlc > hlc
                    """
                ).bind(
                    .blob(write.key.record.bytes), .integer(Int64(write.key.field)), .blob(write.key.element),
                    .integer(Int64(bitPattern: write.stamp.hlc.raw)), .integer(Int64(bitPattern: write.stamp.device.raw)),
                    .blob(write.value.canonicalBytes)
                ).run()
            }
            try database.execute("COMMIT")
        }
        return Double(writes.count) / time
    }

    /// Seconds for a bulk insert of `writes`, one transaction.
    static func bulkInsertSeconds(_ writes: [CellWrite], path: String) throws -> Double {
        let database = try openRaw(path)
        return try seconds {
            try database.execute("BEGIN")
            for write in writes {
                try database.statement("INSERT OR REPLACE INTO cells VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
                    .bind(
                        .blob(write.key.record.bytes), .integer(Int64(write.key.field)), .blob(write.key.element),
                        .integer(Int64(bitPattern: write.stamp.hlc.raw)), .integer(Int64(bitPattern: write.stamp.device.raw)),
                        .blob(write.value.canonicalBytes)
                    ).run()
            }
            try database.execute("COMMIT")
        }
    }

    /// Seconds for one fsync'd single-row commit in WAL mode (median of many).
    static func singleCommitSeconds(path: String, count: Int = 25) throws -> [Double] {
        let database = try openRaw(path)
        return try (0..<count).map { index in
            try seconds {
                try database.statement("INSERT INTO cells VALUES (?1, 1, x'', 1, 1, x'00')").bind(
                    .blob(withUnsafeBytes(of: index) { Array($0) } + [UInt8](repeating: 0, count: 8))
                ).run()
            }
        }
    }
}
