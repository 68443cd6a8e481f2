extension BuiltInProfiles {
    /// Cremona (003): generative pacts and community workshops.
    /// Programme fields added to core kinds take numbers from {1000, 2000, …} by programme, and
    /// added vocabulary values codes from {101, 201, …}, so that programmes never collide.
    static let cremona = #"""
        {
          "format": 1,
          "name": "cremona",
          "title": {"it": "Cremona: patti generativi e laboratori di comunità", "en": "Cremona: generative pacts and community workshops"},
          "extends": "core",
          "vocabularies": [
            {
              "name": "commitments",
              "cases": [
                {"code": 1, "name": "volunteering", "it": "volontariato", "en": "volunteering"},
                {"code": 2, "name": "training", "it": "formazione", "en": "training"},
                {"code": 3, "name": "common-spaces", "it": "cura degli spazi comuni", "en": "care of common spaces"},
                {"code": 4, "name": "mutual-help", "it": "aiuto tra vicini", "en": "help between neighbours"},
                {"code": 5, "name": "workshop", "it": "conduzione di un laboratorio", "en": "running a workshop"}
              ]
            },
            {
              "name": "pact-states",
              "cases": [
                {"code": 1, "name": "active", "it": "attivo", "en": "active"},
                {"code": 2, "name": "completed", "it": "concluso", "en": "completed"},
                {"code": 3, "name": "interrupted", "it": "interrotto", "en": "interrupted"}
              ]
            },
            {
              "name": "workshop-themes",
              "cases": [
                {"code": 1, "name": "crafts", "it": "manualità", "en": "crafts"},
                {"code": 2, "name": "cooking", "it": "cucina", "en": "cooking"},
                {"code": 3, "name": "digital", "it": "competenze digitali", "en": "digital skills"},
                {"code": 4, "name": "language", "it": "lingua italiana", "en": "Italian language"},
                {"code": 5, "name": "gardening", "it": "orto", "en": "gardening"}
              ]
            }
          ],
          "kinds": [
            {
              "code": 401,
              "name": "pact",
              "it": {"one": "patto generativo", "many": "patti generativi", "article": "un"},
              "en": {"one": "generative pact", "many": "generative pacts"},
              "writers": ["caretaker", "tutor"],
              "title": ["subject", "signed"],
              "fields": [
                {"number": 10, "name": "subject", "it": "beneficiario", "en": "beneficiary", "type": "reference", "required": true},
                {"number": 11, "name": "signed", "it": "sottoscritto il", "en": "signed on", "type": "date", "required": true},
                {"number": 12, "name": "commitments", "it": "impegni", "en": "commitments", "type": "choices", "vocabulary": "commitments",
                   "counted": true},
                {"number": 13, "name": "hours", "it": "ore restituite", "en": "hours given back", "type": "integer", "counted": true},
                {"number": 14, "name": "status", "it": "stato", "en": "status", "type": "choice", "vocabulary": "pact-states", "required": true,
                   "counted": true},
                {"number": 15, "name": "support", "it": "sostegno ricevuto", "en": "support received", "type": "cents", "counted": true}
              ]
            },
            {
              "code": 402,
              "name": "workshop",
              "it": {"one": "laboratorio di comunità", "many": "laboratori di comunità", "article": "un"},
              "en": {"one": "community workshop", "many": "community workshops"},
              "writers": ["caretaker", "tutor"],
              "title": ["theme", "date"],
              "fields": [
                {"number": 10, "name": "theme", "it": "tema", "en": "theme", "type": "choice", "vocabulary": "workshop-themes", "required": true,
                   "counted": true},
                {"number": 11, "name": "date", "it": "data", "en": "date", "type": "date", "required": true},
                {"number": 12, "name": "where", "it": "dove", "en": "where", "type": "text"},
                {"number": 13, "name": "attendance", "it": "presenti", "en": "attendance", "type": "integer", "counted": true},
                {"number": 14, "name": "participants", "it": "partecipanti", "en": "participants", "type": "references", "target": "person"}
              ]
            }
          ]
        }
        """#
}
