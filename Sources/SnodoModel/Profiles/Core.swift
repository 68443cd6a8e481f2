extension BuiltInProfiles {
    /// The core profile: the kinds and fields the workflows rely on (rounds, street contacts,
    /// budgets, follow-ups, the report), with the numbers every store and vector has used since
    /// schema 1. Every other profile extends it. Published as `Protocol/profiles/core.json`.
    static let core = #"""
        {
          "format": 1,
          "name": "core",
          "title": {"it": "Snodo, profilo di base", "en": "Snodo core profile"},
          "vocabularies": [
            {
              "name": "housing",
              "cases": [
                {"code": 1, "name": "aler", "it": "casa popolare ALER", "en": "ALER public housing"},
                {"code": 2, "name": "private-rental", "it": "affitto privato", "en": "private rental"},
                {"code": 3, "name": "temporary", "it": "accoglienza temporanea", "en": "temporary shelter"},
                {"code": 4, "name": "none", "it": "senza dimora", "en": "homeless"}
              ]
            },
            {
              "name": "housing-risks",
              "cases": [
                {"code": 1, "name": "eviction-notice", "it": "sfratto", "en": "eviction notice"},
                {"code": 2, "name": "rent-arrears", "it": "morosità", "en": "rent arrears"}
              ]
            },
            {
              "name": "vulnerabilities",
              "cases": [
                {"code": 1, "name": "elderly-alone", "it": "anziano solo", "en": "elderly living alone"},
                {"code": 2, "name": "disability", "it": "disabilità", "en": "disability"},
                {"code": 3, "name": "unemployment", "it": "disoccupazione", "en": "unemployment"},
                {"code": 4, "name": "minors", "it": "minori", "en": "minors"},
                {"code": 5, "name": "psychiatric", "it": "disagio psichico", "en": "mental distress"},
                {"code": 6, "name": "domestic-violence", "it": "violenza domestica", "en": "domestic violence"},
                {"code": 7, "name": "addiction", "it": "dipendenze", "en": "addiction"},
                {"code": 8, "name": "isolation", "it": "isolamento sociale", "en": "social isolation"}
              ]
            },
            {
              "name": "plan-status",
              "cases": [
                {"code": 1, "name": "none", "it": "nessun progetto", "en": "no plan"},
                {"code": 2, "name": "drafting", "it": "in definizione", "en": "being drafted"},
                {"code": 3, "name": "active", "it": "attivo", "en": "active"},
                {"code": 4, "name": "suspended", "it": "sospeso", "en": "suspended"},
                {"code": 5, "name": "closed", "it": "concluso", "en": "closed"}
              ]
            },
            {
              "name": "sex",
              "cases": [
                {"code": 1, "name": "f", "it": "femmina", "en": "female"},
                {"code": 2, "name": "m", "it": "maschio", "en": "male"},
                {"code": 3, "name": "other", "it": "altro", "en": "other"},
                {"code": 4, "name": "unknown", "it": "non noto", "en": "unknown"}
              ]
            },
            {
              "name": "place-kinds",
              "cases": [
                {"code": 1, "name": "station", "it": "stazione", "en": "station"},
                {"code": 2, "name": "park", "it": "parco", "en": "park"},
                {"code": 3, "name": "doorway", "it": "portico", "en": "doorway"},
                {"code": 4, "name": "squat", "it": "edificio occupato", "en": "occupied building"},
                {"code": 5, "name": "underpass", "it": "sottopassaggio", "en": "underpass"},
                {"code": 6, "name": "camp", "it": "insediamento", "en": "camp"},
                {"code": 7, "name": "other", "it": "altro", "en": "other"}
              ]
            },
            {
              "name": "place-status",
              "cases": [
                {"code": 1, "name": "active", "it": "attivo", "en": "active"},
                {"code": 2, "name": "cleared", "it": "sgomberato", "en": "cleared"}
              ]
            },
            {
              "name": "visit-kinds",
              "cases": [
                {"code": 1, "name": "home-monitoring", "it": "monitoraggio domiciliare", "en": "home monitoring"},
                {"code": 2, "name": "street-contact", "it": "contatto in strada", "en": "street contact"},
                {"code": 3, "name": "night-emergency", "it": "emergenza notturna", "en": "night emergency"},
                {"code": 4, "name": "phone", "it": "telefonata", "en": "phone call"}
              ]
            },
            {
              "name": "outcomes",
              "cases": [
                {"code": 1, "name": "met", "it": "incontrato", "en": "met"},
                {"code": 2, "name": "not-at-home", "it": "non in casa", "en": "not at home"},
                {"code": 3, "name": "refused", "it": "rifiuto", "en": "refused"},
                {"code": 4, "name": "referred", "it": "inviato ai servizi", "en": "referred to services"}
              ]
            },
            {
              "name": "needs",
              "cases": [
                {"code": 1, "name": "food", "it": "cibo", "en": "food"},
                {"code": 2, "name": "shelter", "it": "riparo", "en": "shelter"},
                {"code": 3, "name": "health", "it": "salute", "en": "health"},
                {"code": 4, "name": "hygiene", "it": "igiene", "en": "hygiene"},
                {"code": 5, "name": "clothing", "it": "vestiario", "en": "clothing"},
                {"code": 6, "name": "documents", "it": "documenti", "en": "documents"},
                {"code": 7, "name": "work", "it": "lavoro", "en": "work"},
                {"code": 8, "name": "income", "it": "reddito", "en": "income"},
                {"code": 9, "name": "housing", "it": "casa", "en": "housing"},
                {"code": 10, "name": "mental-health", "it": "salute mentale", "en": "mental health"},
                {"code": 11, "name": "addiction", "it": "dipendenze", "en": "addiction"},
                {"code": 12, "name": "legal", "it": "assistenza legale", "en": "legal aid"},
                {"code": 13, "name": "company", "it": "compagnia", "en": "company"}
              ]
            },
            {
              "name": "services",
              "cases": [
                {"code": 1, "name": "meal", "it": "pasto", "en": "meal"},
                {"code": 2, "name": "blanket", "it": "coperta", "en": "blanket"},
                {"code": 3, "name": "food-parcel", "it": "pacco alimentare", "en": "food parcel"},
                {"code": 4, "name": "health-referral", "it": "invio sanitario", "en": "health referral"},
                {"code": 5, "name": "dormitory-referral", "it": "invio in dormitorio", "en": "dormitory referral"},
                {"code": 6, "name": "clothing", "it": "vestiario", "en": "clothing"},
                {"code": 7, "name": "hygiene-kit", "it": "kit igiene", "en": "hygiene kit"},
                {"code": 8, "name": "hot-drink", "it": "bevanda calda", "en": "hot drink"}
              ]
            },
            {
              "name": "ledger-entries",
              "cases": [
                {"code": 1, "name": "allocation", "it": "assegnazione", "en": "allocation"},
                {"code": 2, "name": "expense", "it": "spesa", "en": "expense"}
              ]
            },
            {
              "name": "doti-kinds",
              "cases": [
                {"code": 1, "name": "rent", "it": "affitto", "en": "rent"},
                {"code": 2, "name": "utilities", "it": "utenze", "en": "utilities"},
                {"code": 3, "name": "baby-sitter", "it": "baby-sitter", "en": "baby-sitter"},
                {"code": 4, "name": "training", "it": "formazione", "en": "training"},
                {"code": 5, "name": "work-grant", "it": "borsa lavoro", "en": "work grant"},
                {"code": 6, "name": "other", "it": "altro", "en": "other"}
              ]
            }
          ],
          "kinds": [
            {
              "code": 1,
              "name": "household",
              "it": {"one": "nucleo", "many": "nuclei", "article": "un"},
              "en": {"one": "household", "many": "households"},
              "writers": ["caretaker", "tutor"],
              "title": ["street", "number", "comune"],
              "fields": [
                {"number": 10, "name": "comune", "it": "comune", "en": "municipality", "type": "text", "required": true},
                {"number": 11, "name": "street", "it": "via", "en": "street", "type": "text", "required": true},
                {"number": 12, "name": "number", "it": "civico", "en": "number", "type": "text"},
                {"number": 13, "name": "building", "it": "edificio", "en": "building", "type": "text"},
                {"number": 14, "name": "stair", "it": "scala", "en": "stair", "type": "text"},
                {"number": 15, "name": "floor", "it": "piano", "en": "floor", "type": "text"},
                {"number": 16, "name": "flat", "it": "interno", "en": "flat", "type": "text"},
                {"number": 17, "name": "housing", "it": "abitazione", "en": "housing", "type": "choice", "vocabulary": "housing"},
                {"number": 18, "name": "risks", "it": "rischi abitativi", "en": "housing risks", "type": "choices", "vocabulary": "housing-risks"},
                {"number": 19, "name": "vulnerabilities", "it": "fragilità", "en": "vulnerabilities", "type": "choices", "vocabulary": "vulnerabilities"},
                {"number": 20, "name": "tutor", "it": "tutor", "en": "tutor", "type": "text"},
                {"number": 21, "name": "plan-status", "it": "stato del progetto", "en": "plan status", "type": "choice", "vocabulary": "plan-status"},
                {"number": 22, "name": "monitoring-days", "it": "giorni tra i passaggi", "en": "days between rounds", "type": "integer"},
                {"number": 23, "name": "consent-date", "it": "data del consenso", "en": "consent date", "type": "date"},
                {"number": 24, "name": "notes", "it": "note", "en": "notes", "type": "text"},
                {"number": 25, "name": "plan-goals", "it": "obiettivi del progetto", "en": "plan goals", "type": "text"},
                {"number": 26, "name": "location", "it": "posizione", "en": "location", "type": "coordinates"}
              ]
            },
            {
              "code": 2,
              "name": "person",
              "it": {"one": "persona", "many": "persone", "article": "una"},
              "en": {"one": "person", "many": "people"},
              "writers": ["caretaker", "street-unit", "tutor"],
              "title": ["name", "alias"],
              "fields": [
                {"number": 10, "name": "name", "it": "nome", "en": "name", "type": "text"},
                {"number": 11, "name": "alias", "it": "soprannome", "en": "alias", "type": "text"},
                {"number": 12, "name": "birth-year", "it": "anno di nascita", "en": "birth year", "type": "integer"},
                {"number": 13, "name": "sex", "it": "sesso", "en": "sex", "type": "choice", "vocabulary": "sex"},
                {"number": 14, "name": "languages", "it": "lingue", "en": "languages", "type": "list"},
                {"number": 15, "name": "household", "it": "nucleo", "en": "household", "type": "reference", "target": "household"},
                {"number": 16, "name": "phone", "it": "telefono", "en": "phone", "type": "text"},
                {"number": 17, "name": "flags", "it": "segnalazioni", "en": "flags", "type": "list"},
                {"number": 18, "name": "approx-age", "it": "età stimata", "en": "approximate age", "type": "integer"},
                {"number": 19, "name": "merged-into", "it": "unita a", "en": "merged into", "type": "reference", "target": "person"}
              ]
            },
            {
              "code": 3,
              "name": "place",
              "it": {"one": "luogo", "many": "luoghi", "article": "un"},
              "en": {"one": "place", "many": "places"},
              "writers": ["street-unit"],
              "title": ["name"],
              "fields": [
                {"number": 10, "name": "name", "it": "nome", "en": "name", "type": "text", "required": true},
                {"number": 11, "name": "description", "it": "descrizione", "en": "description", "type": "text"},
                {"number": 12, "name": "location", "it": "posizione", "en": "location", "type": "coordinates"},
                {"number": 13, "name": "kind", "it": "tipo di luogo", "en": "kind of place", "type": "choice", "vocabulary": "place-kinds"},
                {"number": 14, "name": "status", "it": "stato", "en": "status", "type": "choice", "vocabulary": "place-status"},
                {"number": 15, "name": "people-seen", "it": "persone viste", "en": "people seen", "type": "integer"}
              ]
            },
            {
              "code": 4,
              "name": "visit",
              "it": {"one": "visita", "many": "visite", "article": "una"},
              "en": {"one": "visit", "many": "visits"},
              "writers": ["caretaker", "street-unit", "tutor"],
              "title": ["kind", "start"],
              "fields": [
                {"number": 10, "name": "subject", "it": "chi o dove", "en": "subject", "type": "reference", "required": true},
                {"number": 11, "name": "team", "it": "équipe", "en": "team", "type": "text"},
                {"number": 12, "name": "operators", "it": "operatori", "en": "operators", "type": "list"},
                {"number": 13, "name": "start", "it": "inizio", "en": "start", "type": "timestamp"},
                {"number": 14, "name": "duration-minutes", "it": "durata in minuti", "en": "duration in minutes", "type": "integer"},
                {"number": 15, "name": "kind", "it": "tipo di visita", "en": "kind of visit", "type": "choice", "vocabulary": "visit-kinds",
                   "required": true, "counted": true},
                {"number": 16, "name": "outcome", "it": "esito", "en": "outcome", "type": "choice", "vocabulary": "outcomes", "required": true,
                   "counted": true},
                {"number": 17, "name": "needs", "it": "bisogni", "en": "needs", "type": "choices", "vocabulary": "needs", "counted": true},
                {"number": 18, "name": "services", "it": "servizi erogati", "en": "services given", "type": "quantities", "vocabulary": "services",
                   "counted": true},
                {"number": 19, "name": "note", "it": "nota", "en": "note", "type": "text"},
                {"number": 20, "name": "persons", "it": "persone incontrate", "en": "people met", "type": "references", "target": "person"}
              ]
            },
            {
              "code": 5,
              "name": "followup",
              "it": {"one": "follow-up", "many": "follow-up", "article": "un"},
              "en": {"one": "follow-up", "many": "follow-ups"},
              "writers": ["caretaker", "street-unit", "tutor"],
              "title": ["what"],
              "fields": [
                {"number": 10, "name": "what", "it": "cosa fare", "en": "what to do", "type": "text", "required": true},
                {"number": 11, "name": "subject", "it": "per chi", "en": "subject", "type": "reference"},
                {"number": 12, "name": "due", "it": "scadenza", "en": "due", "type": "date"},
                {"number": 13, "name": "assigned-to", "it": "assegnato a", "en": "assigned to", "type": "text"},
                {"number": 14, "name": "done", "it": "fatto", "en": "done", "type": "bool"},
                {"number": 15, "name": "visit", "it": "visita", "en": "visit", "type": "reference", "target": "visit"}
              ]
            },
            {
              "code": 6,
              "name": "ledger",
              "it": {"one": "voce di bilancio", "many": "voci di bilancio", "article": "una"},
              "en": {"one": "ledger entry", "many": "ledger entries"},
              "writers": ["tutor"],
              "writeOnce": true,
              "title": ["entry", "amount"],
              "fields": [
                {"number": 10, "name": "household", "it": "nucleo", "en": "household", "type": "reference", "target": "household"},
                {"number": 11, "name": "entry", "it": "voce", "en": "entry", "type": "choice", "vocabulary": "ledger-entries", "required": true},
                {"number": 12, "name": "kind", "it": "tipo di dote", "en": "kind of dote", "type": "choice", "vocabulary": "doti-kinds", "required": true},
                {"number": 13, "name": "amount", "it": "importo", "en": "amount", "type": "cents", "required": true},
                {"number": 14, "name": "date", "it": "data", "en": "date", "type": "date", "required": true},
                {"number": 15, "name": "approved-by", "it": "approvato da", "en": "approved by", "type": "text"},
                {"number": 16, "name": "note", "it": "nota", "en": "note", "type": "text"},
                {"number": 17, "name": "team", "it": "équipe", "en": "team", "type": "text"},
                {"number": 18, "name": "person", "it": "persona", "en": "person", "type": "reference", "target": "person"}
              ]
            }
          ]
        }
        """#
}
