import Foundation
import Testing
import SnodoTestSupport

/// The rules of the field work as the programmes mean them, through the built binary: a round
/// restarts only where someone was met, only such a visit reaches anyone, Italian input is taken,
/// and what a command prints to be typed again works.
@Suite struct FieldRuleTests {
    @Test func aNotAtHomeAttemptDoesNotRestartTheRound() throws {
        let snodo = SnodoCommand()
        defer { snodo.cleanUp() }
        try snodo.ok("init", "--operator", "Anna", "--team", "custodi-lodi", "--district", "Lodi-1")
        let home = try snodo.ok(
            "household", "add", "--comune", "Lodi", "--street", "via Cavour", "--number", "12", "--vulnerabilities", "elderly-alone",
            "--monitoring-days", "7")
        try snodo.ok("visit", "log", "--subject", home, "--kind", "home-monitoring", "--outcome", "met", "--start", "01/03/2026 10:00")
        try snodo.ok("visit", "log", "--subject", home, "--kind", "home-monitoring", "--outcome", "not-at-home", "--start", "06/03/2026 10:00")

        let due = try snodo.json("due", "--today", "09/03/2026") as! [[String: Any]]
        #expect(due.count == 1, "nobody opened on the 6th: still due, counted from the 1st")
        #expect(due.first?["due"] as? String == "2026-03-08")
        #expect(due.first?["daysOverdue"] as? Int == 1)
        #expect(due.first?["lastVisit"] as? String == "2026-03-06")
        #expect(due.first?["lastOutcome"] as? String == "not-at-home")
        #expect(due.first?["lastMet"] as? String == "2026-03-01")

        try snodo.ok("visit", "log", "--subject", home, "--kind", "home-monitoring", "--outcome", "refused", "--start", "09/03/2026 11:00")
        #expect((try snodo.json("due", "--today", "09/03/2026") as! [[String: Any]]).isEmpty, "met at the door: the round restarts")
    }

    @Test func onlyAVisitWhereSomeoneWasMetReachesAHousehold() throws {
        let snodo = SnodoCommand()
        defer { snodo.cleanUp() }
        try snodo.ok("init", "--operator", "Anna", "--team", "custodi-lodi", "--district", "Lodi-1")
        let met = try snodo.ok("household", "add", "--comune", "Lodi", "--street", "via Cavour", "--number", "12")
        let closed = try snodo.ok("household", "add", "--comune", "Lodi", "--street", "via Cavour", "--number", "14")
        try snodo.ok("visit", "log", "--subject", met, "--kind", "home-monitoring", "--outcome", "met", "--start", "02/03/2026 10:00")
        for day in ["02", "03", "04"] {
            try snodo.ok("visit", "log", "--subject", closed, "--kind", "home-monitoring", "--outcome", "not-at-home", "--start", "\(day)/03/2026 10:30")
        }
        let groups = try snodo.json("report", "--from", "01/03/2026", "--to", "31/03/2026") as! [[String: Any]]
        #expect(groups.count == 1)
        #expect(groups.first?["visits"] as? Int == 4)
        #expect(groups.first?["households"] as? Int == 1, "three attempts at a closed door reach nobody")
        #expect(groups.first?["visitsByOutcome"] as? [String: Int] == ["met": 1, "not-at-home": 3])
    }

