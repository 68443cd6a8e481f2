import SnodoModel
import SnodoProtocol
import SnodoStore

/// A reply to one request: the body, the HTTP status that carries it, and what the operator's
/// log says of it.
package struct RelayReply: Sendable {
    package let status: Int
    package internal(set) var body: [UInt8]
    /// For a busy store: how long the device should wait before it tries again.
    package var retryAfterSeconds: Int?
    package var summary: RequestSummary

    init(status: Int, body: [UInt8], summary: RequestSummary, retryAfterSeconds: Int? = nil) {
        self.status = status
        self.body = body
        self.summary = summary
        self.retryAfterSeconds = retryAfterSeconds
    }
}

/// Deliberately broken relays. The simulator runs one to prove that its relay checkers catch a
/// relay that breaks the trust rules, as the canary merge rule proves the merge checkers; nothing
/// else sets one.
package enum RelayCanary: String, Sendable, CaseIterable {
    /// Every change is admitted, whatever the device's scope and role.
    case admitEverything
    /// A request's MAC is not checked.
    case acceptAnyMAC
}

/// What a request did, for the relay's log and metrics: ids, counts and codes, never a value.
package struct RequestSummary: Sendable, Equatable {
    package var device: String?
    package var team: String?
    package var accepted = 0
    /// Records refused, by reason (`outOfScope`, `roleMayNotWrite`).
    package var refused: [String: Int] = [:]
    /// The protocol error the request was answered with, if any.
    package var error: ErrorCode?
    /// A failure of the relay itself: the SQLite result code and its generic name.
    package var failure: String?
    /// A rollback this request showed: of the relay's log, or of the device ([LOG-3], [LOG-4]).
    package var rollback: String?

    package init() {}
}

