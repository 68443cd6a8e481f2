import Foundation
import Testing
import SnodoTestSupport

/// Programme profiles against the real relay and the real `snodo`: the relay is given a profile,
/// every laptop takes it at its next sync, and a kind the profile adds (Lodi's arrears) goes
/// through every command with no code of its own; a change that would renumber or remove is
/// refused, and nothing changes.
@Suite(.serialized) struct ProfileEndToEndTests {
    static func id(_ result: RunResult) -> String { result.stdout.trimmingCharacters(in: .whitespacesAndNewlines) }

    @Test func aProgrammeKindGoesThroughAddEditSyncScopeConflictsErasureAndTheReport() throws {
        let site = RelaySite("snodo-profile", laptopFolders: true)
        defer { site.cleanUp() }
        #expect(try site.relayCommand("profile", "lodi").stdout.contains("profilo lodi, revisione del "))
        let (anna, _) = try site.enroll("anna", districts: "Lodi-1")
        let (bruno, _) = try site.enroll("bruno", districts: "Lodi-1")
        let (carla, _) = try site.enroll("carla", districts: "Lodi-2")
        let (strada, _) = try site.enroll("strada", districts: "Lodi-1", role: "street-unit")
        try site.relay.start()
        for laptop in [anna, bruno, carla, strada] {
            let synced = try site.sync(laptop).stdout
            #expect(synced.contains("profilo del programma aggiornato: lodi, revisione del "), "\(synced)")
        }
        #expect(try site.snodo(anna, "profile").stdout.contains("arrears"))

        // Added with Italian input; the district comes from the household it refers to.
        let home = Self.id(try site.snodo(anna, "household", "add", "--comune", "Lodi", "--street", "via Lodivecchio", "--number", "9", "--stair", "B"))
        let arrears = Self.id(
            try site.snodo(anna, "arrears", "add", "--household", home, "--owed", "1.250,50", "--since", "03/11/2026", "--plan", "proposed"))
        let shown = try site.snodo(anna, "arrears", "show", arrears).stdout
        for text in ["morosità", "Lodi-1", "debito verso ALER", "1.250,50 €", "03/11/2026", "proposto", "via Lodivecchio 9, scala B, Lodi"] {
            #expect(shown.contains(text), "\(text) in \(shown)")
        }
        for laptop in [anna, bruno, carla, strada] { try site.sync(laptop) }
        #expect(try site.snodo(bruno, "arrears", "list").stdout.contains("1.250,50 €"))
        // Scope: a Lodi-2 laptop never receives it.
        #expect(try site.snodo(carla, "arrears", "list").stdout.contains("nessuna scheda: morosità"))

        // Two caretakers change the repayment plan offline: a conflict, shown with the field's label, resolved once.
        try site.snodo(anna, "arrears", "edit", arrears, "--plan", "signed")
        try site.snodo(bruno, "arrears", "edit", arrears, "--plan", "broken")
        for laptop in [anna, bruno, anna] { try site.sync(laptop) }
        let conflicts = try site.snodo(anna, "conflicts").stdout
        #expect(conflicts.contains("piano di rientro (plan)") && conflicts.contains("sottoscritto") && conflicts.contains("non rispettato"), "\(conflicts)")
        try site.snodo(anna, "conflicts", "resolve", arrears, "plan", "--value", "signed")
        for laptop in [anna, bruno] { try site.sync(laptop) }
        let resolved = try site.snodo(bruno, "arrears", "show", arrears).stdout
        #expect(resolved.contains("sottoscritto") && !resolved.contains("conflitto"), "\(resolved)")

        // The profile says who writes arrears: a street unit's is refused by the relay and kept on its laptop.
        let theirs = Self.id(try site.snodo(strada, "arrears", "add", "--household", home, "--owed", "10,00", "--since", "04/11/2026"))
        #expect(try site.sync(strada).stdout.contains("rifiutato modifiche a 1 scheda"))
        #expect(try site.snodo(anna, "show", theirs, status: 1).stderr.contains("nessuna scheda"))

        // The report counts the programme's kind and the fields its profile marks as counted.
        let report = try site.snodo(anna, "report", "--from", "01/11/2026", "--to", "30/11/2026", "--format", "json").stdout
        let groups = try #require(try JSONSerialization.jsonObject(with: Data(report.utf8)) as? [[String: Any]])
        let figures = groups.flatMap { ($0["programme"] as? [[String: Any]]) ?? [] }.filter { $0["kind"] as? String == "arrears" }
        func amount(_ field: String?, _ value: String?) -> Int? {
            figures.first { ($0["field"] as? String) == field && ($0["value"] as? String) == value }?["amount"] as? Int
        }
        #expect(amount(nil, nil) == 1 && amount("owed", nil) == 125_050 && amount("plan", "signed") == 1, "\(figures)")
        let table = try site.snodo(anna, "report", "--from", "01/11/2026", "--to", "30/11/2026").stdout
        #expect(table.contains("piano di rientro: sottoscritto") && table.contains("1.250,50 €"), "\(table)")

        // Erased at the relay: gone from every laptop, as for any kind.
        try site.relayCommand("erase", arrears, "--yes")
        for laptop in [anna, bruno] {
            try site.sync(laptop)
            #expect(try site.snodo(laptop, "arrears", "list").stdout.contains("nessuna scheda: morosità"))
        }
    }

