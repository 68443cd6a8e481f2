import Testing
import SnodoModel
import SnodoStore
import SnodoTestSupport

/// The SQLite store must reach exactly the reference replica's state from the same changes, in
/// any order and with duplicates: the merge laws proven on the reference carry over.
@Suite struct StoreMergeTests {
    func memoryStore(seed: UInt64) throws -> Store {
        try Store.create(path: ":memory:", environment: TestClock(seed: seed).environment)
    }

    @Test func everyOrderOfUpToFourChangesGivesTheReferenceState() throws {
        for seed in UInt64(1)...150 {
            var generator = ChangeGenerator(seed: seed)
            let changes = generator.changes(Int(seed % 4) + 1)
            var reference = ReferenceReplica()
            reference.apply(changes)
            for order in permutations(changes) {
                let store = try memoryStore(seed: seed)
                for change in order { try store.write { try $0.apply([change]) } }
                #expect(try store.state() == reference.state, "seed \(seed)")
            }
        }
    }

    @Test func randomChangeSetsWithDuplicatesMatchTheReference() throws {
        for seed in UInt64(1)...1_000 {
            var generator = ChangeGenerator(seed: seed)
            var rng = SplitMix64(seed: seed &* 31)
            let changes = generator.changes(Int.random(in: 1...30, using: &rng))
            var reference = ReferenceReplica()
            reference.apply(changes)
            let store = try memoryStore(seed: seed)
            var delivery = changes + changes.filter { _ in Int.random(in: 0..<4, using: &rng) == 0 }
            delivery.shuffle(using: &rng)
            var index = 0
            while index < delivery.count {
                let size = Int.random(in: 1...5, using: &rng)
                try store.write { try $0.apply(Array(delivery[index..<min(index + size, delivery.count)])) }
                index += size
            }
            #expect(try store.state() == reference.state, "seed \(seed)")
            #expect(try store.state().digest == reference.state.digest, "seed \(seed)")
        }
    }

    @Test func applyingTwiceChangesNothingAndNumbersNothing() throws {
        var generator = ChangeGenerator(seed: 42)
        let changes = generator.changes(20)
        let store = try memoryStore(seed: 42)
        try store.write { try $0.apply(changes) }
        let state = try store.state()
        let number = store.lastChangeNumber
        let report = try store.write { try $0.apply(changes) }
        #expect(report.applied == 0)
        #expect(try store.state() == state)
        #expect(store.lastChangeNumber == number)
    }
}
