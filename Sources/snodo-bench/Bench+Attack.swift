import Foundation
#if canImport(Glibc)
import Glibc
#endif
import SnodoServer
import SnodoStore
import SnodoSync

extension Bench {
    /// B11: legitimate device-day syncs per second while 1,000 stalled sockets (half a request
    /// each) are held open, as a ratio to the same relay without them. The relay runs with caps
    /// and deadlines raised so that it really holds all 1,000 for the whole measurement: the case
    /// of an attack from many addresses, worse than one address, whose sockets the per-peer cap
    /// would evict.
    func underStalledSockets(relayPath: String) throws {
        let stalled = 1_000
        let devices = quick ? 40 : 200
        log("B11: \(devices) device-day syncs, clean and with \(stalled) stalled sockets held open")
        let (relayProcess, port) = try startRelay(relayPath, options: ["--max-per-peer", "4096", "--max-connections", "4096", "--header-timeout", "600"])
        defer { kill(relayProcess.processIdentifier, SIGTERM); relayProcess.waitUntilExit() }
        var clean: [Double] = [], attacked: [Double] = []
        for repetition in 0..<repetitions {
            clean.append(try syncsPerSecond(devices, port: port, relayPath: relayPath, tag: "b11c-\(repetition)"))
            let sockets = try (0..<stalled).map { _ in try SocketHTTP.connect(port: port) }
            for fd in sockets { SocketHTTP.send(fd, Array("POST /sync HTTP/1.1\r\nHost: relay\r\n".utf8)) }
            defer { for fd in sockets { close(fd) } }
            attacked.append(try syncsPerSecond(devices, port: port, relayPath: relayPath, tag: "b11a-\(repetition)"))
        }
        var figure = Figure(id: "B11", name: "device-day syncs per second while \(stalled) stalled sockets are held open", unit: "syncs/s",
                            samples: attacked, limit: median(clean), limitName: "the same syncs on the same relay with no stalled socket",
                            target: "≥ 0.8×", meets: { $0 >= 0.8 })
        figure.note = "clean \(String(format: "%.1f", median(clean))) syncs/s; \(devices) devices, 8 at a time, over loopback HTTP"
        figures.append(figure)
    }

    /// Syncs `count` devices' days, 8 at a time, over loopback HTTP; syncs per second.
    private func syncsPerSecond(_ count: Int, port: UInt16, relayPath: String, tag: String) throws -> Double {
        let paths = try devicesWithADay(count, relayPath: relayPath, tag: tag)
        defer { removeStores(paths) }
        let next = Locked(0)
        let failures = Locked(0)
        let done = DispatchGroup()
        let started = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<8 {
            done.enter()
            Thread {
                defer { done.leave() }
                while true {
                    let index = next.withLock { value -> Int in defer { value += 1 }; return value }
                    guard index < paths.count else { return }
                    do {
                        // Ids are never made here: a fixed environment serves every thread.
                        let store = try Store.open(path: paths[index], environment: StoreEnvironment(wallMillis: { 1_770_000_000_000 }, random: { 1 }))
                        var limits = SyncLimits()
                        limits.responseBytesDefault = 1 // the others' days are not this figure's concern
                        let sync = DeviceSync(store: store, limits: limits)
                        let request = try sync.makeRequest()
                        let result = try sync.handle(response: try SocketTransport(port: port).exchange(request.bytes))
                        if result.acknowledgedThrough != request.sentThrough { failures.withLock { $0 += 1 } }
                    } catch {
                        failures.withLock { $0 += 1 }
                    }
                }
            }.start()
        }
        done.wait()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        guard failures.withLock({ $0 }) == 0 else { throw SyncError.transport("\(failures.withLock { $0 }) of \(count) syncs failed") }
        return Double(count) / seconds
    }
}
