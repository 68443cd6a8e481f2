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
        // The value's bytes, encoded once for the history and the cell.
        let value = write.value.canonicalBytes
        guard try insertVersion(write, value: value, source: source) else { return .duplicate }
        for stamp in write.supersedes {
            try database.cached("INSERT OR IGNORE INTO superseded VALUES (?1, ?2, ?3, ?4, ?5)").bindCell(key, stamp).run()
            try database.cached("DELETE FROM conflicts WHERE record = ?1 AND field = ?2 AND element = ?3 AND hlc = ?4 AND device = ?5")
                .bindCell(key, stamp).run()
        }
        // Most cells arrive for the first time (new visits, a bootstrap): insert the winner at once
        // and look the cell up only when one is there already. An empty cell's outcome is always
        // "the write wins, nothing loses", whatever the rule.
        if try insertNewCell(write, value: value) { return .applied }
        let outcome = try rule.outcome(of: write, winner: winnerStamp(key), isSuperseded: isSuperseded(key))
        if outcome.becomesWinner { try saveWinner(write, value: value) }
        if let loser = outcome.newConflict {
            try database.cached("INSERT OR IGNORE INTO conflicts VALUES (?1, ?2, ?3, ?4, ?5)").bindCell(key, loser).run()
        }
        return .applied
    }

    /// Stores the write in the history with the next change number; false if it was there already.
    private func insertVersion(_ write: CellWrite, value: [UInt8], source: String?) throws -> Bool {
        let number = lastChangeNumber + 1
        var supersedes = ByteWriter(capacity: 16 * write.supersedes.count)
        for stamp in write.supersedes {
            supersedes.writeUInt64(stamp.hlc.raw)
            supersedes.writeUInt64(stamp.device.raw)
        }
        let statement = try database.cached(
            """
            INSERT INTO versions(record, field, element, hlc, device, seq, value, supersedes, applied_at, source)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
            ON CONFLICT(record, field, element, hlc, device) DO NOTHING
            """
        ).bindCell(write.key, write.stamp)
        try statement.bind(6, Int64(number))
        try statement.bind(7, blob: value)
        try statement.bind(8, blob: supersedes.bytes)
        try statement.bind(9, environment.wallMillis())
        try statement.bind(10, text: source)
        try statement.run()
        guard database.changes == 1 else { return false }
        lastChangeNumber = number
        try appendToLog(.write(write), number: number)
        return true
    }

    /// Inserts the write as the cell's winner if the cell is empty; false if it holds a value.
    private func insertNewCell(_ write: CellWrite, value: [UInt8]) throws -> Bool {
        let statement = try database.cached(
            """
            INSERT INTO cells(record, field, element, hlc, device, value) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
            ON CONFLICT(record, field, element) DO NOTHING
            """
        ).bindCell(write.key, write.stamp)
        try statement.bind(6, blob: value)
        try statement.run()
        guard database.changes == 1 else { return false }
        try noteKind(write)
        return true
    }

    private func noteKind(_ write: CellWrite) throws {
        if write.key.field == CommonField.kind, case .enumeration(let code) = write.value {
            let statement = try database.cached("INSERT OR REPLACE INTO records(record, kind) VALUES (?1, ?2)")
            try statement.bind(1, record: write.key.record)
            try statement.bind(2, Int64(code))
            try statement.run()
        }
    }

    private func saveWinner(_ write: CellWrite, value: [UInt8]) throws {
        let statement = try database.cached(
            """
            INSERT INTO cells(record, field, element, hlc, device, value) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
            ON CONFLICT(record, field, element) DO UPDATE SET hlc = excluded.hlc, device = excluded.device, value = excluded.value
            """
        ).bindCell(write.key, write.stamp)
        try statement.bind(6, blob: value)
        try statement.run()
        try noteKind(write)
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
