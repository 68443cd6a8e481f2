import Testing
import SnodoModel
import SnodoProtocol
import SnodoSync

/// The relay's no-I/O parts, each on its own: what it admits, what it forwards to a scope, and how
/// a response fills its byte budget.
@Suite struct RelayPartsTests {
    static let lodi1 = RecordID(high: 1, low: 1)
    static let lodi2 = RecordID(high: 2, low: 2)
    static let unseen = RecordID(high: 3, low: 3)
    static let caretaker = Scope(role: .caretaker, districts: ["Lodi-1"])

    static func write(_ record: RecordID, _ field: FieldNumber, _ value: Value, element: Value? = nil, millis: Int64 = 1_000) -> Change {
        let key = element.map { CellKey(record: record, field: field, element: $0) } ?? CellKey(record: record, field: field)
        return .write(CellWrite(key: key, value: value, stamp: Stamp(hlc: HLC(millis: millis), device: DeviceID(7))))
    }

    /// Lodi-1's household and Lodi-2's, as the relay holds them; the third record it never saw.
    static func held(_ record: RecordID) -> (kindCode: UInt32?, placement: Placement) {
        switch record {
        case lodi1: (RecordKind.household.rawValue, Placement(district: "Lodi-1", sharedWith: []))
        case lodi2: (RecordKind.household.rawValue, Placement(district: "Lodi-2", sharedWith: []))
        default: (nil, Placement(district: nil, sharedWith: []))
        }
    }

    @Test func admissionRefusesByRecordWithTheReason() throws {
        let admission = Admission(scope: Self.caretaker, takesBack: false, held: Self.held)
        let newVisit = [
            Self.write(Self.unseen, CommonField.kind, .enumeration(RecordKind.visit.rawValue)),
            Self.write(Self.unseen, CommonField.district, .text("Lodi-1")),
        ]
        let changes = [Self.write(Self.lodi2, HouseholdField.tutor, .text("x")), Self.write(Self.lodi1, HouseholdField.tutor, .text("y"))] + newVisit
        let (accepted, rejections) = try admission.judge(changes, returned: [])
        #expect(accepted == [changes[1]] + newVisit, "in order of arrival, record by record")
        #expect(rejections == [Rejection(reason: .outOfScope, records: [Self.lodi2])])

        let place = [
            Self.write(Self.unseen, CommonField.kind, .enumeration(RecordKind.ledgerEntry.rawValue)),
            Self.write(Self.unseen, CommonField.district, .text("Lodi-1")),
        ]
        let street = Admission(scope: Scope(role: .streetUnit, districts: ["Lodi-1"]), takesBack: false, held: Self.held)
        #expect(try street.judge(place, returned: []).rejections == [Rejection(reason: .roleMayNotWrite, records: [Self.unseen])])
        let unknown = [Self.write(Self.unseen, CommonField.kind, .enumeration(99)), Self.write(Self.unseen, CommonField.district, .text("Lodi-1"))]
        #expect(try admission.judge(unknown, returned: []).rejections == [Rejection(reason: .unknownKind, records: [Self.unseen])])
        let moving = [Self.write(Self.lodi1, CommonField.district, .text("Lodi-2"))]
        #expect(try admission.judge(moving, returned: []).rejections == [Rejection(reason: .outOfScope, records: [Self.lodi1])], "moved out")
    }

    @Test func aRestoredRelayTakesBackWhatIsInScopeWhateverTheRole() throws {
        let ledger = [
            Self.write(Self.unseen, CommonField.kind, .enumeration(RecordKind.ledgerEntry.rawValue)),
            Self.write(Self.unseen, CommonField.district, .text("Lodi-1")),
        ]
        let street = Scope(role: .streetUnit, districts: ["Lodi-1"])
        #expect(try Admission(scope: street, takesBack: true, held: Self.held).judge([], returned: ledger).accepted == ledger)
        #expect(try Admission(scope: street, takesBack: false, held: Self.held).judge([], returned: ledger).accepted.isEmpty)
        let outside = [Self.write(Self.lodi2, HouseholdField.tutor, .text("z"))]
        #expect(try Admission(scope: street, takesBack: true, held: Self.held).judge([], returned: outside).accepted.isEmpty)
    }

