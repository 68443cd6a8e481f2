import CSQLite
import SnodoModel

/// Binding and reading the model's types without building arrays: the merge and the bulk reads
/// do this for every cell.
extension Statement {
    /// Binds the five key columns shared by versions, superseded and conflicts to ?1 … ?5.
    @discardableResult
    func bindCell(_ key: CellKey, _ stamp: Stamp) throws -> Statement {
        try bind(1, record: key.record)
        try bind(2, Int64(key.field))
        try bind(3, blob: key.element)
        try bind(4, Int64(bitPattern: stamp.hlc.raw))
        try bind(5, Int64(bitPattern: stamp.device.raw))
        return self
    }

    /// Binds a record id's 16 bytes (as `RecordID.bytes` gives them) without building an array.
    func bind(_ index: Int32, record: RecordID) throws {
        try withUnsafeBytes(of: (record.high.bigEndian, record.low.bigEndian)) { try bind(index, blob: $0) }
    }

    /// A record id read straight from a 16-byte blob column; nil for anything else.
    func recordID(_ column: Int32) -> RecordID? {
        guard sqlite3_column_bytes(handle, column) == 16, let pointer = sqlite3_column_blob(handle, column) else { return nil }
        let raw = UnsafeRawBufferPointer(start: pointer, count: 16)
        return RecordID(
            high: UInt64(bigEndian: raw.loadUnaligned(as: UInt64.self)), low: UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)))
    }
}
