import SnodoModel
import SnodoProtocol

/// A response body as it grows: the head (HELLO, SCOPE, REWIND, REJECTED, ACKSTATE, ACK), then
/// batches of changes until the byte budget is spent, then END. Each batch and the END are
/// preceded by a MARK with the relay's log fingerprint when the device asked for them ([LOG-2]).
/// No I/O: the fingerprints come from the closure it is given.
package struct ResponseBuilder {
    let codec: FrameCodec
    /// The most bytes the device takes; a batch may end past it, the next one does not start.
    let budget: Int
    /// Whether batches and END carry MARKs (the device sent STATE).
    let marking: Bool
    let fingerprint: (UInt64) throws -> UInt64
    package private(set) var bytes: [UInt8]

    package init(head: [Message], codec: FrameCodec, budget: Int, marking: Bool, fingerprint: @escaping (UInt64) throws -> UInt64) {
        self.codec = codec
        self.budget = budget
        self.marking = marking
        self.fingerprint = fingerprint
        bytes = Body(head).encode(with: codec)
    }

    /// The budget is spent: no further batch goes in this response.
    package var isFull: Bool { bytes.count >= budget }

    /// Appends a batch that completes the feed through `through` (or, for a backfill batch, claims
    /// the cursor it started from).
    package mutating func append(_ changes: [Change], through: UInt64) throws {
        if marking { try appendMark(through) }
        bytes += codec.encode(.changes(ChangeBatch(through: through, changes: changes)))
    }

    /// Ends the response at `cursor`; `more` when the feed has more for the device.
    package mutating func finish(cursor: UInt64, more: Bool) throws -> [UInt8] {
        if marking { try appendMark(cursor) }
        bytes += codec.encode(.end(End(cursor: cursor, more: more)))
        return bytes
    }

    private mutating func appendMark(_ number: UInt64) throws {
        bytes += codec.encode(.mark(LogMark(through: number, fingerprint: try fingerprint(number))))
    }
}
