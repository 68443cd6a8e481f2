/// Builds the kinds of a flattened profile document, checking each rule on the way: the first
/// broken one is the error, named by kind and field, with what is accepted.
struct ProfileBuilder {
    let document: ProfileDocument

    /// Names a profile may not give a kind (they are `snodo` commands) or a field (they are options
    /// every record command takes).
    static let reservedKindNames: Set<String> = [
        "init", "enroll", "sync", "status", "show", "history", "conflicts", "report", "demo", "erase", "round", "due", "app", "profile", "help",
    ]
    static let reservedFieldNames: Set<String> = ["district", "shared-with", "clear", "delete", "restore", "json", "store", "help", "kind-code"]

    func kinds() throws(ProfileError) -> [KindSpec] {
        let vocabularies = try self.vocabularies()
        let entries = document.kinds ?? []
        var codes = Set<UInt32>(), names = Set<String>()
        for entry in entries {
            try Profile.checkName(entry.name, what: ("il nome di tipo", "the kind name"))
            guard let code = entry.code, code >= 1, code < 1 << 31 else {
                throw ProfileError(
                    "il tipo '\(entry.name)' non ha un codice tra 1 e 2147483647", en: "kind '\(entry.name)' has no code between 1 and 2147483647")
            }
            guard !Self.reservedKindNames.contains(entry.name), names.insert(entry.name).inserted, codes.insert(code).inserted else {
                throw ProfileError(
                    "il tipo '\(entry.name)' (codice \(code)) ripete un nome o un codice, o usa il nome di un comando",
                    en: "kind '\(entry.name)' (code \(code)) repeats a name or a code, or takes a command's name")
            }
        }
        var kinds: [KindSpec] = []
        for entry in entries { kinds.append(try kind(entry, vocabularies: vocabularies, kindNames: names)) }
        return kinds
    }

    private func vocabularies() throws(ProfileError) -> [String: [EnumCase]] {
        var result: [String: [EnumCase]] = [:]
        for vocabulary in document.vocabularies ?? [] {
            try Profile.checkName(vocabulary.name, what: ("il nome di vocabolario", "the vocabulary name"))
            var codes = Set<UInt32>(), names = Set<String>()
            for entry in vocabulary.cases {
                try Profile.checkName(entry.name, what: ("la voce", "the value"))
                guard entry.code >= 1, codes.insert(entry.code).inserted, names.insert(entry.name).inserted else {
                    throw ProfileError(
                        "il vocabolario '\(vocabulary.name)' ripete la voce '\(entry.name)' o il codice \(entry.code) (codici da 1, mai riusati)",
                        en: "vocabulary '\(vocabulary.name)' repeats value '\(entry.name)' or code \(entry.code) (codes from 1, never reused)")
                }
            }
            result[vocabulary.name] = vocabulary.cases.map { EnumCase($0.code, $0.name, $0.it, english: $0.en) }
        }
        return result
    }

