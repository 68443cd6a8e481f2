import SnodoModel

/// One entry of a cell's history: what was written, by which device, when, in application order.
package struct HistoryEntry: Sendable {
    package let write: CellWrite
    /// The change number this replica gave the write.
    package let changeNumber: UInt64
    /// Wall-clock milliseconds when this replica applied it.
    package let appliedMillis: Int64
}

/// A cell with values that lost concurrently and await a person's review.
package struct Conflict: Sendable {
    package let key: CellKey
    package let winner: CellWrite
    package let losers: [CellWrite]
}

extension Store {
    private static let versionColumns = "record, field, element, hlc, device, value, supersedes, seq, applied_at"

    /// The versions whose change numbers come after `after` (an SQL expression), in change order,
    /// at most `orderedLimit` when given, each with the `columns` of `history` and any `condition`
    /// on them: the log is read in order and each change found by its key, in `cells` when it is
    /// the winner, else in `versions` (a change erased or purged since is in neither). `seq` is the
    /// log's, so that both arms come in log order and SQLite merges them without sorting.
    static func loggedVersions(columns: String, after: String, condition: String = "1", orderedLimit: String? = nil) -> String {
        let arm = { (table: String) in
            let selected = columns.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.map {
                $0 == "seq" ? "change_log.seq AS seq" : "\(table).\($0) AS \($0)"
            }.joined(separator: ", ")
            return """
                SELECT \(selected) FROM change_log JOIN \(table) ON \(table).record = change_log.record AND \(table).field = change_log.field
                AND \(table).element = change_log.element AND \(table).hlc = change_log.hlc AND \(table).device = change_log.device
                WHERE change_log.seq > \(after) AND (\(condition.replacingOccurrences(of: "$.", with: table + ".")))
                """
        }
        let ordered = orderedLimit.map { " ORDER BY seq LIMIT \($0)" } ?? ""
        return arm("cells") + " UNION ALL " + arm("versions") + ordered
    }

    /// Decodes a versions row selected with `versionColumns`.
    private func versionRow(_ statement: Statement) throws -> HistoryEntry {
        HistoryEntry(write: try cellWrite(statement), changeNumber: UInt64(statement.int64(7)), appliedMillis: statement.int64(8))
    }

    /// Decodes a cell write from columns record, field, element, hlc, device, value, supersedes.
    func cellWrite(_ statement: Statement) throws -> CellWrite {
        let key = CellKey(record: RecordID(bytes: statement.blob(0))!, field: FieldNumber(statement.int64(1)), element: statement.blob(2))
        var supersedes: [Stamp] = []
        var reader = ByteReader(statement.blob(6))
        while !reader.isAtEnd {
            supersedes.append(Stamp(hlc: HLC(raw: try reader.readUInt64()), device: DeviceID(try reader.readUInt64())))
        }
        return CellWrite(key: key, value: try Value(canonicalBytes: statement.blob(5)), stamp: stamp(statement, 3), supersedes: supersedes)
    }

    func winnerWrite(_ key: CellKey) throws -> CellWrite? {
        let statement = try database.statement("SELECT hlc, device, value FROM cells WHERE record = ?1 AND field = ?2 AND element = ?3")
        try statement.bind(.blob(key.record.bytes), .integer(Int64(key.field)), .blob(key.element))
        return try statement.readFirst { CellWrite(key: key, value: try Value(canonicalBytes: $0.blob(2)), stamp: stamp($0, 0)) }
    }

    func conflictStamps(_ key: CellKey) throws -> [Stamp] {
        let statement = try database.statement("SELECT hlc, device FROM conflicts WHERE record = ?1 AND field = ?2 AND element = ?3 ORDER BY hlc, device")
        try statement.bind(.blob(key.record.bytes), .integer(Int64(key.field)), .blob(key.element))
        var stamps: [Stamp] = []
        while try statement.step() { stamps.append(stamp(statement, 0)) }
        return stamps
    }

    /// The kind of a record, nil if this replica holds no kind cell for it.
    /// Whether this replica holds this write in its history (a record's erasure removes it).
    package func holds(_ write: CellWrite) throws -> Bool {
        try database.statement("SELECT 1 FROM history WHERE record = ?1 AND field = ?2 AND element = ?3 AND hlc = ?4 AND device = ?5")
            .bindCell(write.key, write.stamp).readFirst { _ in true } ?? false
    }

    /// The kind's code as this replica holds it, also for a kind this build does not know.
    package func kindCode(of id: RecordID) throws -> UInt32? {
        try database.statement("SELECT kind FROM records WHERE record = ?1").bind(.blob(id.bytes))
            .readFirst { UInt32(truncatingIfNeeded: $0.int64(0)) }
    }

