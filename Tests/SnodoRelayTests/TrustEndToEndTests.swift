import Foundation
import Testing
#if canImport(Glibc)
    import Glibc
#endif
import SnodoModel
import SnodoProtocol
import SnodoServer
import SnodoStore
import SnodoSync
import SnodoTestSupport

/// Enrollment, authentication, scopes, revocation, the offline lease, erasure and audit, against
/// the real relay process (which accepts only enrolled laptops) and the real `snodo` command.
@Suite(.serialized) struct TrustEndToEndTests {
    /// The trust suites' laptops sit beside the relay, as `NAME.sqlite`.
    static func field() -> RelaySite { RelaySite("snodo-trust") }

    @Test func everyUnauthenticatedRequestIsRefusedAndWritesNothing() throws {
        let field = Self.field()
        defer { field.cleanUp() }
        let (path, _) = try field.enroll("a", districts: "Lodi-1")
        try field.relay.start()
        try field.snodo(path, "household", "add", "--district", "Lodi-1", "--comune", "Lodi", "--street", "via Roma")
        _ = try field.sync(path)
        let store = try openTestStore(path: path, environment: TestClock(seed: 5).environment)
        try store.write { try $0.commit([.set(try store.records(of: .household)[0].id, 24, .text("nuova nota"))]) }
        let valid = try DeviceSync(store: store).makeRequest().bytes
        let before = try field.relayFingerprint()

        func refusal(_ body: [UInt8]) throws -> (Int, ErrorCode?) {
            let (status, reply) = try SocketHTTP.exchange(port: field.relay.port, SocketHTTP.request(body: body))
            guard case .error(let error)? = try Body.decode(reply).messages.dropFirst().first else { return (status, nil) }
            return (status, error.knownCode)
        }
        // Without a signature: the same request with its AUTH frame removed.
        let frames = try Body.frames(valid)
        let authRange = frames.first { $0.message?.kind == .auth }!.range
        var unsigned = valid
        unsigned.removeSubrange(authRange)
        #expect(try refusal(unsigned) == (401, .unauthenticated))
        // With a wrong signature: one byte of it changed, the frame's checksum made right again.
        var forged = valid
        forged[authRange.upperBound - 5] ^= 0x01
        forged.replaceSubrange(
            (authRange.upperBound - 4)..<authRange.upperBound,
            with: FrameCodec().frame(kind: 2, payload: Array(forged[(authRange.lowerBound + 2)..<(authRange.upperBound - 4)])).suffix(4))
        #expect(try refusal(forged) == (401, .unauthenticated))
        // From an unknown device: a code the relay never issued.
        let stranger = try Store.create(
            path: field.folder + "/stranger.sqlite", environment: TestClock(seed: 6).environment,
            device: DeviceID(0xDEAD_BEEF))
        let relayKey = try field.relayPublicKey()
        try DeviceCredentials(store: stranger).enroll(
            EnrollmentCode(device: DeviceID(0xDEAD_BEEF), seed: [UInt8](repeating: 7, count: 32), relayKey: relayKey))
        #expect(try refusal(try DeviceSync(store: stranger).makeRequest().bytes) == (401, .unauthenticated))
        #expect(try field.relayFingerprint() == before, "nothing written by refused requests")

        // Accepted once, then replayed.
        #expect(try refusal(valid).0 == 200)
        let accepted = try field.relayFingerprint()
        #expect(accepted != before)
        #expect(try refusal(valid) == (401, .replayed))
        #expect(try field.relayFingerprint() == accepted, "a replay writes nothing")
    }