    private func kind(_ entry: ProfileDocument.KindEntry, vocabularies: [String: [EnumCase]], kindNames: Set<String>) throws(ProfileError) -> KindSpec {
        var writers = Set<TeamRole>()
        for name in entry.writers ?? [] {
            guard let role = TeamRole(rawValue: name) else {
                throw ProfileError(
                    "il tipo '\(entry.name)': ruolo '\(name)' sconosciuto (accettati: \(TeamRole.allCases.map(\.rawValue).joined(separator: ", ")))",
                    en: "kind '\(entry.name)': unknown role '\(name)' (accepted: \(TeamRole.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            writers.insert(role)
        }
        var fields: [FieldSpec] = []
        for field in entry.fields {
            fields.append(try self.field(field, of: entry.name, vocabularies: vocabularies, kindNames: kindNames))
            guard Set(fields.map(\.number)).count == fields.count, Set(fields.map(\.name)).count == fields.count else {
                throw ProfileError(
                    "il tipo '\(entry.name)' ripete il campo '\(field.name)' o il numero \(field.number)",
                    en: "kind '\(entry.name)' repeats field '\(field.name)' or number \(field.number)")
            }
        }
        for name in entry.title ?? [] where !fields.contains(where: { $0.name == name }) {
            throw ProfileError(
                "il tipo '\(entry.name)': il titolo nomina '\(name)', che non è un suo campo",
                en: "kind '\(entry.name)': title names '\(name)', not one of its fields")
        }
        let words = entry.it ?? ProfileDocument.KindWords(one: entry.name, many: entry.name, article: "un")
        let english = entry.en ?? ProfileDocument.KindEnglish(one: entry.name, many: entry.name)
        return KindSpec(
            kind: RecordKind(rawValue: entry.code ?? 0), name: entry.name, singular: words.one, plural: words.many, article: words.article,
            englishSingular: english.one, englishPlural: english.many, writers: writers, isWriteOnce: entry.writeOnce ?? false,
            title: entry.title ?? [], fields: KindSpec.common + fields.sorted { $0.number < $1.number })
    }

    private func field(
        _ entry: ProfileDocument.FieldEntry, of kind: String, vocabularies: [String: [EnumCase]], kindNames: Set<String>
    ) throws(ProfileError) -> FieldSpec {
        try Profile.checkName(entry.name, what: ("il nome di campo", "the field name"))
        guard entry.number >= CommonField.firstProfileField, !Self.reservedFieldNames.contains(entry.name) else {
            throw ProfileError(
                "il campo '\(kind).\(entry.name)': numeri da 10 (sotto sono dei campi comuni) e nomi diversi da "
                    + Self.reservedFieldNames.sorted().joined(separator: ", "),
                en: "field '\(kind).\(entry.name)': numbers from 10 (those below are the common fields') and names other than "
                    + Self.reservedFieldNames.sorted().joined(separator: ", "))
        }
        let type = try self.type(entry, of: kind, vocabularies: vocabularies, kindNames: kindNames)
        return FieldSpec(
            entry.number, entry.name, type, required: entry.required ?? false, label: entry.it, english: entry.en, counted: entry.counted ?? false)
    }

    private func type(
        _ entry: ProfileDocument.FieldEntry, of kind: String, vocabularies: [String: [EnumCase]], kindNames: Set<String>
    ) throws(ProfileError) -> FieldType {
        func cases() throws(ProfileError) -> [EnumCase] {
            guard let name = entry.vocabulary, let cases = vocabularies[name] else {
                throw ProfileError(
                    "il campo '\(kind).\(entry.name)' di tipo \(entry.type) nomina un vocabolario che non c'è: '\(entry.vocabulary ?? "")'",
                    en: "field '\(kind).\(entry.name)' of type \(entry.type) names no existing vocabulary: '\(entry.vocabulary ?? "")'")
            }
            return cases
        }
        func target() throws(ProfileError) -> RecordKind? {
            guard let name = entry.target else { return nil }
            guard kindNames.contains(name), let code = document.kinds?.first(where: { $0.name == name })?.code else {
                throw ProfileError(
                    "il campo '\(kind).\(entry.name)' rimanda al tipo '\(name)', che il profilo non ha",
                    en: "field '\(kind).\(entry.name)' refers to kind '\(name)', which the profile lacks")
            }
            return RecordKind(rawValue: code)
        }
        switch entry.type {
        case "text": return .text
        case "integer": return .integer
        case "cents": return .cents
        case "date": return .date
        case "timestamp": return .timestamp
        case "coordinates": return .coordinates
        case "bool": return .bool
        case "reference": return .reference(try target())
        case "references": return .set(.reference(try target()))
        case "choice": return .enumeration(try cases())
        case "choices": return .set(.enumeration(try cases()))
        case "list": return .set(.text)
        case "quantities": return .map(try cases())
        default:
            throw ProfileError(
                "il campo '\(kind).\(entry.name)' ha tipo '\(entry.type)' (accettati: \(ProfileDocument.FieldEntry.types.joined(separator: ", ")))",
                en: "field '\(kind).\(entry.name)' has type '\(entry.type)' (accepted: \(ProfileDocument.FieldEntry.types.joined(separator: ", ")))")
        }
    }
}
