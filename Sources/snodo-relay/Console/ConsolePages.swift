import Foundation
import SnodoCommandLine
import SnodoCommands
import SnodoModel
import SnodoServer
import SnodoStore
import SnodoSync
import SnodoWeb
import SnodoWorkflows

/// The console's pages for one logged-in coordinator: devices (enroll, revoke, scope), erasures,
/// a record's audit trail, the programme report, and the console's own log. Every read and write
/// of the relay's store happens under the relay's lock, as a sync does.
struct ConsolePages {
    let service: Locked<RelayService>
    let accounts: ConsoleAccounts
    let user: String
    let csrf: String
    let request: WebRequest

    func route() -> HTTPResponse {
        let parts = Array(request.path.split(separator: "/").map(String.init).dropFirst())
        do {
            switch (request.method, parts) {
            case ("GET", []): return try devices()
            case ("GET", ["registra"]): return enrollForm(error: nil)
            case ("POST", ["registra"]): return try enroll()
            case ("POST", let path) where path.count == 3 && path[0] == "dispositivi" && path[2] == "revoca": return try revoke(path[1])
            case ("GET", let path) where path.count == 3 && path[0] == "dispositivi" && path[2] == "ambito": return try scopeForm(path[1], error: nil)
            case ("POST", let path) where path.count == 3 && path[0] == "dispositivi" && path[2] == "ambito": return try changeScope(path[1])
            case ("GET", ["cancellazioni"]): return try erasures()
            case ("GET", ["audit"]): return try audit()
            case ("GET", ["rapporto"]): return try report()
            case ("GET", ["rapporto.csv"]): return try reportCSV()
            case ("GET", ["azioni"]): return try actions()
            default:
                return page(tr("Pagina non trovata", en: "Page not found"), HTML.paragraph(tr("Questa pagina non esiste.", en: "No such page.")), status: 404)
            }
        } catch {
            let words = (error as? StoreError).map(StoreErrorText.describe) ?? String(describing: error)
            return page(tr("Errore", en: "Error"), HTML.paragraph(words, role: "errore"), status: 500)
        }
    }

    // MARK: Layout

    static var nav: [(href: String, label: String)] {
        [
            ("/console", tr("Dispositivi", en: "Devices")), ("/console/registra", tr("Registra un portatile", en: "Enroll a laptop")),
            ("/console/cancellazioni", tr("Cancellazioni", en: "Erasures")), ("/console/audit", tr("Tracciato di una scheda", en: "Audit trail")),
            ("/console/rapporto", tr("Rapporto", en: "Report")), ("/console/azioni", tr("Registro della console", en: "Console log")),
        ]
    }

    func page(_ title: String, _ body: String, status: Int = 200) -> HTTPResponse {
        let signedIn =
            "<p class=\"nota\">" + HTML.escape(tr("Console del coordinatore · \(user)", en: "Coordinator's console · \(user)")) + "</p>"
            + HTML.form("/console/esci", token: csrf, "<button class=\"secondario\" type=\"submit\">\(tr("Esci", en: "Log out"))</button>")
        return HTML.response(status, HTML.page(title, signedIn + body, nav: ConsolePages.nav, stylesheet: "/console/stile.css", icon: "/console/icona.svg"))
    }

    static func login(error: String?, expired: Bool, status: Int = 200) -> HTTPResponse {
        var body = ""
        if expired { body += HTML.paragraph(tr("La sessione è scaduta: entrare di nuovo.", en: "The session ended: log in again."), role: "errore") }
        let describedBy = error == nil ? "" : " aria-describedby=\"errore-accesso\""
        body += """
            <form method="post" action="/console/accesso">
            <label for="nome">\(tr("Nome", en: "Name"))</label><input type="text" id="nome" name="nome" autocomplete="username" required\(describedBy)>
            <label for="password">Password</label><input type="password" id="password" name="password" autocomplete="current-password" required\(describedBy)>
            \(error.map { "<p class=\"errore\" id=\"errore-accesso\" role=\"alert\">\(HTML.escape($0))</p>" } ?? "")
            <button type="submit">\(tr("Entra", en: "Log in"))</button>
            </form>
            """
        let title = tr("Console del coordinatore", en: "Coordinator's console")
        return HTML.response(status, HTML.page(title, body, nav: [], stylesheet: "/console/stile.css", icon: "/console/icona.svg"))
    }

