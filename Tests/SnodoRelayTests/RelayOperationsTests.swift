import Foundation
import Testing
#if canImport(Glibc)
    import Glibc
#endif
import SnodoServer
import SnodoStore
import SnodoSync
import SnodoTestSupport

/// Operating the relay and the laptops for real: what is recorded as sent, what a scope change
/// purges, failures an operator can act on, the log and metrics, files only their owner reads,
/// and the commands that deploy and check a relay.
@Suite(.serialized) struct RelayOperationsTests {
    /// The operations suite's laptops each have a folder of their own, as `snodo init` makes them.
    typealias Site = RelaySite
    static func site() -> RelaySite { RelaySite("snodo-ops", laptopFolders: true) }

    @Test func aChangeTheRelayAcceptedIsNeverSentAgain() throws {
        let site = Self.site()
        defer { site.cleanUp() }
        let (laptop, _) = try site.enroll("anna", districts: "Lodi-1")
        try site.relay.start()
        for index in 0..<20 {
            try site.snodo(laptop, "household", "add", "--district", "Lodi-1", "--comune", "Lodi", "--street", "via Roma", "--number", "\(index + 1)")
        }
        // The first sync claims the enrollment and restarts the scope: what it sent is acknowledged all the same.
        let pending = try unsentCount(site, laptop)
        #expect(pending >= 80)
        let first = try site.sync(laptop).stdout
        #expect(first.contains("inviate \(pending) modifiche, ricevute 0,"), "its own changes are not echoed back: \(first)")
        #expect(try site.snodo(laptop, "status").stdout.contains("non ancora inviate: nessuna modifica"))
        #expect(try site.sync(laptop).stdout.contains("inviate 0 modifiche, ricevute 0"))
        // A scope change restarts the relay's feed (the laptop's own records come back, in case it
        // purged them under an earlier scope), not what the laptop sent.
        try site.snodo(laptop, "household", "add", "--district", "Lodi-1", "--comune", "Lodi", "--street", "via Milano")
        let device = try openTestStore(path: laptop, environment: TestClock(seed: 3).environment).device.hex
        try site.relayCommand("scope", device, "--districts", "Lodi-1,Lodi-2")
        let added = try unsentCount(site, laptop)
        #expect(try site.sync(laptop).stdout.contains("inviate \(added) modifiche, ricevute"))
        #expect(try unsentCount(site, laptop) == 0)
        #expect(try site.sync(laptop).stdout.contains("inviate 0 modifiche, ricevute 0"))
    }

