import Testing
import SnodoModel
import SnodoProtocol
import SnodoStore
import SnodoSync
import SnodoTestSupport

/// A transport that hands the request to a relay service in the same process, with faults drawn
/// from a seed: the request lost before the relay sees it, the response lost after the relay
/// committed, the response cut short, the request delivered twice.
final class FaultyLoopback: SyncTransport {
    let relay: RelayService
    var rng: SplitMix64
    var faultPercent: Int
    var faults = 0

    init(relay: RelayService, seed: UInt64, faultPercent: Int) {
        self.relay = relay
        rng = SplitMix64(seed: seed)
        self.faultPercent = faultPercent
    }

    func exchange(_ request: [UInt8]) throws(SyncError) -> [UInt8] {
        guard Int.random(in: 0..<100, using: &rng) < faultPercent else { return relay.handle(request).body }
        faults += 1
        switch Int.random(in: 0..<4, using: &rng) {
        case 0: throw .transport("request lost")
        case 1:
            _ = relay.handle(request)
            throw .transport("response lost")
        case 2:
            let body = relay.handle(request).body
            return Array(body.prefix(Int.random(in: 0..<body.count, using: &rng)))
        default:
            _ = relay.handle(request)
            return relay.handle(request).body
        }
    }
}

struct Fleet {
    let relayClock: TestClock
    let relay: RelayService
    let clocks: [TestClock]
    let devices: [Store]

    init(seed: UInt64, devices count: Int, limits: SyncLimits = SyncLimits()) throws {
        relayClock = TestClock(seed: seed &* 7919)
        relay = RelayService(store: try Store.create(path: ":memory:", environment: relayClock.environment), limits: limits)
        clocks = (0..<count).map { TestClock(millis: 1_763_000_000_000 + Int64($0) * 1_000, seed: seed &+ UInt64($0) &* 104_729) }
        devices = try clocks.map { try Store.create(path: ":memory:", environment: $0.environment) }
    }

    func sync(_ index: Int, transport: SyncTransport? = nil, limits: SyncLimits = SyncLimits()) throws -> SyncReport {
        try SyncDriver(
            device: DeviceSync(store: devices[index], limits: limits), transport: transport ?? FaultyLoopback(relay: relay, seed: 0, faultPercent: 0)
        ).run()
    }

    func digests() throws -> [String] { try ([relay.store] + devices).map { try $0.state().digest } }
}

@Suite struct SyncEngineTests {
    static let household = RecordID(high: 0x0190_0000_0000_0001, low: 1)

    static func create(_ store: Store, _ id: RecordID = household) throws {
        try store.write {
            try $0.commit([
                .set(id, CommonField.kind, .enumeration(RecordKind.household.rawValue)), .set(id, CommonField.district, .text("Lodi-1")),
                .set(id, HouseholdField.comune, .text("Lodi")), .set(id, HouseholdField.street, .text("via Roma")),
            ])
        }
    }

    @Test func oneRoundSyncsADayOfWork() throws {
        let fleet = try Fleet(seed: 1, devices: 2)
        try Self.create(fleet.devices[0])
        for index in 0..<40 {
            let visit = fleet.devices[0].newRecordID()
            try fleet.devices[0].write {
                try $0.commit([
                    .set(visit, CommonField.kind, .enumeration(RecordKind.visit.rawValue)), .set(visit, VisitField.subject, .reference(Self.household)),
                    .set(visit, VisitField.note, .text("visita \(index)")),
                ])
            }
        }
        let first = try fleet.sync(0)
        #expect(first.rounds == 1)
        #expect(first.sent == 4 + 40 * 3)
        let second = try fleet.sync(1)
        #expect(second.rounds == 1)
        #expect(second.received == first.sent)
        #expect(Set(try fleet.digests()).count == 1)
        let again = try fleet.sync(0)
        #expect(again.sent == 0 && again.received == 0, "nothing is sent back to where it came from")
    }

