import Foundation
import SnodoModel
import SnodoProtocol

/// One golden vector before it is written to Protocol/vectors/.
struct VectorCase {
    var comment: String
    var requirement: String
    var bytes: [UInt8]
    /// nil for an invalid vector.
    var meaning: Any?
    var error: String?
    var limits: [String: Int] = [:]
    /// "frame" vectors hold one frame; "body" vectors a whole body.
    var unit = "frame"
}

/// The catalog the vector files are generated from (`SNODO_WRITE_VECTORS=1 swift test --filter
/// writeVectors`). Tests read the files, not this catalog, so a codec change that alters any byte
/// fails them.
enum VectorCatalog {
    static let codec = FrameCodec()
    static let deviceA = DeviceID(0x0A0A_0A0A_0A0A_0A0A)
    static let deviceB = DeviceID(0x0B0B_0B0B_0B0B_0B0B)
    static let household = RecordID(hex: "019a4e3c2f0000010000000000000001")!
    static let visit = RecordID(hex: "019a4e3c2f0100020000000000000002")!
    static let clock = HLC(millis: 1_763_683_200_000, logical: 3)

    static func valid(_ message: Message, _ comment: String, _ requirement: String, limits: [String: Int] = [:]) -> VectorCase {
        VectorCase(comment: comment, requirement: requirement, bytes: codec.encode(message), meaning: VectorJSON.message(message), error: nil, limits: limits)
    }

    static func invalid(kind: UInt8, payload: [UInt8], _ error: String, _ comment: String, _ requirement: String, limits: [String: Int] = [:]) -> VectorCase {
        VectorCase(comment: comment, requirement: requirement, bytes: codec.frame(kind: kind, payload: payload), meaning: nil, error: error, limits: limits)
    }

    static func write(_ value: Value, field: FieldNumber = 10, element: Value? = nil, supersedes: [Stamp] = []) -> Change {
        let key = element.map { CellKey(record: household, field: field, element: $0) } ?? CellKey(record: household, field: field)
        return .write(CellWrite(key: key, value: value, stamp: Stamp(hlc: clock, device: deviceA), supersedes: supersedes))
    }

    static func batch(_ changes: [Change], through: UInt64 = 7) -> Message { .changes(ChangeBatch(through: through, changes: changes).canonical) }

    static var files: [String: (description: String, cases: [VectorCase])] {
        [
            "frames": ("One frame of every message kind.", frames),
            "values": ("A CHANGES frame carrying each value type and each shape of change.", values),
            "limits": ("Every limit exactly at its bound (valid) and one past it (invalid).", limits),
            "errors": ("Malformed frames, each with the error a receiver reports.", errors),
            "bodies": ("Whole request and response bodies.", bodies),
        ]
    }

