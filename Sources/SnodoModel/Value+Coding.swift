/// The canonical byte form of a value: one tag byte, then the payload. Used in the SQLite store
/// and on the wire ([VALUE-1] in Protocol/SPEC.md). Tags 0–15 are this version's types; tags 16
/// and above carry a varint length before their payload, so an older reader can skip and keep
/// a value of a type added later ([VALUE-3]).
package enum ValueTag: UInt8, Sendable {
    case null = 0
    case falseValue = 1
    case trueValue = 2
    case integer = 3
    case cents = 4
    case text = 5
    case date = 6
    case timestamp = 7
    case coordinates = 8
    case reference = 9
    case enumeration = 10

    /// The first tag whose payload is length-prefixed, so that readers can keep it unread.
    package static let firstOpaque: UInt8 = 16
}

/// Bounds on a single value, checked before anything is allocated.
package enum ValueLimits {
    /// Longest text in UTF-8 bytes (a long note is a few thousand characters).
    package static let textBytesMax = 16 * 1024
    /// Longest payload of a value of an unknown type.
    package static let opaqueBytesMax = 16 * 1024
}

/// Why bytes are not a canonical value.
package enum ValueDecodingError: Error, Equatable, Sendable {
    case bytes(ByteReadError)
    /// Tags 11–15 are reserved and never written.
    case reservedTag(UInt8)
    /// A date or coordinate outside its range.
    case outOfRange(ValueTag)
    /// Bytes left over after a value that should fill its buffer.
    case trailingBytes
}

extension Value {
    package func write(to writer: inout ByteWriter) {
        switch self {
        case .null: writer.writeByte(ValueTag.null.rawValue)
        case .bool(let flag): writer.writeByte(flag ? ValueTag.trueValue.rawValue : ValueTag.falseValue.rawValue)
        case .integer(let number):
            writer.writeByte(ValueTag.integer.rawValue)
            writer.writeSignedVarint(number)
        case .cents(let amount):
            writer.writeByte(ValueTag.cents.rawValue)
            writer.writeSignedVarint(amount)
        case .text(let text):
            writer.writeByte(ValueTag.text.rawValue)
            writer.writeText(text)
        case .date(let days):
            writer.writeByte(ValueTag.date.rawValue)
            writer.writeSignedVarint(Int64(days))
        case .timestamp(let millis):
            writer.writeByte(ValueTag.timestamp.rawValue)
            writer.writeSignedVarint(millis)
        case .coordinates(let latitude, let longitude):
            writer.writeByte(ValueTag.coordinates.rawValue)
            writer.writeSignedVarint(Int64(latitude))
            writer.writeSignedVarint(Int64(longitude))
        case .reference(let id):
            writer.writeByte(ValueTag.reference.rawValue)
            writer.writeBytes(id.bytes)
        case .enumeration(let code):
            writer.writeByte(ValueTag.enumeration.rawValue)
            writer.writeVarint(UInt64(code))
        case .opaque(let tag, let payload):
            writer.writeByte(tag)
            writer.writeVarint(UInt64(payload.count))
            writer.writeBytes(payload)
        }
    }

    package var canonicalBytes: [UInt8] {
        var writer = ByteWriter(capacity: 16)
        write(to: &writer)
        return writer.bytes
    }

    /// Reads one value, consuming exactly its bytes.
    package static func read(from reader: inout ByteReader) throws(ValueDecodingError) -> Value {
        do {
            let tagByte = try reader.readByte()
            if tagByte >= ValueTag.firstOpaque {
                let length = try reader.readLength(limit: ValueLimits.opaqueBytesMax)
                return .opaque(tag: tagByte, payload: Array(try reader.readBytes(length)))
            }
            guard let tag = ValueTag(rawValue: tagByte) else { throw ValueDecodingError.reservedTag(tagByte) }
            return try readPayload(tag, from: &reader)
        } catch let error as ByteReadError {
            throw .bytes(error)
        } catch let error as ValueDecodingError {
            throw error
        } catch {
            preconditionFailure("unexpected error \(error)")
        }
    }

    private static func readPayload(_ tag: ValueTag, from reader: inout ByteReader) throws -> Value {
        switch tag {
        case .null: return .null
        case .falseValue: return .bool(false)
        case .trueValue: return .bool(true)
        case .integer: return .integer(try reader.readSignedVarint())
        case .cents: return .cents(try reader.readSignedVarint())
        case .text: return .text(try reader.readText(limit: ValueLimits.textBytesMax))
        case .date:
            guard let days = Int32(exactly: try reader.readSignedVarint()) else { throw ValueDecodingError.outOfRange(.date) }
            return .date(days)
        case .timestamp: return .timestamp(try reader.readSignedVarint())
        case .coordinates:
            let latitude = try reader.readSignedVarint()
            let longitude = try reader.readSignedVarint()
            guard abs(latitude) <= 900_000_000, abs(longitude) <= 1_800_000_000 else {
                throw ValueDecodingError.outOfRange(.coordinates)
            }
            return .coordinates(latitudeE7: Int32(latitude), longitudeE7: Int32(longitude))
        case .reference:
            return .reference(RecordID(bytes: try reader.readBytes(16))!)
        case .enumeration:
            guard let code = UInt32(exactly: try reader.readVarint()) else { throw ValueDecodingError.outOfRange(.enumeration) }
            return .enumeration(code)
        }
    }

    /// Decodes a buffer that holds exactly one value, as the store keeps them.
    package init(canonicalBytes bytes: [UInt8]) throws(ValueDecodingError) {
        var reader = ByteReader(bytes)
        let value = try Value.read(from: &reader)
        guard reader.isAtEnd else { throw .trailingBytes }
        self = value
    }
}
