import SnodoModel
import SnodoProtocol
import SnodoStore
import SnodoSync

/// Judges every request the relay handles by the trust rules, apart from the code that enforces
/// them (`RelayAuthority.verify`, `RelayService.admit`): what the relay held before the request is
/// read first, the relay answers, and then every change it took in must have come from an
/// enrolled, unrevoked device with a right signature and a new counter, to a record in the device's
/// scope before and after, of a kind its role may write; and every change of the request the
/// relay did not take in must be listed back to the device as refused.
final class RelayAuditor {
    private(set) var violations: [String] = []

    init() {}

    /// What the relay held of the request's device and records before it handled the request.
    private struct Before {
        let head: UInt64
        let device: EnrolledDevice?
        /// Records the relay held, with the placement it held them at.
        let placements: [RecordID: (district: String?, sharedWith: [String])]
    }

    func handle(_ request: [UInt8], by service: RelayService) -> RelayReply {
        let parsed = Parsed(request)
        let before = try? snapshot(parsed, service.store)
        let reply = service.handle(request)
        if let before { judge(parsed, reply, service.store, before) }
        return reply
    }

    private func snapshot(_ parsed: Parsed, _ store: Store) throws -> Before {
        var placements: [RecordID: (district: String?, sharedWith: [String])] = [:]
        for record in Set(parsed.changes.map(\.record)) where try store.kindCode(of: record) != nil || store.placement(of: record).district != nil {
            let placement = try store.placement(of: record)
            placements[record] = (placement.district, placement.sharedWith)
        }
        return Before(head: store.lastChangeNumber, device: try parsed.hello.flatMap { try store.enrolledDevice($0.device) }, placements: placements)
    }

    private func judge(_ parsed: Parsed, _ reply: RelayReply, _ store: Store, _ before: Before) {
        guard let taken = try? store.feed(after: before.head, for: nil, limit: 1_000_000).changes else { return }
        if reply.status != 200 {
            if !taken.isEmpty { violations.append("a request answered \(reply.status) wrote \(taken.count) changes") }
            return
        }
        if !taken.isEmpty { judgeSender(parsed, before) }
        for record in Set(taken.map(\.record)) { judgeScope(record, taken.filter { $0.record == record }, parsed, store, before) }
        judgeRefusals(parsed, reply, taken, store)
    }

    /// The device that sent accepted changes: enrolled, not revoked, its MAC right, its counter new.
    private func judgeSender(_ parsed: Parsed, _ before: Before) {
        guard let hello = parsed.hello, let auth = parsed.auth, let device = before.device else {
            violations.append("changes accepted from an unauthenticated or unenrolled device")
            return
        }
        if device.status == .revoked { violations.append("changes accepted from revoked device \(hello.device.hex)") }
        if auth.counter <= device.counter { violations.append("changes accepted from a replayed request of \(hello.device.hex)") }
        guard let frames = parsed.frames, let key = claimedKey(auth, hello.device, device) else {
            violations.append("changes accepted from \(hello.device.hex) with no key claimed by its enrollment code")
            return
        }
        let signed = SignedBytes.request(counter: auth.counter, digest: SignedBytes.digestWithoutAuth(parsed.bytes, frames: frames))
        if !SigningKey.verify(auth.signature, of: signed, by: key) {
            violations.append("changes accepted from a request of \(hello.device.hex) whose signature is wrong")
        }
    }

    /// The device's key as the relay held it, or the one this request claims with a claim the
    /// enrollment code's one-time key signed.
    private func claimedKey(_ auth: Auth, _ id: DeviceID, _ device: EnrolledDevice) -> [UInt8]? {
        if let held = device.publicKey { return held }
        guard let claim = auth.claim, let enrollmentKey = device.enrollmentKey,
            SigningKey.verify(claim.signature, of: SignedBytes.claim(device: id, publicKey: claim.publicKey), by: enrollmentKey)
        else { return nil }
        return claim.publicKey
    }

