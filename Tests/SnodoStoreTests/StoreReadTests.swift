import Testing
import SnodoModel
import SnodoStore
import SnodoTestSupport

/// `records(of:)` reads a kind in one pass; it must give exactly what reading each record alone
/// gives: the same records in the same order, the same winning cells, the same open conflicts.
@Suite struct StoreReadTests {
    @Test(arguments: 1...40)
    func aKindReadTogetherIsEachRecordReadAlone(seed: UInt64) throws {
        var generator = ChangeGenerator(seed: seed)
        let store = try Store.create(path: ":memory:", environment: TestClock(seed: seed).environment)
        let kinds = generator.records.map { record in
            Change.write(
                CellWrite(
                    key: CellKey(record: record, field: CommonField.kind), value: .enumeration(RecordKind.household.rawValue),
                    stamp: Stamp(hlc: HLC(millis: 1), device: DeviceID(1))))
        }
        try store.write { try $0.apply(kinds + generator.changes(60), from: "peer") }
        if let deleted = try generator.records.first(where: { try store.erasureNumber($0) == nil }) {
            try store.write { _ = try $0.commit([.set(deleted, CommonField.deleted, .bool(true))]) }
        }
        for includeDeleted in [false, true] {
            let together = try store.records(of: .household, includeDeleted: includeDeleted)
            let alone = try store.recordIDs(of: .household).compactMap { try store.record($0) }.filter { includeDeleted || !$0.isDeleted }
            #expect(together.map(\.id) == alone.map(\.id), "seed \(seed)")
            for (a, b) in zip(together, alone) {
                #expect(a.cells == b.cells && a.conflicts == b.conflicts && a.kind == b.kind, "seed \(seed), record \(a.id.hex)")
            }
        }
    }
}
