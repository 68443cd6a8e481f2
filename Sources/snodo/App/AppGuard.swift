import SnodoCommandLine
import SnodoModel
import SnodoServer
import SnodoWeb

/// What keeps the app to the person who launched it on a shared laptop: it answers only on
/// loopback (the listener), only to its own `Host` (no DNS rebinding), only with the per-launch
/// key it printed (exchanged once for a `SameSite=Strict`, `HttpOnly` cookie), and takes a form
/// only with its anti-forgery token and from its own origin. Every answer forbids framing,
/// scripts and anything fetched from elsewhere.
struct AppGuard: Sendable {
    let port: UInt16
    /// The per-launch key, as hex: in the address `snodo app` prints, then in the cookie.
    let key: String
    static let cookie = "snodo_sessione"

    init(port: UInt16, key: [UInt8]) {
        self.port = port
        self.key = key.hex
    }

    var origin: String { "http://127.0.0.1:\(port)" }
    var address: String { origin + "/?chiave=" + key }

    /// The token every form carries: a MAC of the key, so that no other page can know it.
    var token: String { HMACSHA256.mac(key: Array(key.utf8), message: Array("csrf".utf8)).hex }

    /// Nil when the request may go on; else the refusal, one line in the operator's language.
    func refusal(_ request: WebRequest) -> HTTPResponse? {
        let host = request.headers.header("host") ?? ""
        guard host == "127.0.0.1:\(port)" || host == "localhost:\(port)" else {
            return AppGuard.refuse(
                421, tr("indirizzo non ammesso: Snodo risponde solo a \(origin)", en: "address not allowed: Snodo answers only at \(origin)"))
        }
        if request.method == "POST" {
            // A browser names the page a form came from (`Origin`; the referrer policy keeps it
            // for same-origin posts) and whether it is this site (`Sec-Fetch-Site`).
            let origin = request.headers.header("origin"), site = request.headers.header("sec-fetch-site")
            let ownOrigin = origin == nil || origin == self.origin || origin == "http://localhost:\(port)"
            let ownSite = site == nil || site == "same-origin" || site == "none"
            if !ownOrigin || !ownSite {
                return AppGuard.refuse(403, tr("modulo inviato da un'altra pagina: rifiutato", en: "form sent from another page: refused"))
            }
            guard let sent = request.form["csrf"]?.last, HMACSHA256.equal(Array(sent.utf8), Array(token.utf8)) else {
                return AppGuard.refuse(403, tr("modulo senza il contrassegno di questa sessione: rifiutato", en: "form without this session's token: refused"))
            }
        }
        return nil
    }

    /// Whether the request carries the session cookie.
    func hasSession(_ request: WebRequest) -> Bool {
        let cookies = (request.headers.header("cookie") ?? "").split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        return cookies.contains { cookie in
            guard cookie.hasPrefix(AppGuard.cookie + "=") else { return false }
            return HMACSHA256.equal(Array(cookie.dropFirst(AppGuard.cookie.count + 1).utf8), Array(key.utf8))
        }
    }

    /// The first visit, with the printed key: the cookie is set and the key leaves the address bar.
    func opening(_ request: WebRequest) -> HTTPResponse? {
        guard request.method == "GET", let sent = request.query["chiave"]?.last else { return nil }
        guard HMACSHA256.equal(Array(sent.utf8), Array(key.utf8)) else {
            return AppGuard.refuse(
                403, tr("chiave non valida: aprire l'indirizzo stampato da `snodo app`", en: "wrong key: open the address `snodo app` printed"))
        }
        return HTML.secured(HTML.redirect("/", cookie: "\(AppGuard.cookie)=\(key); Path=/; HttpOnly; SameSite=Strict"))
    }

    static func refuse(_ status: Int, _ message: String) -> HTTPResponse {
        HTML.response(status, HTML.page("Snodo", HTML.paragraph(message, role: "errore"), nav: AppPage.nav))
    }
}
