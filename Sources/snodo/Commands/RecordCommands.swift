import SnodoModel
import SnodoStore
import SnodoCommandLine
import SnodoCommands
import SnodoWorkflows

/// `snodo KIND add|edit|show|list` for every record kind of the store's profile: the commands
/// are made from the profile's kinds and fields, with no code per kind.
enum RecordCommands {
    static func commands(_ profile: Profile) -> [Command] {
        profile.kinds.flatMap { [add($0, profile), edit($0, profile), show($0), list($0)] } + [showAny]
    }

    static func fieldHelp(_ kind: KindSpec, _ profile: Profile) -> [String] {
        [tr("Campi:", en: "Fields:")]
            + kind.fields.map { field in
                let required = field.isRequired ? tr(" (obbligatorio)", en: " (required)") : ""
                let name = field.name.padding(toLength: 18, withPad: " ", startingAt: 0)
                return "  --\(name) \(field.localizedLabel): \(describe(field.type, profile))\(required)"
            }
    }

    static func describe(_ type: FieldType, _ profile: Profile) -> String {
        switch type {
        case .text: tr("testo", en: "text")
        case .integer: tr("numero intero", en: "whole number")
        case .cents: tr("importo in euro, come 12,50 o 1.500,00", en: "amount in euros, like 12,50")
        case .date: tr("data, gg/mm/aaaa", en: "date, dd/mm/yyyy or YYYY-MM-DD")
        case .timestamp: tr("ora locale, gg/mm/aaaa hh:mm", en: "local time, dd/mm/yyyy hh:mm")
        case .coordinates: tr("LAT,LON in gradi", en: "LAT,LON in degrees")
        case .bool: tr("sì o no", en: "yes or no")
        case .reference(let kind):
            tr(
                "id di \(kind.map { KindNames.withArticle($0, in: profile) } ?? "una scheda (nucleo, persona, luogo…)")",
                en: "id of \(kind.map { KindNames.withArticle($0, in: profile) } ?? "a record (household, person, place…)")")
        case .enumeration(let cases): tr("uno tra ", en: "one of ") + cases.map(\.name).joined(separator: ", ")
        case .set(.enumeration(let cases)): tr("separati da virgole, tra ", en: "comma-separated, of ") + cases.map(\.name).joined(separator: ", ")
        case .set(let element): tr("elenco separato da virgole di: \(describe(element, profile))", en: "comma-separated list of \(describe(element, profile))")
        case .map(let cases): tr("VOCE=QUANTITÀ,…, voci ", en: "ITEM=QUANTITY,…, items ") + cases.map(\.name).joined(separator: ", ")
        }
    }

    static func add(_ kind: KindSpec, _ profile: Profile) -> Command {
        let spec = CommandSpec(
            path: "snodo \(kind.name) add", usage: "snodo \(kind.name) add --FIELD VALUE …",
            summary: tr("aggiunge \(kind.withArticle)", en: "add a \(kind.englishSingular)"), valueOptions: RecordEditor.optionNames(kind),
            details: fieldHelp(kind, profile))
        return Command(spec: spec) { arguments, context in
            let store = try context.openStore()
            let id = store.newRecordID()
            let edits = try RecordEditor(store: store, kind: kind).creation(id, arguments, spec: spec)
            try store.write { try $0.commit(edits) }
            Output.line(id.hex)
            if kind.kind == .ledgerEntry { try warnOfExcesses(after: id, store: store) }
        }
    }

    static func edit(_ kind: KindSpec, _ profile: Profile) -> Command {
        let spec = CommandSpec(
            path: "snodo \(kind.name) edit", usage: "snodo \(kind.name) edit ID [--FIELD VALUE …] [--clear FIELD] [--delete|--restore]",
            summary: tr("cambia i campi di \(kind.withArticle)", en: "change fields of a \(kind.englishSingular)"),
            valueOptions: RecordEditor.optionNames(kind) + ["clear"], flags: ["delete", "restore"],
            details: fieldHelp(kind, profile) + [
                tr("Insiemi ed elenchi con quantità sono sostituiti dall'elenco dato.", en: "Sets and maps are replaced by the list given.")
            ],
            positionals: 1...1)
        return Command(spec: spec) { arguments, context in
            let store = try context.openStore()
            let record = try existing(arguments.positionals[0], kind: kind, store: store)
            if kind.isWriteOnce { throw StoreError.immutableRecord(record.id, kind) }
            let edits = try RecordEditor(store: store, kind: kind).changes(record, arguments, spec: spec)
            guard !edits.isEmpty else {
                throw spec.usageError(
                    tr(
                        "niente da cambiare: indicare almeno un --CAMPO VALORE, --clear, --delete o --restore",
                        en: "nothing to change: give at least one --FIELD VALUE, --clear, --delete or --restore"))
            }
            let writes = try store.write { try $0.commit(edits) }
            Output.line("\(record.id.hex): " + tr(counted(writes.count, "modifica", "modifiche"), en: counted(writes.count, "change", "changes")))
        }
    }

