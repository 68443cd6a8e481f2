extension BuiltInProfiles {
    /// Torino (004): doti kinds of the programme, its budget ("Importo Programmato") and the cap per
    /// personal path, interviews, evictions and their phases with the grace term.
    /// Programme fields added to core kinds take numbers from {1000, 2000, …} by programme, and
    /// added vocabulary values codes from {101, 201, …}, so that programmes never collide.
    static let torino = #"""
        {
          "format": 1,
          "name": "torino",
          "title": {"it": "Torino: doti per i percorsi di inclusione", "en": "Torino: doti for inclusion paths"},
          "extends": "core",
          "budget": {"programmeCents": 1800000, "perPathCents": 150000},
          "vocabularies": [
            {
              "name": "housing",
              "cases": [
                {"code": 501, "name": "atc", "it": "casa popolare ATC", "en": "ATC public housing"}
              ]
            },
            {
              "name": "doti-kinds",
              "cases": [
                {"code": 501, "name": "educational", "it": "accompagnamento educativo", "en": "educational accompaniment"},
                {"code": 502, "name": "financial", "it": "educazione finanziaria", "en": "financial accompaniment"},
                {"code": 503, "name": "deposit", "it": "cauzione", "en": "deposit"},
                {"code": 504, "name": "licence", "it": "licenze e abilitazioni", "en": "licences"}
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
              "name": "interview-kinds",
              "cases": [
                {"code": 1, "name": "first", "it": "primo colloquio", "en": "first interview"},
                {"code": 2, "name": "motivational", "it": "colloquio motivazionale", "en": "motivational interview"},
                {"code": 3, "name": "debts", "it": "verifica delle forme debitorie", "en": "debt review"},
                {"code": 4, "name": "review", "it": "verifica del percorso", "en": "path review"},
                {"code": 5, "name": "closing", "it": "chiusura", "en": "closing"}
              ]
            }
          ],
          "kinds": [
            {
              "code": 501,
              "name": "interview",
              "it": {"one": "colloquio", "many": "colloqui", "article": "un"},
              "en": {"one": "interview", "many": "interviews"},
              "writers": ["tutor"],
              "title": ["kind", "date"],
              "fields": [
                {"number": 10, "name": "subject", "it": "con chi", "en": "with whom", "type": "reference", "required": true},
                {"number": 11, "name": "date", "it": "data", "en": "date", "type": "date", "required": true},
                {"number": 12, "name": "kind", "it": "tipo di colloquio", "en": "kind of interview", "type": "choice", "vocabulary": "interview-kinds",
                   "required": true, "counted": true},
                {"number": 13, "name": "operator", "it": "operatore", "en": "operator", "type": "text"},
                {"number": 14, "name": "note", "it": "nota", "en": "note", "type": "text"}
              ]
            },
            {
              "code": 502,
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
            }
          ]
        }
        """#
}