    static var frames: [VectorCase] {
        let hello = Hello(schemaVersion: 1, device: deviceA, clock: clock)
        var capable = hello
        capable.capabilities = 0b1011_0000_0000
        return [
            valid(.hello(hello), "hello from a device speaking protocol 1 only", "HELLO-1"),
            valid(.hello(capable), "hello with capability bits this version does not know: ignored, kept", "HELLO-4"),
            valid(
                .hello(Hello(protocolMin: 1, protocolMax: 3, schemaVersion: 2, device: deviceB, clock: clock)), "hello from a newer peer that also speaks 1",
                "HELLO-3"),
            valid(.auth(Auth(counter: 42, mac: Array(0..<32))), "authentication: counter and 32-byte MAC", "AUTH-1"),
            valid(
                .auth(Auth(counter: 1, claimNonce: Array(100..<116), mac: Array(0..<32))), "the first request of a device: it claims its enrollment", "AUTH-3"),
            valid(.scope(ScopeGrant(epoch: 3, role: "street-unit", leaseDays: 14, districts: ["Catania-2", "Catania-1"])), "the device's scope", "SCOPE-1"),
            valid(.rejected(Rejection(reason: .outOfScope, records: [household, visit])), "two records refused: out of scope", "REJ-1"),
            valid(.rejected(Rejection(reason: .unknownKind, records: [visit])), "a record refused: a kind the relay does not define", "REJ-1"),
            valid(.pull(Pull(cursor: 12, responseBytesMax: 0, unsent: 0, scopeEpoch: 4)), "pull under scope epoch 4", "PULL-4"),
            valid(.pull(Pull(cursor: 0, responseBytesMax: 0)), "first pull: cursor 0, the relay's default size", "PULL-1"),
            valid(.pull(Pull(cursor: 300, responseBytesMax: 65_536)), "pull after change 300, at most 64 KiB back", "PULL-2"),
            valid(.pull(Pull(cursor: 300, responseBytesMax: 0, unsent: 20_000)), "pull from a device holding 20000 changes for the next round", "PULL-3"),
            valid(.ack(Ack(through: 1_000_000)), "acknowledgement through change 1000000", "ACK-1"),
            valid(.end(End(cursor: 512, more: true)), "end of a response with more to come", "END-1"),
            valid(.end(End(cursor: 513, more: false)), "end of a response, nothing more", "END-1"),
            valid(.error(ErrorMessage(code: .outOfScope, detail: "change 3 writes district Lodi-2, outside this device's scope")), "a typed error", "ERR-1"),
            valid(
                .error(ErrorMessage(code: .relayFailure, detail: "the relay failed to store the request; retry later")),
                "the relay failed for a reason of its own (HTTP 500)", "ERR-1"),
            valid(.error(ErrorMessage(rawCode: 99, detail: "")), "an error code this version does not know, kept as a number", "ERR-2"),
            valid(batch([]), "an empty batch: nothing to send, through 7", "CHG-1"),
            valid(.mark(LogMark(through: 45, fingerprint: 0x8F3A_11C2_9D04_77E1)), "the relay's log fingerprint at change 45", "LOG-2"),
            valid(
                .state(
                    SyncState(
                        acknowledged: 12, acknowledgedFingerprint: 0x1111_2222_3333_4444, cursorFingerprint: 0x8F3A_11C2_9D04_77E1,
                        sent: [LogMark(through: 20, fingerprint: 0x5555_6666_7777_8888), LogMark(through: 16, fingerprint: 0x99)])),
                "what a device holds: its acknowledgement, the relay's fingerprint at its cursor, the points it sent since", "LOG-3"),
            valid(
                .state(
                    SyncState(
                        acknowledged: 9, acknowledgedFingerprint: 7, cursorFingerprint: nil, ackRewind: true, lostOwn: true,
                        checkpoints: [LogMark(through: 30, fingerprint: 3), LogMark(through: 20, fingerprint: 2)], seen: LogMark(through: 14, fingerprint: 0xE))
                ),
                "a restored device asks the relay to rewind and to send back its own changes; two earlier checkpoints", "LOG-3"),
            valid(.rewind(Rewind(cursor: 30)), "the relay's log agrees with the device's only up to change 30", "LOG-4"),
            valid(.ackState(AckState(fingerprint: 0x1111_2222_3333_4444, taken: true)), "the device's fingerprint the relay holds, request taken", "LOG-3"),
            valid(.ackState(AckState(fingerprint: 0, taken: false)), "a request the relay did not take", "LOG-3"),
            valid(.counterFloor(CounterFloor(highest: 1_764_000_000_000)), "after ERROR replayed: the highest counter the relay has seen", "LOG-5"),
            valid(
                .returned(ChangeBatch(through: 12, changes: [write(.text("via Beta"))]).canonical),
                "a change received from the relay, given back to it after a restore", "LOG-4"),
            valid(.profileHave(ProfileHave(revision: 3)), "the device holds revision 3 of the relay's programme profile", "PROF-1"),
            valid(.profileHave(ProfileHave(revision: 0)), "the device holds a profile no relay gave", "PROF-1"),
            valid(
                .profile(ProfileGrant(revision: 4, json: #"{"format":1,"name":"lodi","title":{"it":"Lodi","en":"Lodi"},"extends":"core"}"#)),
                "the relay's programme profile at revision 4, as JSON text", "PROF-2"),
            valid(.ack(Ack(through: 5)), "a frame: kind (ACK, 05), length 1, payload, CRC-32C", "FRAME-2"),
            valid(.mark(LogMark(through: 1, fingerprint: 0x0102_0304_0506_0708)), "a u64, big-endian", "PRIM-1"),
            valid(.pull(Pull(cursor: 300, responseBytesMax: 16_384, unsent: 0, scopeEpoch: 1)), "varints of two and three bytes", "PRIM-2"),
            valid(.error(ErrorMessage(code: .malformed, detail: "città più lontana")), "text with UTF-8 of two bytes a character", "PRIM-4"),
            valid(.rejected(Rejection(reason: .roleMayNotWrite, records: [household])), "an id16", "PRIM-5"),
            valid(
                .hello(Hello(schemaVersion: 1, device: deviceB, clock: HLC(millis: 1_763_683_200_000, logical: 65_535))), "an hlc at the highest logical count",
                "PRIM-6"),
            valid(
                .hello(Hello(schemaVersion: 1, device: deviceA, clock: HLC(millis: 1, logical: 0))),
                "the sender's clock, far behind: the relay records the skew", "HELLO-5"),
            valid(.hello(Hello(schemaVersion: 9, device: deviceA, clock: clock)), "a sender that knows a newer schema", "HELLO-6"),
            VectorCase(
                comment: "an extension frame (kind 0x41) this version skips", requirement: "FRAME-6",
                bytes: codec.frame(kind: 0x41, payload: [1, 2, 3]), meaning: ["kind": "skipped", "frameKind": 0x41], error: nil),
        ]
    }

    static var values: [VectorCase] {
        let typed: [(Value, String)] = [
            (.null, "null"), (.bool(false), "false"), (.bool(true), "true"), (.integer(-12), "integer"),
            (.cents(125_050), "euro cents (1250,50 €)"), (.text("Sig.ra Lucà, via dell'Università 3 — scala B"), "text, Italian characters"),
            (.date(CivilDate(iso: "2026-11-21")!.daysSinceEpoch), "date"), (.timestamp(1_763_755_200_123), "timestamp"),
            (.coordinates(latitudeE7: 453_097_000, longitudeE7: 95_037_000), "coordinates (Lodi)"),
            (.reference(visit), "reference to a record"), (.enumeration(3), "enumeration case 3"),
            (.opaque(tag: 33, payload: [0xDE, 0xAD]), "a value type from a newer schema, kept verbatim"),
        ]
        var cases = typed.map { value, name in valid(batch([write(value)]), "one cell: \(name)", value.isOpaque ? "VALUE-3" : "VALUE-1") }
        let base = Stamp(hlc: HLC(millis: 1_763_683_000_000), device: deviceB)
        cases += [
            valid(batch([write(.bool(true), field: 19, element: .enumeration(2))]), "a set element: vulnerability 2 present", "CHG-6"),
            valid(batch([write(.integer(3), field: 18, element: .enumeration(1))]), "a map item: 3 meals", "CHG-6"),
            valid(batch([write(.text("Giulia Rossi"), field: 20, supersedes: [base])]), "a write that supersedes the value its writer saw", "CHG-8"),
            valid(
                batch([write(.text("Giulia Rossi"), field: 20, supersedes: [base, Stamp(hlc: HLC(millis: 1_763_683_100_000), device: deviceA)])]),
                "a conflict resolution superseding two values", "CHG-8"),
            valid(batch([.erase(Erasure(record: household, stamp: Stamp(hlc: clock, device: deviceB)))]), "an erasure marker", "CHG-4"),
            valid(batch(multiRecord), "two records, two devices, clocks delta-encoded", "CHG-2"),
            valid(batch([write(.text("x"), field: FieldNumber.max)]), "the largest field number", "CHG-5"),
            valid(batch(backwards), "clock deltas as svarints: +1763683200000, then -1000", "PRIM-3"),
            valid(
                batch([write(.text("\u{05}\u{02}hi"))]), "a text whose bytes look like a value tag: values do not nest, it is text",
                "LIMIT-10"),
            valid(batch([write(.cents(-150))]), "fed byte by byte, every proper prefix asks for more bytes", "FRAME-9"),
        ]
        return cases
    }

    static var multiRecord: [Change] {
        var changes: [Change] = []
        for (offset, field) in [10, 11, 17].enumerated() {
            changes.append(
                .write(
                    CellWrite(
                        key: CellKey(record: visit, field: FieldNumber(field)), value: .enumeration(UInt32(offset + 1)),
                        stamp: Stamp(hlc: HLC(raw: clock.raw + UInt64(offset)), device: deviceB))))
        }
        changes.append(write(.text("via Cavour")))
        changes.append(
            .write(
                CellWrite(key: CellKey(record: household, field: 11), value: .text("12"), stamp: Stamp(hlc: HLC(millis: 1_763_000_000_000), device: deviceB))))
        return changes
    }

    static var limits: [VectorCase] {
        var cases: [VectorCase] = []
        cases.append(valid(batch([write(.text(String(repeating: "a", count: 16_384)))]), "text of exactly 16384 bytes", "LIMIT-5"))
        cases.append(invalid(kind: 3, payload: batchPayload(value: textValue(16_385)), "overLimit", "text of 16385 bytes", "LIMIT-5"))
        let element1024 = Value.text(String(repeating: "e", count: 1_024 - 3))
        cases.append(valid(batch([write(.bool(true), field: 14, element: element1024)]), "a set element of exactly 1024 bytes", "LIMIT-6"))
        cases.append(
            invalid(
                kind: 3, payload: batchPayload(element: Value.text(String(repeating: "e", count: 1_025 - 3)).canonicalBytes),
                "overLimit", "a set element of 1025 bytes", "LIMIT-6"))
        let stamps64 = (0..<64).map { Stamp(hlc: HLC(millis: 1_000 + Int64($0)), device: deviceB) }
        cases.append(valid(batch([write(.text("x"), supersedes: stamps64)]), "a write superseding exactly 64 stamps", "LIMIT-7"))
        cases.append(invalid(kind: 3, payload: batchPayload(supersedes: 65), "overLimit", "a write superseding 65 stamps", "LIMIT-7"))
        cases.append(valid(.error(ErrorMessage(code: .malformed, detail: String(repeating: "d", count: 512))), "error detail of exactly 512 bytes", "LIMIT-8"))
        var detail = ByteWriter()
        detail.writeVarint(1)
        detail.writeText(String(repeating: "d", count: 513))
        cases.append(invalid(kind: 7, payload: detail.bytes, "overLimit", "error detail of 513 bytes", "LIMIT-8"))
        var huge = ByteWriter()
        huge.writeByte(3)
        huge.writeVarint(4 * 1024 * 1024 + 1)
        cases.append(
            VectorCase(
                comment: "a frame announcing 4194305 payload bytes: refused before they arrive", requirement: "FRAME-3",
                bytes: huge.bytes, meaning: nil, error: "frameTooLarge"))
        // With lowered limits, so the vectors stay small; a receiver applies the vector's limits.
        let profile32 = Message.profile(ProfileGrant(revision: 1, json: String(repeating: "p", count: 32)))
        cases.append(valid(profile32, "a profile of exactly 32 bytes with profileBytesMax 32", "PROF-2", limits: ["profileBytesMax": 32]))
        var profile33 = ByteWriter()
        profile33.writeVarint(1)
        profile33.writeText(String(repeating: "p", count: 33))
        cases.append(
            invalid(
                kind: 0x57, payload: profile33.bytes, "overLimit", "a profile of 33 bytes with profileBytesMax 32", "LIMIT-14",
                limits: ["profileBytesMax": 32]))
        let at64 = Message.error(ErrorMessage(code: .malformed, detail: String(repeating: "f", count: 62)))
        cases.append(valid(at64, "a 64-byte payload with frameBytesMax 64", "LIMIT-1", limits: ["frameBytesMax": 64]))
        var over = VectorCase(
            comment: "a 65-byte payload with frameBytesMax 64", requirement: "LIMIT-1",
            bytes: codec.encode(.error(ErrorMessage(code: .malformed, detail: String(repeating: "f", count: 63)))),
            meaning: nil, error: "frameTooLarge")
        over.limits = ["frameBytesMax": 64]
        cases.append(over)
        let four = (0..<4).map { write(.integer(Int64($0)), field: FieldNumber(10 + $0)) }
        cases.append(valid(batch(four), "4 changes with changesPerBatchMax 4", "LIMIT-2", limits: ["changesPerBatchMax": 4]))
        var five = invalid(
            kind: 3, payload: payload(batch(four + [write(.integer(5), field: 20)])), "overLimit", "5 changes with changesPerBatchMax 4", "LIMIT-2")
        five.limits = ["changesPerBatchMax": 4]
        cases.append(five)
        let twoRecords = [
            write(.integer(1)), .write(CellWrite(key: CellKey(record: visit, field: 10), value: .integer(2), stamp: Stamp(hlc: clock, device: deviceA))),
        ]
        cases.append(valid(batch(twoRecords), "2 records with recordsPerBatchMax 2", "LIMIT-3", limits: ["recordsPerBatchMax": 2]))
        let third = RecordID(hex: "019a4e3c2f0200030000000000000003")!
        var threeRecords = invalid(
            kind: 3,
            payload: payload(
                batch(twoRecords + [.write(CellWrite(key: CellKey(record: third, field: 10), value: .integer(3), stamp: Stamp(hlc: clock, device: deviceA)))])),
            "overLimit", "3 records with recordsPerBatchMax 2", "LIMIT-3")
        threeRecords.limits = ["recordsPerBatchMax": 2]
        cases.append(threeRecords)
        let twoDevices = [
            write(.integer(1)), .write(CellWrite(key: CellKey(record: household, field: 11), value: .integer(2), stamp: Stamp(hlc: clock, device: deviceB))),
        ]
        cases.append(valid(batch(twoDevices), "2 devices with devicesPerBatchMax 2", "LIMIT-4", limits: ["devicesPerBatchMax": 2]))
        var threeDevices = invalid(
            kind: 3,
            payload: payload(
                batch(
                    twoDevices + [
                        .write(CellWrite(key: CellKey(record: household, field: 12), value: .integer(3), stamp: Stamp(hlc: clock, device: DeviceID(0x0C))))
                    ])),
            "overLimit", "3 devices with devicesPerBatchMax 2", "LIMIT-4")
        threeDevices.limits = ["devicesPerBatchMax": 2]
        cases.append(threeDevices)
        return cases
    }

    static func payload(_ message: Message) -> [UInt8] {
        let frame = codec.encode(message)
        var reader = ByteReader(frame)
        _ = try! reader.readByte()
        let length = Int(try! reader.readVarint())
        return Array(frame[reader.offset..<(reader.offset + length)])
    }

    static func textValue(_ count: Int) -> [UInt8] {
        var writer = ByteWriter()
        writer.writeByte(5)
        writer.writeVarint(UInt64(count))
        writer.writeBytes([UInt8](repeating: UInt8(ascii: "a"), count: count))
        return writer.bytes
    }

    /// A one-record, one-device, one-cell batch payload built by hand, for invalid vectors.
    static func batchPayload(
        records: [RecordID] = [household], devices: [UInt64] = [deviceA.raw], groupHeader: UInt64 = 2,
        cellHeader: UInt64? = nil, element: [UInt8]? = nil, value: [UInt8] = [3, 2],
        deviceIndex: UInt64 = 0, supersedes: Int = 0
    ) -> [UInt8] {
        var writer = ByteWriter()
        writer.writeVarint(7)
        writer.writeVarint(UInt64(records.count))
        for record in records { writer.writeBytes(record.bytes) }
        writer.writeVarint(UInt64(devices.count))
        for device in devices { writer.writeUInt64(device) }
        writer.writeVarint(groupHeader)
        writer.writeVarint(cellHeader ?? (10 << 2 | (element == nil ? 0 : 2) | (supersedes > 0 ? 1 : 0)))
        if let element {
            writer.writeVarint(UInt64(element.count))
            writer.writeBytes(element)
        }
        writer.writeBytes(value)
        writer.writeSignedVarint(0)
        writer.writeVarint(deviceIndex)
        if supersedes > 0 {
            writer.writeVarint(UInt64(supersedes))
            for index in 0..<supersedes {
                writer.writeSignedVarint(-Int64(supersedes - index))
                writer.writeVarint(0)
            }
        }
        return writer.bytes
    }

    static var errors: [VectorCase] {
        var corrupted = codec.encode(.ack(Ack(through: 5)))
        corrupted[2] ^= 0x01
        var helloPayload = payload(.hello(Hello(schemaVersion: 1, device: deviceA, clock: clock)))
        helloPayload[0] = 0x58
        var emptyRange = ByteWriter()
        emptyRange.writeBytes([0x53, 0x4E])
        emptyRange.writeVarint(3)
        emptyRange.writeVarint(2)
        emptyRange.writeBytes([1, 0] + DeviceID(1).hexBytes + [0])
        return [
            VectorCase(comment: "one bit flipped in the payload", requirement: "FRAME-4", bytes: corrupted, meaning: nil, error: "checksumMismatch"),
            invalid(kind: 0x3F, payload: [], "unknownFrameKind", "a frame kind below 0x40 that version 1 does not define", "FRAME-5"),
            VectorCase(
                comment: "a payload length written with a padding byte (80 00)", requirement: "FRAME-1", bytes: [5, 0x80, 0x00], meaning: nil,
                error: "nonCanonicalVarint"),
            invalid(kind: 5, payload: [0x85, 0x00], "nonCanonicalVarint", "an ack whose varint is overlong", "FRAME-1"),
            invalid(kind: 5, payload: [UInt8](repeating: 0xFF, count: 10) + [0x01], "nonCanonicalVarint", "a varint of 11 bytes", "FRAME-1"),
            invalid(kind: 4, payload: [0x05, 0x00, 0x00], "truncatedPayload", "a pull that ends before its fourth field", "FRAME-1"),
            invalid(kind: 5, payload: [0x05, 0x00], "trailingBytes", "an ack with a byte after its field", "FRAME-7"),
            invalid(kind: 3, payload: batchPayload(value: [11]), "invalidValue", "value tag 11 is reserved", "VALUE-2"),
            invalid(kind: 3, payload: batchPayload(value: [5, 2, 0xC3, 0x28]), "invalidValue", "text that is not UTF-8", "VALUE-2"),
            invalid(kind: 3, payload: batchPayload(value: farNorth), "invalidValue", "latitude beyond 90 degrees", "VALUE-2"),
            invalid(kind: 3, payload: batchPayload(records: [visit, household], groupHeader: 2), "nonCanonicalOrder", "record table not ascending", "CHG-3"),
            invalid(kind: 3, payload: batchPayload(devices: [5, 5]), "nonCanonicalOrder", "device table with a duplicate", "CHG-3"),
            invalid(kind: 3, payload: batchPayload(deviceIndex: 1), "indexOutOfRange", "device index past the table", "CHG-4"),
            invalid(kind: 3, payload: batchPayload(groupHeader: 0), "nonCanonicalOrder", "a record group with no changes", "CHG-3"),
            invalid(kind: 3, payload: batchPayload(cellHeader: (UInt64(FieldNumber.max) + 1) << 2), "invalidValue", "field number 65536", "CHG-5"),
            invalid(kind: 3, payload: batchPayload(element: [5, 1]), "invalidValue", "an element that is not one canonical value", "CHG-6"),
            invalid(
                kind: 3, payload: batchPayload(cellHeader: 10 << 2 | 1, value: [3, 2]), "truncatedPayload", "supersedes flag but the payload ends", "CHG-8"),
            invalid(kind: 3, payload: duplicateCells, "nonCanonicalOrder", "the same cell twice", "CHG-5"),
            invalid(kind: 1, payload: helloPayload, "badHello", "hello without the magic bytes", "HELLO-2"),
            invalid(kind: 1, payload: emptyRange.bytes, "badHello", "hello with protocol range 3…2", "HELLO-2"),
            invalid(kind: 6, payload: [0x05, 0x02], "invalidFlag", "end with flag byte 2", "END-2"),
            invalid(kind: 2, payload: [0x01, 0x00] + [UInt8](repeating: 0, count: 31), "truncatedPayload", "a 31-byte MAC", "AUTH-1"),
            invalid(kind: 2, payload: [0x01, 0x08] + [UInt8](repeating: 0, count: 40), "invalidValue", "a claim nonce of 8 bytes", "AUTH-3"),
            invalid(kind: 9, payload: [0x01, 0x02] + visit.bytes + household.bytes, "nonCanonicalOrder", "rejected records out of order", "REJ-1"),
            invalid(kind: 8, payload: scopePayload(["Lodi-2", "Lodi-1"]), "nonCanonicalOrder", "districts out of order", "FRAME-8"),
            invalid(kind: 8, payload: scopePayload(["Lodi-1", "Lodi-1"]), "nonCanonicalOrder", "a district twice", "SCOPE-1"),
            invalid(
                kind: 3, payload: batchPayload(cellHeader: 10 << 2 | 1, value: [3, 2] + [0, 0, 0]), "nonCanonicalOrder", "supersedes with a count of 0", "CHG-8"
            ),
            invalid(kind: 3, payload: batchPayload(cellHeader: 10 << 2 | 2, value: [0, 3, 2]), "nonCanonicalOrder", "an element of length 0", "CHG-6"),
            invalid(kind: 3, payload: [7, 2] + household.bytes, "truncatedPayload", "two records announced, room for one id only", "LIMIT-11"),
            VectorCase(
                comment: "a frame over frameBytesMax whose CRC is wrong too: the length is checked first", requirement: "FRAME-10",
                bytes: [5, 9] + [UInt8](repeating: 0, count: 13), meaning: nil, error: "frameTooLarge", limits: ["frameBytesMax": 8]),
            VectorCase(
                comment: "an unknown kind below 0x40 with a wrong CRC: the CRC is checked before the kind", requirement: "FRAME-10",
                bytes: [0x3F, 0, 0, 0, 0, 0], meaning: nil, error: "checksumMismatch"),
            invalid(
                kind: 3, payload: [7, 3] + household.bytes, "overLimit", "a count over its limit and over the bytes left: the limit is checked first",
                "FRAME-10", limits: ["recordsPerBatchMax": 2]),
            invalid(kind: 0x53, payload: [0, 0, 0, 0, 0, 0, 0, 0, 2], "invalidFlag", "an ACKSTATE whose taken flag is 2", "LOG-3"),
            invalid(
                kind: 0x51, payload: [1] + [UInt8](repeating: 0, count: 8) + [8, 0, 0] + [UInt8](repeating: 0, count: 9), "invalidFlag",
                "a STATE with a flag bit this version does not define", "LOG-3"),
            invalid(
                kind: 0x51,
                payload: [1] + [UInt8](repeating: 0, count: 8) + [0, 2, 20] + [UInt8](repeating: 0, count: 8) + [30] + [UInt8](repeating: 0, count: 8) + [0]
                    + [UInt8](repeating: 0, count: 9),
                "nonCanonicalOrder", "a STATE whose checkpoints ascend", "LOG-3"),
            invalid(kind: 0x51, payload: [1] + [UInt8](repeating: 0, count: 8) + [0, 17], "overLimit", "a STATE announcing 17 checkpoints", "LOG-3"),
            invalid(
                kind: 0x51, payload: [5] + [UInt8](repeating: 0, count: 8) + [0, 0, 1, 5] + [UInt8](repeating: 0, count: 17), "nonCanonicalOrder",
                "a STATE with a sent point at its acknowledgement", "LOG-3"),
        ]
    }

    /// Two cells whose clocks go back: their deltas are negative svarints ([PRIM-3], [CHG-7]).
    static var backwards: [Change] {
        [10, 11].enumerated().map { offset, field in
            .write(
                CellWrite(
                    key: CellKey(record: household, field: FieldNumber(field)), value: .integer(Int64(-offset)),
                    stamp: Stamp(hlc: HLC(millis: 1_763_683_200_000 - Int64(offset) * 1_000), device: deviceA)))
        }
    }

    static func scopePayload(_ districts: [String]) -> [UInt8] {
        var writer = ByteWriter()
        writer.writeVarint(3)
        writer.writeText("caretaker")
        writer.writeVarint(14)
        writer.writeVarint(UInt64(districts.count))
        for district in districts { writer.writeText(district) }
        return writer.bytes
    }

    /// A coordinates value with latitude 90.0000001 degrees.
    static var farNorth: [UInt8] {
        var writer = ByteWriter()
        writer.writeByte(8)
        writer.writeSignedVarint(900_000_001)
        writer.writeSignedVarint(0)
        return writer.bytes
    }

    static var duplicateCells: [UInt8] {
        var writer = ByteWriter()
        writer.writeVarint(7)
        writer.writeVarint(1)
        writer.writeBytes(household.bytes)
        writer.writeVarint(1)
        writer.writeUInt64(deviceA.raw)
        writer.writeVarint(2 << 1)
        for _ in 0..<2 {
            writer.writeVarint(10 << 2)
            writer.writeBytes([3, 2])
            writer.writeSignedVarint(0)
            writer.writeVarint(0)
        }
        return writer.bytes
    }

    static var bodies: [VectorCase] {
        let hello = Message.hello(Hello(schemaVersion: 1, device: deviceA, clock: clock))
        let request = Body([hello, batch([write(.text("via Cavour"))], through: 12), .pull(Pull(cursor: 40))])
        let response = Body([
            .hello(Hello(schemaVersion: 1, device: deviceB, clock: clock)), .ack(Ack(through: 12)),
            batch(multiRecord, through: 45), .end(End(cursor: 45, more: false)),
        ])
        func body(_ body: Body, _ comment: String, _ requirement: String) -> VectorCase {
            VectorCase(
                comment: comment, requirement: requirement, bytes: body.encode(), meaning: body.messages.map(VectorJSON.message), error: nil, unit: "body")
        }
        func bad(_ bytes: [UInt8], _ error: String, _ comment: String, _ requirement: String) -> VectorCase {
            VectorCase(comment: comment, requirement: requirement, bytes: bytes, meaning: nil, error: error, unit: "body")
        }
        let requestBytes = request.encode()
        let restoredRequest = Body([
            hello, batch([write(.text("via Beta"))], through: 16),
            .state(
                SyncState(
                    acknowledged: 12, acknowledgedFingerprint: 0x0C, cursorFingerprint: 0x2D, checkpoints: [LogMark(through: 30, fingerprint: 0x1E)],
                    sent: [LogMark(through: 16, fingerprint: 0x10)])),
            .pull(Pull(cursor: 45)),
        ])
        let rewindingResponse = Body([
            .hello(Hello(schemaVersion: 1, device: deviceB, clock: clock)), .rewind(Rewind(cursor: 30)), .ackState(AckState(fingerprint: 0x10, taken: true)),
            .ack(Ack(through: 16)), .mark(LogMark(through: 41, fingerprint: 0x29)), batch(multiRecord, through: 41),
            .mark(LogMark(through: 41, fingerprint: 0x29)),
            .end(End(cursor: 41, more: false)),
        ])
        let profileRequest = Body([hello, .profileHave(ProfileHave(revision: 2)), .pull(Pull(cursor: 45))])
        let profileResponse = Body([
            .hello(Hello(schemaVersion: 1, device: deviceB, clock: clock)),
            .profile(ProfileGrant(revision: 3, json: #"{"format":1,"name":"lodi","title":{"it":"Lodi","en":"Lodi"},"extends":"core"}"#)),
            .ack(Ack(through: 0)), .end(End(cursor: 45, more: false)),
        ])
        return [
            body(request, "a device's request: hello, its changes, pull", "BODY-1"),
            body(profileRequest, "a request with PROFILEHAVE just before PULL", "PROF-1"),
            body(profileResponse, "a response with PROFILE after HELLO (and SCOPE, REWIND when present), before REJECTED and ACK", "PROF-2"),
            body(response, "the relay's response: hello, ack, changes, end", "BODY-1"),
            bad(codec.encode(.pull(Pull(cursor: 0))), "unexpectedFrame", "a body that does not start with hello", "BODY-1"),
            bad(codec.encode(hello) + codec.encode(hello), "unexpectedFrame", "two hellos", "BODY-1"),
            bad(Array(requestBytes.dropLast(3)), "truncatedBody", "a request cut 3 bytes before its end", "BODY-2"),
            bad([], "unexpectedFrame", "an empty body", "BODY-1"),
            body(restoredRequest, "a request with STATE before PULL", "LOG-3"),
            VectorCase(
                comment: "an extension frame this version does not know, before HELLO: skipped", requirement: "BODY-4",
                bytes: codec.frame(kind: 0x41, payload: [7]) + requestBytes, meaning: request.messages.map(VectorJSON.message), error: nil, unit: "body"),
            VectorCase(
                comment: "a body of 3 frames with framesPerBodyMax 3", requirement: "LIMIT-9", bytes: requestBytes,
                meaning: request.messages.map(VectorJSON.message), error: nil, limits: ["framesPerBodyMax": 3], unit: "body"),
            VectorCase(
                comment: "a body of 4 frames (one skipped) with framesPerBodyMax 3", requirement: "LIMIT-9",
                bytes: requestBytes + codec.frame(kind: 0x41, payload: []), meaning: nil, error: "overLimit", limits: ["framesPerBodyMax": 3], unit: "body"),
            body(
                Body([.hello(Hello(schemaVersion: 1, device: deviceA, clock: clock)), batch(backwards, through: 12), .pull(Pull(cursor: 0))]),
                "clocks that go back within a batch: negative deltas", "CHG-7"),
            body(rewindingResponse, "a restored relay's response: REWIND to 30, ACKSTATE, MARK before CHANGES and END", "LOG-4"),
        ]
    }
}

extension Value {
    var isOpaque: Bool { if case .opaque = self { true } else { false } }
}

extension DeviceID {
    var hexBytes: [UInt8] {
        var writer = ByteWriter()
        writer.writeUInt64(raw)
        return writer.bytes
    }
}
