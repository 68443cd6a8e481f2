extension Profile {
    /// Why replicas holding this profile could not take `next`, nil when they can: every kind keeps
    /// its code and name, every field its number, name and type, every vocabulary value its code
    /// and name. Adding kinds, fields and values, and changing labels, is what a change may do: a
    /// number or code never changes meaning, so no replica ever reads a cell as something else.
    package func refusal(of next: Profile) -> ProfileError? {
        for old in kinds {
            guard let new = next.spec(old.kind), new.name == old.name else {
                return ProfileError(
                    "il nuovo profilo toglie o rinomina il tipo '\(old.name)' (codice \(old.kind.rawValue)): tipi e codici restano per sempre",
                    en: "the new profile removes or renames kind '\(old.name)' (code \(old.kind.rawValue)): kinds and codes stay for good")
            }
            for field in old.fields {
                if let refusal = Profile.refusal(of: field, in: old.name, changedTo: new.field(numbered: field.number)) { return refusal }
            }
        }
        return nil
    }

    private static func refusal(of old: FieldSpec, in kind: String, changedTo new: FieldSpec?) -> ProfileError? {
        guard let new, new.name == old.name, new.type.shape == old.type.shape else {
            return ProfileError(
                "il nuovo profilo toglie, rinomina o cambia di tipo il campo '\(kind).\(old.name)' (numero \(old.number)): "
                    + "un numero non cambia mai significato",
                en: "the new profile removes, renames or retypes field '\(kind).\(old.name)' (number \(old.number)): a number never changes meaning")
        }
        for value in old.type.cases where !new.type.cases.contains(where: { $0.code == value.code && $0.name == value.name }) {
            return ProfileError(
                "il nuovo profilo toglie o cambia la voce '\(value.name)' (codice \(value.code)) di '\(kind).\(old.name)'",
                en: "the new profile removes or changes value '\(value.name)' (code \(value.code)) of '\(kind).\(old.name)'")
        }
        return nil
    }
}

extension FieldType {
    /// The type without its vocabulary: what must never change for a field number.
    package var shape: String {
        switch self {
        case .text: "text"
        case .integer: "integer"
        case .cents: "cents"
        case .date: "date"
        case .timestamp: "timestamp"
        case .coordinates: "coordinates"
        case .bool: "bool"
        case .reference(let kind): "reference(\(kind.map { String($0.rawValue) } ?? "any"))"
        case .enumeration: "enumeration"
        case .set(let element): "set(\(element.shape))"
        case .map: "map"
        }
    }
}