/// The relay's side of a sync, with no I/O: a request body in, a response body out, over the
/// relay's store. Not thread-safe: the server serializes calls (SQLite has one writer anyway).
///
/// Everything a request carries is committed in one transaction, with the device's state
/// (what it acknowledged, its clock skew), before the response is made; a request that fails to
/// decode or to commit writes nothing. Replaying a request re-acknowledges and resends, and
/// changes nothing.
package final class RelayService {
    package let store: Store
    package let limits: SyncLimits
    /// Nil for an open relay (development and demos): no authentication, no scopes.
    package let authority: RelayAuthority?
    /// Nil but in the simulator's canary runs.
    package var canary: RelayCanary?
    let codec: FrameCodec

    package init(store: Store, authority: RelayAuthority? = nil, limits: SyncLimits = SyncLimits(), wireLimits: WireLimits = .standard) {
        self.store = store
        self.authority = authority
        self.limits = limits
        codec = FrameCodec(limits: wireLimits)
        try? closeReplayWindow()
    }

    /// A relay put back from an older copy remembers lower request counters than its laptops have
    /// used since: a request recorded on the way could be replayed and taken. Once per restore, every
    /// enrolled device's counter jumps far above anything it can have used; each laptop's next
    /// request is refused once with COUNTERFLOOR and goes on above it ([LOG-5]).
    func closeReplayWindow() throws {
        guard try store.knowsItWasRestored else { return }
        let marker = "\(store.writer.hex)/\(try store.setting(Store.logBehindMillis) ?? "")"
        guard try store.setting(RelayService.countersRaisedFor) != marker else { return }
        try store.atomically {
            for var device in try store.enrolledDevices() {
                device.counter = device.counter &+ RelayService.counterJump
                try store.saveDevice(device)
            }
            try store.setSetting(RelayService.countersRaisedFor, marker)
        }
    }

    static let countersRaisedFor = "restore.counters-raised-for"
    static let counterJump: UInt64 = 1 << 40

    package func handle(_ request: [UInt8]) -> RelayReply {
        var summary = RequestSummary()
        let frames: [(message: Message?, range: Range<Int>)]
        do { frames = try Body.frames(request, with: codec) } catch {
            let tooLarge: Bool =
                switch error {
                case .frameTooLarge, .overLimit: true
                default: false
                }
            return refuse(tooLarge ? .tooLarge : .malformed, "request refused: \(error.name)", status: tooLarge ? 413 : 400, summary)
        }
        guard let parsed = ParsedRequest(Body(frames.compactMap(\.message))) else {
            return refuse(.malformed, "request frames out of order (expected hello, auth, changes, pull)", status: 400, summary)
        }
        summary.device = parsed.hello.device.hex
        guard parsed.hello.protocolMin <= ProtocolVersion.max, parsed.hello.protocolMax >= ProtocolVersion.min else {
            return refuse(.unsupportedVersion, "this relay speaks protocol \(ProtocolVersion.min)…\(ProtocolVersion.max)", status: 400, summary)
        }
        var enrolled: EnrolledDevice?
        if let authority {
            do { enrolled = try authority.verify(parsed, body: request, frames: frames, store: store, checkingMAC: canary != .acceptAnyMAC) } catch let refusal
                as RelayAuthority.Refusal
            {
                if refusal.code == .revoked { noteRevocationTold(parsed.hello.device) }
                var reply = refuse(refusal.code, refusal.detail, status: refusal.status, summary)
                if let floor = refusal.counterFloor { reply.body += codec.encode(.counterFloor(CounterFloor(highest: floor))) }
                return reply
            } catch {
                return failed(error, summary)
            }
        }
        summary.team = enrolled?.team
        do {
            let plan = try RestorePlan(parsed, device: try store.peer(parsed.hello.device.hex), store: store)
            summary.rollback = plan.rollback
            // A request that is not taken is not judged either: it comes again from where the
            // relay's record ends, and is judged then.
            let (accepted, rejections) =
                plan.taken ? try admit(parsed.changes.flatMap(\.changes), returned: parsed.returned.flatMap(\.changes), scope: enrolled?.scope) : ([], [])
            summary.accepted = accepted.count
            for rejection in rejections {
                summary.refused[Rejection.Reason(rawValue: rejection.reason).map { "\($0)" } ?? "\(rejection.reason)", default: 0] += rejection.records.count
            }
            let device = try commit(parsed, accepted: accepted, enrolled: enrolled, plan: plan)
            if plan.rewound { try closeReplayWindow() }
            let body = try response(to: parsed, device: device, scope: enrolled?.scope, rejections: rejections, plan: plan)
            return RelayReply(status: 200, body: body, summary: summary)
        } catch {
            return failed(error, summary)
        }
    }

    /// A failure of the relay's own: a busy store is worth retrying soon (503 with Retry-After);
    /// anything else (a full disk, a damaged page, a bug) is a 500 that the operator must see.
    private func failed(_ error: Error, _ summary: RequestSummary) -> RelayReply {
        var summary = summary
        if let sqlite = error as? SQLiteError, sqlite.isBusy {
            summary.failure = sqlite.codeName
            var reply = refuse(.unavailable, "the relay is busy; retry in a few seconds", status: 503, summary)
            reply.retryAfterSeconds = 2
            return reply
        }
        summary.failure = (error as? SQLiteError)?.codeName ?? "\(type(of: error))"
        return refuse(.relayFailure, "the relay failed to store the request (its operator has the details); retry later", status: 500, summary)
    }

    /// Splits incoming changes into those the device may write and, by record, those it may not
    /// ([SCOPE-2]): a record outside its scope, before or after the change, or of a kind its role
    /// does not write.
    private func admit(_ changes: [Change], returned: [Change] = [], scope: Scope?) throws -> ([Change], [Rejection]) {
        guard let scope, canary != .admitEverything else { return (returned + changes, []) }
        // By record, in the order the records first appear: admission, and so the relay's change
        // numbers, follow the order in which the changes arrived, in every process.
        var order: [RecordID] = []
        var byRecord: [RecordID: [Change]] = [:]
        for change in returned + changes {
            if byRecord[change.record] == nil { order.append(change.record) }
            byRecord[change.record, default: []].append(change)
        }
        // A record the device only gives back is judged by its scope alone, by a relay that knows it
        // was restored: what it received it may return, whoever wrote it ([LOG-4]).
        let own = Set(changes.map(\.record))
        let takesBack = try !returned.isEmpty && store.knowsItWasRestored
        var accepted: [Change] = []
        var refused: [Rejection.Reason: [RecordID]] = [:]
        for record in order {
            let onlyGivenBack = takesBack && !own.contains(record)
            if let reason = try verdict(on: record, byRecord[record]!, scope: scope, givenBack: onlyGivenBack) {
                refused[reason, default: []].append(record)
            } else {
                accepted += byRecord[record]!
            }
        }
        let rejections = [Rejection.Reason.outOfScope, .roleMayNotWrite, .unknownKind].compactMap { reason in
            refused[reason].map { Rejection(reason: reason, records: $0) }
        }
        return (accepted, rejections)
    }

    /// Why a device may not make `changes` to `record`, nil when it may ([SCOPE-2], [REJ-1]). A
    /// record the relay holds is judged by the district it holds, whatever its kind; one it has
    /// never seen, by where the changes put it. A kind the relay does not define is refused: it
    /// could not tell who may write it.
    private func verdict(on record: RecordID, _ changes: [Change], scope: Scope, givenBack: Bool = false) throws -> Rejection.Reason? {
        let existing = try store.placement(of: record)
        var kindCode = existing.kindCode, district = existing.district, shared = Set(existing.sharedWith)
        for case .write(let write) in changes {
            switch write.key.field {
            case CommonField.kind: if case .enumeration(let code) = write.value { kindCode = code }
            case CommonField.district: if case .text(let text) = write.value { district = text }
            case CommonField.sharedWith:
                if case .text(let text)? = write.key.elementValue { if write.value == .bool(true) { shared.insert(text) } else { shared.remove(text) } }
            default: break
            }
        }
        let heldHere = existing.kindCode != nil || existing.district != nil
        let wasInScope = !heldHere || scope.covers(district: existing.district, sharedWith: existing.sharedWith)
        guard wasInScope else { return .outOfScope }
        if changes.allSatisfy({ if case .erase = $0 { true } else { false } }) { return nil }
        guard scope.covers(district: district, sharedWith: Array(shared)) else { return .outOfScope }
        if givenBack { return nil }
        guard let kind = kindCode.flatMap(RecordKind.init(rawValue:)) else { return .unknownKind }
        return scope.role.mayWrite(kind) ? nil : .roleMayNotWrite
    }

    /// Applies the accepted changes and the device's state in one commit; returns what the relay
    /// now knows of the device.
    private func commit(_ request: ParsedRequest, accepted: [Change], enrolled: EnrolledDevice?, plan: RestorePlan) throws -> PeerState {
        let name = request.hello.device.hex
        let skew = request.hello.clock.millis - store.wallMillis
        store.observe(request.hello.clock)
        var device = try store.peer(name)
        let restarts = enrolled.map { request.pull.scopeEpoch != $0.scope.epoch } ?? false
        // What the relay held before this request: after a restart the device gets its own
        // changes up to here back (it may have purged them), never those it is sending now.
        let heldBefore = store.lastChangeNumber
        try store.apply(accepted, from: name) {
            // A new scope restarts the relay-to-device direction; the changes of this request were
            // judged under the new scope, so they are acknowledged as usual ([PULL-4]). What the
            // acknowledgement may claim is the restore plan's to say ([LOG-3]).
            plan.acknowledge(request, into: &device)
            device.acknowledgedThrough = restarts ? 0 : plan.rewound ? plan.answerFrom : max(device.acknowledgedThrough, request.pull.cursor)
            if restarts || plan.lostOwn { device.resendOwnThrough = max(device.resendOwnThrough, heldBefore) }
            device.lastSyncMillis = store.wallMillis
            device.clockSkewMillis = skew
            device.unsent = Int64(clamping: request.pull.unsent)
            device.exchanges += 1
            try store.savePeer(device)
            if let enrolled { try store.saveDevice(enrolled) }
            // Its log is behind what a laptop received from it: this relay was rolled back, and
            // takes back what the laptops give back ([LOG-4]).
            if plan.rewound, try store.setting(Store.logBehindMillis) == nil { try store.setSetting(Store.logBehindMillis, String(store.wallMillis)) }
        }
        return device
    }

    /// HELLO, SCOPE when the device's scope epoch is not current, REJECTED, ACK, the changes the
    /// device lacks (only records in its scope, and every erasure) up to the size bound, END.
    private func response(to request: ParsedRequest, device: PeerState, scope: Scope?, rejections: [Rejection], plan: RestorePlan) throws -> [UInt8] {
        var messages: [Message] = [hello]
        var cursor = plan.answerFrom
        if let scope, request.pull.scopeEpoch != scope.epoch {
            // A new scope: the device fetches its whole scope again from the start ([PULL-4]).
            messages.append(
                .scope(
                    ScopeGrant(
                        epoch: scope.epoch, role: scope.role.rawValue, leaseDays: UInt64(scope.leaseDays),
                        districts: Array(scope.districts))))
            cursor = 0
        }
        if plan.rewound { messages.append(.rewind(Rewind(cursor: plan.rewindTo))) }
        // Refusals come before the acknowledgement, so a response cut between them can never
        // acknowledge a change whose refusal the device has not recorded ([REJ-2]).
        messages += rejections.map(Message.rejected)
        if request.state != nil {
            messages.append(.ackState(AckState(fingerprint: device.receivedFingerprint ?? 0, taken: plan.taken)))
        }
        messages.append(.ack(Ack(through: device.receivedThrough)))
        let marking = request.state != nil
        var bytes = Body(messages).encode(with: codec)
        let budget =
            request.pull.responseBytesMax == 0
            ? limits.responseBytesDefault
            : min(Int(clamping: request.pull.responseBytesMax), limits.responseBytesDefault)
        var more = true
        var placements: [RecordID: Bool] = [:]
        while more && bytes.count < budget {
            // After a scope change the laptop may have purged records it wrote: until its cursor
            // passes the restart point, its own changes come back too ([PULL-5]).
            let slice = try store.feed(after: cursor, for: device.name, ownThrough: device.resendOwnThrough, limit: limits.changesPerBatch)
            let changes =
                try scope.map { scope in
                    try zip(slice.changes, slice.numbers).filter { change, number in
                        if case .erase = change { return true }
                        if placements[change.record] == nil {
                            let placement = try store.placement(of: change.record)
                            placements[change.record] = scope.covers(district: placement.district, sharedWith: placement.sharedWith)
                        }
                        if placements[change.record]! { return true }
                        // A change that takes a record out of the scope still goes to the laptop, so it
                        // learns to let the record go ([SCOPE-4]).
                        guard case .write(let write) = change, write.key.field == CommonField.district || write.key.field == CommonField.sharedWith else {
                            return false
                        }
                        let before = try store.placement(of: change.record, before: number)
                        return scope.covers(district: before.district, sharedWith: before.sharedWith)
                    }.map(\.0)
                } ?? slice.changes
            // Backfill batches complete nothing of the feed on their own: they claim the cursor
            // they started from, and the slice's own batch follows them.
            let arrivals =
                try scope.map { scope in
                    try recordsComingIntoScope(slice.changes, scope: scope).filter { record in
                        try placements[record] == true && store.hasChanges(of: record, through: cursor)
                    }
                } ?? []
            // Only what the slice's cursor covers: a laptop never holds a change numbered past the
            // points of the relay's log it can vouch for, so a restored relay can get it back ([LOG-4]).
            let backfill = try arrivals.flatMap { try store.history(of: $0).filter { $0.changeNumber <= slice.through }.map { Change.write($0.write) } }
            for start in stride(from: 0, to: backfill.count, by: limits.changesPerBatch) {
                let part = Array(backfill[start..<min(start + limits.changesPerBatch, backfill.count)])
                if marking { bytes += try mark(cursor) }
                bytes += codec.encode(.changes(ChangeBatch(through: cursor, changes: part)))
            }
            if !changes.isEmpty {
                if marking { bytes += try mark(slice.through) }
                bytes += codec.encode(.changes(ChangeBatch(through: slice.through, changes: changes)))
            }
            cursor = slice.through
            more = slice.more
        }
        if marking { bytes += try mark(cursor) }
        bytes += codec.encode(.end(End(cursor: cursor, more: more)))
        return bytes
    }

    /// The relay's log fingerprint at `number`, as the MARK that precedes a batch or END ([LOG-2]).
    private func mark(_ number: UInt64) throws -> [UInt8] {
        codec.encode(.mark(LogMark(through: number, fingerprint: try store.fingerprint(at: number) ?? 0)))
    }

    /// Records that a change in `changes` brings into `scope`: a district set to one of the scope's,
    /// or one of them added to shared-with. If the record has changes before the device's cursor,
    /// the device never received them (they were outside its scope), so the whole record goes with
    /// the change ([SCOPE-3]); a new record needs nothing more. A response that is lost is answered
    /// again from the same cursor, with the same records.
    private func recordsComingIntoScope(_ changes: [Change], scope: Scope) throws -> [RecordID] {
        var records: [RecordID] = []
        for case .write(let write) in changes {
            let brings: Bool =
                switch (write.key.field, write.value, write.key.elementValue) {
                case (CommonField.district, .text(let district), _): scope.districts.contains(district)
                case (CommonField.sharedWith, .bool(true), .text(let district)?): scope.districts.contains(district)
                default: false
                }
            if brings && !records.contains(write.key.record) { records.append(write.key.record) }
        }
        return records
    }

    /// How many changes a device has not confirmed receiving: those after its last cursor that
    /// are for it (in its scope, or erasures), not those it sent itself.
    package static func unconfirmed(store: Store, device: PeerState, scope: Scope?) throws -> Int {
        var cursor = device.acknowledgedThrough
        var count = 0
        var placements: [RecordID: Bool] = [:]
        while true {
            let slice = try store.feed(after: cursor, for: device.name, limit: 10_000)
            for change in slice.changes {
                guard let scope else { count += 1; continue }
                if case .erase = change { count += 1; continue }
                if placements[change.record] == nil {
                    let placement = try store.placement(of: change.record)
                    placements[change.record] = scope.covers(district: placement.district, sharedWith: placement.sharedWith)
                }
                if placements[change.record]! { count += 1 }
            }
            cursor = slice.through
            if !slice.more { return count }
        }
    }

    private func noteRevocationTold(_ id: DeviceID) {
        try? store.atomically {
            guard var device = try store.enrolledDevice(id), device.revokeToldMillis == nil else { return }
            device.revokeToldMillis = store.wallMillis
            try store.saveDevice(device)
        }
    }

    private var hello: Message {
        .hello(Hello(schemaVersion: UInt64(Schema.version), device: store.device, clock: store.clockNow))
    }

    private func refuse(_ code: ErrorCode, _ detail: String, status: Int, _ summary: RequestSummary) -> RelayReply {
        var summary = summary
        summary.error = code
        return RelayReply(status: status, body: Body([hello, .error(ErrorMessage(code: code, detail: detail))]).encode(with: codec), summary: summary)
    }
}