    static func refusal(_ status: Int, _ message: String) -> HTTPResponse {
        HTML.response(
            status, HTML.page("Snodo", HTML.paragraph(message, role: "errore"), nav: [], stylesheet: "/console/stile.css", icon: "/console/icona.svg"))
    }

    func redirect(_ location: String) -> HTTPResponse { HTML.secured(HTML.redirect(location)) }

    // MARK: Devices

    private func devices() throws -> HTTPResponse {
        let rows = try service.withLock { try ConsoleDevice.all($0.store) }
        let notice: String =
            switch request.value("fatto") {
            case "revocato":
                HTML.paragraph(tr("Portatile revocato: si cancella al prossimo contatto.", en: "Laptop revoked: it wipes at its next contact."), role: "fatto")
            case "ambito": HTML.paragraph(tr("Ambito cambiato.", en: "Scope changed."), role: "fatto")
            default: ""
            }
        guard !rows.isEmpty else {
            return page(tr("Dispositivi", en: "Devices"), notice + HTML.paragraph(tr("Nessun portatile registrato.", en: "No laptop enrolled.")))
        }
        let header = [
            tr("Dispositivo", en: "Device"), tr("Operatore", en: "Operator"), "Team", tr("Stato", en: "Status"), tr("Ultima sincronizzazione", en: "Last sync"),
            tr("Non inviate", en: "Not sent"), tr("Non confermate", en: "Not confirmed"), tr("Orologio", en: "Clock"), tr("Validità", en: "Lease"),
            tr("Azioni", en: "Actions"),
        ]
        let table = HTML.table(header, rows.map { row in row.cells.map(HTML.escape) + [actionsCell(row)] })
        return page(tr("Dispositivi", en: "Devices"), notice + table)
    }

    private func actionsCell(_ row: ConsoleDevice) -> String {
        guard row.enrolled, row.status != "revoked" else { return "" }
        let label = tr("Revoca \(row.id)", en: "Revoke \(row.id)")
        return HTML.link("/console/dispositivi/\(row.id)/ambito", tr("Ambito", en: "Scope"))
            + HTML.form(
                "/console/dispositivi/\(row.id)/revoca", token: csrf,
                "<button class=\"secondario\" type=\"submit\" aria-label=\"\(HTML.escape(label))\">\(tr("Revoca", en: "Revoke"))</button>")
    }

    // MARK: Enroll, revoke, scope

    private func enrollForm(error: (field: String, message: String)?) -> HTTPResponse {
        let fields = scopeFields(team: request.value("team") ?? "", operatorName: request.value("operatore") ?? "", scope: nil, error: error)
        let form = HTML.form("/console/registra", token: csrf, fields + "<button type=\"submit\">\(tr("Registra", en: "Enroll"))</button>")
        // A form with an error is the page to correct it on, not a failed load (as in the field app).
        return page(tr("Registra un portatile", en: "Enroll a laptop"), form)
    }

    /// The fields of an enrollment or a scope change, each error beside its field.
    private func scopeFields(team: String?, operatorName: String?, scope: Scope?, error: (field: String, message: String)?) -> String {
        func described(_ name: String) -> String { error?.field == name ? " aria-describedby=\"errore-\(name)\" aria-invalid=\"true\"" : "" }
        func note(_ name: String) -> String {
            guard let error, error.field == name else { return "" }
            return "<p class=\"errore\" id=\"errore-\(name)\" role=\"alert\">\(HTML.escape(error.message))</p>"
        }
        func text(_ name: String, _ label: String, _ value: String) -> String {
            "<label for=\"\(name)\">\(HTML.escape(label))</label>"
                + "<input type=\"text\" id=\"\(name)\" name=\"\(name)\" value=\"\(HTML.escape(value))\"\(described(name))>" + note(name)
        }
        var html = ""
        if let team { html += text("team", "Team", team) }
        if let operatorName { html += text("operatore", tr("Operatore", en: "Operator"), operatorName) }
        let role = request.value("ruolo") ?? scope?.role.rawValue ?? TeamRole.caretaker.rawValue
        let options = TeamRole.allCases.map { choice in
            "<option value=\"\(choice.rawValue)\"\(choice.rawValue == role ? " selected" : "")>\(HTML.escape(choice.rawValue))</option>"
        }.joined()
        html += "<label for=\"ruolo\">\(tr("Ruolo", en: "Role"))</label><select id=\"ruolo\" name=\"ruolo\">\(options)</select>"
        html += text(
            "distretti", tr("Distretti (separati da virgole, * per tutti)", en: "Districts (comma-separated, * for all)"),
            request.value("distretti") ?? scope.map { $0.districts.sorted().joined(separator: ",") } ?? "")
        html += text(
            "validita", tr("Giorni senza sincronizzare prima che il portatile si blocchi", en: "Days without a sync before the laptop locks"),
            request.value("validita") ?? "\(scope?.leaseDays ?? 14)")
        return html
    }

