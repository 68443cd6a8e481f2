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
