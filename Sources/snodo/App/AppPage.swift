import SnodoCommandLine
import SnodoCommands
import SnodoModel
import SnodoServer
import SnodoWeb
import SnodoStore

/// What every page has at hand: the store (opened for this request), the request, and the
/// token its forms carry.
struct AppPage {
    let store: Store
    let request: WebRequest
    let token: String
    var formatter: Formatter { Formatter(store: store) }
    var profile: Profile { store.profile }

    func html(_ title: String, _ body: String, status: Int = 200) -> HTTPResponse {
        HTTPResponse(status: status, contentType: "text/html; charset=utf-8", body: Array(HTML.page(title, body, nav: AppPage.nav).utf8))
    }

    /// The app's sections, on every page.
    static var nav: [(href: String, label: String)] {
        [
            ("/", tr("Oggi", en: "Today")), ("/schede", tr("Schede", en: "Records")), ("/mappa", tr("Mappa", en: "Map")), ("/followup", "Follow-up"),
            ("/conflitti", tr("Conflitti", en: "Conflicts")), ("/sincronizza", tr("Sincronizza", en: "Sync")),
        ]
    }

    /// After a post, the page to show next (post, redirect, get: a reload never posts twice).
    func redirect(_ location: String) -> HTTPResponse { HTML.redirect(location) }

    func notFound() -> HTTPResponse {
        html(tr("Pagina non trovata", en: "Page not found"), HTML.paragraph(tr("Questa pagina non esiste.", en: "This page does not exist.")), status: 404)
    }

    /// A record named in the path, of any kind the profile defines.
    func record(_ text: String) -> Record? {
        guard let id = try? store.findRecord(text), let record = try? store.record(id), record.spec != nil else { return nil }
        return record
    }

    /// A refusal's words, and the field it is about when it names one (`--amount`).
    static func explain(_ error: Error) -> (field: String?, message: String) {
        let message: String
        switch error {
        case CommandError.usage(let text, _), CommandError.failure(let text): message = text
        default: message = ErrorText.describe(error)
        }
        let field = message.range(of: "--[a-z0-9-]+", options: .regularExpression).map { String(message[$0].dropFirst(2)) }
        return (field, message)
    }

    /// An error about a field, in a form's words: its label where the command line says `--name`.
    static func worded(_ error: (field: String?, message: String), kind: KindSpec) -> (field: String?, message: String) {
        guard let name = error.field, let field = kind.field(named: name) else { return error }
        return (name, error.message.replacingOccurrences(of: "--\(name)", with: "«\(field.localizedLabel)»"))
    }

    /// The notice a page shows after a post that redirected to it (`?fatto=visita`).
    var notice: String {
        switch request.query["fatto"]?.last {
        case "visita": HTML.paragraph(tr("Visita registrata.", en: "Visit logged."), role: "fatto")
        case "scheda": HTML.paragraph(tr("Scheda salvata.", en: "Record saved."), role: "fatto")
        case "conflitto": HTML.paragraph(tr("Conflitto risolto.", en: "Conflict resolved."), role: "fatto")
        case "followup": HTML.paragraph(tr("Follow-up fatto.", en: "Follow-up done."), role: "fatto")
        default: ""
        }
    }
}
