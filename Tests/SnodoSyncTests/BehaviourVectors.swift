import Foundation
import Testing
import SnodoModel
import SnodoProtocol
import SnodoServer
import SnodoStore
import SnodoTestSupport

/// Protocol/vectors/behaviour.json: what a replica must compute, not only decode (SPEC §9,
/// "Behaviour"): the log fingerprint after each change ([LOG-1]), the state a set of CHANGES
/// frames merges to in any order ([CHG-9]), and the revision a relay gives a profile ([PROF-3]).
/// Generated from fixed inputs; the tests check the file against the store and the reference
/// replica, in every order.
@Suite struct BehaviourVectorTests {
    static var path: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Protocol/vectors/behaviour.json").path
    }

    static let household = RecordID(hex: "019a4e3c2f0000010000000000000001")!
    static let place = RecordID(hex: "019a4e3c2f0100020000000000000002")!
    static let a = DeviceID(0x0A0A_0A0A_0A0A_0A0A), b = DeviceID(0x0B0B_0B0B_0B0B_0B0B)

    static func write(
        _ record: RecordID, _ field: FieldNumber, _ value: Value, _ millis: Int64, _ device: DeviceID, element: Value? = nil, supersedes: [Stamp] = []
    )
        -> Change
    {
        let key = element.map { CellKey(record: record, field: field, element: $0) } ?? CellKey(record: record, field: field)
        return .write(CellWrite(key: key, value: value, stamp: Stamp(hlc: HLC(millis: millis), device: device), supersedes: supersedes))
    }

    /// Frames that, merged in any order, give one state: concurrent writes to one cell (the higher
    /// stamp wins, ties on the clock broken by device), a superseded loser (no conflict), an
    /// unsuperseded one (a conflict), a set element, and an erasure that beats a later write.
    static var mergeFrames: [[Change]] {
        [
            [write(household, 11, .text("via Roma"), 1_000, a), write(household, 11, .text("via Milano"), 2_000, b)],
            [write(household, 20, .text("Giulia"), 3_000, a), write(household, 20, .text("Marco"), 3_000, b)],
            [write(household, 24, .text("nota nuova"), 5_000, a, supersedes: [Stamp(hlc: HLC(millis: 4_000), device: b)])],
            [write(household, 24, .text("nota vecchia"), 4_000, b), write(household, 19, .bool(true), 1_500, a, element: .enumeration(2))],
            [write(place, 10, .text("Stazione"), 1_000, a)], [.erase(Erasure(record: place, stamp: Stamp(hlc: HLC(millis: 2_000), device: b)))],
            [write(place, 10, .text("Stazione Centrale"), 9_000, a)],
        ]
    }

    static func frameHex(_ changes: [Change]) -> String {
        FrameCodec().encode(.changes(ChangeBatch(through: 1, changes: changes).canonical)).hex
    }

    static func stateJSON(_ state: ReplicaState) -> [String: Any] {
        let winners = state.winners.values.sorted { ($0.key.record, $0.key.field, $0.key.element.hex) < ($1.key.record, $1.key.field, $1.key.element.hex) }
        return [
            "winners": winners.map { write in
                [
                    "record": write.key.record.hex, "field": Int(write.key.field), "element": write.key.element.hex, "value": write.value.canonicalBytes.hex,
                    "hlc": "\(write.stamp.hlc.raw)", "device": write.stamp.device.hex,
                ] as [String: Any]
            },
            "conflicts": state.conflicts.sorted { ($0.key.record, $0.key.field) < ($1.key.record, $1.key.field) }.flatMap { key, stamps in
                stamps.sorted().map {
                    ["record": key.record.hex, "field": Int(key.field), "element": key.element.hex, "hlc": "\($0.hlc.raw)", "device": $0.device.hex]
                }
            },
            "erased": state.erasures.keys.sorted().map(\.hex),
        ]
    }

    static func rendered() throws -> Data {
        // The last frame writes to an erased record: a no-op, which no log numbers.
        let numbered = Array(mergeFrames.dropLast())
        var fingerprint = LogFingerprint()
        let canonical = numbered.map { ChangeBatch(through: 1, changes: $0).canonical.changes }
        let logged = canonical.joined().enumerated().map { offset, change -> String in
            fingerprint = fingerprint.appending(change, number: UInt64(offset + 1))
            return "\(fingerprint.value)"
        }
        var reference = ReferenceReplica()
        reference.apply(Array(mergeFrames.joined()))
        let revisions: [(UInt64, Int64)] = [(0, 0), (4, 1_000), (1_765_000_000, 1_700_000_000_000), (3, 1_765_000_000_123)]
        let tests: [[String: Any]] = [
            [
                "tcId": 1, "requirement": "LOG-1", "unit": "fingerprint",
                "comment": "the changes of these frames, in order, numbered from 1: the log's fingerprint after each",
                "frames": numbered.map(frameHex), "fingerprints": logged,
            ],
            [
                "tcId": 2, "requirement": "CHG-9", "unit": "merge",
                "comment": "these frames applied in any order, each any number of times, give this state (values as canonical bytes)",
                "frames": mergeFrames.map(frameHex), "state": stateJSON(reference.state),
            ],
            [
                "tcId": 3, "requirement": "PROF-3", "unit": "profileRevision",
                "comment": "the revision a relay gives a profile it takes: max(current + 1, its wall clock in seconds)",
                "cases": revisions.map {
                    ["current": "\($0.0)", "wallMillis": "\($0.1)", "revision": "\(Profile.nextRevision(after: $0.0, wallMillis: $0.1))"]
                },
            ],
            [
                "tcId": 4, "requirement": "LIMIT-13", "unit": "http",
                "comment": "request heads over HTTP: a body announced past bodyBytesMax is refused with 413 before any of it is read",
                "cases": [("8388608", 0), ("8388609", 413)].map { length, status in
                    ["head": "POST /sync HTTP/1.1\r\nHost: relay\r\nContent-Length: \(length)\r\n\r\n", "status": status]
                },
            ],
        ]
        let root: [String: Any] = [
            "description": "What a replica computes: fingerprints, merged state, profile revisions.", "spec": "Protocol/SPEC.md", "protocolVersion": 1,
            "tests": tests,
        ]
        return try JSONSerialization.data(withJSONObject: root, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
    }

    @Test func committedBehaviourVectorsAreTheCatalogs() throws {
        let data = try Self.rendered()
        if ProcessInfo.processInfo.environment["SNODO_WRITE_VECTORS"] == "1" { try data.write(to: URL(fileURLWithPath: Self.path)) }
        #expect(FileManager.default.contents(atPath: Self.path) == data, "behaviour.json differs: regenerate on purpose")
    }

    /// The file's frames, decoded as a reader of the spec would.
    static func frames(_ test: [String: Any]) throws -> [[Change]] {
        try (test["frames"] as! [String]).map { hex in
            guard case .message(.changes(let batch), _) = try FrameCodec().decode([UInt8](hex: hex)!) else { throw DecodeError.truncatedBody }
            return batch.changes
        }
    }

    static func test(_ unit: String) throws -> [String: Any] {
        let root = try JSONSerialization.jsonObject(with: try #require(FileManager.default.contents(atPath: path))) as! [String: Any]
        return (root["tests"] as! [[String: Any]]).first { $0["unit"] as? String == unit }!
    }

    @Test func everyOrderOfTheFramesMergesToTheStatedState() throws {
        let test = try Self.test("merge")
        let frames = try Self.frames(test)
        let stated = try JSONSerialization.data(withJSONObject: test["state"]!, options: .sortedKeys)
        for (index, order) in permutations(Array(frames.indices)).enumerated() where index % 37 == 0 {
            let store = try Store.create(path: ":memory:", environment: TestClock(seed: UInt64(index)).environment)
            for frame in order { try store.write { try $0.apply(frames[frame]) } }
            try store.write { try $0.apply(frames[order[0]]) }
            let merged = try JSONSerialization.data(withJSONObject: Self.stateJSON(try store.state()), options: .sortedKeys)
            #expect(merged == stated, "order \(order)")
        }
    }

    /// Status 0: the head is taken and the parser waits for the body.
    @Test func theHTTPBoundIsTheStatedOne() throws {
        for item in try Self.test("http")["cases"] as! [[String: Any]] {
            let head = Array((item["head"] as! String).utf8)
            let status: Int
            do {
                _ = try HTTPRequestParser.parse(head)
                status = 0
            } catch { status = error.status }
            #expect(status == item["status"] as! Int, "\(item["head"]!)")
        }
    }

    @Test func theFingerprintsAreTheLogs() throws {
        let test = try Self.test("fingerprint")
        let store = try Store.create(path: ":memory:", environment: TestClock(seed: 1).environment)
        for frame in try Self.frames(test) { try store.write { try $0.apply(frame) } }
        let stated = test["fingerprints"] as! [String]
        for (offset, value) in stated.enumerated() {
            #expect(try store.fingerprint(at: UInt64(offset + 1)).map { "\($0)" } == value, "change \(offset + 1)")
        }
    }
}
