import SnodoModel
import SnodoProtocol
import SnodoStore

/// The device's side of a sync, with no I/O: it makes request bodies from the store and applies
/// response bodies to it. `SyncDriver` runs the rounds over a transport.
///
/// One round: the request carries HELLO, the device's changes the relay has not acknowledged
/// (filtered of what came from the relay), and PULL with the cursor up to which the device has
/// the relay's changes. The response carries ACK (committed here with the acknowledgement),
/// the changes the device lacks in batches, each committed with the cursor it reaches, and END.
/// Replaying a request or a response changes nothing; a cut round restarts from what committed.
package struct DeviceSync {
    package static let relayPeer = "relay"
    package let store: Store
    package let limits: SyncLimits
    let codec = FrameCodec()
    /// The simulator's power cut: the laptop stops after committing this many batches of a
    /// response, as if it lost power between two of them. Nil everywhere else.
    package var interruptAfterBatches: Int?

    package init(store: Store, limits: SyncLimits = SyncLimits()) {
        self.store = store
        self.limits = limits
    }

    /// A request and what it claims, so the round can tell what was acknowledged.
    package struct Request {
        package let bytes: [UInt8]
        package let changesSent: Int
        package let sentThrough: UInt64
        package let moreToSend: Bool
        /// Refused records whose edits this request carries again, for the relay to judge under
        /// the scope it now grants.
        package let rejudged: [RecordID]
        /// The request asked the relay to forget what it recorded of this laptop beyond the
        /// acknowledgement ([LOG-3]).
        package let askedRewind: Bool
        /// The cursor the request pulled from: the response's batches follow on from it.
        package let cursor: UInt64
    }

    package func makeRequest() throws -> Request {
        let relay = try store.peer(DeviceSync.relayPeer)
        // Changes that came from the relay go back to it when it was restored from an older copy ([LOG-4]).
        let slice = try store.feed(
            after: relay.acknowledgedThrough, for: DeviceSync.relayPeer, ownThrough: relay.returnThrough, limit: limits.changesPerRequest)
        var messages: [Message] = [.hello(Hello(schemaVersion: UInt64(Schema.version), device: store.device, clock: store.clockNow))]
        // Edits refused under an earlier scope go once more, in batches that claim nothing.
        let rejudged = try store.recordsToRejudge(limit: limits.changesPerBatch)
        let again = try rejudged.flatMap { try store.localChanges(of: $0) }
        for start in stride(from: 0, to: again.count, by: limits.changesPerBatch) {
            let part = Array(again[start..<min(start + limits.changesPerBatch, again.count)])
            messages.append(.changes(ChangeBatch(through: relay.acknowledgedThrough, changes: part)))
        }
        // What came from the relay goes back to it apart, after a restore of the relay ([LOG-4]);
        // with a refused record's edits goes what this laptop received of it before the restore,
        // since its return was refused with them.
        let own = zip(slice.changes, slice.fromPeer).filter { !$0.1 }.map(\.0)
        let givenBackAgain =
            relay.returnThrough == 0
            ? [] : try rejudged.flatMap { try store.receivedChanges(of: $0, from: DeviceSync.relayPeer, through: relay.returnThrough) }
        let returned = givenBackAgain + zip(slice.changes, slice.fromPeer).filter { $0.1 }.map(\.0)
        for start in stride(from: 0, to: returned.count, by: limits.changesPerBatch) {
            let part = Array(returned[start..<min(start + limits.changesPerBatch, returned.count)])
            messages.append(.returned(ChangeBatch(through: relay.acknowledgedThrough, changes: part)))
        }
        var start = 0
        repeat {
            let end = min(start + limits.changesPerBatch, own.count)
            let isLast = end == own.count
            // Every batch but the last completes nothing on its own: it claims the cursor it started from.
            let through = isLast ? slice.through : relay.acknowledgedThrough
            messages.append(.changes(ChangeBatch(through: through, changes: Array(own[start..<end]))))
            start = end
        } while start < own.count
        let unsent = slice.more ? try store.countFeed(after: slice.through, for: DeviceSync.relayPeer) : 0
        let epoch = UInt64(try store.setting(DeviceCredentials.scopeEpoch) ?? "0") ?? 0
        messages.append(.state(try syncState(try noteSent(through: slice.through))))
        messages.append(.profileHave(ProfileHave(revision: store.profile.revision)))
        messages.append(
            .pull(
                Pull(
                    cursor: relay.receivedThrough, responseBytesMax: UInt64(limits.responseBytesDefault), unsent: UInt64(unsent),
                    scopeEpoch: epoch)))
        let bytes = try DeviceCredentials(store: store).sign(messages, codec: codec)
        return Request(
            bytes: bytes, changesSent: slice.changes.count, sentThrough: slice.through, moreToSend: slice.more, rejudged: rejudged,
            askedRewind: relay.rewind.ackRewind, cursor: relay.receivedThrough)
    }

    /// What one round did.
    package struct RoundResult: Equatable, Sendable {
        package var received = 0
        package var acknowledgedThrough: UInt64 = 0
        package var moreToReceive = false
        package var relayClockSkewMillis: Int64 = 0
        /// Records the relay refused in this round (kept here, listed by `snodo status`).
        package var rejected = 0
        /// Records removed because the scope no longer covers them.
        package var purged = 0
        /// Records outside the new scope kept because they hold edits the relay has not accepted.
        package var heldOutOfScope = 0
        /// Refused edits wait to be judged again under a new scope: another round sends them.
        package var rejudgePending = false
        /// The relay did not take this round's changes, or must be told of a rollback: another
        /// round follows at once ([LOG-3]).
        package var sendAgain = false
        /// The relay's log differed from what this laptop held: it was restored ([LOG-4]).
        package var relayRewound = false
        /// The response followed on from a cursor this store no longer has: none of it was taken.
        package var stale = false
        /// The relay holds changes of this laptop that its store lacks: the store was restored,
        /// and took a new writer id ([LOG-3]).
        package var restoredHere = false
        /// The relay sent a programme profile this laptop cannot take, and why (it keeps its own).
        package var profileRefused: ProfileError?
        /// The relay's programme profile was taken in this round.
        package var profileTaken = false
    }

    /// Applies a response: the acknowledgement, then each batch with the cursor it reaches, each
    /// in its own commit so that a cut stream resumes from the last batch committed.
    package func handle(response bytes: [UInt8], to request: Request) throws -> RoundResult {
        let frames: [(message: Message?, range: Range<Int>)]
        do { frames = try Body.frames(bytes, with: codec) } catch { throw SyncError.badResponse(error.name) }
        // Nothing of a response is acted on, a wipe order least of all, before its signature is
        // known to be the pinned relay's over this very request ([AUTH-5]).
        try DeviceCredentials(store: store).authenticate(response: bytes, to: request.bytes, frames: frames)
        let body = Body(frames.compactMap(\.message))
        if let index = body.messages.firstIndex(where: { $0.kind == .signature }), index != body.messages.count - 1 {
            throw SyncError.badResponse("a signature before the end of the response")
        }
        var result = RoundResult()
        guard case .hello(let hello) = body.messages[0] else { throw SyncError.badResponse("no hello") }
        result.relayClockSkewMillis = hello.clock.millis - store.wallMillis
        store.observe(hello.clock)
        var sawEnd = false
        var mark: LogMark?
        var ackState: AckState?
        // Where the response's batches start: a store whose cursor is elsewhere (put back from a
        // copy, or synced by another process meanwhile) takes none of them; the next round asks again.
        var follows = request.cursor
        var committedBatches = 0
        // Batches that claim the cursor they started from (a record coming into the scope whole,
        // [SCOPE-3]) hold changes numbered past it: they are committed with the batch or END that
        // moves the cursor, so that a laptop cut off between the two never holds relay changes its
        // cursor cannot vouch for, which a restored relay could then never get back ([LOG-4]).
        var heldBack: [Change] = []
        for message in body.messages.dropFirst() {
            switch message {
            case .error(let error):
                try fail(with: error, body)
            case .scope(let grant):
                try adopt(grant)
                follows = 0
            case .rewind(let rewind):
                try self.rewind(to: rewind.cursor)
                follows = min(follows, rewind.cursor)
                result.relayRewound = true
            case .rejected(let rejection):
                // Changes that only went back to a restored relay are not this laptop's edits; a
                // record the relay now places outside this laptop's scope is let go.
                let own = try rejection.records.filter { try store.hasLocalChanges(of: $0) }
                try store.write { transaction in
                    try transaction.recordRejections(own, reason: rejection.reason)
                    if Rejection.Reason(rawValue: rejection.reason) == .outOfScope {
                        try transaction.discardReceived(rejection.records.filter { !own.contains($0) }, from: DeviceSync.relayPeer)
                    }
                }
                result.rejected += own.count
            case .ackState(let state):
                ackState = state
            case .ack(let ack):
                try acknowledge(ack, state: ackState, request: request, rewound: result.relayRewound, into: &result)
            case .mark(let next):
                mark = next
            case .changes(let batch):
                // Once this laptop finds itself restored, the rest of the response waits: the next
                // round asks again from the same cursor, and gets its own lost changes with the rest.
                if result.restoredHere { continue }
                guard try store.peer(DeviceSync.relayPeer).receivedThrough == follows else {
                    result.stale = true
                    continue
                }
                if batch.through <= follows {
                    heldBack += batch.changes
                    continue
                }
                try store.write { transaction in
                    try transaction.apply(heldBack + batch.changes, from: DeviceSync.relayPeer)
                    try transaction.updatePeer(DeviceSync.relayPeer) { advance(&$0, to: batch.through, mark: mark) }
                }
                follows = max(follows, batch.through)
                result.received += heldBack.count + batch.changes.count
                heldBack = []
                committedBatches += 1
                if let limit = interruptAfterBatches, committedBatches >= limit { throw SyncError.transport("power lost between two batches") }
            case .end(let end):
                try store.write { transaction in
                    try transaction.updatePeer(DeviceSync.relayPeer) { relay in
                        if relay.receivedThrough != follows { result.stale = true }
                        if !result.restoredHere && !result.stale { advance(&relay, to: end.cursor, mark: mark) }
                        relay.lastSyncMillis = store.wallMillis
                        relay.clockSkewMillis = result.relayClockSkewMillis
                    }
                    // Held-back batches go in only with a cursor that covers them; else they come again.
                    if !heldBack.isEmpty && !result.restoredHere && !result.stale && end.cursor > follows {
                        try transaction.apply(heldBack, from: DeviceSync.relayPeer)
                        result.received += heldBack.count
                    }
                    try transaction.noteAcceptedAgainThrough(end.cursor)
                }
                result.moreToReceive = end.more || result.restoredHere || result.stale
                sawEnd = true
            case .profile(let grant):
                result.profileRefused = try adopt(grant)
                result.profileTaken = result.profileRefused == nil
            case .signature:
                break
            case .hello, .auth, .pull, .state, .counterFloor, .returned, .profileHave:
                throw SyncError.badResponse("unexpected \(message.kind) in a response")
            }
        }
        guard sawEnd else { throw SyncError.badResponse("no end") }
        try DeviceCredentials(store: store).confirmClaim()
        // Every sync, not only when the scope changed: records kept earlier for unsent edits
        // are let go once those edits are acknowledged.
        let relay = try store.peer(DeviceSync.relayPeer)
        if let scope = try DeviceCredentials(store: store).scope() {
            let purge = try store.write { try $0.purge(outside: scope, acknowledgedThrough: relay.acknowledgedThrough) }
            result.purged = purge.purged
            result.heldOutOfScope = purge.kept.count
        }
        result.rejudgePending = !(try store.recordsToRejudge(limit: 1).isEmpty)
        result.sendAgain = result.sendAgain || relay.rewind.ackRewind
        return result
    }

    /// An ERROR from the relay: a revocation wipes the store; a replayed counter below what the
    /// relay has seen (a store restored from a copy) is raised and the round sent again.
    private func fail(with error: ErrorMessage, _ body: Body) throws -> Never {
        if error.knownCode == .revoked {
            try store.wipe()
            throw SyncError.revoked
        }
        let floor = body.messages.lazy.compactMap { if case .counterFloor(let floor) = $0 { floor } else { nil } }.first
        if error.knownCode == .replayed, let floor {
            try DeviceCredentials(store: store).raiseCounter(above: floor.highest)
            throw SyncError.counterRaised
        }
        throw SyncError.relay(code: error.code, detail: error.detail)
    }

    /// The relay's programme profile: taken when it reads and keeps every kind, field and value
    /// this laptop's profile has. A relay refuses any other change, so one that does not is not
    /// the relay's to give: the laptop keeps its own, syncs on (cells of fields it does not know
    /// are kept and relayed all the same), and returns why.
    private func adopt(_ grant: ProfileGrant) throws -> ProfileError? {
        let profile: Profile
        do { profile = try Profile.read(json: grant.json, revision: grant.revision) } catch { return error }
        if let refusal = store.profile.refusal(of: profile) { return refusal }
        try store.write { try $0.setProfile(profile) }
        return nil
    }

    /// A new scope from the relay: saved, and the cursor restarted, in one commit, so a cut
    /// response resumes inside the new scope's stream. What the relay acknowledged stays
    /// acknowledged: only the refused edits are sent again, to be judged under the new scope.
    private func adopt(_ grant: ScopeGrant) throws {
        try store.write { transaction in
            try DeviceCredentials(store: store).save(grant, in: transaction)
            try transaction.markRejectionsForRejudging()
            try transaction.updatePeer(DeviceSync.relayPeer) { relay in
                relay.receivedThrough = 0
                relay.receivedFingerprint = nil
            }
        }
    }
}
