import Foundation
import SnodoCommandLine
import SnodoModel
import SnodoServer
import SnodoWeb
import SnodoWorkflows

/// *Oggi*: the households due or overdue today, by building, each a tap away from its visit form.
extension AppPage {
    func today() throws -> HTTPResponse {
        let index = try Rounds.index(store)
        let date = WorkflowCommands.today()
        let due = Rounds.due(index, today: date)
        guard !due.isEmpty else {
            return html(
                tr("Oggi", en: "Today"), notice + HTML.paragraph(tr("Nessuna visita in scadenza al \(date.italian).", en: "No visits due on \(date.italian).")))
        }
        // A district's round can be long: 100 households a page, the most urgent buildings first.
        let (shown, pager) = paged(due, path: "/") { page, pages in tr("pagina \(page) di \(pages)", en: "page \(page) of \(pages)") }
        var rows: [[String]] = []
        for item in shown {
            let card = HTML.link("/scheda/\(item.household.id.hex)", formatter.label(of: item.household))
            let visit = HTML.link("/visita?soggetto=\(item.household.id.hex)", tr("Registra visita", en: "Log visit"))
            let late = item.daysOverdue == 0 ? tr("oggi", en: "today") : tr("\(item.daysOverdue) gg di ritardo", en: "\(item.daysOverdue) days late")
            let last = item.lastVisitDate?.italian ?? tr("mai", en: "never")
            let outcome = item.lastVisit.flatMap { formatter.text($0, VisitField.outcome, of: .visit) } ?? ""
            rows.append([HTML.escape(item.building), card, HTML.escape(last + (outcome.isEmpty ? "" : " (\(outcome))")), HTML.escape(late), visit])
        }
        let header = [tr("edificio", en: "building"), tr("nucleo", en: "household"), tr("ultima visita", en: "last visit"), tr("scadenza", en: "due"), ""]
        let intro = HTML.paragraph(
            tr(
                "\(counted(due.count, "nucleo", "nuclei")) da visitare al \(date.italian)",
                en: "\(counted(due.count, "household", "households")) due on \(date.italian)"))
        return html(tr("Oggi", en: "Today"), notice + intro + HTML.table(header, rows) + pager)
    }
}
