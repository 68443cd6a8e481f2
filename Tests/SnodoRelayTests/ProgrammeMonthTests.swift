import Foundation
import Testing
import SnodoTestSupport

/// A month of each seed programme's work on its own profile (`Protocol/profiles/`), through the
/// built binaries, with the report checked against the script's own counts (`ProgrammeMonth`).
@Suite(.serialized) struct ProgrammeMonthTests {
    /// Lodi (000): caretakers in ALER buildings visit households, open arrears with a repayment
    /// plan, follow evictions through their phases, hold neighbourhood tables.
    @Test func lodiCaretakersInAlerHousing() throws {
        let month = try ProgrammeMonth(profile: "lodi", seed: 1300)
        defer { month.cleanUp() }
        try month.enroll("anna", districts: "Lodi-1", role: "caretaker")
        try month.enroll("bruno", districts: "Lodi-1", role: "caretaker")
        try month.enroll("ufficio", districts: "*", role: "coordinator")
        try month.start()
        for flat in 1...8 {
            try month.run(
                "anna",
                [
                    "household", "add", "--comune", "Lodi", "--street", "via Lodivecchio", "--number", "9", "--stair", flat <= 4 ? "A" : "B",
                    "--floor", "\(flat % 4 + 1)", "--flat", "\(flat)", "--housing", "aler", "--aler-code", "L-\(1000 + flat)",
                ], into: "home")
        }
        try month.syncAll()
        var phases: [String: String] = [:]
        for day in 2...28 {
            for caretaker in ["anna", "bruno"] where month.chance(70) {
                let outcome = month.pick(["met", "met", "not-at-home"])
                try month.run(
                    caretaker,
                    [
                        "visit", "log", "--subject", month.pick("home"), "--kind", "home-monitoring", "--outcome", outcome, "--start",
                        month.day(day, at: "10:30"), "--services", "food-parcel=1",
                    ])
                month.visits += 1
                month.services["food-parcel", default: 0] += 1
            }
            if day % 5 == 0 {
                let owed = month.draw(20_000...400_000), plan = month.pick(["proposed", "signed", "kept", "broken"])
                try month.run(
                    "anna",
                    [
                        "arrears", "add", "--household", month.pick("home"), "--owed", month.euros(owed), "--since", month.day(day), "--plan", plan,
                        "--instalment", "80,00",
                    ])
                month.counted("arrears", choices: ["plan": [plan]], sums: ["owed": Int64(owed)])
            }
            if day == 8 || day == 18 {
                let arrears = month.draw(50_000...300_000)
                let eviction = try month.run(
                    "bruno",
                    [
                        "eviction", "add", "--household", month.pick("home"), "--phase", "notice", "--since", month.day(day), "--arrears",
                        month.euros(arrears),
                    ]
                ).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
                phases[eviction] = "notice"
                month.count("eviction", "arrears", nil, Int64(arrears))
            }
            if day == 25, let first = phases.keys.sorted().first {
                try month.run("bruno", ["eviction", "edit", first, "--phase", "grace-term", "--grace-until", "25/02/2027"])
                phases[first] = "grace-term"
            }
            if day % 7 == 6 {
                let kind = month.pick(["neighbourhood-table", "citizenship-workshop"]), attendance = month.draw(6...25)
                try month.run("anna", ["activity", "add", "--kind", kind, "--date", month.day(day), "--attendance", "\(attendance)", "--where", "cortile"])
                month.counted("activity", choices: ["kind": [kind]], sums: ["attendance": Int64(attendance)])
            }
            if day % 7 == 0 { try month.syncAll() }
        }
        for phase in phases.values { month.counted("eviction", choices: ["phase": [phase]]) }
        try month.checkReport(on: "ufficio")
    }

