import SnodoModel

/// A request or response body: a sequence of frames that starts with HELLO ([BODY-1]). The same
/// bytes travel as an HTTP POST body, through a test pipe, in the simulator or in a file.
package struct Body: Equatable, Sendable {
    package var messages: [Message]

    package init(_ messages: [Message]) { self.messages = messages }

    package func encode(with codec: FrameCodec = FrameCodec()) -> [UInt8] {
        messages.reduce(into: [UInt8]()) { $0 += codec.encode($1) }
    }

    /// Decodes a complete body: every frame whole, HELLO first, at most `framesPerBodyMax` frames,
    /// extension frames skipped ([FRAME-6]).
    package static func decode(_ bytes: [UInt8], with codec: FrameCodec = FrameCodec()) throws(DecodeError) -> Body {
        Body(try frames(bytes, with: codec).compactMap(\.message))
    }

    /// The frames of a complete body with the bytes each took: what a MAC over "every byte but the
    /// AUTH frame" needs ([AUTH-2]). Skipped extension frames have no message.
    package static func frames(_ bytes: [UInt8], with codec: FrameCodec = FrameCodec()) throws(DecodeError) -> [(message: Message?, range: Range<Int>)] {
        var frames: [(Message?, Range<Int>)] = []
        var offset = 0
        var sawMessage = false
        while offset < bytes.count {
            guard frames.count < codec.limits.framesPerBodyMax else {
                throw .overLimit(what: "frames", count: UInt64(frames.count + 1), limit: codec.limits.framesPerBodyMax)
            }
            switch try codec.decode(bytes, at: offset) {
            case .needMoreBytes: throw .truncatedBody
            case .skipped(_, let consumed):
                frames.append((nil, offset..<(offset + consumed)))
                offset += consumed
            case .message(let message, let consumed):
                if !sawMessage, message.kind != .hello { throw .unexpectedFrame("a body starts with HELLO, not \(message.kind)") }
                if sawMessage, message.kind == .hello { throw .unexpectedFrame("HELLO after the first frame") }
                sawMessage = true
                frames.append((message, offset..<(offset + consumed)))
                offset += consumed
            }
        }
        guard sawMessage else { throw .unexpectedFrame("an empty body") }
        return frames
    }
}

/// The MAC that binds a request to its device's key ([AUTH-2]):
/// HMAC-SHA-256(key, "snodo-auth-v1" ‖ counter as u64 ‖ claim nonce ‖ SHA-256(every byte of the
/// body except the AUTH frame)).
package enum RequestMAC {
    package static func compute(key: [UInt8], counter: UInt64, claimNonce: [UInt8]?, signedBytes: [UInt8]) -> [UInt8] {
        var writer = ByteWriter(capacity: 96)
        writer.writeBytes(Array("snodo-auth-v1".utf8))
        writer.writeUInt64(counter)
        writer.writeBytes(claimNonce ?? [])
        writer.writeBytes(SHA256.hash(signedBytes))
        return HMACSHA256.mac(key: key, message: writer.bytes)
    }

    /// The bytes a MAC covers: the body without its AUTH frame.
    package static func signedBytes(_ body: [UInt8], frames: [(message: Message?, range: Range<Int>)]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(body.count)
        for frame in frames where frame.message?.kind != .auth { bytes += body[frame.range] }
        return bytes
    }
}
