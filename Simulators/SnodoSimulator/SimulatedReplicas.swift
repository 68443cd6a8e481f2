import Foundation
import SnodoModel
import SnodoStore
import SnodoSync

/// What a device does in the field; decides its workload and how often it syncs.
package enum Role: String, Sendable {
    case coordinator, caretaker, tutor, streetUnit
}

/// A field laptop in the simulation: the real store on a real SQLite file, its virtual clock,
/// and every write it committed (for the "nothing lost" checker).
package final class SimDevice {
    package let index: Int
    package let role: Role
    /// Where the store runs from; a restore puts the copy at a new path, as a reinstall would.
    package private(set) var path: String
    /// The last copy of the store.
    private var backup: (path: String, committed: Int, erased: Int)?
    package private(set) var restores = 0
    package let clock: VirtualClock
    private let rule: MergeRule
    private var rng: SplitMix64
    package private(set) var store: Store
    package var committed: [CellWrite] = []
    package var erased: [Erasure] = []
    package var crashes = 0
    /// The districts this laptop is enrolled for (the relay may change them).
    package var scope: Scope
    /// The key its store is sealed with.
    let vault: VaultKey

    init(index: Int, role: Role, scope: Scope, path: String, clock: VirtualClock, rule: MergeRule, seed: UInt64, relay: SimRelay) throws {
        self.index = index
        self.role = role
        self.scope = scope
        self.path = path
        self.clock = clock
        self.rule = rule
        rng = SplitMix64(seed: seed)
        let device = DeviceID(rng.next() | 1)
        // Keys from the seed too, so that a seed replays byte for byte.
        let code = try relay.authority.enroll(
            relay.service.store, device: device, team: role.rawValue, scope: scope, operatorName: "operator \(index)", seed: SimDevice.keySeed(&rng))
        // Every laptop's store is sealed at rest, as in the field.
        vault = VaultKey(dataKey: SimDevice.keySeed(&rng))
        store = try Store.create(path: path, environment: SimDevice.environment(clock, &rng), rule: rule, device: device, vault: vault)
        try DeviceCredentials(store: store).enroll(code, identity: SigningKey(seed: SimDevice.keySeed(&rng)))
    }

    /// The districts new records of this laptop go to.
    var homeDistrict: String { scope.districts.sorted().first { $0 != Scope.everyDistrict } ?? "Lodi-1" }

    static func keySeed(_ rng: inout SplitMix64) -> [UInt8] {
        var writer = ByteWriter()
        for _ in 0..<4 { writer.writeUInt64(rng.next()) }
        return writer.bytes
    }

    static func environment(_ clock: VirtualClock, _ rng: inout SplitMix64) -> StoreEnvironment {
        let source = RandomSource(seed: rng.next())
        return StoreEnvironment(wallMillis: { clock.wallMillis }, random: { source.next() })
    }

    /// A crash: the connection goes away without any clean-up, and the laptop reopens the file.
    func crashAndRestart() throws {
        crashes += 1
        store = try Store.open(path: path, environment: SimDevice.environment(clock, &rng), rule: rule, vault: vault)
    }

    /// A copy of the store, as someone saving a laptop's folder would take it.
    func backUp() throws {
        let target = path + ".backup"
        try? FileManager.default.removeItem(atPath: target)
        try store.backup(to: target)
        backup = (target, committed.count, erased.count)
    }

    /// The laptop is reinstalled from its last copy. What it wrote since the copy and no replica
    /// holds any more is gone for good, as in the field (`forget`); the rest must come back.
    func restore() throws -> Bool {
        guard let backup else { return false }
        restores += 1
        let target = path.replacingOccurrences(of: #"\.restored-\d+$"#, with: "", options: .regularExpression) + ".restored-\(restores)"
        try FileManager.default.copyItem(atPath: backup.path, toPath: target)
        path = target
        store = try Store.open(path: target, environment: SimDevice.environment(clock, &rng), rule: rule, vault: vault)
        return true
    }

    /// Forgets the writes and erasures of this laptop that no replica holds any more: lost for good
    /// by restores, they are not for the checkers to find.
    func forget(unlessHeld held: (Change) throws -> Bool) throws {
        committed = try committed.filter { try held(.write($0)) }
        erased = try erased.filter { try held(.erase($0)) }
    }

    /// Erases a record and remembers the marker.
    func erase(_ record: RecordID) throws {
        erased.append(try store.write { try $0.erase(record) })
    }

    /// A record erased here (by this laptop or by an erasure that arrived) refuses edits, as the
    /// `snodo` command does; the operator's other edits of the session still go in.
    func commit(_ edits: [Edit]) throws {
        var edits = edits
        while true {
            do {
                let writes = try store.write { try $0.commit(edits) }
                for write in writes where SimTrace.watches(write.key.record) {
                    SimTrace.note("  d\(index) writes \(write.key.field)/\(write.key.element.hex) stamp \(write.stamp)")
                }
                committed += writes
                return
            } catch StoreError.erasedRecord(let record) {
                edits.removeAll { $0.key.record == record }
            }
        }
    }
}

/// The central relay in the simulation: the real relay service on its real SQLite file.
package final class SimRelay {
    package private(set) var path: String
    private var backup: String?
    package private(set) var restores = 0
    package let clock: VirtualClock
    private let rule: MergeRule
    private var rng: SplitMix64
    package private(set) var service: RelayService
    package let authority: RelayAuthority
    package var crashes = 0
    let auditor: RelayAuditor
    let canary: RelayCanary?

    init(path: String, clock: VirtualClock, rule: MergeRule, seed: UInt64, canary: RelayCanary? = nil) throws {
        self.path = path
        self.clock = clock
        self.rule = rule
        rng = SplitMix64(seed: seed)
        var key = ByteWriter()
        for _ in 0..<4 { key.writeUInt64(rng.next()) }
        authority = RelayAuthority(identitySeed: key.bytes)
        auditor = RelayAuditor()
        self.canary = canary
        service = RelayService(store: try Store.create(path: path, environment: SimDevice.environment(clock, &rng), rule: rule), authority: authority)
        service.canary = canary
        try service.store.write { try $0.setProfile(SimProfiles.lodi.at(revision: 1)) }
    }

    /// The operator gives the relay a revised profile; a restored relay may hold an older one,
    /// and takes the revision again the same way.
    func revise(to profile: Profile) throws {
        let store = service.store
        guard store.profile.refusal(of: profile) == nil, store.profile.document != profile.document else { return }
        try store.write { try $0.setProfile(profile.at(revision: Profile.nextRevision(after: store.profile.revision, wallMillis: store.wallMillis))) }
    }

    /// Every request reaches the relay here, under the auditor's eye.
    func handle(_ request: [UInt8]) -> RelayReply {
        auditor.handle(request, by: service)
    }

    func crashAndRestart() throws {
        crashes += 1
        service = RelayService(store: try Store.open(path: path, environment: SimDevice.environment(clock, &rng), rule: rule), authority: authority)
        service.canary = canary
    }

    /// The operator's nightly `snodo-relay backup`.
    func backUp() throws {
        let target = path + ".backup"
        try? FileManager.default.removeItem(atPath: target)
        try service.store.backup(to: target)
        backup = target
    }

    /// The disk is lost and the last backup goes back in, with nobody telling the laptops.
    func restore() throws -> Bool {
        guard let backup else { return false }
        restores += 1
        let target = path.replacingOccurrences(of: #"\.restored-\d+$"#, with: "", options: .regularExpression) + ".restored-\(restores)"
        try FileManager.default.copyItem(atPath: backup, toPath: target)
        path = target
        service = RelayService(store: try Store.open(path: target, environment: SimDevice.environment(clock, &rng), rule: rule), authority: authority)
        service.canary = canary
        return true
    }

    /// Whether the relay holds a change (a write with its stamp, or the erasure marker).
    func holds(_ change: Change) throws -> Bool {
        try SimRelay.holds(change, in: service.store)
    }

    static func holds(_ change: Change, in store: Store) throws -> Bool {
        switch change {
        case .write(let write): try store.holds(write)
        case .erase(let erasure): try store.erasureMarker(erasure.record) == erasure
        }
    }
}

/// A seeded source of random bits shared by a store's id generator.
final class RandomSource {
    private var rng: SplitMix64
    init(seed: UInt64) { rng = SplitMix64(seed: seed) }
    func next() -> UInt64 { rng.next() }
}
