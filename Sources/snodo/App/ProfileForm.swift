import SnodoWeb
import SnodoCommandLine
import SnodoModel
import SnodoStore

/// A record kind's form, generated from the profile: one control per field, chosen by its type
/// (a list for a choice, boxes for choices, a number per item for quantities, the records of the
/// kind a reference names), labelled in the operator's language, and read back into the options
/// `snodo KIND add|edit` takes, so that the form and the command check values the same way.
struct ProfileForm {
    let kind: KindSpec
    let formatter: Formatter
    /// Records offered for a reference, at most this many (beyond, an id is typed).
    static let choicesMax = 300

    /// The controls, filled with `record`'s values (an edit) or with what was sent (a form sent
    /// back with an error, whose message stands beside its field).
    func controls(record: Record?, sent: WebRequest?, error: (field: String, message: String)?, skip: Set<String> = []) -> String {
        kind.fields.filter { !skip.contains($0.name) }.map { field in
            let message =
                error?.field == field.name ? "<span class=\"errore\" id=\"errore-\(field.name)\" role=\"alert\">\(HTML.escape(error!.message))</span>" : ""
            return control(field, record: record, sent: sent, describedBy: message.isEmpty ? nil : "errore-\(field.name)") + message
        }.joined(separator: "\n")
    }

    private func label(_ field: FieldSpec) -> String {
        HTML.escape(field.localizedLabel) + (field.isRequired && field.number != CommonField.district ? " *" : "")
    }

    private func control(_ field: FieldSpec, record: Record?, sent: WebRequest?, describedBy: String?) -> String {
        let id = "campo-\(field.name)"
        let aria = describedBy.map { " aria-describedby=\"\($0)\" aria-invalid=\"true\"" } ?? ""
        switch field.type {
        case .set(.enumeration(let cases)):
            let chosen = Set(sent.map { $0.values(field.name) } ?? current(record, field).map(\.name))
            let boxes = cases.map { option in
                let checked = chosen.contains(option.name) ? " checked" : ""
                return
                    "<label><input type=\"checkbox\" name=\"\(field.name)\" value=\"\(option.name)\"\(checked)> \(HTML.escape(option.localizedLabel))</label>"
            }
            return "<fieldset\(aria)><legend>\(label(field))</legend>\(boxes.joined())</fieldset>"
        case .map(let cases):
            let quantities = Dictionary(
                uniqueKeysWithValues: cases.map { option in
                    (option.name, sent?.value("\(field.name).\(option.name)") ?? quantity(record, field, option).map(String.init) ?? "")
                })
            let inputs = cases.map { option in
                "<label>\(HTML.escape(option.localizedLabel)) <input type=\"number\" min=\"0\" max=\"999\" name=\"\(field.name).\(option.name)\" "
                    + "value=\"\(HTML.escape(quantities[option.name] ?? ""))\" class=\"quantita\"></label>"
            }
            return "<fieldset\(aria)><legend>\(label(field))</legend>\(inputs.joined())</fieldset>"
        case .enumeration(let cases):
            let chosen = sent?.value(field.name) ?? current(record, field).first?.name
            let options =
                ["<option value=\"\">—</option>"]
                + cases.map { option in
                    "<option value=\"\(option.name)\"\(option.name == chosen ? " selected" : "")>\(HTML.escape(option.localizedLabel))</option>"
                }
            return "<label for=\"\(id)\">\(label(field))</label><select id=\"\(id)\" name=\"\(field.name)\"\(aria)>\(options.joined())</select>"
        case .reference(let target?) where (try? formatter.store.recordIDs(of: target).count) ?? 0 <= ProfileForm.choicesMax:
            let chosen =
                sent?.value(field.name) ?? record.flatMap { $0.value(field.number) }.flatMap { if case .reference(let ref) = $0 { ref.hex } else { nil } }
            let records = ((try? formatter.store.records(of: target)) ?? [])
            let options =
                ["<option value=\"\">—</option>"]
                + records.map { other in
                    "<option value=\"\(other.id.hex)\"\(other.id.hex == chosen ? " selected" : "")>\(HTML.escape(formatter.label(of: other)))</option>"
                }
            return "<label for=\"\(id)\">\(label(field))</label><select id=\"\(id)\" name=\"\(field.name)\"\(aria)>\(options.joined())</select>"
        case .bool:
            let chosen = sent?.value(field.name) ?? record.flatMap { $0.value(field.number) }.map { $0 == .bool(true) ? "sì" : "no" }
            let options = [("", "—"), ("sì", tr("sì", en: "yes")), ("no", "no")].map { value, text in
                "<option value=\"\(value)\"\(value == chosen ? " selected" : "")>\(text)</option>"
            }
            return "<label for=\"\(id)\">\(label(field))</label><select id=\"\(id)\" name=\"\(field.name)\"\(aria)>\(options.joined())</select>"
        default:
            let value = sent?.value(field.name) ?? record.map { typed($0, field) } ?? ""
            let hint = ProfileForm.hint(field.type)
            return "<label for=\"\(id)\">\(label(field))</label><input type=\"text\" id=\"\(id)\" name=\"\(field.name)\" value=\"\(HTML.escape(value))\""
                + (hint.isEmpty ? "" : " placeholder=\"\(HTML.escape(hint))\"") + "\(aria)>"
        }
    }

