import Testing
import SnodoModel
import SnodoProtocol
import SnodoTestSupport

/// Seeded property tests: random messages of every kind round-trip through the codec, and the
/// decoder survives a million random and mutated inputs.
@Suite struct RoundTripPropertyTests {
    @Test func hundredThousandRandomMessagesRoundTrip() throws {
        let seed: UInt64 = 0x5EED_0003
        var rng = SplitMix64(seed: seed)
        let codec = FrameCodec()
        for index in 0..<100_000 {
            let message = randomMessage(&rng)
            let bytes = codec.encode(message)
            guard case .message(let decoded, let consumed) = try codec.decode(bytes) else {
                Issue.record("seed \(seed), message \(index): did not decode"); return
            }
            #expect(consumed == bytes.count, "seed \(seed), message \(index)")
            #expect(decoded == canonical(message), "seed \(seed), message \(index)")
            #expect(codec.encode(decoded) == bytes, "seed \(seed), message \(index)")
        }
    }

    @Test func randomBodiesRoundTrip() throws {
        let seed: UInt64 = 0x5EED_0004
        var rng = SplitMix64(seed: seed)
        for index in 0..<2_000 {
            var messages: [Message] = [.hello(Hello(schemaVersion: 1, device: DeviceID(rng.next()), clock: HLC(raw: rng.next())))]
            for _ in 0..<Int.random(in: 0...6, using: &rng) {
                var message = randomMessage(&rng)
                while message.kind == .hello { message = randomMessage(&rng) }
                messages.append(message)
            }
            let body = Body(messages)
            let decoded = try Body.decode(body.encode())
            #expect(decoded == Body(messages.map(canonical)), "seed \(seed), body \(index)")
        }
    }

    @Test func aMillionRandomAndMutatedInputsNeverBreakTheDecoder() {
        let seed: UInt64 = 0x5EED_0005
        var rng = SplitMix64(seed: seed)
        let codec = FrameCodec()
        let seeds = GoldenVectorTests.vectors.map(\.bytes).filter { !$0.isEmpty && $0.count < 4_096 }
        var tally: [String: Int] = [:]
        for index in 0..<1_000_000 {
            let input = index % 4 == 0 ? randomBytes(&rng) : mutate(seeds.randomElement(using: &rng)!, &rng)
            let outcome = DecoderProbe.probe(input, codec: codec)
            if case .violation(let reason) = outcome {
                Issue.record("seed \(seed), input \(index) (\(input.hex)): \(reason)")
                return
            }
            tally["\(outcome)", default: 0] += 1
        }
        #expect(tally["frame", default: 0] + tally["body", default: 0] > 1_000, "mutations should still produce some valid frames: \(tally)")
        #expect(tally["rejected", default: 0] > 100_000, "\(tally)")
    }

