import SnodoModel

// The messages by which two replicas see that one of them was restored from an older copy, and
// rewind exactly as far as needed (Protocol/SPEC.md, "Restores", [LOG-1]…[LOG-5]). They are
// extension frames ([FRAME-6]): a peer that does not know them skips them and syncs as before.

/// The sender's log fingerprint at change number `through` ([LOG-2]). In a response it precedes
/// each CHANGES (at the batch's `through`) and END (at its cursor).
package struct LogMark: Equatable, Sendable {
    package var through: UInt64
    package var fingerprint: UInt64

    package init(through: UInt64, fingerprint: UInt64) {
        self.through = through
        self.fingerprint = fingerprint
    }
}

/// What a device holds, for the relay to compare with its own log and records ([LOG-3]); just
/// before PULL.
package struct SyncState: Equatable, Sendable {
    package static let checkpointsMax = 16
    package static let sentMax = 64
    /// The device's own change number up to which it believes the relay holds its changes.
    package var acknowledged: UInt64
    /// The device's log fingerprint at `acknowledged`.
    package var acknowledgedFingerprint: UInt64
    /// The relay's log fingerprint at PULL's cursor, as the relay gave it; nil when unknown.
    package var cursorFingerprint: UInt64?
    /// The relay holds this device's changes only through `acknowledged`: it forgets more.
    package var ackRewind: Bool
    /// The device lost changes of its own that the relay holds: the relay sends them back.
    package var lostOwn: Bool
    /// Other points of the relay's log the device committed through, strictly descending: below the
    /// cursor, and above it when a new scope sent the cursor back.
    package var checkpoints: [LogMark]
    /// The points of its own log up to which the device has sent its changes since `acknowledged`
    /// (this request's first), strictly descending, each above `acknowledged`: one of them is where
    /// the relay's record of the device ends when a response was lost.
    package var sent: [LogMark]
    /// The relay's record of the device's log as the device last saw it in an ACK: the relay
    /// rewinds its record only if it is still that one ([LOG-3]).
    package var seen: LogMark

    package init(
        acknowledged: UInt64, acknowledgedFingerprint: UInt64, cursorFingerprint: UInt64?, ackRewind: Bool = false, lostOwn: Bool = false,
        checkpoints: [LogMark] = [], sent: [LogMark] = [], seen: LogMark = LogMark(through: 0, fingerprint: 0)
    ) {
        self.acknowledged = acknowledged
        self.acknowledgedFingerprint = acknowledgedFingerprint
        self.cursorFingerprint = cursorFingerprint
        self.ackRewind = ackRewind
        self.lostOwn = lostOwn
        self.checkpoints = checkpoints
        self.sent = sent
        self.seen = seen
    }

    func write(to writer: inout ByteWriter) {
        writer.writeVarint(acknowledged)
        writer.writeUInt64(acknowledgedFingerprint)
        writer.writeVarint((ackRewind ? 1 : 0) | (lostOwn ? 2 : 0) | (cursorFingerprint == nil ? 0 : 4))
        if let cursorFingerprint { writer.writeUInt64(cursorFingerprint) }
        for marks in [checkpoints, sent] {
            writer.writeVarint(UInt64(marks.count))
            for mark in marks {
                writer.writeVarint(mark.through)
                writer.writeUInt64(mark.fingerprint)
            }
        }
        writer.writeVarint(seen.through)
        writer.writeUInt64(seen.fingerprint)
    }

    static func read(from payload: inout PayloadReader) throws(DecodeError) -> SyncState {
        let acknowledged = try payload.varint()
        let acknowledgedFingerprint = try payload.uint64()
        let flags = try payload.varint()
        guard flags < 8 else { throw .invalidFlag }
        let cursorFingerprint = flags & 4 != 0 ? try payload.uint64() : nil
        let checkpoints = try readMarks(from: &payload, what: "checkpoints", limit: checkpointsMax)
        let sent = try readMarks(from: &payload, what: "sent points", limit: sentMax)
        if let lowest = sent.last, lowest.through <= acknowledged { throw .nonCanonicalOrder("a sent point at or below the acknowledgement") }
        let seenThrough = try payload.varint()
        let seen = LogMark(through: seenThrough, fingerprint: try payload.uint64())
        return SyncState(
            acknowledged: acknowledged, acknowledgedFingerprint: acknowledgedFingerprint, cursorFingerprint: cursorFingerprint,
            ackRewind: flags & 1 != 0, lostOwn: flags & 2 != 0, checkpoints: checkpoints, sent: sent, seen: seen)
    }

    private static func readMarks(from payload: inout PayloadReader, what: String, limit: Int) throws(DecodeError) -> [LogMark] {
        let count = try payload.count(what, limit: limit, itemBytesMin: 9)
        var marks: [LogMark] = []
        for _ in 0..<count {
            let through = try payload.varint()
            if let last = marks.last, !(through < last.through) { throw .nonCanonicalOrder("\(what) not strictly descending") }
            marks.append(LogMark(through: through, fingerprint: try payload.uint64()))
        }
        return marks
    }
}

/// The relay's log differs from what the device holds after `cursor`: the response starts from
/// there, and the device sends back the changes it received from the relay after it ([LOG-4]).
package struct Rewind: Equatable, Sendable {
    package var cursor: UInt64
    package init(cursor: UInt64) { self.cursor = cursor }
}

/// Just before ACK: the device's log fingerprint at ACK's `through` as the relay recorded it, and
/// whether the relay took this request's changes ([LOG-3]).
package struct AckState: Equatable, Sendable {
    package var fingerprint: UInt64
    package var taken: Bool

    package init(fingerprint: UInt64, taken: Bool) {
        self.fingerprint = fingerprint
        self.taken = taken
    }
}

/// After ERROR `replayed`: the highest AUTH counter the relay has seen from the device, so that a
/// device restored from an older copy can go on above it ([LOG-5]).
package struct CounterFloor: Equatable, Sendable {
    package var highest: UInt64
    package init(highest: UInt64) { self.highest = highest }
}
