import Foundation
import SnodoCommandLine
import SnodoModel
import SnodoServer
import SnodoSync
import SnodoWeb

/// The coordinator's console, `snodo-relay serve --console`: pages under `/console` on the relay's
/// own server (behind the same nginx). A coordinator logs in with a password (Argon2id); the
/// session is a random token in a `SameSite=Strict`, `HttpOnly` cookie that ends after 30 minutes
/// idle or 12 hours; every form carries the session's token and must come from the console's own
/// origin; every action is written to the console's log with who took it.
struct Console: Sendable {
    static let cookie = "snodo_console"
    let accounts: ConsoleAccounts
    let service: Locked<RelayService>

    func handle(_ raw: HTTPRequest) -> HTTPResponse {
        let request = WebRequest(raw)
        switch (request.method, request.path) {
        case ("GET", "/console/stile.css"): return HTML.stylesheetResponse
        case ("GET", "/console/icona.svg"): return HTML.iconResponse
        case ("GET", "/console/accesso"): return ConsolePages.login(error: nil, expired: request.value("scaduta") != nil)
        case ("POST", "/console/accesso"): return logIn(request)
        default: break
        }
        if let refusal = crossSite(request) { return refusal }
        guard let token = sessionToken(request), let user = try? accounts.user(of: token) else {
            // No session, or one that ended: a page asks to log in; an action is refused.
            if request.method == "GET" {
                let expired = sessionToken(request) != nil
                return redirect("/console/accesso" + (expired ? "?scaduta=1" : ""))
            }
            return ConsolePages.refusal(
                401, tr("sessione assente o scaduta: entrare di nuovo; nulla è stato fatto", en: "no session, or it ended: log in again; nothing was done"))
        }
        let csrf = Console.csrf(for: token)
        if request.method == "POST" {
            guard let sent = request.form["csrf"]?.last, HMACSHA256.equal(Array(sent.utf8), Array(csrf.utf8)) else {
                return ConsolePages.refusal(
                    403, tr("modulo senza il contrassegno di questa sessione: rifiutato", en: "form without this session's token: refused"))
            }
        }
        let pages = ConsolePages(service: service, accounts: accounts, user: user, csrf: csrf, request: request)
        if request.method == "POST", request.path == "/console/esci" {
            try? accounts.logOut(token)
            return redirect("/console/accesso", cookie: "\(Console.cookie)=; Path=/console; Max-Age=0; HttpOnly; SameSite=Strict")
        }
        return pages.route()
    }

    private func logIn(_ request: WebRequest) -> HTTPResponse {
        if let refusal = crossSite(request) { return refusal }
        let name = request.value("nome") ?? "", password = request.form["password"]?.last ?? ""
        guard let token = (try? accounts.logIn(name, password: password)) ?? nil else {
            return ConsolePages.login(error: tr("nome o password errati", en: "wrong name or password"), expired: false, status: 401)
        }
        try? accounts.record(name, "accesso", "")
        let secure = request.headers.header("x-forwarded-proto")?.lowercased() == "https" ? "; Secure" : ""
        return redirect("/console", cookie: "\(Console.cookie)=\(token); Path=/console; HttpOnly; SameSite=Strict\(secure)")
    }

    /// A form posted from another site: its `Origin` is not this console's, or the browser says
    /// the request is cross-site.
    private func crossSite(_ request: WebRequest) -> HTTPResponse? {
        guard request.method == "POST" else { return nil }
        let host = request.headers.header("host") ?? ""
        let origin = request.headers.header("origin"), site = request.headers.header("sec-fetch-site")
        let ownOrigin = origin == nil || origin == "http://\(host)" || origin == "https://\(host)"
        let ownSite = site == nil || site == "same-origin" || site == "none"
        guard ownOrigin && ownSite else {
            return ConsolePages.refusal(403, tr("modulo inviato da un altro sito: rifiutato", en: "form sent from another site: refused"))
        }
        return nil
    }

    private func sessionToken(_ request: WebRequest) -> String? {
        let cookies = (request.headers.header("cookie") ?? "").split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        return cookies.first { $0.hasPrefix(Console.cookie + "=") }.map { String($0.dropFirst(Console.cookie.count + 1)) }.flatMap {
            $0.isEmpty ? nil : $0
        }
    }

    /// The token every form of a session carries: a MAC of the session's token, which no other
    /// site can know.
    static func csrf(for token: String) -> String { HMACSHA256.mac(key: Array(token.utf8), message: Array("console-csrf".utf8)).hex }

    private func redirect(_ location: String, cookie: String? = nil) -> HTTPResponse { HTML.secured(HTML.redirect(location, cookie: cookie)) }
}
