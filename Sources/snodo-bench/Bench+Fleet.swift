import Foundation
#if canImport(Glibc)
    import Glibc
#endif
import SnodoModel
import SnodoProtocol
import SnodoServer
import SnodoStore
import SnodoSync

/// B14: the size of fleet one relay serves. Syncs arrive at random (a Poisson process at a set
/// rate) against the real relay process over loopback, nine in ten a laptop's last hour (one
/// visit and one household edit), one in ten a whole device-day; each is timed from the moment
/// it was due, so that a relay that falls behind shows in the latency of the syncs waiting.
/// The rate grows until p99 latency reaches 1 s, then is bisected; the figure is the highest
/// rate held, and the fleet it serves if every laptop syncs every 5 minutes.
extension Bench {
    func fleetSize(relayPath: String) throws {
        log("B14: the sync rate one relay sustains with p99 under 1 s")
        let (relayProcess, port) = try startRelay(relayPath)
        defer { kill(relayProcess.processIdentifier, SIGTERM); relayProcess.waitUntilExit() }
        let duration = quick ? 2.0 : 5.0
        var held: [Double] = [], notes: [String] = []
        for _ in 0..<repetitions {
            // The first search starts low and doubles; the next ones start where it ended.
            let start = held.first.map { max($0, 1) } ?? (quick ? 40 : 20)
            let (rate, p99) = try highestRate(from: start, step: held.isEmpty ? 2 : 1.25, port: port, relayPath: relayPath, duration: duration)
            held.append(rate)
            notes.append(String(format: "%.0f/s at p99 %.2f s", rate, p99))
        }
        var figure = Figure(
            id: "B14", name: "syncs per second one relay sustains with p99 latency under 1 s (9 in 10 an hour's work, 1 a device-day)",
            unit: "syncs/s", samples: held, limit: 0, limitName: "—", target: "reported", meets: { _ in true })
        figure.note =
            "\(Int(median(held) * 300)) laptops syncing every 5 minutes; \(notes.joined(separator: ", ")); "
            + "\(Int(duration)) s of Poisson arrivals per rate tried, downloads of the others' work deferred"
        figures.append(figure)
    }

    /// Multiplies the rate by `step` until a run misses (p99 ≥ 1 s or a sync failed), then bisects
    /// between the last rate held and the first missed until they are within an eighth.
    private func highestRate(from start: Double, step: Double, port: UInt16, relayPath: String, duration: Double) throws -> (rate: Double, p99: Double) {
        var good: (rate: Double, p99: Double)?
        var bad: Double?
        var rate = start
        for _ in 0..<12 {
            let p99 = try sustained(rate: rate, seconds: duration, port: port, relayPath: relayPath)
            log(String(format: "B14: %.0f syncs/s, p99 %.3f s", rate, p99))
            if p99 < 1 { good = (rate, p99) } else { bad = rate }
            guard let low = good?.rate else {
                rate /= step
                continue
            }
            guard let high = bad else {
                rate *= step
                continue
            }
            if high - low <= low / 8 { break }
            rate = (low + high) / 2
        }
        return good ?? (0, 0)
    }

    /// Sends `rate × seconds` syncs at Poisson arrival times; p99 latency from each one's due time
    /// to its acknowledgement (infinity if any failed).
    private func sustained(rate: Double, seconds: Double, port: UInt16, relayPath: String) throws -> Double {
        let count = max(1, Int(rate * seconds))
        let requests = try fleetRequests(count, relayPath: relayPath)
        var at = 0.0
        let due = (0..<count).map { _ in
            // Exponential gaps from a uniform draw in (0, 1] of the bench's seeded generator.
            let uniform = Double((rng.next() >> 11) + 1) / 9_007_199_254_740_992
            at -= Foundation.log(uniform) / rate
            return at
        }
        let latencies = Locked([Double]())
        let failed = Locked(0)
        let start = DispatchTime.now().uptimeNanoseconds
        Bench.share(count, among: 64) { index in
            let dueNanos = start + UInt64(due[index] * 1e9)
            let now = DispatchTime.now().uptimeNanoseconds
            if dueNanos > now { usleep(useconds_t((dueNanos - now) / 1_000)) }
            let acknowledged = Bench.acknowledged(requests[index], port: port)
            let latency = Double(DispatchTime.now().uptimeNanoseconds - dueNanos) / 1e9
            latencies.withLock { $0.append(latency) }
            if !acknowledged { failed.withLock { $0 += 1 } }
        }
        return failed.withLock { $0 } > 0 ? .infinity : percentile(latencies.withLock { $0 }, 0.99)
    }

    /// Requests of laptops up to date with the relay, each its own laptop: nine in ten carry a
    /// visit and a household edit, one in ten a device-day. Made before the clock starts.
    private func fleetRequests(_ count: Int, relayPath: String) throws -> [(bytes: [UInt8], sentThrough: UInt64)] {
        let relay = try Store.open(path: relayPath, environment: environment())
        let head = relay.lastChangeNumber
        let fingerprint = try relay.fingerprint(at: head)
        var limits = SyncLimits()
        limits.responseBytesDefault = 1
        return try (0..<count).map { index in
            let store = try Store.create(path: ":memory:", environment: environment())
            var peer = try store.peer(DeviceSync.relayPeer)
            peer.receivedThrough = head
            peer.receivedFingerprint = fingerprint
            try store.write { try $0.savePeer(peer) }
            _ = index % 10 == 9 ? try logDay(store) : try logDay(store, visits: 1, edits: 1)
            let request = try DeviceSync(store: store, limits: limits).makeRequest()
            return (request.bytes, request.sentThrough)
        }
    }

    /// Whether the relay acknowledged everything the request sent.
    static func acknowledged(_ request: (bytes: [UInt8], sentThrough: UInt64), port: UInt16) -> Bool {
        guard let (status, body) = try? SocketHTTP.exchange(port: port, SocketHTTP.request(body: request.bytes)), status == 200,
            let messages = try? Body.decode(body, with: FrameCodec()).messages
        else { return false }
        return messages.contains { if case .ack(let ack) = $0 { ack.through == request.sentThrough } else { false } }
    }
}