    /// The scope a form asks for, or the field that is wrong and why.
    private func requestedScope(current: Scope?) -> Result<Scope, FieldError> {
        guard let role = TeamRole(rawValue: request.value("ruolo") ?? "") else {
            return .failure(FieldError(field: "ruolo", message: tr("scegliere un ruolo", en: "choose a role")))
        }
        let districts = Set((request.value("distretti") ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
        guard !districts.isEmpty else {
            return .failure(FieldError(field: "distretti", message: tr("almeno un distretto (o * per tutti)", en: "at least one district (or * for all)")))
        }
        guard let lease = Int(request.value("validita") ?? ""), (1...365).contains(lease) else {
            return .failure(FieldError(field: "validita", message: tr("un numero intero da 1 a 365", en: "a whole number from 1 to 365")))
        }
        let now = ConsoleAccounts.nowMillis
        return .success(Scope(role: role, districts: districts, epoch: Scope.nextEpoch(after: current?.epoch ?? 0, wallMillis: now), leaseDays: lease))
    }

    struct FieldError: Error {
        let field: String
        let message: String
    }

    private func enroll() throws -> HTTPResponse {
        guard let team = request.value("team"), team.count <= EnrollmentCode.nameBytesMax else {
            return enrollForm(error: ("team", tr("indicare il team (al più 128 caratteri)", en: "give the team (at most 128 characters)")))
        }
        let scope: Scope
        switch requestedScope(current: nil) {
        case .success(let granted): scope = granted
        case .failure(let error): return enrollForm(error: (error.field, error.message))
        }
        let operatorName = request.value("operatore")
        let enrolled = try service.withLock { service -> EnrollmentCode? in
            guard let authority = service.authority else { return nil }
            return try authority.enroll(
                service.store, device: DeviceID(UInt64.random(in: 1...UInt64.max)), team: team, scope: scope, operatorName: operatorName)
        }
        guard let code = enrolled else {
            return page(
                tr("Registra un portatile", en: "Enroll a laptop"),
                HTML.paragraph(
                    tr("Questo relay è aperto (--open): non registra portatili.", en: "This relay is open (--open): it enrolls no laptops."), role: "errore"),
                status: 409)
        }
        try accounts.record(user, "registra", code.device.hex)
        let districts = scope.districts.sorted().joined(separator: ",")
        let body =
            HTML.paragraph(
                tr(
                    "Registrato il dispositivo \(code.device.hex): team \(team), \(scope.role.rawValue), distretti \(districts).",
                    en: "Enrolled device \(code.device.hex): team \(team), \(scope.role.rawValue), districts \(districts)."),
                role: "fatto")
            + HTML.paragraph(
                tr(
                    "Consegnare il codice a chi userà il portatile (`snodo enroll CODICE --relay URL`). Funziona una volta sola e non si mostra di nuovo.",
                    en: "Hand the code to whoever will use the laptop (`snodo enroll CODE --relay URL`). It works once and is not shown again."))
            + "<p><code id=\"codice\">\(HTML.escape(code.text))</code></p>"
        return page(tr("Codice di registrazione", en: "Enrollment code"), body)
    }

    private func enrolledDevice(_ text: String) throws -> EnrolledDevice? {
        guard let id = DeviceID(hex: text.lowercased()) else { return nil }
        return try service.withLock { try $0.store.enrolledDevice(id) }
    }

    private func revoke(_ text: String) throws -> HTTPResponse {
        guard let device = try enrolledDevice(text) else { return unknownDevice() }
        try service.withLock { service in
            var revoked = device
            revoked.status = .revoked
            revoked.revokedMillis = service.store.wallMillis
            try service.store.write { try $0.saveDevice(revoked) }
        }
        try accounts.record(user, "revoca", device.device.hex)
        return redirect("/console?fatto=revocato")
    }

    private func scopeForm(_ text: String, error: (field: String, message: String)?) throws -> HTTPResponse {
        guard let device = try enrolledDevice(text) else { return unknownDevice() }
        let fields = scopeFields(team: nil, operatorName: nil, scope: device.scope, error: error)
        let form = HTML.form(
            "/console/dispositivi/\(device.device.hex)/ambito", token: csrf,
            fields + "<button type=\"submit\">\(tr("Cambia l'ambito", en: "Change the scope"))</button>")
        let who = [device.operatorName, device.team].compactMap { $0 }.joined(separator: ", ")
        return page(tr("Ambito di \(device.device.hex)", en: "Scope of \(device.device.hex)"), HTML.paragraph(who) + form)
    }

    private func changeScope(_ text: String) throws -> HTTPResponse {
        guard var device = try enrolledDevice(text) else { return unknownDevice() }
        switch requestedScope(current: device.scope) {
        case .failure(let error): return try scopeForm(text, error: (error.field, error.message))
        case .success(let scope): device.scope = scope
        }
        let changed = device
        try service.withLock { service in try service.store.write { try $0.saveDevice(changed) } }
        try accounts.record(user, "ambito", "\(device.device.hex) \(device.scope.role.rawValue) \(device.scope.districts.sorted().joined(separator: ","))")
        return redirect("/console?fatto=ambito")
    }

    private func unknownDevice() -> HTTPResponse {
        page(
            tr("Dispositivo sconosciuto", en: "Unknown device"),
            HTML.paragraph(tr("Nessun portatile registrato con questo id.", en: "No laptop enrolled with this id.")), status: 404)
    }

    // MARK: Erasures, audit, log

    private func erasures() throws -> HTTPResponse {
        let rows = try service.withLock { try ConsolePages.erasureRows($0.store) }
        let body =
            rows.isEmpty
            ? HTML.paragraph(tr("Nessuna cancellazione.", en: "No erasures."))
            : HTML.table(
                [tr("Scheda", en: "Record"), tr("Cancellata", en: "Erased"), tr("Confermata da", en: "Confirmed by"), tr("In attesa", en: "Pending")],
                rows.map { $0.map(HTML.escape) })
        return page(tr("Cancellazioni", en: "Erasures"), body)
    }

    private func audit() throws -> HTTPResponse {
        let asked = request.value("scheda") ?? ""
        var body = """
            <form method="get" action="/console/audit"><label for="scheda">\(tr("Scheda (id o suo inizio)", en: "Record (id or its start)"))</label>
            <input type="text" id="scheda" name="scheda" value="\(HTML.escape(asked))"><button type="submit">\(tr("Mostra", en: "Show"))</button></form>
            """
        if !asked.isEmpty {
            let rows = try service.withLock { try ConsolePages.auditRows($0.store, asked: asked) }
            if let rows {
                body += HTML.table(
                    [
                        tr("Campo", en: "Field"), tr("Scritto", en: "Written"), tr("Dispositivo", en: "Device"), tr("Operatore", en: "Operator"),
                        tr("Ricevuto", en: "Received"),
                    ],
                    rows.map { $0.map(HTML.escape) })
            } else {
                body += HTML.paragraph(tr("Nessuna scheda con questo id.", en: "No record with this id."), role: "errore")
            }
        }
        return page(tr("Tracciato di una scheda", en: "Audit trail"), body)
    }

    /// Every erasure, with the laptops that have confirmed it and those that have not yet.
    static func erasureRows(_ store: Store) throws -> [[String]] {
        try TrustCommands.confirmations(store).map { erasure, confirmed, pending in
            [erasure.record.hex, RelayCommands.localTime(erasure.stamp.hlc.millis), confirmed.joined(separator: " "), pending.joined(separator: " ")]
        }
    }

    /// A record's trail as `snodo-relay audit` shows it; nil when no record has this id.
    static func auditRows(_ store: Store, asked: String) throws -> [[String]]? {
        guard let id = try? TrustCommands.auditedRecord(asked, store: store) else { return nil }
        return try TrustCommands.trail(of: id, store: store).map(TrustCommands.auditTableRow)
    }

    private func actions() throws -> HTTPResponse {
        let rows = try accounts.actions().map { [RelayCommands.localTime($0.millis), $0.user, $0.action, $0.target].map(HTML.escape) }
        let body =
            rows.isEmpty
            ? HTML.paragraph(tr("Nessuna azione.", en: "No actions."))
            : HTML.table([tr("Quando", en: "When"), tr("Chi", en: "Who"), tr("Azione", en: "Action"), tr("Su", en: "On")], rows)
        return page(tr("Registro della console", en: "Console log"), body)
    }
}
