import SnodoModel
import SnodoStore
import SnodoCommandLine

/// `snodo conflicts` lists the values that lost a concurrent write; `snodo conflicts resolve`
/// settles one with a new write that supersedes every value in it.
enum ConflictsCommand {
    static let list = Command(
        spec: CommandSpec(
            path: "snodo conflicts", usage: "snodo conflicts [--json]",
            summary: tr("elenca le modifiche concorrenti rimaste indietro, da rivedere", en: "list concurrent edits that lost, for review"), flags: ["json"]
        )
    ) { _, context in
        let store = try context.openStoreForReading()
        let formatter = Formatter(store: store)
        let conflicts = try store.conflicts()
        func describe(_ conflict: Conflict) -> (kind: KindSpec?, field: FieldSpec?) {
            let kind = store.profile.spec((try? store.kind(of: conflict.key.record)) ?? nil)
            return (kind, kind?.field(numbered: conflict.key.field))
        }
        if context.json {
            Output.line(
                jsonText(
                    conflicts.map { conflict in
                        let (kind, field) = describe(conflict)
                        return ConflictJSON(
                            record: conflict.key.record.hex, kind: kind?.name, field: field?.name ?? "#\(conflict.key.field)",
                            element: conflict.key.elementValue.map { formatter.json($0, type: field?.type) },
                            current: formatter.json(conflict.winner.value, type: field?.type),
                            concurrent: conflict.losers.map { formatter.json($0.value, type: field?.type) })
                    }))
            return
        }
        guard !conflicts.isEmpty else { Output.line(tr("nessun conflitto", en: "no conflicts")); return }
        var table = Table(header: [tr("scheda", en: "record"), tr("campo", en: "field"), tr("attuale", en: "current"), tr("concorrenti", en: "concurrent")])
        table.rows = conflicts.map { conflict in
            let (kind, field) = describe(conflict)
            let label =
                kind.map {
                    formatter.label(of: conflict.key.record) + " (\(tr($0.singular, en: $0.englishSingular)) \(formatter.typeable(conflict.key.record)))"
                }
                ?? conflict.key.record.hex
            let element = conflict.key.elementValue.map { " [\(formatter.text($0, type: field?.type))]" } ?? ""
            return [
                label, (field.map { "\($0.localizedLabel) (\($0.name))" } ?? "#\(conflict.key.field)") + element,
                formatter.text(conflict.winner.value, type: field?.type),
                conflict.losers.map { formatter.text($0.value, type: field?.type) }.joined(separator: " | "),
            ]
        }
        Output.line(table.render())
        Output.line(
            tr(
                "per risolvere: snodo conflicts resolve ID CAMPO --value VALORE (o --keep-current)",
                en: "resolve with: snodo conflicts resolve ID FIELD --value VALUE (or --keep-current)"))
    }

    static let resolveSpec = CommandSpec(
        path: "snodo conflicts resolve", usage: "snodo conflicts resolve ID FIELD [--element ITEM] (--value VALUE | --keep-current)",
        summary: tr("risolve un conflitto con il valore da tenere", en: "settle a conflict with the value to keep"), valueOptions: ["value", "element"],
        flags: ["keep-current"],
        details: [
            tr(
                "Per un campo a insieme o con quantità, --element indica la voce in conflitto.",
                en: "For a set or map field, --element names the item in conflict.")
        ],
        positionals: 2...2)

    static let resolve = Command(spec: resolveSpec) { arguments, context in
        let store = try context.openStore()
        let id = try store.findRecord(arguments.positionals[0])
        guard let record = try store.record(id), let kind = record.spec else { throw StoreError.unknownRecord(arguments.positionals[0]) }
        guard let field = kind.field(named: arguments.positionals[1]) else {
            throw resolveSpec.usageError(
                tr(
                    "campo sconosciuto '\(arguments.positionals[1])' per \(kind.withArticle) "
                        + "(accettati: \(kind.fields.map(\.name).joined(separator: ", ")))",
                    en: "unknown field '\(arguments.positionals[1])' for a \(kind.name) (accepted: \(kind.fields.map(\.name).joined(separator: ", ")))"))
        }
        let editor = RecordEditor(store: store, kind: kind)
        var key = CellKey(record: id, field: field.number)
        if let element = arguments.value("element") {
            let elementType: FieldType =
                switch field.type {
                case .set(let inner): inner
                case .map(let cases): .enumeration(cases)
                default:
                    throw resolveSpec.usageError(tr("--element vale solo per i campi a insieme o con quantità", en: "--element is only for set and map fields"))
                }
            key = CellKey(record: id, field: field.number, element: try FieldInput.scalar(element, type: elementType, option: "element", lookup: editor.lookup))
        }
        let value: Value
        switch (arguments.value("value"), arguments.has("keep-current")) {
        case (nil, true):
            guard let current = record.cells.first(where: { $0.key == key }) else { throw StoreError.noConflict(id, field: field.name) }
            value = current.value
        case (let text?, false):
            switch field.type {
            case .set: value = .bool(try FieldInput.scalar(text, type: .bool, option: "value", lookup: editor.lookup) == .bool(true))
            case .map: value = .integer(try FieldInput.scalar(text, type: .integer, option: "value", lookup: editor.lookup).integerValue)
            default: value = try FieldInput.scalar(text, type: field.type, option: "value", lookup: editor.lookup)
            }
        default:
            throw resolveSpec.usageError(tr("indicare uno solo tra --value VALORE e --keep-current", en: "give exactly one of --value VALUE or --keep-current"))
        }
        guard record.conflicts[key] != nil else { throw StoreError.noConflict(id, field: field.name) }
        try store.write { try $0.resolve(key, with: value) }
        Output.line(tr("risolto \(field.name) di \(id.hex)", en: "resolved \(field.name) of \(id.hex)"))
    }
}

extension Value {
    var integerValue: Int64 {
        if case .integer(let number) = self { return number }
        return 0
    }
}

/// One conflict in `snodo conflicts --json`.
struct ConflictJSON: Encodable {
    var record: String
    @Nullable var kind: String?
    var field: String
    @Nullable var element: JSONValue?
    var current: JSONValue
    var concurrent: [JSONValue]
}
