import SnodoModel
import SnodoStore

/// The records of a store loaded once and cross-referenced, for the workflow views: visits by
/// subject, follow-ups, ledgers, merged persons. Built per command; the stores a laptop holds
/// (its scope) are small enough to read whole.
package struct FieldIndex {
    package let households: [Record]
    package let persons: [Record]
    package let places: [Record]
    package let visits: [Record]
    package let followUps: [Record]
    package let ledger: [Record]
    /// Records of the kinds the programme's profile adds to the core ones, by kind.
    package let programme: [RecordKind: [Record]]
    package let profile: Profile
    package let visitsBySubject: [RecordID: [Record]]
    /// Every record loaded, by id: built the first time a view asks (Oggi never does).
    package var byID: [RecordID: Record] { lookup.byID }
    private let lookup: RecordLookup

    /// Every record of every kind; or, for a view that needs less, only `kinds` (the others empty)
    /// and, of the visits, only `visitFields`.
    package init(store: Store, kinds: Set<RecordKind>? = nil, visitFields: Set<FieldNumber>? = nil) throws {
        func load(_ kind: RecordKind, fields: Set<FieldNumber>? = nil) throws -> [Record] {
            kinds.map { $0.contains(kind) } ?? true ? try store.records(of: kind, fields: fields) : []
        }
        households = try load(.household)
        persons = try load(.person)
        places = try load(.place)
        visits = try load(.visit, fields: visitFields)
        followUps = try load(.followUp)
        ledger = try load(.ledgerEntry)
        profile = store.profile
        var programme: [RecordKind: [Record]] = [:]
        for spec in store.profile.kinds where !Profile.core.knows(spec.kind) { programme[spec.kind] = try load(spec.kind) }
        self.programme = programme
        var bySubject: [RecordID: [Record]] = [:]
        for visit in visits {
            if case .reference(let subject)? = visit.value(VisitField.subject) { bySubject[subject, default: []].append(visit) }
        }
        visitsBySubject = bySubject
        lookup = RecordLookup([households, persons, places, visits, followUps, ledger] + Array(programme.values))
    }
}

/// The records of an index by id, made once on first use.
private final class RecordLookup {
    private let kinds: [[Record]]
    private(set) lazy var byID: [RecordID: Record] = {
        var all: [RecordID: Record] = Dictionary(minimumCapacity: kinds.reduce(0) { $0 + $1.count })
        for records in kinds {
            for record in records { all[record.id] = record }
        }
        return all
    }()

    init(_ kinds: [[Record]]) { self.kinds = kinds }
}

extension Record {
    package func integer(_ field: FieldNumber) -> Int64? {
        if case .integer(let number)? = value(field) { return number }
        return nil
    }

    package func code(_ field: FieldNumber) -> UInt32? {
        if case .enumeration(let code)? = value(field) { return code }
        return nil
    }

    package func reference(_ field: FieldNumber) -> RecordID? {
        if case .reference(let id)? = value(field) { return id }
        return nil
    }

    package func timestamp(_ field: FieldNumber) -> Int64? {
        if case .timestamp(let millis)? = value(field) { return millis }
        return nil
    }

    package func date(_ field: FieldNumber) -> CivilDate? {
        if case .date(let days)? = value(field) { return CivilDate(daysSinceEpoch: days) }
        return nil
    }

    package func cents(_ field: FieldNumber) -> Int64? {
        if case .cents(let cents)? = value(field) { return cents }
        return nil
    }

    package func coordinates(_ field: FieldNumber) -> (latitude: Double, longitude: Double)? {
        if case .coordinates(let latitude, let longitude)? = value(field) { return (Double(latitude) / 1e7, Double(longitude) / 1e7) }
        return nil
    }
}
