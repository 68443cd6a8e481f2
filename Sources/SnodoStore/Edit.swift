import SnodoModel

/// A local change a person makes, before it is stamped.
package enum Edit: Sendable, Equatable {
    /// Sets a scalar field (or the kind, district and deleted fields every record has).
    case set(RecordID, FieldNumber, Value)
    /// Sets one element of a set (`.bool(true)` present, `.bool(false)` removed) or of a map
    /// (`.integer(quantity)`, or `.null` once removed).
    case setElement(RecordID, FieldNumber, element: Value, Value)

    package var key: CellKey {
        switch self {
        case .set(let record, let field, _): CellKey(record: record, field: field)
        case .setElement(let record, let field, let element, _): CellKey(record: record, field: field, element: element)
        }
    }

    package var value: Value {
        switch self {
        case .set(_, _, let value), .setElement(_, _, _, let value): value
        }
    }
}

extension Store {
    /// A new time-ordered record id from the injected clock and random source.
    package func newRecordID() -> RecordID {
        RecordID(millis: environment.wallMillis(), random: environment.random(), random2: UInt16(truncatingIfNeeded: environment.random()))
    }

    /// Stamps and applies a batch of local edits as one transaction; returns the writes made.
    /// An edit that sets a cell to the value it already has writes nothing.
    func commit(_ edits: [Edit]) throws -> [CellWrite] {
        assertWriting()
        var writes: [CellWrite] = []
        for edit in edits {
            if let write = try writeLocally(edit.key, edit.value, alsoSuperseding: []) { writes.append(write) }
        }
        return writes
    }

    /// Resolves a cell's conflict by writing `value` over the winner and every conflicting value.
    func resolve(_ key: CellKey, with value: Value) throws -> CellWrite {
        assertWriting()
        let open = try conflictStamps(key)
        guard !open.isEmpty else { throw StoreError.noConflict(key.record, field: "field \(key.field)") }
        guard let write = try writeLocally(key, value, alsoSuperseding: open, evenIfUnchanged: true) else {
            preconditionFailure("a resolution is written even when its value is the winner's")
        }
        return write
    }

    /// Stamps one local write so that it wins over everything this replica has seen of the cell.
    ///
    /// The stamp is normally the clock's next reading. When the cell's winner carries a stamp ahead
    /// of that (a remote device whose clock runs days fast), the write takes the winner's stamp
    /// plus one instead: a person who saw a value and changed it must win over it, so a broken clock
    /// elsewhere can never freeze a field. The clock itself is not dragged forward.
    private func writeLocally(_ key: CellKey, _ value: Value, alsoSuperseding others: [Stamp], evenIfUnchanged: Bool = false) throws -> CellWrite? {
        if try isErased(key.record) { throw StoreError.erasedRecord(key.record) }
        let winner = try winnerWrite(key)
        if !evenIfUnchanged, let winner, winner.value == value { return nil }
        var hlc = clock.tick(wallMillis: environment.wallMillis())
        if let winner, Stamp(hlc: hlc, device: writer) <= winner.stamp { hlc = winner.stamp.hlc.successor }
        let write = CellWrite(
            key: key, value: value, stamp: Stamp(hlc: hlc, device: writer),
            supersedes: (winner.map { [$0.stamp] } ?? []) + others)
        _ = try merge(.write(write))
        return write
    }

    /// Erases a record here and, through sync, everywhere: values and history are deleted and
    /// overwritten in the file, and a marker keeps late writes from bringing the record back.
    func erase(_ record: RecordID) throws -> Erasure {
        assertWriting()
        let erasure = Erasure(record: record, stamp: Stamp(hlc: clock.tick(wallMillis: environment.wallMillis()), device: writer))
        _ = try merge(.erase(erasure))
        return erasure
    }

    /// Copies the WAL into the database and truncates it: with secure_delete on, this is the step
    /// that leaves no erased value in either file (WAL frames keep old page images until then).
    /// False when a reader kept it from completing for longer than the busy timeout.
    @discardableResult
    func scrubWAL() throws -> Bool {
        try database.integer("PRAGMA wal_checkpoint(TRUNCATE)") == 0
    }
}
