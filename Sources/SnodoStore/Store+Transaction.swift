import SnodoModel

/// A write transaction on a store, GRDB's way: every change to a store is made through one of
/// these, inside `Store.write`, and commits with everything else the block did or not at all.
/// Steps of a sync round (changes, cursor, acknowledgement) compose inside one block instead of
/// nesting transactions. A transaction used after its block has ended stops the process: its
/// writes would commit on their own.
package struct StoreTransaction {
    let store: Store
    let token: UInt64

    /// Every method starts here: the transaction's block is still running.
    func check() {
        precondition(store.openTransaction == token, "a store transaction used outside its write block")
    }

    /// Stamps and applies local edits; returns the writes made. An edit that sets a cell to the
    /// value it already has writes nothing.
    @discardableResult
    package func commit(_ edits: [Edit]) throws -> [CellWrite] {
        check()
        return try store.commit(edits)
    }

    /// Resolves a cell's conflict by writing `value` over the winner and every conflicting value.
    @discardableResult
    package func resolve(_ key: CellKey, with value: Value) throws -> CellWrite {
        check()
        return try store.resolve(key, with: value)
    }

    /// Erases a record here and, through sync, everywhere; the WAL is scrubbed after the commit.
    @discardableResult
    package func erase(_ record: RecordID) throws -> Erasure {
        check()
        store.scrubAfterCommit = true
        return try store.erase(record)
    }

    /// Applies changes from another replica (`source` names it). Any order, any duplication.
    @discardableResult
    package func apply(_ changes: [Change], from source: String? = nil) throws -> ApplyReport {
        check()
        if changes.contains(where: { if case .erase = $0 { true } else { false } }) { store.scrubAfterCommit = true }
        return try store.apply(changes, from: source)
    }

    package func savePeer(_ state: PeerState) throws {
        check()
        try store.savePeer(state)
    }

    /// Loads a peer's state, lets `body` change it, and saves it: the load-change-save every
    /// sync step does.
    @discardableResult
    package func updatePeer<T>(_ name: String, _ body: (inout PeerState) throws -> T) throws -> T {
        check()
        var state = try store.peer(name)
        let result = try body(&state)
        try store.savePeer(state)
        return result
    }

    package func setSetting(_ key: String, _ value: String) throws {
        check()
        try store.setSetting(key, value)
    }

    package func removeSetting(_ key: String) throws {
        check()
        try store.removeSetting(key)
    }

    package func saveDevice(_ device: EnrolledDevice) throws {
        check()
        try store.saveDevice(device)
    }

    /// Takes a new writer id; every later own write carries it.
    package func takeNewIncarnation(_ reason: Store.IncarnationReason) throws {
        check()
        try store.takeNewIncarnation(reason)
    }

    package func recordRejections(_ records: [RecordID], reason: UInt64) throws {
        check()
        try store.recordRejections(records, reason: reason)
    }

    package func markRejectionsForRejudging() throws {
        check()
        try store.markRejectionsForRejudging()
    }

    package func clearRejudged(_ records: [RecordID]) throws {
        check()
        try store.clearRejudged(records)
    }

    package func noteAcceptedAgainThrough(_ relayCursor: UInt64) throws {
        check()
        try store.noteAcceptedAgainThrough(relayCursor)
    }

    package func refuseAgainAcceptedAfter(_ relayCursor: UInt64) throws {
        check()
        try store.refuseAgainAcceptedAfter(relayCursor)
    }

    /// Removes records held only as received from `peer`; the WAL is scrubbed after the commit.
    package func discardReceived(_ records: [RecordID], from peer: String) throws {
        check()
        guard !records.isEmpty else { return }
        store.scrubAfterCommit = true
        try store.discardReceived(records, from: peer)
    }

    /// Removes every record outside `scope` but those with unsent or refused edits, which are
    /// returned; the WAL is scrubbed after the commit.
    package func purge(outside scope: Scope, acknowledgedThrough: UInt64) throws -> (purged: Int, kept: [RecordID]) {
        check()
        let result = try store.purge(outside: scope, acknowledgedThrough: acknowledgedThrough)
        if result.purged > 0 { store.scrubAfterCommit = true }
        return result
    }
}

extension Store {
    /// Runs `body` as one write transaction: everything it does through the transaction commits
    /// together, with the clock and change counter, or nothing does. Transactions do not nest:
    /// a sync round composes its steps inside one block.
    @discardableResult
    package func write<T>(_ body: (StoreTransaction) throws -> T) throws -> T {
        precondition(openTransaction == nil, "Store.write inside Store.write: compose the steps in one transaction")
        transactionsOpened += 1
        let token = transactionsOpened
        if inGroup { return try writeInGroup(token, body) }
        let result = try writeTransaction { () throws -> T in
            openTransaction = token
            defer { openTransaction = nil }
            return try body(StoreTransaction(store: self, token: token))
        }
        try scrubIfAsked()
        return result
    }

    /// An erasure, a purge or a discard must leave no copy of the values in the WAL either. The
    /// request stands until a scrub completes: one that fails, or that a reader of the file kept
    /// from completing, is tried again after the next commit.
    private func scrubIfAsked() throws {
        guard scrubAfterCommit else { return }
        if try scrubWAL() { scrubAfterCommit = false }
    }

    /// Runs `body` as one transaction in which every `write` block joins it instead of committing
    /// on its own: the relay judges requests that arrived together this way, with one commit and
    /// one fsync for all of them (group commit). If any block inside throws, even one whose error
    /// its caller swallowed, the whole group rolls back and this throws: the caller then runs the
    /// blocks again one transaction each. Once the group is committed this never throws: a scrub
    /// of the WAL that fails then is tried again after the next commit.
    package func writeGroup<T>(_ body: () throws -> T) throws -> T {
        precondition(openTransaction == nil && !inGroup, "Store.writeGroup inside a write")
        groupFailed = false
        let result = try writeTransaction { () throws -> T in
            inGroup = true
            defer { inGroup = false }
            let result = try body()
            if groupFailed { throw GroupRolledBack() }
            return result
        }
        try? scrubIfAsked()
        return result
    }

    /// What `writeGroup` throws when a block inside it failed: nothing of the group was kept.
    package struct GroupRolledBack: Error {
        package init() {}
    }

    /// A `write` block inside `writeGroup`: its steps go into the group's transaction.
    private func writeInGroup<T>(_ token: UInt64, _ body: (StoreTransaction) throws -> T) throws -> T {
        // After a failed block (its error swallowed by its caller), nothing more is written: SQLite
        // may have rolled the group back already, and a statement now would commit on its own.
        if groupFailed { throw GroupRolledBack() }
        openTransaction = token
        defer { openTransaction = nil }
        do { return try body(StoreTransaction(store: self, token: token)) } catch {
            groupFailed = true
            throw error
        }
    }

    /// A second connection to this store's file, for reading beside the writer (WAL readers see
    /// every commit made before their read begins), with a small page cache of its own.
    package func readConnection() throws -> Store {
        let reader = try Store.open(path: path, environment: environment, rule: rule)
        try reader.database.execute("PRAGMA cache_size = -2048")
        return reader
    }

    /// Runs `body` in one read transaction, so that all it reads comes from one snapshot (inside a
    /// write block, the write transaction is that snapshot already).
    package func read<T>(_ body: () throws -> T) throws -> T {
        if isWriting { return try body() }
        return try database.readTransaction(body)
    }

    /// Every internal write method starts here: it runs inside a write transaction.
    func assertWriting() {
        precondition(isWriting, "a store write outside a write transaction")
    }
}
