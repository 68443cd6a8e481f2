import Testing
import SnodoModel
import SnodoProtocol
@testable import SnodoStore
import SnodoSync
import SnodoTestSupport

/// Group commit: requests judged together in one transaction leave the relay exactly as the same
/// requests handled one by one, and a group in which one fails keeps nothing of the failed one and
/// everything of the others.
@Suite struct GroupCommitTests {
    /// A relay with `count` enrolled laptops of one district, each with a day of random edits not
    /// yet sent, built the same way from the same seed every time.
    struct World {
        let relay: RelayService
        let laptops: [Store]

        init(seed: UInt64, laptops count: Int) throws {
            let clock = TestClock(seed: seed)
            let authority = RelayAuthority(identitySeed: [UInt8](repeating: 3, count: 32))
            let relay = RelayService(store: try Store.create(path: ":memory:", environment: clock.environment), authority: authority)
            self.relay = relay
            let laptops = try (0..<count).map { index in
                let laptop = try Store.create(path: ":memory:", environment: TestClock(seed: seed &* 31 &+ UInt64(index)).environment)
                let code = try authority.enroll(
                    relay.store, device: laptop.device, team: "custodi-lodi", scope: Scope(role: .coordinator, districts: ["Lodi-1"]), operatorName: nil)
                try DeviceCredentials(store: laptop).enroll(code)
                return laptop
            }
            self.laptops = laptops
            var rng = SplitMix64(seed: seed)
            let shared = RecordID(high: 0x0190_0000_0000_0002, low: seed)
            for laptop in laptops {
                for _ in 0..<Int.random(in: 1...12, using: &rng) {
                    let id = Bool.random(using: &rng) ? shared : laptop.newRecordID()
                    try laptop.write {
                        try $0.commit([
                            .set(id, CommonField.kind, .enumeration(RecordKind.household.rawValue)), .set(id, CommonField.district, .text("Lodi-1")),
                            .set(id, HouseholdField.street, .text("via \(Int.random(in: 1...500, using: &rng))")),
                            .set(id, HouseholdField.notes, .text(String(repeating: "nota ", count: Int.random(in: 1...200, using: &rng)))),
                        ])
                    }
                }
            }
        }

        /// Each laptop's request, with a repeat of the first (a retry) among them.
        func requests() throws -> [(laptop: Int, request: DeviceSync.Request)] {
            let made = try laptops.indices.map { ($0, try DeviceSync(store: laptops[$0]).makeRequest()) }
            return made + [made[0]]
        }
    }

    @Test(arguments: 1...12) func aGroupLeavesTheRelayAsOneByOne(seed: UInt64) throws {
        let grouped = try World(seed: seed, laptops: 4), single = try World(seed: seed, laptops: 4)
        let groupRequests = try grouped.requests(), singleRequests = try single.requests()
        let judgements = grouped.relay.judge(together: groupRequests.map { RelayService.decode($0.request.bytes, with: grouped.relay.codec) })
        let groupReplies = zip(judgements, groupRequests).map { grouped.relay.respond(to: $0, answering: $1.request.bytes) }
        let singleReplies = singleRequests.map { single.relay.handle($0.request.bytes) }
        #expect(groupReplies.map(\.status) == singleReplies.map(\.status), "seed \(seed)")
        #expect(groupReplies.map(\.summary) == singleReplies.map(\.summary), "seed \(seed)")
        #expect(try grouped.relay.store.state() == single.relay.store.state(), "seed \(seed)")
        #expect(grouped.relay.store.lastChangeNumber == single.relay.store.lastChangeNumber, "seed \(seed)")
        for laptop in grouped.laptops {
            #expect(try grouped.relay.store.peer(laptop.device.hex).receivedThrough > 0, "seed \(seed)")
        }
        // The laptops take their answers, and one more round brings every replica to one state.
        for ((index, request), reply) in zip(groupRequests, groupReplies) {
            _ = try? DeviceSync(store: grouped.laptops[index]).handle(response: reply.body, to: request)
        }
        for laptop in grouped.laptops {
            _ = try SyncDriver(device: DeviceSync(store: laptop), transport: Loopback(relay: grouped.relay)).run()
        }
        let digests = try ([grouped.relay.store] + grouped.laptops).map { try $0.state().digest }
        #expect(Set(digests).count == 1, "seed \(seed)")
    }

    @Test func aFailureInAGroupKeepsNothingOfItAndAllOfTheOthers() throws {
        let world = try World(seed: 77, laptops: 6)
        let requests = try world.requests()
        // The disk fills up partway through the group: SQLite refuses more pages than these.
        let pages = try world.relay.store.database.integer("PRAGMA page_count") ?? 0
        try world.relay.store.database.execute("PRAGMA max_page_count = \(pages + 1)")
        let judgements = world.relay.judge(together: requests.map { RelayService.decode($0.request.bytes, with: world.relay.codec) })
        let replies = zip(judgements, requests).map { world.relay.respond(to: $0, answering: $1.request.bytes) }
        #expect(replies.contains { $0.status == 500 }, "the full disk refused some request")
        #expect(replies.contains { $0.status == 200 }, "the requests that fit were taken")
        for (index, laptop) in world.laptops.enumerated() {
            let taken = zip(requests, replies).contains { $0.laptop == index && $1.status == 200 }
            let own = try laptop.changes(after: 0).compactMap { change -> CellWrite? in
                if case .write(let write) = change.change { write } else { nil }
            }
            let held = try own.filter { try world.relay.store.holds($0) }.count
            // A request taken is held and acknowledged whole; one that failed, not at all.
            #expect(held == (taken ? own.count : 0), "laptop \(index)")
            let acknowledged = try world.relay.store.peer(laptop.device.hex).receivedThrough
            #expect((acknowledged > 0) == taken, "laptop \(index)")
        }
        #expect(try world.relay.store.integrityCheck() == "ok")
        try world.relay.store.database.execute("PRAGMA max_page_count = 1073741823")
        // Room again: every laptop's next round is taken, and nothing of what it wrote is lost.
        for laptop in world.laptops {
            _ = try SyncDriver(device: DeviceSync(store: laptop), transport: Loopback(relay: world.relay)).run()
        }
        for laptop in world.laptops {
            _ = try SyncDriver(device: DeviceSync(store: laptop), transport: Loopback(relay: world.relay)).run()
        }
        let digests = try ([world.relay.store] + world.laptops).map { try $0.state().digest }
        #expect(Set(digests).count == 1)
    }
}

/// Hands each request to the relay in the same process, with no fault.
struct Loopback: SyncTransport {
    let relay: RelayService
    func exchange(_ request: [UInt8]) throws(SyncError) -> [UInt8] { relay.handle(request).body }
}
