import SnodoModel
import SnodoProtocol
import SnodoStore

/// The laptop's half of seeing a rollback ([LOG-2] … [LOG-4]). The laptop keeps the relay's log
/// fingerprint at its cursor and at earlier checkpoints, and its own log's fingerprints; it tells
/// the relay what it holds (STATE) and checks what the relay says it holds of the laptop (ACKSTATE).
/// A relay restored from an older copy answers from an earlier point and gets back what the laptop
/// had received from it since; a laptop restored from an older copy takes a new writer id and gets
/// back its own changes that it lost.
extension DeviceSync {
    /// When this laptop last found the relay restored from an older copy, for `snodo status`.
    package static let lastRewindMillis = "restore.relay-rewound-millis"

    /// Records, before the request leaves, the point of this laptop's log it sends through: if the
    /// response is lost, the relay's record of the laptop ends there, and the next request shows it.
    func noteSent(through: UInt64) throws -> PeerState {
        let fingerprint = try store.fingerprint(at: through) ?? 0
        return try store.write { transaction in
            try transaction.updatePeer(DeviceSync.relayPeer) { relay in
                if through > relay.acknowledgedThrough, !relay.sent.contains(where: { $0.through == through }) {
                    relay.sent.insert(LogPoint(through: through, fingerprint: fingerprint), at: 0)
                    relay.sent = Array(
                        relay.sent.filter { $0.through > relay.acknowledgedThrough }.sorted { $0.through > $1.through }.prefix(SyncState.sentMax))
                }
                return relay
            }
        }
    }

    func syncState(_ relay: PeerState) throws -> SyncState {
        var earlier: [LogMark] = []
        for checkpoint in relay.checkpoints.sorted(by: { $0.through > $1.through }) where checkpoint.through != relay.receivedThrough {
            if earlier.last?.through == checkpoint.through { continue }
            earlier.append(LogMark(through: checkpoint.through, fingerprint: checkpoint.fingerprint))
            if earlier.count == SyncState.checkpointsMax { break }
        }
        return SyncState(
            acknowledged: relay.acknowledgedThrough, acknowledgedFingerprint: try store.fingerprint(at: relay.acknowledgedThrough) ?? 0,
            cursorFingerprint: relay.receivedThrough == 0 ? nil : relay.receivedFingerprint,
            ackRewind: relay.rewind.ackRewind, lostOwn: relay.rewind.lostOwn, checkpoints: earlier,
            sent: relay.sent.filter { $0.through > relay.acknowledgedThrough }.map { LogMark(through: $0.through, fingerprint: $0.fingerprint) },
            seen: LogMark(through: relay.seen.through, fingerprint: relay.seen.fingerprint))
    }

    /// The cursor moves on to `through` with the relay's fingerprint there, when the MARK before
    /// it gave one; a batch that claims the cursor it started from moves nothing.
    func advance(_ relay: inout PeerState, to through: UInt64, mark: LogMark?) {
        guard through > relay.receivedThrough else { return }
        relay.receivedThrough = through
        relay.receivedFingerprint = mark?.through == through ? mark?.fingerprint : nil
        if let fingerprint = relay.receivedFingerprint {
            relay.note(Checkpoint(through: through, fingerprint: fingerprint, localThrough: store.lastChangeNumber))
        }
    }

    /// REWIND: the relay's log agrees with this laptop's only up to `cursor`. The cursor goes back
    /// there; every change received from the relay since goes back to it, with this laptop's own
    /// changes since that point, and the relay is told to forget what it recorded beyond them.
    func rewind(to cursor: UInt64) throws {
        try store.write { transaction in
            try transaction.updatePeer(DeviceSync.relayPeer) { relay in
                let point = relay.checkpoints.first { $0.through == cursor }
                let localThrough = cursor == 0 ? 0 : point?.localThrough ?? 0
                if cursor < relay.receivedThrough {
                    relay.receivedThrough = cursor
                    relay.receivedFingerprint = cursor == 0 ? nil : point?.fingerprint
                }
                relay.checkpoints.removeAll { $0.through > cursor }
                relay.returnThrough = max(relay.returnThrough, store.lastChangeNumber)
                relay.acknowledgedThrough = min(relay.acknowledgedThrough, localThrough)
                relay.rewind.ackRewind = true
            }
            try transaction.refuseAgainAcceptedAfter(cursor)
            try transaction.setSetting(DeviceSync.lastRewindMillis, String(store.wallMillis))
        }
    }

