import SnodoModel

/// The merge stated by its definition and computed straight from the set of changes, sharing no
/// code with `MergeRule`, `ReferenceReplica` or the store, so that a wrong rule in them cannot hide
/// behind a test that consults it:
/// - a cell's winner is the write with the greatest stamp among those the cell received;
/// - a cell's conflicts are exactly the stamps of its losing writes that no write of the cell
///   supersedes;
/// - an erased record has no cells and no conflicts, and its marker is the greatest erasure stamp.
package enum MergeOracle {
    package static func state(of changes: [Change]) -> ReplicaState {
        var erasures: [RecordID: Stamp] = [:]
        var writes: [CellKey: [Stamp: CellWrite]] = [:]
        for change in changes {
            switch change {
            case .erase(let erasure):
                if let known = erasures[erasure.record], known >= erasure.stamp { continue }
                erasures[erasure.record] = erasure.stamp
            case .write(let write):
                writes[write.key, default: [:]][write.stamp] = write
            }
        }
        var state = ReplicaState()
        state.erasures = erasures
        for (key, received) in writes where erasures[key.record] == nil {
            let greatest = received.keys.max()!
            let winner = received[greatest]!
            state.winners[key] = CellWrite(key: key, value: winner.value, stamp: greatest)
            let superseded = Set(received.values.flatMap(\.supersedes))
            let unresolved = Set(received.keys).subtracting([greatest]).subtracting(superseded)
            if !unresolved.isEmpty { state.conflicts[key] = unresolved }
        }
        return state
    }
}