    /// The record's kind when the store's profile defines it; nil for one it does not know.
    package func kind(of id: RecordID) throws -> RecordKind? {
        guard let code = try kindCode(of: id) else { return nil }
        let kind = RecordKind(rawValue: code)
        return profile.knows(kind) ? kind : nil
    }

    /// The record with this id, nil when this replica holds nothing of it.
    package func record(_ id: RecordID) throws -> Record? {
        let statement = try database.statement("SELECT record, field, element, hlc, device, value FROM cells WHERE record = ?1 ORDER BY field, element")
        try statement.bind(.blob(id.bytes))
        var cells: [CellWrite] = []
        while try statement.step() {
            let key = CellKey(record: id, field: FieldNumber(statement.int64(1)), element: statement.blob(2))
            cells.append(CellWrite(key: key, value: try Value(canonicalBytes: statement.blob(5)), stamp: stamp(statement, 3)))
        }
        guard !cells.isEmpty else { return nil }
        return Record(id: id, spec: profile.spec(try kind(of: id)), cells: cells, conflicts: try conflictWrites(of: id))
    }

    private func conflictWrites(of id: RecordID) throws -> [CellKey: [CellWrite]] {
        let statement = try database.statement(
            """
            SELECT \(Store.versionColumns) FROM versions JOIN conflicts USING (record, field, element, hlc, device)
            WHERE record = ?1 ORDER BY field, element, hlc, device
            """)
        try statement.bind(.blob(id.bytes))
        var losers: [CellKey: [CellWrite]] = [:]
        while try statement.step() {
            let write = try versionRow(statement).write
            losers[write.key, default: []].append(write)
        }
        // A concurrent write of the value that won anyway asks nothing of a person: not shown.
        var result: [CellKey: [CellWrite]] = [:]
        for (key, writes) in losers {
            let winner = try winnerWrite(key)?.value
            let differing = writes.filter { $0.value != winner }
            if !differing.isEmpty { result[key] = differing }
        }
        return result
    }

    /// The ids of every record of a kind this replica holds, oldest first.
    package func recordIDs(of kind: RecordKind) throws -> [RecordID] {
        try database.statement("SELECT record FROM records WHERE kind = ?1 ORDER BY record").bind(.integer(Int64(kind.rawValue)))
            .readAll { RecordID(bytes: $0.blob(0))! }
    }

    /// Every record of a kind, oldest id first (ids are time-ordered).
    /// One pass over the kind's cells (and a second over its open conflicts), not three queries a
    /// record: a district's 20,000 visits load in one statement. The same records, in the same
    /// order, as `record(_:)` gives one by one. With `fields`, only those cells are read (and
    /// `kind` and `deleted`, always): for a view that needs a few fields of many records.
    package func records(of kind: RecordKind, includeDeleted: Bool = false, fields: Set<FieldNumber>? = nil) throws -> [Record] {
        let spec = profile.spec(profile.knows(kind) ? kind : nil).map(SpecBox.init)
        // From the few open conflicts to their records' kinds, not from every record of the kind
        // to the conflicts (CROSS JOIN keeps SQLite to that order).
        let conflicted = try database.statement(
            "SELECT DISTINCT conflicts.record FROM conflicts CROSS JOIN records ON records.record = conflicts.record WHERE records.kind = ?1"
        ).bind(.integer(Int64(kind.rawValue))).readAll { RecordID(bytes: $0.blob(0))! }
        var conflicts: [RecordID: [CellKey: [CellWrite]]] = [:]
        for id in conflicted { conflicts[id] = try conflictWrites(of: id) }
        let only = fields.map { " AND cells.field IN (\(($0 + [CommonField.kind, CommonField.deleted]).map(String.init).joined(separator: ",")))" } ?? ""
        let statement = try database.statement(
            """
            SELECT cells.record, cells.field, cells.element, cells.hlc, cells.device, cells.value FROM records JOIN cells ON cells.record = records.record
            WHERE records.kind = ?1 \(only)
            ORDER BY records.record
            """)
        try statement.bind(.integer(Int64(kind.rawValue)))
        var result: [Record] = []
        var current: RecordID?
        var cells: [CellWrite] = []
        func finish() {
            guard let id = current, !cells.isEmpty else { return }
            // Ordered by record alone, SQLite needs no sort of the whole kind; each record's few
            // cells are put in field and element order here (they come so already, as a rule).
            if zip(cells, cells.dropFirst()).contains(where: { $0.key > $1.key }) { cells.sort { $0.key < $1.key } }
            let record = Record(id: id, spec: spec, cells: cells, conflicts: conflicts[id] ?? [:])
            if includeDeleted || !record.isDeleted { result.append(record) }
        }
        while try statement.step() {
            guard let id = statement.recordID(0) else { continue }
            if id != current {
                finish()
                current = id
                cells = []
            }
            let key = CellKey(record: id, field: FieldNumber(statement.int64(1)), element: statement.blob(2))
            cells.append(CellWrite(key: key, value: try Value(canonicalBytes: statement.blob(5)), stamp: stamp(statement, 3)))
        }
        finish()
        return result
    }