    static func show(_ kind: KindSpec) -> Command {
        let spec = CommandSpec(
            path: "snodo \(kind.name) show", usage: "snodo \(kind.name) show ID [--json]",
            summary: tr("mostra \(kind.withArticle) con i suoi conflitti aperti", en: "show a \(kind.englishSingular) with its open conflicts"),
            flags: ["json"],
            positionals: 1...1)
        return Command(spec: spec) { arguments, context in
            let store = try context.openStoreForReading()
            let view = RecordView(record: try existing(arguments.positionals[0], kind: kind, store: store), formatter: Formatter(store: store))
            Output.line(context.json ? jsonText(view.json) : view.lines.joined(separator: "\n"))
        }
    }

    /// A dote past the cap of its path or the programme's budget is written all the same (the
    /// office decides), and said on standard error.
    static func warnOfExcesses(after entry: RecordID, store: Store) throws {
        let index = try FieldIndex(store: store)
        guard let written = index.byID[entry] else { return }
        let beneficiary = written.reference(LedgerField.household) ?? written.reference(LedgerField.person)
        for excess in Budgets.excesses(index, beneficiary: beneficiary) { Output.error("snodo: " + BudgetText.warning(excess)) }
    }

    /// `snodo show ID`: any record, of a kind this build knows or of a newer Snodo's.
    static let showAny = Command(
        spec: CommandSpec(
            path: "snodo show", usage: "snodo show ID [--json]",
            summary: tr("mostra una scheda qualsiasi dal suo id", en: "show any record by its id, whatever its kind"),
            flags: ["json"],
            details: [
                tr(
                    "Le schede di un tipo che solo uno Snodo più recente conosce mostrano il codice del tipo e ogni cella come è stata scritta.",
                    en: "Records of a kind from a newer Snodo show their kind's code and every cell as it was written.")
            ],
            positionals: 1...1
        )
    ) { arguments, context in
        let store = try context.openStoreForReading()
        let id = try store.findRecord(arguments.positionals[0])
        guard let record = try store.record(id) else { throw StoreError.unknownRecord(arguments.positionals[0]) }
        let view = RecordView(record: record, formatter: Formatter(store: store))
        Output.line(context.json ? jsonText(view.json) : view.lines.joined(separator: "\n"))
    }

    static func list(_ kind: KindSpec) -> Command {
        let spec = CommandSpec(
            path: "snodo \(kind.name) list", usage: "snodo \(kind.name) list [--district D] [--deleted] [--json]",
            summary: tr("elenca le schede: \(kind.plural)", en: "list the \(kind.englishPlural)"), valueOptions: ["district"],
            flags: ["json", "deleted"])
        return Command(spec: spec) { arguments, context in
            let store = try context.openStoreForReading()
            let formatter = Formatter(store: store)
            let records = try store.records(of: kind.kind, includeDeleted: arguments.has("deleted"))
                .filter { record in arguments.value("district").map { record.district == $0 } ?? true }
            if context.json {
                Output.line(jsonText(records.map { RecordView(record: $0, formatter: formatter).json }))
                return
            }
            var table = Table(header: ["id", tr("distretto", en: "district"), tr(kind.singular, en: kind.englishSingular), tr("conflitti", en: "conflicts")])
            table.rows = records.map { record in
                [
                    formatter.typeable(record.id), record.district ?? "",
                    formatter.label(of: record) + (record.isDeleted ? tr(" [eliminata]", en: " [deleted]") : ""),
                    record.conflicts.isEmpty ? "" : String(record.conflicts.count),
                ]
            }
            Output.line(records.isEmpty ? tr("nessuna scheda: \(kind.plural)", en: "no \(kind.englishPlural)") : table.render())
        }
    }

    /// The record named on the command line, which must exist and be of `kind`.
    static func existing(_ text: String, kind: RecordKind, store: Store) throws -> Record {
        try existing(text, kind: store.profile.core(kind), store: store)
    }

    static func existing(_ text: String, kind: KindSpec, store: Store) throws -> Record {
        let id = try store.findRecord(text)
        guard let record = try store.record(id) else { throw StoreError.unknownRecord(text) }
        if let found = record.kindCode, found != kind.kind.rawValue {
            throw StoreError.wrongKind(id, expected: kind, found: store.profile.spec(RecordKind(rawValue: found)))
        }
        return record
    }
}
