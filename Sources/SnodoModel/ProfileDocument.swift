/// A programme profile as written in a file (README, "Programme profiles"): JSON, read with
/// `Codable`. A profile names the programme, may extend another (`"extends": "core"`), and lists
/// vocabularies and record kinds. In an extending profile a vocabulary or kind with the name of one
/// it extends adds cases or fields to it; any other is new. Numbers and codes are never reused.
package struct ProfileDocument: Codable, Sendable, Equatable {
    package var format: Int
    package var name: String
    package var title: Words
    package var extends: String?
    package var budget: BudgetFigures?
    package var vocabularies: [VocabularyEntry]?
    package var kinds: [KindEntry]?

    /// A label in Italian and English.
    package struct Words: Codable, Sendable, Equatable {
        package var it: String
        package var en: String
    }

    /// The programme's budget of doti and the cap on one personal path, in cents.
    package struct BudgetFigures: Codable, Sendable, Equatable {
        package var programmeCents: Int64?
        package var perPathCents: Int64?
    }

    package struct VocabularyEntry: Codable, Sendable, Equatable {
        package var name: String
        package var cases: [CaseEntry]
    }

    package struct CaseEntry: Codable, Sendable, Equatable {
        package var code: UInt32
        package var name: String
        package var it: String
        package var en: String
    }

    package struct KindEntry: Codable, Sendable, Equatable {
        package var code: UInt32?
        package var name: String
        package var it: KindWords?
        package var en: KindEnglish?
        package var writers: [String]?
        package var writeOnce: Bool?
        package var title: [String]?
        package var fields: [FieldEntry]
    }

    /// `{"one": "visita", "many": "visite", "article": "una"}`.
    package struct KindWords: Codable, Sendable, Equatable {
        package var one: String
        package var many: String
        package var article: String
    }

    package struct KindEnglish: Codable, Sendable, Equatable {
        package var one: String
        package var many: String
    }

    /// A field: `type` is one of `FieldEntry.types`; `vocabulary` names the cases of a choice,
    /// choices or quantities; `target` the kind a reference points to (any, when absent).
    package struct FieldEntry: Codable, Sendable, Equatable {
        package var number: FieldNumber
        package var name: String
        package var it: String
        package var en: String
        package var type: String
        package var vocabulary: String?
        package var target: String?
        package var required: Bool?
        package var counted: Bool?

        package static let types = [
            "text", "integer", "cents", "date", "timestamp", "coordinates", "bool", "reference", "references", "choice", "choices", "list",
            "quantities",
        ]
    }
}

extension ProfileDocument {
    /// This document with the one it extends folded in: one document that extends nothing.
    func flattened(base: ProfileDocument?) throws(ProfileError) -> ProfileDocument {
        guard let base else { return self }
        var vocabularies = base.vocabularies ?? []
        for entry in self.vocabularies ?? [] {
            if let index = vocabularies.firstIndex(where: { $0.name == entry.name }) {
                vocabularies[index].cases += entry.cases
            } else {
                vocabularies.append(entry)
            }
        }
        var kinds = base.kinds ?? []
        for entry in self.kinds ?? [] {
            if let index = kinds.firstIndex(where: { $0.name == entry.name }) {
                if let code = entry.code, code != kinds[index].code {
                    throw ProfileError(
                        "il tipo '\(entry.name)' ha già il codice \(kinds[index].code ?? 0), non \(code)",
                        en: "kind '\(entry.name)' already has code \(kinds[index].code ?? 0), not \(code)")
                }
                kinds[index].fields += entry.fields
            } else {
                kinds.append(entry)
            }
        }
        var budget = base.budget ?? BudgetFigures()
        if let programme = self.budget?.programmeCents { budget.programmeCents = programme }
        if let perPath = self.budget?.perPathCents { budget.perPathCents = perPath }
        let hasBudget = budget.programmeCents != nil || budget.perPathCents != nil
        return ProfileDocument(
            format: format, name: name, title: title, extends: nil, budget: hasBudget ? budget : nil, vocabularies: vocabularies, kinds: kinds)
    }
}

/// Why a profile cannot be used, in one line: what is wrong and what is accepted.
package struct ProfileError: Error, Equatable, Sendable {
    package let italian: String
    package let english: String

    package init(_ italian: String, en english: String) {
        self.italian = italian
        self.english = english
    }
}
