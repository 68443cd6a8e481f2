/// A 64-bit fingerprint of a replica's change log up to a change number: a hash chain over the
/// number and identity (record, field, element, stamp) of every change, in numbering order
/// (Protocol/SPEC.md, [LOG-1]). Two logs with the same fingerprint at `n` numbered the same changes
/// up to `n`; a log restored from an older copy numbers new changes with numbers it gave out
/// before, and its fingerprints then differ from those its peers hold. This is how a rollback is
/// seen, as CouchDB compares replication checkpoints.
///
/// It guards against accident, not against an adversary (requests are authenticated apart), so a
/// checksum-grade mix is enough: FNV-1a over the identity, chained through SplitMix64's finalizer.
package struct LogFingerprint: Hashable, Sendable {
    package private(set) var value: UInt64

    package init(_ value: UInt64 = 0) { self.value = value }

    /// The fingerprint after `change`, numbered `number`, follows this one.
    package func appending(_ change: Change, number: UInt64) -> LogFingerprint {
        LogFingerprint(Self.mix(value &+ Self.mix(Self.identity(change) ^ number)))
    }

    static func identity(_ change: Change) -> UInt64 {
        var hash = FNV1a()
        switch change {
        case .write(let write):
            hash.add(UInt8(1))
            hash.add(write.key.record)
            hash.add(UInt64(write.key.field))
            hash.add(UInt64(write.key.element.count))
            hash.add(write.key.element)
            hash.add(write.stamp.hlc.raw)
            hash.add(write.stamp.device.raw)
        case .erase(let erasure):
            hash.add(UInt8(2))
            hash.add(erasure.record)
            hash.add(erasure.stamp.hlc.raw)
            hash.add(erasure.stamp.device.raw)
        }
        return hash.value
    }

    /// SplitMix64's output function: every input bit reaches every output bit.
    static func mix(_ input: UInt64) -> UInt64 {
        var z = input
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// FNV-1a, 64 bits (Fowler, Noll, Vo).
private struct FNV1a {
    var value: UInt64 = 0xCBF2_9CE4_8422_2325

    mutating func add(_ bytes: [UInt8]) {
        for byte in bytes { add(byte) }
    }

    /// A record id's 16 bytes, as `RecordID.bytes` gives them, without building them.
    mutating func add(_ record: RecordID) {
        add(record.high)
        add(record.low)
    }

    mutating func add(_ byte: UInt8) {
        value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
    }

    /// Big-endian, most significant byte first.
    mutating func add(_ word: UInt64) {
        var shift: UInt64 = 64
        while shift > 0 {
            shift -= 8
            add(UInt8(truncatingIfNeeded: word >> shift))
        }
    }
}