    /// ACK, checked against this laptop's own log: the relay's record of it must be a point of the
    /// log as it is now. If it is, the acknowledgement moves there, back as well as forward (a
    /// relay restored from an older copy holds less). If not, this store is older than what the
    /// relay holds of it: it takes a new writer id before writing again, and asks the relay to
    /// rewind its record and send back the changes this laptop lost.
    func acknowledge(_ ack: Ack, state: AckState?, request: Request, rewound: Bool, into result: inout RoundResult) throws {
        guard let state else {
            // A relay that predates fingerprints.
            try store.write { transaction in
                try transaction.updatePeer(DeviceSync.relayPeer) { $0.acknowledgedThrough = max($0.acknowledgedThrough, ack.through) }
                try transaction.clearRejudged(request.rejudged)
            }
            result.acknowledgedThrough = ack.through
            return
        }
        let agrees = try store.fingerprint(at: ack.through) == state.fingerprint
        result.acknowledgedThrough = try store.write { transaction in
            // A store found older than the relay's record stops writing under its id at once (once:
            // later rounds of the same rewind find the same disagreement).
            if !agrees, try mustTakeNewWriter() { try transaction.takeNewIncarnation(.rolledBack) }
            let incarnationHead = try store.incarnationHead
            let acknowledged = try transaction.updatePeer(DeviceSync.relayPeer) { relay in
                if agrees {
                    if request.askedRewind && state.taken && !rewound { relay.rewind = RewindRequest() }
                    relay.acknowledgedThrough = relay.rewind.ackRewind ? min(relay.acknowledgedThrough, ack.through) : ack.through
                } else {
                    // What both surely hold: no further than the relay's record, nor than this store's
                    // own history before it last took a new writer id (after that, its numbers name
                    // other changes than those the relay recorded).
                    relay.acknowledgedThrough = min(relay.acknowledgedThrough, ack.through, incarnationHead ?? .max)
                    relay.rewind = RewindRequest(ackRewind: true, lostOwn: true)
                }
                relay.sent.removeAll { $0.through <= relay.acknowledgedThrough }
                relay.seen = LogPoint(through: ack.through, fingerprint: state.fingerprint)
                return relay.acknowledgedThrough
            }
            if state.taken { try transaction.clearRejudged(request.rejudged) }
            return acknowledged
        }
        result.restoredHere = !agrees
        result.sendAgain = !state.taken || !agrees
    }
}

extension DeviceSync {
    /// A store found older than the relay's record of it needs a new writer id, unless it took one
    /// since the last point both agreed on (a copy found at open) or is already in the rewind.
    func mustTakeNewWriter() throws -> Bool {
        let relay = try store.peer(DeviceSync.relayPeer)
        if relay.rewind.lostOwn { return false }
        guard let last = try store.lastIncarnationHead else { return true }
        return last < relay.acknowledgedThrough
    }
}

extension PeerState {
    /// Keeps at most `SyncState.checkpointsMax` checkpoints, highest first, thinned so that they
    /// reach back further the lower they are: the one whose loss leaves the smallest gap goes. The
    /// highest stays even when a new scope sends the cursor back to 0: the laptop still holds what
    /// it received up to there, and a relay restored to below it must get that back ([LOG-4]).
    mutating func note(_ checkpoint: Checkpoint) {
        checkpoints.removeAll { $0.through == checkpoint.through }
        checkpoints.append(checkpoint)
        checkpoints.sort { $0.through > $1.through }
        while checkpoints.count > SyncState.checkpointsMax {
            var victim = 1
            var smallest = UInt64.max
            for index in 1..<(checkpoints.count - 1) where checkpoints[index].through != checkpoint.through {
                let gap = checkpoints[index - 1].through - checkpoints[index + 1].through
                if gap < smallest {
                    smallest = gap
                    victim = index
                }
            }
            checkpoints.remove(at: victim)
        }
    }
}
