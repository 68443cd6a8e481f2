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

/// A request the relay judged and committed; its response is built from the state after that
/// commit, by the writer or by a reader beside it.
package struct JudgedRequest: Sendable {
    let parsed: ParsedRequest
    let device: PeerState
    let scope: Scope?
    let rejections: [Rejection]
    let plan: RestorePlan
    let summary: RequestSummary
    /// The relay's clock when it judged the request: the response's HELLO says it.
    let clock: HLC
}

/// A request's bytes with what decoding them gave: its frames in order, or the refusal.
package struct DecodedRequest: Sendable {
    let bytes: [UInt8]
    let outcome: Outcome

    var decoded: Bool {
        if case .parsed = outcome { true } else { false }
    }

    enum Outcome: Sendable {
        case parsed(ParsedRequest, frames: [(message: Message?, range: Range<Int>)])
        case refused(ErrorCode, String, status: Int)
    }
}

/// What judging a request gave: an answer already (a refusal, a failure), or a request to
/// respond to.
package enum Judgement: Sendable {
    case answered(RelayReply)
    case judged(JudgedRequest)

    /// A failure of the relay itself (not a refusal): a group with one rolls back.
    var failed: Bool {
        if case .answered(let reply) = self { reply.summary.failure != nil } else { false }
    }
}

