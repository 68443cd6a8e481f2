#if canImport(Glibc)
    import Glibc
#endif
import Foundation
import SnodoCommandLine
import SnodoModel
import SnodoServer
import SnodoStore
import SnodoSync
import SnodoWorkflows
import SnodoCommands

typealias Command = SnodoCommandLine.Command<Void>

/// `snodo-relay serve | status | backup`.
enum RelayCommands {
    static let defaultFolder = "snodo-relay-data"
    static let defaultListen = "127.0.0.1:8470"

    static var tree: CommandTree<Void> {
        CommandTree(
            program: "snodo-relay",
            globalUsage: tr("uso: snodo-relay COMANDO [--store CARTELLA] [OPZIONI]", en: "usage: snodo-relay COMMAND [--store DIR] [OPTIONS]"),
            summary: tr(
                "Il relay con cui si sincronizza ogni portatile sul campo: unisce le modifiche di tutti e le passa agli altri.",
                en: "The relay that every field laptop syncs with: it merges everyone's changes and passes them on."),
            footer: [
                tr(
                    "L'archivio è la cartella --store CARTELLA (predefinita ./\(defaultFolder)), che contiene relay.sqlite.",
                    en: "The store is the folder --store DIR (default ./\(defaultFolder)), holding relay.sqlite.")
            ],
            commands: [serve, status, backup, RestoreCommand.command, CheckCommand.command, DeployCommands.systemd, DeployCommands.nginx]
                + TrustCommands.commands + [report, ProfileCommand.command] + ConsoleUserCommands.commands,
            describe: { error in (error as? StoreError).map(StoreErrorText.describe) ?? String(describing: error) })
    }

    static func storePath(_ arguments: Arguments) -> String {
        (arguments.value("store") ?? defaultFolder) + "/relay.sqlite"
    }

    static var liveEnvironment: StoreEnvironment {
        StoreEnvironment(wallMillis: { Int64(Date().timeIntervalSince1970 * 1000) }, random: { UInt64.random(in: 0...UInt64.max) })
    }

    static func openStore(_ arguments: Arguments, create: Bool) throws -> Store {
        let path = storePath(arguments)
        let folder = (path as NSString).deletingLastPathComponent
        if FileManager.default.fileExists(atPath: path) {
            // The relay's folder is its own: it, the key and the store's files are the relay user's only.
            let tightened = try OwnerOnly.tighten([folder, folder + "/relay.key"])
            let store = try Store.open(path: path, environment: liveEnvironment)
            for file in tightened + store.tightenedFiles { Output.error("snodo-relay: " + StoreErrorText.tightened(file)) }
            return store
        }
        guard create else { throw StoreError.missingStore(path: path) }
        do { try OwnerOnly.makeFolder(folder) } catch {
            throw CommandError.failure(
                tr("impossibile creare la cartella \(folder) per l'archivio del relay", en: "cannot create the folder \(folder) for the relay's store"))
        }
        return try Store.create(path: path, environment: liveEnvironment)
    }

    static let serveSpec = CommandSpec(
        path: "snodo-relay serve",
        usage:
            "snodo-relay serve [--store DIR] [--listen HOST:PORT] [--workers N] [--max-connections N] [--max-per-peer N] [--header-timeout S] "
            + "[--idle-timeout S] [--metrics-from-anywhere] [--console] [--open]",
        summary: tr(
            "serve la sincronizzazione ai portatili sul campo via HTTP (POST /sync, GET /health, GET /metrics)",
            en: "serve sync to field laptops over HTTP (POST /sync, GET /health, GET /metrics)"),
        valueOptions: ["store", "listen", "workers", "max-connections", "max-per-peer", "header-timeout", "idle-timeout"],
        flags: ["open", "metrics-from-anywhere", "console"],
        details: Language.current == .english
            ? [
                "--listen defaults to \(defaultListen); port 0 picks a free port. Put nginx or another TLS terminator",
                "in front for https (`snodo-relay deploy nginx`). SIGTERM or SIGINT stops it within 5 s: requests being",
                "merged finish and are answered, nothing is lost.",
                "Connections are capped in total (--max-connections, default 2048) and per client address (--max-per-peer,",
                "default 512; behind nginx every connection comes from nginx): over a cap, the oldest idle one is closed.",
                "A request's headers must arrive within --header-timeout seconds (default 10) of its first byte, its body",
                "at 4 KiB/s or faster after that; a connection with no request closes after --idle-timeout seconds (default 30).",
                "The log is one JSON object per line on standard error. GET /metrics (Prometheus) answers loopback only,",
                "unless --metrics-from-anywhere.",
                "Only enrolled laptops may sync, each within its scope. --open serves anyone with no scopes: for demos",
                "and development only, never with real data.",
                "--console serves the coordinator's console under /console (users: `snodo-relay console-user add`).",
            ]
            : [
                "--listen vale \(defaultListen) se non indicato; la porta 0 ne sceglie una libera. Per https mettere davanti nginx",
                "o un altro terminatore TLS (`snodo-relay deploy nginx`). SIGTERM o SIGINT lo fermano entro 5 s: le richieste",
                "in corso finiscono e ricevono risposta, non si perde nulla.",
                "Le connessioni hanno un tetto totale (--max-connections, predefinito 2048) e per indirizzo (--max-per-peer,",
                "predefinito 512; dietro nginx ogni connessione viene da nginx): oltre il tetto si chiude la più vecchia inattiva.",
                "Le intestazioni di una richiesta devono arrivare entro --header-timeout secondi (predefinito 10) dal primo byte,",
                "il corpo ad almeno 4 KiB/s; una connessione senza richieste si chiude dopo --idle-timeout secondi (predefinito 30).",
                "Il registro è un oggetto JSON per riga sullo standard error. GET /metrics (Prometheus) risponde solo in locale,",
                "salvo --metrics-from-anywhere.",
                "Si sincronizzano solo i portatili registrati, ciascuno nel suo ambito. --open serve chiunque senza ambiti:",
                "solo per dimostrazioni e sviluppo, mai con dati reali.",
                "--console serve la console del coordinatore sotto /console (utenti: `snodo-relay console-user add`).",
            ])