    @Test func theReportCountsByComuneThroughTheHouseholdOrThePerson() throws {
        let snodo = SnodoCommand()
        defer { snodo.cleanUp() }
        try snodo.ok("init", "--operator", "Anna", "--team", "custodi-lodi", "--district", "Lodi-1")
        let lodi = try snodo.ok("household", "add", "--comune", "Lodi", "--street", "via Cavour", "--number", "12")
        let casale = try snodo.ok("household", "add", "--comune", "Casalpusterlengo", "--street", "via Roma", "--number", "3")
        let person = try snodo.ok("person", "add", "--name", "Maria", "--household", casale)
        try snodo.ok("visit", "log", "--subject", lodi, "--kind", "home-monitoring", "--outcome", "met", "--start", "02/03/2026 10:00")
        try snodo.ok("visit", "log", "--subject", person, "--kind", "home-monitoring", "--outcome", "met", "--start", "03/03/2026 10:00")
        try snodo.ok("ledger", "add", "--household", casale, "--entry", "allocation", "--kind", "rent", "--amount", "300", "--date", "04/03/2026")
        let groups = try snodo.json("report", "--from", "01/03/2026", "--to", "31/03/2026") as! [[String: Any]]
        let byComune = Dictionary(uniqueKeysWithValues: groups.map { ($0["comune"] as! String, $0) })
        #expect(Set(byComune.keys) == ["Lodi", "Casalpusterlengo"])
        #expect(byComune["Lodi"]?["visits"] as? Int == 1)
        #expect(byComune["Casalpusterlengo"]?["visits"] as? Int == 1, "a person's visit counts where their household lives")
        #expect(byComune["Casalpusterlengo"]?["allocatedCents"] as? Int == 30_000)
        let merged = try snodo.json("report", "--by", "team,district,month") as! [[String: Any]]
        #expect(merged.count == 1 && merged.first?["comune"] as? String == "—", "--by without comune merges them")
    }

    @Test func italianAmountsDatesTimesAndDistances() throws {
        let snodo = SnodoCommand()
        defer { snodo.cleanUp() }
        try snodo.ok("init", "--operator", "Salvo", "--team", "uds-notte", "--district", "Catania-2")
        let home = try snodo.ok("household", "add", "--comune", "Catania", "--street", "via Etnea", "--consent-date", "15/01/2026")
        let entry = try snodo.ok(
            "ledger", "add", "--household", home, "--entry", "allocation", "--kind", "rent", "--amount", "1.500,00", "--date", "01/11/2026")
        let shown = try snodo.json("ledger", "show", entry) as! [String: Any]
        let fields = shown["fields"] as! [String: Any]
        #expect(fields["amount"] as? Int == 150_000)
        #expect(fields["date"] as? String == "2026-11-01")
        let household = try snodo.json("household", "show", home) as! [String: Any]
        #expect((household["fields"] as? [String: Any])?["consent-date"] as? String == "2026-01-15")

        let place = try snodo.ok("place", "add", "--name", "Stazione Centrale", "--kind", "station", "--location", "37,5066;15,1020")
        try snodo.ok("contact", "log", "--place", place, "--anonymous", "alias=Gigi,age=50,sex=m", "--start", "31/10/2026 22:00")
        let near = try snodo.json("place", "near", "37,5070", "15,1020", "--radius", "0,5") as! [[String: Any]]
        #expect(near.map { $0["place"] as? String } == [place])
        let farther = try snodo.json("place", "near", "37,5200", "15,1020", "--radius", "0,5") as! [[String: Any]]
        #expect(farther.isEmpty, "1,5 km away is outside half a kilometre")
        let history = try snodo.json("place", "history", place) as! [[String: Any]]
        #expect(history.count == 1)
        #expect(try snodo.run("place", "near", "37,5", "15,1", "--radius", "mezzo").stderr.contains("come 2 o 0,5"))
        let english = try runProduct(
            "snodo", ["--store", snodo.store, "place", "near", "37,5", "15,1", "--radius", "half"], environment: ["LANG": "en_US.UTF-8"])
        #expect(english.status == 64)
        #expect(english.stderr.hasPrefix("snodo: malformed --radius (expected kilometres above 0 and up to 20000, like 2 or 0,5)"), "\(english.stderr)")
        #expect(english.stderr.contains("usage: snodo place near"))
    }

