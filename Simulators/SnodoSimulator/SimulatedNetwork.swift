import SnodoModel
import SnodoProtocol
import SnodoSync

/// The network between one device and the relay, faulty as the seed's profile says: requests
/// and responses lost, cut short or duplicated, old requests delivered late, partitions, and the
/// relay crashing after it committed.
final class SimulatedNetwork: SyncTransport {
    let relay: SimRelay
    let faults: FaultProfile
    var rng: SplitMix64
    /// Requests seen on the wire, some of which arrive again much later.
    var inFlight: [[UInt8]] = []
    var partitioned = false
    var stats: NetworkStats

    struct NetworkStats {
        var exchanges = 0, faults = 0, bytesUp = 0, bytesDown = 0, relayCrashes = 0
    }

    init(relay: SimRelay, faults: FaultProfile, seed: UInt64) {
        self.relay = relay
        self.faults = faults
        rng = SplitMix64(seed: seed)
        stats = NetworkStats()
    }

    private func chance(_ percent: Int) -> Bool { rng.draw(in: 0..<100) < percent }

    func exchange(_ request: [UInt8]) throws(SyncError) -> [UInt8] {
        stats.exchanges += 1
        stats.bytesUp += request.count
        if partitioned { stats.faults += 1; throw .transport("partitioned") }
        if chance(faults.replayOldPercent), let old = rng.element(of: inFlight) {
            stats.faults += 1
            _ = relay.handle(old)
        }
        if chance(faults.forgePercent), let forged = forgedCopy(of: request) {
            stats.faults += 1
            _ = relay.handle(forged)
        }
        if inFlight.count < 64 { inFlight.append(request) } else { inFlight[rng.draw(in: 0..<64)] = request }
        if chance(faults.requestLostPercent) { stats.faults += 1; throw .transport("request lost") }
        if chance(faults.truncatePercent) {
            stats.faults += 1
            _ = relay.handle(Array(request.prefix(rng.draw(in: 0..<request.count))))
            throw .transport("request cut")
        }
        var reply = relay.handle(request).body
        if chance(faults.duplicatePercent) { stats.faults += 1; reply = relay.handle(request).body }
        if chance(faults.relayCrashPercent) {
            stats.faults += 1
            stats.relayCrashes += 1
            try? relay.crashAndRestart()
            throw .transport("relay crashed after committing")
        }
        if chance(faults.responseLostPercent) { stats.faults += 1; throw .transport("response lost") }
        if chance(faults.truncatePercent) {
            stats.faults += 1
            reply = Array(reply.prefix(rng.draw(in: 0..<reply.count)))
        } else if chance(faults.forgePercent) {
            stats.faults += 1
            reply = forgedResponse(of: reply, wipeOrder: chance(50))
        }
        stats.bytesDown += reply.count
        return reply
    }
}

/// The request with its first written value replaced and its signature left as it was; nil when it
/// writes nothing.
func forgedCopy(of request: [UInt8]) -> [UInt8]? {
    guard var messages = try? Body.decode(request).messages,
        let index = messages.firstIndex(where: {
            if case .changes(let batch) = $0 { batch.changes.contains { if case .write = $0 { true } else { false } } } else { false }
        }),
        case .changes(var batch) = messages[index],
        let position = batch.changes.firstIndex(where: { if case .write = $0 { true } else { false } }),
        case .write(let write) = batch.changes[position]
    else { return nil }
    batch.changes[position] = .write(CellWrite(key: write.key, value: .text("forged"), stamp: write.stamp, supersedes: write.supersedes))
    messages[index] = .changes(batch)
    return Body(messages).encode(with: FrameCodec())
}

/// A response as someone answering in the relay's place would make it from the real one: a value
/// of its changes replaced, or an order to wipe, each with the relay's signature of the real
/// response left on. The laptop must refuse both and change nothing.
func forgedResponse(of reply: [UInt8], wipeOrder: Bool) -> [UInt8] {
    guard var messages = try? Body.decode(reply).messages, case .signature(let seal)? = messages.last else { return reply }
    if wipeOrder {
        return Body([messages[0], .error(ErrorMessage(code: .revoked, detail: "revoked")), .signature(seal)]).encode(with: FrameCodec())
    }
    for index in messages.indices {
        guard case .changes(var batch) = messages[index],
            let position = batch.changes.firstIndex(where: { if case .write = $0 { true } else { false } }),
            case .write(let write) = batch.changes[position]
        else { continue }
        batch.changes[position] = .write(CellWrite(key: write.key, value: .text("forged"), stamp: write.stamp, supersedes: write.supersedes))
        messages[index] = .changes(batch)
        return Body(messages).encode(with: FrameCodec())
    }
    return reply
}
