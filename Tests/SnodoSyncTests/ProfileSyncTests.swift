import Testing
import SnodoModel
import SnodoProtocol
import SnodoStore
import SnodoSync
import SnodoTestSupport

/// A fleet where replicas hold different revisions of the programme profile: cells of fields and
/// kinds a replica does not know are kept and passed on, and every replica converges; the relay's
/// profile reaches a laptop in the same response as the changes.
@Suite struct ProfileSyncTests {
    static let lodi = try! #require(try Profile.builtIn("lodi"))
    static let arrearsKind = RecordKind(rawValue: 101)
    static let alerCode: FieldNumber = 1001

    /// A household with Lodi's ALER code, and an arrears record for it, written on a Lodi laptop.
    static func lodiWork(_ store: Store) throws -> (home: RecordID, arrears: RecordID) {
        let home = store.newRecordID(), arrears = store.newRecordID()
        try store.write {
            try $0.commit([
                .set(home, CommonField.kind, .enumeration(RecordKind.household.rawValue)), .set(home, CommonField.district, .text("Lodi-1")),
                .set(home, HouseholdField.comune, .text("Lodi")), .set(home, HouseholdField.street, .text("via Roma")),
                .set(home, alerCode, .text("A-1042")),
                .set(arrears, CommonField.kind, .enumeration(arrearsKind.rawValue)), .set(arrears, CommonField.district, .text("Lodi-1")),
                .set(arrears, 10, .reference(home)), .set(arrears, 11, .cents(125_050)), .set(arrears, 12, .date(20_400)),
            ])
        }
        return (home, arrears)
    }

    @Test func aReplicaWithAnOlderProfileKeepsAndRelaysTheNewerFields() throws {
        // The relay and laptop 1 still read the core profile; laptop 0 has Lodi's.
        let fleet = try Fleet(seed: 31, devices: 2)
        try fleet.devices[0].write { try $0.setProfile(Self.lodi) }
        let (home, arrears) = try Self.lodiWork(fleet.devices[0])
        _ = try fleet.sync(0)
        _ = try fleet.sync(1)
        let older = fleet.devices[1]
        // Kept whole, though this replica cannot name them.
        #expect(try older.record(home)?.unknownFields == [Self.alerCode])
        #expect(try older.record(arrears)?.kind == nil)
        #expect(try older.record(arrears)?.kindCode == Self.arrearsKind.rawValue)
        #expect(try older.record(arrears)?.unknownFields == [10, 11, 12])
        // And passed on: a third replica that knows Lodi's profile reads them from the older relay.
        let later = try Store.create(path: ":memory:", environment: TestClock(seed: 32).environment)
        try later.write { try $0.setProfile(Self.lodi) }
        _ = try SyncDriver(device: DeviceSync(store: later), transport: FaultyLoopback(relay: fleet.relay, seed: 0, faultPercent: 0)).run()
        #expect(try later.record(arrears)?.spec?.name == "arrears")
        #expect(try later.record(home)?.text(Self.alerCode) == "A-1042")
        #expect(Set(try fleet.digests() + [later.state().digest]).count == 1)
    }

    @Test func theRelaysProfileReachesALaptopWithTheChangesAndIsNotSentAgain() throws {
        let fleet = try Fleet(seed: 33, devices: 2)
        try fleet.relay.store.write { try $0.setProfile(Self.lodi.at(revision: 1)) }
        try fleet.devices[0].write { try $0.setProfile(Self.lodi.at(revision: 1)) }
        let (_, arrears) = try Self.lodiWork(fleet.devices[0])
        _ = try fleet.sync(0)
        let report = try fleet.sync(1)
        #expect(report.profileTaken?.name == "lodi" && report.profileTaken?.revision == 1)
        // A laptop that holds a newer revision than a relay restored from an older copy is sent nothing.
        try fleet.devices[0].write { try $0.setProfile(Self.lodi.at(revision: 5)) }
        #expect(try fleet.sync(0).profileTaken == nil)
        #expect(try fleet.devices[1].record(arrears)?.spec?.singular == "morosità")
        #expect(try fleet.sync(1).profileTaken == nil)
        // A profile that drops a kind the laptop holds is not the relay's to give: kept, and said.
        try fleet.relay.store.write { try $0.setProfile(Profile.core.at(revision: 2)) }
        let refused = try fleet.sync(1)
        #expect(refused.profileRefused?.italian.contains("'household.aler-code'") == true)
        #expect(fleet.devices[1].profile.revision == 1)
        #expect(Set(try fleet.digests()).count == 1)
    }
}
