import SnodoModel

/// What each record kind is called, from the profile: the words a person reads, while the command
/// line keeps the kinds' names (`household`, `arrears`…) as what is typed. A kind the profile does
/// not define is "scheda di tipo N".
package enum KindNames {
    package static func singular(_ kind: RecordKind, in profile: Profile = .core) -> String {
        guard let spec = profile.spec(kind) else { return tr("scheda di tipo \(kind.rawValue)", en: "record of kind \(kind.rawValue)") }
        return tr(spec.singular, en: spec.englishSingular)
    }

    package static func plural(_ kind: RecordKind, in profile: Profile = .core) -> String {
        guard let spec = profile.spec(kind) else { return tr("schede di tipo \(kind.rawValue)", en: "records of kind \(kind.rawValue)") }
        return tr(spec.plural, en: spec.englishPlural)
    }

    /// With its indefinite article: `un nucleo`, `una persona`, `un'attività di gruppo`.
    package static func withArticle(_ kind: RecordKind, in profile: Profile = .core) -> String {
        guard let spec = profile.spec(kind) else { return tr("una scheda di tipo \(kind.rawValue)", en: "a record of kind \(kind.rawValue)") }
        return tr(spec.withArticle, en: "a " + spec.englishSingular)
    }

    /// The name typed on the command line, or the kind's code.
    package static func typed(_ kind: RecordKind, in profile: Profile = .core) -> String { profile.spec(kind)?.name ?? "#\(kind.rawValue)" }
}

extension FieldSpec {
    /// The field's label in the reader's language.
    package var localizedLabel: String { tr(label, en: english) }
}

extension EnumCase {
    /// The value's label in the reader's language.
    package var localizedLabel: String { tr(label, en: english) }
}
