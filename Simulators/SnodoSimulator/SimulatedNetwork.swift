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

    private func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &rng) < percent }

    func exchange(_ request: [UInt8]) throws(SyncError) -> [UInt8] {
        stats.exchanges += 1
        stats.bytesUp += request.count
        if partitioned { stats.faults += 1; throw .transport("partitioned") }
        if chance(faults.replayOldPercent), let old = inFlight.randomElement(using: &rng) {
            stats.faults += 1
            _ = relay.service.handle(old)
        }
        if inFlight.count < 64 { inFlight.append(request) } else { inFlight[Int.random(in: 0..<64, using: &rng)] = request }
        if chance(faults.requestLostPercent) { stats.faults += 1; throw .transport("request lost") }
        if chance(faults.truncatePercent) {
            stats.faults += 1
            _ = relay.service.handle(Array(request.prefix(Int.random(in: 0..<request.count, using: &rng))))
            throw .transport("request cut")
        }
        var reply = relay.service.handle(request).body
        if chance(faults.duplicatePercent) { stats.faults += 1; reply = relay.service.handle(request).body }
        if chance(faults.relayCrashPercent) {
            stats.faults += 1
            stats.relayCrashes += 1
            try? relay.crashAndRestart()
            throw .transport("relay crashed after committing")
        }
        if chance(faults.responseLostPercent) { stats.faults += 1; throw .transport("response lost") }
        if chance(faults.truncatePercent) {
            stats.faults += 1
            reply = Array(reply.prefix(Int.random(in: 0..<reply.count, using: &rng)))
        }
        stats.bytesDown += reply.count
        return reply
    }
}

/// A response cut at a frame boundary: the device commits the batches it got and then "crashes".
/// Used to crash a device between two batches of a sync.
func cutAfterFrames(_ response: [UInt8], keep: Int) -> [UInt8] {
    let codec = FrameCodec()
    var offset = 0
    var frames = 0
    while frames < keep, offset < response.count, case .message(_, let consumed)? = try? codec.decode(response, at: offset) {
        offset += consumed
        frames += 1
    }
    return Array(response.prefix(offset))
}
