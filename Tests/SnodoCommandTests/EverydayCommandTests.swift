import Foundation
import Testing
import SnodoModel
import SnodoStore
import SnodoTestSupport

/// The everyday commands of a caretaker and a street unit, run through the built binary.
@Suite struct EverydayCommandTests {
    @Test func householdLifecycle() throws {
        let snodo = SnodoCommand()
        defer { snodo.cleanUp() }
        #expect(try snodo.ok("init", "--operator", "Anna", "--team", "custodi-lodi", "--district", "Lodi-1").contains("creato l'archivio Snodo"))
        let id = try snodo.ok(
            "household", "add", "--comune", "Lodi", "--street", "via Cavour", "--number", "12",
            "--housing", "aler", "--vulnerabilities", "elderly-alone,disability", "--risks", "rent-arrears",
            "--tutor", "Marco Bianchi", "--monitoring-days", "7", "--consent-date", "2026-03-01", "--location", "45.3097,9.5037")
        #expect(id.count == 32)
        let shown = try snodo.ok("household", "show", String(id.prefix(8)))
        #expect(shown.contains("via Cavour"))
        #expect(shown.contains("casa popolare ALER"))
        #expect(shown.contains("anziano solo, disabilità"))
        #expect(shown.contains("morosità"))
        #expect(shown.contains("01/03/2026"))
        #expect(shown.contains("Lodi-1"), "the district defaults to init's")

        try snodo.ok("household", "edit", id, "--vulnerabilities", "disability,isolation", "--tutor", "Giulia Rossi", "--clear", "risks")
        let json = try snodo.json("household", "show", id) as! [String: Any]
        let fields = json["fields"] as! [String: Any]
        #expect(fields["vulnerabilities"] as? [String] == ["disability", "isolation"])
        #expect(fields["tutor"] as? String == "Giulia Rossi")
        #expect(fields["risks"] == nil)
        #expect(fields["location"] as? [Double] == [45.3097, 9.5037])
        #expect(json["label"] as? String == "via Cavour 12, Lodi")

        let listed = try snodo.json("household", "list") as! [[String: Any]]
        #expect(listed.map { $0["id"] as? String } == [id])
        try snodo.ok("household", "edit", id, "--delete")
        #expect(try snodo.ok("household", "list") == "nessuna scheda: nuclei")
        #expect(try snodo.ok("household", "list", "--deleted").contains("[eliminata]"))

        let history = try snodo.json("history", id) as! [[String: Any]]
        let tutors = history.filter { $0["field"] as? String == "tutor" }
        #expect(tutors.count == 2)
        #expect(Set(tutors.compactMap { $0["status"] as? String }) == ["attuale", "sostituito"])
        #expect(try snodo.ok("history", id).contains("Marco Bianchi"))
    }

    @Test func streetContactWithServicesAndFollowUp() throws {
        let snodo = SnodoCommand()
        defer { snodo.cleanUp() }
        try snodo.ok("init", "--team", "uds-notte", "--district", "Catania-2", "--operator", "Salvo")
        let place = try snodo.ok("place", "add", "--name", "Stazione Centrale", "--kind", "station", "--status", "active", "--location", "37.5066,15.1020")
        let person = try snodo.ok("person", "add", "--alias", "il Professore", "--approx-age", "60", "--sex", "m", "--languages", "it,ro")
        let output = try snodo.ok(
            "visit", "log", "--subject", place, "--kind", "street-contact", "--outcome", "met",
            "--persons", person, "--needs", "food,shelter", "--services", "meal=2,blanket=1",
            "--note", "Notte fredda, accetta coperta", "--follow-up", "Segnalare al dormitorio",
            "--follow-up-due", "2026-11-23", "--follow-up-assigned-to", "Salvo")
        let lines = output.split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        let visit = lines[0]
        let visitJSON = try snodo.json("visit", "show", visit) as! [String: Any]
        let fields = visitJSON["fields"] as! [String: Any]
        #expect(fields["services"] as? [String: Int] == ["meal": 2, "blanket": 1])
        #expect(fields["needs"] as? [String] == ["food", "shelter"])
        #expect(fields["subject"] as? String == place)
        #expect(fields["persons"] as? [String] == [person])
        #expect(fields["team"] as? String == "uds-notte")
        #expect(fields["operators"] as? [String] == ["Salvo"])
        #expect(visitJSON["district"] as? String == "Catania-2")
        let shown = try snodo.ok("visit", "show", visit)
        #expect(shown.contains("pasto × 2"))
        #expect(shown.contains("Stazione Centrale"), "the subject is shown by name, not id")
        #expect(shown.contains("«il Professore»"))
        let followUps = try snodo.json("followup", "list") as! [[String: Any]]
        #expect(followUps.count == 1)
        let followUpFields = followUps[0]["fields"] as! [String: Any]
        #expect(followUpFields["visit"] as? String == visit)
        #expect(followUpFields["due"] as? String == "2026-11-23")
    }

    @Test func ledgerEntriesAreWrittenOnce() throws {
        let snodo = SnodoCommand()
        defer { snodo.cleanUp() }
        try snodo.ok("init", "--district", "Torino-3")
        let home = try snodo.ok("household", "add", "--comune", "Torino", "--street", "corso Giulio Cesare")
        let entry = try snodo.ok(
            "ledger", "add", "--household", home, "--entry", "allocation", "--kind", "rent",
            "--amount", "1.250,00".replacingOccurrences(of: ".", with: ""), "--date", "2026-11-01", "--approved-by", "coordinatrice")
        let json = try snodo.json("ledger", "show", entry) as! [String: Any]
        #expect((json["fields"] as! [String: Any])["amount"] as? Int == 125_000)
        #expect(try snodo.ok("ledger", "show", entry).contains("1.250,00 €"))
        let before = try snodo.fingerprint()
        let edit = try snodo.run("ledger", "edit", entry, "--amount", "10")
        #expect(edit.status == 1)
        #expect(edit.stderr.contains("si scrive una volta sola"))
        #expect(try snodo.fingerprint() == before)
    }

