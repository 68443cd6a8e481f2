import Foundation
import Testing
import SnodoModel

/// Programme profiles as data: the built-ins read, extend the core profile without changing it,
/// are published in `Protocol/profiles/` exactly as the binaries carry them, and every rule a
/// profile file must keep is refused with one line that names it.
@Suite struct ProfileTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Protocol/profiles")

    @Test(arguments: BuiltInProfiles.names)
    func theBuiltInProfileReadsAndIsPublished(name: String) throws {
        let text = try #require(BuiltInProfiles.text(named: name))
        let path = Self.folder.appendingPathComponent(name + ".json").path
        if ProcessInfo.processInfo.environment["SNODO_WRITE_VECTORS"] == "1" { try (text + "\n").write(toFile: path, atomically: true, encoding: .utf8) }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == text + "\n", "Protocol/profiles/\(name).json differs from the built-in profile")
        let profile = try Profile.read(json: text)
        #expect(profile.name == name)
        // Every programme keeps the core kinds and fields as they are.
        #expect(Profile.core.refusal(of: profile) == nil)
        #expect(Profile.core.kinds.allSatisfy { profile.knows($0.kind) })
    }

    @Test(arguments: BuiltInProfiles.names.filter { $0 != "core" })
    func aProgrammeAddsKindsOrFieldsOfItsOwn(name: String) throws {
        let profile = try #require(try Profile.builtIn(name))
        let added = profile.kinds.filter { !Profile.core.knows($0.kind) }
        let extraFields = profile.kinds.reduce(0) { $0 + $1.fields.count } - Profile.core.kinds.reduce(0) { $0 + $1.fields.count }
        #expect(!added.isEmpty)
        #expect(extraFields > 0)
        for kind in added {
            #expect(kind.singular != kind.name && kind.englishSingular != kind.singular, "\(name).\(kind.name) has no Italian or English name")
            #expect(kind.fields.allSatisfy { !$0.label.isEmpty && !$0.english.isEmpty })
        }
    }

    /// The codes the workflows read by name are those the core profile defines.
    @Test func theNamedCodesAreTheCoreProfiles() throws {
        func code(_ field: FieldNumber, _ kind: RecordKind, _ name: String) -> UInt32? {
            Profile.core.type(field, of: kind)?.cases.first { $0.name == name }?.code
        }
        #expect(code(VisitField.outcome, .visit, "met") == Vocabulary.Outcome.met)
        #expect(code(VisitField.outcome, .visit, "not-at-home") == Vocabulary.Outcome.notAtHome)
        #expect(code(VisitField.outcome, .visit, "refused") == Vocabulary.Outcome.refused)
        #expect(code(VisitField.outcome, .visit, "referred") == Vocabulary.Outcome.referred)
        #expect(code(LedgerField.entry, .ledgerEntry, "allocation") == Vocabulary.LedgerEntry.allocation)
        #expect(code(LedgerField.entry, .ledgerEntry, "expense") == Vocabulary.LedgerEntry.expense)
        #expect(code(VisitField.kind, .visit, "home-monitoring") == Vocabulary.VisitKind.homeMonitoring)
        #expect(code(VisitField.kind, .visit, "street-contact") == Vocabulary.VisitKind.streetContact)
        #expect(code(PlaceField.status, .place, "cleared") == Vocabulary.PlaceStatus.cleared)
        #expect(Profile.core.spec(named: "household")?.field(named: "comune")?.number == HouseholdField.comune)
        #expect(Profile.core.spec(named: "ledger")?.isWriteOnce == true)
        #expect(Profile.core.mayWrite(.streetUnit, .place) && !Profile.core.mayWrite(.caretaker, .place))
        #expect(Profile.core.mayWrite(.coordinator, .ledgerEntry) && !Profile.core.mayWrite(.streetUnit, .ledgerEntry))
    }

    static let extending = #"""
        {"format": 1, "name": "prova", "title": {"it": "Prova", "en": "Test"}, "extends": "core",
         "vocabularies": [{"name": "needs", "cases": [{"code": 901, "name": "wifi", "it": "connessione", "en": "connection"}]}],
         "kinds": [{"code": 900, "name": "agreement", "writers": ["caretaker"], "title": ["signed"],
                    "fields": [{"number": 10, "name": "signed", "it": "firmato il", "en": "signed on", "type": "date", "required": true}]},
                   {"name": "household", "fields": [{"number": 900, "name": "pets", "it": "animali", "en": "pets", "type": "integer"}]}]}
        """#

    @Test func anExtendingProfileAddsKindsFieldsAndValues() throws {
        let profile = try Profile.read(json: Self.extending)
        #expect(profile.spec(named: "agreement")?.kind == RecordKind(rawValue: 900))
        #expect(profile.spec(named: "agreement")?.fields.map(\.name) == ["district", "shared-with", "signed"])
        #expect(profile.field(900, of: .household)?.name == "pets")
        #expect(profile.type(VisitField.needs, of: .visit)?.cases.last?.name == "wifi")
        #expect(profile.mayWrite(.caretaker, RecordKind(rawValue: 900)) && !profile.mayWrite(.tutor, RecordKind(rawValue: 900)))
        // What a store keeps reads back to the same profile.
        #expect(try Profile.read(json: profile.json) == profile)
    }

    static let head = #"{"format": 1, "name": "x", "title": {"it": "x", "en": "x"}, "extends": "core", "#
    static let kindA = #""kinds": [{"code": 9, "name": "a", "fields": [{"number": "#

    @Test(arguments: [
        ("{", "JSON"),
        (#"{"format": 2, "name": "x", "title": {"it": "x", "en": "x"}}"#, "formato"),
        (#"{"format": 1, "name": "X Y", "title": {"it": "x", "en": "x"}, "extends": "core"}"#, "minuscole"),
        (#"{"format": 1, "name": "x", "title": {"it": "x", "en": "x"}, "extends": "milano"}"#, "estende 'milano'"),
        (#"{"format": 1, "name": "x", "title": {"it": "x", "en": "x"}}"#, "estende core"),
        (#"{"format": 1, "name": "x", "title": {"it": "x"}, "extends": "core"}"#, "manca"),
        (Self.head + #""kinds": [{"name": "a", "fields": []}]}"#, "codice"),
        (Self.head + #""kinds": [{"code": 1, "name": "a", "fields": []}]}"#, "ripete"),
        (Self.head + #""kinds": [{"code": 9, "name": "sync", "fields": []}]}"#, "comando"),
        (
            Self.head + Self.kindA + #"5, "name": "b", "it": "b", "en": "b", "type": "text"}]}]}"#,
            "da 10"
        ),
        (
            Self.head + Self.kindA + #"10, "name": "b", "it": "b", "en": "b", "type": "money"}]}]}"#,
            "accettati: text"
        ),
        (
            Self.head + Self.kindA + #"10, "name": "b", "it": "b", "en": "b", "type": "choice", "vocabulary": "nope"}]}]}"#,
            "vocabolario"
        ),
        (
            Self.head + #""kinds": [{"name": "visit", "fields": [{"number": 11, "name": "b", "it": "b", "en": "b", "type": "text"}]}]}"#,
            "ripete il campo"
        ),
        (
            Self.head + #""vocabularies": [{"name": "needs", "cases": [{"code": 1, "name": "z", "it": "z", "en": "z"}]}]}"#,
            "codice 1"
        ),
        (
            Self.head + #""kinds": [{"code": 9, "name": "a", "writers": ["boss"], "fields": []}]}"#,
            "ruolo"
        ),
    ])
    func aBrokenProfileIsRefusedWithItsReason(json: String, says: String) {
        #expect {
            try Profile.read(json: json)
        } throws: { error in
            guard let error = error as? ProfileError else { return false }
            return error.italian.contains(says) && !error.italian.contains("\n") && !error.english.isEmpty
        }
    }

    @Test func aChangeThatRemovesOrRenumbersIsRefusedAndAnAdditionIsNot() throws {
        let before = try Profile.read(json: Self.extending)
        let added = Self.extending.replacingOccurrences(
            of: #""type": "date", "required": true}"#,
            with: #""type": "date", "required": true}, {"number": 11, "name": "by", "it": "da", "en": "by", "type": "text"}"#)
        #expect(before.refusal(of: try Profile.read(json: added)) == nil)
        let renamed = Self.extending.replacingOccurrences(of: #""name": "signed""#, with: #""name": "firmed""#)
            .replacingOccurrences(of: #""title": ["signed"]"#, with: #""title": ["firmed"]"#)
        #expect(before.refusal(of: try Profile.read(json: renamed))?.italian.contains("'agreement.signed' (numero 10)") == true)
        let retyped = Self.extending.replacingOccurrences(of: #""type": "integer""#, with: #""type": "text""#)
        #expect(before.refusal(of: try Profile.read(json: retyped))?.italian.contains("household.pets") == true)
        let dropped = Self.extending.replacingOccurrences(of: #"{"code": 901, "name": "wifi", "it": "connessione", "en": "connection"}"#, with: "")
            .replacingOccurrences(of: #"{"name": "needs", "cases": []}"#, with: #"{"name": "needs", "cases": []}"#)
        #expect(before.refusal(of: try Profile.read(json: dropped))?.italian.contains("'wifi' (codice 901)") == true)
        let withoutKind = Self.extending.replacingOccurrences(of: #""code": 900, "name": "agreement""#, with: #""code": 902, "name": "agreement""#)
        #expect(before.refusal(of: try Profile.read(json: withoutKind))?.italian.contains("'agreement' (codice 900)") == true)
    }
}
