import SnodoModel
import SnodoStore
import SnodoCommandLine

/// A record laid out for reading, as text or as JSON.
struct RecordView {
    let record: Record
    let formatter: Formatter

    var kind: KindSpec? { record.spec }

    static var fromNewer: String { tr("(da uno Snodo più recente, conservato così com'è)", en: "(from a newer Snodo, kept as is)") }

    /// Field label and display text for every field that has a value but the district, in the
    /// profile's order.
    var displayedFields: [(name: String, text: String)] {
        var result: [(String, String)] = []
        if let kind {
            for field in kind.fields {
                guard field.number != CommonField.district, let text = displayText(field), !text.isEmpty else { continue }
                result.append((field.localizedLabel, text))
            }
        } else {
            result.append((tr("tipo", en: "kind"), "#\(record.kindCode.map(String.init) ?? "?") " + RecordView.fromNewer))
        }
        for cell in record.unknownCells {
            let element = cell.key.element.isEmpty ? "" : " [\(cell.key.element.hex)]"
            result.append((tr("campo", en: "field") + " #\(cell.key.field)\(element)", "\(cell.value.canonicalBytes.hex) " + RecordView.fromNewer))
        }
        return result
    }

    func displayText(_ field: FieldSpec) -> String? {
        switch field.type {
        case .set(let element):
            let items = record.elements(field.number).map { formatter.text($0, type: element == .text ? .text : field.type) }
            return items.isEmpty ? nil : items.joined(separator: ", ")
        case .map:
            let items = record.quantities(field.number).map { "\(formatter.text($0.item, type: field.type)) × \($0.quantity)" }
            return items.isEmpty ? nil : items.joined(separator: ", ")
        default:
            return record.value(field.number).map { formatter.text($0, type: field.type) }
        }
    }

    func jsonValue(_ field: FieldSpec) -> JSONValue? {
        switch field.type {
        case .set(let element):
            let items = record.elements(field.number)
            return items.isEmpty ? nil : .array(items.map { formatter.json($0, type: element == .text ? .text : field.type) })
        case .map:
            let items = record.quantities(field.number)
            guard !items.isEmpty else { return nil }
            var object: [String: JSONValue] = [:]
            for item in items { object[formatter.json(item.item, type: field.type).keyText] = .integer(item.quantity) }
            return .object(object)
        default:
            return record.value(field.number).map { formatter.json($0, type: field.type) }
        }
    }

    /// What `show --json` and `list --json` print of a record.
    struct JSON: Encodable {
        var id: String
        @Nullable var kind: String?
        @Nullable var kindCode: UInt32?
        @Nullable var district: String?
        var label: String
        var deleted: Bool
        var fields: [String: JSONValue]
        var conflicts: [ConflictJSON]
        /// Each cell a newer Snodo wrote, whole: its field number, its element's canonical bytes
        /// (null for a scalar) and its value's, so nothing collapses or is lost in the listing.
        var unknownFields: [UnknownCellJSON]?
    }

    struct ConflictJSON: Encodable {
        var field: String
        @Nullable var element: JSONValue?
        var values: [JSONValue]
    }

    struct UnknownCellJSON: Encodable {
        var field: FieldNumber
        @Nullable var element: String?
        var value: String
    }

    var json: JSON {
        var fields: [String: JSONValue] = [:]
        for field in kind?.fields ?? [] where field.number != CommonField.district {
            if let value = jsonValue(field) { fields[field.name] = value }
        }
        return JSON(
            id: record.id.hex, kind: kind?.name, kindCode: record.kindCode, district: record.district,
            label: kind == nil ? "" : formatter.label(of: record), deleted: record.isDeleted, fields: fields,
            conflicts: conflictsJSON,
            unknownFields: record.unknownCells.isEmpty
                ? nil
                : record.unknownCells.map { cell in
                    UnknownCellJSON(
                        field: cell.key.field, element: cell.key.element.isEmpty ? nil : cell.key.element.hex, value: cell.value.canonicalBytes.hex)
                })
    }

    var conflictsJSON: [ConflictJSON] {
        record.conflicts.keys.sorted().map { key in
            let field = kind?.field(numbered: key.field)
            return ConflictJSON(
                field: field?.name ?? "#\(key.field)", element: key.elementValue.map { formatter.json($0, type: field?.type) },
                values: (record.conflicts[key] ?? []).map { formatter.json($0.value, type: field?.type) })
        }
    }

    /// Lines for `show`.
    var lines: [String] {
        guard let code = record.kindCode else {
            return [tr("scheda \(record.id.hex) (la sua creazione non è ancora arrivata)", en: "record \(record.id.hex) (its creation has not arrived yet)")]
        }
        let title =
            kind.map { tr($0.singular, en: $0.englishSingular) }
            ?? tr("scheda di tipo #\(code) (da uno Snodo più recente)", en: "record of kind #\(code) (from a newer Snodo)")
        var lines = ["\(title) \(record.id.hex)" + (record.isDeleted ? tr("  [eliminata]", en: "  [deleted]") : "")]
        let rows = displayedFields.map { [$0.name, $0.text] }
        let table = Table(header: [tr("distretto", en: "district"), record.district ?? ""], rows: rows)
        lines += table.render().split(separator: "\n").map { "  " + $0 }
        for key in record.conflicts.keys.sorted() {
            let field = kind?.field(numbered: key.field)
            let current = record.cells.first { $0.key == key }.map { formatter.text($0.value, type: field?.type) } ?? ""
            let others = record.conflicts[key]!.map { "\"\(formatter.text($0.value, type: field?.type))\"" }.joined(separator: ", ")
            let element = key.elementValue.map { " [\(formatter.text($0, type: field?.type))]" } ?? ""
            let name = (field?.localizedLabel ?? "#\(key.field)") + element
            lines.append(
                tr(
                    "  conflitto su \(name): tenuto \"\(current)\", concorrenti \(others)",
                    en: "  conflict on \(name): kept \"\(current)\", concurrent \(others)"))
        }
        return lines
    }
}
