import SnodoModel

/// What applying a batch of remote changes did.
package struct ApplyReport: Equatable, Sendable {
    /// Changes stored for the first time.
    package var applied = 0
    /// Changes this replica already had: applying twice changes nothing.
    package var duplicates = 0
    /// Writes for records that are erased here: dropped, so that nothing comes back.
    package var refusedErased = 0
    /// The largest amount by which a remote stamp was ahead of this replica's wall clock beyond
    /// the clock's bound; nil when every stamp was within it.
    package var skewMillisMax: Int64?

    package init() {}
}

extension Store {
    /// Applies changes from another replica in one transaction. Any order, any duplication: the
    /// resulting state depends only on the set of changes (the merge laws).
    func apply(_ changes: [Change], from source: String? = nil) throws -> ApplyReport {
        assertWriting()
        var report = ApplyReport()
        let wall = environment.wallMillis()
        for change in changes {
            if case .aheadOfBound(let skew) = clock.observe(change.stamp.hlc, wallMillis: wall) {
                report.skewMillisMax = max(report.skewMillisMax ?? 0, skew)
            }
            switch try merge(change, source: source) {
            case .applied: report.applied += 1
            case .duplicate: report.duplicates += 1
            case .refusedErased: report.refusedErased += 1
            }
        }
        return report
    }

    enum MergeResult { case applied, duplicate, refusedErased }

    /// Merges one change inside the caller's transaction.
    func merge(_ change: Change, source: String? = nil) throws -> MergeResult {
        switch change {
        case .write(let write): try merge(write, source: source)
        case .erase(let erasure): try merge(erasure, source: source)
        }
    }

    private func merge(_ write: CellWrite, source: String?) throws -> MergeResult {
        let key = write.key
        if try isErased(key.record) { return .refusedErased }
        // The value's and the supersedes' bytes, encoded once for whichever table keeps them.
        let version = NewVersion(write: write, value: write.value.canonicalBytes, number: lastChangeNumber + 1, source: source)
        // Most cells arrive for the first time (new visits, a bootstrap): the write becomes the
        // cell's winner in one insert, and its history is that row. An empty cell has no version
        // at all (a record's rows go together), so the write cannot be a duplicate; its outcome is
        // always "the write wins, nothing loses", whatever the rule.
        if try insertNewCell(version) {
            try noteSupersedes(write)
            return .applied
        }
        let winner = try winnerStamp(key)
        if try winner == write.stamp || isLoser(write) { return .duplicate }
        try noteSupersedes(write)
        let outcome = try rule.outcome(of: write, winner: winner, isSuperseded: isSuperseded(key))
        if outcome.becomesWinner {
            try demoteWinner(key)
            try saveWinner(version)
        } else {
            try insertLoser(version)
        }
        if let loser = outcome.newConflict {
            try database.cached("INSERT OR IGNORE INTO conflicts VALUES (?1, ?2, ?3, ?4, ?5)").bindCell(key, loser).run()
        }
        try numberAndLog(version)
        return .applied
    }

    /// A write about to be stored, with the change number it takes if it is new.
    private struct NewVersion {
        let write: CellWrite
        let value: [UInt8]
        let number: UInt64
        let source: String?

        var supersedes: [UInt8] {
            // A new cell's first write supersedes nothing: no buffer for it.
            guard !write.supersedes.isEmpty else { return [] }
            var bytes = ByteWriter(capacity: 16 * write.supersedes.count)
            for stamp in write.supersedes {
                bytes.writeUInt64(stamp.hlc.raw)
                bytes.writeUInt64(stamp.device.raw)
            }
            return bytes.bytes
        }
    }

    /// Binds a version's columns after the five key columns, in the order of `cells` and `versions`.
    private func bindVersion(_ version: NewVersion, to statement: Statement) throws {
        try statement.bind(6, blob: version.value)
        try statement.bind(7, Int64(version.number))
        try statement.bind(8, blob: version.supersedes)
        try statement.bind(9, environment.wallMillis())
        try statement.bind(10, text: version.source)
    }

    /// Records the stamps the write replaces: they are no longer anyone's conflict.
    private func noteSupersedes(_ write: CellWrite) throws {
        for stamp in write.supersedes {
            try database.cached("INSERT OR IGNORE INTO superseded VALUES (?1, ?2, ?3, ?4, ?5)").bindCell(write.key, stamp).run()
            try database.cached("DELETE FROM conflicts WHERE record = ?1 AND field = ?2 AND element = ?3 AND hlc = ?4 AND device = ?5")
                .bindCell(write.key, stamp).run()
        }
    }

    /// Gives the stored write its change number and appends it to the log.
    private func numberAndLog(_ version: NewVersion) throws {
        lastChangeNumber = version.number
        try appendToLog(.write(version.write), number: version.number)
    }

    /// Whether the write is in this replica's history as a value that lost or was replaced.
    private func isLoser(_ write: CellWrite) throws -> Bool {
        try database.cached("SELECT 1 FROM versions WHERE record = ?1 AND field = ?2 AND element = ?3 AND hlc = ?4 AND device = ?5")
            .bindCell(write.key, write.stamp).readFirst { _ in true } ?? false
    }

    /// Inserts the write as the cell's winner if the cell is empty; false if it holds a value.
    private func insertNewCell(_ version: NewVersion) throws -> Bool {
        let statement = try database.cached(
            """
            INSERT INTO cells(record, field, element, hlc, device, value, seq, supersedes, applied_at, source)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
            ON CONFLICT(record, field, element) DO NOTHING
            """
        ).bindCell(version.write.key, version.write.stamp)
        try bindVersion(version, to: statement)
        try statement.run()
        guard database.changes == 1 else { return false }
        try numberAndLog(version)
        try noteKind(version.write)
        return true
    }

