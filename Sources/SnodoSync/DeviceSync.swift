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
public struct DeviceSync {
    public static let relayPeer = "relay"
    public let store: Store
    public let limits: SyncLimits
    let codec = FrameCodec()

    public init(store: Store, limits: SyncLimits = SyncLimits()) {
        self.store = store
        self.limits = limits
    }

    /// A request and what it claims, so the round can tell what was acknowledged.
    public struct Request {
        public let bytes: [UInt8]
        public let changesSent: Int
        public let sentThrough: UInt64
        public let moreToSend: Bool
        /// Refused records whose edits this request carries again, for the relay to judge under
        /// the scope it now grants.
        public let rejudged: [RecordID]
    }

    public func makeRequest() throws -> Request {
        let relay = try store.peer(DeviceSync.relayPeer)
        let slice = try store.feed(after: relay.acknowledgedThrough, for: DeviceSync.relayPeer, limit: limits.changesPerRequest)
        var messages: [Message] = [.hello(Hello(schemaVersion: UInt64(Schema.version), device: store.device, clock: store.clockNow))]
        // Edits refused under an earlier scope go once more, in batches that claim nothing.
        let rejudged = try store.recordsToRejudge(limit: limits.changesPerBatch)
        let again = try rejudged.flatMap { try store.localChanges(of: $0) }
        for start in stride(from: 0, to: again.count, by: limits.changesPerBatch) {
            let part = Array(again[start..<min(start + limits.changesPerBatch, again.count)])
            messages.append(.changes(ChangeBatch(through: relay.acknowledgedThrough, changes: part)))
        }
        var start = 0
        repeat {
            let end = min(start + limits.changesPerBatch, slice.changes.count)
            let isLast = end == slice.changes.count
            // Every batch but the last completes nothing on its own: it claims the cursor it started from.
            let through = isLast ? slice.through : relay.acknowledgedThrough
            messages.append(.changes(ChangeBatch(through: through, changes: Array(slice.changes[start..<end]))))
            start = end
        } while start < slice.changes.count
        let unsent = slice.more ? try store.countFeed(after: slice.through, for: DeviceSync.relayPeer) : 0
        let epoch = UInt64(try store.setting(DeviceCredentials.scopeEpoch) ?? "0") ?? 0
        messages.append(
            .pull(
                Pull(
                    cursor: relay.receivedThrough, responseBytesMax: UInt64(limits.responseBytesDefault), unsent: UInt64(unsent),
                    scopeEpoch: epoch)))
        let bytes = try DeviceCredentials(store: store).sign(messages, codec: codec)
        return Request(bytes: bytes, changesSent: slice.changes.count, sentThrough: slice.through, moreToSend: slice.more, rejudged: rejudged)
    }

    /// What one round did.
    public struct RoundResult: Equatable, Sendable {
        public var received = 0
        public var acknowledgedThrough: UInt64 = 0
        public var moreToReceive = false
        public var relayClockSkewMillis: Int64 = 0
        /// Records the relay refused in this round (kept here, listed by `snodo status`).
        public var rejected = 0
        /// Records removed because the scope no longer covers them.
        public var purged = 0
        /// Records outside the new scope kept because they hold edits the relay has not accepted.
        public var heldOutOfScope = 0
        /// Refused edits wait to be judged again under a new scope: another round sends them.
        public var rejudgePending = false
    }

    /// Applies a response: the acknowledgement, then each batch with the cursor it reaches, each
    /// in its own commit so that a cut stream resumes from the last batch committed. `rejudged`
    /// is what the request sent again (`Request.rejudged`).
    public func handle(response bytes: [UInt8], rejudged: [RecordID] = []) throws -> RoundResult {
        let body: Body
        do { body = try Body.decode(bytes, with: codec) } catch { throw SyncError.badResponse(error.name) }
        var result = RoundResult()
        guard case .hello(let hello) = body.messages[0] else { throw SyncError.badResponse("no hello") }
        result.relayClockSkewMillis = hello.clock.millis - store.wallMillis
        store.observe(hello.clock)
        var sawEnd = false
        for message in body.messages.dropFirst() {
            switch message {
            case .error(let error):
                if error.knownCode == .revoked {
                    try store.wipe()
                    throw SyncError.revoked
                }
                throw SyncError.relay(code: error.code, detail: error.detail)
            case .scope(let grant):
                try adopt(grant)
            case .rejected(let rejection):
                try store.recordRejections(rejection.records, reason: rejection.reason)
                result.rejected += rejection.records.count
            case .ack(let ack):
                try store.atomically {
                    var relay = try store.peer(DeviceSync.relayPeer)
                    relay.acknowledgedThrough = max(relay.acknowledgedThrough, ack.through)
                    try store.savePeer(relay)
                    try store.clearRejudged(rejudged)
                }
                result.acknowledgedThrough = ack.through
            case .changes(let batch):
                try store.apply(batch.changes, from: DeviceSync.relayPeer) {
                    var relay = try store.peer(DeviceSync.relayPeer)
                    relay.receivedThrough = max(relay.receivedThrough, batch.through)
                    try store.savePeer(relay)
                }
                result.received += batch.changes.count
            case .end(let end):
                try store.atomically {
                    var relay = try store.peer(DeviceSync.relayPeer)
                    relay.receivedThrough = max(relay.receivedThrough, end.cursor)
                    relay.lastSyncMillis = store.wallMillis
                    relay.clockSkewMillis = result.relayClockSkewMillis
                    try store.savePeer(relay)
                }
                result.moreToReceive = end.more
                sawEnd = true
            case .hello, .auth, .pull:
                throw SyncError.badResponse("unexpected \(message.kind) in a response")
            }
        }
        guard sawEnd else { throw SyncError.badResponse("no end") }
        try DeviceCredentials(store: store).confirmClaim()
        // Every sync, not only when the scope changed: records kept earlier for unsent edits
        // are let go once those edits are acknowledged.
        if let scope = try DeviceCredentials(store: store).scope() {
            let purge = try store.purge(outside: scope, acknowledgedThrough: try store.peer(DeviceSync.relayPeer).acknowledgedThrough)
            result.purged = purge.purged
            result.heldOutOfScope = purge.kept.count
        }
        result.rejudgePending = !(try store.recordsToRejudge(limit: 1).isEmpty)
        return result
    }

    /// A new scope from the relay: saved, and the cursor restarted, in one commit, so a cut
    /// response resumes inside the new scope's stream. What the relay acknowledged stays
    /// acknowledged: only the refused edits are sent again, to be judged under the new scope.
    private func adopt(_ grant: ScopeGrant) throws {
        try store.atomically {
            try DeviceCredentials(store: store).save(grant)
            try store.markRejectionsForRejudging()
            var relay = try store.peer(DeviceSync.relayPeer)
            relay.receivedThrough = 0
            try store.savePeer(relay)
        }
    }
}
