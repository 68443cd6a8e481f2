/// Appends the building blocks of Snodo's binary encodings: bytes, LEB128 varints, zigzag.
///
/// The same writer serves the canonical value encoding stored in SQLite and the wire codec, so a
/// value has exactly one byte form wherever it travels.
package struct ByteWriter: Sendable {
    package private(set) var bytes: [UInt8]

    package init(capacity: Int = 64) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    package var count: Int { bytes.count }

    package mutating func writeByte(_ byte: UInt8) { bytes.append(byte) }

    package mutating func writeBytes<C: Collection>(_ other: C) where C.Element == UInt8 {
        bytes.append(contentsOf: other)
    }

    /// Unsigned LEB128: 7 bits a byte, least significant group first.
    package mutating func writeVarint(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    /// Zigzag maps small negative numbers to small unsigned ones before the varint.
    package mutating func writeSignedVarint(_ value: Int64) {
        writeVarint(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    package mutating func writeUInt64(_ value: UInt64) {
        for shift in stride(from: 56, through: 0, by: -8) {
            bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift)))
        }
    }

    package mutating func writeUInt32(_ value: UInt32) {
        for shift in stride(from: 24, through: 0, by: -8) {
            bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(shift)))
        }
    }

    package mutating func writeText(_ text: String) {
        let utf8 = Array(text.utf8)
        writeVarint(UInt64(utf8.count))
        bytes.append(contentsOf: utf8)
    }
}

/// Why a byte sequence could not be read. "Need more bytes" is kept apart from malformed input.
package enum ByteReadError: Error, Equatable, Sendable {
    /// The input ended before the value did; more bytes may complete it.
    case needMoreBytes
    /// A varint used more bytes than its value needs, or more than ten.
    case nonCanonicalVarint
    /// A varint does not fit the 64 bits it is read into.
    case varintOverflow
    /// A length is larger than the limit the caller set.
    case lengthOverLimit(length: UInt64, limit: Int)
    /// Text bytes are not valid UTF-8.
    case invalidUTF8
}

/// Consumes bytes from a buffer, checking every length against a limit before allocating.
package struct ByteReader: Sendable {
    package let bytes: [UInt8]
    package private(set) var offset: Int
    package let end: Int

    package init(_ bytes: [UInt8]) {
        self.bytes = bytes
        offset = 0
        end = bytes.count
    }

    package init(_ bytes: [UInt8], offset: Int, end: Int) {
        precondition(offset >= 0 && offset <= end && end <= bytes.count)
        self.bytes = bytes
        self.offset = offset
        self.end = end
    }

    package var remaining: Int { end - offset }
    package var isAtEnd: Bool { offset == end }

    package mutating func readByte() throws(ByteReadError) -> UInt8 {
        guard offset < end else { throw .needMoreBytes }
        defer { offset += 1 }
        return bytes[offset]
    }

    package func peekByte() -> UInt8? { offset < end ? bytes[offset] : nil }

    package mutating func readBytes(_ count: Int) throws(ByteReadError) -> ArraySlice<UInt8> {
        guard count <= remaining else { throw .needMoreBytes }
        defer { offset += count }
        return bytes[offset..<(offset + count)]
    }

    /// Reads an unsigned LEB128 varint; rejects overlong (non-canonical) forms.
    package mutating func readVarint() throws(ByteReadError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        var index = 0
        while true {
            let byte = try readByte()
            let payload = UInt64(byte & 0x7F)
            if index == 9 && (payload > 1) { throw .varintOverflow }
            result |= payload << shift
            if byte & 0x80 == 0 {
                // A final zero group after the first byte means the writer padded the number.
                if index > 0 && payload == 0 { throw .nonCanonicalVarint }
                return result
            }
            index += 1
            shift += 7
            if index == 10 { throw .varintOverflow }
        }
    }

    package mutating func readSignedVarint() throws(ByteReadError) -> Int64 {
        let raw = try readVarint()
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    package mutating func readUInt64() throws(ByteReadError) -> UInt64 {
        let slice = try readBytes(8)
        return slice.reduce(0) { ($0 << 8) | UInt64($1) }
    }

    package mutating func readUInt32() throws(ByteReadError) -> UInt32 {
        let slice = try readBytes(4)
        return slice.reduce(0) { ($0 << 8) | UInt32($1) }
    }

    /// Reads a varint length, checks it against `limit`, then the bytes.
    package mutating func readLength(limit: Int) throws(ByteReadError) -> Int {
        let length = try readVarint()
        guard length <= UInt64(limit) else { throw .lengthOverLimit(length: length, limit: limit) }
        return Int(length)
    }

    package mutating func readText(limit: Int) throws(ByteReadError) -> String {
        let length = try readLength(limit: limit)
        let slice = try readBytes(length)
        guard let text = String(validating: slice, as: UTF8.self) else { throw .invalidUTF8 }
        return text
    }
}

extension Array where Element == UInt8 {
    /// Lowercase hexadecimal, two digits a byte.
    package var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(count * 2)
        for byte in self {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Parses lowercase or uppercase hexadecimal; nil for odd length or a non-hex digit.
    package init?(hex: String) {
        let utf8 = Array(hex.utf8)
        guard utf8.count % 2 == 0 else { return nil }
        var out = [UInt8]()
        out.reserveCapacity(utf8.count / 2)
        var index = 0
        while index < utf8.count {
            guard let high = hexDigitValue(utf8[index]), let low = hexDigitValue(utf8[index + 1]) else { return nil }
            out.append(high << 4 | low)
            index += 2
        }
        self = out
    }
}

private func hexDigitValue(_ c: UInt8) -> UInt8? {
    switch c {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
    default: return nil
    }
}
