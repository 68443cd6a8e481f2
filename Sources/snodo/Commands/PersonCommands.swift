import Foundation
import SnodoCommandLine
import SnodoModel
import SnodoStore
import SnodoWorkflows

/// Person records that are the same person: merge, unmerge, and every contact with them.
extension WorkflowCommands {
    static let mergeSpec = CommandSpec(
        path: "snodo person merge", usage: "snodo person merge DUPLICATE --into PERSON",
        summary: tr(
            "registra che due schede persona sono la stessa persona (si annulla con unmerge)",
            en: "record that two person records are the same person (undo with unmerge)"),
        valueOptions: ["into"], positionals: 1...1)
    static let personMerge = Command(spec: mergeSpec) { arguments, context in
        let store = try context.openStore()
        guard let into = arguments.value("into") else {
            throw mergeSpec.usageError(tr("manca --into PERSONA, obbligatorio", en: "missing required --into PERSON"))
        }
        let duplicate = try RecordCommands.existing(arguments.positionals[0], kind: .person, store: store)
        let survivor = try RecordCommands.existing(into, kind: .person, store: store)
        guard duplicate.id != survivor.id else {
            throw mergeSpec.usageError(tr("una persona non si può unire a sé stessa", en: "a person cannot be merged into itself"))
        }
        let index = try FieldIndex(store: store)
        guard PersonMerge.survivor(of: survivor.id, in: index) != duplicate.id else {
            throw CommandError.failure(
                tr(
                    "\(survivor.id.hex) è già mostrata come \(duplicate.id.hex): unire nell'altro verso",
                    en: "\(survivor.id.hex) is already shown as \(duplicate.id.hex): merge the other way round"))
        }
        try store.write { try $0.commit([.set(duplicate.id, PersonField.mergedInto, .reference(survivor.id))]) }
        let undo = Formatter(store: store).typeable(duplicate.id)
        Output.line(
            tr(
                "\(duplicate.id.hex) ora è mostrata come \(survivor.id.hex); le sue visite restano (per annullare: snodo person unmerge \(undo))",
                en: "\(duplicate.id.hex) is now shown as \(survivor.id.hex); its visits are kept (undo: snodo person unmerge \(undo))"))
    }

    static let personUnmerge = Command(
        spec: CommandSpec(
            path: "snodo person unmerge", usage: "snodo person unmerge PERSON",
            summary: tr("annulla un'unione: la scheda torna una persona a sé", en: "undo a merge: the record is its own person again"), positionals: 1...1)
    ) { arguments, context in
        let store = try context.openStore()
        let person = try RecordCommands.existing(arguments.positionals[0], kind: .person, store: store)
        guard person.reference(PersonField.mergedInto) != nil else {
            throw CommandError.failure(tr("\(person.id.hex) non è unita a nessuno", en: "\(person.id.hex) is not merged into anyone"))
        }
        try store.write { try $0.commit([.set(person.id, PersonField.mergedInto, .null)]) }
        Output.line(tr("\(person.id.hex) è di nuovo una scheda a sé", en: "\(person.id.hex) is its own record again"))
    }

    static let personVisits = Command(
        spec: CommandSpec(
            path: "snodo person visits", usage: "snodo person visits PERSON [--json]",
            summary: tr("ogni contatto con una persona, comprese le schede unite a lei", en: "every contact with a person, including records merged into them"),
            flags: ["json"], positionals: 1...1)
    ) { arguments, context in
        let store = try context.openStoreForReading()
        let person = try RecordCommands.existing(arguments.positionals[0], kind: .person, store: store)
        let index = try FieldIndex(store: store)
        let shown = PersonMerge.survivor(of: person.id, in: index)
        let visits = PersonMerge.visits(of: shown, in: index)
        let formatter = Formatter(store: store)
        if context.json {
            Output.line(
                jsonText(
                    PersonVisitsJSON(
                        person: shown.hex, records: PersonMerge.aliases(of: shown, in: index).map(\.hex).sorted(), visits: visits.map(\.id.hex))))
            return
        }
        Output.line("\(formatter.label(of: shown)): " + tr(counted(visits.count, "contatto", "contatti"), en: counted(visits.count, "contact", "contacts")))
        var table = Table(header: ["quando", "dove", "tipo"])
        table.rows = visits.map { visit in
            [
                visit.timestamp(VisitField.start).map(Formatter.localTime) ?? "", visit.reference(VisitField.subject).map(formatter.label(of:)) ?? "",
                formatter.text(visit, VisitField.kind, of: .visit) ?? "",
            ]
        }
        if !visits.isEmpty { Output.line(table.render()) }
    }
}

/// `snodo person visits --json`: the person as shown, every record merged into them, their visits.
struct PersonVisitsJSON: Encodable {
    var person: String
    var records: [String]
    var visits: [String]
}