    @Test func writesOutsideTheScopeAreRefusedChangeByChangeAndKept() throws {
        let field = Self.field()
        defer { field.cleanUp() }
        let (lodi1, _) = try field.enroll("a", districts: "Lodi-1")
        let (lodi2, _) = try field.enroll("b", districts: "Lodi-2", role: "street-unit")
        try field.relay.start()
        let inScope = try field.snodo(lodi1, "household", "add", "--district", "Lodi-1", "--comune", "Lodi", "--street", "via Roma").stdout.trimmingCharacters(
            in: .whitespacesAndNewlines)
        let outside = try field.snodo(lodi1, "household", "add", "--district", "Lodi-2", "--comune", "Lodi", "--street", "via Altrove").stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let synced = try field.sync(lodi1)
        #expect(synced.stdout.contains("rifiutato modifiche a 1 scheda"))
        let relay = try field.relay.openStore()
        #expect(try relay.kind(of: RecordID(hex: inScope)!) == .household)
        #expect(try relay.kind(of: RecordID(hex: outside)!) == nil, "the out-of-scope write was not stored")
        let status = try field.snodo(lodi1, "status").stdout
        #expect(status.contains("rifiutate dal relay (conservate qui): 1 scheda"))
        #expect(try field.snodo(lodi1, "household", "show", outside).stdout.contains("via Altrove"), "the refused edit is not lost")
        // A street unit may not write households at all, even in its district.
        try field.snodo(lodi2, "household", "add", "--district", "Lodi-2", "--comune", "Lodi", "--street", "via Strada")
        #expect(try field.sync(lodi2).stdout.contains("rifiutato"))
        // And it receives nothing of Lodi-1.
        #expect(try field.snodo(lodi2, "household", "list", "--json").stdout.contains(inScope) == false)
    }

    @Test func scopeGrowsAndShrinksWithoutLosingUnsentEdits() throws {
        let field = Self.field()
        defer { field.cleanUp() }
        let (office, _) = try field.enroll("office", districts: "*", role: "coordinator")
        let (unit, unitID) = try field.enroll("unit", districts: "Lodi-2")
        try field.relay.start()
        let homes = try (0..<3).map { index in
            try field.snodo(office, "household", "add", "--district", "Lodi-1", "--comune", "Lodi", "--street", "via Uno \(index)").stdout.trimmingCharacters(
                in: .whitespacesAndNewlines)
        }
        _ = try field.sync(office)
        _ = try field.sync(unit)
        #expect(try field.snodo(unit, "household", "list").stdout == "nessuna scheda: nuclei\n")

        #expect(try field.relayCommand("scope", unitID, "--districts", "Lodi-1,Lodi-2").status == 0)
        _ = try field.sync(unit)
        let grown = try JSONSerialization.jsonObject(with: Data(try field.snodo(unit, "household", "list", "--json").stdout.utf8)) as! [[String: Any]]
        #expect(Set(grown.compactMap { $0["id"] as? String }) == Set(homes), "the records that came into scope arrived")

        // Offline, the unit edits a Lodi-1 home; meanwhile its scope shrinks back to Lodi-2.
        try field.snodo(unit, "household", "edit", homes[0], "--notes", "visto ieri sera")
        #expect(try field.relayCommand("scope", unitID, "--districts", "Lodi-2").status == 0)
        _ = try field.sync(unit)
        let left = try JSONSerialization.jsonObject(with: Data(try field.snodo(unit, "household", "list", "--json").stdout.utf8)) as! [[String: Any]]
        #expect(left.compactMap { $0["id"] as? String } == [homes[0]], "out-of-scope records purged, the one with the unaccepted edit kept")
        #expect(try field.snodo(unit, "household", "show", homes[0]).stdout.contains("visto ieri sera"))
        #expect(try field.snodo(unit, "status").stdout.contains("rifiutate dal relay (conservate qui): 1 scheda"))
    }

    @Test func aPersonSharedWithASecondDistrictIsReachableByBothUnits() throws {
        let field = Self.field()
        defer { field.cleanUp() }
        let (north, _) = try field.enroll("north", districts: "Catania-1", role: "street-unit")
        let (south, _) = try field.enroll("south", districts: "Catania-2", role: "street-unit")
        try field.relay.start()
        let person = try field.snodo(north, "person", "add", "--district", "Catania-1", "--alias", "Turi").stdout.trimmingCharacters(
            in: .whitespacesAndNewlines)
        _ = try field.sync(north)
        _ = try field.sync(south)
        #expect(try field.snodo(south, "person", "list").stdout == "nessuna scheda: persone\n", "not shared yet")
        // The north unit meets him in the south's district too: it shares the record.
        try field.snodo(north, "person", "edit", person, "--shared-with", "Catania-2")
        _ = try field.sync(north)
        _ = try field.sync(south)
        #expect(try field.snodo(south, "person", "show", person).stdout.contains("Turi"))
        try field.snodo(south, "person", "edit", person, "--approx-age", "60")
        let southSync = try field.sync(south)
        #expect(!southSync.stdout.contains("refused"), "the south unit may update a person shared with its district")
        _ = try field.sync(north)
        #expect(try field.snodo(north, "person", "show", person).stdout.contains("60"))
    }

