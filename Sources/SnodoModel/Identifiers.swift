/// A record's identity: 16 bytes, the first 6 a millisecond timestamp and the other 10 random,
/// like UUIDv7. Time-ordered ids keep SQLite's b-tree inserts near the end of the index, which
/// measured about 55 % faster than random ids on this machine (ARCHITECTURE.md).
package struct RecordID: Hashable, Comparable, Sendable, CustomStringConvertible {
    package let high: UInt64
    package let low: UInt64

    package init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// Builds an id from a creation time and random bits supplied by the caller.
    package init(millis: Int64, random: UInt64, random2: UInt16) {
        let time = UInt64(truncatingIfNeeded: millis) & 0xFFFF_FFFF_FFFF
        high = time << 16 | UInt64(random2)
        low = random
    }

    package init?(bytes: some Collection<UInt8>) {
        guard bytes.count == 16 else { return nil }
        let array = Array(bytes)
        high = array[0..<8].reduce(0) { $0 << 8 | UInt64($1) }
        low = array[8..<16].reduce(0) { $0 << 8 | UInt64($1) }
    }

    package init?(hex: String) {
        guard hex.utf8.count == 32, let bytes = [UInt8](hex: hex) else { return nil }
        self.init(bytes: bytes)
    }

    package var bytes: [UInt8] {
        var writer = ByteWriter(capacity: 16)
        writer.writeUInt64(high)
        writer.writeUInt64(low)
        return writer.bytes
    }

    package var hex: String { bytes.hex }
    package var description: String { hex }

    package static func < (a: RecordID, b: RecordID) -> Bool {
        (a.high, a.low) < (b.high, b.low)
    }
}

/// A replica's identity: 64 random bits drawn when the store is created.
package struct DeviceID: Hashable, Comparable, Sendable, CustomStringConvertible {
    package let raw: UInt64

    package init(_ raw: UInt64) { self.raw = raw }

    package init?(hex: String) {
        guard hex.utf8.count == 16, let value = UInt64(hex, radix: 16) else { return nil }
        raw = value
    }

    package var hex: String {
        let digits = String(raw, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    package var description: String { hex }

    package static func < (a: DeviceID, b: DeviceID) -> Bool { a.raw < b.raw }
}
