import Foundation
import Testing
import SnodoModel
import SnodoTestSupport
@testable import SnodoStore

/// The vault: a store's pages sealed at rest. What is written reads back with the key, and no
/// file of the store holds a byte of it in the clear; without the key, nothing opens.
@Suite struct VaultTests {
    static let key = (0..<32).map { UInt8($0) }

    static func filesHold(_ folder: String, _ needle: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder).filter { name in
            FileManager.default.contents(atPath: folder + "/" + name)?.range(of: Data(needle.utf8)) != nil
        }
    }

    @Test func aSealedDatabaseReadsBackWithItsKeyAndShowsNothingOnDisk() throws {
        let folder = makeTemporaryFolder("snodo-vault")
        defer { removeTemporaryFolder(folder) }
        let path = folder + "/field.sqlite"
        do {
            let database = try Database(path: path, sealed: Self.key)
            try database.execute("CREATE TABLE notes(text TEXT)")
            for index in 0..<2_000 { try database.execute("INSERT INTO notes VALUES ('Maria Rossi, via Lodivecchio \(index)')") }
            // Still open: the WAL holds the pages, sealed too.
            #expect(try Self.filesHold(folder, "Maria Rossi").isEmpty, "while open")
        }
        #expect(try Self.filesHold(folder, "Maria Rossi").isEmpty, "after closing")
        let reopened = try Database(path: path, sealed: Self.key)
        #expect(try reopened.integer("SELECT count(*) FROM notes WHERE text LIKE 'Maria Rossi%'") == 2_000)
        #expect(try reopened.texts("PRAGMA integrity_check") == ["ok"])
        var wrong = Self.key
        wrong[0] ^= 1
        #expect(throws: SQLiteError.self) { try Database(path: path, sealed: wrong).integer("SELECT count(*) FROM notes") }
        #expect(throws: SQLiteError.self) { try Database(path: path).integer("SELECT count(*) FROM notes") }
    }
}

/// A sealed store as a laptop uses it: records, the device's secret key in its settings, an
/// erasure; closed, no file holds any of them; reopened with the key, every record is there.
@Suite struct SealedStoreTests {
    @Test func aSealedStoreHidesValuesAndTheSecretKeyAndReadsBack() throws {
        let folder = makeTemporaryFolder("snodo-sealed")
        defer { removeTemporaryFolder(folder) }
        let path = folder + "/field.sqlite"
        let vault = VaultKey.generate()
        let secret = "5eed5eed5eed5eed5eed5eed5eed5eed"
        var kept: RecordID?
        do {
            let store = try Store.create(path: path, environment: TestClock(seed: 1).environment, vault: vault)
            try store.write { try $0.setSetting("auth.signing-seed", secret) }
            for index in 0..<300 {
                let id = store.newRecordID()
                if index == 0 { kept = id }
                try store.write {
                    _ = try $0.commit([
                        .set(id, CommonField.kind, .enumeration(RecordKind.person.rawValue)), .set(id, PersonField.name, .text("Giuseppina Esposito \(index)")),
                        .set(id, PersonField.phone, .text("+39 333 000 \(1000 + index)")),
                    ])
                }
            }
            let erased = try store.recordIDs(of: .person)[5]
            _ = try store.write { try $0.erase(erased) }
        }
        for needle in ["Giuseppina", "+39 333", secret, "auth.signing-seed"] {
            #expect(try VaultTests.filesHold(folder, needle).isEmpty, "\(needle) is in a file")
        }
        let reopened = try Store.open(path: path, environment: TestClock(seed: 2).environment, vault: vault)
        #expect(try reopened.records(of: .person).count == 299)
        // A backup is sealed with the same key.
        _ = try reopened.backup(to: folder + "/copy.sqlite")
        #expect(try VaultTests.filesHold(folder, "Giuseppina").isEmpty, "the backup")
        #expect(try Store.open(path: folder + "/copy.sqlite", environment: TestClock(seed: 4).environment, vault: vault).records(of: .person).count == 299)
        #expect(try reopened.record(kept!)?.text(PersonField.name) == "Giuseppina Esposito 0")
        #expect(try reopened.setting("auth.signing-seed") == secret)
        #expect(throws: StoreError.notASnodoStore(path: path)) { try Store.open(path: path, environment: TestClock(seed: 3).environment, vault: .generate()) }
    }

    @Test func theDataKeyOpensOnlyWithItsPassphrase() throws {
        let key = VaultKey.generate()
        let file = try key.wrapped(passphrase: "una frase lunga e segreta", passes: 1, memoryBytes: 8 * 1024 * 1024)
        #expect(try VaultKey.unwrap(file, passphrase: "una frase lunga e segreta").dataKey == key.dataKey)
        #expect(throws: VaultKey.Failure.wrongPassphrase) { try VaultKey.unwrap(file, passphrase: "una frase lunga e segreto") }
        var altered = file
        altered[altered.count - 1] ^= 1
        #expect(throws: VaultKey.Failure.wrongPassphrase) { try VaultKey.unwrap(altered, passphrase: "una frase lunga e segreta") }
        #expect(throws: VaultKey.Failure.unreadable) { try VaultKey.unwrap(Array(file.dropLast()), passphrase: "una frase lunga e segreta") }
        #expect(!file.contains(subsequence: key.dataKey))
    }
}

extension Array where Element == UInt8 {
    func contains(subsequence: [UInt8]) -> Bool {
        guard subsequence.count <= count else { return false }
        return (0...(count - subsequence.count)).contains { self[$0..<($0 + subsequence.count)].elementsEqual(subsequence) }
    }
}