    @Test func aRevokedLaptopWipesItselfAtItsNextContact() throws {
        let field = Self.field()
        defer { field.cleanUp() }
        let (path, device) = try field.enroll("lost", districts: "Lodi-1")
        try field.relay.start()
        try field.snodo(path, "person", "add", "--district", "Lodi-1", "--name", "Quirinella Zappacosta")
        _ = try field.sync(path)
        #expect(try field.relayCommand("revoke", device).status == 0)
        let wiped = try field.sync(path, status: 1)
        #expect(wiped.stderr.contains("revocato"))
        #expect(wiped.stderr.contains("cancellato"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: field.folder).filter { $0.hasPrefix("lost.sqlite") }
        #expect(leftovers.isEmpty, "store files remain: \(leftovers)")
        for file in try FileManager.default.contentsOfDirectory(atPath: field.folder) where !file.hasPrefix("relay") {
            let bytes = FileManager.default.contents(atPath: field.folder + "/" + file) ?? Data()
            #expect(bytes.range(of: Data("Zappacosta".utf8)) == nil)
        }
        let status = try field.relayCommand("status")
        #expect(status.stdout.contains("revocato"))
    }

    @Test func aLaptopPastItsLeaseShowsNothingUntilItSyncs() throws {
        let field = Self.field()
        defer { field.cleanUp() }
        let (path, _) = try field.enroll("away", districts: "Lodi-1", lease: 3)
        try field.relay.start()
        let home = try field.snodo(path, "household", "add", "--district", "Lodi-1", "--comune", "Lodi", "--street", "via Roma").stdout.trimmingCharacters(
            in: .whitespacesAndNewlines)
        _ = try field.sync(path)
        // Four days without a sync: move the last sync back in the store, as time would.
        let store = try openTestStore(path: path, environment: TestClock(seed: 1).environment)
        var relay = try store.peer(DeviceSync.relayPeer)
        relay.lastSyncMillis = Int64(Date().timeIntervalSince1970 * 1000) - 4 * 86_400_000
        try store.write { try $0.savePeer(relay) }
        let refused = try field.snodo(path, "household", "show", home, status: 1)
        #expect(refused.stderr.contains("non si sincronizza da 4 giorni"))
        try field.snodo(path, "visit", "log", "--subject", home, "--kind", "home-monitoring", "--outcome", "met")
        _ = try field.sync(path)
        #expect(try field.snodo(path, "household", "show", home).stdout.contains("via Roma"))
    }