    @Test func threeDevicesConvergeThroughFaultsForManySeeds() throws {
        for seed in UInt64(1)...300 {
            var rng = SplitMix64(seed: seed)
            let fleet = try Fleet(seed: seed, devices: 3)
            try Self.create(fleet.devices[0])
            _ = try fleet.sync(0)
            var committed: [CellWrite] = []
            for _ in 0..<Int.random(in: 5...25, using: &rng) {
                let index = Int.random(in: 0..<3, using: &rng)
                fleet.clocks[index].millis += Int64.random(in: -30_000...600_000, using: &rng)
                if Bool.random(using: &rng) {
                    committed += try fleet.devices[index].write { try $0.commit(Self.randomEdits(&rng, store: fleet.devices[index])) }
                } else {
                    let transport = FaultyLoopback(relay: fleet.relay, seed: rng.next(), faultPercent: 40)
                    do { _ = try fleet.sync(index, transport: transport) } catch let error as SyncError {
                        #expect(error.isRetryable || error.description.contains("not valid"), "seed \(seed): \(error)")
                    }
                }
            }
            for _ in 0..<2 { for index in 0..<3 { _ = try fleet.sync(index) } }
            let digests = try fleet.digests()
            #expect(Set(digests).count == 1, "seed \(seed): replicas diverged")
            // Every replica holds the merge's definition of every change any of them made.
            let everything = try fleet.devices.flatMap { try $0.changes(after: 0).map(\.change) }
            #expect(try fleet.relay.store.state() == MergeOracle.state(of: everything), "seed \(seed): the relay is not the defined merge")
            let relayState = try fleet.relay.store.state()
            let erased = Set(relayState.erasures.keys)
            for write in committed where !erased.contains(write.key.record) {
                let winner = relayState.winners[write.key]
                #expect(winner.map { $0.stamp >= write.stamp } ?? false, "seed \(seed): a committed edit is missing at the relay")
            }
        }
    }

    static func randomEdits(_ rng: inout SplitMix64, store: Store) -> [Edit] {
        (0..<Int.random(in: 1...4, using: &rng)).map { _ -> Edit in
            switch Int.random(in: 0..<5, using: &rng) {
            case 0: return .set(household, HouseholdField.tutor, .text(["Anna", "Bruno", "Carla"].randomElement(using: &rng)!))
            case 1:
                return .setElement(
                    household, HouseholdField.vulnerabilities, element: .enumeration(UInt32.random(in: 1...5, using: &rng)), .bool(Bool.random(using: &rng)))
            case 2: return .set(household, HouseholdField.planStatus, .enumeration(UInt32.random(in: 1...5, using: &rng)))
            default:
                let visit = store.newRecordID()
                return .set(visit, CommonField.kind, .enumeration(RecordKind.visit.rawValue))
            }
        }
    }

    @Test func smallLimitsTakeSeveralRoundsAndStillConverge() throws {
        var limits = SyncLimits()
        limits.changesPerBatch = 3
        limits.changesPerRequest = 7
        limits.responseBytesDefault = 200
        let fleet = try Fleet(seed: 5, devices: 2, limits: limits)
        try Self.create(fleet.devices[0])
        for index in 0..<30 { try fleet.devices[0].write { try $0.commit([.set(Self.household, HouseholdField.notes, .text("nota \(index)"))]) } }
        let sent = try fleet.sync(0, limits: limits)
        #expect(sent.rounds >= 5)
        let received = try fleet.sync(1, limits: limits)
        #expect(received.rounds > 1)
        #expect(Set(try fleet.digests()).count == 1)
    }

    @Test func aReplayedRequestChangesNothing() throws {
        let fleet = try Fleet(seed: 9, devices: 1)
        try Self.create(fleet.devices[0])
        let request = try DeviceSync(store: fleet.devices[0]).makeRequest()
        let first = fleet.relay.handle(request.bytes)
        let state = try fleet.relay.store.state()
        let number = fleet.relay.store.lastChangeNumber
        let second = fleet.relay.handle(request.bytes)
        #expect(first.status == 200 && second.status == 200)
        #expect(try fleet.relay.store.state() == state)
        #expect(fleet.relay.store.lastChangeNumber == number)
        _ = try DeviceSync(store: fleet.devices[0]).handle(response: second.body, to: request)
        _ = try DeviceSync(store: fleet.devices[0]).handle(response: first.body, to: request)
        #expect(try fleet.devices[0].peer(DeviceSync.relayPeer).acknowledgedThrough == request.sentThrough)
    }

