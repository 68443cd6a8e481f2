import Foundation
import SnodoModel

extension Store {
    /// Records the relay refused, so the person who wrote them learns it and nothing is silently lost.
    func recordRejections(_ records: [RecordID], reason: UInt64) throws {
        assertWriting()
        for record in records {
            try database.statement("INSERT OR REPLACE INTO rejections(record, reason, rejected_millis) VALUES (?1, ?2, ?3)")
                .bind(.blob(record.bytes), .integer(Int64(reason)), .integer(wallMillis)).run()
        }
    }

    /// Under a new scope, every refused record's edits are sent once more for the relay to judge
    /// again; they stay refused (and kept) until it accepts them.
    func markRejectionsForRejudging() throws {
        assertWriting()
        try database.execute("UPDATE rejections SET rejudge = 1")
    }

    /// Records whose refused edits are to be sent again, at most `limit`.
    package func recordsToRejudge(limit: Int) throws -> [RecordID] {
        try database.statement("SELECT record FROM rejections WHERE rejudge = 1 ORDER BY record LIMIT ?1")
            .bind(.integer(Int64(limit))).readAll { RecordID(bytes: $0.blob(0))! }
    }

    /// The relay acknowledged a request that carried these records' edits again and refused none
    /// of them anew (a refusal comes before the acknowledgement and clears the mark): accepted.
    /// They are remembered until the response's END says up to where the relay's log then went
    /// (`noteAcceptedAgainThrough`): a relay restored to before that point may have lost them ([LOG-4]).
    func clearRejudged(_ records: [RecordID]) throws {
        assertWriting()
        for record in records {
            try database.statement(
                """
                INSERT OR REPLACE INTO accepted_again(record, reason, relay_cursor)
                SELECT record, reason, -1 FROM rejections WHERE record = ?1 AND rejudge = 1
                """
            ).bind(.blob(record.bytes)).run()
            try database.statement("DELETE FROM rejections WHERE record = ?1 AND rejudge = 1").bind(.blob(record.bytes)).run()
        }
    }

    /// The relay's log stood at `relayCursor` when the response that accepted edits again ended.
    func noteAcceptedAgainThrough(_ relayCursor: UInt64) throws {
        assertWriting()
        try database.statement("UPDATE accepted_again SET relay_cursor = ?1 WHERE relay_cursor < 0").bind(.integer(Int64(relayCursor))).run()
    }

    /// The relay's log turned out to agree with this replica's only up to `relayCursor` (it was
    /// restored): refused edits it accepted again after that point, or at a point never learned,
    /// are refused again until it judges them once more.
    func refuseAgainAcceptedAfter(_ relayCursor: UInt64) throws {
        assertWriting()
        try database.statement(
            """
            INSERT OR REPLACE INTO rejections(record, reason, rejected_millis, rejudge)
            SELECT record, reason, ?2, 1 FROM accepted_again WHERE relay_cursor > ?1 OR relay_cursor < 0
            """
        ).bind(.integer(Int64(relayCursor)), .integer(wallMillis)).run()
        try database.statement("DELETE FROM accepted_again WHERE relay_cursor > ?1 OR relay_cursor < 0").bind(.integer(Int64(relayCursor))).run()
    }

    /// Every change this replica made itself to `record`, in change order: a refused record's
    /// edits, sent once more.
    ///
    /// Whether this replica holds a change of its own (not received) to `record`.
    package func hasLocalChanges(of record: RecordID) throws -> Bool {
        let versions =
            try database.statement("SELECT 1 FROM history WHERE record = ?1 AND source IS NULL LIMIT 1")
            .bind(.blob(record.bytes)).readFirst { _ in true } ?? false
        if versions { return true }
        return try database.statement("SELECT 1 FROM erasures WHERE record = ?1 AND source IS NULL")
            .bind(.blob(record.bytes)).readFirst { _ in true } ?? false
    }

    /// Removes every row of a record this replica holds only as received, which a restored relay
    /// refused to take back because the record is outside this replica's scope as the relay holds
    /// it: the relay's placement decides what a laptop may hold ([LOG-4]).
    /// An erasure marker received for such a record goes too: the relay, which holds the record
    /// unerased (the erasure was lost with its disk), is what every replica must agree with.
    func discardReceived(_ records: [RecordID], from peer: String) throws {
        assertWriting()
        for record in records {
            try deleteRows(of: record)
            try database.statement("DELETE FROM erasures WHERE record = ?1 AND source = ?2").bind(.blob(record.bytes), .text(peer)).run()
            erasedCache[record] = nil
        }
    }

