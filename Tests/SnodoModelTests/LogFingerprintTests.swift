import Testing
import SnodoModel

/// The log fingerprint is part of the protocol ([LOG-1]): a relay and a laptop built separately
/// must compute the same value. This test computes it again from the SPEC's words alone and pins
/// the value the SPEC quotes.
struct LogFingerprintTests {
    static let record = RecordID(hex: "019a4e3c2f0000010000000000000001")!
    static let write = Change.write(
        CellWrite(
            key: CellKey(record: record, field: HouseholdField.street, element: []), value: .text("via Alfa"),
            stamp: Stamp(hlc: HLC(raw: 7), device: DeviceID(9))))
    static let erasure = Change.erase(Erasure(record: record, stamp: Stamp(hlc: HLC(raw: 8), device: DeviceID(9))))

    /// [LOG-1] as written: FNV-1a-64 over the identity, SplitMix64's output function as `mix`.
    static func specFingerprint(_ changes: [Change]) -> UInt64 {
        func mix(_ input: UInt64) -> UInt64 {
            var z = input
            z ^= z >> 30
            z = z &* 0xBF58_476D_1CE4_E5B9
            z ^= z >> 27
            z = z &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        func identity(_ change: Change) -> UInt64 {
            var bytes: [UInt8] = []
            func u64(_ value: UInt64) { bytes += (0..<8).reversed().map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) } }
            switch change {
            case .write(let write):
                bytes.append(1)
                bytes += write.key.record.bytes
                u64(UInt64(write.key.field))
                u64(UInt64(write.key.element.count))
                bytes += write.key.element
                u64(write.stamp.hlc.raw)
                u64(write.stamp.device.raw)
            case .erase(let erasure):
                bytes.append(2)
                bytes += erasure.record.bytes
                u64(erasure.stamp.hlc.raw)
                u64(erasure.stamp.device.raw)
            }
            return bytes.reduce(0xCBF2_9CE4_8422_2325) { ($0 ^ UInt64($1)) &* 0x0000_0100_0000_01B3 }
        }
        var fingerprint: UInt64 = 0
        for (index, change) in changes.enumerated() {
            fingerprint = mix(fingerprint &+ mix(identity(change) ^ UInt64(index + 1)))
        }
        return fingerprint
    }

    @Test func theFingerprintIsTheOneTheSpecDescribes() {
        let log = LogFingerprint().appending(Self.write, number: 1).appending(Self.erasure, number: 2)
        #expect(log.value == Self.specFingerprint([Self.write, Self.erasure]))
        #expect(String(log.value, radix: 16) == "bfe97f7c41e3ce60", "the value quoted in Protocol/SPEC.md, [LOG-1]")
    }

    @Test func orderAndNumberingChangeTheFingerprint() {
        let forward = LogFingerprint().appending(Self.write, number: 1).appending(Self.erasure, number: 2)
        let backward = LogFingerprint().appending(Self.erasure, number: 1).appending(Self.write, number: 2)
        let renumbered = LogFingerprint().appending(Self.write, number: 2).appending(Self.erasure, number: 3)
        #expect(forward != backward && forward != renumbered && backward != renumbered)
    }
}
