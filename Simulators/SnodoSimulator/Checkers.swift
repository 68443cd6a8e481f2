import SnodoModel
import SnodoStore

/// The properties every run must end with, checked after the network heals and every device has
/// synced (TigerBeetle keeps its checkers apart from the simulator in the same way).
enum Checkers {
    /// All replicas hold identical state, conflicts included.
    static func converged(relay: Store, devices: [SimDevice]) throws -> [String] {
        let expected = try relay.state().digest
        return try devices.compactMap { device in
            let digest = try device.store.state().digest
            return digest == expected ? nil : "device \(device.index) (\(device.role.rawValue)) diverged from the relay: \(digest.prefix(12)) ≠ \(expected.prefix(12))"
        }
    }

    /// The relay holds exactly the state the merge model computes from every change any device
    /// committed: the reference replica in memory, with the standard rule, is the oracle. This is
    /// the checker that catches a broken merge rule even where all replicas agree with each other.
    static func matchesModel(relay: Store, devices: [SimDevice]) throws -> [String] {
        var model = ReferenceReplica()
        for device in devices {
            model.apply(device.committed.map(Change.write))
            model.apply(device.erased.map(Change.erase))
        }
        let state = try relay.state()
        guard state != model.state else { return [] }
        let wrong = model.state.winners.filter { state.winners[$0.key] != $0.value }.count
        let missing = model.state.erasures.keys.filter { state.erasures[$0] == nil }.count
        return ["the relay's state differs from the merge model: \(wrong) cells with another winner, \(missing) erasures missing, "
            + "\(state.winners.count) cells against the model's \(model.state.winners.count)"]
    }

    /// Every write a device committed is at the relay, or was overwritten by a later stamp, unless
    /// its record was erased.
    static func nothingLost(relay: Store, devices: [SimDevice]) throws -> [String] {
        let state = try relay.state()
        var failures: [String] = []
        for device in devices {
            for write in device.committed where state.erasures[write.key.record] == nil {
                guard let winner = state.winners[write.key], winner.stamp >= write.stamp else {
                    failures.append("device \(device.index): a committed write to field \(write.key.field) of \(write.key.record.hex.prefix(12)) is lost")
                    break
                }
            }
        }
        return failures
    }

    /// No erased record has a value left anywhere.
    static func nothingResurrected(relay: Store, devices: [SimDevice]) throws -> [String] {
        var failures: [String] = []
        for (name, store) in [("relay", relay)] + devices.map({ ("device \($0.index)", $0.store) }) {
            let state = try store.state()
            for record in state.erasures.keys where state.winners.keys.contains(where: { $0.record == record }) {
                failures.append("\(name): erased record \(record.hex.prefix(12)) has values again")
            }
        }
        return failures
    }

    /// Every SQLite file passes `PRAGMA integrity_check`.
    static func intact(relay: Store, devices: [SimDevice]) throws -> [String] {
        try ([("relay", relay)] + devices.map { ("device \($0.index)", $0.store) }).compactMap { name, store in
            let result = try store.integrityCheck()
            return result == "ok" ? nil : "\(name): integrity_check says \(result)"
        }
    }
}
