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
        #expect(throws: StoreError.newerStore(path: path, found: 99, supported: 10)) {
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
        try database.execute(StoreLifecycleTests.backToVersion9)
        try database.execute(
            """
            DROP TABLE peers; PRAGMA user_version = 1;
            ALTER TABLE versions DROP COLUMN source; ALTER TABLE erasures DROP COLUMN source;
            DROP TABLE devices; DROP TABLE rejections; DROP TABLE change_log; DROP TABLE accepted_again;
            DELETE FROM meta WHERE key = 'last_change';
            """)
        let reopened = try Store.open(path: path, environment: TestClock(seed: 1).environment)
        #expect(try reopened.kind(of: id) == .place)
        #expect(try Database(path: path).integer("PRAGMA user_version") == 10)
        #expect(try Database(path: path).integer("SELECT count(*) FROM peers") == 0)
        // The log a store from before version 7 lacked is computed from what it holds.
        #expect(try reopened.fingerprint(at: reopened.lastChangeNumber) == fingerprint)
        #expect(fingerprint != 0)
    }

    /// The layout of versions 7 to 9, made from a current store: every version in `versions`
    /// (numbered through `versions_by_seq`), the winners alone in `cells`, a log of numbers only.
    static let backToVersion9 = """
        DROP VIEW history;
        CREATE TABLE versions_9(
            record BLOB NOT NULL, field INTEGER NOT NULL, element BLOB NOT NULL, hlc INTEGER NOT NULL, device INTEGER NOT NULL,
            seq INTEGER NOT NULL, value BLOB NOT NULL, supersedes BLOB NOT NULL, applied_at INTEGER NOT NULL, source TEXT,
            PRIMARY KEY(record, field, element, hlc, device)) WITHOUT ROWID;
        INSERT INTO versions_9 SELECT record, field, element, hlc, device, seq, value, supersedes, applied_at, source FROM cells
            UNION ALL SELECT record, field, element, hlc, device, seq, value, supersedes, applied_at, source FROM versions;
        DROP TABLE versions; ALTER TABLE versions_9 RENAME TO versions; CREATE UNIQUE INDEX versions_by_seq ON versions(seq);
        CREATE TABLE cells_9(
            record BLOB NOT NULL, field INTEGER NOT NULL, element BLOB NOT NULL, hlc INTEGER NOT NULL, device INTEGER NOT NULL,
            value BLOB NOT NULL, PRIMARY KEY(record, field, element)) WITHOUT ROWID;
        INSERT INTO cells_9 SELECT record, field, element, hlc, device, value FROM cells;
        DROP TABLE cells; ALTER TABLE cells_9 RENAME TO cells;
        ALTER TABLE change_log DROP COLUMN record; ALTER TABLE change_log DROP COLUMN field; ALTER TABLE change_log DROP COLUMN element;
        ALTER TABLE change_log DROP COLUMN hlc; ALTER TABLE change_log DROP COLUMN device;
        PRAGMA user_version = 9;
        """

    /// A store of version 9 (every version in one table) opens as version 10 (winners with their
    /// history in `cells`, the others in `versions`) with the same values, history, conflicts,
    /// feed and log: a replaced value, a conflict and an erased record included.
    @Test func migratesAVersionNineStoreWithoutChangingWhatItHolds() throws {
        let folder = makeTemporaryFolder()
        defer { removeTemporaryFolder(folder) }
        let clock = TestClock(seed: 4)
        let path = folder + "/field.sqlite"
        let store = try Store.create(path: path, environment: clock.environment)
        let other = try Store.create(path: folder + "/other.sqlite", environment: clock.environment)
        let home = store.newRecordID(), erased = store.newRecordID()
        try store.write {
            try $0.commit([
                .set(home, CommonField.kind, .enumeration(RecordKind.household.rawValue)), .set(home, HouseholdField.street, .text("Via Roma 1")),
                .set(erased, CommonField.kind, .enumeration(RecordKind.person.rawValue)),
            ])
        }
        try other.write { try $0.apply(try store.changes(after: 0).map(\.change), from: "relay") }
        clock.millis += 1_000
        try store.write { try $0.commit([.set(home, HouseholdField.street, .text("Via Roma 2"))]) }
        try other.write { try $0.commit([.set(home, HouseholdField.street, .text("Via Roma 3"))]) }
        try store.write { try $0.apply(try other.changes(after: 0).map(\.change), from: "relay") }
        try store.write { _ = try $0.erase(erased) }
        #expect(try store.conflicts().count == 1)
        let history = try store.history(of: home).map(\.write), feed = try store.changes(after: 0).map(\.change)
        let state = try store.state(), fingerprint = try store.fingerprint(at: store.lastChangeNumber)
        let unsent = try store.countFeed(after: 1, for: "relay")

        try Database(path: path).execute(StoreLifecycleTests.backToVersion9)
        let reopened = try Store.open(path: path, environment: clock.environment)
        #expect(try Database(path: path).integer("PRAGMA user_version") == 10)
        #expect(try reopened.history(of: home).map(\.write) == history)
        #expect(try reopened.changes(after: 0).map(\.change) == feed)
        #expect(try reopened.state() == state)
        #expect(try reopened.conflicts().map(\.losers) == store.conflicts().map(\.losers))
        #expect(try reopened.fingerprint(at: reopened.lastChangeNumber) == fingerprint)
        #expect(try reopened.countFeed(after: 1, for: "relay") == unsent)
        #expect(reopened.lastChangeNumber == store.lastChangeNumber)
        #expect(try reopened.integrityCheck() == "ok")
        // A write after the migration goes on from the same numbers and log.
        try reopened.write { try $0.commit([.set(home, HouseholdField.street, .text("Via Roma 4"))]) }
        #expect(try reopened.changes(after: store.lastChangeNumber).map(\.number) == [store.lastChangeNumber + 1])
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
