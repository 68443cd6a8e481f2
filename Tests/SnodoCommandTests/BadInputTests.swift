import Foundation
import Testing
import SnodoModel
import SnodoStore
import SnodoTestSupport

/// Every kind of bad input gets one line saying what was wrong and what is accepted, exit 64
/// for usage and 1 for other failures, and leaves the store exactly as it was.
@Suite struct BadInputTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let words: [String]
        let status: Int32
        let says: String
        var testDescription: String { words.joined(separator: " ") }
    }

    static let cases: [Case] = [
        Case(words: ["houshold", "add"], status: 64, says: "comando sconosciuto"),
        Case(words: ["household", "add", "--comune", "Lodi", "--street", "x", "--colour", "red"], status: 64, says: "opzione sconosciuta --colour"),
        Case(words: ["household", "add", "--comune", "Lodi", "--street", "x", "--housing", "castle"], status: 64, says: "accettati: aler, private-rental"),
        Case(
            words: ["household", "add", "--comune", "Lodi", "--street", "x", "--consent-date", "2026-02-30"], status: 64,
            says: "atteso: una data come gg/mm/aaaa o AAAA-MM-GG"),
        Case(
            words: ["household", "add", "--comune", "Lodi", "--street", "x", "--consent-date", "31/02/2026"], status: 64,
            says: "atteso: una data come gg/mm/aaaa o AAAA-MM-GG"),
        Case(words: ["household", "add", "--comune", "Lodi", "--street", "x", "--monitoring-days", "weekly"], status: 64, says: "atteso: un numero intero"),
        Case(words: ["household", "add", "--comune", "Lodi"], status: 64, says: "manca --street, obbligatorio"),
        Case(words: ["household", "add", "--comune", "Lodi", "--street"], status: 64, says: "--street richiede un valore"),
        Case(words: ["person", "add", "--birth-year", "1980"], status: 64, says: "richiede --name o --alias"),
        Case(
            words: ["ledger", "add", "--household", "HOME", "--entry", "expense", "--kind", "rent", "--amount", "12,345", "--date", "2026-11-01"],
            status: 64, says: "atteso: un importo in euro"),
        Case(
            words: ["ledger", "add", "--household", "HOME", "--entry", "expense", "--kind", "rent", "--amount", "1.50.0", "--date", "2026-11-01"],
            status: 64, says: "atteso: un importo in euro"),
        Case(
            words: ["ledger", "add", "--household", "abcd1234", "--entry", "expense", "--kind", "rent", "--amount", "12", "--date", "2026-11-01"],
            status: 1, says: "nessuna scheda con id abcd1234"),
        Case(
            words: ["ledger", "add", "--household", "PERSON", "--entry", "expense", "--kind", "rent", "--amount", "12", "--date", "2026-11-01"],
            status: 1, says: "deve indicare un nucleo"),
        Case(
            words: ["visit", "log", "--subject", "HOME", "--kind", "home-monitoring", "--outcome", "met", "--services", "meal=lots"],
            status: 64, says: "atteso: un numero intero da 1 a 100000"),
        Case(words: ["visit", "log", "--subject", "HOME", "--kind", "teleport", "--outcome", "met"], status: 64, says: "accettati: home-monitoring"),
        Case(words: ["place", "add", "--name", "Parco", "--location", "95.1,9.2"], status: 64, says: "latitudine,longitudine"),
        Case(words: ["household", "show", "ffffffffffffffffffffffffffffffff"], status: 1, says: "nessuna scheda con id"),
        Case(words: ["household", "show", "PERSON"], status: 1, says: "è una persona, non un nucleo"),
        Case(words: ["household", "edit", "HOME"], status: 64, says: "niente da cambiare"),
        Case(words: ["household", "edit", "HOME", "--clear", "comune"], status: 64, says: "impossibile svuotare"),
        Case(words: ["household", "show"], status: 64, says: "manca un argomento"),
        Case(words: ["conflicts", "resolve", "HOME", "colour", "--value", "x"], status: 64, says: "campo sconosciuto 'colour'"),
        Case(words: ["init"], status: 1, says: "esiste già"),
    ]

    @Test(arguments: cases)
    func refusedWithOneLineAndNothingWritten(_ testCase: Case) throws {
        let snodo = SnodoCommand()
        defer { snodo.cleanUp() }
        try snodo.ok("init", "--district", "Lodi-1")
        let home = try snodo.ok("household", "add", "--comune", "Lodi", "--street", "via Roma")
        let person = try snodo.ok("person", "add", "--name", "Persona Riservata")
        let before = try snodo.fingerprint()
        let words = testCase.words.map { $0 == "HOME" ? home : $0 == "PERSON" ? person : $0 }
        let result = try runProduct("snodo", ["--store", snodo.store] + words)
        #expect(result.status == testCase.status, "\(result.stderr)")
        let firstLine = result.stderr.split(separator: "\n").first.map(String.init) ?? ""
        #expect(firstLine.hasPrefix("snodo: "), "\(result.stderr)")
        #expect(firstLine.contains(testCase.says), "\(result.stderr)")
        #expect(!result.stderr.contains("Persona Riservata"), "no personal data in errors")
        #expect(result.stdout.isEmpty)
        #expect(try snodo.fingerprint() == before, "nothing written")
    }

    @Test func storesThatAreNotUsable() throws {
        let snodo = SnodoCommand()
        defer { snodo.cleanUp() }
        let missing = try snodo.run("household", "list")
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("nessun archivio Snodo in"))
        #expect(!FileManager.default.fileExists(atPath: snodo.store))

        try "just some notes, not a database; long enough to fill a header page".write(toFile: snodo.store, atomically: true, encoding: .utf8)
        let notStore = try snodo.run("household", "list")
        #expect(notStore.status == 1)
        #expect(notStore.stderr.contains("non è un archivio Snodo"))
        #expect(try String(contentsOfFile: snodo.store, encoding: .utf8).hasPrefix("just some notes"), "the file is left alone")

        try FileManager.default.removeItem(atPath: snodo.store)
        try snodo.ok("init")
        try Database(path: snodo.store, sealed: testVault(for: snodo.store)?.dataKey).execute("PRAGMA user_version = 42")
        let newer = try snodo.run("household", "list")
        #expect(newer.status == 1)
        #expect(newer.stderr.contains("Snodo più recente"))

        let badStore = try runProduct("snodo", ["household", "list", "--store"])
        #expect(badStore.status == 64)
    }
}
