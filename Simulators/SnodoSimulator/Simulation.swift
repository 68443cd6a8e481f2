import Foundation
import SnodoModel
import SnodoStore
import SnodoSync

/// The outcome of one seed.
package struct SimulationResult: Sendable {
    package var seed: UInt64
    package var failures: [String] = []
    package var changes = 0
    package var syncs = 0
    package var bytes = 0
    package var conflicts = 0
    package var faults = 0
    package var erasures = 0
    package var scopeChanges = 0
    package var rejected = 0
    /// Records of the kinds only the programme's profile defines (Lodi's arrears and evictions)
    /// at the relay at the end.
    package var programmeRecords = 0
    /// Stores put back from an older copy: the relay's and the laptops'.
    package var restores = 0
    package var faultProfile = ""
    /// The relay's state digest at the end: the same seed must give the same digest.
    package var digest = ""
    package var ok: Bool { failures.isEmpty }

    package init(seed: UInt64) { self.seed = seed }
}

/// Runs the real store, sync engine and relay service through simulated days of field work, from
/// one seed: the same seed replays the same run exactly.
package final class Simulation {
    package let options: SimulationOptions
    private var rng: SplitMix64
    private let faults: FaultProfile
    private var relay: SimRelay!
    private var devices: [SimDevice] = []
    private var networks: [SimulatedNetwork] = []
    private var result: SimulationResult
    private var streetPersons: [RecordID] = []
    static let dayMillis: Int64 = 86_400_000

    package init(options: SimulationOptions) {
        self.options = options
        rng = SplitMix64(seed: options.seed)
        faults = FaultProfile(&rng)
        result = SimulationResult(seed: options.seed)
        result.faultProfile = faults.description
    }

    package func run() -> SimulationResult {
        // Unique per run, so runs in parallel never share files; the name plays no part in the result.
        let folder = options.folder + "/snodo-sim-\(options.scenario.rawValue)-\(options.seed)-\(UUID().uuidString)"
        try? FileManager.default.removeItem(atPath: folder)
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { if ProcessInfo.processInfo.environment["SNODO_SIM_KEEP"] == nil { try? FileManager.default.removeItem(atPath: folder) } }
        do {
            let district = try setUp(folder: folder)
            var workload = Workload(rng: SplitMix64(seed: rng.next()), district: district)
            for day in 0..<options.days {
                // Halfway through, the programme's profile is revised at the relay ([PROF-3]).
                if day >= options.days / 2 { try relay.revise(to: SimProfiles.revised) }
                try simulate(day: day, workload: &workload)
            }
            // An operator whose relay was restored from an older copy gives it the profile again.
            try relay.revise(to: SimProfiles.revised)
            try heal()
            try check()
        } catch {
            result.failures.append("the run stopped on an error: \(error)")
        }
        return result
    }

    private func chance(_ percent: Int) -> Bool { rng.draw(in: 0..<100) < percent }
    private func perMille(_ count: Int) -> Bool { rng.draw(in: 0..<1000) < count }

    private static let start: Int64 = 1_767_600_000_000  // Monday 5 January 2026, 08:00 UTC

    private func roles() -> [Role] {
        let cycle: [Role] =
            switch options.scenario {
            case .rounds: [.caretaker, .caretaker, .tutor]
            case .street: [.streetUnit]
            case .plans: [.tutor, .coordinator]
            case .mixed: [.caretaker, .streetUnit, .tutor]
            }
        return [.coordinator] + (0..<max(1, options.devices - 1)).map { cycle[$0 % cycle.count] }
    }

    /// The coordinator sees every district; the others one of the two, sometimes both.
    private func scope(for role: Role, index: Int) -> Scope {
        let teamRole: TeamRole =
            switch role {
            case .coordinator: .coordinator
            case .caretaker: .caretaker
            case .tutor: .tutor
            case .streetUnit: .streetUnit
            }
        guard role != .coordinator else { return Scope(role: teamRole, districts: [Scope.everyDistrict], leaseDays: 3650) }
        let districts: Set<String> = chance(20) ? Set(District.names) : [District.names[index % District.names.count]]
        return Scope(role: teamRole, districts: districts, leaseDays: 3650)
    }

    /// The office moves a laptop to another district, or adds or removes one.
    private func changeScope() throws {
        guard let device = rng.element(of: devices.filter { $0.role != .coordinator }) else { return }
        var districts = device.scope.districts
        let name = rng.element(of: District.names)!
        if districts.contains(name) && districts.count > 1 { districts.remove(name) } else { districts = [name] }
        let store = relay.service.store
        guard var enrolled = try store.enrolledDevice(device.store.device) else { return }
        enrolled.scope = Scope(
            role: enrolled.scope.role, districts: districts, epoch: Scope.nextEpoch(after: enrolled.scope.epoch, wallMillis: store.wallMillis),
            leaseDays: enrolled.scope.leaseDays)
        try store.write { try $0.saveDevice(enrolled) }
        SimTrace.note("  d\(device.index) scope now \(districts.sorted())")
        device.scope = enrolled.scope
        result.scopeChanges += 1
        // A laptop may give back only what its scope, as the relay holds it, covers: a change that
        // after a restore only this laptop held, of a record its new scope leaves out, is gone.
        if result.restores > 0 { try forgetWhatNobodyHolds() }
    }

    private func setUp(folder: String) throws -> District {
        let rule: MergeRule = options.canary ? .canary : .standard
        relay = try SimRelay(
            path: folder + "/relay.sqlite", clock: VirtualClock(trueMillis: Simulation.start, offsetMillis: 0, driftPPM: 0),
            rule: rule, seed: rng.next(), canary: options.relayCanary)
        for (index, role) in roles().enumerated() {
            // Most clocks are minutes off; some are days off, ahead or behind.
            let offset = chance(15) ? rng.draw(in: -3...3 as ClosedRange<Int64>) * Simulation.dayMillis : rng.draw(in: -180_000...180_000 as ClosedRange<Int64>)
            let clock = VirtualClock(trueMillis: Simulation.start, offsetMillis: offset, driftPPM: rng.draw(in: -60...60 as ClosedRange<Int64>))
            devices.append(
                try SimDevice(
                    index: index, role: role, scope: scope(for: role, index: index), path: folder + "/device-\(index).sqlite",
                    clock: clock, rule: rule, seed: rng.next(), relay: relay))
            networks.append(SimulatedNetwork(relay: relay, faults: faults, seed: rng.next()))
        }
        let district = try Workload.setup(devices[0], devices: devices.count, rng: &rng)
        let calm = SimulatedNetwork(relay: relay, faults: .none, seed: 0)
        for device in devices { _ = try SyncDriver(device: DeviceSync(store: device.store), transport: calm).run() }
        return district
    }

    /// One day: every device's sessions and sync attempts at their hours, in time order.
    private func simulate(day: Int, workload: inout Workload) throws {
        var events: [(at: Int64, device: Int, isSync: Bool)] = []
        SimTrace.note("day \(day)")
        try takeBackups()
        for device in devices {
            let (sessions, syncs) = schedule(device.role)
            events += sessions.map { (Int64(day) * Simulation.dayMillis + $0, device.index, false) }
            events += syncs.map { (Int64(day) * Simulation.dayMillis + $0, device.index, true) }
            networks[device.index].partitioned = chance(faults.partitionPercent)
            if device.index == 0, options.scenario != .street, chance(6) { try changeScope() }
            if chance(faults.clockJumpPercent) {
                device.clock.jump(by: rng.draw(in: -3 * Simulation.dayMillis...3 * Simulation.dayMillis as ClosedRange<Int64>))
                result.faults += 1
            }
        }
        events.sort { ($0.at, $0.device) < ($1.at, $1.device) }
        for event in events {
            let now = Simulation.start + event.at
            relay.clock.trueMillis = now
            for device in devices { device.clock.trueMillis = now }
            let device = devices[event.device]
            if event.isSync {
                try attemptSync(device)
            } else {
                let before = device.committed.count
                try device.commit(workload.session(for: device, persons: &streetPersons))
                SimTrace.note("  d\(device.index) commits \(device.committed.count - before) writes, log at \(device.store.lastChangeNumber)")
                if options.scenario == .mixed, device.role == .coordinator, chance(15), let person = rng.element(of: streetPersons) {
                    try device.erase(person)
                    result.erasures += 1
                }
            }
            if chance(faults.deviceCrashPercent / 3) {
                SimTrace.note("  d\(device.index) crashes at cursor \((try? device.store.peer(DeviceSync.relayPeer).receivedThrough) ?? 0)")
                try device.crashAndRestart()
                SimTrace.note("  d\(device.index) restarts at cursor \((try? device.store.peer(DeviceSync.relayPeer).receivedThrough) ?? 0)")
                result.faults += 1
            }
            if perMille(faults.restorePermille) { try restoreRelay() }
            if perMille(faults.restorePermille) { try restore(device) }
        }
    }

    /// The relay's operator backs up most nights; now and then someone copies a laptop's store.
    private func takeBackups() throws {
        if chance(60) {
            try relay.backUp()
            SimTrace.note("  relay backed up at \(relay.service.store.lastChangeNumber)")
        }
        for device in devices where chance(15) {
            try device.backUp()
            SimTrace.note("  d\(device.index) copied at \(device.store.lastChangeNumber)")
        }
    }

    /// The relay's disk is lost and its last backup goes back in, with nobody telling the laptops.
    /// The scopes granted since the backup are lost with it: the office's record of them follows.
    private func restoreRelay() throws {
        guard try relay.restore() else { return }
        SimTrace.note("  relay restored from its backup: log at \(relay.service.store.lastChangeNumber)")
        result.restores += 1
        for device in devices {
            if let enrolled = try relay.service.store.enrolledDevice(device.store.device) { device.scope = enrolled.scope }
        }
        try forgetWhatNobodyHolds()
    }

    /// The checkers demand that every change still held by some replica that may give it back
    /// reaches every replica whose scope it is in: the relay, the laptop that made it, or a laptop
    /// whose scope covers the record as the relay now places it. Any other change is gone for good.
    private func forgetWhatNobodyHolds() throws {
        let store = relay.service.store
        for author in devices {
            try author.forget { change in
                if try relay.holds(change) || SimRelay.holds(change, in: author.store) { return true }
                let placement = try store.placement(of: change.record)
                return try devices.contains { holder in
                    try scopeOf(holder).covers(district: placement.district, sharedWith: placement.sharedWith)
                        && SimRelay.holds(change, in: holder.store)
                }
            }
        }
    }

    private func scopeOf(_ device: SimDevice) throws -> Scope {
        try relay.service.store.enrolledDevice(device.store.device)?.scope ?? device.scope
    }

    /// A laptop is reinstalled from its last copy.
    private func restore(_ device: SimDevice) throws {
        guard try device.restore() else { return }
        SimTrace.note("  d\(device.index) reinstalled from its copy: log at \(device.store.lastChangeNumber), writer \(device.store.writer.hex)")
        result.restores += 1
        try forgetWhatNobodyHolds()
    }

    /// Hours (milliseconds into the day) of a role's work sessions and sync attempts.
    private func schedule(_ role: Role) -> (sessions: [Int64], syncs: [Int64]) {
        let hour: Int64 = 3_600_000
        func at(_ h: Double) -> Int64 { Int64(h * Double(hour)) + rng.draw(in: 0..<hour / 2 as Range<Int64>) }
        switch role {
        case .caretaker: return ([at(1.5), at(5.5)], chance(50) ? [at(4.5), at(9)] : [at(9)])
        case .tutor: return ([at(2), at(6)], [at(3), at(7), at(10)])
        case .streetUnit: return ([at(15)], chance(35) ? [at(19.5)] : [])
        case .coordinator: return ([at(1)], [at(0.5), at(8)])
        }
    }

    /// A sync as the field does it; sometimes the device crashes between two batches, or the relay
    /// or the laptop is put back from an older copy between the request and the response.
    private func attemptSync(_ device: SimDevice) throws {
        let network = networks[device.index]
        result.syncs += 1
        if perMille(faults.restorePermille * 2) {
            let request = try DeviceSync(store: device.store).makeRequest()
            let response = try? network.exchange(request.bytes)
            SimTrace.note("  d\(device.index) restore between request and response")
            if chance(50) { try restoreRelay() } else { try restore(device) }
            if let response { _ = try? DeviceSync(store: device.store).handle(response: response, to: request) }
            return
        }
        if chance(faults.deviceCrashPercent) {
            var sync = DeviceSync(store: device.store)
            sync.interruptAfterBatches = rng.draw(in: 1...3)
            let request = try sync.makeRequest()
            if let response = try? network.exchange(request.bytes) { _ = try? sync.handle(response: response, to: request) }
            SimTrace.note("  d\(device.index) crashes mid-sync")
            try device.crashAndRestart()
            result.faults += 1
            return
        }
        if SimTrace.isOn {
            let held = try device.store.peer(DeviceSync.relayPeer)
            SimTrace.note(
                "  d\(device.index) syncs: cursor \(held.receivedThrough) (\(held.receivedFingerprint.map { String($0, radix: 16) } ?? "no fingerprint")), "
                    + "acknowledged \(held.acknowledgedThrough), checkpoints \(held.checkpoints.map(\.through)), "
                    + "relay log at \(relay.service.store.lastChangeNumber)"
            )
        }
        do {
            let report = try SyncDriver(device: DeviceSync(store: device.store), transport: network).run()
            SimTrace.note(
                "  sync d\(device.index): \(report.rounds) rounds, sent \(report.sent), received \(report.received), rewinds \(report.rewinds), restored "
                    + "here \(report.restoredHere)"
            )
        } catch let error as SyncError {
            SimTrace.note("  sync d\(device.index) failed: \(error)")
            // A response cut or mangled on the way is refused by the laptop, like a lost one: cut
            // at a frame boundary, it has lost its signature.
            if error.isRetryable { return }
            switch error {
            case .badResponse, .forgedResponse: return
            default: throw error
            }
        }
    }

    /// The network heals: every device syncs until nothing moves.
    private func heal() throws {
        let calm = SimulatedNetwork(relay: relay, faults: .none, seed: 0)
        for _ in 0..<4 {
            var moved = 0
            for device in devices {
                let report = try SyncDriver(device: DeviceSync(store: device.store), transport: calm).run()
                moved += report.sent + report.received
            }
            if moved == 0 { break }
        }
        result.faults += networks.reduce(0) { $0 + $1.stats.faults } + devices.reduce(0) { $0 + $1.crashes }
        result.bytes = networks.reduce(0) { $0 + $1.stats.bytesUp + $1.stats.bytesDown }
        result.changes = devices.reduce(0) { $0 + $1.committed.count }
    }

    private func check() throws {
        let store = relay.service.store
        result.failures += try Checkers.converged(relay: store, devices: devices)
        result.failures += try Checkers.nothingOutOfScope(relay: store, devices: devices)
        result.failures += try Checkers.matchesModel(relay: store)
        result.rejected = try devices.reduce(0) { $0 + (try $1.store.rejections().count) }
        result.programmeRecords = try [SimProfiles.arrears, SimProfiles.eviction].reduce(0) { $0 + (try store.recordIDs(of: $1).count) }
        // Every laptop ends on the relay's profile: the revision halfway through reached them all.
        for device in devices where device.store.profile.document != store.profile.document {
            result.failures.append("device \(device.index) ends on another programme profile than the relay's")
        }
        result.failures += try Checkers.nothingLost(relay: store, devices: devices)
        result.failures += try Checkers.nothingResurrected(relay: store, devices: devices)
        result.failures += try Checkers.intact(relay: store, devices: devices)
        // The relay judged by the trust rules at every request it handled.
        let violations = relay.auditor.violations
        if !violations.isEmpty {
            result.failures.append("the relay broke the trust rules \(violations.count) times; first: \(violations[0])")
        }
        result.conflicts = try store.conflicts().count
        result.digest = try store.state().digest + "/" + logDigest(store)
    }

    /// A digest of the relay's change log in its numbering: the order in which it admitted changes,
    /// which the state alone does not show and a replay must reproduce exactly.
    private func logDigest(_ store: Store) throws -> String {
        var text = ""
        var cursor: UInt64 = 0
        while true {
            let slice = try store.feed(after: cursor, for: nil, limit: 10_000)
            for (number, change) in zip(slice.numbers, slice.changes) {
                text += "\(number) \(change.record.hex) \(change.stamp.hlc.raw) \(change.stamp.device.raw)\n"
            }
            cursor = slice.through
            if !slice.more { break }
        }
        return SHA256.hash(Array(text.utf8)).prefix(8).map { String($0, radix: 16) }.joined()
    }
}

extension FaultProfile {
    /// A network that never fails: for set-up and for healing.
    static var none: FaultProfile {
        var rng = SplitMix64(seed: 0)
        var profile = FaultProfile(&rng)
        profile.requestLostPercent = 0; profile.responseLostPercent = 0; profile.truncatePercent = 0
        profile.duplicatePercent = 0; profile.replayOldPercent = 0; profile.partitionPercent = 0
        profile.deviceCrashPercent = 0; profile.relayCrashPercent = 0; profile.clockJumpPercent = 0; profile.forgePercent = 0
        profile.restorePermille = 0
        return profile
    }
}