    static let serve = Command(spec: serveSpec) { arguments, _ in
        let (host, port) = try parseListen(arguments.value("listen") ?? defaultListen)
        let options = try serveOptions(arguments)
        // Two malloc arenas instead of one per worker thread: the relay's memory stays small
        // (glibc would otherwise reserve an arena per thread).
        let arenaMax: Int32 = -8  // M_ARENA_MAX, from malloc.h, which Swift does not import
        _ = glibcMallopt(arenaMax, 2)
        let store = try openStore(arguments, create: true)
        let folder = (storePath(arguments) as NSString).deletingLastPathComponent
        let lock = try ServeLock(folder: folder)
        guard lock.acquired else {
            throw CommandError.failure(tr("un altro snodo-relay sta già servendo da \(folder)", en: "another snodo-relay is serving from \(folder)"))
        }
        defer { withExtendedLifetime(lock) {} }
        let authority = arguments.has("open") ? nil : try TrustCommands.authority(arguments, create: true)
        let log = RelayLog()
        let server = try RelayServer(
            service: RelayService(store: store, authority: authority), host: host, port: port, options: options,
            metricsFromAnywhere: arguments.has("metrics-from-anywhere"), log: log, console: try consoleHandler(arguments, folder: folder))
        StopSignals.writeByte(to: server.http.stopDescriptor)
        let address = "\(host.contains(":") ? "[\(host)]" : host):\(server.http.port)"
        log.write(
            "start",
            [
                "listen": .text(address), "store": .text(storePath(arguments)), "relay": .text(store.device.hex),
                "mode": .text(authority == nil ? "open" : "closed"), "pid": .number(Int(getpid())),
            ])
        let open = authority == nil ? tr(", APERTO: nessuna autenticazione", en: ", OPEN: no authentication") : ""
        Output.line(
            tr(
                "snodo-relay in ascolto su http://\(address) (archivio \(storePath(arguments)), dispositivo \(store.device.hex)\(open))",
                en: "snodo-relay listening on http://\(address) (store \(storePath(arguments)), device \(store.device.hex)\(open))"))
        server.run()
        let served = server.http.counters.withLock { $0.served }
        log.write("stop", ["served": .number(served)])
        Output.line(
            tr(
                "snodo-relay fermato dopo \(counted(served, "richiesta", "richieste"))",
                en: "snodo-relay stopped after \(counted(served, "request", "requests"))"))
    }

    /// The coordinator's console, with `--console`: its pages under /console, on the same server.
    static func consoleHandler(_ arguments: Arguments, folder: String) throws -> (@Sendable (HTTPRequest, Locked<RelayService>) -> HTTPResponse)? {
        guard arguments.has("console") else { return nil }
        let accounts = try ConsoleAccounts(folder: folder)
        return { request, service in Console(accounts: accounts, service: service).handle(request) }
    }

