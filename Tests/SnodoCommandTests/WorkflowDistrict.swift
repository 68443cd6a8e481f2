import Foundation
import SnodoModel
import SnodoStore
import SnodoTestSupport

/// A generated district for the workflow tests (issue 7): 2,000 households, 200 places, 20,000
/// visits, with everything the tests need to count independently of Snodo's own code.
/// The shared district's folder, for the exit handler (a C function pointer captures nothing).
private nonisolated(unsafe) var districtFolder: String?

final class WorkflowDistrict: @unchecked Sendable {
    static let shared = WorkflowDistrict()

    let folder = makeTemporaryFolder("snodo-district")
    var path: String { folder + "/district.sqlite" }
    let rome = TimeZone(identifier: "Europe/Rome")!
    var households: [(id: RecordID, building: String, every: Int64, district: String)] = []
    var places: [(id: RecordID, name: String, latitude: Double, longitude: Double)] = []
    var visits:
        [(
            subject: RecordID, millis: Int64, team: String, district: String, kind: UInt32, outcome: UInt32, needs: [UInt32], services: [UInt32: Int64],
            persons: [RecordID]
        )] = []
    var ledger: [(district: String, date: CivilDate, allocation: Bool, cents: Int64)] = []
    let persons: [RecordID]

    private init() {
        // Built once per test process and shared by the workflow tests; removed when the process ends.
        districtFolder = folder
        atexit { districtFolder.map { try? FileManager.default.removeItem(atPath: $0) } }
        var rng = SplitMix64(seed: 2026)
        let clock = TestClock(millis: 1_761_955_200_000, seed: 7)  // 1 November 2025
        let store = try! Store.create(path: folder + "/district.sqlite", environment: clock.environment)
        var edits: [Edit] = []
        func flush() { _ = try! store.write { try $0.commit(edits) }; edits = [] }
        var personIDs: [RecordID] = []
        for index in 0..<600 {
            let person = store.newRecordID()
            edits += [
                .set(person, CommonField.kind, .enumeration(RecordKind.person.rawValue)), .set(person, CommonField.district, .text("Catania-\(index % 2 + 1)")),
                .set(person, PersonField.alias, .text("alias \(index)")),
            ]
            personIDs.append(person)
        }
        persons = personIDs
        for index in 0..<2_000 {
            let home = store.newRecordID()
            let street = ["via Etnea", "via Plebiscito", "corso Italia", "via Garibaldi", "viale Africa"][index % 5]
            let number = "\(index / 25 + 1)"
            let every = Int64([7, 14, 30][index % 3])
            let district = "Catania-\(index % 2 + 1)"
            edits += [
                .set(home, CommonField.kind, .enumeration(RecordKind.household.rawValue)), .set(home, CommonField.district, .text(district)),
                .set(home, HouseholdField.comune, .text("Catania")), .set(home, HouseholdField.street, .text(street)),
                .set(home, HouseholdField.number, .text(number)),
                .set(home, HouseholdField.monitoringDays, .integer(every)),
            ]
            households.append((home, "\(street) \(number), Catania", every, district))
            if edits.count > 5_000 { flush() }
        }
        for index in 0..<200 {
            let place = store.newRecordID()
            let latitude = 37.45 + Double(Int.random(in: 0...2_000, using: &rng)) / 10_000
            let longitude = 15.00 + Double(Int.random(in: 0...2_000, using: &rng)) / 10_000
            edits += [
                .set(place, CommonField.kind, .enumeration(RecordKind.place.rawValue)), .set(place, CommonField.district, .text("Catania-\(index % 2 + 1)")),
                .set(place, PlaceField.name, .text("luogo \(index)")),
                .set(place, PlaceField.location, .coordinates(latitudeE7: Int32((latitude * 1e7).rounded()), longitudeE7: Int32((longitude * 1e7).rounded()))),
                .set(place, PlaceField.kind, .enumeration(UInt32(index % 7 + 1))), .set(place, PlaceField.status, .enumeration(1)),
            ]
            places.append((place, "luogo \(index)", Double(Int32((latitude * 1e7).rounded())) / 1e7, Double(Int32((longitude * 1e7).rounded())) / 1e7))
        }
        flush()
        let start: Int64 = 1_761_955_200_000  // 2025-11-01T00:00Z
        for index in 0..<20_000 {
            let visit = store.newRecordID()
            let atHome = index % 4 != 0
            let subject = atHome ? households[Int.random(in: 0..<households.count, using: &rng)].id : places[Int.random(in: 0..<places.count, using: &rng)].id
            let millis = start + Int64.random(in: 0..<(120 * 86_400_000), using: &rng)
            let team = atHome ? "custodi-\(index % 3)" : "uds-notte"
            let district = "Catania-\(index % 2 + 1)"
            let kind: UInt32 = atHome ? 1 : 2
            let outcome = UInt32.random(in: 1...4, using: &rng)
            let needs = (1...13).filter { _ in Int.random(in: 0..<7, using: &rng) == 0 }.map(UInt32.init)
            var services: [UInt32: Int64] = [:]
            for code in 1...8 where Int.random(in: 0..<6, using: &rng) == 0 { services[UInt32(code)] = Int64.random(in: 1...3, using: &rng) }
            let met = atHome ? [] : (0..<Int.random(in: 1...3, using: &rng)).map { _ in personIDs[Int.random(in: 0..<personIDs.count, using: &rng)] }
            edits += [
                .set(visit, CommonField.kind, .enumeration(RecordKind.visit.rawValue)), .set(visit, CommonField.district, .text(district)),
                .set(visit, VisitField.subject, .reference(subject)), .set(visit, VisitField.team, .text(team)),
                .set(visit, VisitField.start, .timestamp(millis)),
                .set(visit, VisitField.kind, .enumeration(kind)), .set(visit, VisitField.outcome, .enumeration(outcome)),
            ]
            edits += needs.map { .setElement(visit, VisitField.needs, element: .enumeration($0), .bool(true)) }
            edits += services.map { .setElement(visit, VisitField.services, element: .enumeration($0.key), .integer($0.value)) }
            edits += Set(met).map { .setElement(visit, VisitField.persons, element: .reference($0), .bool(true)) }
            visits.append((subject, millis, team, district, kind, outcome, needs, services, Array(Set(met))))
            if edits.count > 5_000 { flush() }
        }
        for index in 0..<300 {
            let entry = store.newRecordID()
            let home = households[index * 5]
            let date = CivilDate(daysSinceEpoch: Int32(start / 86_400_000) + Int32(index % 120))
            let allocation = index % 3 != 0
            let cents = Int64(1_000 + index * 37)
            edits += [
                .set(entry, CommonField.kind, .enumeration(RecordKind.ledgerEntry.rawValue)), .set(entry, CommonField.district, .text(home.district)),
                .set(entry, LedgerField.household, .reference(home.id)), .set(entry, LedgerField.entry, .enumeration(allocation ? 1 : 2)),
                .set(entry, LedgerField.kind, .enumeration(UInt32(index % 6 + 1))),
                .set(entry, LedgerField.amount, .cents(cents)), .set(entry, LedgerField.date, .date(date.daysSinceEpoch)),
            ]
            ledger.append((home.district, date, allocation, cents))
        }
        flush()
    }

    func localDate(_ millis: Int64) -> CivilDate {
        let seconds = Double(millis) / 1000 + Double(rome.secondsFromGMT(for: Date(timeIntervalSince1970: Double(millis) / 1000)))
        return CivilDate(daysSinceEpoch: Int32((seconds / 86_400).rounded(.down)))
    }
}
