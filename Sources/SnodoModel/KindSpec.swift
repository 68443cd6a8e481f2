/// A record kind as a profile defines it: its code and names, who may write it, and its fields
/// (the common `district` and `shared-with` first, then the profile's, in number order).
package struct KindSpec: Sendable, Equatable {
    package let kind: RecordKind
    /// The name typed on the command line (`household`, `arrears`).
    package let name: String
    /// Italian singular, plural and indefinite article (`un nucleo`, `una visita`); English ones.
    package let singular: String
    package let plural: String
    package let article: String
    package let englishSingular: String
    package let englishPlural: String
    /// Roles that may create or change it; a coordinator may write every kind.
    package let writers: Set<TeamRole>
    /// Written once: a correction is a new record (ledger entries, DOMAIN.md).
    package let isWriteOnce: Bool
    /// The fields whose values name a record of this kind in lists and cards, in order.
    package let title: [String]
    package let fields: [FieldSpec]

    package init(
        kind: RecordKind, name: String, singular: String, plural: String, article: String, englishSingular: String, englishPlural: String,
        writers: Set<TeamRole>, isWriteOnce: Bool, title: [String], fields: [FieldSpec]
    ) {
        self.kind = kind
        self.name = name
        self.singular = singular
        self.plural = plural
        self.article = article
        self.englishSingular = englishSingular
        self.englishPlural = englishPlural
        self.writers = writers
        self.isWriteOnce = isWriteOnce
        self.title = title
        self.fields = fields
    }

    package func field(named name: String) -> FieldSpec? { fields.first { $0.name == name } }
    package func field(numbered number: FieldNumber) -> FieldSpec? { fields.first { $0.number == number } }

    package func mayBeWritten(by role: TeamRole) -> Bool { role == .coordinator || writers.contains(role) }

    /// Italian with its article: `un nucleo`, `una visita`, `l'accordo` never (the article is indefinite).
    package var withArticle: String { article.hasSuffix("'") ? article + singular : article + " " + singular }

    /// Fields every kind has, before the profile's own.
    static let common: [FieldSpec] = [
        FieldSpec(CommonField.district, "district", .text, required: true, label: "distretto", english: "district"),
        FieldSpec(CommonField.sharedWith, "shared-with", .set(.text), label: "condiviso con", english: "shared with"),
    ]
}
