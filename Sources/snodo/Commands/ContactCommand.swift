import Foundation
import SnodoCommandLine
import SnodoModel
import SnodoStore
import SnodoWorkflows

/// `snodo contact log`: one street contact at a place, with everyone met.
extension WorkflowCommands {
    static let contactSpec = CommandSpec(
        path: "snodo contact log",
        usage:
            "snodo contact log --place PLACE [--person ID]… [--anonymous alias=NAME,age=N,sex=f|m|other|unknown]… "
            + "[--needs …] [--services ITEM=N,…] [--note TEXT]",
        summary: tr(
            "registra un contatto in strada in un luogo, con tutte le persone incontrate, note o anonime",
            en: "log a street contact at a place with everyone met, known or anonymous"),
        valueOptions: ["place", "person", "anonymous", "needs", "services", "note", "team", "start", "outcome"],
        details: [
            tr(
                "--person e --anonymous si ripetono, una per persona incontrata. Le persone anonime ricevono una scheda propria",
                en: "--person and --anonymous repeat, one per person met. Anonymous people get a record of their own"),
            tr(
                "(soprannome, età approssimativa, sesso) che si può unire più avanti a una nota (`snodo person merge`).",
                en: "(alias, approximate age, sex) that can later be merged with a known one (`snodo person merge`)."),
        ])
    static let contactLog = Command(spec: contactSpec) { arguments, context in
        let store = try context.openStore()
        let contact = try logContact(arguments, store: store)
        Output.line(contact.visit.hex)
        for person in contact.persons { Output.line(tr("nuova persona \(person.hex)", en: "new person \(person.hex)")) }
    }

    /// Logs one street contact in one transaction, with everyone met: what `snodo contact log` and
    /// the app's contact form both do. Returns the visit and the records of anonymous people.
    static func logContact(_ arguments: Arguments, store: Store) throws -> (visit: RecordID, persons: [RecordID]) {
        guard let placeText = arguments.value("place") else { throw contactSpec.usageError(tr("manca --place, obbligatorio", en: "missing required --place")) }
        let place = try RecordCommands.existing(placeText, kind: .place, store: store)
        let known = try arguments.values("person").map { try RecordCommands.existing($0, kind: .person, store: store).id }
        let anonymous = try arguments.values("anonymous").map { try parseAnonymous($0, profile: store.profile) }
        guard !known.isEmpty || !anonymous.isEmpty else {
            throw contactSpec.usageError(tr("indicare almeno un --person o --anonymous", en: "give at least one --person or --anonymous"))
        }
        let editor = RecordEditor(store: store, core: .visit)
        var visitFields: [Edit] = []
        let placeholder = RecordID(high: 0, low: 0)
        for name in ["needs", "services", "note", "team", "outcome"] {
            guard let text = arguments.value(name), let field = editor.kind.field(named: name) else { continue }
            visitFields += try editor.fieldEdits(placeholder, field, text)
        }
        if arguments.value("outcome") == nil { visitFields.append(.set(placeholder, VisitField.outcome, .enumeration(1))) }
        if arguments.value("team") == nil, let team = try store.setting("team") { visitFields.append(.set(placeholder, VisitField.team, .text(team))) }
        let millis =
            try arguments.value("start").map { text in
                guard let millis = ItalianInput.timestamp(text) else {
                    throw contactSpec.usageError(
                        tr(
                            "--start non valido (atteso: gg/mm/aaaa hh:mm o AAAA-MM-GG HH:MM)",
                            en: "malformed --start (expected dd/mm/yyyy hh:mm or YYYY-MM-DD HH:MM)"))
                }
                return millis
            } ?? Int64(Date().timeIntervalSince1970 * 1000)
        let district = try place.district ?? store.setting("district") ?? ""
        let contact = StreetWork.contact(
            store: store, place: place.id, district: district, known: known,
            anonymous: anonymous, visitFields: visitFields, at: millis)
        try store.write { try $0.commit(contact.edits) }
        return (contact.visit, contact.persons)
    }

    static func parseAnonymous(_ text: String, profile: Profile) throws -> StreetWork.AnonymousPerson {
        var person = StreetWork.AnonymousPerson(alias: "", approxAge: nil, sex: nil)
        for part in text.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2 else {
                throw contactSpec.usageError(
                    tr(
                        "--anonymous non valido (atteso: alias=NOME,age=N,sex=f|m|other|unknown)",
                        en: "malformed --anonymous (expected alias=NAME,age=N,sex=f|m|other|unknown)"))
            }
            switch pair[0] {
            case "alias": person.alias = pair[1]
            case "age":
                guard let age = Int64(pair[1]), (0...120).contains(age) else {
                    throw contactSpec.usageError(
                        tr("età non valida in --anonymous (attesa: da 0 a 120)", en: "malformed age in --anonymous (expected 0 to 120)"))
                }
                person.approxAge = age
            case "sex":
                guard let sex = profile.type(PersonField.sex, of: .person)?.cases.first(where: { $0.name == pair[1] }) else {
                    throw contactSpec.usageError(
                        tr(
                            "sesso non valido in --anonymous (accettati: f, m, other, unknown)",
                            en: "malformed sex in --anonymous (accepted: f, m, other, unknown)"))
                }
                person.sex = sex.code
            default:
                throw contactSpec.usageError(
                    tr(
                        "chiave sconosciuta '\(pair[0])' in --anonymous (accettate: alias, age, sex)",
                        en: "unknown key '\(pair[0])' in --anonymous (accepted: alias, age, sex)"))
            }
        }
        guard !person.alias.isEmpty else {
            throw contactSpec.usageError(
                tr("--anonymous richiede alias=NOME (il nome che la persona dà)", en: "--anonymous needs alias=NAME (the name the person gives)"))
        }
        return person
    }
}
