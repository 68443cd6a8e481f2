import Foundation
import Testing
import SnodoModel
@testable import SnodoStore
import SnodoTestSupport

/// After an erasure, the erased values are in no query and in no byte of the database or WAL,
/// and a late write for the record does not bring it back.
@Suite struct ErasureTests {
    @Test func erasedValuesLeaveNoTraceInTheFiles() throws {
        let folder = makeTemporaryFolder("snodo-erase")
        defer { removeTemporaryFolder(folder) }
        let path = folder + "/field.sqlite"
        let clock = TestClock(seed: 9)
        let store = try Store.create(path: path, environment: clock.environment)
        let names = ["Qwertyzia Marchettoni", "Qwertyzia M. Marchettoni", "QZ-alias-Lampione"]
        let person = store.newRecordID()
        try store.write {
            try $0.commit([
                .set(person, CommonField.kind, .enumeration(RecordKind.person.rawValue)),
                .set(person, CommonField.district, .text("Catania-2")), .set(person, PersonField.name, .text(names[0])),
            ])
        }
        // Other records around it, so its pages are shared with data that stays.
        for index in 0..<200 {
            let other = store.newRecordID()
            try store.write {
                try $0.commit([
                    .set(other, CommonField.kind, .enumeration(RecordKind.person.rawValue)),
                    .set(other, PersonField.name, .text("Persona \(index)")),
                ])
            }
        }
        clock.millis += 1_000
        try store.write { try $0.commit([.set(person, PersonField.name, .text(names[1])), .set(person, PersonField.alias, .text(names[2]))]) }
        let lateWrite = try store.changes(after: 0).first { $0.change.record == person }!.change

        try store.write { try $0.erase(person) }

        #expect(try store.record(person) == nil)
        #expect(try store.history(of: person).isEmpty)
        #expect(try store.changes(after: 0).filter { $0.change.record == person }.count == 1, "only the marker is passed on")
        for file in [path, path + "-wal", path + "-shm"] {
            guard let bytes = FileManager.default.contents(atPath: file) else { continue }
            for name in names + ["Marchettoni", "Lampione"] {
                #expect(bytes.range(of: Data(name.utf8)) == nil, "\(name) found in \(file)")
            }
        }
        let report = try store.write { try $0.apply([lateWrite]) }
        #expect(report.refusedErased == 1)
        #expect(try store.record(person) == nil, "a late write does not resurrect the record")
        #expect(throws: StoreError.erasedRecord(person)) { try store.write { try $0.commit([.set(person, PersonField.name, .text("again"))]) } }
        #expect(try store.integrityCheck() == "ok")
    }
    /// A reader of the file (the relay's response builders) can keep the scrub of the WAL from
    /// completing; the scrub is then done after the next commit, and the values go all the same.
    @Test func aScrubAReaderHeldUpIsDoneAfterTheNextCommit() throws {
        let folder = makeTemporaryFolder("snodo-erase-reader")
        defer { removeTemporaryFolder(folder) }
        let path = folder + "/relay.sqlite"
        let store = try Store.create(path: path, environment: TestClock(seed: 12).environment)
        let person = store.newRecordID(), other = store.newRecordID()
        let name = "Zebedeo Quarantotti"
        try store.write {
            try $0.commit([
                .set(person, CommonField.kind, .enumeration(RecordKind.person.rawValue)), .set(person, PersonField.name, .text(name)),
                .set(other, CommonField.kind, .enumeration(RecordKind.person.rawValue)),
            ])
        }
        let reader = try store.readConnection()
        try reader.database.execute("BEGIN DEFERRED; SELECT count(*) FROM cells;")
        try store.write { try $0.erase(person) }
        #expect(store.scrubAfterCommit, "the reader kept the scrub from completing")
        try reader.database.execute("COMMIT")
        try store.write { try $0.commit([.set(other, PersonField.name, .text("Persona"))]) }
        #expect(!store.scrubAfterCommit)
        for file in [path, path + "-wal"] {
            guard let bytes = FileManager.default.contents(atPath: file) else { continue }
            #expect(bytes.range(of: Data(name.utf8)) == nil, "\(name) found in \(file)")
        }
    }
}
