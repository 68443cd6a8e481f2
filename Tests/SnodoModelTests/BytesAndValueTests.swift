import Testing
import SnodoModel
import SnodoTestSupport

@Suite struct BytesAndValueTests {
    @Test func varintRoundTripsAndIsCanonical() throws {
        let samples: [UInt64] = [0, 1, 127, 128, 255, 300, 16_383, 16_384, UInt64(UInt32.max), UInt64.max]
        for value in samples {
            var writer = ByteWriter()
            writer.writeVarint(value)
            var reader = ByteReader(writer.bytes)
            #expect(try reader.readVarint() == value)
            #expect(reader.isAtEnd)
        }
        var padded = ByteReader([0x80, 0x00])
        #expect(throws: ByteReadError.nonCanonicalVarint) { try padded.readVarint() }
        var tooLong = ByteReader([UInt8](repeating: 0xFF, count: 10) + [0x01])
        #expect(throws: ByteReadError.varintOverflow) { try tooLong.readVarint() }
        var cut = ByteReader([0x80])
        #expect(throws: ByteReadError.needMoreBytes) { try cut.readVarint() }
    }

    @Test func signedVarintRoundTrips() throws {
        for value: Int64 in [0, -1, 1, -64, 64, Int64.min, Int64.max] {
            var writer = ByteWriter()
            writer.writeSignedVarint(value)
            var reader = ByteReader(writer.bytes)
            #expect(try reader.readSignedVarint() == value)
        }
    }

    @Test func valuesRoundTripThroughCanonicalBytes() throws {
        let seed: UInt64 = 20261121
        var rng = SplitMix64(seed: seed)
        for _ in 0..<10_000 {
            let value = randomValue(&rng)
            let decoded = try Value(canonicalBytes: value.canonicalBytes)
            #expect(decoded == value, "seed \(seed)")
        }
    }

    @Test func malformedValuesAreRejected() {
        #expect(throws: ValueDecodingError.reservedTag(11)) { try Value(canonicalBytes: [11]) }
        #expect(throws: ValueDecodingError.trailingBytes) { try Value(canonicalBytes: [0, 0]) }
        #expect(throws: ValueDecodingError.bytes(.needMoreBytes)) { try Value(canonicalBytes: [9, 1, 2]) }
        #expect(throws: ValueDecodingError.bytes(.invalidUTF8)) { try Value(canonicalBytes: [5, 1, 0xFF]) }
        #expect(throws: ValueDecodingError.outOfRange(.coordinates)) {
            var writer = ByteWriter()
            writer.writeByte(8)
            writer.writeSignedVarint(900_000_001)
            writer.writeSignedVarint(0)
            _ = try Value(canonicalBytes: writer.bytes)
        }
        let tooLong = ValueLimits.textBytesMax + 1
        var writer = ByteWriter()
        writer.writeByte(5)
        writer.writeVarint(UInt64(tooLong))
        #expect(throws: ValueDecodingError.bytes(.lengthOverLimit(length: UInt64(tooLong), limit: ValueLimits.textBytesMax))) {
            try Value(canonicalBytes: writer.bytes)
        }
    }

    @Test func unknownValueTypesAreKeptVerbatim() throws {
        let bytes: [UInt8] = [42, 3, 1, 2, 3]
        let value = try Value(canonicalBytes: bytes)
        #expect(value == .opaque(tag: 42, payload: [1, 2, 3]))
        #expect(value.canonicalBytes == bytes)
    }
}

func randomValue(_ rng: inout SplitMix64) -> Value {
    switch Int.random(in: 0..<11, using: &rng) {
    case 0: .null
    case 1: .bool(Bool.random(using: &rng))
    case 2: .integer(Int64.random(in: Int64.min...Int64.max, using: &rng))
    case 3: .cents(Int64.random(in: -1_000_000...1_000_000, using: &rng))
    case 4: .text(String((0..<Int.random(in: 0...20, using: &rng)).map { _ in "aàèìòù€z 😀".randomElement(using: &rng)! }))
    case 5: .date(Int32.random(in: -50_000...50_000, using: &rng))
    case 6: .timestamp(Int64.random(in: 0...4_000_000_000_000, using: &rng))
    case 7:
        .coordinates(
            latitudeE7: Int32.random(in: -900_000_000...900_000_000, using: &rng),
            longitudeE7: Int32.random(in: -1_800_000_000...1_800_000_000, using: &rng))
    case 8: .reference(RecordID(high: rng.next(), low: rng.next()))
    case 9: .enumeration(UInt32.random(in: 0...UInt32.max, using: &rng))
    default:
        .opaque(
            tag: UInt8.random(in: 16...255, using: &rng), payload: (0..<Int.random(in: 0...8, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) })
    }
}