    static func serveOptions(_ arguments: Arguments) throws -> HTTPServer.Options {
        var options = HTTPServer.Options()
        func number(_ name: String, _ range: ClosedRange<Int>) throws -> Int? {
            guard let text = arguments.value(name) else { return nil }
            guard let value = Int(text), range.contains(value) else {
                throw serveSpec.usageError(
                    tr(
                        "--\(name) vuole un numero intero da \(range.lowerBound) a \(range.upperBound)",
                        en: "--\(name) takes a whole number from \(range.lowerBound) to \(range.upperBound)"))
            }
            return value
        }
        if let workers = try number("workers", 1...64) { options.workers = workers }
        if let total = try number("max-connections", 16...100_000) { options.connectionsMax = total }
        if let perPeer = try number("max-per-peer", 1...100_000) { options.connectionsPerPeerMax = perPeer }
        if let seconds = try number("header-timeout", 1...600) { options.deadlines.headerSeconds = Double(seconds) }
        if let seconds = try number("idle-timeout", 1...3_600) { options.deadlines.idleSeconds = Double(seconds) }
        return options
    }

    static func parseListen(_ text: String) throws -> (String, UInt16) {
        guard let colon = text.lastIndex(of: ":"), let port = UInt16(text[text.index(after: colon)...]) else {
            throw serveSpec.usageError(
                tr(
                    "--listen non valido (atteso: HOST:PORTA, come 127.0.0.1:8470 o 0.0.0.0:8470)",
                    en: "malformed --listen (expected HOST:PORT, like 127.0.0.1:8470 or 0.0.0.0:8470)"))
        }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { throw serveSpec.usageError(tr("--listen non valido (atteso: HOST:PORTA)", en: "malformed --listen (expected HOST:PORT)")) }
        return (host, port)
    }

    static let status = Command(
        spec: CommandSpec(
            path: "snodo-relay status", usage: "snodo-relay status [--store DIR] [--json]",
            summary: tr(
                "ogni dispositivo: ultima sincronizzazione, modifiche non confermate o non ancora inviate, scarto d'orologio",
                en: "every device: last sync, changes it has not confirmed receiving or not yet sent, clock skew"), valueOptions: ["store"], flags: ["json"]
        )
    ) { arguments, _ in
        let store = try openStore(arguments, create: false)
        let (devices, enrolled) = try devices(store)
        let rows = try devices.map { device in
            DeviceStatusJSON(
                device: device.name, lastSync: device.lastSyncMillis.map(isoTime),
                unconfirmed: try RelayService.unconfirmed(store: store, device: device, scope: enrolled[device.name]?.scope),
                notYetSent: device.unsent ?? 0, clockSkewMillis: device.clockSkewMillis ?? 0, exchanges: device.exchanges,
                status: enrolled[device.name]?.status.rawValue ?? "open", role: enrolled[device.name]?.scope.role.rawValue,
                districts: enrolled[device.name].map { $0.scope.districts.sorted() } ?? [], operator: enrolled[device.name]?.operatorName,
                team: enrolled[device.name]?.team)
        }
        let restore = try restoreLine(store, devices: devices)
        if arguments.has("json") {
            Output.line(jsonText(RelayStatusJSON(relay: store.device.hex, changes: store.lastChangeNumber, devices: rows, restore: restore)))
            return
        }
        let records = Int(try store.countFeedRecords(after: 0, for: nil)), changes = Int(store.lastChangeNumber)
        Output.line(
            "relay \(store.device.hex): "
                + tr(
                    "\(counted(records, "scheda", "schede")) (\(counted(changes, "modifica", "modifiche"))), "
                        + "\(counted(devices.count, "dispositivo", "dispositivi")), profilo \(store.profile.name)",
                    en: "\(counted(records, "record", "records")) (\(counted(changes, "change", "changes"))), "
                        + "\(counted(devices.count, "device", "devices")), profile \(store.profile.name)"))
        if let restore { Output.line(restore) }
        guard !devices.isEmpty else { return }
        var table = Table(
            header: Language.current == .english
                ? ["device", "operator", "team", "status", "last sync", "not confirmed received", "not yet sent", "clock skew", "syncs"]
                : [
                    "dispositivo", "operatore", "team", "stato", "ultima sincronizzazione", "ricezione non confermata", "non ancora inviate", "scarto orologio",
                    "sincronizzazioni",
                ])
        table.rows = zip(devices, rows).map { device, row in
            [
                device.name, row.operator ?? "", row.team ?? "", statusText(row.status), device.lastSyncMillis.map(localTime) ?? tr("mai", en: "never"),
                "\(row.unconfirmed)", "\(row.notYetSent)",
                skewText(device.clockSkewMillis ?? 0), "\(device.exchanges)",
            ]
        }
        Output.line(table.render())
    }

