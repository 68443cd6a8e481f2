import SnodoCommandLine
import SnodoModel
import SnodoServer
import SnodoWeb
import SnodoStore

/// Open conflicts, each with the values in contention as buttons: the one chosen wins on every
/// replica (`snodo conflicts resolve`).
extension AppPage {
    func conflictForms(_ record: Record, _ kind: KindSpec) throws -> String {
        guard !record.conflicts.isEmpty else { return "" }
        var parts = ["<h2>\(tr("Conflitti da decidere", en: "Conflicts to decide"))</h2>"]
        for key in record.conflicts.keys.sorted() {
            guard let field = kind.field(numbered: key.field), let current = record.cells.first(where: { $0.key == key }) else { continue }
            let values = [current.value] + (record.conflicts[key] ?? []).map(\.value)
            let element = key.elementValue.map { " [\(formatter.text($0, type: field.type))]" } ?? ""
            let buttons = values.enumerated().map { index, value in
                "<button type=\"submit\" name=\"scelta\" value=\"\(index)\"\(index == 0 ? "" : " class=\"secondario\"")>"
                    + HTML.escape(tr("Tieni ", en: "Keep ") + "«\(formatter.text(value, type: field.type))»") + "</button>"
            }.joined()
            let hidden = "<input type=\"hidden\" name=\"campo\" value=\"\(key.field)\"><input type=\"hidden\" name=\"elemento\" value=\"\(key.element.hex)\">"
            parts.append(
                "<p><strong>\(HTML.escape(field.localizedLabel + element))</strong></p>"
                    + HTML.form("/scheda/\(record.id.hex)/conflitto", token: token, hidden + buttons))
        }
        return parts.joined(separator: "\n")
    }

    func resolve(_ record: Record) throws -> HTTPResponse {
        guard let number = request.value("campo").flatMap(FieldNumber.init), let choice = request.value("scelta").flatMap(Int.init),
            let key = record.conflicts.keys.first(where: { $0.field == number && $0.element.hex == (request.value("elemento") ?? "") }),
            let current = record.cells.first(where: { $0.key == key })
        else {
            return html(
                tr("Conflitto", en: "Conflict"), HTML.paragraph(tr("Questo conflitto non c'è più.", en: "This conflict is gone."), role: "errore"), status: 409)
        }
        let values = [current.value] + (record.conflicts[key] ?? []).map(\.value)
        guard values.indices.contains(choice) else { return notFound() }
        _ = try store.write { try $0.resolve(key, with: values[choice]) }
        return redirect("/scheda/\(record.id.hex)?fatto=conflitto")
    }

    func conflicts() throws -> HTTPResponse {
        let records = try Set(store.conflicts().map(\.key.record)).sorted().compactMap { try store.record($0) }
        let rows = records.map { record in
            [
                HTML.link("/scheda/\(record.id.hex)", formatter.label(of: record)),
                HTML.escape(record.spec.map { tr($0.singular, en: $0.englishSingular) } ?? ""), "\(record.conflicts.count)",
            ]
        }
        let body =
            rows.isEmpty
            ? HTML.paragraph(tr("Nessun conflitto aperto.", en: "No open conflicts."))
            : HTML.table(["", tr("tipo", en: "kind"), tr("conflitti", en: "conflicts")], rows)
        return html(tr("Conflitti", en: "Conflicts"), body)
    }
}
