import Foundation
import Testing
import SnodoModel
import SnodoServer
import SnodoStore
import SnodoTestSupport

/// `snodo app`, the field app, against the real binary: what it refuses over plain HTTP, and a
/// caretaker's and a street unit's work in Debian's headless chromium through WebDriver, with a
/// screenshot of each step in `.build/screenshots/` (README, "The field app").
@Suite(.serialized) struct FieldAppTests {
    static let screenshots = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent(".build/screenshots").path

    /// A Lodi laptop on its own: a household due today, a place with a position.
    static func laptop(_ folder: String) throws -> (store: String, home: String, place: String) {
        let store = folder + "/field.sqlite"
        func snodo(_ words: String...) throws -> String {
            let result = try runProduct("snodo", ["--store", store] + words, environment: ["LANG": "it_IT.UTF-8"])
            #expect(result.status == 0, "\(words): \(result.stderr)")
            return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        _ = try snodo("init", "--profile", "lodi", "--district", "Lodi-1", "--team", "custodi", "--operator", "Anna")
        let home = try snodo("household", "add", "--comune", "Lodi", "--street", "via Lodivecchio", "--number", "9", "--stair", "B", "--monitoring-days", "7")
        let place = try snodo("place", "add", "--name", "Stazione di Lodi", "--kind", "station", "--location", "45,3097;9,5037", "--status", "active")
        return (store, home, place)
    }

    static func raw(_ app: AppProcess, _ head: String, body: String = "") throws -> (status: Int, body: String) {
        let request = head + "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n" + body
        let (status, bytes) = try SocketHTTP.exchange(port: app.port, Array(request.utf8))
        return (status, String(decoding: bytes, as: UTF8.self))
    }

    @Test func aRequestWithAnotherHostWithoutTheKeyOrFromAnotherPageIsRefusedAndWritesNothing() throws {
        let folder = makeTemporaryFolder("snodo-app-guard")
        defer { removeTemporaryFolder(folder) }
        let (store, home, _) = try Self.laptop(folder)
        let app = try AppProcess(store: store)
        defer { app.stop() }
        let key = String(app.address.split(separator: "=")[1])
        let host = "Host: 127.0.0.1:\(app.port)\r\n"
        // DNS rebinding: a name that resolves here is still another site.
        #expect(try Self.raw(app, "GET / HTTP/1.1\r\nHost: snodo.example:\(app.port)\r\nCookie: snodo_sessione=\(key)\r\n").status == 421)
        #expect(try Self.raw(app, "GET / HTTP/1.1\r\n\(host)").status == 403)
        #expect(try Self.raw(app, "GET /?chiave=00\(key.dropFirst(2)) HTTP/1.1\r\n\(host)").status == 403)
        let opened = try Self.raw(app, "GET / HTTP/1.1\r\n\(host)Cookie: snodo_sessione=\(key)\r\n")
        #expect(opened.status == 200 && opened.body.contains("1 nucleo da visitare"), "\(opened.body)")
        // A cross-site post: without this session's token, or from another origin with it.
        let form = "Content-Type: application/x-www-form-urlencoded\r\nCookie: snodo_sessione=\(key)\r\n"
        let fields = "soggetto=\(home)&kind=home-monitoring&outcome=met"
        #expect(try Self.raw(app, "POST /visita HTTP/1.1\r\n\(host)\(form)", body: fields).status == 403)
        let page = try Self.raw(app, "GET /visita?soggetto=\(home) HTTP/1.1\r\n\(host)Cookie: snodo_sessione=\(key)\r\n").body
        let token = try #require(page.range(of: #"name="csrf" value="[0-9a-f]+""#, options: .regularExpression).map { page[$0].split(separator: "\"")[3] })
        let foreign = "Origin: https://evil.example\r\n"
        #expect(try Self.raw(app, "POST /visita HTTP/1.1\r\n\(host)\(form)\(foreign)", body: fields + "&csrf=\(token)").status == 403)
        let visits = try openTestStore(path: store, environment: TestClock(seed: 5).environment).recordIDs(of: .visit)
        #expect(visits.isEmpty, "a refused form writes nothing")
        // The same post from the app's own page is taken.
        #expect(try Self.raw(app, "POST /visita HTTP/1.1\r\n\(host)\(form)Origin: \(app.origin)\r\n", body: fields + "&csrf=\(token)").status == 303)
        #expect(try openTestStore(path: store, environment: TestClock(seed: 6).environment).recordIDs(of: .visit).count == 1)
    }

    @Test func aCaretakerAndAStreetUnitWorkInTheBrowser() throws {
        try #require(WebDriver.isInstalled, "chromium and chromium-driver are installed by .ci/run")
        let folder = makeTemporaryFolder("snodo-app-browser")
        defer { removeTemporaryFolder(folder) }
        let (store, home, place) = try Self.laptop(folder)
        try Self.makeConflict(store: store, home: home)
        try FileManager.default.createDirectory(atPath: Self.screenshots, withIntermediateDirectories: true)
        let app = try AppProcess(store: store)
        defer { app.stop() }
        let browser = try WebDriver(port: UInt16(20_000 + Int(getpid() % 20_000)))
        defer { browser.quit() }
        func shot(_ name: String) throws { try browser.screenshot(Self.screenshots + "/\(name).png") }

        // Oggi: the household is due; its visit form; a need, a service, the outcome: four interactions.
        try browser.open(app.address)
        #expect(try browser.text().contains("1 nucleo da visitare"))
        try shot("1-oggi")
        try browser.follow("a[href^='/visita']")
        try browser.click("input[name='needs'][value='food']")
        try browser.type("input[name='services.food-parcel']", "1")
        try shot("2-visita")
        try browser.follow("button[name='outcome'][value='met']")
        let today = try browser.text()
        #expect(today.contains("Visita registrata") && today.contains("Nessuna visita in scadenza"), "\(today)")
        try shot("3-oggi-dopo-la-visita")

        // A programme's own kind, with Italian input, and a wrong amount refused beside its field.
        try browser.open(app.origin + "/schede/arrears/nuova")
        try browser.click("select[name='household'] option[value='\(home)']")
        try browser.type("input[name='owed']", "12,3,4")
        try browser.type("input[name='since']", "03/12/2026")
        try browser.follow("main button[type='submit']")
        #expect(try browser.text("#errore-owed").contains("«debito verso ALER»"))
        try shot("4-errore-accanto-al-campo")
        try browser.open(app.origin + "/schede/arrears/nuova")
        try browser.click("select[name='household'] option[value='\(home)']")
        try browser.type("input[name='owed']", "1.250,50")
        try browser.type("input[name='since']", "03/12/2026")
        try browser.follow("main button[type='submit']")
        #expect(try browser.text().contains("1.250,50 €"))

        // The household's card: the conflict, decided by choosing the value to keep.
        try browser.open(app.origin + "/scheda/\(home)")
        #expect(try browser.text().contains("Conflitti da decidere"))
        try shot("5-conflitto")
        try browser.follow("button[name='scelta'][value='1']")
        let resolved = try browser.text()
        #expect(resolved.contains("Conflitto risolto") && !resolved.contains("Conflitti da decidere"), "\(resolved)")

        // The map: the place as SVG, and a street contact there with someone new.
        try browser.open(app.origin + "/mappa")
        _ = try browser.element("svg circle")
        try shot("6-mappa")
        try browser.follow("a[href='/visita?soggetto=\(place)']")
        try browser.type("#anonimo-alias", "Gigi")
        try browser.type("#anonimo-eta", "50")
        try browser.follow("button[name='outcome'][value='met']")
        #expect(try browser.text().contains("Visita registrata"))
        try shot("7-contatto")
        let persons = try openTestStore(path: store, environment: TestClock(seed: 7).environment).records(of: .person)
        #expect(persons.contains { $0.text(PersonField.alias) == "Gigi" && $0.integer(PersonField.approxAge) == 50 })
        // Sincronizza: the state, and the button that syncs with the relay this laptop knows.
        let relay = RelayProcess(folder: folder + "/relay", open: true)
        try relay.start()
        defer { _ = relay.stop() }
        #expect(try runProduct("snodo", ["--store", store, "sync", "--relay", relay.url]).status == 0)
        #expect(try runProduct("snodo", ["--store", store, "household", "add", "--comune", "Lodi", "--street", "via Garibaldi"]).status == 0)
        try browser.open(app.origin + "/sincronizza")
        #expect(try browser.text().contains("schede con modifiche da inviare"))
        try browser.follow("main button[type='submit']")
        let synced = try browser.text()
        #expect(synced.contains("sincronizzato: inviate") && synced.contains("schede inviate: 1"), "\(synced)")
        try shot("8-sincronizzato")
        #expect(try relay.openStore().recordIDs(of: .household).count == 2)
        let severe = try browser.severeLog()
        #expect(severe.isEmpty, "the browser's console: \(severe)")
    }

    /// Two values of the household's tutor written concurrently: one here, one from another replica.
    static func makeConflict(store path: String, home: String) throws {
        let store = try openTestStore(path: path, environment: TestClock(seed: 8).environment)
        let id = try #require(RecordID(hex: home))
        let other = try Store.create(path: ":memory:", environment: TestClock(seed: 9).environment)
        try other.write { try $0.commit([.set(id, HouseholdField.tutor, .text("Paolo Verdi"))]) }
        try store.write { try $0.commit([.set(id, HouseholdField.tutor, .text("Giulia Rossi"))]) }
        try store.write { try $0.apply(try other.feed(after: 0, for: nil, limit: 100).changes, from: "other") }
        #expect(try store.record(id)?.conflicts.isEmpty == false)
    }
}

extension Record {
    fileprivate func integer(_ field: FieldNumber) -> Int64? {
        if case .integer(let number)? = value(field) { return number }
        return nil
    }
}
