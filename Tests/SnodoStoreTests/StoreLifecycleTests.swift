import Foundation
import Testing
import SnodoModel
import SnodoStore
import SnodoTestSupport

@Suite struct StoreLifecycleTests {
    @Test func reopensWithIdentityClockAndCounter() throws {
        let folder = makeTemporaryFolder()
        defer { removeTemporaryFolder(folder) }
        let path = folder + "/field.sqlite"
        let clock = TestClock(seed: 1)
        let store = try Store.create(path: path, environment: clock.environment)
        let id = store.newRecordID()
        try store.write {
            try $0.commit([.set(id, CommonField.kind, .enumeration(RecordKind.place.rawValue)), .set(id, PlaceField.name, .text("Stazione Centrale"))])
        }
        let device = store.device, reading = store.clockReading, number = store.lastChangeNumber
        let reopened = try Store.open(path: path, environment: clock.environment)
        #expect(reopened.device == device)
        #expect(reopened.clockReading == reading)
        #expect(reopened.lastChangeNumber == number)
        #expect(try reopened.record(id)?.text(PlaceField.name) == "Stazione Centrale")
        #expect(try reopened.integrityCheck() == "ok")
    }

    @Test func refusesFilesThatAreNotSnodoStores() throws {
        let folder = makeTemporaryFolder()
        defer { removeTemporaryFolder(folder) }
        let text = folder + "/notes.txt"
        try "not a database at all, just some text that is long enough".write(toFile: text, atomically: true, encoding: .utf8)
        #expect(throws: StoreError.notASnodoStore(path: text)) { try Store.open(path: text, environment: TestClock(seed: 1).environment) }
        let missing = folder + "/missing.sqlite"
        #expect(throws: StoreError.missingStore(path: missing)) { try Store.open(path: missing, environment: TestClock(seed: 1).environment) }
        #expect(!FileManager.default.fileExists(atPath: missing), "opening a missing store creates nothing")
    }

    @Test func refusesAStoreFromANewerVersion() throws {
        let folder = makeTemporaryFolder()
        defer { removeTemporaryFolder(folder) }
        let path = folder + "/field.sqlite"
        _ = try Store.create(path: path, environment: TestClock(seed: 1).environment)
        let database = try Database(path: path)
        try database.execute("PRAGMA user_version = 99")
        #expect(throws: StoreError.newerStore(path: path, found: 99, supported: 9)) {
            try Store.open(path: path, environment: TestClock(seed: 1).environment)
        }
    }

    @Test func migratesAVersionOneStore() throws {
        let folder = makeTemporaryFolder()
        defer { removeTemporaryFolder(folder) }
        let path = folder + "/field.sqlite"
        let store = try Store.create(path: path, environment: TestClock(seed: 1).environment)
        let id = store.newRecordID()
        try store.write { try $0.commit([.set(id, CommonField.kind, .enumeration(RecordKind.place.rawValue))]) }
        let fingerprint = try store.fingerprint(at: store.lastChangeNumber)
        let database = try Database(path: path)
        try database.execute(
            """
            DROP TABLE peers; PRAGMA user_version = 1;
            ALTER TABLE versions DROP COLUMN source; ALTER TABLE erasures DROP COLUMN source;
            DROP TABLE devices; DROP TABLE rejections; DROP TABLE change_log; DROP TABLE accepted_again;
            """)
        let reopened = try Store.open(path: path, environment: TestClock(seed: 1).environment)
        #expect(try reopened.kind(of: id) == .place)
        #expect(try Database(path: path).integer("PRAGMA user_version") == 9)
        #expect(try Database(path: path).integer("SELECT count(*) FROM peers") == 0)
        // The log a store from before version 7 lacked is computed from what it holds.
        #expect(try reopened.fingerprint(at: reopened.lastChangeNumber) == fingerprint)
        #expect(fingerprint != 0)
    }

    @Test func aLocalEditWinsOverAFieldStampedDaysInTheFuture() throws {
        let clock = TestClock(seed: 3)
        let store = try Store.create(path: ":memory:", environment: clock.environment)
        let id = store.newRecordID()
        let key = CellKey(record: id, field: HouseholdField.tutor)
        let future = Stamp(hlc: HLC(millis: clock.millis + 3 * 86_400_000), device: DeviceID(UInt64.max))
        let report = try store.write { try $0.apply([.write(CellWrite(key: key, value: .text("tutor from a broken clock"), stamp: future))]) }
        let threeDays: Int64 = 3 * 86_400_000
        #expect(report.skewMillisMax == threeDays, "the skew is reported")
        #expect(store.clockReading < future.hlc, "the clock is not dragged to the broken one")
        try store.write { try $0.commit([.set(id, HouseholdField.tutor, .text("Anna"))]) }
        #expect(try store.record(id)?.text(HouseholdField.tutor) == "Anna", "the field is not frozen")
        #expect(try store.conflicts().isEmpty, "the writer saw the value it replaced: no conflict")
    }

    @Test func concurrentEditsLeaveAConflictThatResolvingClears() throws {
        let a = try Store.create(path: ":memory:", environment: TestClock(seed: 1).environment)
        let b = try Store.create(path: ":memory:", environment: TestClock(seed: 2).environment)
        let id = a.newRecordID()
        try a.write { try $0.commit([.set(id, CommonField.kind, .enumeration(RecordKind.household.rawValue)), .set(id, HouseholdField.tutor, .text("Anna"))]) }
        try b.write { try $0.apply(a.changes(after: 0).map(\.change)) }
        try a.write { try $0.commit([.set(id, HouseholdField.tutor, .text("Bruno"))]) }
        try b.write { try $0.commit([.set(id, HouseholdField.tutor, .text("Carla"))]) }
        try a.write { try $0.apply(b.changes(after: 0).map(\.change)) }
        try b.write { try $0.apply(a.changes(after: 0).map(\.change)) }
        #expect(try a.state() == b.state())
        let conflicts = try a.conflicts()
        #expect(conflicts.count == 1)
        #expect(Set([conflicts[0].winner.value] + conflicts[0].losers.map(\.value)) == [.text("Bruno"), .text("Carla")])
        try a.write { try $0.resolve(conflicts[0].key, with: .text("Bruno")) }
        try b.write { try $0.apply(a.changes(after: 0).map(\.change)) }
        #expect(try a.conflicts().isEmpty && b.conflicts().isEmpty)
        #expect(try b.record(id)?.text(HouseholdField.tutor) == "Bruno")
        #expect(try a.history(of: id).filter { $0.write.key.field == 20 }.count == 4, "history keeps every value")
    }
}
