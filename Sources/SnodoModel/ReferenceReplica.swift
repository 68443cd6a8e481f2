/// A replica held entirely in memory: the merge model stated as plainly as it can be, with no
/// SQLite and no sync. Property tests check the merge laws on it, and check that the SQLite store
/// reaches exactly the same `ReplicaState` from the same changes.
package struct ReferenceReplica: Sendable {
    package private(set) var state = ReplicaState()
    private var versions: [CellKey: [Stamp: CellWrite]] = [:]
    private var superseded: [CellKey: Set<Stamp>] = [:]
    /// Every change applied and not erased since, in application order: what this replica passes on.
    package private(set) var log: [Change] = []
    package let rule: MergeRule

    package init(rule: MergeRule = .standard) { self.rule = rule }

    /// Merges another replica into this one: applies everything it has.
    package mutating func merge(_ other: ReferenceReplica) { apply(other.log) }

    package mutating func apply(_ changes: [Change]) {
        for change in changes { apply(change) }
    }

    package mutating func apply(_ change: Change) {
        switch change {
        case .write(let write): apply(write)
        case .erase(let erasure): apply(erasure)
        }
    }

    private mutating func apply(_ write: CellWrite) {
        let key = write.key
        guard state.erasures[key.record] == nil, versions[key]?[write.stamp] == nil else { return }
        versions[key, default: [:]][write.stamp] = write
        log.append(.write(write))
        superseded[key, default: []].formUnion(write.supersedes)
        if var open = state.conflicts[key] {
            open.subtract(write.supersedes)
            state.conflicts[key] = open.isEmpty ? nil : open
        }
        let seen = superseded[key] ?? []
        let outcome = rule.outcome(of: write, winner: state.winners[key]?.stamp, isSuperseded: { seen.contains($0) })
        if outcome.becomesWinner { state.winners[key] = CellWrite(key: key, value: write.value, stamp: write.stamp) }
        if let loser = outcome.newConflict { state.conflicts[key, default: []].insert(loser) }
    }

    private mutating func apply(_ erasure: Erasure) {
        let current = state.erasures[erasure.record].map { Erasure(record: erasure.record, stamp: $0) }
        guard current?.stamp != erasure.stamp else { return }
        log.removeAll { $0.record == erasure.record }
        if rule.keeps(erasure, over: current) { state.erasures[erasure.record] = erasure.stamp }
        log.append(.erase(Erasure(record: erasure.record, stamp: state.erasures[erasure.record]!)))
        for key in state.winners.keys where key.record == erasure.record {
            state.winners[key] = nil
            state.conflicts[key] = nil
        }
        for key in versions.keys where key.record == erasure.record {
            versions[key] = nil
            superseded[key] = nil
        }
    }
}