    /// Finds a record by its full hex id or a unique prefix of at least four hex digits.
    package func findRecord(_ text: String) throws -> RecordID {
        let prefix = text.lowercased()
        guard prefix.count >= 4, prefix.count <= 32, prefix.allSatisfy(\.isHexDigit) else { throw StoreError.unknownRecord(text) }
        if let id = RecordID(hex: prefix) {
            if try isErased(id) { throw StoreError.erasedRecord(id) }
            // Any kind, known to this build or not: the same records a prefix finds.
            if try kindCode(of: id) != nil { return id }
            throw StoreError.unknownRecord(text)
        }
        let statement = try database.statement("SELECT record FROM records WHERE lower(hex(record)) LIKE ?1 || '%' LIMIT 2")
        try statement.bind(.text(prefix))
        var matches: [RecordID] = []
        while try statement.step() { matches.append(RecordID(bytes: statement.blob(0))!) }
        switch matches.count {
        case 1: return matches[0]
        case 0: throw StoreError.unknownRecord(text)
        default: throw StoreError.ambiguousRecord(text, matches: matches.count)
        }
    }

    /// Every write this replica holds for a record, by field, element and stamp.
    package func history(of id: RecordID) throws -> [HistoryEntry] {
        let statement = try database.statement("SELECT \(Store.versionColumns) FROM history WHERE record = ?1 ORDER BY field, element, hlc, device")
        try statement.bind(.blob(id.bytes))
        var entries: [HistoryEntry] = []
        while try statement.step() { entries.append(try versionRow(statement)) }
        return entries
    }

    /// Every open conflict on this replica.
    package func conflicts() throws -> [Conflict] {
        let statement = try database.statement("SELECT DISTINCT record FROM conflicts ORDER BY record")
        var ids: [RecordID] = []
        while try statement.step() { ids.append(RecordID(bytes: statement.blob(0))!) }
        var result: [Conflict] = []
        for id in ids {
            for (key, losers) in try conflictWrites(of: id).sorted(by: { $0.key < $1.key }) {
                guard let winner = try winnerWrite(key) else { continue }
                result.append(Conflict(key: key, winner: winner, losers: losers))
            }
        }
        return result
    }

    /// The changes this replica applied after change number `number`, in order, at most `limit`:
    /// what a peer that has everything up to `number` still lacks.
    package func changes(after number: UInt64, limit: Int = 10_000) throws -> [NumberedChange] {
        var result: [NumberedChange] = []
        let versions = try database.statement(Store.loggedVersions(columns: Store.versionColumns, after: "?1", orderedLimit: "?2"))
        try versions.bind(.integer(Int64(number)), .integer(Int64(limit)))
        while try versions.step() {
            let entry = try versionRow(versions)
            result.append(NumberedChange(number: entry.changeNumber, change: .write(entry.write)))
        }
        let erasures = try database.statement("SELECT record, hlc, device, seq FROM erasures WHERE seq > ?1 ORDER BY seq LIMIT ?2")
        try erasures.bind(.integer(Int64(number)), .integer(Int64(limit)))
        while try erasures.step() {
            let erasure = Erasure(record: RecordID(bytes: erasures.blob(0))!, stamp: stamp(erasures, 1))
            result.append(NumberedChange(number: UInt64(erasures.int64(3)), change: .erase(erasure)))
        }
        result.sort { $0.number < $1.number }
        return Array(result.prefix(limit))
    }

    /// The merged state as plain values, for comparing replicas.
    package func state() throws -> ReplicaState {
        var state = ReplicaState()
        let cells = try database.statement("SELECT record, field, element, hlc, device, value FROM cells")
        while try cells.step() {
            let key = CellKey(record: RecordID(bytes: cells.blob(0))!, field: FieldNumber(cells.int64(1)), element: cells.blob(2))
            state.winners[key] = CellWrite(key: key, value: try Value(canonicalBytes: cells.blob(5)), stamp: stamp(cells, 3))
        }
        let conflicts = try database.statement("SELECT record, field, element, hlc, device FROM conflicts")
        while try conflicts.step() {
            let key = CellKey(record: RecordID(bytes: conflicts.blob(0))!, field: FieldNumber(conflicts.int64(1)), element: conflicts.blob(2))
            state.conflicts[key, default: []].insert(stamp(conflicts, 3))
        }
        let erasures = try database.statement("SELECT record, hlc, device FROM erasures")
        while try erasures.step() { state.erasures[RecordID(bytes: erasures.blob(0))!] = stamp(erasures, 1) }
        return state
    }
}
