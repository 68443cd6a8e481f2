import Foundation
import Testing
import SnodoModel
import SnodoProtocol
import SnodoStore
import SnodoTestSupport

/// Records of a kind this version does not define (code 7, as a newer Snodo writes them), against
/// the real closed relay and the real `snodo`: judged by their district, refused where the relay
/// cannot judge them, found by their full id, shown whole.
@Suite(.serialized) struct UnknownKindTests {
    static let newKind: UInt32 = 7
    static let newSet: FieldNumber = 40
    static let newScalar: FieldNumber = 41

    /// A record of kind 7 in `district`, with a two-element set and a scalar of fields this build does not know.
    static func newerRecord(_ id: RecordID, district: String) -> [Edit] {
        [
            .set(id, CommonField.kind, .enumeration(newKind)), .set(id, CommonField.district, .text(district)),
            .setElement(id, newSet, element: .text("laboratorio"), .bool(true)), .setElement(id, newSet, element: .text("tavolo"), .bool(true)),
            .set(id, newScalar, .integer(3)),
        ]
    }

    @Test func aKindTheRelayDoesNotDefineIsJudgedByDistrictRefusedAndStillFoundByItsFullID() throws {
        let site = RelayOperationsTests.site()
        defer { site.cleanUp() }
        let (lodi1, _) = try site.enroll("uno", districts: "Lodi-1", role: "coordinator")
        let (lodi2, _) = try site.enroll("due", districts: "Lodi-2", role: "coordinator")
        // The relay already holds a Lodi-1 record of kind 7 (it took it in while it ran open).
        let foreign = try openTestStore(path: site.relay.storePath, environment: TestClock(seed: 70).environment)
        let record = foreign.newRecordID()
        let newer = try Store.create(path: ":memory:", environment: TestClock(seed: 71).environment)
        try newer.write { try $0.commit(Self.newerRecord(record, district: "Lodi-1")) }
        try foreign.write { try $0.apply(try newer.feed(after: 0, for: nil, limit: 100).changes, from: "newer") }
        let historyBefore = try foreign.history(of: record).count
        try site.relay.start()
        for laptop in [lodi1, lodi2] { _ = try site.sync(laptop) }

        // Lodi-2 writes to it, then moves it into its own district: both refused, as out of scope.
        let due = try openTestStore(path: lodi2, environment: TestClock(seed: 72).environment)
        try due.write { try $0.commit([.set(record, Self.newScalar, .integer(99))]) }
        _ = try site.sync(lodi2)
        try due.write { try $0.commit([.set(record, CommonField.district, .text("Lodi-2"))]) }
        let moved = try site.sync(lodi2).stdout
        #expect(moved.contains("rifiutato modifiche a 1 scheda"), "\(moved)")
        #expect(try due.rejections().map(\.reason) == [Rejection.Reason.outOfScope.rawValue])

        // Lodi-1 holds it in scope, but the relay cannot judge a kind it does not define: refused, with its own reason.
        let uno = try openTestStore(path: lodi1, environment: TestClock(seed: 73).environment)
        try uno.write { try $0.commit([.set(record, Self.newScalar, .integer(5))]) }
        let own = uno.newRecordID()
        try uno.write { try $0.commit(Self.newerRecord(own, district: "Lodi-1")) }
        _ = try site.sync(lodi1)
        #expect(Set(try uno.rejections().map(\.record)) == [record, own])
        #expect(try uno.rejections().allSatisfy { $0.reason == Rejection.Reason.unknownKind.rawValue })
        let status = try site.snodo(lodi1, "status").stdout
        #expect(status.contains("un tipo che il relay non conosce"), "\(status)")

        let relayStore = try site.relay.openStore()
        #expect(try relayStore.history(of: record).count == historyBefore, "nothing of the refused changes was written")
        #expect(try relayStore.kindCode(of: own) == nil)

        // The laptop's own record of kind 7, by its full id: shown whole, its history, erased.
        let shown = try site.snodo(lodi1, "show", own.hex, "--json").stdout
        let json = try JSONSerialization.jsonObject(with: Data(shown.utf8)) as! [String: Any]
        #expect(json["kind"] is NSNull)
        #expect(json["kindCode"] as? Int == 7)
        #expect(json["district"] as? String == "Lodi-1")
        let cells = json["unknownFields"] as? [[String: Any]] ?? []
        #expect(cells.count == 3, "two elements of the set and the scalar: \(cells)")
        #expect(Set(cells.filter { $0["field"] as? Int == 40 }.compactMap { $0["element"] as? String }).count == 2)
        #expect(cells.contains { $0["field"] as? Int == 41 && $0["element"] is NSNull })
        #expect(try site.snodo(lodi1, "show", own.hex).stdout.contains("tipo #7"))
        try site.snodo(lodi1, "history", own.hex)
        try site.snodo(lodi1, "erase", own.hex, "--yes")

        // At the relay: audit and erasure of the kind-7 record by its full id.
        #expect(try site.relayCommand("audit", record.hex).stdout.contains(record.hex))
        try site.relayCommand("erase", record.hex, "--yes")
        #expect(try site.relay.openStore().erasureNumber(record) != nil)
    }
}
