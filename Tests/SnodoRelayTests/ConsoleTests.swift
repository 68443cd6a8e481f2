import Foundation
import Testing
import SnodoModel
import SnodoServer
import SnodoStore
import SnodoTestSupport

/// The coordinator's console (`snodo-relay serve --console`) against the real relay: what it
/// refuses over plain HTTP (no session, an ended one, another site, a form without its token),
/// and a coordinator's work in Debian's headless chromium, with screenshots in
/// `.build/screenshots/console-*.png`.
@Suite(.serialized) struct ConsoleTests {
    static let password = "una password lunga"

    /// A closed relay with the console on and one coordinator, Marta.
    static func site(_ prefix: String) throws -> RelaySite {
        let site = RelaySite(prefix, laptopFolders: true, options: ["--console"])
        let passwordFile = site.folder + "/password"
        try Data((password + "\n").utf8).write(to: URL(fileURLWithPath: passwordFile))
        try site.relayCommand("console-user", "add", "marta", "--password-file", passwordFile)
        return site
    }

    /// One request over a socket, as written (plus Host and length): its status, headers and page.
    static func raw(_ site: RelaySite, _ head: String, body: String = "") throws -> (status: Int, body: String, head: String) {
        let request = head + "Host: 127.0.0.1:\(site.relay.port)\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n" + body
        let answer = try SocketHTTP.exchangeWithHead(port: site.relay.port, Array(request.utf8))
        return (answer.status, String(decoding: answer.body, as: UTF8.self), answer.head)
    }

