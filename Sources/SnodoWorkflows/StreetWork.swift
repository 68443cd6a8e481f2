import SnodoModel
import SnodoStore

/// The night street units' map of places (Catania, "Radici"): places by distance, and how many
/// people were seen at each, when.
package enum StreetWork {
    package struct NearbyPlace: Sendable {
        package let place: Record
        package let distanceKm: Double
        package let lastContactMillis: Int64?
    }

    /// Places with coordinates within `radiusKm`, nearest first (ties by name, then id).
    package static func near(_ index: FieldIndex, latitude: Double, longitude: Double, radiusKm: Double) -> [NearbyPlace] {
        index.places.compactMap { place -> NearbyPlace? in
            guard let location = place.coordinates(PlaceField.location) else { return nil }
            let distance = Geo.kilometres((latitude, longitude), location)
            guard distance <= radiusKm else { return nil }
            let last = (index.visitsBySubject[place.id] ?? []).compactMap { $0.timestamp(VisitField.start) }.max()
            return NearbyPlace(place: place, distanceKm: distance, lastContactMillis: last)
        }.sorted { ($0.distanceKm, $0.place.text(PlaceField.name) ?? "", $0.place.id) < ($1.distanceKm, $1.place.text(PlaceField.name) ?? "", $1.place.id) }
    }

    /// Every contact at a place, oldest first: when, and how many people were met.
    package static func history(_ index: FieldIndex, place: RecordID) -> [(millis: Int64, people: Int, visit: Record)] {
        (index.visitsBySubject[place] ?? []).map { visit in
            (visit.timestamp(VisitField.start) ?? 0, visit.elements(VisitField.persons).count, visit)
        }.sorted { ($0.millis, $0.visit.id) < ($1.millis, $1.visit.id) }
    }

    /// Someone met who is not (yet) known by name: the alias they give, an approximate age, sex.
    package struct AnonymousPerson: Sendable, Equatable {
        package var alias: String
        package var approxAge: Int64?
        package var sex: UInt32?
        package init(alias: String, approxAge: Int64?, sex: UInt32?) {
            self.alias = alias
            self.approxAge = approxAge
            self.sex = sex
        }
    }

    /// The edits of one contact at a place: new records for the anonymous people, one street
    /// contact visit with everyone met, and the place's count of people seen.
    package static func contact(
        store: Store, place: RecordID, district: String, known: [RecordID], anonymous: [AnonymousPerson],
        visitFields: [Edit], at millis: Int64
    ) -> (edits: [Edit], visit: RecordID, persons: [RecordID]) {
        var edits: [Edit] = []
        var met = known
        for person in anonymous {
            let id = store.newRecordID()
            edits += [
                .set(id, CommonField.kind, .enumeration(RecordKind.person.rawValue)), .set(id, CommonField.district, .text(district)),
                .set(id, PersonField.alias, .text(person.alias)),
            ]
            if let age = person.approxAge { edits.append(.set(id, PersonField.approxAge, .integer(age))) }
            if let sex = person.sex { edits.append(.set(id, PersonField.sex, .enumeration(sex))) }
            met.append(id)
        }
        let visit = store.newRecordID()
        edits += [
            .set(visit, CommonField.kind, .enumeration(RecordKind.visit.rawValue)), .set(visit, CommonField.district, .text(district)),
            .set(visit, VisitField.subject, .reference(place)), .set(visit, VisitField.start, .timestamp(millis)),
            .set(visit, VisitField.kind, .enumeration(2)),
        ]
        edits += met.map { .setElement(visit, VisitField.persons, element: .reference($0), .bool(true)) }
        edits += visitFields.map { edit in
            switch edit {
            case .set(_, let field, let value): .set(visit, field, value)
            case .setElement(_, let field, let element, let value): .setElement(visit, field, element: element, value)
            }
        }
        edits.append(.set(place, PlaceField.peopleSeen, .integer(Int64(met.count))))
        return (edits, visit, Array(met.suffix(anonymous.count)))
    }
}

/// Two records of the same person (common for people without documents): the duplicate points to
/// the one kept, nothing is deleted, and clearing the pointer undoes the merge, on any replica.
package enum PersonMerge {
    /// The record a person is shown as: follows merged-into pointers (at most a few; cycles stop).
    package static func survivor(of person: RecordID, in index: FieldIndex) -> RecordID {
        var current = person
        var seen: Set<RecordID> = [person]
        while let next = index.byID[current]?.reference(PersonField.mergedInto), seen.insert(next).inserted { current = next }
        return current
    }

    /// Every record shown as `person`: itself and those merged into it.
    package static func aliases(of person: RecordID, in index: FieldIndex) -> [RecordID] {
        index.persons.map(\.id).filter { survivor(of: $0, in: index) == person }
    }

    /// Visits of a person and of every record merged into it.
    package static func visits(of person: RecordID, in index: FieldIndex) -> [Record] {
        let ids = Set(aliases(of: person, in: index))
        return index.visits.filter { visit in
            !Set(visit.elements(VisitField.persons).compactMap { if case .reference(let id) = $0 { id } else { nil } }).isDisjoint(with: ids)
                || visit.reference(VisitField.subject).map(ids.contains) == true
        }.sorted { ($0.timestamp(VisitField.start) ?? 0, $0.id) < ($1.timestamp(VisitField.start) ?? 0, $1.id) }
    }
}