    @Test func aChangedProfileReachesEveryLaptopAndOneThatRemovesAFieldIsRefused() throws {
        let site = RelaySite("snodo-profile-change", laptopFolders: true)
        defer { site.cleanUp() }
        try site.relayCommand("profile", "lodi")
        let (anna, _) = try site.enroll("anna", districts: "Lodi-1")
        try site.relay.start()
        try site.sync(anna)
        let home = Self.id(try site.snodo(anna, "household", "add", "--comune", "Lodi", "--street", "via Roma"))
        // Not in the profile yet: refused on the laptop, nothing written.
        let early = try site.snodo(anna, "arrears", "add", "--household", home, "--owed", "5,00", "--since", "01/11/2026", "--lawyer", "Avv. Neri", status: 64)
        #expect(early.stderr.contains("--lawyer"), "\(early.stderr)")

        let added = site.folder + "/lodi-2.json"
        try #"""
        {"format": 1, "name": "lodi", "title": {"it": "Lodi", "en": "Lodi"}, "extends": "lodi",
         "kinds": [{"name": "arrears", "fields": [{"number": 17, "name": "lawyer", "it": "avvocato", "en": "lawyer", "type": "text"}]}]}
        """#.write(toFile: added, atomically: true, encoding: .utf8)
        let revised = try site.relayCommand("profile", added).stdout
        #expect(revised.contains("profilo lodi, revisione del "), "\(revised)")
        #expect(try site.sync(anna).stdout.contains("profilo del programma aggiornato: lodi, revisione del "))
        let revision = try site.relayCommand("profile").stdout
        let arrears = Self.id(try site.snodo(anna, "arrears", "add", "--household", home, "--owed", "5,00", "--since", "01/11/2026", "--lawyer", "Avv. Neri"))
        #expect(try site.snodo(anna, "arrears", "show", arrears).stdout.contains("avvocato"))

        // Back to the built-in: it lacks the new field, so the relay refuses it with the reason.
        let refused = try site.relayCommand("profile", "lodi", status: 1)
        #expect(refused.stderr.contains("'arrears.lawyer' (numero 17)") && !refused.stderr.contains("\n\n"), "\(refused.stderr)")
        #expect(try site.relayCommand("profile").stdout == revision)
        #expect(try site.snodo(anna, "profile").stdout.split(separator: "\n").first == revision.split(separator: "\n").first)
        let unknown = try site.relayCommand("profile", "milano", status: 1)
        #expect(unknown.stderr.contains("accettati: core, lodi"), "\(unknown.stderr)")
    }
}