    @Test func anErasureReachesEveryLaptopIncludingOneThatWasOffline() throws {
        let field = Self.field()
        defer { field.cleanUp() }
        let laptops = try ["a", "b", "c"].map { try field.enroll($0, districts: "Catania-2", role: "street-unit") }
        try field.relay.start()
        let person = try field.snodo(laptops[0].store, "person", "add", "--district", "Catania-2", "--name", "Sebastiana Ortolevi").stdout.trimmingCharacters(
            in: .whitespacesAndNewlines)
        for laptop in laptops { _ = try field.sync(laptop.store) }
        #expect(try field.snodo(laptops[2].store, "person", "show", person).stdout.contains("Ortolevi"))
        // c goes offline and edits the person; meanwhile a erases them and b syncs.
        try field.snodo(laptops[2].store, "person", "edit", person, "--phone", "+39 333 000")
        try field.snodo(laptops[0].store, "erase", person, "--yes")
        // A laptop confirms at the exchange after the one that brought the erasure (its cursor says so).
        for laptop in laptops.prefix(2) { _ = try field.sync(laptop.store) }
        for laptop in laptops.prefix(2) { _ = try field.sync(laptop.store) }
        let pending = try JSONSerialization.jsonObject(with: Data(try field.relayCommand("erasures", "--json").stdout.utf8)) as! [[String: Any]]
        #expect((pending.first?["pending"] as? [String])?.contains(laptops[2].device) == true)
        let confirmedFirst: Set<String> = Set(pending.first?["confirmed"] as? [String] ?? [])
        #expect(confirmedFirst.isSuperset(of: [laptops[0].device, laptops[1].device]))
        // c comes back: its late edit does not resurrect the person, and the erasure reaches it.
        _ = try field.sync(laptops[2].store)
        _ = try field.sync(laptops[2].store)
        for laptop in laptops {
            #expect(try field.snodo(laptop.store, "person", "show", person, status: 1).stderr.contains("cancellata"))
            for suffix in ["", "-wal"] {
                let bytes = FileManager.default.contents(atPath: laptop.store + suffix) ?? Data()
                #expect(bytes.range(of: Data("Ortolevi".utf8)) == nil, "\(laptop.store)\(suffix) still holds the name")
            }
        }
        #expect(try field.relay.openStore().record(RecordID(hex: person)!) == nil)
        let confirmed = try JSONSerialization.jsonObject(with: Data(try field.relayCommand("erasures", "--json").stdout.utf8)) as! [[String: Any]]
        #expect((confirmed.first?["pending"] as? [String]) == [])
        let audit = try JSONSerialization.jsonObject(with: Data(try field.relayCommand("audit", person, "--json").stdout.utf8)) as! [String: Any]
        let trail = audit["trail"] as! [[String: Any]]
        #expect(trail.count == 1 && trail[0]["erased"] != nil, "the audit of an erased record keeps only the erasure")
        #expect(trail[0]["operator"] as? String == "Operatore a")
    }

    @Test func theAuditTrailNamesDevicesAndOperators() throws {
        let field = Self.field()
        defer { field.cleanUp() }
        let (a, _) = try field.enroll("a", districts: "Lodi-1")
        let (b, _) = try field.enroll("b", districts: "Lodi-1", role: "tutor")
        try field.relay.start()
        let home = try field.snodo(a, "household", "add", "--district", "Lodi-1", "--comune", "Lodi", "--street", "via Roma").stdout.trimmingCharacters(
            in: .whitespacesAndNewlines)
        _ = try field.sync(a)
        _ = try field.sync(b)
        try field.snodo(b, "household", "edit", home, "--tutor", "Marta Neri")
        _ = try field.sync(b)
        let audit = try JSONSerialization.jsonObject(with: Data(try field.relayCommand("audit", home, "--json").stdout.utf8)) as! [String: Any]
        let trail = audit["trail"] as! [[String: Any]]
        #expect(Set(trail.compactMap { $0["operator"] as? String }) == ["Operatore a", "Operatore b"])
        #expect(trail.contains { $0["field"] as? Int == Int(HouseholdField.tutor) && $0["operator"] as? String == "Operatore b" })
        #expect(trail.contains { $0["fieldName"] as? String == "tutor" })
        // For a person: field names, the operator with the team, local times; no hex, no UTC.
        let table = try field.relayCommand("audit", home).stdout
        let tutorLine = try #require(table.split(separator: "\n").first { $0.hasPrefix("tutor ") }, "\(table)")
        #expect(tutorLine.contains("Operatore b (t-b)"), "\(tutorLine)")
        #expect(tutorLine.contains("/20"), "a local date, dd/mm/yyyy: \(tutorLine)")
        #expect(!tutorLine.contains("Z"), "\(tutorLine)")
        let status = try field.relayCommand("status").stdout
        #expect(status.contains("Operatore a") && status.contains("t-a"), "\(status)")
    }
}

extension RelaySite {
    /// The relay's merged state and change counter: what a refused request must leave as it was.
    func relayFingerprint() throws -> String {
        let store = try relay.openStore()
        return "\(try store.state().digest)/\(store.lastChangeNumber)"
    }
}
