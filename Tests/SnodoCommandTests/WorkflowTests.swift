import Foundation
import Testing
import SnodoModel
import SnodoStore
import SnodoTestSupport

/// The field workflows through the built binary, on a generated district of 2,000 households,
/// 200 places and 20,000 visits, each result checked against a count made here, independently.
@Suite(.serialized) struct WorkflowTests {
    static let district = WorkflowDistrict.shared

    func json(_ words: String...) throws -> Any {
        let result = try runProduct("snodo", ["--store", Self.district.path] + words + ["--json"])
        #expect(result.status == 0, "\(result.stderr)")
        return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
    }

    @Test func dueListsExactlyTheHouseholdsDueByBuilding() throws {
        let district = Self.district
        let today = CivilDate(iso: "2026-03-15")!
        // The round restarts only at a visit where someone was met: "not at home" (2) does not count.
        var lastVisit: [RecordID: Int64] = [:]
        for visit in district.visits where visit.outcome != 2 { lastVisit[visit.subject] = max(lastVisit[visit.subject] ?? 0, visit.millis) }
        var expected: [(id: RecordID, building: String, due: CivilDate, overdue: Int)] = []
        for home in district.households {
            let due = lastVisit[home.id].map { CivilDate(daysSinceEpoch: district.localDate($0).daysSinceEpoch + Int32(home.every)) } ?? today
            if due <= today { expected.append((home.id, home.building, due, Int(today.daysSinceEpoch - due.daysSinceEpoch))) }
        }
        let buildings = Set(expected.map(\.building)).sorted { $0.localizedStandardCompare($1) == .orderedAscending }
        let ordered = buildings.flatMap { building in
            expected.filter { $0.building == building }.sorted { ($0.overdue, $1.id) > ($1.overdue, $0.id) }
        }
        let listed = try json("due", "--today", "2026-03-15") as! [[String: Any]]
        #expect(listed.count == ordered.count)
        #expect(listed.count > 100, "the generated district should have many households due")
        #expect(listed.compactMap { $0["household"] as? String } == ordered.map(\.id.hex))
        #expect(listed.compactMap { $0["due"] as? String } == ordered.map(\.due.iso))
        #expect(listed.compactMap { $0["daysOverdue"] as? Int } == ordered.map(\.overdue))
        let lastMet = Dictionary(uniqueKeysWithValues: listed.map { ($0["household"] as! String, $0["lastMet"] as? String) })
        for home in ordered.prefix(50) {
            #expect(lastMet[home.id.hex] == lastVisit[home.id].map { district.localDate($0).iso }, "\(home.id.hex)")
        }
        #expect(district.visits.contains { $0.outcome == 2 }, "the district should have not-at-home visits")
        let table = try runProduct("snodo", ["--store", district.path, "due", "--today", "2026-03-15"])
        #expect(table.stdout.contains("\(ordered.count) visite in scadenza al 15/03/2026"))
    }

    @Test func placesNearAPointInOrderOfDistance() throws {
        let (latitude, longitude) = (37.55, 15.10)
        func haversine(_ lat: Double, _ lon: Double) -> Double {
            let r = Double.pi / 180
            let a = pow(sin((lat - latitude) * r / 2), 2) + cos(latitude * r) * cos(lat * r) * pow(sin((lon - longitude) * r / 2), 2)
            return 2 * 6371.0088 * asin(sqrt(a))
        }
        let expected = Self.district.places.map { ($0.id, haversine($0.latitude, $0.longitude)) }.filter { $0.1 <= 3 }.sorted { $0.1 < $1.1 }
        let listed = try json("place", "near", "37.55", "15.10", "--radius", "3") as! [[String: Any]]
        #expect(!expected.isEmpty)
        #expect(listed.compactMap { $0["place"] as? String } == expected.map(\.0.hex))
        for (row, (_, distance)) in zip(listed, expected) {
            #expect(abs((row["distanceKm"] as? Double ?? -1) - distance) < 0.001)
        }
    }

