import SnodoCommandLine
import SnodoModel
import SnodoServer
import SnodoWeb
import SnodoStore
import SnodoSync

/// Routes a request to its page, behind the guard: the stylesheet is the only thing served
/// without the session, and every page opens the store for itself (one request at a time).
struct AppRouter: Sendable {
    let guardian: AppGuard
    let storePath: String

    func handle(_ raw: HTTPRequest) -> HTTPResponse {
        let request = WebRequest(raw)
        if let refusal = guardian.refusal(request) { return refusal }
        if request.method == "GET", request.path == "/stile.css" {
            return HTML.stylesheetResponse
        }
        if request.method == "GET", request.path == "/favicon.ico" {
            return HTML.iconResponse
        }
        if let opening = guardian.opening(request) { return opening }
        guard guardian.hasSession(request) else {
            return AppGuard.refuse(
                403, tr("Sessione assente: aprire l'indirizzo stampato da `snodo app`.", en: "No session: open the address `snodo app` printed."))
        }
        if VaultFile.isSealed(storePath), let answer = sealed(request) { return answer }
        do {
            // A sealed store opens with the session's key; the app shows nothing without it.
            let vault = VaultFile.isSealed(storePath) ? Vault.unlockedKey(for: storePath) : nil
            let store = try Store.open(path: storePath, environment: Context.liveEnvironment, vault: vault)
            if try DeviceCredentials(store: store).leaseExpired().expired {
                return AppGuard.refuse(
                    423,
                    tr(
                        "Questo portatile non si sincronizza da troppo tempo: sincronizzare per rivedere le schede.",
                        en: "This laptop has not synced for too long: sync to see records again."))
            }
            let page = AppPage(store: store, request: request, token: guardian.token)
            return HTML.secured(try route(page, request))
        } catch {
            return AppGuard.refuse(500, AppPage.explain(error).message)
        }
    }

    /// For a sealed store: the unlock form while it is locked, the unlocking itself; nil once it
    /// is open for the session.
    private func sealed(_ request: WebRequest) -> HTTPResponse? {
        if request.method == "POST", request.path == "/sblocca" {
            guard let file = VaultFile.read(for: storePath),
                let key = try? VaultKey.unwrap(file, passphrase: request.form["frase"]?.last ?? "")
            else { return lockedPage(error: tr("frase segreta errata", en: "wrong passphrase")) }
            try? Vault.startAgent(store: storePath, key: key, idleMinutes: 30)
            return HTML.redirect("/")
        }
        return Vault.unlockedKey(for: storePath) == nil ? lockedPage(error: nil) : nil
    }

    private func lockedPage(error: String?) -> HTTPResponse {
        let describedBy = error == nil ? "" : " aria-describedby=\"errore-frase\""
        let form = HTML.form(
            "/sblocca", token: guardian.token,
            "<label for=\"frase\">\(tr("Frase segreta dell'archivio", en: "Store passphrase"))</label>"
                + "<input type=\"password\" id=\"frase\" name=\"frase\" autocomplete=\"current-password\"\(describedBy)>"
                + (error.map { "<p class=\"errore\" id=\"errore-frase\" role=\"alert\">\(HTML.escape($0))</p>" } ?? "")
                + "<button type=\"submit\">\(tr("Sblocca", en: "Unlock"))</button>")
        let body =
            HTML.paragraph(
                tr(
                    "L'archivio di questo portatile è bloccato: nulla si mostra senza la sua frase segreta.",
                    en: "This laptop's store is locked: nothing shows without its passphrase.")) + form
        return HTML.response(200, HTML.page(tr("Archivio bloccato", en: "Store locked"), body, nav: []))
    }

    private func route(_ page: AppPage, _ request: WebRequest) throws -> HTTPResponse {
        let parts = request.path.split(separator: "/").map(String.init)
        /// The wildcards of `pattern` (`*`) when the method and path match it.
        func match(_ method: String, _ pattern: String) -> [String]? {
            let expected = pattern.split(separator: "/").map(String.init)
            guard request.method == method, expected.count == parts.count else { return nil }
            var captured: [String] = []
            for (want, got) in zip(expected, parts) {
                if want == "*" { captured.append(got) } else if want != got { return nil }
            }
            return captured
        }
        if match("GET", "") != nil { return try page.today() }
        if match("GET", "schede") != nil { return try page.kinds() }
        if let name = match("GET", "schede/*")?.first { return try page.profile.spec(named: name).map(page.list) ?? page.notFound() }
        if let name = match("GET", "schede/*/nuova")?.first { return page.profile.spec(named: name).map { page.form($0, record: nil) } ?? page.notFound() }
        if let name = match("POST", "schede/*/nuova")?.first { return try page.profile.spec(named: name).map(page.create) ?? page.notFound() }
        if let id = match("GET", "scheda/*")?.first { return try withRecord(page, id) { try page.card($0, $1) } }
        if let id = match("GET", "scheda/*/modifica")?.first { return try withRecord(page, id) { page.form($1, record: $0) } }
        if let id = match("POST", "scheda/*/modifica")?.first { return try withRecord(page, id) { try page.update($0, $1) } }
        if let id = match("POST", "scheda/*/conflitto")?.first { return try withRecord(page, id) { record, _ in try page.resolve(record) } }
        if match("GET", "visita") != nil { return request.value("soggetto").flatMap(page.record).map { page.visitForm($0) } ?? page.notFound() }
        if match("POST", "visita") != nil { return try page.logVisit() }
        if match("GET", "conflitti") != nil { return try page.conflicts() }
        if match("GET", "sincronizza") != nil { return try page.syncState() }
        if match("POST", "sincronizza") != nil { return try page.sync() }
        if match("GET", "mappa") != nil { return try page.map() }
        if match("GET", "followup") != nil { return try page.followUps() }
        if let id = match("POST", "followup/*")?.first { return try withRecord(page, id) { record, _ in try page.closeFollowUp(record) } }
        return page.notFound()
    }

    private func withRecord(_ page: AppPage, _ id: String, _ body: (Record, KindSpec) throws -> HTTPResponse) throws -> HTTPResponse {
        guard let record = page.record(id), let kind = record.spec else { return page.notFound() }
        return try body(record, kind)
    }
}
