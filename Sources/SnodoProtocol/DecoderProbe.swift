/// The properties every input must keep, checked by the fuzz target and by the mutation test:
/// decoding any bytes returns a message, a request for more bytes or a typed error (never a crash
/// or a hang), and whatever decodes re-encodes to exactly the bytes it came from, because the
/// encoding is canonical ([FRAME-8]).
package enum DecoderProbe {
    /// What one probe saw, for the tests' tallies.
    package enum Outcome: Equatable, Sendable {
        case frame, skipped, needMoreBytes, body, rejected
        /// A property broke: the reason, for the fuzzer to report.
        case violation(String)
    }

    package static func probe(_ bytes: [UInt8], codec: FrameCodec = FrameCodec()) -> Outcome {
        let frame: Outcome
        do {
            switch try codec.decode(bytes) {
            case .message(let message, let consumed):
                guard codec.encode(message) == Array(bytes[0..<consumed]) else { return .violation("frame re-encodes differently") }
                frame = .frame
            case .skipped: frame = .skipped
            case .needMoreBytes: frame = .needMoreBytes
            }
        } catch {
            frame = .rejected
        }
        do {
            let body = try Body.decode(bytes, with: codec)
            guard body.encode(with: codec) == bytes || bytes.containsExtensionFrame(codec) else {
                return .violation("body re-encodes differently")
            }
            return .body
        } catch {
            return frame
        }
    }
}

extension Array where Element == UInt8 {
    /// Whether a body holds a skipped extension frame, which re-encoding drops by design.
    fileprivate func containsExtensionFrame(_ codec: FrameCodec) -> Bool {
        var offset = 0
        while offset < count, case .some(let result) = try? codec.decode(self, at: offset) {
            switch result {
            case .skipped: return true
            case .message(_, let consumed): offset += consumed
            case .needMoreBytes: return false
            }
        }
        return false
    }
}
