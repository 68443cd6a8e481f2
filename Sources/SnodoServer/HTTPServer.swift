#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A small, defensive HTTP/1.1 server: one thread polls the listening socket and the idle
/// keep-alive connections; a pool of workers reads a request from a connection that has data,
/// answers it, and hands the connection back. Bounded headers and bodies, a deadline for slow
/// clients, an idle timeout, and a clean stop that finishes the requests in flight.
public final class HTTPServer: @unchecked Sendable {
    public typealias Handler = @Sendable (HTTPRequest) -> HTTPResponse

    public struct Options: Sendable {
        public var workers = 16
        /// How long a request may take to arrive once its first byte has.
        public var requestSecondsMax = 30
        /// How long a kept-alive connection may sit idle.
        public var idleSecondsMax = 60
        public var bodyBytesMax = HTTPLimits.bodyBytesMax
        public init() {}
    }

    final class Connection: @unchecked Sendable {
        let fd: Int32
        var buffer: [UInt8] = []
        var idleSince = Date()
        init(fd: Int32) { self.fd = fd }
    }

    public let port: UInt16
    let listener: Int32
    let options: Options
    let handler: Handler

    private let work = WorkQueue<Connection>()
    private let returned = Locked<[Connection]>([])
    /// Workers write a byte here when they hand a connection back.
    private let wakePipe: (read: Int32, write: Int32)
    /// `stop()` or a signal handler writes a byte here.
    private let stopPipe: (read: Int32, write: Int32)
    private let stopRequested = Locked(false)
    /// Requests answered so far.
    public let served = Locked(0)

    public init(host: String, port: UInt16, options: Options = Options(), handler: @escaping Handler) throws {
        signal(SIGPIPE, SIG_IGN)
        (listener, self.port) = try Socket.listen(host: host, port: port)
        wakePipe = try HTTPServer.makePipe()
        stopPipe = try HTTPServer.makePipe()
        self.options = options
        self.handler = handler
    }

    private static func makePipe() throws -> (read: Int32, write: Int32) {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw SocketError(call: "pipe", code: errno) }
        for fd in fds { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
        return (fds[0], fds[1])
    }

    /// The descriptor a signal handler writes one byte to, to stop the server (write(2) is
    /// async-signal-safe; nothing else is).
    public var stopDescriptor: Int32 { stopPipe.write }

    /// Asks the server to stop: it stops accepting, lets workers finish, and `run` returns.
    public func stop() {
        var byte: UInt8 = 1
        _ = Glibc.write(stopPipe.write, &byte, 1)
    }

    /// Serves until `stop` (or a byte on `stopDescriptor`); returns after in-flight requests finish.
    public func run() {
        let threads = (0..<options.workers).map { index -> Thread in
            let thread = Thread { [self] in
                while let connection = work.take() { serve(connection) }
            }
            thread.name = "snodo-http-\(index)"
            thread.start()
            return thread
        }
        eventLoop()
        stopRequested.withLock { $0 = true }
        close(listener)
        work.close()
        while threads.contains(where: { !$0.isFinished }) { usleep(5_000) }
        for connection in returned.withLock({ $0 }) { close(connection.fd) }
        for fd in [wakePipe.read, wakePipe.write, stopPipe.read, stopPipe.write] { close(fd) }
    }

    private func eventLoop() {
        var idle: [Connection] = []
        defer { for connection in idle { close(connection.fd) } }
        while true {
            var fds = [pollfd(fd: listener, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: wakePipe.read, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: stopPipe.read, events: Int16(POLLIN), revents: 0)]
            fds += idle.map { pollfd(fd: $0.fd, events: Int16(POLLIN), revents: 0) }
            _ = poll(&fds, nfds_t(fds.count), 1_000)
            if fds[2].revents != 0 { return }
            if fds[1].revents != 0 {
                var scratch = [UInt8](repeating: 0, count: 512)
                while Glibc.read(wakePipe.read, &scratch, scratch.count) > 0 {}
            }
            var stillIdle: [Connection] = []
            for (index, connection) in idle.enumerated() {
                if fds[index + 3].revents != 0 {
                    work.put(connection)
                } else if Date().timeIntervalSince(connection.idleSince) > Double(options.idleSecondsMax) {
                    close(connection.fd)
                } else {
                    stillIdle.append(connection)
                }
            }
            idle = stillIdle + returned.withLock { list in defer { list = [] }; return list }
            if fds[0].revents != 0 {
                while let fd = Socket.accept(listener) {
                    Socket.setReceiveTimeout(fd, seconds: 5)
                    idle.append(Connection(fd: fd))
                }
            }
        }
    }

    /// Reads and answers requests on a connection until it has no complete request buffered,
    /// then hands it back to the event loop (or closes it).
    private func serve(_ connection: Connection) {
        let started = Date()
        while true {
            let parsed: HTTPRequestParser.Result
            do { parsed = try HTTPRequestParser.parse(connection.buffer, bodyBytesMax: options.bodyBytesMax) } catch {
                _ = Socket.writeAll(connection.fd, HTTPResponse.text(error.status, error.reason).bytes(keepAlive: false))
                close(connection.fd)
                return
            }
            switch parsed {
            case .needMoreBytes:
                if !connection.buffer.isEmpty, Date().timeIntervalSince(started) > Double(options.requestSecondsMax) {
                    _ = Socket.writeAll(connection.fd, HTTPResponse.text(408, "request took too long to arrive").bytes(keepAlive: false))
                    close(connection.fd)
                    return
                }
                guard let bytes = Socket.read(connection.fd) else {
                    if errno == EAGAIN || errno == EWOULDBLOCK, !connection.buffer.isEmpty,
                       Date().timeIntervalSince(started) <= Double(options.requestSecondsMax) { continue }
                    close(connection.fd)
                    return
                }
                connection.buffer += bytes
            case .request(let request, let consumed):
                connection.buffer.removeFirst(consumed)
                let response = handler(request)
                served.withLock { $0 += 1 }
                let keepAlive = request.keepAlive && !stopRequested.withLock({ $0 })
                guard Socket.writeAll(connection.fd, response.bytes(keepAlive: keepAlive)), keepAlive else {
                    close(connection.fd)
                    return
                }
                if connection.buffer.isEmpty {
                    connection.idleSince = Date()
                    returned.withLock { $0.append(connection) }
                    var byte: UInt8 = 1
                    _ = Glibc.write(wakePipe.write, &byte, 1)
                    return
                }
            }
        }
    }
}