    static func hint(_ type: FieldType) -> String {
        switch type {
        case .cents: "1.500,00"
        case .date: tr("gg/mm/aaaa", en: "dd/mm/yyyy")
        case .timestamp: tr("gg/mm/aaaa hh:mm", en: "dd/mm/yyyy hh:mm")
        case .coordinates: "45,3097;9,5037"
        case .set: tr("separati da virgole", en: "comma-separated")
        case .reference: tr("id della scheda", en: "record id")
        default: ""
        }
    }

    private func current(_ record: Record?, _ field: FieldSpec) -> [EnumCase] {
        guard let record else { return [] }
        let codes: [UInt32] =
            field.type.isCollection
            ? record.elements(field.number).compactMap { if case .enumeration(let code) = $0 { code } else { nil } }
            : (record.value(field.number).flatMap { if case .enumeration(let code) = $0 { [code] } else { nil } } ?? [])
        return field.type.cases.filter { codes.contains($0.code) }
    }

    private func quantity(_ record: Record?, _ field: FieldSpec, _ option: EnumCase) -> Int64? {
        record?.quantities(field.number).first { $0.item == .enumeration(option.code) }?.quantity
    }

    /// A scalar's value as it would be typed again: `1.250,50`, `03/11/2026`, `45,3097;9,5037`.
    private func typed(_ record: Record, _ field: FieldSpec) -> String {
        if case .set = field.type {
            return record.elements(field.number).map { formatter.text($0, type: .text) }.joined(separator: ", ")
        }
        guard let value = record.value(field.number) else { return "" }
        switch value {
        case .cents(let cents): return Euros.italian(cents, symbol: false, grouping: true)
        case .coordinates(let latitude, let longitude):
            return Display.decimal(Double(latitude) / 1e7) + ";" + Display.decimal(Double(longitude) / 1e7)
        case .reference(let id): return id.hex
        default: return formatter.text(value, type: field.type)
        }
    }

    /// The form read back as the options of `snodo KIND add|edit`: an empty control is no option
    /// (for an edit of a field that had a value, `--clear`), choices joined by commas, quantities
    /// as `ITEM=N`.
    func options(_ request: WebRequest, editing record: Record?) -> (options: [String: [String]], clear: [String]) {
        var options: [String: [String]] = [:], clear: [String] = []
        for field in kind.fields {
            let text: String?
            switch field.type {
            case .set(.enumeration):
                let chosen = request.values(field.name)
                text = chosen.isEmpty ? nil : chosen.joined(separator: ",")
            case .map(let cases):
                let items = cases.compactMap { option -> String? in
                    guard let quantity = request.value("\(field.name).\(option.name)"), quantity != "0" else { return nil }
                    return "\(option.name)=\(quantity)"
                }
                text = items.isEmpty ? nil : items.joined(separator: ",")
            default:
                text = request.value(field.name)?.trimmingCharacters(in: .whitespaces)
            }
            if let text, !text.isEmpty {
                options[field.name] = [text]
            } else if let record, !field.isRequired,
                record.cells.contains(where: { $0.key.field == field.number && $0.value != .null && $0.value != .bool(false) })
            {
                clear.append(field.name)
            }
        }
        return (options, clear)
    }
}