    /// Catania (002): a night street unit at the places of the dynamic map, with canteen, shower
    /// and mediation, a place cleared by an ordinance, vacant flats and Housing First placements.
    @Test func cataniaStreetUnitAndDynamicMap() throws {
        let month = try ProgrammeMonth(profile: "catania", seed: 1301)
        defer { month.cleanUp() }
        try month.enroll("notte", districts: "Catania-1", role: "street-unit")
        try month.enroll("giorno", districts: "Catania-1", role: "street-unit")
        try month.enroll("ufficio", districts: "*", role: "coordinator")
        try month.start()
        for (name, kind, location) in [
            ("Stazione Centrale", "station", "37,5067;15,1024"), ("Villa Bellini", "park", "37.5093,15.0846"),
            ("Portici di via Etnea", "doorway", "37.5045,15.0870"),
        ] {
            try month.run("notte", ["place", "add", "--name", name, "--kind", kind, "--location", location, "--status", "active"], into: "place")
        }
        for unit in 1...3 {
            try month.run(
                "giorno",
                [
                    "housing-unit", "add", "--street", "via Plebiscito \(unit * 10)", "--comune", "Catania", "--status", "vacant", "--programme",
                    "housing-first",
                ], into: "unit")
        }
        try month.syncAll()
        for night in 1...28 where month.chance(60) {
            let services = [month.pick(["canteen", "shower", "laundry", "mediation", "meal"]), "hot-drink"]
            try month.run(
                "notte",
                [
                    "contact", "log", "--place", month.pick("place"), "--anonymous", "alias=Turi \(night),age=\(month.draw(20...70)),sex=m", "--services",
                    services.map { "\($0)=1" }.joined(separator: ","), "--start", month.day(night, at: "22:15"),
                ])
            month.visits += 1
            for service in services { month.services[service, default: 0] += 1 }
        }
        try month.run("notte", ["place", "edit", month.pick("place"), "--status", "cleared", "--cleared-by", "ordinance", "--cleared-on", month.day(20)])
        for (index, unit) in (month.pools["unit"] ?? []).prefix(2).enumerated() {
            try month.run("giorno", ["person", "add", "--alias", "Ospite \(index)"], into: "person")
            try month.run("giorno", ["housing-unit", "edit", unit, "--status", "assigned"])
            let status = index == 0 ? "active" : "left"
            try month.run(
                "giorno", ["placement", "add", "--person", month.pools["person"]![index], "--unit", unit, "--start", month.day(10 + index), "--status", status])
            month.counted("placement", choices: ["status": [status]])
        }
        try month.checkReport(on: "ufficio")
    }

    /// Adda Martesana (001): multidimensional assessment by a multidisciplinary team, a register of
    /// companies, traineeships with their monthly grants.
    @Test func addaMartesanaAssessmentAndTraineeships() throws {
        let month = try ProgrammeMonth(profile: "adda-martesana", seed: 1302)
        defer { month.cleanUp() }
        try month.enroll("equipe", districts: "Trezzo", role: "tutor")
        try month.enroll("ufficio", districts: "*", role: "coordinator")
        try month.start()
        for name in ["Officine Adda srl", "Cooperativa Il Ponte", "Panificio Brambilla"] {
            try month.run("equipe", ["company", "add", "--name", name, "--comune", "Trezzo sull'Adda", "--places", "2"], into: "company")
        }
        for index in 1...6 { try month.run("equipe", ["person", "add", "--name", "Persona \(index)", "--birth-year", "\(1970 + index * 4)"], into: "person") }
        for (day, person) in zip([3, 5, 9, 12, 16, 19], month.pools["person"]!) {
            let domains = Array(Set([month.pick(["work", "income", "housing"]), month.pick(["health", "relations", "education"])])).sorted()
            let level = month.pick(["low", "medium", "high"])
            try month.run(
                "equipe",
                [
                    "assessment", "add", "--subject", person, "--date", month.day(day), "--domains", domains.joined(separator: ","), "--level", level,
                    "--team", "social-worker,job-coach",
                ])
            month.counted("assessment", choices: ["domains": domains, "level": [level]])
        }
        for (index, person) in month.pools["person"]!.prefix(4).enumerated() {
            let grant = month.draw(3...6) * 10_000, status = index == 3 ? "planned" : "active"
            try month.run(
                "equipe",
                [
                    "traineeship", "add", "--person", person, "--company", month.pick("company"), "--start", month.day(15 + index), "--monthly-grant",
                    month.euros(grant), "--status", status,
                ])
            month.counted("traineeship", choices: ["status": [status]], sums: ["monthly-grant": Int64(grant)])
        }
        try month.checkReport(on: "ufficio")
    }