    @Test func aNewRecordTakesTheDistrictOfAOneDistrictScopeOrOfTheRecordItNames() throws {
        let site = Self.site()
        defer { site.cleanUp() }
        let (one, _) = try site.enroll("anna", districts: "Lodi-1")
        let (two, _) = try site.enroll("tutor", districts: "Lodi-1,Lodi-2", role: "tutor")
        try site.relay.start()
        _ = try site.sync(one)
        _ = try site.sync(two)
        let home = try site.snodo(one, "household", "add", "--comune", "Lodi", "--street", "via Roma").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try site.snodo(one, "household", "show", home).stdout.contains("Lodi-1"))
        let refused = try site.snodo(two, "household", "add", "--comune", "Lodi", "--street", "via Roma", status: 64)
        #expect(refused.stderr.contains("manca --district, obbligatorio"), "two districts: the laptop cannot guess")
        let elsewhere = try site.snodo(two, "household", "add", "--district", "Lodi-2", "--comune", "Lodi", "--street", "via Po")
            .stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let entry = try site.snodo(
            two, "ledger", "add", "--household", elsewhere, "--entry", "allocation", "--kind", "rent", "--amount", "250", "--date", "01/12/2026"
        ).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try site.snodo(two, "ledger", "show", entry).stdout.contains("Lodi-2"), "the entry takes its household's district")
        #expect(try site.sync(two).stdout.contains("inviate"), "and the relay accepts it")
        #expect(!(try site.snodo(two, "status").stdout.contains("rifiutate dal relay")))

        // The team and the operator come with the enrollment: every visit and entry carries them.
        let visit = try site.snodo(one, "visit", "log", "--subject", home, "--kind", "home-monitoring", "--outcome", "met").stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let shown = try #require(try JSONSerialization.jsonObject(with: Data(site.snodo(one, "visit", "show", visit, "--json").stdout.utf8)) as? [String: Any])
        let fields = try #require(shown["fields"] as? [String: Any])
        #expect(fields["team"] as? String == "t-anna")
        #expect(fields["operators"] as? [String] == ["Operatore anna"])
        #expect(try site.snodo(two, "ledger", "show", entry, "--json").stdout.contains("\"team\" : \"t-tutor\""))
        let report = try site.snodo(two, "report", "--format", "csv").stdout
        #expect(report.contains(";t-tutor;Lodi-2;Lodi;doti;assegnato (€);250,00"), "the doti stand under the team that wrote them: \(report)")
    }

    @Test func aScopeShrinkPurgesTheLaptopsOwnAcceptedRecordsAndKeepsOnlyWhatWasNeverAccepted() throws {
        let site = Self.site()
        defer { site.cleanUp() }
        let (laptop, device) = try site.enroll("tutor", districts: "Lodi-1,Lodi-2")
        try site.relay.start()
        let accepted = try site.snodo(laptop, "household", "add", "--district", "Lodi-2", "--comune", "Lodi", "--street", "via Purgata")
            .stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        _ = try site.sync(laptop)
        // Written offline, never sent before the scope shrinks: it must stay, refused and reported.
        let unsent = try site.snodo(laptop, "household", "add", "--district", "Lodi-2", "--comune", "Lodi", "--street", "via Trattenuta")
            .stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        try site.relayCommand("scope", device, "--districts", "Lodi-1")
        _ = try site.sync(laptop)
        try site.snodo(laptop, "household", "show", accepted, status: 1)
        try site.snodo(laptop, "household", "show", unsent)
        let status = try site.snodo(laptop, "status").stdout
        #expect(status.contains("rifiutate dal relay (conservate qui): 1 scheda"), "\(status)")
        #expect(status.contains(String(unsent.prefix(12))))
        #expect(!storeBytes(laptop).contains(Array("via Purgata".utf8)), "the purged household's bytes are gone from the files")
        #expect(try site.sync(laptop).stdout.contains("inviate 0 modifiche"), "nothing is re-sent at every sync")

        // The scope grows back: the refused edit is judged again, accepted, and the purged record returns.
        try site.relayCommand("scope", device, "--districts", "Lodi-1,Lodi-2")
        _ = try site.sync(laptop)
        #expect(!(try site.snodo(laptop, "status").stdout.contains("rifiutate dal relay")))
        try site.snodo(laptop, "household", "show", accepted)
        let relayStore = try site.relay.openStore()
        #expect(try relayStore.records(of: .household).count == 2)
    }

    @Test func aBusyStoreIs503WithRetryAfterAndAFailureIs500ThatTheOperatorAndTheLaptopSee() throws {
        let site = Self.site()
        defer { site.cleanUp() }
        let (laptop, device) = try site.enroll("anna", districts: "Lodi-1")
        try site.relay.start()
        _ = try site.sync(laptop)
        try site.snodo(laptop, "household", "add", "--district", "Lodi-1", "--comune", "Lodi", "--street", "via Occupata")

        // Another writer holds the store past the relay's busy timeout.
        let holder = try Database(path: site.relay.storePath)
        try holder.execute("BEGIN IMMEDIATE")
        let busy = try site.sync(laptop, status: 1)
        let request = try DeviceSync(store: openTestStore(path: laptop, environment: TestClock(seed: 9).environment)).makeRequest().bytes
        let raw = rawExchange(port: site.relay.port, SocketHTTP.request(body: request))
        try holder.execute("ROLLBACK")
        #expect(raw.hasPrefix("HTTP/1.1 503 "), "\(raw.prefix(40))")
        #expect(raw.contains("\r\nRetry-After: 2\r\n"))
        #expect(busy.stderr.contains("busy"), "\(busy.stderr)")
        let busyLine = try site.relay.logLines().last { $0["event"] as? String == "sync" }
        #expect(busyLine?["status"] as? Int == 503)
        #expect(busyLine?["failure"] as? String == "sqlite 5 database is locked")
        #expect(busyLine?["device"] as? String == device)

        // A failure of the relay's own (here a table gone, as in a damaged file): 500, logged with its code.
        try holder.execute("DROP TABLE peers")
        let failed = try site.sync(laptop, status: 1)
        #expect(failed.stderr.contains("il relay ha avuto un guasto (HTTP 500)"), "\(failed.stderr)")
        let failureLine = try site.relay.logLines().last { $0["event"] as? String == "sync" }
        #expect(failureLine?["status"] as? Int == 500)
        #expect((failureLine?["failure"] as? String)?.hasPrefix("sqlite 1 ") == true)
        #expect(failureLine?["device"] as? String == device)
        #expect(failureLine?["team"] as? String == "t-anna")
        let log = try String(contentsOfFile: site.relay.logPath, encoding: .utf8)
        #expect(!log.contains("via Occupata"), "no value in the log")
        let status = try site.snodo(laptop, "status").stdout
        #expect(status.contains("ultimo tentativo di sincronizzazione fallito il"), "\(status)")
        #expect(status.contains("HTTP 500"))
        #expect(status.contains("non ancora inviate: modifiche a 1 scheda (4 valori)"), "\(status)")
    }

    @Test func syncEveryKeepsSayingThatTheRelayFailedAndBacksOff() throws {
        let site = Self.site()
        defer { site.cleanUp() }
        let (laptop, _) = try site.enroll("anna", districts: "Lodi-1")
        try site.relay.start()
        _ = try site.sync(laptop)
        try Database(path: site.relay.storePath).execute("DROP TABLE peers")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: productsFolder + "/snodo")
        process.arguments = ["--store", laptop, "sync", "--every", "5s"]
        var environment = ProcessInfo.processInfo.environment
        environment["SNODO_PASSPHRASE_FILE"] = testPassphraseFile
        environment["SNODO_VAULT_COST"] = "test"
        process.environment = environment
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        defer {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        // Two attempts, 5 s apart: each says what failed and when it tries again.
        var text = ""
        let deadline = Date().addingTimeInterval(30)
        let fd = errors.fileHandleForReading.fileDescriptor
        while text.components(separatedBy: "il relay ha avuto un guasto (HTTP 500)").count < 3, Date() < deadline {
            var ready = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&ready, 1, 1_000) > 0 else { continue }
            var chunk = [UInt8](repeating: 0, count: 4_096)
            let count = read(fd, &chunk, chunk.count)
            guard count > 0 else { break }
            text += String(decoding: chunk[0..<count], as: UTF8.self)
        }
        let lines = text.split(separator: "\n").filter { $0.contains("il relay ha avuto un guasto (HTTP 500)") }
        #expect(lines.count >= 2, "\(text)")
        #expect(lines.allSatisfy { $0.contains("nuovo tentativo tra 5 s") })
        #expect(process.isRunning, "it goes on trying")
    }

    @Test func theLogHasALinePerSyncAndMetricsCountWhatHappened() throws {
        let site = Self.site()
        defer { site.cleanUp() }
        let (laptop, device) = try site.enroll("anna", districts: "Lodi-1", role: "caretaker")
        _ = try site.enroll("bruno", districts: "Lodi-2")
        try site.relay.start()
        try site.snodo(laptop, "household", "add", "--district", "Lodi-1", "--comune", "Lodi", "--street", "via Roma")
        _ = try site.sync(laptop)
        try site.snodo(
            laptop, "ledger", "add", "--household", try site.snodo(laptop, "household", "list", "--json").stdout.firstHex(),
            "--district", "Lodi-1", "--entry", "expense", "--kind", "rent", "--amount", "100", "--date", "2026-11-01")
        _ = try site.sync(laptop)

        let lines = try site.relay.logLines()
        #expect(lines.first?["event"] as? String == "start")
        let syncs = lines.filter { $0["event"] as? String == "sync" }
        #expect(syncs.count == 2)
        #expect(syncs[0]["device"] as? String == device)
        #expect(syncs[0]["team"] as? String == "t-anna")
        #expect(syncs[0]["status"] as? Int == 200)
        #expect(syncs[0]["accepted"] as? Int == 4)
        #expect((syncs[0]["bytesIn"] as? Int ?? 0) > 0 && (syncs[0]["bytesOut"] as? Int ?? 0) > 0)
        #expect(syncs[0]["ms"] != nil)
        #expect((syncs[1]["refused"] as? [String: Int])?["roleMayNotWrite"] == 1, "a caretaker may not write doti entries")

        let metrics = try httpGet(port: site.relay.port, "/metrics")
        #expect(metrics.status == 200)
        for expected in [
            "snodo_relay_requests_total{status=\"200\"} 2", "snodo_relay_changes_merged_total 4",
            "snodo_relay_refused_records_total{reason=\"roleMayNotWrite\"} 1", "snodo_relay_sync_duration_seconds_count 2",
            "snodo_relay_devices{last_sync=\"within_1h\"} 1", "snodo_relay_devices{last_sync=\"never\"} 1",
            "snodo_relay_open_connections ", "# TYPE snodo_relay_sync_duration_seconds histogram",
        ] {
            #expect(metrics.body.contains(expected), "metrics lack \(expected)")
        }
        #expect(try site.relay.stop() == 0)
        #expect(try site.relay.logLines().last?["event"] as? String == "stop")
    }

    @Test func everyFileIsItsOwnersOnlyWhateverTheUmask() throws {
        let previous = umask(0o022)
        defer { umask(previous) }
        let site = Self.site()
        defer { site.cleanUp() }
        let (laptop, _) = try site.enroll("anna", districts: "Lodi-1")
        try site.relay.start()
        try site.snodo(laptop, "household", "add", "--district", "Lodi-1", "--comune", "Lodi", "--street", "via Roma")
        _ = try site.sync(laptop)
        let backup = site.folder + "/relay-copy.sqlite"
        try site.relayCommand("backup", backup)
        #expect(mode(site.relay.folder) == 0o700)
        #expect(mode((laptop as NSString).deletingLastPathComponent) == 0o700)
        for file in OwnerOnly.storeFiles(site.relay.storePath) + OwnerOnly.storeFiles(laptop) + [site.relay.folder + "/relay.key", backup]
        where FileManager.default.fileExists(atPath: file) {
            #expect(mode(file) == 0o600, "\(file) is \(String(mode(file), radix: 8))")
        }
        // A store left readable by an older version is tightened when opened, and the command says so.
        chmod(laptop, 0o644)
        let status = try site.snodo(laptop, "status")
        #expect(status.stderr.contains("era leggibile da altri utenti; ora solo dal suo proprietario"))
        #expect(mode(laptop) == 0o600)
        #expect(try site.relayCommand("check").stdout.hasPrefix("ok:"))
        chmod(site.relay.storePath, 0o644)
        let check = try site.relayCommand("check", status: 1)
        #expect(check.stderr.contains("è leggibile da altri utenti (permessi 644)"), "\(check.stderr)")
    }

    @Test func checkNamesWhatIsWrong() throws {
        let site = Self.site()
        defer { site.cleanUp() }
        #expect(try site.relayCommand("check", status: 1).stderr.contains("nessun archivio del relay in"))
        _ = try site.enroll("anna", districts: "Lodi-1")
        #expect(try site.relayCommand("check").status == 0)
        try FileManager.default.removeItem(atPath: site.relay.folder + "/relay.key")
        #expect(try site.relayCommand("check", status: 1).stderr.contains("nessuna chiave del relay in"))
        #expect(try site.relayCommand("check", "--open").status == 0)
        // A damaged page: overwrite the middle of the file.
        let handle = FileHandle(forUpdatingAtPath: site.relay.storePath)!
        handle.seek(toFileOffset: 4_096)
        handle.write(Data(repeating: 0xA5, count: 4_096))
        try handle.close()
        #expect(try site.relayCommand("check", "--open", status: 1).stderr.contains("ripristinare"))
    }

    @Test func deployPrintsASandboxedUnitAndTheNginxSite() throws {
        let unit = try runProduct("snodo-relay", ["deploy", "systemd", "--store", "/var/lib/snodo-relay", "--binary", "/usr/local/bin/snodo-relay"])
        #expect(unit.status == 0)
        for line in [
            "User=snodo", "NoNewPrivileges=yes", "ProtectSystem=strict", "PrivateTmp=yes", "ReadWritePaths=/var/lib/snodo-relay",
            "UMask=0077", "ExecStart=/usr/local/bin/snodo-relay serve --store /var/lib/snodo-relay --listen 127.0.0.1:8470",
        ] {
            #expect(unit.stdout.contains(line), "the unit lacks \(line)")
        }
        let relative = try runProduct("snodo-relay", ["deploy", "systemd", "--store", "relay-data"])
        #expect(relative.status == 64)
        #expect(relative.stderr.contains("percorso assoluto"))
        let site = try runProduct(
            "snodo-relay",
            [
                "deploy", "nginx", "--server-name", "relay.example.org", "--certificate", "/etc/ssl/relay.pem",
                "--certificate-key", "/etc/ssl/relay.key",
            ])
        #expect(site.status == 0)
        for line in [
            "listen 443 ssl;", "gzip_types application/octet-stream;", "proxy_request_buffering on;", "client_max_body_size 8m;",
            "location = /sync", "server 127.0.0.1:8470;",
        ] {
            #expect(site.stdout.contains(line), "the site lacks \(line)")
        }
        #expect(!site.stdout.contains("/metrics"), "metrics stay on the relay's loopback")
    }
}

