import Foundation
import Testing
import SnodoModel
import SnodoStore
import SnodoTestSupport

/// `Store.write`: the steps of one block commit together or not at all, and the change counter
/// and clock follow what committed.
@Suite struct TransactionTests {
    struct Refusal: Error {}

    @Test func aBlockThatThrowsLeavesTheStoreAsItWas() throws {
        let folder = makeTemporaryFolder()
        defer { removeTemporaryFolder(folder) }
        let store = try Store.create(path: folder + "/field.sqlite", environment: TestClock(seed: 3).environment)
        let home = store.newRecordID()
        try store.write { try $0.commit([.set(home, CommonField.kind, .enumeration(RecordKind.household.rawValue))]) }
        let before = (try store.state(), store.lastChangeNumber, try store.peer("relay"), try store.setting("operator"))
        #expect(throws: Refusal.self) {
            try store.write { transaction in
                try transaction.commit([.set(home, HouseholdField.tutor, .text("Anna"))])
                try transaction.updatePeer("relay") { $0.receivedThrough = 99 }
                try transaction.setSetting("operator", "Anna")
                try transaction.erase(home)
                throw Refusal()
            }
        }
        #expect(try store.state() == before.0)
        #expect(store.lastChangeNumber == before.1, "no change number is spent on a rolled-back block")
        #expect(try store.peer("relay").receivedThrough == before.2.receivedThrough)
        #expect(try store.setting("operator") == before.3)

        // The next block numbers its changes right after the last committed one.
        let writes = try store.write { try $0.commit([.set(home, HouseholdField.tutor, .text("Bruno"))]) }
        #expect(writes.count == 1 && store.lastChangeNumber == before.1 + 1)
        #expect(try store.changes(after: before.1).map(\.number) == [before.1 + 1])
    }

    @Test func stepsOfOneBlockSeeEachOther() throws {
        let folder = makeTemporaryFolder()
        defer { removeTemporaryFolder(folder) }
        let store = try Store.create(path: folder + "/field.sqlite", environment: TestClock(seed: 4).environment)
        let home = store.newRecordID()
        let seen = try store.write { transaction -> String? in
            try transaction.commit([
                .set(home, CommonField.kind, .enumeration(RecordKind.household.rawValue)), .set(home, HouseholdField.tutor, .text("Carla")),
            ])
            try transaction.setSetting("team", "custodi")
            let tutor = try store.record(home)?.text(HouseholdField.tutor) ?? "?"
            return tutor + "/" + (try store.setting("team") ?? "?")
        }
        #expect(seen == "Carla/custodi")
        #expect(try store.read { try store.record(home)?.text(HouseholdField.tutor) } == "Carla")
    }
}
