extension BuiltInProfiles {
    /// Catania (002): the street unit's dynamic map (why a place was cleared, where people moved),
    /// canteen, laundry, shower, mediation, registry residence, night emergency service, housing units
    /// and Housing First placements.
    /// Programme fields added to core kinds take numbers from {1000, 2000, …} by programme, and
    /// added vocabulary values codes from {101, 201, …}, so that programmes never collide.
    static let catania = #"""
        {
          "format": 1,
          "name": "catania",
          "title": {"it": "Catania: unità di strada e mappa dinamica dei luoghi", "en": "Catania: street unit and dynamic map of places"},
          "extends": "core",
          "vocabularies": [
            {
              "name": "housing",
              "cases": [
                {"code": 301, "name": "iacp", "it": "casa popolare IACP", "en": "IACP public housing"}
              ]
            },
            {
              "name": "services",
              "cases": [
                {"code": 301, "name": "canteen", "it": "mensa", "en": "canteen"},
                {"code": 302, "name": "laundry", "it": "lavanderia", "en": "laundry"},
                {"code": 303, "name": "shower", "it": "doccia", "en": "shower"},
                {"code": 304, "name": "mediation", "it": "mediazione interculturale", "en": "intercultural mediation"},
                {"code": 305, "name": "registry-residence", "it": "residenza anagrafica", "en": "registry residence"},
                {"code": 306, "name": "night-emergency-service", "it": "pronto intervento sociale notturno", "en": "night social emergency service"}
              ]
            },
            {
              "name": "clearance-reasons",
              "cases": [
                {"code": 1, "name": "ordinance", "it": "ordinanza sindacale", "en": "mayor's ordinance"},
                {"code": 2, "name": "police", "it": "sgombero delle forze dell'ordine", "en": "police clearance"},
                {"code": 3, "name": "works", "it": "lavori", "en": "works"},
                {"code": 4, "name": "moved-on", "it": "spostamento spontaneo", "en": "moved on"},
                {"code": 5, "name": "other", "it": "altro", "en": "other"}
              ]
            },
            {
              "name": "unit-states",
              "cases": [
                {"code": 1, "name": "vacant", "it": "sfitto", "en": "vacant"},
                {"code": 2, "name": "refurbishing", "it": "in ristrutturazione", "en": "being refurbished"},
                {"code": 3, "name": "assigned", "it": "assegnato", "en": "assigned"}
              ]
            },
            {
              "name": "housing-programmes",
              "cases": [
                {"code": 1, "name": "housing-first", "it": "Housing First", "en": "Housing First"},
                {"code": 2, "name": "housing-led", "it": "Housing Led", "en": "Housing Led"},
                {"code": 3, "name": "emergency", "it": "accoglienza d'emergenza", "en": "emergency shelter"}
              ]
            },
            {
              "name": "placement-states",
              "cases": [
                {"code": 1, "name": "active", "it": "in corso", "en": "active"},
                {"code": 2, "name": "ended", "it": "concluso", "en": "ended"},
                {"code": 3, "name": "left", "it": "abbandonato", "en": "left"}
              ]
            }
          ],
          "kinds": [
            {
              "name": "place",
              "fields": [
                {"number": 3001, "name": "cleared-by", "it": "motivo dello sgombero", "en": "why cleared", "type": "choice",
                   "vocabulary": "clearance-reasons", "counted": true},
                {"number": 3002, "name": "cleared-on", "it": "sgomberato il", "en": "cleared on", "type": "date"},
                {"number": 3003, "name": "moved-to", "it": "spostati verso", "en": "moved to", "type": "reference", "target": "place"}
              ]
            },
            {
              "code": 301,
              "name": "housing-unit",
              "it": {"one": "alloggio", "many": "alloggi", "article": "un"},
              "en": {"one": "housing unit", "many": "housing units"},
              "writers": ["street-unit"],
              "title": ["street", "comune"],
              "fields": [
                {"number": 10, "name": "street", "it": "indirizzo", "en": "address", "type": "text", "required": true},
                {"number": 11, "name": "comune", "it": "comune", "en": "municipality", "type": "text", "required": true},
                {"number": 12, "name": "status", "it": "stato", "en": "status", "type": "choice", "vocabulary": "unit-states", "required": true,
                   "counted": true},
                {"number": 13, "name": "programme", "it": "programma", "en": "programme", "type": "choice", "vocabulary": "housing-programmes",
                   "counted": true},
                {"number": 14, "name": "rooms", "it": "vani", "en": "rooms", "type": "integer"}
              ]
            },
            {
              "code": 302,
              "name": "placement",
              "it": {"one": "inserimento abitativo", "many": "inserimenti abitativi", "article": "un"},
              "en": {"one": "housing placement", "many": "housing placements"},
              "writers": ["street-unit"],
              "title": ["person", "start"],
              "fields": [
                {"number": 10, "name": "person", "it": "persona", "en": "person", "type": "reference", "target": "person", "required": true},
                {"number": 11, "name": "unit", "it": "alloggio", "en": "housing unit", "type": "reference", "target": "housing-unit", "required": true},
                {"number": 12, "name": "start", "it": "inizio", "en": "start", "type": "date", "required": true},
                {"number": 13, "name": "end", "it": "fine", "en": "end", "type": "date"},
                {"number": 14, "name": "status", "it": "stato", "en": "status", "type": "choice", "vocabulary": "placement-states", "required": true,
                   "counted": true}
              ]
            }
          ]
        }
        """#
}
