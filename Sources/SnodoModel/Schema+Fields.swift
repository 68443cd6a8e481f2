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
        FieldSpec(10, "comune", .text, required: true),
        FieldSpec(11, "street", .text, required: true),
        FieldSpec(12, "number", .text),
        FieldSpec(13, "building", .text),
        FieldSpec(14, "stair", .text),
        FieldSpec(15, "floor", .text),
        FieldSpec(16, "flat", .text),
        FieldSpec(17, "housing", .enumeration(Vocabulary.housing)),
        FieldSpec(18, "risks", .set(.enumeration(Vocabulary.housingRisks))),
        FieldSpec(19, "vulnerabilities", .set(.enumeration(Vocabulary.vulnerabilities))),
        FieldSpec(20, "tutor", .text),
        FieldSpec(21, "plan-status", .enumeration(Vocabulary.planStatus)),
        FieldSpec(22, "monitoring-days", .integer),
        FieldSpec(23, "consent-date", .date),
        FieldSpec(24, "notes", .text),
        FieldSpec(25, "plan-goals", .text),
        FieldSpec(26, "location", .coordinates),
    ]

    static let person: [FieldSpec] = [
        FieldSpec(10, "name", .text),
        FieldSpec(11, "alias", .text),
        FieldSpec(12, "birth-year", .integer),
        FieldSpec(13, "sex", .enumeration(Vocabulary.sex)),
        FieldSpec(14, "languages", .set(.text)),
        FieldSpec(15, "household", .reference(.household)),
        FieldSpec(16, "phone", .text),
        FieldSpec(17, "flags", .set(.text)),
        FieldSpec(18, "approx-age", .integer),
        // Set when two records turn out to be the same person: this one is shown under the
        // other, nothing is deleted, and clearing it undoes the merge.
        FieldSpec(19, "merged-into", .reference(.person)),
    ]

    static let place: [FieldSpec] = [
        FieldSpec(10, "name", .text, required: true),
        FieldSpec(11, "description", .text),
        FieldSpec(12, "location", .coordinates),
        FieldSpec(13, "kind", .enumeration(Vocabulary.placeKinds)),
        FieldSpec(14, "status", .enumeration(Vocabulary.placeStatus)),
        FieldSpec(15, "people-seen", .integer),
    ]

    static let visit: [FieldSpec] = [
        FieldSpec(10, "subject", .reference(nil), required: true),
        FieldSpec(11, "team", .text),
        FieldSpec(12, "operators", .set(.text)),
        FieldSpec(13, "start", .timestamp),
        FieldSpec(14, "duration-minutes", .integer),
        FieldSpec(15, "kind", .enumeration(Vocabulary.visitKinds), required: true),
        FieldSpec(16, "outcome", .enumeration(Vocabulary.outcomes), required: true),
        FieldSpec(17, "needs", .set(.enumeration(Vocabulary.needs))),
        FieldSpec(18, "services", .map(Vocabulary.services)),
        FieldSpec(19, "note", .text),
        FieldSpec(20, "persons", .set(.reference(.person))),
    ]

    static let followUp: [FieldSpec] = [
        FieldSpec(10, "what", .text, required: true),
        FieldSpec(11, "subject", .reference(nil)),
        FieldSpec(12, "due", .date),
        FieldSpec(13, "assigned-to", .text),
        FieldSpec(14, "done", .bool),
        FieldSpec(15, "visit", .reference(.visit)),
    ]

    static let ledgerEntry: [FieldSpec] = [
        FieldSpec(10, "household", .reference(.household), required: true),
        FieldSpec(11, "entry", .enumeration(Vocabulary.ledgerEntryTypes), required: true),
        FieldSpec(12, "kind", .enumeration(Vocabulary.dotiKinds), required: true),
        FieldSpec(13, "amount", .cents, required: true),
        FieldSpec(14, "date", .date, required: true),
        FieldSpec(15, "approved-by", .text),
        FieldSpec(16, "note", .text),
    ]
}
