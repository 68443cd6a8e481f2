/// The merged state of a replica as plain values: what every replica must agree on after they
/// have all seen the same changes. The store exports one, and so does `ReferenceReplica`, so that
/// tests and the simulator compare replicas by value or by digest.
package struct ReplicaState: Equatable, Sendable {
    /// The winning value and stamp of every cell (without its `supersedes` list).
    package var winners: [CellKey: CellWrite] = [:]
    /// Every losing value that no write superseded, by cell.
    package var conflicts: [CellKey: Set<Stamp>] = [:]
    /// The erasure marker of every erased record.
    package var erasures: [RecordID: Stamp] = [:]

    package init() {}

    /// SHA-256 over a canonical, sorted serialization; the same state gives the same digest in any
    /// process (Swift's hashing order never leaks into it).
    package var digest: String {
        var hasher = SHA256()
        var writer = ByteWriter(capacity: 256)
        for key in winners.keys.sorted() {
            let write = winners[key]!
            writeKey(key, to: &writer)
            writeStamp(write.stamp, to: &writer)
            write.value.write(to: &writer)
            for stamp in (conflicts[key] ?? []).sorted() { writeStamp(stamp, to: &writer) }
            hasher.update(writer.bytes)
            writer = ByteWriter(capacity: 256)
        }
        for record in erasures.keys.sorted() {
            writer.writeBytes(record.bytes)
            writeStamp(erasures[record]!, to: &writer)
        }
        hasher.update(writer.bytes)
        return hasher.finalize().hex
    }

    private func writeKey(_ key: CellKey, to writer: inout ByteWriter) {
        writer.writeBytes(key.record.bytes)
        writer.writeVarint(UInt64(key.field))
        writer.writeVarint(UInt64(key.element.count))
        writer.writeBytes(key.element)
    }

    private func writeStamp(_ stamp: Stamp, to writer: inout ByteWriter) {
        writer.writeUInt64(stamp.hlc.raw)
        writer.writeUInt64(stamp.device.raw)
    }
}