/// Deliberately broken relays. The simulator runs one to prove that its relay checkers catch a
/// relay that breaks the trust rules, as the canary merge rule proves the merge checkers; nothing
/// else sets one.
package enum RelayCanary: String, Sendable, CaseIterable {
    /// Every change is admitted, whatever the device's scope and role.
    case admitEverything
    /// A request's signature is not checked.
    case acceptAnySignature
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
    package let codec: FrameCodec
    /// A second connection that only builds responses (`reader()`); the writer judges.
    private var isReader = false

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
        try store.write { transaction in
            for var device in try store.enrolledDevices() {
                device.counter = device.counter &+ RelayService.counterJump
                try transaction.saveDevice(device)
            }
            try transaction.setSetting(RelayService.countersRaisedFor, marker)
        }
    }

    static let countersRaisedFor = "restore.counters-raised-for"
    static let counterJump: UInt64 = 1 << 40

    /// Answers a request; a relay with an identity signs every answer, refusals included, over
    /// the answer and the request it answers ([AUTH-5]).
    package func handle(_ request: [UInt8]) -> RelayReply {
        // A group of one: the way the server judges every request, so that the simulator and the
        // tests run the same transactions the relay in production does.
        respond(to: judge(together: [RelayService.decode(request, with: codec)])[0], answering: request)
    }

    /// The answer to a judged request: the refusal or failure it got, or the response built from
    /// this store's state now (the writer's, or a reader's that sees the commit), signed.
    package func respond(to judgement: Judgement, answering request: [UInt8]) -> RelayReply {
        var reply: RelayReply
        switch judgement {
        case .answered(let answer): reply = answer
        case .judged(let judged): reply = response(judged)
        }
        if let authority { reply.body += authority.seal(reply.body, answering: request, codec: codec) }
        return reply
    }

    /// Judges requests that arrived together in one transaction, with one commit and one fsync for
    /// all of them, in order, each seeing what the ones before it wrote. If any of them fails, none
    /// is kept and each is judged again in a transaction of its own.
    package func judge(together requests: [DecodedRequest]) -> [Judgement] {
        // Bytes that do not decode are refused without a transaction: they write nothing.
        guard requests.contains(where: \.decoded) else { return requests.map(judge) }
        do {
            return try store.writeGroup {
                // At the first failure the group stops: SQLite may have rolled its transaction
                // back already (a full disk does), and what came after would commit on its own.
                try requests.map { request in
                    let judgement = judge(request)
                    if judgement.failed { throw Store.GroupRolledBack() }
                    return judgement
                }
            }
        } catch {
            return requests.map(judge)
        }
    }

    /// A reader beside this relay: it builds responses to the requests this one judged, from its
    /// own connection to the same file.
    package func reader() throws -> RelayService {
        RelayService(reading: try store.readConnection(), authority: authority, limits: limits, codec: codec, canary: canary)
    }

    private init(reading store: Store, authority: RelayAuthority?, limits: SyncLimits, codec: FrameCodec, canary: RelayCanary?) {
        self.store = store
        self.authority = authority
        self.limits = limits
        self.codec = codec
        self.canary = canary
        isReader = true
    }

    private func response(_ judged: JudgedRequest) -> RelayReply {
        do {
            // `snodo-relay profile` may have given the store a new profile since this reader looked.
            if isReader { try store.refreshProfile() }
            let body = try response(
                to: judged.parsed, device: judged.device, scope: judged.scope, rejections: judged.rejections, plan: judged.plan, clock: judged.clock)
            return RelayReply(status: 200, body: body, summary: judged.summary)
        } catch {
            return failed(error, judged.summary)
        }
    }

    /// Decodes, authenticates, judges and commits a request: everything but its response.
    package func judge(_ request: [UInt8]) -> Judgement {
        judge(RelayService.decode(request, with: codec))
    }

    /// `decode` with this relay's limits, for the workers.
    package var decoder: @Sendable ([UInt8]) -> DecodedRequest { { [codec] in RelayService.decode($0, with: codec) } }

    /// Decodes a request's frames and puts them in order: no store, so the relay's workers do it
    /// before they wait for the writer.
    package static func decode(_ request: [UInt8], with codec: FrameCodec) -> DecodedRequest {
        let frames: [(message: Message?, range: Range<Int>)]
        do { frames = try Body.frames(request, with: codec) } catch {
            let tooLarge: Bool =
                switch error {
                case .frameTooLarge, .overLimit: true
                default: false
                }
            return DecodedRequest(
                bytes: request, outcome: .refused(tooLarge ? .tooLarge : .malformed, "request refused: \(error.name)", status: tooLarge ? 413 : 400))
        }
        guard let parsed = ParsedRequest(Body(frames.compactMap(\.message))) else {
            return DecodedRequest(
                bytes: request, outcome: .refused(.malformed, "request frames out of order (expected hello, auth, changes, pull)", status: 400))
        }
        return DecodedRequest(bytes: request, outcome: .parsed(parsed, frames: frames))
    }

    /// Authenticates, judges and commits a decoded request: everything but its response.
    package func judge(_ decoded: DecodedRequest) -> Judgement {
        var summary = RequestSummary()
        let request = decoded.bytes
        let parsed: ParsedRequest, frames: [(message: Message?, range: Range<Int>)]
        switch decoded.outcome {
        case .refused(let code, let detail, let status): return .answered(refuse(code, detail, status: status, summary))
        case .parsed(let request, let decodedFrames): (parsed, frames) = (request, decodedFrames)
        }
        summary.device = parsed.hello.device.hex
        guard parsed.hello.protocolMin <= ProtocolVersion.max, parsed.hello.protocolMax >= ProtocolVersion.min else {
            return .answered(
                refuse(
                    .unsupportedVersion,
                    "this relay speaks protocol \(ProtocolVersion.min)…\(ProtocolVersion.max): update snodo, then enroll this laptop again with a new code",
                    status: 400, summary))
        }
        var enrolled: EnrolledDevice?
        if let authority {
            do {
                enrolled = try authority.verify(parsed, body: request, frames: frames, store: store, checkingSignatures: canary != .acceptAnySignature)
            } catch let refusal
                as RelayAuthority.Refusal
            {
                if refusal.code == .revoked { noteRevocationTold(parsed.hello.device) }
                var reply = refuse(refusal.code, refusal.detail, status: refusal.status, summary)
                if let floor = refusal.counterFloor { reply.body += codec.encode(.counterFloor(CounterFloor(highest: floor))) }
                return .answered(reply)
            } catch {
                return .answered(failed(error, summary))
            }
        }
        summary.team = enrolled?.team
        do {
            // `snodo-relay profile` may have given the store a new profile since the last request.
            try store.refreshProfile()
            let before = try store.peer(parsed.hello.device.hex)
            let plan = try RestorePlan(parsed, device: before, store: store)
            summary.rollback = plan.rollback
            // A request that is not taken is not judged either: it comes again from where the
            // relay's record ends, and is judged then.
            let (accepted, rejections) =
                plan.taken ? try admit(parsed.changes.flatMap(\.changes), returned: parsed.returned.flatMap(\.changes), scope: enrolled?.scope) : ([], [])
            summary.accepted = accepted.count
            for rejection in rejections {
                summary.refused[Rejection.Reason(rawValue: rejection.reason).map { "\($0)" } ?? "\(rejection.reason)", default: 0] += rejection.records.count
            }
            // A record erased since is no one's to refuse: every laptop takes its erasure marker.
            let refusals = try RelayService.unconfirmedRefusals(before: before, request: parsed, accepted: accepted, rejections: rejections)
                .filter { try store.erasureNumber($0.key) == nil }
            let device = try commit(parsed, accepted: accepted, enrolled: enrolled, plan: plan, refusals: refusals)
            if plan.rewound { try closeReplayWindow() }
            return .judged(
                JudgedRequest(
                    parsed: parsed, device: device, scope: enrolled?.scope, rejections: RelayService.frames(refusals), plan: plan,
                    summary: summary, clock: store.clockNow))
        } catch {
            return .answered(failed(error, summary))
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
    /// ([SCOPE-2]); an open relay (or the admit-everything canary) takes them all.
    private func admit(_ changes: [Change], returned: [Change] = [], scope: Scope?) throws -> ([Change], [Rejection]) {
        guard let scope, canary != .admitEverything else { return (returned + changes, []) }
        let admission = Admission(scope: scope, profile: store.profile, takesBack: try !returned.isEmpty && store.knowsItWasRestored) { [store] record in
            let held = try store.placement(of: record)
            return (held.kindCode, Placement(district: held.district, sharedWith: held.sharedWith))
        }
        return try admission.judge(changes, returned: returned)
    }

    /// Applies the accepted changes and the device's state in one commit; returns what the relay
    /// now knows of the device.
    /// The refusals this response carries ([REJ-2]): this request's, and those of earlier responses
    /// the device has not shown it read (its STATE's `seen` is not the relay's record of it), but for
    /// records this request got accepted.
    static func unconfirmedRefusals(before: PeerState, request: ParsedRequest, accepted: [Change], rejections: [Rejection]) -> [RecordID: UInt64] {
        let record = LogMark(through: before.receivedThrough, fingerprint: before.receivedThrough == 0 ? 0 : before.receivedFingerprint ?? 0)
        let read = request.state.map { $0.seen == record } ?? true
        let taken = Set(accepted.map(\.record))
        var refusals = read ? [:] : before.unconfirmedRefusals.filter { !taken.contains($0.key) }
        for rejection in rejections {
            for id in rejection.records { refusals[id] = rejection.reason }
        }
        return refusals
    }

    /// One REJECTED per reason, records ascending.
    static func frames(_ refusals: [RecordID: UInt64]) -> [Rejection] {
        Dictionary(grouping: refusals.keys, by: { refusals[$0]! }).sorted { $0.key < $1.key }.map { reason, records in
            Rejection(rawReason: reason, records: records.sorted())
        }
    }

    private func commit(
        _ request: ParsedRequest, accepted: [Change], enrolled: EnrolledDevice?, plan: RestorePlan, refusals: [RecordID: UInt64]
    ) throws
        -> PeerState
    {
        let name = request.hello.device.hex
        let skew = request.hello.clock.millis - store.wallMillis
        store.observe(request.hello.clock)
        var device = try store.peer(name)
        let restarts = enrolled.map { request.pull.scopeEpoch != $0.scope.epoch } ?? false
        // What the relay held before this request: after a restart the device gets its own
        // changes up to here back (it may have purged them), never those it is sending now.
        let heldBefore = store.lastChangeNumber
        try store.write { transaction in
            try transaction.apply(accepted, from: name)
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
            device.unconfirmedRefusals = refusals
            try transaction.savePeer(device)
            if let enrolled { try transaction.saveDevice(enrolled) }
            // Its log is behind what a laptop received from it: this relay was rolled back, and
            // takes back what the laptops give back ([LOG-4]).
            if plan.rewound, try store.setting(Store.logBehindMillis) == nil {
                try transaction.setSetting(Store.logBehindMillis, String(store.wallMillis))
            }
        }
        return device
    }

    /// HELLO, SCOPE when the device's scope epoch is not current, REJECTED, ACK, the changes the
    /// device lacks (only records in its scope, and every erasure) up to the size bound, END.
    private func response(
        to request: ParsedRequest, device: PeerState, scope: Scope?, rejections: [Rejection], plan: RestorePlan, clock: HLC
    ) throws -> [UInt8] {
        var head: [Message] = [hello(clock)]
        var cursor = plan.answerFrom
        if let scope, request.pull.scopeEpoch != scope.epoch {
            // A new scope: the device fetches its whole scope again from the start ([PULL-4]).
            let grant = ScopeGrant(epoch: scope.epoch, role: scope.role.rawValue, leaseDays: UInt64(scope.leaseDays), districts: Array(scope.districts))
            head.append(.scope(grant))
            cursor = 0
        }
        if plan.rewound { head.append(.rewind(Rewind(cursor: plan.rewindTo))) }
        // The programme profile, to a device that holds an older revision of it ([PROF-2]).
        if let have = request.profileHave, store.profile.revision > have.revision {
            head.append(.profile(ProfileGrant(revision: store.profile.revision, json: store.profile.json)))
        }
        // Refusals come before the acknowledgement, so a response cut between them can never
        // acknowledge a change whose refusal the device has not recorded ([REJ-2]).
        head += rejections.map(Message.rejected)
        if request.state != nil { head.append(.ackState(AckState(fingerprint: device.receivedFingerprint ?? 0, taken: plan.taken))) }
        head.append(.ack(Ack(through: device.receivedThrough)))
        let asked = Int(clamping: request.pull.responseBytesMax)
        var response = ResponseBuilder(
            head: head, codec: codec, budget: asked == 0 ? limits.responseBytesDefault : min(asked, limits.responseBytesDefault),
            marking: request.state != nil, fingerprint: { [store] in try store.fingerprint(at: $0) ?? 0 })
        var filter = scopeFilter(scope)
        var more = true
        while more && !response.isFull {
            // After a scope change the laptop may have purged records it wrote: until its cursor
            // passes the restart point, its own changes come back too ([PULL-5]).
            let slice = try store.feed(after: cursor, for: device.name, ownThrough: device.resendOwnThrough, limit: limits.changesPerBatch)
            let changes = try zip(slice.changes, slice.numbers).filter { try filter.forwards($0, number: $1) }.map(\.0)
            // A record coming into the scope with changes before the cursor goes whole: the device
            // never received them ([SCOPE-3]). Only what the slice's cursor covers: a laptop never
            // holds a change numbered past the points of the relay's log it can vouch for, so a
            // restored relay can get it back ([LOG-4]). Backfill batches complete nothing of the
            // feed on their own: they claim the cursor they started from.
            let arrivals = try filter.recordsComingIn(slice.changes).filter { try filter.covers($0) && store.hasChanges(of: $0, through: cursor) }
            let backfill = try arrivals.flatMap { try store.history(of: $0).filter { $0.changeNumber <= slice.through }.map { Change.write($0.write) } }
            for start in stride(from: 0, to: backfill.count, by: limits.changesPerBatch) {
                try response.append(Array(backfill[start..<min(start + limits.changesPerBatch, backfill.count)]), through: cursor)
            }
            if !changes.isEmpty { try response.append(changes, through: slice.through) }
            cursor = slice.through
            more = slice.more
        }
        return try response.finish(cursor: cursor, more: more)
    }

    /// The filter of the feed for a device's scope, over this relay's placements.
    private func scopeFilter(_ scope: Scope?) -> ScopeFilter {
        RelayService.scopeFilter(scope, store: store)
    }

    static func scopeFilter(_ scope: Scope?, store: Store) -> ScopeFilter {
        ScopeFilter(
            scope: scope,
            placement: { record in
                let held = try store.placement(of: record)
                return Placement(district: held.district, sharedWith: held.sharedWith)
            },
            placementBefore: { record, number in
                let before = try store.placement(of: record, before: number)
                return Placement(district: before.district, sharedWith: before.sharedWith)
            })
    }

    /// How many changes a device has not confirmed receiving: those after its last cursor that
    /// go to it (by the same filter as the responses), not those it sent itself.
    package static func unconfirmed(store: Store, device: PeerState, scope: Scope?) throws -> Int {
        var cursor = device.acknowledgedThrough
        var count = 0
        var filter = scopeFilter(scope, store: store)
        while true {
            let slice = try store.feed(after: cursor, for: device.name, limit: 10_000)
            for (change, number) in zip(slice.changes, slice.numbers) where try filter.forwards(change, number: number) { count += 1 }
            cursor = slice.through
            if !slice.more { return count }
        }
    }

    private func noteRevocationTold(_ id: DeviceID) {
        try? store.write { transaction in
            guard var device = try store.enrolledDevice(id), device.revokeToldMillis == nil else { return }
            device.revokeToldMillis = store.wallMillis
            try transaction.saveDevice(device)
        }
    }

    /// HELLO with the relay's clock: as it reads now, or as it read when the request was judged.
    private func hello(_ clock: HLC? = nil) -> Message {
        .hello(Hello(schemaVersion: UInt64(Schema.version), device: store.device, clock: clock ?? store.clockNow))
    }

    private func refuse(_ code: ErrorCode, _ detail: String, status: Int, _ summary: RequestSummary) -> RelayReply {
        var summary = summary
        summary.error = code
        return RelayReply(status: status, body: Body([hello(), .error(ErrorMessage(code: code, detail: detail))]).encode(with: codec), summary: summary)
    }
}

/// A request's frames in their required order ([BODY-3]): HELLO, AUTH?, CHANGES*, PULL.
struct ParsedRequest: Sendable {
    let hello: Hello
    let auth: Auth?
    let changes: [ChangeBatch]
    /// Changes the device received from the relay and gives back after a restore ([LOG-4]).
    let returned: [ChangeBatch]
    /// What the device holds, for seeing a rollback ([LOG-3]); nil from a device that predates it.
    let state: SyncState?
    /// The profile revision the device holds; nil from a device that knows no profiles ([PROF-1]).
    let profileHave: ProfileHave?
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
        if case .profileHave(let have)? = messages.first {
            profileHave = have
            messages = messages.dropFirst()
        } else {
            profileHave = nil
        }
        guard messages.count == 1, case .pull(let pull)? = messages.first else { return nil }
        self.pull = pull
    }
}
