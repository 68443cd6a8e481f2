import SnodoModel

/// What each record kind is called in Italian: the words a person reads, while the command line
/// keeps the kinds' names (`household`, `person`…) as what is typed.
package enum KindNames {
    package static func singular(_ kind: RecordKind) -> String {
        switch kind {
        case .household: "nucleo"
        case .person: "persona"
        case .place: "luogo"
        case .visit: "visita"
        case .followUp: "follow-up"
        case .ledgerEntry: "voce di bilancio"
        }
    }

    package static func plural(_ kind: RecordKind) -> String {
        switch kind {
        case .household: "nuclei"
        case .person: "persone"
        case .place: "luoghi"
        case .visit: "visite"
        case .followUp: "follow-up"
        case .ledgerEntry: "voci di bilancio"
        }
    }

    /// With its indefinite article: `un nucleo`, `una persona`.
    package static func withArticle(_ kind: RecordKind) -> String {
        switch kind {
        case .person, .visit, .ledgerEntry: "una " + singular(kind)
        case .household, .place, .followUp: "un " + singular(kind)
        }
    }
}
