import Foundation
#if canImport(Glibc)
    import Glibc
#endif
import SnodoModel
import SnodoServer
import SnodoStore
import SnodoSync

extension Bench {
    /// Starts `snodo-relay serve` on a copy of the district's store; returns the process and port.
    func startRelay(_ relayPath: String, options: [String] = []) throws -> (Process, UInt16) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: productsFolder + "/snodo-relay")
        process.arguments = ["serve", "--store", (relayPath as NSString).deletingLastPathComponent, "--listen", "127.0.0.1:0", "--open"] + options
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = out.fileHandleForReading.availableData
            guard !chunk.isEmpty else { throw SyncError.transport("the relay did not start") }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self)
        let port = text.range(of: #"127\.0\.0\.1:(\d+)"#, options: .regularExpression).flatMap { UInt16(text[$0].split(separator: ":")[1]) } ?? 0
        return (process, port)
    }

    /// Peak resident memory of a process, from /proc (VmHWM), in MiB.
    func peakMemoryMiB(_ pid: Int32) -> Double {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "")
        else { return 0 }
        return kilobytes / 1024
    }

    /// B6, B7, B8 against the real relay process over loopback HTTP.
    func overHTTP(relayPath: String) throws {
        let (relayProcess, port) = try startRelay(relayPath)
        defer { kill(relayProcess.processIdentifier, SIGTERM); relayProcess.waitUntilExit() }
        let relayURL = URL(string: "http://127.0.0.1:\(port)")!

        log("B6: bootstrap over loopback HTTP (URLSession)")
        var bootstraps: [Double] = [], bulk: [Double] = []
        for repetition in 0..<repetitions {
            let store = try Store.create(path: folder + "/boot-\(repetition).sqlite", environment: environment())
            var received = 0
            bootstraps.append(
                try seconds {
                    received = try SyncDriver(device: DeviceSync(store: store), transport: HTTPTransport(relay: relayURL)).run().received
                })
            let writes = try store.feed(after: 0, for: nil, limit: received + 10).changes.compactMap { change -> CellWrite? in
                if case .write(let write) = change { return write } else { return nil }
            }
            bulk.append(try Baselines.bulkInsertSeconds(writes, path: folder + "/bulk-\(repetition).sqlite"))
            try? FileManager.default.removeItem(atPath: folder + "/boot-\(repetition).sqlite")
        }
        figures.append(
            Figure(
                id: "B6", name: "bootstrap a new device with the whole district over loopback HTTP", unit: "s", samples: bootstraps,
                limit: median(bulk), limitName: "raw SQLite bulk insert of the same cells", target: "≤ 3×", meets: { $0 <= 3 }))

        let deviceCount = quick ? 50 : 500
        log("B7: \(deviceCount) devices sync a device-day each, concurrently")
        let accept = figures.first { $0.id == "B5" }!.value
        var totals: [Double] = [], latencies: [Double] = [], failures = 0, peaks: [Double] = []
        for repetition in 0..<repetitions {
            let paths = try devicesWithADay(deviceCount, relayPath: relayPath, tag: "b7-\(repetition)")
            let results = Locked([(Double, Bool)]())
            let start = DispatchTime.now().uptimeNanoseconds
            let threads = paths.map { path in
                Thread {
                    let began = DispatchTime.now().uptimeNanoseconds
                    let ok = Bench.sendDay(of: path, port: port)
                    results.withLock { $0.append((Double(DispatchTime.now().uptimeNanoseconds - began) / 1e9, ok)) }
                }
            }
            threads.forEach {
                $0.stackSize = 1 << 20; $0.start()
            }
            while results.withLock({ $0.count }) < paths.count { usleep(2_000) }
            totals.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            let outcome = results.withLock { $0 }
            latencies += outcome.map(\.0)
            failures += outcome.filter { !$0.1 }.count
            removeStores(paths)
            peaks.append(peakMemoryMiB(relayProcess.processIdentifier))
        }
        var load = Figure(
            id: "B7", name: "\(deviceCount) devices send a device-day each, concurrently, over loopback HTTP", unit: "s",
            samples: totals, limit: accept * Double(deviceCount), limitName: "B5 × \(deviceCount)", target: "all succeed; ≤ 3×",
            meets: { $0 <= 3 && failures == 0 })
        load.note =
            "\(failures) failed; each device's round is acknowledged, downloads of the others' days deferred; latency p50 "
            + "\(String(format: "%.3f", percentile(latencies, 0.5))) s, p99 \(String(format: "%.3f", percentile(latencies, 0.99))) s"
        figures.append(load)

        var memory = Figure(
            id: "B8", name: "relay resident memory, whole district loaded and under B7", unit: "MiB", samples: peaks,
            limit: 64, limitName: "64 MiB (in-memory CRDT libraries: 620–710 MiB)", target: "≤ 64 MiB", meets: { $0 <= 1 })
        memory.note = "peak resident set (VmHWM) of the snodo-relay process"
        figures.append(memory)
    }

    /// One round that sends a device's day and gets it acknowledged, over loopback HTTP; the
    /// others' days are fetched on the next sync (a response budget of one byte defers them).
    /// Whether the day was acknowledged.
    static func sendDay(of path: String, port: UInt16) -> Bool {
        do {
            // Ids are never made here: a fixed environment serves every thread.
            let store = try Store.open(path: path, environment: StoreEnvironment(wallMillis: { 1_770_000_000_000 }, random: { 1 }))
            var limits = SyncLimits()
            limits.responseBytesDefault = 1
            let sync = DeviceSync(store: store, limits: limits)
            let request = try sync.makeRequest()
            let result = try sync.handle(response: try SocketTransport(port: port).exchange(request.bytes), to: request)
            return result.acknowledgedThrough == request.sentThrough
        } catch {
            return false
        }
    }

    /// `count` device stores on /dev/shm, each up to date with the relay and holding a device-day.
    func devicesWithADay(_ count: Int, relayPath: String, tag: String) throws -> [String] {
        let relayHead = try Store.open(path: relayPath, environment: environment()).lastChangeNumber
        return try (0..<count).map { index in
            let path = "/dev/shm/snodo-bench-\(getpid())-\(tag)-\(index).sqlite"
            let store = try Store.create(path: path, environment: environment())
            var peer = try store.peer(DeviceSync.relayPeer)
            peer.receivedThrough = relayHead
            try store.write { try $0.savePeer(peer) }
            _ = try logDay(store)
            return path
        }
    }

    func removeStores(_ paths: [String]) {
        for path in paths { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
    }

    /// Runs `work` for each of `jobs` indices on `threads` threads, each taking the next index
    /// until none is left; returns when every job is done.
    static func share(_ jobs: Int, among threads: Int, _ work: @escaping @Sendable (Int) -> Void) {
        let next = Locked(0)
        let done = DispatchGroup()
        for _ in 0..<threads {
            done.enter()
            Thread {
                defer { done.leave() }
                while true {
                    let index = next.withLock { value -> Int in
                        defer { value += 1 }; return value
                    }
                    guard index < jobs else { return }
                    work(index)
                }
            }.start()
        }
        done.wait()
    }

    /// B10: `snodo visit log`, process start to commit.
    func visitCommand() throws {
        log("B10: snodo visit log, process start to commit")
        let store = folder + "/field.sqlite"
        let snodo = productsFolder + "/snodo"
        _ = try run(snodo, ["--store", store, "init", "--district", "Lodi-1"])
        let home = try run(snodo, ["--store", store, "household", "add", "--comune", "Lodi", "--street", "via Roma"]).trimmingCharacters(
            in: .whitespacesAndNewlines)
        var times: [Double] = []
        for index in 0..<(quick ? 10 : 30) {
            times.append(
                try seconds {
                    _ = try run(
                        snodo,
                        [
                            "--store", store, "visit", "log", "--subject", home, "--kind", "home-monitoring", "--outcome", "met",
                            "--needs", "food,housing", "--services", "food-parcel=1", "--note", "visita \(index)",
                        ])
                })
        }
        var figure = Figure(
            id: "B10", name: "logging a visit with `snodo visit log`, process start to commit", unit: "s", samples: times,
            limit: 0, limitName: "—", target: "p50 and p99 reported", meets: { _ in true })
        figure.note = "p50 \(String(format: "%.3f", percentile(times, 0.5))) s, p99 \(String(format: "%.3f", percentile(times, 0.99))) s"
        figures.append(figure)
    }

    func run(_ path: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
