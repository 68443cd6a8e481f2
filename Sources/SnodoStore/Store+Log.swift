import SnodoModel

/// The change log's fingerprints ([LOG-1]): one row per change number, written in the transaction
/// that numbers the change and never erased (a row holds a number and a hash, no value), so that
/// the fingerprint at any number this replica gave out can be read back after the change itself
/// was erased or purged.
extension Store {
    func appendToLog(_ change: Change, number: UInt64) throws {
        // Change numbers only grow: each change logged is the one the counter just gave out.
        precondition(number == lastChangeNumber && number > 0, "change \(number) logged with the counter at \(lastChangeNumber)")
        logFingerprint = logFingerprint.appending(change, number: number)
        // A write's row also names its cell and stamp: the feed reads the log in order and finds
        // each version by its key, so neither `cells` nor `versions` needs an index on `seq`.
        let statement = try database.cached(
            "INSERT INTO change_log(record, field, element, hlc, device, seq, fingerprint) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
        if case .write(let write) = change {
            try statement.bindCell(write.key, write.stamp)
        } else {
            for column in Int32(1)...5 { try statement.bindNull(column) }
        }
        try statement.bind(6, Int64(number))
        try statement.bind(7, Int64(bitPattern: logFingerprint.value))
        try statement.run()
    }

    /// The fingerprint of this replica's log at change number `number`; nil when the log does not
    /// reach that far (a replica restored from an older copy, asked about a number it gave out
    /// before the restore, or a peer's claim about numbers it never gave out).
    package func fingerprint(at number: UInt64) throws -> UInt64? {
        guard number > 0 else { return 0 }
        return try database.readTransaction {
            guard number <= UInt64(bitPattern: try meta("last_change") ?? 0) else { return nil }
            let statement = try database.cached("SELECT fingerprint FROM change_log WHERE seq <= ?1 ORDER BY seq DESC LIMIT 1")
            try statement.bind(.integer(Int64(number)))
            return try statement.readFirst { UInt64(bitPattern: $0.int64(0)) } ?? 0
        }
    }

    /// A store made before version 7 has changes and no log: the log is computed once from the
    /// history and erasures it holds. Changes erased before then are missing from it on every
    /// replica alike, since each computes only its own log.
    func fillLogIfEmpty() throws {
        // Whether the log has a row at all, without counting the rows of a store opened on every page.
        guard lastChangeNumber > 0, try database.integer("SELECT count(*) FROM (SELECT 1 FROM change_log LIMIT 1)") == 0 else { return }
        try writeTransaction {
            var rows: [(number: UInt64, change: Change)] = []
            let versions = try database.statement("SELECT record, field, element, hlc, device, value, supersedes, seq FROM history")
            while try versions.step() { rows.append((UInt64(versions.int64(7)), .write(try cellWrite(versions)))) }
            let erasures = try database.statement("SELECT record, hlc, device, seq FROM erasures")
            while try erasures.step() {
                rows.append((UInt64(erasures.int64(3)), .erase(Erasure(record: RecordID(bytes: erasures.blob(0))!, stamp: stamp(erasures, 1)))))
            }
            logFingerprint = LogFingerprint()
            for row in rows.sorted(by: { $0.number < $1.number }) { try appendToLog(row.change, number: row.number) }
        }
    }
}
