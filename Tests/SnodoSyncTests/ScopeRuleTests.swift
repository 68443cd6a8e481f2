import Testing
import SnodoModel
import SnodoProtocol
import SnodoStore
import SnodoSync
import SnodoTestSupport

/// The relay's scope rules from every side ([SCOPE-2]): a laptop of Lodi-2 erasing, moving or
/// re-sharing a Lodi-1 record, alone and mixed with changes it may make; and what sharing allows.
/// Each case names what the relay must do with the foreign record and with the laptop's own.
@Suite struct ScopeRuleTests {
    /// Two enrolled coordinators, of Lodi-1 and Lodi-2, and a Lodi-1 household at the relay.
    struct Field {
        let relay: RelayService
        let lodi1: Store
        let lodi2: Store
        let household: RecordID

        init() throws {
            let clock = TestClock(seed: 404)
            let relay = RelayService(
                store: try Store.create(path: ":memory:", environment: clock.environment),
                authority: RelayAuthority(identitySeed: [UInt8](repeating: 9, count: 32)))
            self.relay = relay
            lodi1 = try Field.laptop("Lodi-1", seed: 405, relay: relay)
            lodi2 = try Field.laptop("Lodi-2", seed: 406, relay: relay)
            household = lodi1.newRecordID()
            try lodi1.write {
                try $0.commit([
                    .set(household, CommonField.kind, .enumeration(RecordKind.household.rawValue)),
                    .set(household, CommonField.district, .text("Lodi-1")), .set(household, HouseholdField.street, .text("via Roma")),
                ])
            }
            for store in [lodi1, lodi2] { try sync(store) }
        }

        static func laptop(_ district: String, seed: UInt64, relay: RelayService) throws -> Store {
            let store = try Store.create(path: ":memory:", environment: TestClock(seed: seed).environment)
            let code = try relay.authority!.enroll(
                relay.store, device: store.device, team: "t-\(district)",
                scope: Scope(role: .coordinator, districts: [district]), operatorName: nil)
            try DeviceCredentials(store: store).enroll(code)
            return store
        }

        @discardableResult
        func sync(_ store: Store) throws -> SyncReport {
            try SyncDriver(device: DeviceSync(store: store), transport: FaultyLoopback(relay: relay, seed: 0, faultPercent: 0)).run()
        }

        /// A household of Lodi-2's own, which it may always write.
        func ownHousehold() throws -> RecordID {
            let own = lodi2.newRecordID()
            try lodi2.write {
                try $0.commit([
                    .set(own, CommonField.kind, .enumeration(RecordKind.household.rawValue)),
                    .set(own, CommonField.district, .text("Lodi-2")),
                ])
            }
            return own
        }
    }

    enum ForeignChange: String, CaseIterable, CustomStringConvertible {
        case erase, moveToOwnDistrict, shareWithOwnDistrict, editField
        var description: String { rawValue }
    }

    @Test(arguments: ForeignChange.allCases, [false, true])
    func aLaptopCannotTouchAnotherDistrictsRecord(_ change: ForeignChange, mixed: Bool) throws {
        let field = try Field()
        let before = try field.relay.store.history(of: field.household).count
        let own = mixed ? try field.ownHousehold() : nil
        switch change {
        case .erase: _ = try field.lodi2.write { try $0.erase(field.household) }
        case .moveToOwnDistrict: try field.lodi2.write { try $0.commit([.set(field.household, CommonField.district, .text("Lodi-2"))]) }
        case .shareWithOwnDistrict:
            try field.lodi2.write { try $0.commit([.setElement(field.household, CommonField.sharedWith, element: .text("Lodi-2"), .bool(true))]) }
        case .editField: try field.lodi2.write { try $0.commit([.set(field.household, HouseholdField.street, .text("via Altrove"))]) }
        }
        try field.sync(field.lodi2)
        #expect(try field.relay.store.erasureNumber(field.household) == nil, "\(change): the foreign record is not erased")
        #expect(try field.relay.store.history(of: field.household).count == before, "\(change): nothing of it was written")
        #expect(try field.relay.store.placement(of: field.household).district == "Lodi-1")
        #expect(try field.lodi2.rejections().map(\.record) == [field.household], "\(change): the refusal reached the laptop")
        #expect(try field.lodi2.rejections().first?.reason == Rejection.Reason.outOfScope.rawValue)
        if let own { #expect(try field.relay.store.kind(of: own) == .household, "\(change): the laptop's own change still went in") }
        // Lodi-1 still sees its household untouched.
        try field.sync(field.lodi1)
        #expect(try field.lodi1.record(field.household)?.text(HouseholdField.street) == "via Roma")
    }

    @Test func sharingLetsTheOtherDistrictEditButNotUnshareItself() throws {
        let field = try Field()
        try field.lodi1.write { try $0.commit([.setElement(field.household, CommonField.sharedWith, element: .text("Lodi-2"), .bool(true))]) }
        try field.sync(field.lodi1)
        try field.sync(field.lodi2)
        #expect(try field.lodi2.record(field.household) != nil, "shared: it came into Lodi-2's scope")

        // Taking it out of its own scope is refused: out of scope after the change.
        try field.lodi2.write { try $0.commit([.setElement(field.household, CommonField.sharedWith, element: .text("Lodi-2"), .bool(false))]) }
        try field.sync(field.lodi2)
        #expect(try field.relay.store.placement(of: field.household).sharedWith == ["Lodi-2"])
        #expect(try field.lodi2.rejections().map(\.record) == [field.household])

        // An edit, in scope before and after, is accepted.
        try field.lodi2.write { try $0.commit([.set(field.household, HouseholdField.tutor, .text("Tutor di Lodi-2"))]) }
        try field.sync(field.lodi2)
        #expect(try field.relay.store.record(field.household)?.text(HouseholdField.tutor) == "Tutor di Lodi-2")
    }
}
