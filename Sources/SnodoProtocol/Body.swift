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

/// The bytes each signature of version 2 covers ([AUTH-2], [AUTH-3], [AUTH-5]). Each starts with
/// its own context string, so no signature made for one purpose is valid for another.
package enum SignedBytes {
    /// `"snodo-request-v2"` ‖ counter as u64 ‖ SHA-256(every byte of the body except the AUTH
    /// frame, in order): what the device signs ([AUTH-2]).
    package static func request(counter: UInt64, digest: [UInt8]) -> [UInt8] {
        var writer = ByteWriter(capacity: 64)
        writer.writeBytes(Array("snodo-request-v2".utf8))
        writer.writeUInt64(counter)
        writer.writeBytes(digest)
        return writer.bytes
    }

    /// SHA-256 of every byte of a request body but its AUTH frame.
    package static func digestWithoutAuth(_ body: [UInt8], frames: [(message: Message?, range: Range<Int>)]) -> [UInt8] {
        var hasher = SHA256()
        for frame in frames where frame.message?.kind != .auth { hasher.update(body[frame.range]) }
        return hasher.finalize()
    }

    /// `"snodo-claim-v2"` ‖ device id as u64 ‖ the device's public key: what the enrollment
    /// code's one-time key signs ([AUTH-3]).
    package static func claim(device: DeviceID, publicKey: [UInt8]) -> [UInt8] {
        var writer = ByteWriter(capacity: 64)
        writer.writeBytes(Array("snodo-claim-v2".utf8))
        writer.writeUInt64(device.raw)
        writer.writeBytes(publicKey)
        return writer.bytes
    }

    /// `"snodo-response-v2"` ‖ SHA-256(the whole request body) ‖ SHA-256(every byte of the response
    /// before its SIGNATURE frame): what the relay signs ([AUTH-5]). The request's digest ties a
    /// response to the one request it answers, so an old response cannot be played again.
    package static func response<C: Collection>(request: [UInt8], response: C) -> [UInt8] where C.Element == UInt8 {
        var writer = ByteWriter(capacity: 96)
        writer.writeBytes(Array("snodo-response-v2".utf8))
        writer.writeBytes(SHA256.hash(request))
        writer.writeBytes(SHA256.hash(response))
        return writer.bytes
    }
}
