import Foundation
import Testing
import SnodoModel
import SnodoStore
import SnodoTestSupport

/// Restores with the real processes (issue 18): a relay put back from last night's backup, and a
/// laptop reinstalled from an older copy of its store. Afterwards every record is on every replica,
/// and `snodo status` and `snodo-relay status` say what happened.
@Suite(.serialized) struct RestoreEndToEndTests {
    struct Laptop {
        let store: String
        @discardableResult
        func ok(_ words: String..., sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
            let result = try runProduct("snodo", ["--store", store] + words)
            #expect(result.status == 0, "snodo \(words.joined(separator: " ")): \(result.stderr)", sourceLocation: sourceLocation)
            return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        func streets() throws -> Set<String> {
            let list = try JSONSerialization.jsonObject(with: Data(try ok("household", "list", "--json").utf8)) as! [[String: Any]]
            return Set(list.compactMap { ($0["fields"] as? [String: Any])?["street"] as? String })
        }
        func digest() throws -> String { try openTestStore(path: store, environment: TestClock(seed: 1).environment).state().digest }
        func addHousehold(_ street: String) throws { try ok("household", "add", "--district", "Lodi-1", "--comune", "Lodi", "--street", street) }
    }

    /// Copies a store's files while no process has it open, as someone saving a laptop's folder would.
    static func copyStore(_ source: String, to target: String) throws {
        for suffix in ["", "-wal"] where FileManager.default.fileExists(atPath: source + suffix) {
            try? FileManager.default.removeItem(atPath: target + suffix)
            try FileManager.default.copyItem(atPath: source + suffix, toPath: target + suffix)
        }
    }

    /// Puts a copy back in place of a store, as a reinstall does: new files (the broken ones are
    /// moved aside, so the new file cannot take the old one's inode).
    static func putBack(_ copy: String, over store: String) throws {
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: store + suffix) {
            try FileManager.default.moveItem(atPath: store + suffix, toPath: store + ".broken" + suffix)
        }
        try copyStore(copy, to: store)
    }

