/// The fields of every record kind, with their stable numbers. A number is never reused: a field
/// that is retired keeps its number, and new fields take new numbers.
extension RecordKind {
    package var fields: [FieldSpec] { Schema.fields(of: self) }

    package func field(named name: String) -> FieldSpec? { fields.first { $0.name == name } }
    package func field(numbered number: FieldNumber) -> FieldSpec? { fields.first { $0.number == number } }
}

package enum Schema {
    /// Bumped when a field or a kind is added; a replica keeps cells of fields it does not know.
    package static let version: UInt32 = 1

    static let common: [FieldSpec] = [
        FieldSpec(CommonField.district, "district", .text, required: true),
        FieldSpec(CommonField.sharedWith, "shared-with", .set(.text)),
    ]

    package static func fields(of kind: RecordKind) -> [FieldSpec] {
        switch kind {
        case .household: common + household
        case .person: common + person
        case .place: common + place
        case .visit: common + visit
        case .followUp: common + followUp
        case .ledgerEntry: common + ledgerEntry
        }
    }

    static let household: [FieldSpec] = [
        FieldSpec(HouseholdField.comune, "comune", .text, required: true),
        FieldSpec(HouseholdField.street, "street", .text, required: true),
        FieldSpec(HouseholdField.number, "number", .text),
        FieldSpec(HouseholdField.building, "building", .text),
        FieldSpec(HouseholdField.stair, "stair", .text),
        FieldSpec(HouseholdField.floor, "floor", .text),
        FieldSpec(HouseholdField.flat, "flat", .text),
        FieldSpec(HouseholdField.housing, "housing", .enumeration(Vocabulary.housing)),
        FieldSpec(HouseholdField.risks, "risks", .set(.enumeration(Vocabulary.housingRisks))),
        FieldSpec(HouseholdField.vulnerabilities, "vulnerabilities", .set(.enumeration(Vocabulary.vulnerabilities))),
        FieldSpec(HouseholdField.tutor, "tutor", .text),
        FieldSpec(HouseholdField.planStatus, "plan-status", .enumeration(Vocabulary.planStatus)),
        FieldSpec(HouseholdField.monitoringDays, "monitoring-days", .integer),
        FieldSpec(HouseholdField.consentDate, "consent-date", .date),
        FieldSpec(HouseholdField.notes, "notes", .text),
        FieldSpec(HouseholdField.planGoals, "plan-goals", .text),
        FieldSpec(HouseholdField.location, "location", .coordinates),
    ]

    static let person: [FieldSpec] = [
        FieldSpec(PersonField.name, "name", .text),
        FieldSpec(PersonField.alias, "alias", .text),
        FieldSpec(PersonField.birthYear, "birth-year", .integer),
        FieldSpec(PersonField.sex, "sex", .enumeration(Vocabulary.sex)),
        FieldSpec(PersonField.languages, "languages", .set(.text)),
        FieldSpec(PersonField.household, "household", .reference(.household)),
        FieldSpec(PersonField.phone, "phone", .text),
        FieldSpec(PersonField.flags, "flags", .set(.text)),
        FieldSpec(PersonField.approxAge, "approx-age", .integer),
        // Set when two records turn out to be the same person: this one is shown under the
        // other, nothing is deleted, and clearing it undoes the merge.
        FieldSpec(PersonField.mergedInto, "merged-into", .reference(.person)),
    ]

    static let place: [FieldSpec] = [
        FieldSpec(PlaceField.name, "name", .text, required: true),
        FieldSpec(PlaceField.description, "description", .text),
        FieldSpec(PlaceField.location, "location", .coordinates),
        FieldSpec(PlaceField.kind, "kind", .enumeration(Vocabulary.placeKinds)),
        FieldSpec(PlaceField.status, "status", .enumeration(Vocabulary.placeStatus)),
        FieldSpec(PlaceField.peopleSeen, "people-seen", .integer),
    ]

    static let visit: [FieldSpec] = [
        FieldSpec(VisitField.subject, "subject", .reference(nil), required: true),
        FieldSpec(VisitField.team, "team", .text),
        FieldSpec(VisitField.operators, "operators", .set(.text)),
        FieldSpec(VisitField.start, "start", .timestamp),
        FieldSpec(VisitField.durationMinutes, "duration-minutes", .integer),
        FieldSpec(VisitField.kind, "kind", .enumeration(Vocabulary.visitKinds), required: true),
        FieldSpec(VisitField.outcome, "outcome", .enumeration(Vocabulary.outcomes), required: true),
        FieldSpec(VisitField.needs, "needs", .set(.enumeration(Vocabulary.needs))),
        FieldSpec(VisitField.services, "services", .map(Vocabulary.services)),
        FieldSpec(VisitField.note, "note", .text),
        FieldSpec(VisitField.persons, "persons", .set(.reference(.person))),
    ]

    static let followUp: [FieldSpec] = [
        FieldSpec(FollowUpField.what, "what", .text, required: true),
        FieldSpec(FollowUpField.subject, "subject", .reference(nil)),
        FieldSpec(FollowUpField.due, "due", .date),
        FieldSpec(FollowUpField.assignedTo, "assigned-to", .text),
        FieldSpec(FollowUpField.done, "done", .bool),
        FieldSpec(FollowUpField.visit, "visit", .reference(.visit)),
    ]

    static let ledgerEntry: [FieldSpec] = [
        // A dote is for a household or for one person: one of the two is given (`snodo ledger add`).
        FieldSpec(LedgerField.household, "household", .reference(.household)),
        FieldSpec(LedgerField.entry, "entry", .enumeration(Vocabulary.ledgerEntryTypes), required: true),
        FieldSpec(LedgerField.kind, "kind", .enumeration(Vocabulary.dotiKinds), required: true),
        FieldSpec(LedgerField.amount, "amount", .cents, required: true),
        FieldSpec(LedgerField.date, "date", .date, required: true),
        FieldSpec(LedgerField.approvedBy, "approved-by", .text),
        FieldSpec(LedgerField.note, "note", .text),
        FieldSpec(LedgerField.team, "team", .text),
        FieldSpec(LedgerField.person, "person", .reference(.person)),
    ]
}
