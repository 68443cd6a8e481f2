import SnodoModel

/// What the frame decoder found at the front of a buffer.
package enum FrameDecoding: Equatable, Sendable {
    /// A whole frame: its message and the bytes it took.
    case message(Message, consumed: Int)
    /// A whole frame of an extension kind this version skips ([FRAME-6]).
    case skipped(kind: UInt8, consumed: Int)
    /// The buffer ends inside a frame; nothing is wrong yet.
    case needMoreBytes
}

/// Frames ([FRAME-1]): `kind:u8 | length:varint | payload | crc32c:u32be`, the checksum over
/// kind, length and payload. Stateless and free of I/O: bytes in, messages out.
package struct FrameCodec: Sendable {
    package let limits: WireLimits

    package init(limits: WireLimits = .standard) { self.limits = limits }

    /// The bytes of one frame carrying `message`.
    package func encode(_ message: Message) -> [UInt8] {
        if case .changes(let batch) = message { assert(batch.limitBroken(limits) == nil, "a batch over the \(batch.limitBroken(limits) ?? "") limit") }
        if case .returned(let batch) = message { assert(batch.limitBroken(limits) == nil, "a batch over the \(batch.limitBroken(limits) ?? "") limit") }
        var payload = ByteWriter(capacity: 256)
        message.writePayload(to: &payload)
        return frame(kind: message.kind.rawValue, payload: payload.bytes)
    }

    /// A frame of any kind around a payload; used for extension frames and by tests.
    package func frame(kind: UInt8, payload: [UInt8]) -> [UInt8] {
        var writer = ByteWriter(capacity: payload.count + 16)
        writer.writeByte(kind)
        writer.writeVarint(UInt64(payload.count))
        writer.writeBytes(payload)
        writer.writeUInt32(CRC32C.checksum(writer.bytes))
        return writer.bytes
    }

    /// Decodes the frame that starts at `offset`. Lengths are checked against the limits as soon
    /// as they are read, before waiting for (or allocating) the bytes they announce.
    package func decode(_ bytes: [UInt8], at offset: Int = 0) throws(DecodeError) -> FrameDecoding {
        var reader = ByteReader(bytes, offset: offset, end: bytes.count)
        let kind: UInt8
        let length: UInt64
        do {
            kind = try reader.readByte()
            length = try reader.readVarint()
        } catch .needMoreBytes {
            return .needMoreBytes
        } catch {
            throw DecodeError.nonCanonicalVarint
        }
        guard length <= UInt64(limits.frameBytesMax) else { throw .frameTooLarge(length: length, limit: limits.frameBytesMax) }
        let payloadStart = reader.offset
        let frameEnd = payloadStart + Int(length) + 4
        guard frameEnd <= bytes.count else { return .needMoreBytes }
        var checksumReader = ByteReader(bytes, offset: frameEnd - 4, end: frameEnd)
        let stated = try! checksumReader.readUInt32()
        guard CRC32C.checksum(bytes[offset..<(frameEnd - 4)]) == stated else { throw .checksumMismatch }
        let consumed = frameEnd - offset
        guard let known = FrameKind(rawValue: kind) else {
            if kind >= FrameKind.firstIgnorable { return .skipped(kind: kind, consumed: consumed) }
            throw .unknownFrameKind(kind)
        }
        var payload = PayloadReader(bytes, offset: payloadStart, end: frameEnd - 4, limits: limits)
        let message = try Message.read(known, from: &payload)
        try payload.expectEnd()
        return .message(message, consumed: consumed)
    }
}
