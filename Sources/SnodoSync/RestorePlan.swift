import SnodoModel
import SnodoProtocol
import SnodoStore

/// What the relay makes of a request's STATE before it takes anything in ([LOG-3], [LOG-4]): whether
/// the request starts where the relay's record of the device ends (if not, its changes wait for the
/// next round), where the response starts (before the device's cursor when the relay's log differs
/// from what the device holds), and what the device asked the relay to forget.
struct RestorePlan {
    /// The request's changes are taken and the acknowledgement may advance past them.
    var taken = true
    /// The relay change number the response starts from.
    var answerFrom: UInt64
    /// The relay's log differs from the device's after its cursor: the response says REWIND.
    var rewound = false
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
        if state.ackRewind, state.acknowledged <= heldThrough {
            // The device was restored, or the relay lost part of its log: what the relay recorded
            // beyond `acknowledged` is not in the device's log as it is now.
            heldThrough = state.acknowledged
            heldFingerprint = state.acknowledgedFingerprint
            lostOwn = state.lostOwn
            rollback = lostOwn ? "device restored from an older copy" : "device sends again what the relay lost"
        }
        if heldFingerprint == nil {
            // The first exchange since the relay kept fingerprints: the device's word is taken.
            heldThrough = state.acknowledged
            heldFingerprint = state.acknowledgedFingerprint
        }
        taken = state.acknowledged == heldThrough && state.acknowledgedFingerprint == heldFingerprint
        if !taken, rollback == nil, state.acknowledged >= heldThrough {
            rollback = state.acknowledged > heldThrough ? "the relay lacks changes it acknowledged" : "the device's log differs from the relay's record"
        }
        try compareCursor(state, cursor: request.pull.cursor, store: store)
    }

    /// The device's cursor stands for the relay's log up to it, by its fingerprint: a relay restored
    /// from an older copy has given those numbers to other changes, or never reached them. The
    /// response then starts from the newest earlier point both logs agree on, 0 at worst.
    private mutating func compareCursor(_ state: SyncState, cursor: UInt64, store: Store) throws {
        guard cursor > 0, let expected = state.cursorFingerprint, try store.fingerprint(at: cursor) != expected else { return }
        answerFrom = 0
        for checkpoint in state.checkpoints where checkpoint.through < cursor {
            if try store.fingerprint(at: checkpoint.through) == checkpoint.fingerprint {
                answerFrom = checkpoint.through
                break
            }
        }
        rewound = true
        rollback = rollback ?? "the relay's log differs from the device's cursor on"
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
            device.receivedFingerprint = request.state?.sentFingerprint
        }
    }
}
