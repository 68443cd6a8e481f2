import SnodoModel
import SnodoProtocol
import SnodoStore

/// A reply to one request: the body and the HTTP status that carries it.
public struct RelayReply: Sendable {
    public let status: Int
    public let body: [UInt8]
}

/// The relay's side of a sync, with no I/O: a request body in, a response body out, over the
/// relay's store. Not thread-safe: the server serializes calls (SQLite has one writer anyway).
///
/// Everything a request carries is committed in one transaction, with the device's state
/// (what it acknowledged, its clock skew), before the response is made; a request that fails to
/// decode or to commit writes nothing. Replaying a request re-acknowledges and resends, and
/// changes nothing.
public final class RelayService {
    public let store: Store
    public let limits: SyncLimits
    let codec: FrameCodec

    public init(store: Store, limits: SyncLimits = SyncLimits(), wireLimits: WireLimits = .standard) {
        self.store = store
        self.limits = limits
        codec = FrameCodec(limits: wireLimits)
    }

    public func handle(_ request: [UInt8]) -> RelayReply {
        let body: Body
        do { body = try Body.decode(request, with: codec) } catch {
            let tooLarge: Bool = switch error {
            case .frameTooLarge, .overLimit: true
            default: false
            }
            return refuse(tooLarge ? .tooLarge : .malformed, "request refused: \(error.name)", status: tooLarge ? 413 : 400)
        }
        guard let parsed = ParsedRequest(body) else {
            return refuse(.malformed, "request frames out of order (expected hello, auth, changes, pull)", status: 400)
        }
        guard parsed.hello.protocolMin <= ProtocolVersion.max, parsed.hello.protocolMax >= ProtocolVersion.min else {
            return refuse(.unsupportedVersion, "this relay speaks protocol \(ProtocolVersion.min)…\(ProtocolVersion.max)", status: 400)
        }
        do {
            let device = try commit(parsed)
            return RelayReply(status: 200, body: try response(to: parsed, device: device))
        } catch {
            return refuse(.unavailable, "the relay could not store the request; retry later", status: 503)
        }
    }

    /// Applies the request's changes and the device's state in one commit; returns what the relay
    /// now knows of the device.
    private func commit(_ request: ParsedRequest) throws -> PeerState {
        let name = request.hello.device.hex
        let skew = request.hello.clock.millis - store.wallMillis
        store.observe(request.hello.clock)
        var device = try store.peer(name)
        try store.apply(request.changes.flatMap(\.changes), from: name) {
            device.receivedThrough = max(device.receivedThrough, request.changes.map(\.through).max() ?? 0)
            device.acknowledgedThrough = max(device.acknowledgedThrough, request.pull.cursor)
            device.lastSyncMillis = store.wallMillis
            device.clockSkewMillis = skew
            device.unsent = Int64(clamping: request.pull.unsent)
            device.exchanges += 1
            try store.savePeer(device)
        }
        return device
    }

    /// HELLO, ACK, the changes the device lacks up to the size bound, END.
    private func response(to request: ParsedRequest, device: PeerState) throws -> [UInt8] {
        var bytes = Body([hello, .ack(Ack(through: device.receivedThrough))]).encode(with: codec)
        let budget = request.pull.responseBytesMax == 0 ? limits.responseBytesDefault
            : min(Int(clamping: request.pull.responseBytesMax), limits.responseBytesDefault)
        var cursor = request.pull.cursor
        var more = true
        while more && bytes.count < budget {
            let slice = try store.feed(after: cursor, for: device.name, limit: limits.changesPerBatch)
            if !slice.changes.isEmpty {
                bytes += codec.encode(.changes(ChangeBatch(through: slice.through, changes: slice.changes)))
            }
            cursor = slice.through
            more = slice.more
        }
        bytes += codec.encode(.end(End(cursor: cursor, more: more)))
        return bytes
    }

    private var hello: Message {
        .hello(Hello(schemaVersion: UInt64(Schema.version), device: store.device, clock: store.clockNow))
    }

    private func refuse(_ code: ErrorCode, _ detail: String, status: Int) -> RelayReply {
        RelayReply(status: status, body: Body([hello, .error(ErrorMessage(code: code, detail: detail))]).encode(with: codec))
    }
}

/// A request's frames in their required order ([BODY-3]): HELLO, AUTH?, CHANGES*, PULL.
struct ParsedRequest {
    let hello: Hello
    let auth: Auth?
    let changes: [ChangeBatch]
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
        while case .changes(let batch)? = messages.first {
            batches.append(batch)
            messages = messages.dropFirst()
        }
        changes = batches
        guard messages.count == 1, case .pull(let pull)? = messages.first else { return nil }
        self.pull = pull
    }
}
