extension BuiltInProfiles {
    /// Lodi: custodi sociali in ALER housing (000): arrears and repayment plans, evictions, neighbourhood
    /// tables and citizenship workshops, household budgeting support.
    /// Programme fields added to core kinds take numbers from {1000, 2000, …} by programme, and
    /// added vocabulary values codes from {101, 201, …}, so that programmes never collide.
    static let lodi = #"""
        {
          "format": 1,
          "name": "lodi",
          "title": {"it": "Lodi: custodi sociali nelle case ALER", "en": "Lodi: social caretakers in ALER housing"},
          "extends": "core",
          "vocabularies": [
            {
              "name": "services",
              "cases": [
                {"code": 101, "name": "budgeting-support", "it": "accompagnamento all'economia domestica", "en": "household budgeting support"},
                {"code": 102, "name": "aler-mediation", "it": "mediazione con ALER", "en": "mediation with ALER"}
              ]
            },
            {
              "name": "needs",
              "cases": [
                {"code": 101, "name": "arrears", "it": "morosità", "en": "arrears"}
              ]
            },
            {
              "name": "eviction-phases",
              "cases": [
                {"code": 1, "name": "notice", "it": "intimazione di sfratto", "en": "eviction notice"},
                {"code": 2, "name": "validation", "it": "convalida", "en": "validation hearing"},
                {"code": 3, "name": "grace-term", "it": "termine di grazia", "en": "grace term"},
                {"code": 4, "name": "execution-notice", "it": "preavviso di rilascio", "en": "notice to vacate"},
                {"code": 5, "name": "access", "it": "accesso dell'ufficiale giudiziario", "en": "bailiff's visit"},
                {"code": 6, "name": "executed", "it": "sfratto eseguito", "en": "eviction carried out"},
                {"code": 7, "name": "averted", "it": "sfratto evitato", "en": "eviction averted"}
              ]
            },
            {
              "name": "plan-states",
              "cases": [
                {"code": 1, "name": "proposed", "it": "proposto", "en": "proposed"},
                {"code": 2, "name": "signed", "it": "sottoscritto", "en": "signed"},
                {"code": 3, "name": "kept", "it": "rispettato", "en": "kept"},
                {"code": 4, "name": "broken", "it": "non rispettato", "en": "broken"},
                {"code": 5, "name": "settled", "it": "saldato", "en": "settled"}
              ]
            },
            {
              "name": "activity-kinds",
              "cases": [
                {"code": 1, "name": "neighbourhood-table", "it": "tavolo di quartiere", "en": "neighbourhood table"},
                {"code": 2, "name": "citizenship-workshop", "it": "laboratorio di cittadinanza", "en": "citizenship workshop"},
                {"code": 3, "name": "courtyard-event", "it": "festa di cortile", "en": "courtyard event"}
              ]
            }
          ],
          "kinds": [
            {
              "name": "household",
              "fields": [
                {"number": 1001, "name": "aler-code", "it": "codice utente ALER", "en": "ALER tenant code", "type": "text"},
                {"number": 1002, "name": "budgeting-support", "it": "accompagnamento all'economia domestica", "en": "household budgeting support",
                   "type": "bool"}
              ]
            },
            {
              "code": 101,
              "name": "arrears",
              "it": {"one": "morosità", "many": "morosità", "article": "una"},
              "en": {"one": "arrears", "many": "arrears"},
              "writers": ["caretaker", "tutor"],
              "title": ["household", "owed"],
              "fields": [
                {"number": 10, "name": "household", "it": "nucleo", "en": "household", "type": "reference", "target": "household", "required": true},
                {"number": 11, "name": "owed", "it": "debito verso ALER", "en": "owed to ALER", "type": "cents", "required": true, "counted": true},
                {"number": 12, "name": "since", "it": "dalla data", "en": "since", "type": "date", "required": true},
                {"number": 13, "name": "plan", "it": "piano di rientro", "en": "repayment plan", "type": "choice", "vocabulary": "plan-states",
                   "counted": true},
                {"number": 14, "name": "instalment", "it": "rata mensile", "en": "monthly instalment", "type": "cents"},
                {"number": 15, "name": "plan-start", "it": "inizio del piano", "en": "plan start", "type": "date"},
                {"number": 16, "name": "note", "it": "nota", "en": "note", "type": "text"}
              ]
            },
            {
              "code": 102,
              "name": "eviction",
              "it": {"one": "sfratto", "many": "sfratti", "article": "uno"},
              "en": {"one": "eviction", "many": "evictions"},
              "writers": ["caretaker", "tutor"],
              "title": ["household", "phase"],
              "fields": [
                {"number": 10, "name": "household", "it": "nucleo", "en": "household", "type": "reference", "target": "household", "required": true},
                {"number": 11, "name": "phase", "it": "fase", "en": "phase", "type": "choice", "vocabulary": "eviction-phases", "required": true,
                   "counted": true},
                {"number": 12, "name": "since", "it": "dalla data", "en": "since", "type": "date", "required": true},
                {"number": 13, "name": "hearing", "it": "udienza", "en": "hearing", "type": "date"},
                {"number": 14, "name": "grace-until", "it": "termine di grazia fino al", "en": "grace term until", "type": "date"},
                {"number": 15, "name": "arrears", "it": "morosità dichiarata", "en": "arrears claimed", "type": "cents", "counted": true},
                {"number": 16, "name": "note", "it": "nota", "en": "note", "type": "text"}
              ]
            },
            {
              "code": 103,
              "name": "activity",
              "it": {"one": "attività di gruppo", "many": "attività di gruppo", "article": "un'"},
              "en": {"one": "group activity", "many": "group activities"},
              "writers": ["caretaker", "tutor"],
              "title": ["kind", "date"],
              "fields": [
                {"number": 10, "name": "kind", "it": "tipo di attività", "en": "kind of activity", "type": "choice", "vocabulary": "activity-kinds",
                   "required": true, "counted": true},
                {"number": 11, "name": "date", "it": "data", "en": "date", "type": "date", "required": true},
                {"number": 12, "name": "where", "it": "dove", "en": "where", "type": "text"},
                {"number": 13, "name": "attendance", "it": "presenti", "en": "attendance", "type": "integer", "counted": true},
                {"number": 14, "name": "participants", "it": "partecipanti", "en": "participants", "type": "references", "target": "person"},
                {"number": 15, "name": "note", "it": "nota", "en": "note", "type": "text"}
              ]
            }
          ]
        }
        """#
}