    @Test func householdsOfOneBuildingAreToldApart() throws {
        let snodo = SnodoCommand()
        defer { snodo.cleanUp() }
        try snodo.ok("init", "--operator", "Anna", "--team", "custodi-lodi", "--district", "Lodi-1")
        let upstairs = try snodo.ok(
            "household", "add", "--comune", "Lodi", "--street", "via Lodivecchio", "--number", "9", "--stair", "B", "--floor", "2", "--flat", "7")
        let downstairs = try snodo.ok("household", "add", "--comune", "Lodi", "--street", "via Lodivecchio", "--number", "9", "--floor", "0")
        let labels = Dictionary(
            uniqueKeysWithValues: (try snodo.json("household", "list") as! [[String: Any]]).map { ($0["id"] as! String, $0["label"] as! String) })
        #expect(labels[upstairs] == "via Lodivecchio 9, scala B, piano 2, int. 7, Lodi")
        #expect(labels[downstairs] == "via Lodivecchio 9, piano 0, Lodi")
    }

    @Test func aDoteGoesToAHouseholdOrToOnePerson() throws {
        let snodo = SnodoCommand()
        defer { snodo.cleanUp() }
        try snodo.ok("init", "--operator", "Luca", "--team", "doti-torino", "--district", "Torino-6")
        let young = try snodo.ok("person", "add", "--name", "Samir", "--birth-year", "2006")
        try snodo.ok("ledger", "add", "--person", young, "--entry", "allocation", "--kind", "rent", "--amount", "1.200,00", "--date", "01/02/2026")
        try snodo.ok("ledger", "add", "--person", young, "--entry", "expense", "--kind", "rent", "--amount", "450,50", "--date", "15/02/2026")
        let budget = try snodo.json("budget", young) as! [String: Any]
        #expect(budget["person"] as? String == young)
        #expect(budget["allocatedCents"] as? Int == 120_000 && budget["spentCents"] as? Int == 45_050)
        #expect(try snodo.ok("budget", young).contains("749,50 €"), "remaining, in euros")
        let groups = try snodo.json("report") as! [[String: Any]]
        #expect(groups.first?["allocatedCents"] as? Int == 120_000 && groups.first?["team"] as? String == "doti-torino")
        let neither = try snodo.run("ledger", "add", "--entry", "allocation", "--kind", "rent", "--amount", "10", "--date", "01/02/2026")
        #expect(neither.status == 64 && neither.stderr.contains("richiede --household o --person"), "\(neither.stderr)")
        let place = try snodo.ok("place", "add", "--name", "Stazione", "--kind", "station")
        #expect(try snodo.run("budget", place).stderr.contains("non è un nucleo né una persona"))
    }

    @Test func theUndoThatAMergePrintsWorksForIdsMadeInTheSameMillisecond() throws {
        let snodo = SnodoCommand()
        defer { snodo.cleanUp() }
        try snodo.ok("init", "--operator", "Salvo", "--team", "uds-notte", "--district", "Catania-2")
        let place = try snodo.ok("place", "add", "--name", "Villa Bellini", "--kind", "park")
        // One contact makes every anonymous person in one go: their ids share the millisecond.
        let output = try snodo.ok(
            "contact", "log", "--place", place, "--anonymous", "alias=Gigi", "--anonymous", "alias=Luigi", "--anonymous", "alias=Gino")
        let persons = output.split(separator: "\n").filter { $0.hasPrefix("nuova persona ") }.map { String($0.dropFirst(14)) }
        try #require(persons.count == 3, "\(output)")
        let merged = try snodo.ok("person", "merge", persons[1], "--into", persons[0])
        let undo = try #require(merged.firstMatch(of: /per annullare: (snodo person unmerge ([0-9a-f]+))/), "\(merged)")
        let typed = String(undo.output.2)
        #expect(persons[1].hasPrefix(typed))
        if persons[0].prefix(12) == persons[1].prefix(12) { #expect(typed.count > 12, "12 digits would name two persons") }
        #expect(try snodo.ok("person", "unmerge", typed).contains("è di nuovo una scheda a sé"))
    }
}