    /// Logs in over plain HTTP: the session cookie and the token its forms carry.
    static func logIn(_ site: RelaySite) throws -> (cookie: String, csrf: String) {
        let form = "Content-Type: application/x-www-form-urlencoded\r\n"
        let answer = try raw(site, "POST /console/accesso HTTP/1.1\r\n\(form)", body: "nome=marta&password=una+password+lunga").head
        let cookie = try #require(answer.range(of: #"snodo_console=[0-9a-f]+"#, options: .regularExpression).map { String(answer[$0]) })
        let page = try raw(site, "GET /console/registra HTTP/1.1\r\nCookie: \(cookie)\r\n").body
        let csrf = try #require(
            page.range(of: #"name="csrf" value="[0-9a-f]+""#, options: .regularExpression).map { String(page[$0].split(separator: "\"")[3]) })
        return (cookie, csrf)
    }

    @Test func actionsWithoutASessionFromAnotherSiteOrAfterItEndedAreRefused() throws {
        let site = try Self.site("snodo-console-guard")
        defer { site.cleanUp() }
        let (_, device) = try site.enroll("a", districts: "Lodi-1")
        try site.relay.start()
        let form = "Content-Type: application/x-www-form-urlencoded\r\n"
        let enroll = "team=t&ruolo=caretaker&distretti=Lodi-1&validita=14"
        func devices() throws -> Int { try site.relay.openStore().enrolledDevices().count }
        // No session: a page asks to log in, an action is refused.
        #expect(try Self.raw(site, "GET /console HTTP/1.1\r\n").status == 303)
        #expect(try Self.raw(site, "POST /console/registra HTTP/1.1\r\n\(form)", body: enroll).status == 401)
        #expect(try Self.raw(site, "POST /console/accesso HTTP/1.1\r\n\(form)", body: "nome=marta&password=sbagliata").status == 401)
        #expect(try Self.raw(site, "POST /console/accesso HTTP/1.1\r\n\(form)", body: "nome=nessuno&password=sbagliata").status == 401)
        let (cookie, csrf) = try Self.logIn(site)
        let session = "Cookie: \(cookie)\r\n"
        // With the session: without its token, or from another site with it.
        #expect(try Self.raw(site, "POST /console/registra HTTP/1.1\r\n\(form)\(session)", body: enroll).status == 403)
        let foreign = "Origin: https://evil.example\r\n"
        #expect(try Self.raw(site, "POST /console/registra HTTP/1.1\r\n\(form)\(session)\(foreign)", body: enroll + "&csrf=\(csrf)").status == 403)
        #expect(try devices() == 1, "nothing enrolled by a refused form")
        // The session ends (as after 30 minutes idle): the same revocation is refused.
        let accounts = try Database(path: site.relay.folder + "/console.sqlite")
        try accounts.execute("UPDATE sessions SET last_millis = last_millis - \(31 * 60_000)")
        let revoke = "POST /console/dispositivi/\(device)/revoca HTTP/1.1\r\n\(form)\(session)"
        #expect(try Self.raw(site, revoke, body: "csrf=\(csrf)").status == 401)
        #expect(try site.relay.openStore().enrolledDevices().allSatisfy { $0.status != .revoked })
        let expired = try Self.raw(site, "GET /console HTTP/1.1\r\n\(session)").head
        #expect(expired.contains("Location: /console/accesso?scaduta=1"), "\(expired)")
        // Logged in again, the revocation is taken and written to the console's log.
        let (again, token) = try Self.logIn(site)
        #expect(try Self.raw(site, "POST /console/dispositivi/\(device)/revoca HTTP/1.1\r\n\(form)Cookie: \(again)\r\n", body: "csrf=\(token)").status == 303)
        #expect(try site.relay.openStore().enrolledDevices().contains { $0.status == .revoked })
        let log = try Self.raw(site, "GET /console/azioni HTTP/1.1\r\nCookie: \(again)\r\n").body
        #expect(log.contains("revoca") && log.contains(device) && log.contains("marta"), "\(log)")
        #expect(!FileManager.default.contents(atPath: site.relay.folder + "/console.sqlite")!.contains(Array(Self.password.utf8)))
    }

    @Test func aCoordinatorEnrollsRevokesAndReadsTheMonthsReportInTheBrowser() throws {
        try #require(WebDriver.isInstalled, "chromium and chromium-driver are installed by .ci/run")
        let site = try Self.site("snodo-console-browser")
        defer { site.cleanUp() }
        try site.relay.start()
        try FileManager.default.createDirectory(atPath: FieldAppTests.screenshots, withIntermediateDirectories: true)
        let browser = try WebDriver(port: UInt16(20_000 + Int((getpid() + 7) % 20_000)))
        defer { browser.quit() }
        func shot(_ name: String) throws { try browser.screenshot(FieldAppTests.screenshots + "/console-\(name).png") }
        let origin = site.relay.url

        try browser.open(origin + "/console")
        try browser.type("#nome", "marta")
        try browser.type("#password", Self.password)
        try shot("1-accesso")
        try browser.follow("main button[type='submit']")
        #expect(try browser.text().contains("Nessun portatile registrato"))

        // Enroll: a wrong field is said beside it; then the code to hand over.
        try browser.open(origin + "/console/registra")
        try browser.type("#team", "custodi-lodi")
        try browser.type("#operatore", "Anna Bianchi")
        try browser.type("#distretti", "Lodi-1")
        try browser.clear("#validita")
        try browser.type("#validita", "0")
        try browser.follow("main form:not([action='/console/esci']) button[type='submit']")
        #expect(try browser.text("#errore-validita").contains("da 1 a 365"))
        try browser.clear("#validita")
        try browser.type("#validita", "14")
        try browser.follow("main form:not([action='/console/esci']) button[type='submit']")
        let code = try browser.text("#codice")
        #expect(code.hasPrefix("snodo1-"))
        try shot("2-codice")

        // The laptop enrolls with it, logs a home visit and syncs.
        let laptop = site.folder + "/anna/field.sqlite"
        try site.snodo(laptop, "enroll", code)
        let home = try site.snodo(laptop, "household", "add", "--district", "Lodi-1", "--comune", "Lodi", "--street", "via Roma").stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        try site.snodo(laptop, "visit", "log", "--subject", home, "--kind", "home-monitoring", "--outcome", "met")
        _ = try site.sync(laptop)
        try browser.open(origin + "/console")
        let devices = try browser.text()
        #expect(devices.contains("Anna Bianchi") && devices.contains("attivo") && !devices.contains("mai"), "\(devices)")
        try shot("3-dispositivi")

        // The month's report: bars and figures, and the CSV.
        try browser.open(origin + "/console/rapporto")
        _ = try browser.element("figure svg rect")
        let report = try browser.text()
        #expect(report.contains("Lodi-1") && report.contains("Scarica il CSV"), "\(report)")
        try shot("4-rapporto")

        // Revoke: the laptop is told to wipe at its next contact.
        try browser.open(origin + "/console")
        try browser.follow("main button[aria-label^='Revoca']")
        #expect(try browser.text().contains("Portatile revocato"))
        try shot("5-revocato")
        let revoked = try site.sync(laptop, status: 1)
        #expect(revoked.stderr.contains("revocato"))
        let log = try Self.raw(site, "GET /console/azioni HTTP/1.1\r\nCookie: \(try Self.logIn(site).cookie)\r\n").body
        #expect(log.contains("registra") && log.contains("revoca"))
        let severe = try browser.severeLog()
        #expect(severe.isEmpty, "the browser's console: \(severe)")
    }
}
