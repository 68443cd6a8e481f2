import Foundation
import Testing
#if canImport(Glibc)
    import Glibc
#endif
import SnodoModel
import SnodoProtocol
import SnodoStore
import SnodoServer
import SnodoSync
import SnodoTestSupport

/// The real relay process and the real `snodo` command, over loopback HTTP.
@Suite(.serialized) struct RelayEndToEndTests {
    struct Device {
        let store: String
        func run(_ words: String...) throws -> RunResult { try runProduct("snodo", ["--store", store] + words) }
        @discardableResult
        func ok(_ words: String..., sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
            let result = try runProduct("snodo", ["--store", store] + words)
            #expect(result.status == 0, "snodo \(words.joined(separator: " ")): \(result.stderr)", sourceLocation: sourceLocation)
            return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        func digest() throws -> String { try openTestStore(path: store, environment: TestClock(seed: 1).environment).state().digest }
    }

    @Test func threeDevicesEditOfflineAndEndIdenticalToTheRelay() throws {
        let folder = makeTemporaryFolder("snodo-e2e")
        defer { removeTemporaryFolder(folder) }
        let relay = RelayProcess(folder: folder + "/relay")
        try relay.start()
        defer { _ = relay.stop() }
        let devices = ["a", "b", "c"].map { Device(store: folder + "/\($0).sqlite") }
        for device in devices { try device.ok("init", "--district", "Lodi-1") }
        let home = try devices[0].ok("household", "add", "--comune", "Lodi", "--street", "via Cavour", "--vulnerabilities", "elderly-alone,minors")
        try devices[0].ok("sync", "--relay", relay.url)
        try devices[1].ok("sync", "--relay", relay.url)
        try devices[2].ok("sync", "--relay", relay.url)

        // Offline: the same field, the same set, and new visits.
        try devices[0].ok("household", "edit", home, "--tutor", "Anna", "--vulnerabilities", "elderly-alone,minors,disability")
        try devices[1].ok("household", "edit", home, "--tutor", "Bruno", "--vulnerabilities", "minors")
        for index in 0..<5 {
            try devices[2].ok("visit", "log", "--subject", home, "--kind", "home-monitoring", "--outcome", "met", "--note", "giro \(index)")
        }
        // c goes offline for longer: a and b sync twice in between.
        try devices[1].ok("sync")
        try devices[0].ok("sync")
        try devices[1].ok("sync")
        try devices[0].ok("household", "edit", home, "--monitoring-days", "7")
        try devices[0].ok("sync")
        try devices[2].ok("sync")
        for device in devices { try device.ok("sync") }

        let relayDigest = try relay.openStore().state().digest
        for device in devices { #expect(try device.digest() == relayDigest) }
        let shown = try devices[2].ok("household", "show", home, "--json")
        let fields = (try JSONSerialization.jsonObject(with: Data(shown.utf8)) as! [String: Any])["fields"] as! [String: Any]
        #expect(Set(fields["vulnerabilities"] as! [String]) == ["minors", "disability"], "both set edits merged element by element")
        #expect(fields["monitoring-days"] as? Int == 7)
        let conflicts = try JSONSerialization.jsonObject(with: Data(try devices[2].ok("conflicts", "--json").utf8)) as! [[String: Any]]
        #expect(conflicts.contains { $0["field"] as? String == "tutor" }, "the concurrent tutor edit is kept for review")
        #expect((try JSONSerialization.jsonObject(with: Data(try devices[1].ok("visit", "list", "--json").utf8)) as! [Any]).count == 5)
        let status = try devices[0].ok("status")
        #expect(status.contains("non ancora inviate: nessuna modifica"))
        let relayStatus = try runProduct("snodo-relay", ["status", "--store", relay.folder])
        #expect(relayStatus.status == 0)
        #expect(relayStatus.stdout.contains("3 dispositivi"))
    }

    @Test func cutSyncsNeverLoseAnAcknowledgedChange() throws {
        let folder = makeTemporaryFolder("snodo-cut")
        defer { removeTemporaryFolder(folder) }
        let relay = RelayProcess(folder: folder + "/relay")
        try relay.start()
        defer { _ = relay.stop() }
        let clock = TestClock(seed: 21)
        let store = try Store.create(path: folder + "/device.sqlite", environment: clock.environment)
        let home = store.newRecordID()
        try store.write {
            try $0.commit([
                .set(home, CommonField.kind, .enumeration(RecordKind.household.rawValue)), .set(home, CommonField.district, .text("Lodi-1")),
                .set(home, HouseholdField.comune, .text("Lodi")), .set(home, HouseholdField.street, .text("via Roma")),
            ])
        }
        var rng = SplitMix64(seed: 21)
        var cuts = [0, 0, 0, 0]
        for round in 0..<16 {
            clock.millis += 60_000
            try store.write {
                try $0.commit([
                    .set(home, HouseholdField.notes, .text("nota \(round)")),
                    .setElement(home, HouseholdField.vulnerabilities, element: .enumeration(UInt32(round % 8 + 1)), .bool(round % 3 != 0)),
                ])
            }
            let request = try DeviceSync(store: store).makeRequest().bytes
            let cut = round < 4 ? round : Int.random(in: 0..<4, using: &rng)
            cuts[cut] += 1
            switch cut {
            case 0:  // request lost: the connection opens and closes with nothing sent
                close(try RawHTTP.connect(port: relay.port))
            case 1:  // connection closed mid-body
                let fd = try RawHTTP.connect(port: relay.port)
                RawHTTP.send(fd, Array(RawHTTP.request(body: request).prefix(60 + request.count / 2)))
                close(fd)
            case 2:  // response lost: the relay commits, the device never reads the answer
                let fd = try RawHTTP.connect(port: relay.port)
                RawHTTP.send(fd, RawHTTP.request(body: request))
                shutdown(fd, Int32(SHUT_WR))
                var byte: UInt8 = 0
                _ = recv(fd, &byte, 1, 0)
                close(fd)
            default:  // the relay is killed with SIGKILL and restarted on the same store
                let fd = try RawHTTP.connect(port: relay.port)
                RawHTTP.send(fd, RawHTTP.request(body: request))
                relay.kill9()
                close(fd)
                try relay.start()
                #expect(try relay.openStore().integrityCheck() == "ok", "round \(round)")
            }
            let acknowledged = try relay.openStore().state()
            _ = try SyncDriver(device: DeviceSync(store: store), transport: RawTransport(port: relay.port)).run()
            let after = try relay.openStore().state()
            for (key, write) in acknowledged.winners {
                #expect(after.winners[key].map { $0.stamp >= write.stamp } ?? false, "round \(round): a committed change went missing")
            }
            #expect(after.digest == (try store.state().digest), "round \(round): device and relay differ after a clean retry")
        }
        #expect(cuts.allSatisfy { $0 > 0 }, "every kind of cut happened: \(cuts)")
    }

    @Test func garbageTruncatedAndOversizedRequestsAreRefusedAndTheRelayKeepsServing() throws {
        let folder = makeTemporaryFolder("snodo-garbage")
        defer { removeTemporaryFolder(folder) }
        let relay = RelayProcess(folder: folder + "/relay")
        try relay.start()
        defer { _ = relay.stop() }
        let device = Device(store: folder + "/a.sqlite")
        try device.ok("init", "--district", "Lodi-1")
        try device.ok("household", "add", "--comune", "Lodi", "--street", "via Roma")
        try device.ok("sync", "--relay", relay.url)
        let before = try relay.openStore().state()
        var rng = SplitMix64(seed: 31)
        for _ in 0..<30 {
            let garbage = (0..<Int.random(in: 1...2_000, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            let (status, body) = try RawHTTP.exchange(port: relay.port, RawHTTP.request(body: garbage))
            #expect(status == 400 || status == 413)
            let reply = try Body.decode(body)
            guard case .error(let error) = reply.messages.last else { Issue.record("no protocol error in the reply"); continue }
            #expect(error.knownCode == .malformed || error.knownCode == .tooLarge)
        }
        let oversized = try RawHTTP.exchange(port: relay.port, RawHTTP.request(body: [], contentLength: 9 * 1024 * 1024))
        #expect(oversized.status == 413)
        let notHTTP = try RawHTTP.exchange(port: relay.port, Array("HELLO RELAY\r\n\r\n".utf8))
        #expect(notHTTP.status == 400)
        let wrongPath = try RawHTTP.exchange(port: relay.port, RawHTTP.request(path: "/admin", body: []))
        #expect(wrongPath.status == 404)
        let health = try RawHTTP.exchange(port: relay.port, Array("GET /health HTTP/1.1\r\nConnection: close\r\n\r\n".utf8))
        #expect(health.status == 200)
        #expect(try relay.openStore().state() == before, "nothing written")
        try device.ok("household", "add", "--comune", "Lodi", "--street", "via Verdi")
        try device.ok("sync")
        #expect(try relay.openStore().state().digest == (try device.digest()), "the relay still serves")
    }

    @Test func manyDevicesSyncAtOnceAndTheRelayStopsCleanly() throws {
        let folder = makeTemporaryFolder("snodo-many")
        defer { removeTemporaryFolder(folder) }
        let relay = RelayProcess(folder: folder + "/relay")
        try relay.start()
        let count = 60
        for index in 0..<count {
            let store = try Store.create(
                path: folder + "/d\(index).sqlite", environment: TestClock(millis: 1_763_000_000_000 + Int64(index), seed: UInt64(index + 1)).environment)
            let visit = store.newRecordID()
            try store.write {
                try $0.commit([
                    .set(visit, CommonField.kind, .enumeration(RecordKind.visit.rawValue)), .set(visit, CommonField.district, .text("Lodi-1")),
                    .set(visit, VisitField.note, .text("visita")),
                ])
            }
        }
        let failures = Locked(0)
        let port = relay.port
        // Each thread opens its own store: a Store belongs to one thread at a time.
        DispatchQueue.concurrentPerform(iterations: count) { index in
            do {
                let store = try openTestStore(path: folder + "/d\(index).sqlite", environment: TestClock(seed: UInt64(index + 1)).environment)
                _ = try SyncDriver(device: DeviceSync(store: store), transport: RawTransport(port: port)).run()
            } catch {
                failures.withLock { $0 += 1 }
            }
        }
        #expect(failures.withLock { $0 } == 0)
        #expect(relay.stop() == 0, "SIGTERM stops the relay cleanly")
        try relay.start()
        defer { _ = relay.stop() }
        #expect(try relay.openStore().records(of: .visit).count == count, "every device's visit is at the relay after restart")
        let backup = folder + "/backup.sqlite"
        #expect(try runProduct("snodo-relay", ["backup", backup, "--store", relay.folder]).status == 0)
        let copy = try openTestStore(path: backup, environment: TestClock(seed: 1).environment)
        #expect(try copy.integrityCheck() == "ok")
        #expect(try copy.records(of: .visit).count == count)
    }
}
