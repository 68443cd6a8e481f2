import Foundation
#if canImport(Glibc)
    import Glibc
#endif
import SnodoServer
import SnodoStore
import SnodoSync

extension Bench {
    /// What a hostile or flaky network does to the relay while the figure is measured.
    enum Attack: String, CaseIterable {
        case stalled, slowloris, idle, flood, vanishing

        var figureID: String { self == .stalled ? "B11" : "B11-\(rawValue)" }

        var name: String {
            switch self {
            case .stalled: "1000 stalled sockets (half a request each) held open"
            case .slowloris: "200 slowloris sockets (a header byte at a time)"
            case .idle: "1000 idle connections"
            case .flood: "a flood of small requests on 8 connections, as fast as loopback allows"
            case .vanishing: "clients vanishing mid-request and mid-response, 4 at a time"
            }
        }
    }

    /// B11: legitimate device-day syncs per second under each attack, as a ratio to the same
    /// relay with none. The relay runs with caps and deadlines raised so that it really holds
    /// every attacking socket for the whole measurement: the case of an attack from many
    /// addresses, worse than one address, whose sockets the per-peer cap would evict.
    func underAttack(relayPath: String) throws {
        let devices = quick ? 40 : 200
        log("B11: \(devices) device-day syncs, clean and under \(Attack.allCases.count) attacks")
        let (relayProcess, port) = try startRelay(relayPath, options: ["--max-per-peer", "4096", "--max-connections", "4096", "--header-timeout", "600"])
        defer { kill(relayProcess.processIdentifier, SIGTERM); relayProcess.waitUntilExit() }
        var clean: [Double] = []
        var attacked: [Attack: [Double]] = [:]
        for repetition in 0..<repetitions {
            clean.append(try syncsPerSecond(devices, port: port, relayPath: relayPath, tag: "b11c-\(repetition)"))
            for attack in Attack.allCases {
                let stop = try start(attack, port: port)
                defer { stop() }
                attacked[attack, default: []].append(try syncsPerSecond(devices, port: port, relayPath: relayPath, tag: "b11\(attack)-\(repetition)"))
            }
        }
        for attack in Attack.allCases {
            var figure = Figure(
                id: attack.figureID, name: "device-day syncs per second under \(attack.name)", unit: "syncs/s",
                samples: attacked[attack] ?? [], limit: median(clean), limitName: "the same syncs with no attack",
                target: "≥ 0.8×", meets: { $0 >= 0.8 })
            if attack == .stalled {
                figure.note = "clean \(String(format: "%.1f", median(clean))) syncs/s; \(devices) devices, 8 at a time, over loopback HTTP"
            }
            figures.append(figure)
        }
    }

    /// Starts an attack on the relay; returns what ends it.
    private func start(_ attack: Attack, port: UInt16) throws -> () -> Void {
        switch attack {
        case .stalled, .slowloris, .idle:
            let count = attack == .slowloris ? 200 : 1_000
            let opening = attack == .stalled ? "POST /sync HTTP/1.1\r\nHost: relay\r\n" : attack == .slowloris ? "P" : ""
            let sockets = try (0..<count).map { _ in try SocketHTTP.connect(port: port) }
            for fd in sockets where !opening.isEmpty { SocketHTTP.send(fd, Array(opening.utf8)) }
            return { for fd in sockets { close(fd) } }
        case .flood, .vanishing:
            let running = Locked(true)
            let done = DispatchGroup()
            for _ in 0..<(attack == .flood ? 8 : 4) {
                done.enter()
                Thread {
                    defer { done.leave() }
                    attack == .flood ? Bench.flood(port: port, while: running) : Bench.vanish(port: port, while: running)
                }.start()
            }
            return {
                running.withLock { $0 = false }
                done.wait()
            }
        }
    }

    /// GET /health on one keep-alive connection, as fast as the relay answers.
    static func flood(port: UInt16, while running: Locked<Bool>) {
        guard let fd = try? SocketHTTP.connect(port: port) else { return }
        defer { close(fd) }
        let request = Array("GET /health HTTP/1.1\r\nHost: relay\r\n\r\n".utf8)
        var buffer = [UInt8](repeating: 0, count: 4_096)
        while running.withLock({ $0 }) {
            SocketHTTP.send(fd, request)
            guard recv(fd, &buffer, buffer.count, 0) > 0 else { return }
        }
    }

    /// Connections that send part of a request, or a whole one, and vanish before the answer.
    static func vanish(port: UInt16, while running: Locked<Bool>) {
        var round = 0
        while running.withLock({ $0 }) {
            guard let fd = try? SocketHTTP.connect(port: port) else { return }
            round += 1
            let text = round % 2 == 0 ? "POST /sync HTTP/1.1\r\nHost: relay\r\nContent-Length: 900\r\n\r\nabc" : "GET /metrics HTTP/1.1\r\nHost: relay\r\n\r\n"
            SocketHTTP.send(fd, Array(text.utf8))
            close(fd)
        }
    }

    /// Syncs `count` devices' days, 8 at a time, over loopback HTTP; syncs per second.
    private func syncsPerSecond(_ count: Int, port: UInt16, relayPath: String, tag: String) throws -> Double {
        let paths = try devicesWithADay(count, relayPath: relayPath, tag: tag)
        defer { removeStores(paths) }
        let failures = Locked(0)
        let started = DispatchTime.now().uptimeNanoseconds
        Bench.share(paths.count, among: 8) { index in
            if !Bench.sendDay(of: paths[index], port: port) { failures.withLock { $0 += 1 } }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        guard failures.withLock({ $0 }) == 0 else { throw SyncError.transport("\(failures.withLock { $0 }) of \(count) syncs failed") }
        return Double(count) / seconds
    }
}