    @Test func garbageRequestsAreRefusedAndWriteNothing() throws {
        let fleet = try Fleet(seed: 11, devices: 1)
        try Self.create(fleet.devices[0])
        _ = try fleet.sync(0)
        let before = try fleet.relay.store.state()
        var rng = SplitMix64(seed: 11)
        let valid = try DeviceSync(store: fleet.devices[0]).makeRequest().bytes
        let inputs: [[UInt8]] =
            [
                [], [0xFF], Array(valid.prefix(valid.count / 2)), valid + [0x01],
                FrameCodec().encode(.pull(Pull(cursor: 0))),
            ] + (0..<200).map { _ in (0..<Int.random(in: 1...300, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) } }
        for input in inputs {
            let reply = fleet.relay.handle(input)
            #expect(reply.status == 400 || reply.status == 413)
            let body = try Body.decode(reply.body)
            guard case .error(let error) = body.messages.last else { Issue.record("no error message"); continue }
            #expect(error.knownCode == .malformed || error.knownCode == .tooLarge)
        }
        #expect(try fleet.relay.store.state() == before)
    }

    @Test func aDeviceDaysFastIsRecordedAndFreezesNothing() throws {
        let fleet = try Fleet(seed: 13, devices: 2)
        try Self.create(fleet.devices[0])
        _ = try fleet.sync(0)
        _ = try fleet.sync(1)
        fleet.clocks[1].millis += 3 * 86_400_000
        try fleet.devices[1].write { try $0.commit([.set(Self.household, HouseholdField.tutor, .text("from the fast laptop"))]) }
        _ = try fleet.sync(1)
        let skew = try fleet.relay.store.peer(fleet.devices[1].device.hex).clockSkewMillis ?? 0
        #expect(skew > 2 * 86_400_000, "the relay measured the skew")
        _ = try fleet.sync(0)
        try fleet.devices[0].write { try $0.commit([.set(Self.household, HouseholdField.tutor, .text("corrected by the office"))]) }
        _ = try fleet.sync(0)
        _ = try fleet.sync(1)
        #expect(try fleet.devices[1].record(Self.household)?.text(HouseholdField.tutor) == "corrected by the office")
        #expect(Set(try fleet.digests()).count == 1)
    }
}

/// The relay numbers what it admits in the order the changes arrived, whatever the process: no
/// iteration over a hashed collection decides it (their order changes with each process's seed).
@Suite struct AdmissionOrderTests {
    @Test func admissionFollowsTheOrderInWhichChangesArrive() throws {
        let clock = TestClock(seed: 31)
        let relayStore = try Store.create(path: ":memory:", environment: clock.environment)
        let authority = RelayAuthority(identitySeed: [UInt8](repeating: 7, count: 32))
        let laptop = try Store.create(path: ":memory:", environment: clock.environment)
        let code = try authority.enroll(
            relayStore, device: laptop.device, team: "custodi-lodi",
            scope: Scope(role: .coordinator, districts: ["Lodi-1"]), operatorName: nil)
        try DeviceCredentials(store: laptop).enroll(code)
        for _ in 0..<60 {
            let id = laptop.newRecordID()
            try laptop.write {
                try $0.commit([.set(id, CommonField.kind, .enumeration(RecordKind.place.rawValue)), .set(id, CommonField.district, .text("Lodi-1"))])
            }
        }
        let request = try DeviceSync(store: laptop).makeRequest()
        var arrived: [RecordID] = []
        for case .changes(let batch) in try Body.decode(request.bytes).messages {
            for change in batch.changes where arrived.last != change.record { arrived.append(change.record) }
        }
        #expect(RelayService(store: relayStore, authority: authority).handle(request.bytes).status == 200)
        var admitted: [RecordID] = []
        for change in try relayStore.feed(after: 0, for: nil, limit: 1_000).changes where admitted.last != change.record {
            admitted.append(change.record)
        }
        #expect(arrived.count == 60)
        #expect(admitted == arrived)
    }
}
