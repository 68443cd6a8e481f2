import SnodoModel
import SnodoProtocol
import SnodoStore

/// What the relay makes of a request's STATE before it takes anything in ([LOG-3], [LOG-4]): whether
/// the request starts where the relay's record of the device ends, or covers it (if not, its changes
/// wait for a round that does), where the response starts (before the device's cursor when the relay's log differs
/// from what the device holds), and what the device asked the relay to forget.
struct RestorePlan: Sendable {
    /// The request's changes are taken and the acknowledgement may advance past them.
    var taken = true
    /// The relay change number the response starts from.
    var answerFrom: UInt64
    /// The relay's log differs from what the device received: the response says REWIND to `rewindTo`.
    var rewound = false
    var rewindTo: UInt64 = 0
    /// The device lost changes of its own that the relay holds: they go back to it.
    var lostOwn = false
    /// What the relay holds of the device's log before this request's changes.
    private var heldThrough: UInt64
    private var heldFingerprint: UInt64?
    /// What the request showed, for the relay's log: never a value.
    var rollback: String?

    init(_ request: ParsedRequest, device: PeerState, store: Store) throws {
        answerFrom = request.pull.cursor
        heldThrough = device.receivedThrough
        heldFingerprint = device.receivedThrough == 0 ? 0 : device.receivedFingerprint
        guard let state = request.state else { return }
        // A rewind names the record it rewinds: a record that changed since the device saw it (a
        // relay restored, a copy carrying an old rewind) is shown to the device again first.
        let seesThisRecord = state.seen == LogMark(through: heldThrough, fingerprint: heldFingerprint ?? 0)
        if state.ackRewind, state.acknowledged <= heldThrough, seesThisRecord || heldFingerprint == nil {
            // The device was restored, or the relay lost part of its log: what the relay recorded
            // beyond `acknowledged` is not in the device's log as it is now.
            // Whatever the device believes, what the relay forgets of its log may be what the device
            // lost (a copy taken in the middle of a rewind carries the rewind): it goes back to it.
            lostOwn = state.lostOwn || state.acknowledged < heldThrough
            heldThrough = state.acknowledged
            heldFingerprint = state.acknowledgedFingerprint
            rollback = state.lostOwn ? "device restored from an older copy" : "device sends again what the relay lost"
        }
        if heldFingerprint == nil {
            // The first exchange since the relay kept fingerprints: the device's word is taken.
            heldThrough = state.acknowledged
            heldFingerprint = state.acknowledgedFingerprint
        }
        // The request starts where the relay's record ends, or its device sent what the record
        // ends at in a round whose response was lost: then its changes are judged and taken again.
        let startsThere = state.acknowledged == heldThrough && state.acknowledgedFingerprint == heldFingerprint
        let resends = heldThrough > state.acknowledged && state.sent.contains(LogMark(through: heldThrough, fingerprint: heldFingerprint ?? 0))
        taken = startsThere || resends
        if !taken, rollback == nil, state.acknowledged >= heldThrough {
            rollback = state.acknowledged > heldThrough ? "the relay lacks changes it acknowledged" : "the device's log differs from the relay's record"
        }
        try compareLog(state, cursor: request.pull.cursor, store: store)
    }

    /// The device's cursor and its highest checkpoint stand for the relay's log up to them, by their
    /// fingerprints: a relay restored from an older copy has given those numbers to other changes, or
    /// never reached them. The response then starts from the newest point both logs agree on (0 at
    /// worst), and the device sends back what it received after it.
    private mutating func compareLog(_ state: SyncState, cursor: UInt64, store: Store) throws {
        var points = state.checkpoints
        if cursor > 0, let fingerprint = state.cursorFingerprint { points.append(LogMark(through: cursor, fingerprint: fingerprint)) }
        points.sort { $0.through > $1.through }
        guard let highest = points.first, try store.fingerprint(at: highest.through) != highest.fingerprint else { return }
        var agreed: UInt64 = 0
        for point in points.dropFirst() where try store.fingerprint(at: point.through) == point.fingerprint {
            agreed = point.through
            break
        }
        answerFrom = min(cursor, agreed)
        rewindTo = agreed
        rewound = true
        rollback = rollback ?? "the relay's log differs from what the device received"
    }

    /// The relay's record of the device's log after this request: advanced by the request's
    /// batches only when they start where the record ends.
    func acknowledge(_ request: ParsedRequest, into device: inout PeerState) {
        device.receivedThrough = heldThrough
        device.receivedFingerprint = heldFingerprint
        guard taken else { return }
        let sent = request.changes.map(\.through).max() ?? 0
        if sent > device.receivedThrough {
            device.receivedThrough = sent
            device.receivedFingerprint = request.state?.sent.first { $0.through == sent }?.fingerprint
        }
    }
}