    /// Cremona (003): generative pacts signed with households and people, with the hours they give
    /// back, and community workshops.
    @Test func cremonaGenerativePactsAndWorkshops() throws {
        let month = try ProgrammeMonth(profile: "cremona", seed: 1303)
        defer { month.cleanUp() }
        try month.enroll("operatrice", districts: "Cremona-1", role: "caretaker")
        try month.enroll("ufficio", districts: "*", role: "coordinator")
        try month.start()
        for number in 1...5 {
            try month.run("operatrice", ["household", "add", "--comune", "Cremona", "--street", "via Dante", "--number", "\(number)"], into: "home")
        }
        for day in stride(from: 2, through: 26, by: 3) {
            let commitments = Array(Set([month.pick(["volunteering", "training"]), month.pick(["common-spaces", "mutual-help"])])).sorted()
            let hours = month.draw(4...20), status = month.pick(["active", "active", "completed"]), support = month.draw(1...3) * 5_000
            try month.run(
                "operatrice",
                [
                    "pact", "add", "--subject", month.pick("home"), "--signed", month.day(day), "--commitments", commitments.joined(separator: ","),
                    "--hours", "\(hours)", "--status", status, "--support", month.euros(support),
                ])
            month.counted("pact", choices: ["commitments": commitments, "status": [status]], sums: ["hours": Int64(hours), "support": Int64(support)])
        }
        for day in [7, 14, 21, 28] {
            let theme = month.pick(["cooking", "digital", "language", "gardening"]), attendance = month.draw(5...18)
            try month.run("operatrice", ["workshop", "add", "--theme", theme, "--date", month.day(day), "--attendance", "\(attendance)"])
            month.counted("workshop", choices: ["theme": [theme]], sums: ["attendance": Int64(attendance)])
        }
        try month.checkReport(on: "ufficio")
    }

    /// Torino (004): doti for households and for young people without one, against the programme's
    /// budget and the cap per path; interviews; an eviction given its grace term.
    @Test func torinoDotiInterviewsAndEvictions() throws {
        let month = try ProgrammeMonth(profile: "torino", seed: 1304)
        defer { month.cleanUp() }
        try month.enroll("tutor", districts: "Torino-6", role: "tutor")
        try month.enroll("ufficio", districts: "*", role: "coordinator")
        try month.start()
        for number in 1...3 {
            try month.run(
                "tutor", ["household", "add", "--comune", "Torino", "--street", "corso Giulio Cesare", "--number", "\(number * 7)", "--housing", "atc"],
                into: "home")
        }
        try month.run("tutor", ["person", "add", "--name", "Giovane senza nucleo", "--birth-year", "2005"], into: "young")
        let beneficiaries = (month.pools["home"] ?? []).map { ("--household", $0) } + [("--person", month.pick("young"))]
        for (index, (option, id)) in beneficiaries.enumerated() {
            let kind = month.pick(["educational", "financial", "deposit", "rent"]), amount = month.draw(4...12) * 10_000
            try month.run(
                "tutor",
                ["ledger", "add", option, id, "--entry", "allocation", "--kind", kind, "--amount", month.euros(amount), "--date", month.day(3 + index)])
            month.allocatedCents += Int64(amount)
            let spent = amount / 2
            try month.run(
                "tutor", ["ledger", "add", option, id, "--entry", "expense", "--kind", kind, "--amount", month.euros(spent), "--date", month.day(20 + index)])
            month.spentCents += Int64(spent)
        }
        // One path past the cap of 1.500,00 €: written, and warned of.
        let over = try month.run(
            "tutor",
            ["ledger", "add", "--person", month.pick("young"), "--entry", "allocation", "--kind", "deposit", "--amount", "1.500,00", "--date", month.day(25)])
        month.allocatedCents += 150_000
        #expect(over.stderr.contains("oltre il tetto di 1.500,00 € per percorso"), "\(over.stderr)")
        for day in [4, 11, 18, 25] {
            let kind = month.pick(["first", "motivational", "debts", "review"])
            try month.run("tutor", ["interview", "add", "--subject", month.pick("home"), "--date", month.day(day), "--kind", kind, "--operator", "Marta"])
            month.counted("interview", choices: ["kind": [kind]])
        }
        try month.run(
            "tutor", ["eviction", "add", "--household", month.pick("home"), "--phase", "grace-term", "--since", month.day(9), "--grace-until", "09/02/2027"])
        month.counted("eviction", choices: ["phase": ["grace-term"]])
        try month.checkReport(on: "ufficio")
        let budget = try month.run("ufficio", ["report", "--from", "01/11/2026", "--to", "30/11/2026"]).stdout
        #expect(budget.contains("di 18.000,00 € del programma"), "\(budget)")
    }
}
