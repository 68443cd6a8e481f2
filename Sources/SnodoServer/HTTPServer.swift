#if canImport(Glibc)
    import Glibc
#endif
import Foundation

/// A defensive HTTP/1.1 server that only ever hands whole requests to the code behind it.
///
/// One event loop thread owns every socket, all non-blocking: it accepts, reads each request
/// into the connection's buffer under deadlines (headers, a minimum body rate, an idle limit),
/// and writes responses as the client takes them. Only a complete request goes to a worker, so
/// a client that sends half a request, or sends it a byte at a time, holds a buffer and nothing
/// else. Connections are capped in total and per peer address; a new connection over a cap
/// displaces the oldest idle one. A socket the peer closed is closed and forgotten at once.
/// `stop()` (or a byte on `stopDescriptor`, from a signal handler) stops accepting, drops idle
/// connections, lets the requests being handled finish and be answered, and returns within
/// `stopSecondsMax`.
package final class HTTPServer: Sendable {
    package typealias Handler = @Sendable (HTTPRequest) -> HTTPResponse

    package struct Options: Sendable {
        /// Threads that run the handler; the relay's merge is serialized anyway.
        package var workers = 4
        package var deadlines = HTTPDeadlines()
        package var connectionsMax = 2_048
        package var connectionsPerPeerMax = 512
        package var bodyBytesMax = HTTPLimits.bodyBytesMax
        /// How long `stop` waits for requests in flight before closing everything.
        package var stopSecondsMax = 4.0
        package init() {}
    }

    /// What the server did with connections, for the operator's metrics.
    package struct Counters: Sendable {
        package var open = 0
        package var accepted = 0
        package var evicted = 0
        package var timedOut = 0
        package var peerClosed = 0
        package var refusedAtCap = 0
        /// Requests answered (whole responses written or handed to the kernel).
        package var served = 0
        package init() {}
    }

    package let port: UInt16
    let listener: Int32
    let options: Options
    let handler: Handler
    /// Answers cheap requests (health, metrics, wrong paths) on the loop itself, so that they are
    /// answered at once even while every worker is busy; nil sends the request to a worker.
    let immediate: @Sendable (HTTPRequest, _ peer: String) -> HTTPResponse?
    /// Told of every response the server makes itself (a timeout, a malformed or oversized request).
    let onRefusal: @Sendable (_ status: Int, _ reason: String, _ peer: String) -> Void

    private let work = WorkQueue<(number: Int, request: HTTPRequest)>()
    private let finished = Locked<[(number: Int, response: HTTPResponse, keepAlive: Bool)]>([])
    private let wakePipe: (read: Int32, write: Int32)
    private let stopPipe: (read: Int32, write: Int32)
    private let stopping = Locked(false)
    package let counters: Locked<Counters>

    package init(
        host: String, port: UInt16, options: Options = Options(),
        immediate: @escaping @Sendable (HTTPRequest, String) -> HTTPResponse? = { _, _ in nil },
        onRefusal: @escaping @Sendable (Int, String, String) -> Void = { _, _, _ in },
        counters: Locked<Counters> = Locked(Counters()), handler: @escaping Handler
    ) throws {
        signal(SIGPIPE, SIG_IGN)
        var options = options
        // Each connection is a descriptor; keep room for the store's files and the pipes.
        options.connectionsMax = min(options.connectionsMax, max(16, Socket.raiseOpenFileLimit() - 64))
        (listener, self.port) = try Socket.listen(host: host, port: port)
        wakePipe = try HTTPServer.makePipe()
        stopPipe = try HTTPServer.makePipe()
        self.options = options
        self.immediate = immediate
        self.onRefusal = onRefusal
        self.counters = counters
        self.handler = handler
    }

    private static func makePipe() throws -> (read: Int32, write: Int32) {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw SocketError(call: "pipe", code: errno) }
        for fd in fds {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        return (fds[0], fds[1])
    }

    /// The descriptor a signal handler writes one byte to, to stop the server (write(2) is
    /// async-signal-safe; nothing else is).
    package var stopDescriptor: Int32 { stopPipe.write }

    package func stop() {
        var byte: UInt8 = 1
        _ = Glibc.write(stopPipe.write, &byte, 1)
    }

    /// Serves until `stop`; returns once the requests in flight are answered (or the stop deadline passed).
    package func run() {
        let threads = (0..<options.workers).map { index -> Thread in
            let thread = Thread { [self] in
                while let job = work.take() {
                    let response = handler(job.request)
                    let keepAlive = job.request.keepAlive && !stopping.withLock { $0 }
                    finished.withLock { $0.append((job.number, response, keepAlive)) }
                    var byte: UInt8 = 1
                    _ = Glibc.write(wakePipe.write, &byte, 1)
                }
            }
            thread.name = "snodo-http-\(index)"
            thread.start()
            return thread
        }
        var loop = EventLoop(server: self)
        loop.run()
        work.close()
        // Workers still inside the handler finish their request; the loop already waited for
        // them up to the stop deadline, so this is short or nothing.
        let deadline = Date().addingTimeInterval(1)
        while threads.contains(where: { !$0.isFinished }) && Date() < deadline { usleep(2_000) }
        // A worker still merging would write to the wake pipe when done: its descriptor stays
        // open (and so never names another file) until the process ends.
        guard threads.allSatisfy(\.isFinished) else { return }
        for fd in [wakePipe.read, wakePipe.write, stopPipe.read, stopPipe.write] { close(fd) }
    }

    /// The loop's state, owned by the loop's thread alone.
    private struct EventLoop {
        let server: HTTPServer
        var connections: [Int: HTTPConnection] = [:]
        var perPeer: [String: Int] = [:]
        var nextNumber = 0
        var stopDeadline: Double?

        init(server: HTTPServer) { self.server = server }

        var options: Options { server.options }

        mutating func run() {
            while true {
                let order = Array(connections.values)
                var fds = [
                    pollfd(fd: stopDeadline == nil ? server.listener : -1, events: Int16(POLLIN), revents: 0),
                    pollfd(fd: server.wakePipe.read, events: Int16(POLLIN), revents: 0),
                    pollfd(fd: server.stopPipe.read, events: Int16(POLLIN), revents: 0),
                ]
                fds += order.map { pollfd(fd: $0.fd, events: $0.pollEvents, revents: 0) }
                _ = poll(&fds, nfds_t(fds.count), 200)
                let now = Date().timeIntervalSince1970
                if fds[2].revents != 0 && stopDeadline == nil { beginStop(now: now) }
                if fds[1].revents != 0 { drain(server.wakePipe.read) }
                takeFinished(now: now)
                for (index, connection) in order.enumerated() where fds[index + 3].revents != 0 {
                    guard connections[connection.number] != nil else { continue }
                    service(connection, revents: fds[index + 3].revents, now: now)
                }
                if fds[0].revents != 0 { acceptAll(now: now) }
                enforceDeadlines(now: now)
                if let stopDeadline, connections.isEmpty || now > stopDeadline {
                    for connection in Array(connections.values) { forget(connection) }
                    return
                }
            }
        }

        private func drain(_ fd: Int32) {
            var scratch = [UInt8](repeating: 0, count: 512)
            while Glibc.read(fd, &scratch, scratch.count) > 0 {}
        }

        /// Stop accepting, drop every connection that holds no request in flight.
        private mutating func beginStop(now: Double) {
            server.stopping.withLock { $0 = true }
            stopDeadline = now + options.stopSecondsMax
            close(server.listener)
            for connection in Array(connections.values) where connection.isEvictable { forget(connection) }
        }

        private mutating func acceptAll(now: Double) {
            while let (fd, peer) = Socket.accept(server.listener) {
                guard makeRoom(for: peer) else {
                    close(fd)
                    server.counters.withLock { $0.refusedAtCap += 1 }
                    continue
                }
                nextNumber += 1
                let connection = HTTPConnection(number: nextNumber, fd: fd, peer: peer, now: now)
                connections[connection.number] = connection
                perPeer[peer, default: 0] += 1
                server.counters.withLock {
                    $0.accepted += 1
                    $0.open = connections.count
                }
            }
        }

        /// Under both caps, the oldest idle connection (of the peer, for the per-peer cap) gives
        /// way to the new one; false when nothing can give way.
        private mutating func makeRoom(for peer: String) -> Bool {
            if perPeer[peer, default: 0] >= options.connectionsPerPeerMax {
                guard let oldest = oldestEvictable(where: { $0.peer == peer }) else { return false }
                evict(oldest)
            }
            if connections.count >= options.connectionsMax {
                guard let oldest = oldestEvictable(where: { _ in true }) else { return false }
                evict(oldest)
            }
            return true
        }

        private func oldestEvictable(where matches: (HTTPConnection) -> Bool) -> HTTPConnection? {
            connections.values.filter { $0.isEvictable && matches($0) }.min { $0.lastActivity < $1.lastActivity }
        }

        private mutating func evict(_ connection: HTTPConnection) {
            forget(connection)
            server.counters.withLock { $0.evicted += 1 }
        }

        private mutating func forget(_ connection: HTTPConnection) {
            close(connection.fd)
            connections[connection.number] = nil
            perPeer[connection.peer, default: 1] -= 1
            if perPeer[connection.peer] == 0 { perPeer[connection.peer] = nil }
            server.counters.withLock { $0.open = connections.count }
        }

        private mutating func service(_ connection: HTTPConnection, revents: Int16, now: Double) {
            let hungUp = revents & (Int16(POLLHUP) | Int16(POLLERR) | Int16(0x2000)) != 0
            switch connection.phase {
            case .waiting, .receiving:
                read(connection, now: now)
            case .processing:
                // The peer left while its request is being handled: the handler still finishes
                // (what it merged is committed), its response is dropped.
                if hungUp { peerLeft(connection) }
            case .sending:
                if revents & Int16(POLLOUT) != 0 { write(connection, now: now) } else if hungUp { peerLeft(connection) }
            }
        }

        private mutating func peerLeft(_ connection: HTTPConnection) {
            forget(connection)
            server.counters.withLock { $0.peerClosed += 1 }
        }

        /// Reads what arrived; end of stream closes the connection at once, whatever it held.
        private mutating func read(_ connection: HTTPConnection, now: Double) {
            for _ in 0..<4 {
                switch Socket.readAvailable(connection.fd, into: &connection.inbound) {
                case .closed:
                    peerLeft(connection)
                    return
                case .wouldBlock:
                    advance(connection, now: now)
                    return
                case .bytes:
                    connection.lastActivity = now
                    if case .waiting = connection.phase {
                        connection.phase = .receiving(started: now, deadline: options.deadlines.requestDeadline(started: now, bodyBytes: nil))
                    }
                }
            }
            advance(connection, now: now)
        }

        /// Parses the buffer: a whole request goes to be answered; part of one sets its deadline.
        private mutating func advance(_ connection: HTTPConnection, now: Double) {
            guard !connection.inbound.isEmpty else { return }
            let parsed: HTTPRequestParser.Result
            do { parsed = try HTTPRequestParser.parse(connection.inbound, bodyBytesMax: options.bodyBytesMax) } catch {
                refuse(connection, status: error.status, reason: error.reason, now: now)
                return
            }
            switch parsed {
            case .needMoreBytes:
                let started: Double
                if case .receiving(let since, _) = connection.phase { started = since } else { started = now }
                let deadline = options.deadlines.requestDeadline(started: started, bodyBytes: HTTPRequestParser.announcedBodyLength(connection.inbound))
                connection.phase = .receiving(started: started, deadline: deadline)
            case .request(let request, let consumed):
                connection.inbound.removeFirst(consumed)
                if let response = server.immediate(request, connection.peer) {
                    respond(connection, response, keepAlive: request.keepAlive && stopDeadline == nil, now: now)
                } else {
                    connection.phase = .processing
                    server.work.put((connection.number, request))
                }
            }
        }

        private mutating func refuse(_ connection: HTTPConnection, status: Int, reason: String, now: Double) {
            server.onRefusal(status, reason, connection.peer)
            connection.inbound = []
            respond(connection, .text(status, reason), keepAlive: false, now: now)
        }

        private mutating func respond(_ connection: HTTPConnection, _ response: HTTPResponse, keepAlive: Bool, now: Double) {
            connection.phase = .sending(
                bytes: response.bytes(keepAlive: keepAlive), offset: 0, closeAfter: !keepAlive,
                deadline: now + options.deadlines.writeSeconds)
            server.counters.withLock { $0.served += 1 }
            write(connection, now: now)
        }

        private mutating func write(_ connection: HTTPConnection, now: Double) {
            guard case .sending(let bytes, let offset, let closeAfter, let deadline) = connection.phase else { return }
            guard let written = Socket.writeAvailable(connection.fd, bytes, from: offset) else {
                peerLeft(connection)
                return
            }
            if offset + written < bytes.count {
                let progressed = written > 0
                if progressed { connection.lastActivity = now }
                connection.phase = .sending(
                    bytes: bytes, offset: offset + written, closeAfter: closeAfter,
                    deadline: progressed ? now + options.deadlines.writeSeconds : deadline)
                return
            }
            connection.lastActivity = now
            guard !closeAfter, stopDeadline == nil else {
                forget(connection)
                return
            }
            connection.phase = .waiting(since: now)
            // A pipelined request may already be buffered.
            advance(connection, now: now)
        }

        private mutating func takeFinished(now: Double) {
            let done = server.finished.withLock { list in
                defer { list = [] }; return list
            }
            for item in done {
                guard let connection = connections[item.number] else { continue }
                respond(connection, item.response, keepAlive: item.keepAlive && stopDeadline == nil, now: now)
            }
        }

        private mutating func enforceDeadlines(now: Double) {
            for connection in Array(connections.values) {
                switch connection.phase {
                case .waiting(let since) where now - since > options.deadlines.idleSeconds:
                    forget(connection)
                    server.counters.withLock { $0.timedOut += 1 }
                case .receiving(_, let deadline) where now > deadline:
                    server.counters.withLock { $0.timedOut += 1 }
                    refuse(connection, status: 408, reason: "request took too long to arrive", now: now)
                case .sending(_, _, _, let deadline) where now > deadline:
                    forget(connection)
                    server.counters.withLock { $0.timedOut += 1 }
                default:
                    break
                }
            }
        }
    }
}
