import Testing
import SnodoModel
import SnodoStore
import SnodoTestSupport

/// The store and the reference replica held to the merge's definition (`MergeOracle`), which
/// shares no code with them: a rule that lets the lowest stamp win, forgets a conflict or keeps an
/// erased cell agrees with itself everywhere, and fails here.
@Suite struct MergeOracleTests {
    @Test func theStoreAndTheReferenceReachTheDefinedStateInAnyOrderWithDuplicates() throws {
        for seed in UInt64(1)...1_500 {
            var generator = ChangeGenerator(seed: seed)
            var rng = SplitMix64(seed: seed &* 0x9E37)
            let changes = generator.changes(Int.random(in: 1...24, using: &rng))
            let expected = MergeOracle.state(of: changes)
            var delivery = changes + changes.filter { _ in Int.random(in: 0..<3, using: &rng) == 0 }
            delivery.shuffle(using: &rng)
            var reference = ReferenceReplica()
            reference.apply(delivery)
            #expect(reference.state == expected, "reference, seed \(seed)")
            let store = try Store.create(path: ":memory:", environment: TestClock(seed: seed).environment)
            var index = 0
            while index < delivery.count {
                let size = Int.random(in: 1...4, using: &rng)
                try store.write { try $0.apply(Array(delivery[index..<min(index + size, delivery.count)])) }
                index += size
            }
            #expect(try store.state() == expected, "store, seed \(seed)")
        }
    }

    @Test func theOracleSaysWhatTheDefinitionSays() {
        let key = CellKey(record: RecordID(high: 9, low: 9), field: 10)
        let low = Stamp(hlc: HLC(millis: 10), device: DeviceID(1)), high = Stamp(hlc: HLC(millis: 20), device: DeviceID(1))
        let tie = Stamp(hlc: HLC(millis: 20), device: DeviceID(2))
        let writes: [Change] = [
            .write(CellWrite(key: key, value: .text("a"), stamp: low)),
            .write(CellWrite(key: key, value: .text("b"), stamp: high, supersedes: [low])),
            .write(CellWrite(key: key, value: .text("c"), stamp: tie)),
        ]
        let state = MergeOracle.state(of: writes)
        #expect(state.winners[key]?.value == .text("c"), "the greatest stamp wins; equal clocks, the higher device")
        #expect(state.conflicts[key] == [high], "the superseded loser is no conflict, the concurrent one is")
        let erased = MergeOracle.state(of: writes + [.erase(Erasure(record: key.record, stamp: low))])
        #expect(erased.winners.isEmpty && erased.conflicts.isEmpty && erased.erasures[key.record] == low)
    }
}
