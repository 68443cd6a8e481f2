import Foundation
import Testing
import SnodoModel
import SnodoProtocol
import SnodoStore
import SnodoSync
import SnodoTestSupport

/// Protocol/vectors/scenarios.json: exchanges with a relay whose state each test describes, for
/// the rules a relay applies to what it takes and sends ([SCOPE-2] … [SCOPE-4], [REJ-2], [BODY-3],
/// [LIMIT-12]). Made by real laptops' stores against the real relay with fixed keys and clocks;
/// checked by sending the file's request bytes, in order, to a relay set up from the file alone.
@Suite struct ScenarioVectorTests {
    static var path: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Protocol/vectors/scenarios.json").path
    }

    static let format = """
        Each test: `relay` (its identity seed, hex), `devices` (each enrolled device's `name`, `device` id, `role`, \
        `districts`, `epoch`, `leaseDays` and `enrollmentKey`, the one-time public key), and `steps`, in order. A step is \
        either {"request": hex, "expect": …}: send the request body to the relay, whose response must have the stated \
        `status` (HTTP), `kinds` (its frames' kinds in order), `rejected` (reason and records of each REJECTED), \
        `received` (the records of its CHANGES, sorted, unique), `changes` (how many changes its CHANGES carry) and `error` (ERROR's code, if any); or \
        {"scope": name, "districts": […], "epoch": n}: the relay's operator changes that device's scope.
        """

    /// One laptop of a scenario, with fixed keys.
    struct Laptop {
        let name: String
        let store: Store
        let role: TeamRole
        let districts: Set<String>
    }

    /// A scenario being made: a relay, its laptops, and the steps written so far.
    final class Making {
        let relayStore: Store
        let authority = RelayAuthority(identitySeed: [UInt8](repeating: 0x70, count: 32))
        let service: RelayService
        var laptops: [String: Laptop] = [:]
        var devices: [[String: Any]] = []
        var steps: [[String: Any]] = []
        let clock = TestClock(seed: 3)

        init() throws {
            relayStore = try Store.create(path: ":memory:", environment: clock.environment, device: DeviceID(0x0B0B))
            service = RelayService(store: relayStore, authority: authority)
        }

        func enroll(_ name: String, role: TeamRole, districts: Set<String>) throws {
            let id = DeviceID(0xA000 + UInt64(laptops.count + 1))
            let seed = [UInt8](repeating: UInt8(0x10 + laptops.count), count: 32)
            let code = try authority.enroll(relayStore, device: id, team: "t", scope: Scope(role: role, districts: districts), operatorName: nil, seed: seed)
            let store = try Store.create(path: ":memory:", environment: clock.environment, device: id)
            try DeviceCredentials(store: store).enroll(code, identity: SigningKey(seed: [UInt8](repeating: UInt8(0x40 + laptops.count), count: 32)))
            laptops[name] = Laptop(name: name, store: store, role: role, districts: districts)
            devices.append([
                "name": name, "device": id.hex, "role": role.rawValue, "districts": districts.sorted(), "epoch": "1", "leaseDays": "14",
                "enrollmentKey": SigningKey(seed: seed).publicKey.hex,
            ])
        }

        /// The laptop writes `edits`, then syncs one round; the step records its request and what
        /// the response holds.
        func sync(_ name: String, _ edits: (Store) -> [Edit] = { _ in [] }) throws {
            let laptop = laptops[name]!
            let written = edits(laptop.store)
            if !written.isEmpty { try laptop.store.write { _ = try $0.commit(written) } }
            let request = try DeviceSync(store: laptop.store).makeRequest()
            let reply = service.handle(request.bytes)
            _ = try? DeviceSync(store: laptop.store).handle(response: reply.body, to: request)
            steps.append(["request": request.bytes.hex, "expect": ScenarioVectorTests.summary(status: reply.status, body: reply.body)])
        }

        func raw(_ bytes: [UInt8]) {
            let reply = service.handle(bytes)
            steps.append(["request": bytes.hex, "expect": ScenarioVectorTests.summary(status: reply.status, body: reply.body)])
        }

        func rescope(_ name: String, districts: Set<String>) throws {
            var device = try relayStore.enrolledDevice(laptops[name]!.store.device)!
            device.scope = Scope(role: device.scope.role, districts: districts, epoch: device.scope.epoch + 1, leaseDays: device.scope.leaseDays)
            try relayStore.write { try $0.saveDevice(device) }
            steps.append(["scope": name, "districts": districts.sorted(), "epoch": "\(device.scope.epoch)"])
        }
    }

    /// What a response holds, as the file states it.
    static func summary(status: Int, body: [UInt8]) -> [String: Any] {
        let messages = (try? Body.decode(body).messages) ?? []
        var rejected: [[String: Any]] = [], received = Set<String>(), error: String?, changes = 0
        for message in messages {
            switch message {
            case .rejected(let rejection): rejected.append(["reason": "\(rejection.reason)", "records": rejection.records.map(\.hex)])
            case .changes(let batch):
                received.formUnion(batch.changes.map(\.record.hex))
                changes += batch.changes.count
            case .error(let failure): error = "\(failure.code)"
            default: break
            }
        }
        var summary: [String: Any] = [
            "status": status, "kinds": messages.map { "\($0.kind)" }, "rejected": rejected, "received": received.sorted(), "changes": changes,
        ]
        if let error { summary["error"] = error }
        return summary
    }

    static func household(_ store: Store, _ district: String, street: String) -> (RecordID, [Edit]) {
        let id = store.newRecordID()
        return (
            id,
            [
                .set(id, CommonField.kind, .enumeration(RecordKind.household.rawValue)), .set(id, CommonField.district, .text(district)),
                .set(id, HouseholdField.comune, .text("Lodi")), .set(id, HouseholdField.street, .text(street)),
            ]
        )
    }

    static func scenarios() throws -> [[String: Any]] {
        var tests: [[String: Any]] = []
        func scenario(_ requirement: String, _ comment: String, _ body: (Making) throws -> Void) throws {
            let making = try Making()
            try body(making)
            tests.append([
                "tcId": tests.count + 1, "requirement": requirement, "comment": comment, "relay": ["identitySeed": [UInt8](repeating: 0x70, count: 32).hex],
                "devices": making.devices, "steps": making.steps,
            ])
        }
        try scenario(
            "SCOPE-2", "a caretaker of Lodi-1 writes a household there and one in Lodi-2: the second is refused, reason 1; a laptop of Lodi-2 receives neither"
        ) { m in
            try m.enroll("a", role: .caretaker, districts: ["Lodi-1"])
            try m.enroll("b", role: .caretaker, districts: ["Lodi-2"])
            try m.sync("a") { store in Self.household(store, "Lodi-1", street: "via Uno").1 + Self.household(store, "Lodi-2", street: "via Due").1 }
            try m.sync("b")
        }
        try scenario("REJ-2", "a street unit may not write households: refused, reason 2; the REJECTED precedes the ACK") { m in
            try m.enroll("s", role: .streetUnit, districts: ["Lodi-1"])
            try m.sync("s") { store in Self.household(store, "Lodi-1", street: "via Strada").1 }
        }
        try scenario("SCOPE-3", "a record moved into Lodi-2 reaches the Lodi-2 laptop whole, its earlier changes included") { m in
            try m.enroll("office", role: .coordinator, districts: ["*"])
            try m.enroll("b", role: .caretaker, districts: ["Lodi-2"])
            var moving: RecordID?
            try m.sync("office") { store in
                let (id, edits) = Self.household(store, "Lodi-1", street: "via Tre")
                moving = id
                return edits
            }
            try m.sync("b")
            try m.sync("office") { _ in [.set(moving!, CommonField.district, .text("Lodi-2"))] }
            try m.sync("b")
        }
        try scenario("SCOPE-4", "a record moved out of Lodi-2: the Lodi-2 laptop receives its placement change, and no other value of it") { m in
            try m.enroll("office", role: .coordinator, districts: ["*"])
            try m.enroll("b", role: .caretaker, districts: ["Lodi-2"])
            var moving: RecordID?
            try m.sync("office") { store in
                let (id, edits) = Self.household(store, "Lodi-2", street: "via Quattro")
                moving = id
                return edits
            }
            try m.sync("b")
            try m.sync("office") { _ in [.set(moving!, CommonField.district, .text("Lodi-1")), .set(moving!, HouseholdField.street, .text("via Nuova"))] }
            try m.sync("b")
        }
        try scenario("SCOPE-2", "a new scope: the relay answers SCOPE and sends the new scope's records from the start") { m in
            try m.enroll("office", role: .coordinator, districts: ["*"])
            try m.enroll("b", role: .caretaker, districts: ["Lodi-2"])
            try m.sync("office") { store in Self.household(store, "Lodi-1", street: "via Cinque").1 }
            try m.sync("b")
            try m.rescope("b", districts: ["Lodi-1", "Lodi-2"])
            try m.sync("b")
        }
        try scenario("PULL-5", "a laptop whose scope restarts gets back its own changes the relay held before, which it may have purged") { m in
            try m.enroll("b", role: .caretaker, districts: ["Lodi-2"])
            try m.sync("b") { store in Self.household(store, "Lodi-2", street: "via Sette").1 }
            try m.sync("b")
            try m.rescope("b", districts: ["Lodi-1", "Lodi-2"])
            try m.sync("b")
        }
        try scenario("BODY-3", "a request whose PULL comes before its CHANGES: malformed, HTTP 400, nothing written") { m in
            try m.enroll("a", role: .caretaker, districts: ["Lodi-1"])
            let hello = Message.hello(Hello(schemaVersion: 1, device: m.laptops["a"]!.store.device, clock: HLC(millis: 1)))
            m.raw(Body([hello, .pull(Pull(cursor: 0)), .changes(ChangeBatch(through: 1, changes: []))]).encode())
        }
        try scenario("LIMIT-12", "a frame announcing more than frameBytesMax: tooLarge, HTTP 413, nothing written; the relay goes on serving") { m in
            try m.enroll("a", role: .caretaker, districts: ["Lodi-1"])
            var huge = FrameCodec().encode(.hello(Hello(schemaVersion: 1, device: m.laptops["a"]!.store.device, clock: HLC(millis: 1))))
            var writer = ByteWriter()
            writer.writeByte(FrameKind.changes.rawValue)
            writer.writeVarint(UInt64(WireLimits.standard.frameBytesMax) + 1)
            huge += writer.bytes
            m.raw(huge)
            try m.sync("a") { store in Self.household(store, "Lodi-1", street: "via Sei").1 }
        }
        return tests
    }

    static func rendered() throws -> Data {
        let root: [String: Any] = [
            "description": "Exchanges with a relay in a stated state, for the rules it applies.", "spec": "Protocol/SPEC.md", "protocolVersion": 2,
            "format": format, "tests": try scenarios(),
        ]
        return try JSONSerialization.data(withJSONObject: root, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
    }

    @Test func committedScenariosAreTheCatalogs() throws {
        let data = try Self.rendered()
        if ProcessInfo.processInfo.environment["SNODO_WRITE_VECTORS"] == "1" { try data.write(to: URL(fileURLWithPath: Self.path)) }
        #expect(FileManager.default.contents(atPath: Self.path) == data, "scenarios.json differs: regenerate on purpose")
    }

    /// A relay set up from the file alone answers the file's requests as the file says.
    @Test func aRelaySetUpFromTheFileAnswersAsItSays() throws {
        let root = try JSONSerialization.jsonObject(with: try #require(FileManager.default.contents(atPath: Self.path))) as! [String: Any]
        let tests = root["tests"] as! [[String: Any]]
        #expect(tests.count >= 7)
        for test in tests {
            let store = try Store.create(path: ":memory:", environment: TestClock(seed: 9).environment)
            let relay = test["relay"] as! [String: String]
            let service = RelayService(store: store, authority: RelayAuthority(identitySeed: [UInt8](hex: relay["identitySeed"]!)!))
            var ids: [String: DeviceID] = [:]
            for device in test["devices"] as! [[String: Any]] {
                let id = DeviceID(hex: device["device"] as! String)!
                ids[device["name"] as! String] = id
                let scope = Scope(
                    role: TeamRole(rawValue: device["role"] as! String)!, districts: Set(device["districts"] as! [String]),
                    epoch: UInt64(device["epoch"] as! String)!, leaseDays: Int(device["leaseDays"] as! String)!)
                var enrolled = EnrolledDevice(device: id, team: "t", scope: scope, operatorName: nil, enrolledMillis: 0)
                enrolled.enrollmentKey = [UInt8](hex: device["enrollmentKey"] as! String)
                try store.write { try $0.saveDevice(enrolled) }
            }
            for (index, step) in (test["steps"] as! [[String: Any]]).enumerated() {
                if let name = step["scope"] as? String {
                    var device = try store.enrolledDevice(ids[name]!)!
                    device.scope = Scope(
                        role: device.scope.role, districts: Set(step["districts"] as! [String]), epoch: UInt64(step["epoch"] as! String)!,
                        leaseDays: device.scope.leaseDays)
                    try store.write { try $0.saveDevice(device) }
                    continue
                }
                let reply = service.handle([UInt8](hex: step["request"] as! String)!)
                let got = try JSONSerialization.data(withJSONObject: Self.summary(status: reply.status, body: reply.body), options: .sortedKeys)
                let said = try JSONSerialization.data(withJSONObject: step["expect"]!, options: .sortedKeys)
                #expect(got == said, "test \(test["tcId"]!), step \(index + 1): \(String(decoding: got, as: UTF8.self))")
            }
        }
    }
}
