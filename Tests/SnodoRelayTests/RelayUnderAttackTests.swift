import Foundation
import Testing
#if canImport(Glibc)
    import Glibc
#endif
import SnodoServer
import SnodoTestSupport

/// The real relay process under what a hostile or flaky network does, over real loopback
/// sockets: while each attack goes on, an enrolled laptop still syncs and `/health` answers
/// within a second; afterwards no socket is left in CLOSE_WAIT; SIGTERM stops the relay within
/// 5 s even with the attack under way. Every wait is bounded.
@Suite(.serialized) struct RelayUnderAttackTests {
    enum Attack: String, CaseIterable, CustomStringConvertible {
        case halfRequests, slowloris, idleConnections, flood, hugeBody, garbageAfterRequest, vanishingClients
        var description: String { rawValue }
    }

    /// A closed relay with short deadlines (so that they are seen to act within the test) and one
    /// enrolled laptop that has claimed its enrollment.
    struct Site {
        let folder: String
        let relay: RelayProcess
        let laptop: String

        init() throws {
            folder = makeTemporaryFolder("snodo-attack")
            relay = RelayProcess(folder: folder + "/relay", open: false, options: ["--header-timeout", "2", "--idle-timeout", "4"])
            let enrolled = try runProduct(
                "snodo-relay",
                [
                    "enroll", "--store", relay.folder, "--team", "custodi-lodi", "--districts", "Lodi-1",
                    "--role", "caretaker",
                ])
            #expect(enrolled.status == 0, "\(enrolled.stderr)")
            laptop = folder + "/laptop.sqlite"
            #expect(try runProduct("snodo", ["--store", laptop, "enroll", String(enrolled.stdout.split(separator: "\n").last!)]).status == 0)
            try relay.start()
            try syncsWithNewWork("via Roma")
        }

        /// Adds a household and syncs it: the relay must accept it and the laptop must record it as sent.
        func syncsWithNewWork(_ street: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
            let added = try runProduct("snodo", ["--store", laptop, "household", "add", "--district", "Lodi-1", "--comune", "Lodi", "--street", street])
            #expect(added.status == 0, "\(added.stderr)", sourceLocation: sourceLocation)
            let synced = try runProduct("snodo", ["--store", laptop, "sync", "--relay", relay.url])
            #expect(synced.status == 0, "sync under attack: \(synced.stderr)", sourceLocation: sourceLocation)
            let status = try runProduct("snodo", ["--store", laptop, "status"])
            #expect(status.stdout.contains("non ancora inviate: nessuna modifica"), "\(status.stdout)", sourceLocation: sourceLocation)
        }

        func cleanUp() {
            _ = relay.stop()
            removeTemporaryFolder(folder)
        }
    }

    init() { raiseOpenFileLimit() }

    @Test(arguments: Attack.allCases) func aLaptopStillSyncsAndTheRelayStopsCleanly(_ attack: Attack) throws {
        let site = try Site()
        defer { site.cleanUp() }
        let port = site.relay.port

        var sockets = try begin(attack, port: port)
        #expect(health(port: port, within: 1), "\(attack): /health did not answer within 1 s")
        try site.syncsWithNewWork("via \(attack) 1")
        try finish(attack, sockets, port: port)
        for fd in sockets { close(fd) }
        #expect(waitUntil(seconds: 3) { closeWaitSockets(port: port) == 0 }, "\(attack): sockets left in CLOSE_WAIT: \(closeWaitSockets(port: port))")
        #expect(health(port: port, within: 1), "\(attack): /health after the attack")

        sockets = try begin(attack, port: port)
        defer { for fd in sockets { close(fd) } }
        let started = Date()
        #expect(site.relay.stop() == 0)
        #expect(Date().timeIntervalSince(started) < 5, "\(attack): SIGTERM took \(Date().timeIntervalSince(started)) s")
    }

    /// Starts an attack; returns the sockets it holds open.
    private func begin(_ attack: Attack, port: UInt16) throws -> [Int32] {
        switch attack {
        case .halfRequests:
            return try (0..<1_000).map { _ in try open(port, sending: "POST /sync HTTP/1.1\r\nHost: x\r\n") }
        case .slowloris:
            return try (0..<200).map { _ in try open(port, sending: "POST /sync HTTP/1.1\r\nH") }
        case .idleConnections:
            return try (0..<1_000).map { _ in try open(port, sending: "") }
        case .flood:
            return []  // `finish` runs the flood beside the checks: see below
        case .hugeBody:
            let fd = try open(port, sending: "POST /sync HTTP/1.1\r\nHost: x\r\nContent-Length: 100000000\r\n\r\n" + String(repeating: "x", count: 4_096))
            #expect(readResponse(fd, seconds: 5).status == 413, "a 100 MB body is refused before it arrives")
            return [fd]
        case .garbageAfterRequest:
            let fd = try open(port, sending: "GET /health HTTP/1.1\r\nHost: x\r\n\r\n\u{1}\u{2}garbage\r\n\r\n")
            #expect(readResponse(fd, seconds: 5).status == 200)
            #expect(readResponse(fd, seconds: 5).status == 400, "the garbage after a whole request is refused")
            return [fd]
        case .vanishingClients:
            var held: [Int32] = []
            for index in 0..<200 {
                // Half a body, or a whole request whose response is never read; half of them reset.
                let fd = try open(
                    port,
                    sending: index % 2 == 0
                        ? "POST /sync HTTP/1.1\r\nHost: x\r\nContent-Length: 900\r\n\r\nabc"
                        : "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n")
                if index % 4 < 2 { resetOnClose(fd) }
                if index % 3 == 0 { close(fd) } else { held.append(fd) }
            }
            return held
        }
    }