private func unsentCount(_ site: RelaySite, _ laptop: String) throws -> Int {
    let status = try site.snodo(laptop, "status", "--json").stdout
    return (try JSONSerialization.jsonObject(with: Data(status.utf8)) as? [String: Any])?["unsent"] as? Int ?? -1
}

/// The whole raw response to one request, as text (its head is what matters).
private func rawExchange(port: UInt16, _ bytes: [UInt8]) -> String {
    guard let fd = try? SocketHTTP.connect(port: port) else { return "" }
    defer { close(fd) }
    SocketHTTP.send(fd, bytes)
    var response: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 4_096)
    while true {
        let count = recv(fd, &chunk, chunk.count, 0)
        guard count > 0 else { break }
        response += chunk[0..<count]
    }
    return String(decoding: response, as: UTF8.self)
}

private func mode(_ path: String) -> mode_t {
    var info = stat()
    stat(path, &info)
    return info.st_mode & 0o777
}

/// Every byte of a store's files.
private func storeBytes(_ path: String) -> [UInt8] {
    OwnerOnly.storeFiles(path).flatMap { FileManager.default.contents(atPath: $0).map { [UInt8]($0) } ?? [] }
}

private func httpGet(port: UInt16, _ path: String) throws -> (status: Int, body: String) {
    let (status, body) = try SocketHTTP.exchange(port: port, SocketHTTP.request(path: path, method: "GET", body: []))
    return (status, String(decoding: body, as: UTF8.self))
}

extension [UInt8] {
    func contains(_ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, count >= needle.count else { return false }
        return (0...(count - needle.count)).contains { start in self[start..<(start + needle.count)].elementsEqual(needle) }
    }
}

extension String {
    /// The first 32-hex id in a JSON listing.
    func firstHex() -> String {
        guard let range = range(of: "[0-9a-f]{32}", options: .regularExpression) else { return "" }
        return String(self[range])
    }
}
