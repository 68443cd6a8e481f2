import SnodoModel
import SnodoStore

/// The properties every run must end with, checked after the network heals and every device has
/// synced (TigerBeetle keeps its checkers apart from the simulator in the same way).
enum Checkers {
    /// Every laptop holds exactly the relay's state for the records of its scope, conflicts
    /// included, and every erasure marker.
    static func converged(relay: Store, devices: [SimDevice]) throws -> [String] {
        let state = try relay.state()
        var failures: [String] = []
        for device in devices {
            // Records the relay refused keep the laptop's own edits by design (listed in `snodo
            // status`): they are left out here, and the nothing-lost checker leaves them out too.
            let refused = Set(try device.store.rejections().map(\.record))
            let covered = try recordsCovered(by: device.scope, relay: relay, state: state).subtracting(refused)
            let expected = restrict(state, to: covered)
            let held = restrict(try device.store.state(), to: covered)
            if held != expected {
                let key =
                    Set(held.winners.keys).union(expected.winners.keys).sorted().first { held.winners[$0] != expected.winners[$0] }
                    ?? Set(held.conflicts.keys).union(expected.conflicts.keys).sorted().first { held.conflicts[$0] != expected.conflicts[$0] }
                let detail =
                    key.map { key in
                        "first at record \(key.record.hex.prefix(12)) field \(key.field): here \(held.winners[key].map { "\($0.stamp)" } ?? "none"), "
                            + "relay \(expected.winners[key].map { "\($0.stamp)" } ?? "none"), conflicts "
                            + "\(held.conflicts[key]?.count ?? 0)/\(expected.conflicts[key]?.count ?? 0)"
                    } ?? ""
                failures.append(
                    "device \(device.index) (\(device.role.rawValue)) diverged from the relay within its scope: "
                        + "\(held.winners.count) cells against \(expected.winners.count); \(detail)")
            }
        }
        return failures
    }

    /// No laptop holds a record outside its scope, except records it wrote itself that the relay
    /// refused (kept so nothing is lost).
    static func nothingOutOfScope(relay: Store, devices: [SimDevice]) throws -> [String] {
        let state = try relay.state()
        var failures: [String] = []
        for device in devices {
            let covered = try recordsCovered(by: device.scope, relay: relay, state: state)
            let refused = Set(try device.store.rejections().map(\.record))
            let held = Set(try device.store.state().winners.keys.map(\.record))
            let stray = held.subtracting(covered).subtracting(refused)
            if let record = stray.first {
                let local = try device.store.placement(of: record)
                let relayPlacement = try relay.placement(of: record)
                let own = try device.store.history(of: record).filter { $0.write.stamp.device == device.store.device }.count
                failures.append(
                    "device \(device.index) holds \(stray.count) record(s) outside its scope, like \(record.hex.prefix(12)) "
                        + "(here kind \(local.kindCode.map(String.init) ?? "?") in \(local.district ?? "?") shared \(local.sharedWith); "
                        + "relay \(relayPlacement.district ?? "?") "
                        + "shared \(relayPlacement.sharedWith); \(own) own writes; scope \(device.scope.districts.sorted()))")
            }
        }
        return failures
    }

    static func recordsCovered(by scope: Scope, relay: Store, state: ReplicaState) throws -> Set<RecordID> {
        var covered = Set<RecordID>()
        for record in Set(state.winners.keys.map(\.record)) {
            let placement = try relay.placement(of: record)
            if scope.covers(district: placement.district, sharedWith: placement.sharedWith) { covered.insert(record) }
        }
        return covered
    }

    static func restrict(_ state: ReplicaState, to records: Set<RecordID>) -> ReplicaState {
        var result = ReplicaState()
        result.winners = state.winners.filter { records.contains($0.key.record) }
        result.conflicts = state.conflicts.filter { records.contains($0.key.record) }
        result.erasures = state.erasures
        return result
    }

    /// The relay holds exactly the state the merge model computes from every change it accepted:
    /// the reference replica in memory, with the standard rule, is the oracle. This is the checker
    /// that catches a broken merge rule even where all replicas agree with each other.
    static func matchesModel(relay: Store) throws -> [String] {
        var model = ReferenceReplica()
        model.apply(try relay.changes(after: 0, limit: Int.max).map(\.change))
        let state = try relay.state()
        guard state != model.state else { return [] }
        let wrong = model.state.winners.filter { state.winners[$0.key] != $0.value }.count
        return [
            "the relay's state differs from the merge model: \(wrong) cells with another winner, "
                + "\(state.winners.count) cells against the model's \(model.state.winners.count)"
        ]
    }

    /// Every write a device committed is at the relay, or was overwritten by a later stamp, unless
    /// its record was erased.
    static func nothingLost(relay: Store, devices: [SimDevice]) throws -> [String] {
        let state = try relay.state()
        var failures: [String] = []
        for device in devices {
            let refused = Set(try device.store.rejections().map(\.record))
            for write in device.committed where state.erasures[write.key.record] == nil && !refused.contains(write.key.record) {
                guard let winner = state.winners[write.key], winner.stamp >= write.stamp else {
                    SimTrace.note(
                        "lost: d\(device.index) \(write.key.record.hex) field \(write.key.field) element \(write.key.element.hex) stamp \(write.stamp), "
                            + "relay has \(state.winners[write.key].map { "\($0.stamp)" } ?? "nothing")"
                    )
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