    @Test func reportTotalsMatchAnIndependentCount() throws {
        let district = Self.district
        // Every household of the generated district is in Catania; a place has no comune.
        struct Key: Hashable { let month: String, team: String, district: String, comune: String }
        var visits: [Key: Int] = [:], homes: [Key: Set<RecordID>] = [:], people: [Key: Set<RecordID>] = [:]
        var needs: [Key: [String: Int]] = [:], services: [Key: [String: Int64]] = [:], money: [Key: (Int64, Int64)] = [:]
        let households = Set(district.households.map(\.id))
        for visit in district.visits {
            let key = Key(
                month: String(district.localDate(visit.millis).iso.prefix(7)), team: visit.team, district: visit.district,
                comune: households.contains(visit.subject) ? "Catania" : "—")
            visits[key, default: 0] += 1
            // Reached only where someone was met: a "not at home" (2) visit reaches nobody.
            if visit.outcome != 2 {
                if households.contains(visit.subject) { homes[key, default: []].insert(visit.subject) }
                people[key, default: []].formUnion(visit.persons)
            }
            for need in visit.needs {
                needs[key, default: [:]][Profile.core.type(VisitField.needs, of: .visit)!.cases.first { $0.code == need }!.name, default: 0] += 1
            }
            for (service, quantity) in visit.services {
                services[key, default: [:]][Profile.core.type(VisitField.services, of: .visit)!.cases.first { $0.code == service }!.name, default: 0] +=
                    quantity
            }
        }
        for entry in district.ledger {
            let key = Key(month: String(entry.date.iso.prefix(7)), team: "—", district: entry.district, comune: "Catania")
            var totals = money[key] ?? (0, 0)
            if entry.allocation { totals.0 += entry.cents } else { totals.1 += entry.cents }
            money[key] = totals
        }
        let groups = try json("report") as! [[String: Any]]
        var seen = Set<Key>()
        for group in groups {
            let key = Key(
                month: group["month"] as! String, team: group["team"] as! String, district: group["district"] as! String,
                comune: group["comune"] as! String)
            seen.insert(key)
            #expect(group["visits"] as? Int == visits[key] ?? 0, "\(key)")
            #expect(group["households"] as? Int == homes[key]?.count ?? 0, "\(key)")
            #expect(group["persons"] as? Int == people[key]?.count ?? 0, "\(key)")
            #expect(group["needs"] as? [String: Int] == needs[key] ?? [:], "\(key)")
            #expect((group["services"] as? [String: Any])?.mapValues { ($0 as? Int).map(Int64.init) ?? -1 } == services[key] ?? [:], "\(key)")
            #expect(group["allocatedCents"] as? Int == Int(money[key]?.0 ?? 0), "\(key)")
            #expect(group["spentCents"] as? Int == Int(money[key]?.1 ?? 0), "\(key)")
        }
        #expect(seen == Set(visits.keys).union(money.keys))
        #expect(visits.values.reduce(0, +) == 20_000)
        let csv = try runProduct("snodo", ["--store", district.path, "report", "--format", "csv"])
        #expect(csv.stdout.hasPrefix("\u{FEFF}mese;team;distretto;comune;misura;voce;valore"))
        #expect(csv.stdout.contains(";bisogni rilevati;salute mentale;"), "Italian labels intact in UTF-8")
        let total = csv.stdout.split(separator: "\r\n").filter { $0.contains(";visite;totale;") }
            .compactMap { Int($0.split(separator: ";").last!) }.reduce(0, +)
        #expect(total == 20_000)
    }
}

/// Two laptops that exchange their changes through the store's API, as sync would.
struct TwoLaptops {
    let a: String, b: String
    init(folder: String) throws {
        a = folder + "/a.sqlite"
        b = folder + "/b.sqlite"
        for path in [a, b] {
            #expect(try runProduct("snodo", ["--store", path, "init", "--district", "Catania-2", "--operator", "op", "--team", "uds"]).status == 0)
        }
    }