/// A request's frames in their required order ([BODY-3]): HELLO, AUTH?, CHANGES*, PULL.
struct ParsedRequest {
    let hello: Hello
    let auth: Auth?
    let changes: [ChangeBatch]
    /// Changes the device received from the relay and gives back after a restore ([LOG-4]).
    let returned: [ChangeBatch]
    /// What the device holds, for seeing a rollback ([LOG-3]); nil from a device that predates it.
    let state: SyncState?
    let pull: Pull

    init?(_ body: Body) {
        var messages = body.messages[...]
        guard case .hello(let hello)? = messages.popFirst() else { return nil }
        self.hello = hello
        if case .auth(let auth)? = messages.first {
            self.auth = auth
            messages = messages.dropFirst()
        } else {
            auth = nil
        }
        var batches: [ChangeBatch] = []
        var returnedBatches: [ChangeBatch] = []
        loop: while let message = messages.first {
            switch message {
            case .changes(let batch): batches.append(batch)
            case .returned(let batch): returnedBatches.append(batch)
            default: break loop
            }
            messages = messages.dropFirst()
        }
        changes = batches
        returned = returnedBatches
        if case .state(let state)? = messages.first {
            self.state = state
            messages = messages.dropFirst()
        } else {
            state = nil
        }
        guard messages.count == 1, case .pull(let pull)? = messages.first else { return nil }
        self.pull = pull
    }
}
