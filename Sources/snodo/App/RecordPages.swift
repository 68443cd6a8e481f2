import Foundation
import SnodoCommandLine
import SnodoModel
import SnodoServer
import SnodoWeb
import SnodoStore

/// Every kind of the profile, the programme's own included: its list, its form and its card,
/// made from the profile with no code per kind.
extension AppPage {
    func kinds() throws -> HTTPResponse {
        let rows = try profile.kinds.map { kind in
            [HTML.link("/schede/\(kind.name)", tr(kind.plural, en: kind.englishPlural)), "\(try store.recordIDs(of: kind.kind).count)"]
        }
        return html(tr("Schede", en: "Records"), HTML.table([tr("tipo", en: "kind"), tr("schede", en: "records")], rows))
    }

    /// A kind's records, 100 a page, and a search over their labels (case and accents aside), so a
    /// district of thousands stays a light page.
    func list(_ kind: KindSpec) throws -> HTTPResponse {
        let search = request.value("cerca")?.trimmingCharacters(in: .whitespaces) ?? ""
        var records = try store.records(of: kind.kind)
        if !search.isEmpty {
            let wanted = search.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
            records = records.filter {
                formatter.label(of: $0).folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).contains(wanted) || $0.id.hex.hasPrefix(wanted)
            }
        }
        let query = search.isEmpty ? "" : "cerca=\(search.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")&"
        let (shown, pager) = paged(records, path: "/schede/\(kind.name)", query: query) { page, pages in
            tr("pagina \(page) di \(pages) (\(records.count) schede)", en: "page \(page) of \(pages) (\(records.count) records)")
        }
        let rows = shown.map { record in
            [
                HTML.link("/scheda/\(record.id.hex)", formatter.label(of: record)), HTML.escape(record.district ?? ""),
                record.conflicts.isEmpty ? "" : HTML.escape(tr("\(record.conflicts.count) conflitti", en: "\(record.conflicts.count) conflicts")),
            ]
        }
        let add = HTML.link("/schede/\(kind.name)/nuova", tr("Nuova scheda: \(kind.singular)", en: "New \(kind.englishSingular)"))
        let searchForm = """
            <form method="get" action="/schede/\(HTML.escape(kind.name))"><label for="cerca">\(tr("Cerca", en: "Search"))</label>
            <input type="text" id="cerca" name="cerca" value="\(HTML.escape(search))"><button type="submit">\(tr("Cerca", en: "Search"))</button></form>
            """
        let body =
            "<p>\(add)</p>" + searchForm
            + (rows.isEmpty ? HTML.paragraph(tr("Nessuna scheda.", en: "No records.")) : HTML.table(["", tr("distretto", en: "district"), ""], Array(rows)))
            + pager
        return html(tr(kind.plural.capitalizedFirst, en: kind.englishPlural.capitalizedFirst), body)
    }

    static let listPageSize = 100

    /// `items` cut to the page the request asks for (`pagina`, `listPageSize` a page), and the
    /// links to the pages before and after at `path` (keeping `query`), `described` saying where.
    func paged<T>(
        _ items: [T], path: String, query: String = "", described: (_ page: Int, _ pages: Int) -> String
    ) -> (
        shown: ArraySlice<T>, pager: String
    ) {
        let pages = max(1, (items.count + AppPage.listPageSize - 1) / AppPage.listPageSize)
        let page = min(max(1, Int(request.value("pagina") ?? "1") ?? 1), pages)
        let shown = items.dropFirst((page - 1) * AppPage.listPageSize).prefix(AppPage.listPageSize)
        guard pages > 1 else { return (shown, "") }
        func link(_ number: Int, _ label: String) -> String { HTML.link("\(path)?\(query)pagina=\(number)", label) }
        var parts: [String] = []
        if page > 1 { parts.append(link(page - 1, tr("« precedente", en: "« previous"))) }
        parts.append(HTML.escape(described(page, pages)))
        if page < pages { parts.append(link(page + 1, tr("successiva »", en: "next »"))) }
        return (shown, "<p class=\"pagine\">" + parts.joined(separator: " · ") + "</p>")
    }

    /// The form for a new record, or for an existing one; `error` re-shows what was sent.
    func form(_ kind: KindSpec, record: Record?, error raw: (field: String?, message: String)? = nil) -> HTTPResponse {
        let error = raw.map { AppPage.worded($0, kind: kind) }
        let form = ProfileForm(kind: kind, formatter: formatter)
        let inline = error.flatMap { error in error.field.map { ($0, error.message) } }
        let controls = form.controls(record: record, sent: error == nil ? nil : request, error: inline)
        let action = record.map { "/scheda/\($0.id.hex)/modifica" } ?? "/schede/\(kind.name)/nuova"
        let top = error.map { HTML.paragraph($0.message, role: "errore") } ?? ""
        let note = HTML.paragraph(
            tr(
                "I campi con * sono obbligatori; il distretto, se manca, è quello della scheda collegata o del portatile.",
                en: "Fields marked * are required; without a district, the linked record's or the laptop's is used."), role: "nota")
        let title =
            record.map { _ in tr("Modifica: \(kind.singular)", en: "Edit \(kind.englishSingular)") }
            ?? tr("Nuova scheda: \(kind.singular)", en: "New \(kind.englishSingular)")
        return html(title, top + note + HTML.form(action, token: token, controls + "\n<button type=\"submit\">\(tr("Salva", en: "Save"))</button>"))
    }

    func create(_ kind: KindSpec) throws -> HTTPResponse {
        let (options, _) = ProfileForm(kind: kind, formatter: formatter).options(request, editing: nil)
        let id = store.newRecordID()
        do {
            let spec = CommandSpec(path: "snodo \(kind.name) add", usage: "", summary: "")
            let edits = try RecordEditor(store: store, kind: kind).creation(id, Arguments(positionals: [], options: options, flags: []), spec: spec)
            try store.write { try $0.commit(edits) }
        } catch {
            return form(kind, record: nil, error: AppPage.explain(error))
        }
        return redirect("/scheda/\(id.hex)?fatto=scheda")
    }

    func update(_ record: Record, _ kind: KindSpec) throws -> HTTPResponse {
        guard !kind.isWriteOnce else {
            return html(
                kind.singular,
                HTML.paragraph(
                    tr("Si scrive una volta sola: registrare una voce di rettifica.", en: "Written once: record a correcting entry."), role: "errore"),
                status: 409)
        }
        var (options, clear) = ProfileForm(kind: kind, formatter: formatter).options(request, editing: record)
        if !clear.isEmpty { options["clear"] = clear }
        do {
            let spec = CommandSpec(path: "snodo \(kind.name) edit", usage: "", summary: "")
            let edits = try RecordEditor(store: store, kind: kind).changes(record, Arguments(positionals: [], options: options, flags: []), spec: spec)
            if !edits.isEmpty { try store.write { try $0.commit(edits) } }
        } catch {
            return form(kind, record: record, error: AppPage.explain(error))
        }
        return redirect("/scheda/\(record.id.hex)?fatto=scheda")
    }

    /// A record's card: its values, its open conflicts with the choice of the value to keep, its
    /// visits and history.
    func card(_ record: Record, _ kind: KindSpec) throws -> HTTPResponse {
        let view = RecordView(record: record, formatter: formatter)
        let values = HTML.table(
            [tr("campo", en: "field"), tr("valore", en: "value")],
            [[tr("distretto", en: "district"), HTML.escape(record.district ?? "")]]
                + view.displayedFields.map { [HTML.escape($0.name), HTML.escape($0.text)] })
        var actions = [HTML.link("/scheda/\(record.id.hex)/modifica", tr("Modifica", en: "Edit"))]
        if [.household, .person, .place].contains(kind.kind) {
            actions.append(
                HTML.link(
                    "/visita?soggetto=\(record.id.hex)",
                    kind.kind == .place ? tr("Registra contatto", en: "Log contact") : tr("Registra visita", en: "Log visit")))
        }
        let conflicts = try conflictForms(record, kind)
        let history = try store.history(of: record.id).suffix(30).map { entry in
            [
                HTML.escape(kind.field(numbered: entry.write.key.field)?.localizedLabel ?? "#\(entry.write.key.field)"),
                HTML.escape(formatter.text(entry.write.value, type: kind.field(numbered: entry.write.key.field)?.type)),
                HTML.escape(Formatter.localTime(entry.write.stamp.hlc.millis)), HTML.escape(formatter.author(entry.write.stamp.device)),
            ]
        }
        let body =
            notice + "<p>" + actions.joined(separator: " · ") + "</p>" + values + conflicts
            + "<h2>\(tr("Storia", en: "History"))</h2>"
            + HTML.table([tr("campo", en: "field"), tr("valore", en: "value"), tr("scritto", en: "written"), tr("chi", en: "who")], history)
        return html(tr(kind.singular.capitalizedFirst, en: kind.englishSingular.capitalizedFirst) + ": " + formatter.label(of: record), body)
    }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