    /// An accepted record: in the device's scope before (if the relay held it) and after (unless
    /// only erased), of a kind its role may write.
    private func judgeScope(_ record: RecordID, _ changes: [Change], _ parsed: Parsed, _ store: Store, _ before: Before) {
        guard let scope = before.device?.scope else { return }
        if let held = before.placements[record], !scope.covers(district: held.district, sharedWith: held.sharedWith) {
            violations.append("record \(record.hex.prefix(12)) accepted from a device whose scope did not cover it before")
        }
        guard changes.contains(where: { if case .write = $0 { true } else { false } }), (try? store.erasureNumber(record)) ?? nil == nil else { return }
        guard let after = try? store.placement(of: record) else { return }
        if !scope.covers(district: after.district, sharedWith: after.sharedWith) {
            violations.append("record \(record.hex.prefix(12)) accepted into a placement outside the device's scope")
        }
        // A restored relay takes back, by scope alone, what a laptop received and gives back ([LOG-4]).
        let givenBack = parsed.returnedRecords.contains(record) && !parsed.changes.contains { $0.record == record }
        if givenBack, (try? store.knowsItWasRestored) == true { return }
        if let kind = after.kind, !store.profile.mayWrite(scope.role, kind) {
            violations.append("record \(record.hex.prefix(12)) of kind \(kind.rawValue) accepted from role \(scope.role.rawValue)")
        } else if after.kind == nil {
            violations.append("record \(record.hex.prefix(12)) of a kind the relay does not define accepted")
        }
    }

    /// Every change of the request is either held by the relay now or its record was listed back as refused.
    private func judgeRefusals(_ parsed: Parsed, _ reply: RelayReply, _ taken: [Change], _ store: Store) {
        guard let body = try? Body.decode(reply.body) else { return }
        // A request that does not start where the relay's record of the device ends is left for
        // the next round ([LOG-3]): nothing of it may be taken, and nothing is refused.
        var refused = Set<RecordID>()
        if body.messages.contains(where: { if case .ackState(let state) = $0 { !state.taken } else { false } }) {
            if !taken.isEmpty { violations.append("a request the relay said it did not take wrote \(taken.count) changes") }
            return
        }
        for case .rejected(let rejection) in body.messages { refused.formUnion(rejection.records) }
        for record in refused where taken.contains(where: { $0.record == record }) {
            violations.append("record \(record.hex.prefix(12)) was both accepted and reported refused")
        }
        for change in parsed.changes where !refused.contains(change.record) {
            let erased = ((try? store.erasureNumber(change.record)) ?? nil) != nil
            let held: Bool =
                switch change {
                case .write(let write): erased || ((try? store.holds(write)) ?? false)
                case .erase: erased
                }
            if !held { violations.append("a change to record \(change.record.hex.prefix(12)) was neither accepted nor reported refused") }
        }
    }

    /// The request as the auditor reads it, with the shared codec only.
    private struct Parsed {
        let bytes: [UInt8]
        let frames: [(message: Message?, range: Range<Int>)]?
        let hello: Hello?
        let auth: Auth?
        let changes: [Change]
        let returnedRecords: Set<RecordID>

        init(_ bytes: [UInt8]) {
            self.bytes = bytes
            frames = try? Body.frames(bytes)
            let messages = frames?.compactMap(\.message) ?? []
            hello = messages.lazy.compactMap { if case .hello(let hello) = $0 { hello } else { nil } }.first
            auth = messages.lazy.compactMap { if case .auth(let auth) = $0 { auth } else { nil } }.first
            changes = messages.flatMap { message -> [Change] in
                if case .changes(let batch) = message { return batch.changes }
                return []
            }
            returnedRecords = Set(
                messages.flatMap { message -> [RecordID] in
                    if case .returned(let batch) = message { return batch.changes.map(\.record) }
                    return []
                })
        }
    }
}