    /// Every device the relay knows: those that have synced, then those enrolled that never have,
    /// with the enrollment of each that has one.
    static func devices(_ store: Store) throws -> (devices: [PeerState], enrolled: [String: EnrolledDevice]) {
        let enrolled = Dictionary(uniqueKeysWithValues: try store.enrolledDevices().map { ($0.device.hex, $0) })
        let synced = try store.peers().filter { $0.name != DeviceSync.relayPeer }
        let never = enrolled.keys.sorted().filter { name in !synced.contains { $0.name == name } }.map { PeerState(name: $0) }
        return (synced + never, enrolled)
    }

    /// After `snodo-relay restore`: when, from what, and which laptops have synced since (each
    /// sends back what the backup lacked at its first sync after it).
    static func restoreLine(_ store: Store, devices: [PeerState]) throws -> String? {
        guard let millis = try store.setting(RestoreCommand.restoredMillis).flatMap({ Int64($0) }) else { return nil }
        let from = try store.setting(RestoreCommand.restoredFrom) ?? tr("una copia", en: "a backup")
        let head = try store.setting(RestoreCommand.restoredHead) ?? "?"
        let waiting = devices.filter { ($0.lastSyncMillis ?? 0) < millis }.map(\.name)
        let since = devices.count - waiting.count
        let when = localTime(millis), notYet = waiting.joined(separator: ", ")
        return tr(
            "ripristinato da \(from) il \(when) (il suo registro finiva alla modifica \(head)); "
                + "\(since) portatili su \(devices.count) si sono sincronizzati da allora"
                + (waiting.isEmpty ? "" : ", non ancora: " + notYet),
            en: "restored from \(from) at \(when) (its log ended at change \(head)); \(since) of \(devices.count) laptops have synced since"
                + (waiting.isEmpty ? "" : ", not yet: " + notYet))
    }

    static let backup = Command(
        spec: CommandSpec(
            path: "snodo-relay backup", usage: "snodo-relay backup FILE [--store DIR]",
            summary: tr(
                "scrive in FILE una copia coerente dell'archivio del relay, anche mentre serve",
                en: "write a consistent copy of the relay's store to FILE, while it serves"),
            valueOptions: ["store"], positionals: 1...1
        )
    ) { arguments, _ in
        let target = arguments.positionals[0]
        guard !FileManager.default.fileExists(atPath: target) else {
            throw CommandError.failure(tr("\(target) esiste già (la copia non sovrascrive)", en: "\(target) already exists (backup does not overwrite)"))
        }
        let source = storePath(arguments)
        guard FileManager.default.fileExists(atPath: source) else { throw StoreError.missingStore(path: source) }
        let pages = try StoreFile.copy(source, to: target)
        Output.line(tr("copiato \(source) in \(target) (\(pages) pagine)", en: "backed up \(source) to \(target) (\(pages) pages)"))
    }

    static let reportSpec = ReportCommand.spec(
        path: "snodo-relay report",
        usage: "snodo-relay report [--store DIR] [--from DATE] [--to DATE] [--by team,district,comune,month]"
            + " [--format table|csv|json]",
        extraOptions: ["store"])
    static let report = Command(spec: reportSpec) { arguments, _ in
        try ReportCommand.run(arguments, store: try openStore(arguments, create: false), spec: reportSpec)
    }

    static func isoTime(_ millis: Int64) -> String { Display.isoTime(millis) }
    static func localTime(_ millis: Int64) -> String { Display.localTime(millis, seconds: true) }

    /// An enrollment's status as a person reads it; the JSON keeps the identifier.
    static func statusText(_ status: String) -> String {
        switch status {
        case "enrolled": tr("registrato", en: "enrolled")
        case "active": tr("attivo", en: "active")
        case "revoked": tr("revocato", en: "revoked")
        case "open": tr("aperto", en: "open")
        default: status
        }
    }

    static func skewText(_ millis: Int64) -> String {
        let seconds = Double(millis) / 1000
        if abs(seconds) < 1 { return "0 s" }
        if abs(seconds) < 3600 { return String(format: "%+.0f s", seconds) }
        return String(format: "%+.1f h", seconds / 3600)
    }
}

@_silgen_name("mallopt")
func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32

/// `snodo-relay status --json`.
struct RelayStatusJSON: Encodable {
    var relay: String
    var changes: UInt64
    var devices: [DeviceStatusJSON]
    @Nullable var restore: String?
}

/// One device in `snodo-relay status --json`.
struct DeviceStatusJSON: Encodable {
    var device: String
    @Nullable var lastSync: String?
    var unconfirmed: Int
    var notYetSent: Int64
    var clockSkewMillis: Int64
    var exchanges: Int64
    var status: String
    @Nullable var role: String?
    var districts: [String]
    @Nullable var `operator`: String?
    @Nullable var team: String?
}
