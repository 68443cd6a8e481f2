import Testing
import SnodoModel
import SnodoTestSupport

/// The merge laws on the reference replica. The store is held to the same state in
/// SnodoStoreTests, so these laws carry over to it.
@Suite struct MergeLawTests {
    /// Every order of every set of up to four changes ends in the same state, also with duplicates.
    @Test func everyOrderOfUpToFourChangesConverges() {
        for seed in UInt64(1)...600 {
            var generator = ChangeGenerator(seed: seed)
            let count = Int(seed % 4) + 1
            let changes = generator.changes(count)
            var expected = ReferenceReplica()
            expected.apply(changes)
            for order in permutations(changes) {
                var replica = ReferenceReplica()
                replica.apply(order)
                #expect(replica.state == expected.state, "seed \(seed), order \(order)")
                replica.apply(order.reversed())
                #expect(replica.state == expected.state, "seed \(seed): applying again changed the state")
            }
        }
    }

    /// Commutative, associative and idempotent as a join of replicas, over random change sets.
    @Test func joinLawsHoldOnRandomReplicas() {
        for seed in UInt64(1)...10_000 {
            var generator = ChangeGenerator(seed: seed)
            let pool = generator.changes(12)
            var rng = SplitMix64(seed: seed ^ 0xA5A5)
            func randomReplica() -> ReferenceReplica {
                var replica = ReferenceReplica()
                replica.apply(pool.filter { _ in Bool.random(using: &rng) }.shuffled(using: &rng))
                return replica
            }
            let a = randomReplica(), b = randomReplica(), c = randomReplica()
            func join(_ x: ReferenceReplica, _ y: ReferenceReplica) -> ReferenceReplica {
                var result = x
                result.merge(y)
                return result
            }
            #expect(join(a, b).state == join(b, a).state, "commutativity, seed \(seed)")
            #expect(join(join(a, b), c).state == join(a, join(b, c)).state, "associativity, seed \(seed)")
            #expect(join(a, a).state == a.state, "idempotence, seed \(seed)")
        }
    }

    @Test func concurrentLoserIsKeptAsConflictAndSupersedingClearsIt() {
        let record = RecordID(high: 1, low: 1)
        let key = CellKey(record: record, field: 10)
        let deviceA = DeviceID(1), deviceB = DeviceID(2)
        let base = CellWrite(key: key, value: .text("via Roma 1"), stamp: Stamp(hlc: HLC(millis: 10), device: deviceA))
        let fromA = CellWrite(key: key, value: .text("via Roma 2"), stamp: Stamp(hlc: HLC(millis: 20), device: deviceA), supersedes: [base.stamp])
        let fromB = CellWrite(key: key, value: .text("via Roma 3"), stamp: Stamp(hlc: HLC(millis: 20), device: deviceB), supersedes: [base.stamp])
        var replica = ReferenceReplica()
        replica.apply([.write(base), .write(fromA), .write(fromB)])
        #expect(replica.state.winners[key]?.value == .text("via Roma 3"), "equal clocks: higher device wins")
        #expect(replica.state.conflicts[key] == [fromA.stamp], "the concurrent loser is kept")
        let resolution = CellWrite(
            key: key, value: .text("via Roma 2"), stamp: Stamp(hlc: HLC(millis: 30), device: deviceA),
            supersedes: [fromA.stamp, fromB.stamp])
        replica.apply(.write(resolution))
        #expect(replica.state.conflicts[key] == nil)
        #expect(replica.state.winners[key]?.value == .text("via Roma 2"))
    }

    @Test func erasureWinsOverLateWrites() {
        let record = RecordID(high: 9, low: 9)
        let key = CellKey(record: record, field: 10)
        let late = CellWrite(key: key, value: .text("Mario"), stamp: Stamp(hlc: HLC(millis: 99), device: DeviceID(3)))
        var replica = ReferenceReplica()
        replica.apply(.erase(Erasure(record: record, stamp: Stamp(hlc: HLC(millis: 5), device: DeviceID(1)))))
        replica.apply(.write(late))
        #expect(replica.state.winners.isEmpty)
        #expect(replica.state.erasures[record] != nil)
    }

    @Test func canaryRuleDiverges() {
        // The broken rule must be observably broken, or the simulator's canary proves nothing.
        var diverged = false
        for seed in UInt64(1)...200 where !diverged {
            var generator = ChangeGenerator(seed: seed)
            let changes = generator.changes(4)
            var forward = ReferenceReplica(rule: .canary)
            var backward = ReferenceReplica(rule: .canary)
            forward.apply(changes)
            backward.apply(changes.reversed())
            diverged = forward.state != backward.state
        }
        #expect(diverged)
    }
}
