import Foundation
import Testing
import SnodoModel
import SnodoStore
import SnodoTestSupport

/// A lost laptop reveals nothing: the real `snodo` on an enrolled laptop, used, synced, erasing,
/// unlocked and closed; every file in its folder (database, WAL, shared memory, the key file) is
/// scanned for the values written and the device's secret key. A wrong passphrase opens nothing
/// and writes nothing; the relay's own wipe order leaves no file.
@Suite(.serialized) struct SealedLaptopTests {
    static func scan(_ folder: String, for needles: [[UInt8]]) throws -> [String] {
        var found: [String] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) {
            let bytes = [UInt8](FileManager.default.contents(atPath: folder + "/" + name) ?? Data())
            for needle in needles where bytes.contains(subsequence: needle) {
                found.append("\(name) holds \(String(decoding: needle, as: UTF8.self).prefix(20))")
            }
        }
        return found
    }

    @Test func noFileOfAClosedLaptopHoldsAValueOrItsSecretKey() throws {
        let field = RelaySite("snodo-sealed", laptopFolders: true)
        defer { field.cleanUp() }
        let (laptop, device) = try field.enroll("anna", districts: "Lodi-1")
        try field.relay.start()
        let folder = (laptop as NSString).deletingLastPathComponent
        let home = try field.snodo(laptop, "household", "add", "--district", "Lodi-1", "--comune", "Lodi", "--street", "via Riservatissima").stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let person = try field.snodo(laptop, "person", "add", "--name", "Concetta Privitera", "--household", home).stdout.trimmingCharacters(
            in: .whitespacesAndNewlines)
        try field.snodo(laptop, "visit", "log", "--subject", home, "--kind", "home-monitoring", "--outcome", "met", "--note", "diagnosi delicatissima")
        _ = try field.sync(laptop)
        try field.snodo(laptop, "erase", person, "--yes")
        _ = try field.sync(laptop)
        let secret = try #require(try openTestStore(path: laptop, environment: TestClock(seed: 1).environment).setting("auth.signing-seed"))
        let needles = ["via Riservatissima", "Concetta Privitera", "diagnosi delicatissima", secret].map { Array($0.utf8) } + [[UInt8](hex: secret)!]
        #expect(try Self.scan(folder, for: needles).isEmpty)
        #expect(try field.snodo(laptop, "household", "show", home).stdout.contains("via Riservatissima"), "still there with the key")

        // A wrong passphrase: one line, nothing opened, nothing written.
        let wrongFile = field.folder + "/wrong"
        FileManager.default.createFile(atPath: wrongFile, contents: Data("non è la frase giusta\n".utf8), attributes: [.posixPermissions: 0o600])
        let before = try FileManager.default.contentsOfDirectory(atPath: folder).map {
            (try? FileManager.default.attributesOfItem(atPath: folder + "/" + $0)[.size]) as? Int ?? 0
        }
        let wrong = try runProduct("snodo", ["--store", laptop, "household", "list"], environment: ["SNODO_PASSPHRASE_FILE": wrongFile])
        #expect(wrong.status == 1 && wrong.stderr.split(separator: "\n").count == 1 && wrong.stderr.contains("frase segreta errata"), "\(wrong.stderr)")
        #expect(!wrong.stdout.contains("Riservatissima"))
        let after = try FileManager.default.contentsOfDirectory(atPath: folder).map {
            (try? FileManager.default.attributesOfItem(atPath: folder + "/" + $0)[.size]) as? Int ?? 0
        }
        #expect(before == after, "nothing written")

        // Revoked: the relay's order wipes; no file is left, the key file first.
        try field.relayCommand("revoke", device)
        _ = try field.sync(laptop, status: 1)
        let left = try FileManager.default.contentsOfDirectory(atPath: folder)
        #expect(left.isEmpty, "\(left)")
    }
}

extension Array where Element == UInt8 {
    func contains(subsequence: [UInt8]) -> Bool {
        guard !subsequence.isEmpty, subsequence.count <= count else { return false }
        return (0...(count - subsequence.count)).contains { self[$0..<($0 + subsequence.count)].elementsEqual(subsequence) }
    }
}