    func run(_ store: String, _ words: String...) throws -> String {
        let result = try runProduct("snodo", ["--store", store] + words)
        #expect(result.status == 0, "\(words): \(result.stderr)")
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func exchange() throws {
        let storeA = try openTestStore(path: a, environment: TestClock(seed: 1).environment)
        let storeB = try openTestStore(path: b, environment: TestClock(seed: 2).environment)
        try storeB.write { try $0.apply(storeA.changes(after: 0).map(\.change)) }
        try storeA.write { try $0.apply(storeB.changes(after: 0).map(\.change)) }
    }
}

@Suite struct MergeAndBudgetAcrossReplicasTests {
    @Test func aPersonMergeAndItsUndoTravelBetweenLaptops() throws {
        let folder = makeTemporaryFolder("snodo-merge")
        defer { removeTemporaryFolder(folder) }
        let laptops = try TwoLaptops(folder: folder)
        let place = try laptops.run(laptops.a, "place", "add", "--name", "Stazione", "--location", "37.5066,15.1020")
        let first = try laptops.run(laptops.a, "contact", "log", "--place", place, "--anonymous", "alias=Turi,age=60,sex=m").split(separator: "\n")
        let turi = String(first[1].split(separator: " ").last!)
        try laptops.exchange()
        let second = try laptops.run(laptops.b, "contact", "log", "--place", place, "--anonymous", "alias=Salvatore,age=61,sex=m").split(separator: "\n")
        let salvatore = String(second[1].split(separator: " ").last!)
        _ = try laptops.run(laptops.b, "contact", "log", "--place", place, "--person", salvatore)
        try laptops.exchange()
        // On laptop a: the two records are the same man. Nothing is deleted.
        _ = try laptops.run(laptops.a, "person", "merge", salvatore, "--into", turi)
        try laptops.exchange()
        let merged = try JSONSerialization.jsonObject(with: Data(try laptops.run(laptops.b, "person", "visits", salvatore, "--json").utf8)) as! [String: Any]
        #expect(merged["person"] as? String == turi)
        #expect(Set(merged["records"] as! [String]) == [turi, salvatore])
        #expect((merged["visits"] as! [String]).count == 3, "the visits of both records")
        // On laptop b, the merge is undone: each record has its own visits again, on both laptops.
        _ = try laptops.run(laptops.b, "person", "unmerge", salvatore)
        try laptops.exchange()
        for store in [laptops.a, laptops.b] {
            let own = try JSONSerialization.jsonObject(with: Data(try laptops.run(store, "person", "visits", salvatore, "--json").utf8)) as! [String: Any]
            #expect(own["person"] as? String == salvatore)
            #expect((own["visits"] as! [String]).count == 2)
            let other = try JSONSerialization.jsonObject(with: Data(try laptops.run(store, "person", "visits", turi, "--json").utf8)) as! [String: Any]
            #expect((other["visits"] as! [String]).count == 1)
        }
    }

    @Test func concurrentLedgerEntriesFromTwoLaptopsBothCount() throws {
        let folder = makeTemporaryFolder("snodo-budget")
        defer { removeTemporaryFolder(folder) }
        let laptops = try TwoLaptops(folder: folder)
        let home = try laptops.run(laptops.a, "household", "add", "--comune", "Torino", "--street", "corso Giulio Cesare")
        _ = try laptops.run(
            laptops.a, "ledger", "add", "--household", home, "--entry", "allocation", "--kind", "rent", "--amount", "1200", "--date", "2026-11-01")
        try laptops.exchange()
        // Offline, the same day: the tutor records an expense, the office another allocation and expense.
        _ = try laptops.run(
            laptops.a, "ledger", "add", "--household", home, "--entry", "expense", "--kind", "rent", "--amount", "400,00", "--date", "2026-11-05")
        _ = try laptops.run(
            laptops.b, "ledger", "add", "--household", home, "--entry", "expense", "--kind", "rent", "--amount", "350,50", "--date", "2026-11-05")
        _ = try laptops.run(
            laptops.b, "ledger", "add", "--household", home, "--entry", "allocation", "--kind", "training", "--amount", "500", "--date", "2026-11-05")
        try laptops.exchange()
        for store in [laptops.a, laptops.b] {
            let budget = try JSONSerialization.jsonObject(with: Data(try laptops.run(store, "budget", home, "--json").utf8)) as! [String: Any]
            #expect(budget["allocatedCents"] as? Int == 170_000)
            #expect(budget["spentCents"] as? Int == 75_050)
            let lines = budget["lines"] as! [[String: Any]]
            #expect(lines.first { $0["kind"] as? String == "rent" }?["remainingCents"] as? Int == 44_950)
        }
        #expect(try laptops.run(laptops.a, "budget", home).contains("449,50 €"))
    }
}