    func randomBytes(_ rng: inout SplitMix64) -> [UInt8] {
        (0..<Int.random(in: 0...64, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
    }

    /// Bit flips, byte changes, cuts, insertions, duplications and fixed-up checksums, so that
    /// mutations reach the payload decoders behind the CRC.
    func mutate(_ original: [UInt8], _ rng: inout SplitMix64) -> [UInt8] {
        var bytes = original
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            guard !bytes.isEmpty else { break }
            let index = Int.random(in: 0..<bytes.count, using: &rng)
            switch Int.random(in: 0..<6, using: &rng) {
            case 0: bytes[index] ^= 1 << UInt8.random(in: 0...7, using: &rng)
            case 1: bytes[index] = [0, 0x7F, 0x80, 0xFF, 0x01].randomElement(using: &rng)!
            case 2: bytes.removeSubrange(index..<min(bytes.count, index + Int.random(in: 1...8, using: &rng)))
            case 3: bytes.insert(UInt8.random(in: 0...255, using: &rng), at: index)
            case 4: bytes += bytes[index...].prefix(16)
            default: bytes = Array(bytes.prefix(index))
            }
        }
        if Bool.random(using: &rng) { bytes = fixChecksum(bytes) }
        return bytes
    }

    /// Recomputes the CRC of the first frame, if its header is readable.
    func fixChecksum(_ bytes: [UInt8]) -> [UInt8] {
        var reader = ByteReader(bytes)
        guard let _ = try? reader.readByte(), let length = try? reader.readVarint(), length < 1 << 20 else { return bytes }
        let end = reader.offset + Int(length)
        guard end <= bytes.count else { return bytes }
        var writer = ByteWriter()
        writer.writeUInt32(CRC32C.checksum(bytes[0..<end]))
        return Array(bytes[0..<end]) + writer.bytes + bytes[min(bytes.count, end + 4)...]
    }
}

func canonical(_ message: Message) -> Message {
    if case .changes(let batch) = message { return .changes(batch.canonical) }
    return message
}

func randomMessage(_ rng: inout SplitMix64) -> Message {
    switch Int.random(in: 0..<10, using: &rng) {
    case 8: .scope(ScopeGrant(epoch: rng.next() % 100, role: "caretaker", leaseDays: 14, districts: ["Lodi-\(rng.next() % 5)", "Milano"]))
    case 9:
        .rejected(Rejection(reason: .outOfScope, records: (0..<Int.random(in: 0...3, using: &rng)).map { _ in RecordID(high: rng.next(), low: rng.next()) }))
    case 0:
        .hello(
            Hello(
                protocolMin: 1, protocolMax: UInt64.random(in: 1...5, using: &rng), schemaVersion: rng.next() % 1000,
                capabilities: rng.next(), device: DeviceID(rng.next()), clock: HLC(raw: rng.next())))
    case 1:
        .auth(
            Auth(
                counter: rng.next(),
                claim: Bool.random(using: &rng)
                    ? Claim(
                        publicKey: (0..<32).map { _ in UInt8.random(in: 0...255, using: &rng) },
                        signature: (0..<64).map { _ in UInt8.random(in: 0...255, using: &rng) })
                    : nil,
                signature: (0..<64).map { _ in UInt8.random(in: 0...255, using: &rng) }))
    case 2:
        .pull(
            Pull(
                cursor: rng.next() >> UInt64.random(in: 0...63, using: &rng), responseBytesMax: rng.next() % 10_000_000, unsent: rng.next() % 100,
                scopeEpoch: rng.next() % 10))
    case 3: .ack(Ack(through: rng.next() >> UInt64.random(in: 0...63, using: &rng)))
    case 4: .end(End(cursor: rng.next() % 1_000_000, more: Bool.random(using: &rng)))
    case 5: .error(ErrorMessage(rawCode: rng.next() % 20, detail: String(repeating: "é", count: Int.random(in: 0...100, using: &rng))))
    default: .changes(randomBatch(&rng))
    }
}

func randomBatch(_ rng: inout SplitMix64) -> ChangeBatch {
    let records = (0..<Int.random(in: 1...4, using: &rng)).map { _ in RecordID(high: rng.next(), low: rng.next()) }
    let devices = (0..<Int.random(in: 1...3, using: &rng)).map { _ in DeviceID(rng.next()) }
    var changes: [Change] = []
    let base = rng.next() >> 1
    for _ in 0..<Int.random(in: 0...10, using: &rng) {
        let record = records.randomElement(using: &rng)!
        let stamp = Stamp(hlc: HLC(raw: base &+ rng.next() % 100_000_000), device: devices.randomElement(using: &rng)!)
        if Int.random(in: 0..<10, using: &rng) == 0 {
            changes.append(.erase(Erasure(record: record, stamp: stamp)))
            continue
        }
        let element: [UInt8] = Bool.random(using: &rng) ? randomValue(&rng).canonicalBytes : []
        let supersedes = (0..<Int.random(in: 0...2, using: &rng)).map { _ in
            Stamp(hlc: HLC(raw: base &+ rng.next() % 100_000_000), device: devices.randomElement(using: &rng)!)
        }
        changes.append(
            .write(
                CellWrite(
                    key: CellKey(record: record, field: FieldNumber.random(in: 0...FieldNumber.max, using: &rng), element: element),
                    value: randomValue(&rng), stamp: stamp, supersedes: supersedes)))
    }
    return ChangeBatch(through: rng.next() % 1_000_000, changes: changes)
}

func randomValue(_ rng: inout SplitMix64) -> Value {
    switch Int.random(in: 0..<11, using: &rng) {
    case 0: .null
    case 1: .bool(Bool.random(using: &rng))
    case 2: .integer(Int64(bitPattern: rng.next()))
    case 3: .cents(Int64.random(in: -10_000_000...10_000_000, using: &rng))
    case 4: .text(String((0..<Int.random(in: 0...30, using: &rng)).map { _ in "abcàèé €😀'\"".randomElement(using: &rng)! }))
    case 5: .date(Int32(bitPattern: UInt32(truncatingIfNeeded: rng.next())))
    case 6: .timestamp(Int64(bitPattern: rng.next()))
    case 7:
        .coordinates(
            latitudeE7: Int32.random(in: -900_000_000...900_000_000, using: &rng), longitudeE7: Int32.random(in: -1_800_000_000...1_800_000_000, using: &rng))
    case 8: .reference(RecordID(high: rng.next(), low: rng.next()))
    case 9: .enumeration(UInt32(truncatingIfNeeded: rng.next()))
    default:
        .opaque(
            tag: UInt8.random(in: 16...255, using: &rng), payload: (0..<Int.random(in: 0...5, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) })
    }
}
