/// A programme's profile, resolved: every record kind it defines with its fields and vocabularies.
/// The store holds one, the relay distributes it, and every command, form and report reads its
/// kinds from it. A replica keeps and relays cells of kinds and fields its profile does not know.
package struct Profile: Sendable, Equatable {
    /// `core`, `lodi`, `catania`…
    package let name: String
    package let title: String
    package let englishTitle: String
    /// The relay's revision of it, raised each time the relay takes a changed profile; 0 for one
    /// that no relay gave (a built-in chosen with `snodo init`).
    package let revision: UInt64
    package let kinds: [KindSpec]
    /// Programme figures: the budget of doti in cents and the cap per personal path, when set.
    package let budget: Budget
    /// The profile as one document that extends nothing: what a store keeps and a relay sends.
    package let document: ProfileDocument

    package struct Budget: Sendable, Equatable {
        package var programmeCents: Int64?
        package var perPathCents: Int64?

        package init(programmeCents: Int64? = nil, perPathCents: Int64? = nil) {
            self.programmeCents = programmeCents
            self.perPathCents = perPathCents
        }
    }

    init(name: String, title: String, englishTitle: String, revision: UInt64, kinds: [KindSpec], budget: Budget, document: ProfileDocument) {
        self.name = name
        self.title = title
        self.englishTitle = englishTitle
        self.revision = revision
        self.kinds = kinds.sorted { $0.kind < $1.kind }
        self.budget = budget
        self.document = document
    }

    package func spec(_ kind: RecordKind?) -> KindSpec? {
        guard let kind else { return nil }
        return kinds.first { $0.kind == kind }
    }

    package func spec(named name: String) -> KindSpec? { kinds.first { $0.name == name } }

    /// A core kind's spec: every profile has the core kinds (`Profile.init(document:)` checks it).
    package func core(_ kind: RecordKind) -> KindSpec {
        guard let spec = spec(kind) else { preconditionFailure("profile \(name) lacks core kind \(kind.rawValue)") }
        return spec
    }

    package func knows(_ kind: RecordKind) -> Bool { spec(kind) != nil }

    package func fields(of kind: RecordKind?) -> [FieldSpec] { spec(kind)?.fields ?? [] }

    package func field(_ number: FieldNumber, of kind: RecordKind?) -> FieldSpec? { spec(kind)?.field(numbered: number) }

    /// The type of a core field: the workflows read core fields by number, the labels come from here.
    package func type(_ number: FieldNumber, of kind: RecordKind) -> FieldType? { field(number, of: kind)?.type }

    /// Whether `role` may create or change records of `kind`; a kind the profile does not define
    /// nobody may write (the relay could not judge it, [REJ-1]).
    package func mayWrite(_ role: TeamRole, _ kind: RecordKind) -> Bool { spec(kind)?.mayBeWritten(by: role) ?? false }

    /// The revision a relay gives a profile it takes: above the current one and never below the
    /// relay's wall clock in seconds, so that a relay restored from an older copy, or set up again,
    /// never gives out a revision a laptop already holds with other contents ([PROF-2]).
    package static func nextRevision(after current: UInt64, wallMillis: Int64) -> UInt64 {
        max(current + 1, UInt64(max(0, wallMillis / 1000)))
    }

    /// The same profile as given by a relay at `revision`.
    package func at(revision: UInt64) -> Profile {
        Profile(name: name, title: title, englishTitle: englishTitle, revision: revision, kinds: kinds, budget: budget, document: document)
    }
}
