import SnodoModel
import SnodoStore
import SnodoCommandLine

/// `snodo history ID`: every value every cell of a record has had, who wrote it and when.
enum HistoryCommand {
    static let command = Command(
        spec: CommandSpec(
            path: "snodo history", usage: "snodo history ID [--json]",
            summary: tr(
                "ogni valore che i campi di una scheda hanno avuto, con dispositivo e ora", en: "every value a record's fields have had, with device and time"),
            flags: ["json"], positionals: 1...1
        )
    ) { arguments, context in
        let store = try context.openStoreForReading()
        let id = try store.findRecord(arguments.positionals[0])
        let kind = store.profile.spec(try store.kind(of: id))
        let formatter = Formatter(store: store)
        let state = try store.state()
        let entries = try store.history(of: id)
        func fieldName(_ number: FieldNumber) -> String {
            switch number {
            case CommonField.kind: tr("(tipo)", en: "(kind)")
            case CommonField.deleted: tr("(eliminata)", en: "(deleted)")
            default: kind?.field(numbered: number)?.localizedLabel ?? tr("campo #\(number)", en: "field #\(number)")
            }
        }
        func status(_ write: CellWrite) -> String {
            if state.winners[write.key]?.stamp == write.stamp { return tr("attuale", en: "current") }
            return state.conflicts[write.key]?.contains(write.stamp) == true ? tr("in conflitto", en: "conflict") : tr("sostituito", en: "replaced")
        }
        func valueText(_ write: CellWrite) -> String {
            if write.key.field == CommonField.kind, case .enumeration(let code) = write.value {
                return KindNames.singular(RecordKind(rawValue: code), in: store.profile)
            }
            let type = kind?.field(numbered: write.key.field)?.type
            let element = write.key.elementValue.map { formatter.text($0, type: type) }
            let value = formatter.text(write.value, type: type == nil || element == nil ? type : (type!.isCollection ? nil : type))
            return element.map { "\($0): \(value)" } ?? value
        }
        if context.json {
            Output.line(
                jsonText(
                    entries.map { entry in
                        let type = kind?.field(numbered: entry.write.key.field)?.type
                        return HistoryEntryJSON(
                            field: fieldName(entry.write.key.field), value: formatter.json(entry.write.value, type: type),
                            element: entry.write.key.elementValue.map { formatter.json($0, type: type) },
                            device: entry.write.stamp.device.hex, clock: entry.write.stamp.hlc.description,
                            written: Formatter.isoTime(entry.write.stamp.hlc.millis), change: entry.changeNumber, status: status(entry.write))
                    }))
            return
        }
        var table = Table(
            header: [
                tr("campo", en: "field"), tr("valore", en: "value"), tr("scritto", en: "written"), tr("chi", en: "who"), tr("stato", en: "status"),
            ])
        table.rows = entries.map { entry in
            [
                fieldName(entry.write.key.field), valueText(entry.write), Formatter.localTime(entry.write.stamp.hlc.millis),
                formatter.author(entry.write.stamp.device), status(entry.write),
            ]
        }
        Output.line(entries.isEmpty ? tr("nessuna storia per \(id.hex)", en: "no history for \(id.hex)") : table.render())
    }
}

/// One write in `snodo history --json`.
struct HistoryEntryJSON: Encodable {
    var field: String
    var value: JSONValue
    @Nullable var element: JSONValue?
    var device: String
    var clock: String
    var written: String
    var change: UInt64
    var status: String
}