    /// Keeps a write that did not win in the history of losers and replaced values.
    private func insertLoser(_ version: NewVersion) throws {
        let statement = try database.cached(
            """
            INSERT INTO versions(record, field, element, hlc, device, value, seq, supersedes, applied_at, source)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
            """
        ).bindCell(version.write.key, version.write.stamp)
        try bindVersion(version, to: statement)
        try statement.run()
    }

    /// Moves the cell's winner into the history of replaced values, before a new winner takes its row.
    private func demoteWinner(_ key: CellKey) throws {
        let statement = try database.cached(
            """
            INSERT INTO versions(record, field, element, hlc, device, value, seq, supersedes, applied_at, source)
            SELECT record, field, element, hlc, device, value, seq, supersedes, applied_at, source FROM cells
            WHERE record = ?1 AND field = ?2 AND element = ?3
            """)
        try statement.bind(1, record: key.record)
        try statement.bind(2, Int64(key.field))
        try statement.bind(3, blob: key.element)
        try statement.run()
    }

    private func noteKind(_ write: CellWrite) throws {
        if write.key.field == CommonField.kind, case .enumeration(let code) = write.value {
            let statement = try database.cached("INSERT OR REPLACE INTO records(record, kind) VALUES (?1, ?2)")
            try statement.bind(1, record: write.key.record)
            try statement.bind(2, Int64(code))
            try statement.run()
        }
    }

    private func saveWinner(_ version: NewVersion) throws {
        let statement = try database.cached(
            """
            UPDATE cells SET hlc = ?4, device = ?5, value = ?6, seq = ?7, supersedes = ?8, applied_at = ?9, source = ?10
            WHERE record = ?1 AND field = ?2 AND element = ?3
            """
        ).bindCell(version.write.key, version.write.stamp)
        try bindVersion(version, to: statement)
        try statement.run()
        try noteKind(version.write)
    }

    private func merge(_ erasure: Erasure, source: String?) throws -> MergeResult {
        let current = try erasureMarker(erasure.record)
        if current == erasure { return .duplicate }
        let record = SQLValue.blob(erasure.record.bytes)
        try deleteRows(of: erasure.record)
        erasedCache[erasure.record] = true
        guard rule.keeps(erasure, over: current) else { return .duplicate }
        lastChangeNumber += 1
        try database.cached("INSERT OR REPLACE INTO erasures(record, hlc, device, seq, source) VALUES (?1, ?2, ?3, ?4, ?5)")
            .bind(
                record, .integer(Int64(bitPattern: erasure.stamp.hlc.raw)), .integer(Int64(bitPattern: erasure.stamp.device.raw)),
                .integer(Int64(lastChangeNumber)), source.map { .text($0) } ?? .null
            ).run()
        try appendToLog(.erase(erasure), number: lastChangeNumber)
        return .applied
    }

    /// Deletes every row a record has (values, history, supersession, conflicts, kind), inside the
    /// caller's transaction; shared by erasure and by the purge after a scope change.
    func deleteRows(of record: RecordID) throws {
        // The log keeps each change's number and fingerprint, never which cell it wrote.
        try database.statement(
            """
            UPDATE change_log SET record = NULL, field = NULL, element = NULL, hlc = NULL, device = NULL
            WHERE seq IN (SELECT seq FROM cells WHERE record = ?1 UNION ALL SELECT seq FROM versions WHERE record = ?1)
            """
        ).bind(.blob(record.bytes)).run()
        for table in ["cells", "versions", "superseded", "conflicts", "records"] {
            try database.statement("DELETE FROM \(table) WHERE record = ?1").bind(.blob(record.bytes)).run()
        }
    }

    package func erasureMarker(_ record: RecordID) throws -> Erasure? {
        let statement = try database.cached("SELECT hlc, device FROM erasures WHERE record = ?1")
        try statement.bind(1, record: record)
        return try statement.readFirst { Erasure(record: record, stamp: stamp($0, 0)) }
    }

    /// Whether a record is erased; within one write transaction, asked of SQLite once per record,
    /// since a batch holds many cells of each record (the cache is emptied when a transaction
    /// starts, so another process's erasure is always seen).
    func isErased(_ record: RecordID) throws -> Bool {
        if let known = erasedCache[record] { return known }
        let erased = try erasureMarker(record) != nil
        erasedCache[record] = erased
        return erased
    }

    func winnerStamp(_ key: CellKey) throws -> Stamp? {
        let statement = try database.cached("SELECT hlc, device FROM cells WHERE record = ?1 AND field = ?2 AND element = ?3")
        try statement.bind(1, record: key.record)
        try statement.bind(2, Int64(key.field))
        try statement.bind(3, blob: key.element)
        return try statement.readFirst { stamp($0, 0) }
    }

    private func isSuperseded(_ key: CellKey) -> (Stamp) throws -> Bool {
        { [database] stamp in
            try database.cached("SELECT 1 FROM superseded WHERE record = ?1 AND field = ?2 AND element = ?3 AND hlc = ?4 AND device = ?5")
                .bindCell(key, stamp).readFirst { _ in true } ?? false
        }
    }
}

/// Reads a stamp from two adjacent columns (hlc, device).
func stamp(_ statement: Statement, _ column: Int32) -> Stamp {
    Stamp(
        hlc: HLC(raw: UInt64(bitPattern: statement.int64(column))),
        device: DeviceID(UInt64(bitPattern: statement.int64(column + 1))))
}
