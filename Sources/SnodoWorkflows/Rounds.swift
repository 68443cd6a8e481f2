import Foundation
import SnodoModel
import SnodoStore

/// A household on a caretaker's round: when it was last visited, how that went, when the next
/// visit is due, and the follow-ups still open for it.
package struct DueHousehold: Sendable {
    package let household: Record
    /// The last attempt, whatever its outcome: "not at home" yesterday is worth seeing.
    package let lastVisit: Record?
    package let lastVisitDate: CivilDate?
    /// The last visit where someone was met: the round restarts from it.
    package let lastMetDate: CivilDate?
    package let dueDate: CivilDate
    package let daysOverdue: Int
    package let openFollowUps: Int
    package let building: String
    package let distanceKm: Double?
}

/// The caretakers' rounds (Lodi, "monitoraggio educativo delle abitazioni"): every household with
/// a monitoring frequency is due that many days after the last visit where someone was met, or at
/// once if nobody was ever met: an elderly person living alone who did not open the door stays due.
package enum Rounds {
    /// What `due` reads: the households, their follow-ups, and of the visits only these fields.
    package static func index(_ store: Store) throws -> FieldIndex {
        try FieldIndex(
            store: store, kinds: [.household, .visit, .followUp],
            visitFields: [VisitField.subject, VisitField.start, VisitField.outcome])
    }

    /// Households due on or before `today`, grouped by building; buildings nearest first when a
    /// position is given, else by street and number; within a building, most overdue first.
    package static func due(
        _ index: FieldIndex, today: CivilDate, near: (latitude: Double, longitude: Double)? = nil,
        timeZone: TimeZone = .current
    ) -> [DueHousehold] {
        var due: [DueHousehold] = []
        // Counted once, not once a household: a district has thousands of each.
        var openFollowUps: [RecordID: Int] = [:]
        for followUp in index.followUps where followUp.value(FollowUpField.done) != .bool(true) {
            if let subject = followUp.reference(FollowUpField.subject) { openFollowUps[subject, default: 0] += 1 }
        }
        for household in index.households {
            guard let every = household.integer(HouseholdField.monitoringDays), every > 0 else { continue }
            let visits = index.visitsBySubject[household.id] ?? []
            func latest(_ visits: [Record]) -> Record? {
                visits.max { ($0.timestamp(VisitField.start) ?? 0, $0.id) < ($1.timestamp(VisitField.start) ?? 0, $1.id) }
            }
            let last = latest(visits)
            let lastDate = last.flatMap { $0.timestamp(VisitField.start) }.map { localDate($0, timeZone) }
            let lastMetDate = latest(visits.filter(Visits.metSomeone)).flatMap { $0.timestamp(VisitField.start) }.map { localDate($0, timeZone) }
            let dueDate = lastMetDate.map { CivilDate(daysSinceEpoch: $0.daysSinceEpoch + Int32(clamping: every)) } ?? today
            guard dueDate <= today else { continue }
            let open = openFollowUps[household.id] ?? 0
            let location = household.coordinates(HouseholdField.location)
            due.append(
                DueHousehold(
                    household: household, lastVisit: last, lastVisitDate: lastDate, lastMetDate: lastMetDate, dueDate: dueDate,
                    daysOverdue: Int(today.daysSinceEpoch - dueDate.daysSinceEpoch), openFollowUps: open,
                    building: building(of: household),
                    distanceKm: near.flatMap { point in location.map { Geo.kilometres(point, $0) } }))
        }
        let byBuilding = Dictionary(grouping: due, by: \.building)
        let nearest = byBuilding.mapValues { $0.compactMap(\.distanceKm).min() }
        let buildings = byBuilding.keys.sorted { a, b in
            let da = nearest[a]!, db = nearest[b]!
            if let da, let db, da != db { return da < db }
            if (da == nil) != (db == nil) { return da != nil }
            return a.localizedStandardCompare(b) == .orderedAscending
        }
        return buildings.flatMap { name in
            byBuilding[name]!.sorted { ($0.daysOverdue, $1.household.id) > ($1.daysOverdue, $0.household.id) }
        }
    }

    /// The building of a household: its street, number and building letter, in the comune.
    package static func building(of household: Record) -> String {
        [household.text(HouseholdField.street), household.text(HouseholdField.number), household.text(HouseholdField.building)]
            .compactMap { $0 }.joined(separator: " ") + (household.text(HouseholdField.comune).map { ", \($0)" } ?? "")
    }

    package static func localDate(_ millis: Int64, _ timeZone: TimeZone) -> CivilDate {
        let seconds = Double(millis) / 1000 + Double(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(millis) / 1000)))
        return CivilDate(daysSinceEpoch: Int32((seconds / 86_400).rounded(.down)))
    }
}

/// Great-circle distances (haversine, mean Earth radius 6371.0088 km).
package enum Geo {
    package static func kilometres(_ a: (latitude: Double, longitude: Double), _ b: (latitude: Double, longitude: Double)) -> Double {
        let radians = Double.pi / 180
        let dLat = (b.latitude - a.latitude) * radians, dLon = (b.longitude - a.longitude) * radians
        let h = sin(dLat / 2) * sin(dLat / 2) + cos(a.latitude * radians) * cos(b.latitude * radians) * sin(dLon / 2) * sin(dLon / 2)
        return 2 * 6371.0088 * asin(min(1, sqrt(h)))
    }
}

/// What every workflow agrees a visit means.
package enum Visits {
    /// Someone was met: every outcome but "not at home" (a visit with no outcome recorded was a
    /// contact, as street contacts are). Only such a visit restarts a round or counts as reached.
    package static func metSomeone(_ visit: Record) -> Bool {
        visit.code(VisitField.outcome) != Vocabulary.Outcome.notAtHome
    }
}