    package func localChanges(of record: RecordID) throws -> [Change] {
        try changes(of: record, "source IS NULL")
    }

    /// The changes of `record` received from `peer` and numbered `through` or lower, in change
    /// order: what a laptop gives back of a record a restored relay refused with its own edits.
    package func receivedChanges(of record: RecordID, from peer: String, through number: UInt64) throws -> [Change] {
        try changes(of: record, "source = ?2 AND seq <= ?3", .text(peer), .integer(Int64(number)))
    }

    /// A record's writes and erasure marker whose rows meet `condition` (over `source` and `seq`,
    /// with `?2`… bound to `values`), in change order.
    private func changes(of record: RecordID, _ condition: String, _ values: SQLValue...) throws -> [Change] {
        var rows: [(UInt64, Change)] = []
        let versions = try database.statement(
            "SELECT record, field, element, hlc, device, value, supersedes, seq FROM history WHERE record = ?1 AND \(condition)")
        try versions.bind([.blob(record.bytes)] + values)
        while try versions.step() { rows.append((UInt64(versions.int64(7)), .write(try cellWrite(versions)))) }
        let erasures = try database.statement("SELECT record, hlc, device, seq FROM erasures WHERE record = ?1 AND \(condition)")
        try erasures.bind([.blob(record.bytes)] + values)
        while try erasures.step() {
            rows.append((UInt64(erasures.int64(3)), .erase(Erasure(record: record, stamp: stamp(erasures, 1)))))
        }
        return rows.sorted { $0.0 < $1.0 }.map(\.1)
    }

    package func rejections() throws -> [(record: RecordID, reason: UInt64, millis: Int64)] {
        let statement = try database.statement("SELECT record, reason, rejected_millis FROM rejections ORDER BY rejected_millis, record")
        var rows: [(RecordID, UInt64, Int64)] = []
        while try statement.step() { rows.append((RecordID(bytes: statement.blob(0))!, UInt64(statement.int64(1)), statement.int64(2))) }
        return rows
    }

    /// Removes from this laptop every record outside `scope`, except records with local edits the
    /// relay has not acknowledged or has refused: those stay, and are returned, so nothing unsent
    /// is lost.
    /// The values are overwritten in the file and the WAL is truncated, as for an erasure.
    func purge(outside scope: Scope, acknowledgedThrough: UInt64) throws -> (purged: Int, kept: [RecordID]) {
        assertWriting()
        var purged = 0
        var kept: [RecordID] = []
        // Every record with a cell, not only those whose kind arrived: a lone placement change
        // of a record that left the scope must go too.
        for record in try database.statement("SELECT DISTINCT record FROM cells").readAll({ RecordID(bytes: $0.blob(0))! }) {
            let placement = try placement(of: record)
            guard !scope.covers(district: placement.district, sharedWith: placement.sharedWith) else { continue }
            let unsent =
                try database.statement("SELECT count(*) FROM history WHERE record = ?1 AND source IS NULL AND seq > ?2")
                .bind(.blob(record.bytes), .integer(Int64(acknowledgedThrough))).readFirst { $0.int64(0) } ?? 0
            let refused = try database.statement("SELECT 1 FROM rejections WHERE record = ?1").bind(.blob(record.bytes)).readFirst { _ in true } ?? false
            if unsent > 0 || refused {
                kept.append(record)
                continue
            }
            try deleteRows(of: record)
            purged += 1
        }
        return (purged, kept)
    }

    /// Wipes the store: every row of every table deleted (overwritten, with secure_delete), the
    /// WAL truncated, the file vacuumed. The caller then removes the files. Not a transaction's
    /// step: VACUUM runs outside any transaction, and nothing is kept to roll back to.
    package func wipe() throws {
        precondition(!isWriting, "a wipe inside a write transaction")
        for table in try database.texts("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'") {
            try database.execute("DELETE FROM \(table)")
        }
        try scrubWAL()
        try database.execute("VACUUM")
        try scrubWAL()
    }

    /// Overwrites a store's files with zeros and deletes them, after `wipe`.
    package static func shred(path: String) {
        for file in [VaultFile.path(for: path), path, path + "-wal", path + "-shm", path + "-journal"] {
            guard let handle = FileHandle(forUpdatingAtPath: file) else { continue }
            let size = (try? handle.seekToEnd()) ?? 0
            try? handle.seek(toOffset: 0)
            var remaining = Int(size)
            let zeros = Data(count: 65_536)
            while remaining > 0 {
                handle.write(zeros.prefix(remaining))
                remaining -= 65_536
            }
            try? handle.synchronize()
            try? handle.close()
            try? FileManager.default.removeItem(atPath: file)
        }
    }
}