    @Test func conflictsAreListedAndResolved() throws {
        let snodo = SnodoCommand()
        defer { snodo.cleanUp() }
        try snodo.ok("init", "--district", "Lodi-1")
        let id = try snodo.ok("household", "add", "--comune", "Lodi", "--street", "via Roma", "--tutor", "Anna")
        // A second replica edits the same field concurrently; its changes are merged into the CLI's store.
        let other = try Store.create(path: ":memory:", environment: TestClock(millis: 4_000_000_000_000, seed: 2).environment)
        let mine = try openTestStore(path: snodo.store, environment: TestClock(seed: 3).environment)
        try other.write { try $0.apply(mine.changes(after: 0).map(\.change)) }
        try snodo.ok("household", "edit", id, "--tutor", "Bruno")
        try other.write { try $0.commit([.set(RecordID(hex: id)!, 20, .text("Carla"))]) }
        try mine.write { try $0.apply(other.changes(after: 0).map(\.change)) }

        let conflicts = try snodo.json("conflicts") as! [[String: Any]]
        #expect(conflicts.count == 1)
        #expect(conflicts.first?["field"] as? String == "tutor")
        #expect(conflicts.first?["current"] as? String == "Carla", "the other replica's stamp is later")
        #expect(conflicts.first?["concurrent"] as? [String] == ["Bruno"])
        #expect(try snodo.ok("household", "show", id).contains("conflitto su tutor"))
        try snodo.ok("conflicts", "resolve", id, "tutor", "--value", "Bruno")
        #expect(try snodo.ok("conflicts") == "nessun conflitto")
        #expect((try snodo.json("household", "show", id) as! [String: Any])["fields"].flatMap { ($0 as! [String: Any])["tutor"] as? String } == "Bruno")
        let again = try snodo.run("conflicts", "resolve", id, "tutor", "--keep-current")
        #expect(again.status == 1)
        #expect(again.stderr.contains("non ha conflitti"))
    }

    @Test func eraseRemovesTheRecord() throws {
        let snodo = SnodoCommand()
        defer { snodo.cleanUp() }
        try snodo.ok("init", "--district", "Catania-2")
        let person = try snodo.ok("person", "add", "--name", "Zbigniewa Qualcosa", "--birth-year", "1971")
        let refused = try snodo.run("erase", person)
        #expect(refused.status == 64)
        #expect(refused.stderr.contains("--yes"))
        #expect(try snodo.ok("erase", person, "--yes").contains("cancellata"))
        let show = try snodo.run("person", "show", person)
        #expect(show.status == 1)
        #expect(show.stderr.contains("è stata cancellata"))
        #expect(!show.stderr.contains("Zbigniewa"))
        #expect(try snodo.ok("person", "list") == "nessuna scheda: persone")
    }

    @Test func storeComesFromEnvironmentWhenNoOptionIsGiven() throws {
        let snodo = SnodoCommand()
        defer { snodo.cleanUp() }
        let path = snodo.folder + "/from-env.sqlite"
        #expect(try snodo.runWithoutStore(["init"], env: ["SNODO_STORE": path]).status == 0)
        #expect(FileManager.default.fileExists(atPath: path))
        let home = snodo.folder + "/home"
        #expect(try snodo.runWithoutStore(["init"], env: ["XDG_DATA_HOME": home]).status == 0)
        #expect(FileManager.default.fileExists(atPath: home + "/snodo/field.sqlite"))
    }

    @Test func helpAtEveryLevel() throws {
        let snodo = SnodoCommand()
        defer { snodo.cleanUp() }
        let top = try snodo.runWithoutStore(["--help"])
        #expect(top.status == 0)
        #expect(top.stdout.contains("visit log"))
        for words in [["household", "add"], ["visit", "log"], ["conflicts", "resolve"], ["erase"], ["demo"], ["history"]] {
            let result = try snodo.runWithoutStore(words + ["--help"])
            #expect(result.status == 0, "\(words)")
            #expect(result.stdout.hasPrefix("uso: snodo \(words.joined(separator: " "))"), "\(words)")
        }
        #expect(try snodo.runWithoutStore(["household", "add", "--help"]).stdout.contains("--vulnerabilities"))
    }

    @Test func demoShowsTheMergedHouseholdAndTheConflict() throws {
        let result = try runProduct("snodo", ["demo"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("conflitto su tutor"))
        #expect(result.stdout.contains("anziano solo, disabilità, isolamento sociale"))
        #expect(result.stdout.contains("Le due copie hanno lo stesso stato: sì"))
        #expect(result.stdout.contains("Stazione di Lodi a 0 m: 2 persone viste"), "the night round reaches the caretaker")
        #expect(result.stdout.contains("identici: sì"))
        // English on request, the same facts.
        let english = try runProduct("snodo", ["demo"], environment: ["LANG": "en_GB.UTF-8"])
        #expect(english.stdout.contains("Both replicas hold the same state: yes"))
        #expect(english.stdout.contains("Stazione di Lodi at 0 m: 2 people seen"))
        #expect(english.stdout.contains("identical: yes"))
    }
}