    /// What an attack does while the laptop syncs, and what must follow from it.
    private func finish(_ attack: Attack, _ sockets: [Int32], port: UInt16) throws {
        switch attack {
        case .slowloris:
            // A header byte now and then keeps nobody in: past the header deadline each gets 408.
            for fd in sockets { _ = "o".withCString { send(fd, $0, 1, Int32(MSG_NOSIGNAL)) } }
            let answered = sockets.filter { readResponse($0, seconds: 6).status == 408 }.count
            #expect(answered == sockets.count, "every slowloris socket is cut at the header deadline")
        case .flood:
            let answered = flood(port: port, requests: 10_000, threads: 8)
            #expect(answered == 10_000, "every request of the flood answered")
        default:
            break
        }
    }

    /// 10,000 small requests as fast as loopback allows, on keep-alive connections, while the
    /// caller's thread checks that health still answers; returns how many were answered 200.
    private func flood(port: UInt16, requests: Int, threads: Int) -> Int {
        let answered = Locked(0)
        let done = DispatchGroup()
        for _ in 0..<threads {
            done.enter()
            Thread {
                defer { done.leave() }
                guard let fd = try? open(port, sending: "") else { return }
                defer { close(fd) }
                for _ in 0..<(requests / threads) {
                    sendText(fd, "GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
                    guard readResponse(fd, seconds: 10).status == 200 else { return }
                    answered.withLock { $0 += 1 }
                }
            }.start()
        }
        #expect(health(port: port, within: 1), "/health during the flood")
        done.wait()
        return answered.withLock { $0 }
    }
}

// MARK: - Raw sockets

private func open(_ port: UInt16, sending text: String) throws -> Int32 {
    let fd = try SocketHTTP.connect(port: port)
    if !text.isEmpty { sendText(fd, text) }
    return fd
}

private func sendText(_ fd: Int32, _ text: String) {
    SocketHTTP.send(fd, Array(text.utf8))
}

/// Closing this socket sends a reset instead of a FIN, like a client whose network vanished.
private func resetOnClose(_ fd: Int32) {
    var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
    setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
}

/// Reads one response (headers and a Content-Length body) within `seconds`; status 0 if none came.
private func readResponse(_ fd: Int32, seconds: Int) -> (status: Int, body: String) {
    var timeout = timeval(tv_sec: seconds, tv_usec: 0)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    var buffer: [UInt8] = []
    var byte: UInt8 = 0
    while HTTPRequestParser.findHeaderEnd(buffer) == nil {
        guard recv(fd, &byte, 1, 0) == 1 else { return (0, "") }
        buffer.append(byte)
    }
    let head = String(decoding: buffer, as: UTF8.self)
    let status = head.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
    let length =
        head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
        .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0
    var body = [UInt8](repeating: 0, count: length)
    var got = 0
    while got < length {
        let count = body.withUnsafeMutableBytes { recv(fd, $0.baseAddress! + got, length - got, 0) }
        guard count > 0 else { return (status, "") }
        got += count
    }
    return (status, String(decoding: body, as: UTF8.self))
}

/// Whether GET /health answers 200 within `seconds`, on a new connection.
func health(port: UInt16, within seconds: Int) -> Bool {
    guard let fd = try? SocketHTTP.connect(port: port) else { return false }
    defer { close(fd) }
    sendText(fd, "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    return readResponse(fd, seconds: seconds).status == 200
}

/// Sockets of the relay's port in CLOSE_WAIT (state 08 in /proc/net/tcp): peers that closed and
/// that the relay has not closed.
func closeWaitSockets(port: UInt16) -> Int {
    let hexPort = String(format: ":%04X", port)
    return ["/proc/net/tcp", "/proc/net/tcp6"].reduce(0) { total, file in
        let lines = ((try? String(contentsOfFile: file, encoding: .utf8)) ?? "").split(separator: "\n").dropFirst()
        return total
            + lines.filter { line in
                let columns = line.split(separator: " ")
                return columns.count > 3 && columns[1].hasSuffix(hexPort) && columns[3] == "08"
            }.count
    }
}

/// Checks `condition` until it holds or `seconds` pass: a bounded wait for something the relay
/// does on its own schedule (closing sockets), never a blind sleep.
func waitUntil(seconds: Double, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if condition() { return true }
        usleep(20_000)
    }
    return condition()
}

/// The test process holds a thousand sockets at once.
func raiseOpenFileLimit() {
    var limit = rlimit()
    guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < limit.rlim_max else { return }
    limit.rlim_cur = limit.rlim_max
    setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
}
