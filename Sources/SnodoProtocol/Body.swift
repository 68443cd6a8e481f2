import SnodoModel

/// A request or response body: a sequence of frames that starts with HELLO ([BODY-1]). The same
/// bytes travel as an HTTP POST body, through a test pipe, in the simulator or in a file.
public struct Body: Equatable, Sendable {
    public var messages: [Message]

    public init(_ messages: [Message]) { self.messages = messages }

    public func encode(with codec: FrameCodec = FrameCodec()) -> [UInt8] {
        messages.reduce(into: [UInt8]()) { $0 += codec.encode($1) }
    }

    /// Decodes a complete body: every frame whole, HELLO first, at most `framesPerBodyMax` frames,
    /// extension frames skipped ([FRAME-6]).
    public static func decode(_ bytes: [UInt8], with codec: FrameCodec = FrameCodec()) throws(DecodeError) -> Body {
        var messages: [Message] = []
        var offset = 0
        var frames = 0
        while offset < bytes.count {
            frames += 1
            guard frames <= codec.limits.framesPerBodyMax else {
                throw .overLimit(what: "frames", count: UInt64(frames), limit: codec.limits.framesPerBodyMax)
            }
            switch try codec.decode(bytes, at: offset) {
            case .needMoreBytes: throw .truncatedBody
            case .skipped(_, let consumed): offset += consumed
            case .message(let message, let consumed):
                if messages.isEmpty, message.kind != .hello { throw .unexpectedFrame("a body starts with HELLO, not \(message.kind)") }
                if !messages.isEmpty, message.kind == .hello { throw .unexpectedFrame("HELLO after the first frame") }
                messages.append(message)
                offset += consumed
            }
        }
        guard !messages.isEmpty else { throw .unexpectedFrame("an empty body") }
        return Body(messages)
    }
}
