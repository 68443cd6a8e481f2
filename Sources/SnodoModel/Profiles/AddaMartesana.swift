extension BuiltInProfiles {
    /// Adda Martesana (001): multidimensional assessment by multidisciplinary teams, a register of
    /// companies, traineeships with their grants.
    /// Programme fields added to core kinds take numbers from {1000, 2000, …} by programme, and
    /// added vocabulary values codes from {101, 201, …}, so that programmes never collide.
    static let addaMartesana = #"""
        {
          "format": 1,
          "name": "adda-martesana",
          "title": {"it": "Adda Martesana: valutazione multidimensionale e inserimento lavorativo",
             "en": "Adda Martesana: multidimensional assessment and work inclusion"},
          "extends": "core",
          "vocabularies": [
            {
              "name": "doti-kinds",
              "cases": [
                {"code": 201, "name": "traineeship-grant", "it": "indennità di tirocinio", "en": "traineeship grant"}
              ]
            },
            {
              "name": "assessment-domains",
              "cases": [
                {"code": 1, "name": "housing", "it": "abitare", "en": "housing"},
                {"code": 2, "name": "work", "it": "lavoro", "en": "work"},
                {"code": 3, "name": "income", "it": "reddito", "en": "income"},
                {"code": 4, "name": "health", "it": "salute", "en": "health"},
                {"code": 5, "name": "relations", "it": "relazioni", "en": "relations"},
                {"code": 6, "name": "education", "it": "istruzione", "en": "education"},
                {"code": 7, "name": "care", "it": "cura dei familiari", "en": "family care"}
              ]
            },
            {
              "name": "need-levels",
              "cases": [
                {"code": 1, "name": "low", "it": "basso", "en": "low"},
                {"code": 2, "name": "medium", "it": "medio", "en": "medium"},
                {"code": 3, "name": "high", "it": "alto", "en": "high"}
              ]
            },
            {
              "name": "professionals",
              "cases": [
                {"code": 1, "name": "social-worker", "it": "assistente sociale", "en": "social worker"},
                {"code": 2, "name": "educator", "it": "educatore", "en": "educator"},
                {"code": 3, "name": "psychologist", "it": "psicologo", "en": "psychologist"},
                {"code": 4, "name": "job-coach", "it": "operatore per il lavoro", "en": "job coach"},
                {"code": 5, "name": "health-worker", "it": "operatore sanitario", "en": "health worker"}
              ]
            },
            {
              "name": "traineeship-states",
              "cases": [
                {"code": 1, "name": "planned", "it": "previsto", "en": "planned"},
                {"code": 2, "name": "active", "it": "in corso", "en": "active"},
                {"code": 3, "name": "completed", "it": "concluso", "en": "completed"},
                {"code": 4, "name": "interrupted", "it": "interrotto", "en": "interrupted"},
                {"code": 5, "name": "hired", "it": "assunzione", "en": "hired"}
              ]
            }
          ],
          "kinds": [
            {
              "code": 201,
              "name": "assessment",
              "it": {"one": "valutazione multidimensionale", "many": "valutazioni multidimensionali", "article": "una"},
              "en": {"one": "assessment", "many": "assessments"},
              "writers": ["caretaker", "tutor"],
              "title": ["subject", "date"],
              "fields": [
                {"number": 10, "name": "subject", "it": "per chi", "en": "subject", "type": "reference", "required": true},
                {"number": 11, "name": "date", "it": "data", "en": "date", "type": "date", "required": true},
                {"number": 12, "name": "domains", "it": "aree di bisogno", "en": "domains of need", "type": "choices", "vocabulary": "assessment-domains",
                   "counted": true},
                {"number": 13, "name": "level", "it": "livello di bisogno", "en": "level of need", "type": "choice", "vocabulary": "need-levels",
                   "required": true, "counted": true},
                {"number": 14, "name": "team", "it": "équipe multidisciplinare", "en": "multidisciplinary team", "type": "choices",
                   "vocabulary": "professionals"},
                {"number": 15, "name": "plan", "it": "progetto concordato", "en": "agreed plan", "type": "text"}
              ]
            },
            {
              "code": 202,
              "name": "company",
              "it": {"one": "azienda", "many": "aziende", "article": "un'"},
              "en": {"one": "company", "many": "companies"},
              "writers": ["tutor"],
              "title": ["name", "comune"],
              "fields": [
                {"number": 10, "name": "name", "it": "ragione sociale", "en": "company name", "type": "text", "required": true},
                {"number": 11, "name": "comune", "it": "comune", "en": "municipality", "type": "text", "required": true},
                {"number": 12, "name": "sector", "it": "settore", "en": "sector", "type": "text"},
                {"number": 13, "name": "contact", "it": "referente", "en": "contact", "type": "text"},
                {"number": 14, "name": "places", "it": "posti di tirocinio disponibili", "en": "traineeship places", "type": "integer", "counted": true}
              ]
            },
            {
              "code": 203,
              "name": "traineeship",
              "it": {"one": "tirocinio", "many": "tirocini", "article": "un"},
              "en": {"one": "traineeship", "many": "traineeships"},
              "writers": ["tutor"],
              "title": ["person", "company"],
              "fields": [
                {"number": 10, "name": "person", "it": "persona", "en": "person", "type": "reference", "target": "person", "required": true},
                {"number": 11, "name": "company", "it": "azienda", "en": "company", "type": "reference", "target": "company", "required": true},
                {"number": 12, "name": "start", "it": "inizio", "en": "start", "type": "date", "required": true},
                {"number": 13, "name": "end", "it": "fine", "en": "end", "type": "date"},
                {"number": 14, "name": "monthly-grant", "it": "indennità mensile", "en": "monthly grant", "type": "cents", "counted": true},
                {"number": 15, "name": "status", "it": "stato", "en": "status", "type": "choice", "vocabulary": "traineeship-states", "required": true,
                   "counted": true}
              ]
            }
          ]
        }
        """#
}