    @Test func aRelayRestoredFromLastNightsBackupGetsBackWhatTheLaptopsHold() throws {
        let folder = makeTemporaryFolder("snodo-restore-relay")
        defer { removeTemporaryFolder(folder) }
        let relay = RelayProcess(folder: folder + "/relay")
        try relay.start()
        defer { _ = relay.stop() }
        let a = Laptop(store: folder + "/a.sqlite"), b = Laptop(store: folder + "/b.sqlite")
        for laptop in [a, b] { try laptop.ok("init", "--district", "Lodi-1") }
        try a.addHousehold("via Alfa")
        try a.ok("sync", "--relay", relay.url)
        try b.ok("sync", "--relay", relay.url)
        let backup = folder + "/nightly.sqlite"
        let backedUp = try runProduct("snodo-relay", ["backup", backup, "--store", relay.folder])
        #expect(backedUp.status == 0, "\(backedUp.stderr)")

        // First loss, before: A sends "via Beta" to the relay, which then loses its disk.
        try a.addHousehold("via Beta")
        #expect(try a.ok("sync").contains("inviate 4 modifiche"))
        let whileServing = try runProduct("snodo-relay", ["restore", backup, "--store", relay.folder])
        #expect(whileServing.status != 0 && whileServing.stderr.contains("prima fermarlo"), "restore refuses to run under a serving relay")
        _ = relay.stop()
        let garbage = folder + "/garbage.sqlite"
        try Data("not a database at all".utf8).write(to: URL(fileURLWithPath: garbage))
        let refusedGarbage = try runProduct("snodo-relay", ["restore", garbage, "--store", relay.folder])
        #expect(refusedGarbage.status != 0 && refusedGarbage.stderr.split(separator: "\n").count == 1, "one line: \(refusedGarbage.stderr)")
        let refusedLaptop = try runProduct("snodo-relay", ["restore", a.store, "--store", relay.folder])
        #expect(refusedLaptop.status != 0 && refusedLaptop.stderr.contains("l'archivio di un portatile"), "\(refusedLaptop.stderr)")
        let restored = try runProduct("snodo-relay", ["restore", backup, "--store", relay.folder])
        #expect(restored.status == 0, "\(restored.stderr)")
        #expect(restored.stdout.contains("resta come"), "the replaced store is kept aside")
        try relay.start()

        // Second loss, before: B writes four households to the restored relay, which numbers them
        // with numbers A's cursor has passed.
        for street in ["via Uno", "via Due", "via Tre", "via Quattro"] { try b.addHousehold(street) }
        #expect(try b.ok("sync", "--relay", relay.url).contains("inviate 16 modifiche"))
        let aSync = try a.ok("sync", "--relay", relay.url)
        #expect(aSync.contains("il relay era stato ripristinato"), "\(aSync)")
        #expect(try a.ok("status").contains("il relay è risultato ripristinato da una copia più vecchia"))
        try b.ok("sync")

        let c = Laptop(store: folder + "/c.sqlite")
        try c.ok("init", "--district", "Lodi-1")
        try c.ok("sync", "--relay", relay.url)
        let every: Set<String> = ["via Alfa", "via Beta", "via Uno", "via Due", "via Tre", "via Quattro"]
        let relayDigest = try relay.openStore().state().digest
        for laptop in [a, b, c] {
            #expect(try laptop.streets() == every)
            #expect(try laptop.digest() == relayDigest)
            #expect(try laptop.ok("status").contains("non ancora inviate: nessuna modifica"))
        }
        let rollbacks = try relay.logLines().compactMap { $0["rollback"] as? String }
        #expect(rollbacks.contains("the relay lacks changes it acknowledged"), "the operator's log says what the laptops found: \(rollbacks)")
        let status = try runProduct("snodo-relay", ["status", "--store", relay.folder])
        #expect(status.stdout.contains("ripristinato da nightly.sqlite"), "\(status.stdout)")
        #expect(status.stdout.contains("3 portatili su 3 si sono sincronizzati da allora"), "\(status.stdout)")
    }

    @Test func aLaptopReinstalledFromAnOlderCopyGetsItsOwnChangesBackAndNeverReusesAStamp() throws {
        let site = RelaySite("snodo-restore-laptop")
        defer { site.cleanUp() }
        try site.relay.start()
        let (path, device) = try site.enroll("a", districts: "Lodi-1")
        let a = Laptop(store: path)
        try a.addHousehold("via Alfa")
        try site.sync(path)
        let copy = site.folder + "/a-copy.sqlite"
        try Self.copyStore(path, to: copy)
        try a.addHousehold("via Beta")
        try site.sync(path)

        // The laptop is reinstalled from the copy; its counter and its log are behind the relay's.
        try Self.putBack(copy, over: path)
        try a.addHousehold("via Gamma")
        let synced = try site.sync(path)
        #expect(synced.stdout.contains("ripristinato da una copia"), "\(synced.stdout)")
        #expect(try a.streets() == ["via Alfa", "via Beta", "via Gamma"], "the laptop's own change from after the copy came back")
        let status = try a.ok("status")
        #expect(status.contains("questo archivio è stato trovato essere una copia"), "\(status)")

        // The edit made after the reinstall carries a writer id of its own, not the device's.
        let store = try openTestStore(path: path, environment: TestClock(seed: 1).environment)
        #expect(store.device.hex == device && store.writer != store.device)
        let gamma = try store.records(of: .household).first { $0.text(HouseholdField.street) == "via Gamma" }!
        #expect(try store.history(of: gamma.id).allSatisfy { $0.write.stamp.device == store.writer })

        let (other, _) = try site.enroll("b", districts: "Lodi-1")
        try site.sync(other)
        #expect(try Laptop(store: other).streets() == ["via Alfa", "via Beta", "via Gamma"])
        #expect(try Laptop(store: other).digest() == (try site.relay.openStore().state().digest))
    }
}
