/// Every field number of the schema, named: the one place a number is written. `Schema` builds
/// its field lists from these, and workflows and tests read fields by these names. A number is
/// never reused (SPEC "Schema"; `Protocol/schema.txt` is checked against the schema by a test).
package enum HouseholdField {
    package static let comune: FieldNumber = 10
    package static let street: FieldNumber = 11
    package static let number: FieldNumber = 12
    package static let building: FieldNumber = 13
    package static let stair: FieldNumber = 14
    package static let floor: FieldNumber = 15
    package static let flat: FieldNumber = 16
    package static let housing: FieldNumber = 17
    package static let risks: FieldNumber = 18
    package static let vulnerabilities: FieldNumber = 19
    package static let tutor: FieldNumber = 20
    package static let planStatus: FieldNumber = 21
    package static let monitoringDays: FieldNumber = 22
    package static let consentDate: FieldNumber = 23
    package static let notes: FieldNumber = 24
    package static let planGoals: FieldNumber = 25
    package static let location: FieldNumber = 26
}

package enum PersonField {
    package static let name: FieldNumber = 10
    package static let alias: FieldNumber = 11
    package static let birthYear: FieldNumber = 12
    package static let sex: FieldNumber = 13
    package static let languages: FieldNumber = 14
    package static let household: FieldNumber = 15
    package static let phone: FieldNumber = 16
    package static let flags: FieldNumber = 17
    package static let approxAge: FieldNumber = 18
    package static let mergedInto: FieldNumber = 19
}

package enum PlaceField {
    package static let name: FieldNumber = 10
    package static let description: FieldNumber = 11
    package static let location: FieldNumber = 12
    package static let kind: FieldNumber = 13
    package static let status: FieldNumber = 14
    package static let peopleSeen: FieldNumber = 15
}

package enum VisitField {
    package static let subject: FieldNumber = 10
    package static let team: FieldNumber = 11
    package static let operators: FieldNumber = 12
    package static let start: FieldNumber = 13
    package static let durationMinutes: FieldNumber = 14
    package static let kind: FieldNumber = 15
    package static let outcome: FieldNumber = 16
    package static let needs: FieldNumber = 17
    package static let services: FieldNumber = 18
    package static let note: FieldNumber = 19
    package static let persons: FieldNumber = 20
}

package enum FollowUpField {
    package static let what: FieldNumber = 10
    package static let subject: FieldNumber = 11
    package static let due: FieldNumber = 12
    package static let assignedTo: FieldNumber = 13
    package static let done: FieldNumber = 14
    package static let visit: FieldNumber = 15
}

package enum LedgerField {
    package static let household: FieldNumber = 10
    package static let entry: FieldNumber = 11
    package static let kind: FieldNumber = 12
    package static let amount: FieldNumber = 13
    package static let date: FieldNumber = 14
    package static let approvedBy: FieldNumber = 15
    package static let note: FieldNumber = 16
    /// The team that wrote the entry, so the report puts doti under the team that manages them.
    package static let team: FieldNumber = 17
    /// The person a dote is for, when it is for one person rather than a household (Torino: young
    /// people and individuals without a household of their own).
    package static let person: FieldNumber = 18
}
