/// The enumerations of the field, with the Italian labels the operators use. A code is never
/// reused; new cases take new codes.
package enum Vocabulary {
    package static let housing: [EnumCase] = [
        EnumCase(1, "aler", "casa popolare ALER"),
        EnumCase(2, "private-rental", "affitto privato"),
        EnumCase(3, "temporary", "accoglienza temporanea"),
        EnumCase(4, "none", "senza dimora"),
    ]

    package static let housingRisks: [EnumCase] = [
        EnumCase(1, "eviction-notice", "sfratto"),
        EnumCase(2, "rent-arrears", "morosità"),
    ]

    package static let vulnerabilities: [EnumCase] = [
        EnumCase(1, "elderly-alone", "anziano solo"),
        EnumCase(2, "disability", "disabilità"),
        EnumCase(3, "unemployment", "disoccupazione"),
        EnumCase(4, "minors", "minori"),
        EnumCase(5, "psychiatric", "disagio psichico"),
        EnumCase(6, "domestic-violence", "violenza domestica"),
        EnumCase(7, "addiction", "dipendenze"),
        EnumCase(8, "isolation", "isolamento sociale"),
    ]

    package static let planStatus: [EnumCase] = [
        EnumCase(1, "none", "nessun progetto"),
        EnumCase(2, "drafting", "in definizione"),
        EnumCase(3, "active", "attivo"),
        EnumCase(4, "suspended", "sospeso"),
        EnumCase(5, "closed", "concluso"),
    ]

    package static let sex: [EnumCase] = [
        EnumCase(1, "f", "femmina"),
        EnumCase(2, "m", "maschio"),
        EnumCase(3, "other", "altro"),
        EnumCase(4, "unknown", "non noto"),
    ]

    package static let placeKinds: [EnumCase] = [
        EnumCase(1, "station", "stazione"),
        EnumCase(2, "park", "parco"),
        EnumCase(3, "doorway", "portico"),
        EnumCase(4, "squat", "edificio occupato"),
        EnumCase(5, "underpass", "sottopassaggio"),
        EnumCase(6, "camp", "insediamento"),
        EnumCase(7, "other", "altro"),
    ]

    package static let placeStatus: [EnumCase] = [
        EnumCase(1, "active", "attivo"),
        EnumCase(2, "cleared", "sgomberato"),
    ]

    package static let visitKinds: [EnumCase] = [
        EnumCase(1, "home-monitoring", "monitoraggio domiciliare"),
        EnumCase(2, "street-contact", "contatto in strada"),
        EnumCase(3, "night-emergency", "emergenza notturna"),
        EnumCase(4, "phone", "telefonata"),
    ]

    /// The outcome codes the workflows read: only a visit where someone was met (met, refused
    /// at the door, referred) counts as a household or person reached and restarts its round.
    package enum Outcome {
        package static let met: UInt32 = 1
        package static let notAtHome: UInt32 = 2
        package static let refused: UInt32 = 3
        package static let referred: UInt32 = 4
    }

    package static let outcomes: [EnumCase] = [
        EnumCase(Outcome.met, "met", "incontrato"),
        EnumCase(Outcome.notAtHome, "not-at-home", "non in casa"),
        EnumCase(Outcome.refused, "refused", "rifiuto"),
        EnumCase(Outcome.referred, "referred", "inviato ai servizi"),
    ]

    package static let needs: [EnumCase] = [
        EnumCase(1, "food", "cibo"),
        EnumCase(2, "shelter", "riparo"),
        EnumCase(3, "health", "salute"),
        EnumCase(4, "hygiene", "igiene"),
        EnumCase(5, "clothing", "vestiario"),
        EnumCase(6, "documents", "documenti"),
        EnumCase(7, "work", "lavoro"),
        EnumCase(8, "income", "reddito"),
        EnumCase(9, "housing", "casa"),
        EnumCase(10, "mental-health", "salute mentale"),
        EnumCase(11, "addiction", "dipendenze"),
        EnumCase(12, "legal", "assistenza legale"),
        EnumCase(13, "company", "compagnia"),
    ]

    package static let services: [EnumCase] = [
        EnumCase(1, "meal", "pasto"),
        EnumCase(2, "blanket", "coperta"),
        EnumCase(3, "food-parcel", "pacco alimentare"),
        EnumCase(4, "health-referral", "invio sanitario"),
        EnumCase(5, "dormitory-referral", "invio in dormitorio"),
        EnumCase(6, "clothing", "vestiario"),
        EnumCase(7, "hygiene-kit", "kit igiene"),
        EnumCase(8, "hot-drink", "bevanda calda"),
    ]

    package static let ledgerEntryTypes: [EnumCase] = [
        EnumCase(1, "allocation", "assegnazione"),
        EnumCase(2, "expense", "spesa"),
    ]

    package static let dotiKinds: [EnumCase] = [
        EnumCase(1, "rent", "affitto"),
        EnumCase(2, "utilities", "utenze"),
        EnumCase(3, "baby-sitter", "baby-sitter"),
        EnumCase(4, "training", "formazione"),
        EnumCase(5, "work-grant", "borsa lavoro"),
        EnumCase(6, "other", "altro"),
    ]
}
