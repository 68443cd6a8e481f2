import Testing
import SnodoModel
import SnodoStore
import SnodoTestSupport

/// Three replicas edit the same household offline and exchange their change feeds in random
/// orders, batches and duplicates; they must end with identical state.
@Suite struct ReplicaExchangeTests {
    @Test func threeReplicasConverge() throws {
        for seed in UInt64(1)...1_000 {
            try runExchange(seed: seed)
        }
    }

    private func runExchange(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        let clocks = (0..<3).map { TestClock(millis: 1_763_000_000_000 + Int64($0) * 7_000, seed: seed &+ UInt64($0) &* 1000) }
        let stores = try clocks.map { try Store.create(path: ":memory:", environment: $0.environment) }
        let household = RecordID(high: 0x0000_0190_0000_0001, low: seed)
        try stores[0].write { try $0.commit(creation(of: household)) }
        try stores[1].write { try $0.apply(stores[0].changes(after: 0).map(\.change)) }
        try stores[2].write { try $0.apply(stores[0].changes(after: 0).map(\.change)) }
        var cursors = [[UInt64]](repeating: [0, 0, 0], count: 3)
        for _ in 0..<Int.random(in: 4...12, using: &rng) {
            let index = Int.random(in: 0..<3, using: &rng)
            clocks[index].millis += Int64.random(in: -5_000...60_000, using: &rng)
            if Int.random(in: 0..<3, using: &rng) == 0 {
                let from = (index + Int.random(in: 1...2, using: &rng)) % 3
                try deliver(from: stores[from], to: stores[index], cursor: &cursors[index][from], rng: &rng)
            } else {
                try stores[index].write { try $0.commit(randomEdits(household, rng: &rng)) }
            }
        }
        for _ in 0..<2 {
            for to in 0..<3 {
                for from in 0..<3 where from != to {
                    try deliver(from: stores[from], to: stores[to], cursor: &cursors[to][from], rng: &rng, all: true)
                }
            }
        }
        let digests = try stores.map { try $0.state().digest }
        #expect(Set(digests).count == 1, "seed \(seed): replicas diverged")
        // Agreeing is not enough: each must hold what the merge's definition gives for every
        // change any of them made.
        let everything = try stores.flatMap { try $0.changes(after: 0).map(\.change) }
        for (index, store) in stores.enumerated() {
            #expect(try store.state() == MergeOracle.state(of: everything), "seed \(seed): replica \(index) is not the defined merge")
        }
    }

    /// Delivers some or all of a peer's feed after the cursor, in shuffled batches, some twice.
    private func deliver(from source: Store, to target: Store, cursor: inout UInt64, rng: inout SplitMix64, all: Bool = false) throws {
        var feed = try source.changes(after: cursor)
        guard !feed.isEmpty else { return }
        if !all { feed = Array(feed.prefix(Int.random(in: 1...feed.count, using: &rng))) }
        var batch = feed.map(\.change)
        batch += batch.filter { _ in Bool.random(using: &rng) }
        batch.shuffle(using: &rng)
        try target.write { try $0.apply(batch) }
        cursor = feed.last!.number
    }

    private func creation(of household: RecordID) -> [Edit] {
        [
            .set(household, CommonField.kind, .enumeration(RecordKind.household.rawValue)),
            .set(household, CommonField.district, .text("Lodi-1")),
            .set(household, HouseholdField.comune, .text("Lodi")), .set(household, HouseholdField.street, .text("via Roma")),
        ]
    }

    private func randomEdits(_ household: RecordID, rng: inout SplitMix64) -> [Edit] {
        (0..<Int.random(in: 1...3, using: &rng)).map { _ in
            switch Int.random(in: 0..<4, using: &rng) {
            case 0: .set(household, HouseholdField.tutor, .text(["Anna", "Bruno", "Carla"].randomElement(using: &rng)!))
            case 1: .set(household, HouseholdField.planStatus, .enumeration(UInt32.random(in: 1...5, using: &rng)))
            case 2:
                .setElement(
                    household, HouseholdField.vulnerabilities, element: .enumeration(UInt32.random(in: 1...4, using: &rng)), .bool(Bool.random(using: &rng)))
            default: .set(household, CommonField.deleted, .bool(Int.random(in: 0..<5, using: &rng) == 0))
            }
        }
    }
}