    @Test func theFilterForwardsTheScopeErasuresAndDeparturesAndLooksEachRecordUpOnce() throws {
        var lookups = 0
        var filter = ScopeFilter(
            scope: Self.caretaker,
            placement: { record in
                lookups += 1
                return Self.held(record).placement
            },
            placementBefore: { record, _ in record == Self.lodi2 ? Placement(district: "Lodi-1", sharedWith: []) : Self.held(record).placement })
        #expect(try filter.forwards(Self.write(Self.lodi1, HouseholdField.tutor, .text("a")), number: 1))
        #expect(try filter.forwards(Self.write(Self.lodi1, HouseholdField.notes, .text("b")), number: 2))
        #expect(try !filter.forwards(Self.write(Self.lodi2, HouseholdField.tutor, .text("c")), number: 3))
        #expect(try filter.forwards(.erase(Erasure(record: Self.lodi2, stamp: Stamp(hlc: HLC(millis: 5), device: DeviceID(7)))), number: 4))
        #expect(try filter.forwards(Self.write(Self.lodi2, CommonField.district, .text("Lodi-2")), number: 5), "the move out of scope goes")
        #expect(lookups == 2, "one lookup per record")
        let arriving = [
            Self.write(Self.lodi2, CommonField.sharedWith, .bool(true), element: .text("Lodi-1")), Self.write(Self.lodi1, HouseholdField.tutor, .text("d")),
        ]
        #expect(filter.recordsComingIn(arriving) == [Self.lodi2])
        var open = ScopeFilter(
            scope: nil,
            placement: { _ in
                Issue.record("an open relay looks nothing up"); return Placement(district: nil, sharedWith: [])
            }, placementBefore: { _, _ in Placement(district: nil, sharedWith: []) })
        #expect(try open.forwards(Self.write(Self.lodi2, HouseholdField.tutor, .text("e")), number: 1))
    }

    @Test func aResponseMarksEachBatchAndStopsTakingBatchesOnceItsBudgetIsSpent() throws {
        let codec = FrameCodec()
        let hello = Message.hello(Hello(schemaVersion: 1, device: DeviceID(9), clock: HLC(millis: 1)))
        var response = ResponseBuilder(head: [hello, .ack(Ack(through: 3))], codec: codec, budget: 200, marking: true, fingerprint: { $0 &* 31 })
        var batches = 0
        while !response.isFull {
            try response.append(
                [Self.write(Self.lodi1, HouseholdField.notes, .text(String(repeating: "n", count: 40)), millis: Int64(batches))], through: UInt64(batches + 1))
            batches += 1
        }
        let body = try Body.decode(try response.finish(cursor: UInt64(batches), more: true), with: codec)
        #expect(body.encode(with: codec).count >= 200 && batches >= 2)
        var kinds: [String] = []
        for message in body.messages {
            switch message {
            case .hello: kinds.append("hello")
            case .ack: kinds.append("ack")
            case .mark(let mark):
                kinds.append("mark")
                #expect(mark.fingerprint == mark.through &* 31)
            case .changes: kinds.append("changes")
            case .end(let end):
                kinds.append("end")
                #expect(end.more && end.cursor == UInt64(batches))
            default: kinds.append("other")
            }
        }
        #expect(kinds == ["hello", "ack"] + Array(repeating: ["mark", "changes"], count: batches).flatMap { $0 } + ["mark", "end"])
        var plain = ResponseBuilder(
            head: [hello, .ack(Ack(through: 0))], codec: codec, budget: 10_000, marking: false,
            fingerprint: { _ in
                Issue.record("no MARK without STATE")
                return 0
            })
        try plain.append([Self.write(Self.lodi1, HouseholdField.notes, .text("x"))], through: 1)
        #expect(try Body.decode(try plain.finish(cursor: 1, more: false), with: codec).messages.count == 4)
    }
}
