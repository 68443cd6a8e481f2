import SnodoModel

/// Reads the fields of one complete payload; running out of bytes here is truncation, not a reason
/// to wait, because the frame's length said where the payload ends.
struct PayloadReader {
    var reader: ByteReader
    let limits: WireLimits

    init(_ bytes: [UInt8], offset: Int, end: Int, limits: WireLimits) {
        reader = ByteReader(bytes, offset: offset, end: end)
        self.limits = limits
    }

    var remaining: Int { reader.remaining }

    mutating func varint() throws(DecodeError) -> UInt64 {
        do { return try reader.readVarint() } catch { throw DecodeError.from(error, what: "varint") }
    }

    mutating func signedVarint() throws(DecodeError) -> Int64 {
        do { return try reader.readSignedVarint() } catch { throw DecodeError.from(error, what: "varint") }
    }

    mutating func byte() throws(DecodeError) -> UInt8 {
        do { return try reader.readByte() } catch { throw DecodeError.from(error, what: "byte") }
    }

    mutating func uint64() throws(DecodeError) -> UInt64 {
        do { return try reader.readUInt64() } catch { throw DecodeError.from(error, what: "u64") }
    }

    mutating func bytes(_ count: Int) throws(DecodeError) -> ArraySlice<UInt8> {
        do { return try reader.readBytes(count) } catch { throw DecodeError.from(error, what: "bytes") }
    }

    /// A count checked against its limit, and against the bytes left when each item takes at
    /// least `itemBytesMin`, before the caller allocates anything for it.
    mutating func count(_ what: String, limit: Int, itemBytesMin: Int = 1) throws(DecodeError) -> Int {
        let value = try varint()
        guard value <= UInt64(limit) else { throw .overLimit(what: what, count: value, limit: limit) }
        guard value * UInt64(itemBytesMin) <= UInt64(remaining) else { throw .truncatedPayload }
        return Int(value)
    }

    mutating func text(limit: Int, what: String) throws(DecodeError) -> String {
        do { return try reader.readText(limit: limit) } catch { throw DecodeError.from(error, what: what) }
    }

    mutating func value() throws(DecodeError) -> Value {
        do { return try Value.read(from: &reader) } catch { throw DecodeError.from(error) }
    }

    func expectEnd() throws(DecodeError) {
        guard reader.isAtEnd else { throw .trailingBytes }
    }
}
