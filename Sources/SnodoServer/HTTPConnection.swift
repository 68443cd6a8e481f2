import Foundation

/// One client connection as the event loop sees it. Only the event loop thread touches it; a
/// worker sees the request it carries and the connection's number, never the socket.
final class HTTPConnection {
    /// Where the connection is in its request/response cycle, and since when.
    enum Phase {
        /// Between requests (or just accepted): no byte of the next request yet.
        case waiting(since: Double)
        /// Part of a request has arrived; it must be whole before its deadline.
        case receiving(started: Double, deadline: Double)
        /// A whole request is with a worker; the socket is not read meanwhile.
        case processing
        /// The response is being written; it must make progress before `deadline`.
        case sending(bytes: [UInt8], offset: Int, closeAfter: Bool, deadline: Double)
    }

    let number: Int
    let fd: Int32
    /// The peer's address without the port: the unit of the per-peer connection cap.
    let peer: String
    var inbound: [UInt8] = []
    var phase: Phase
    /// When a byte last moved either way: the oldest idle connection is evicted first.
    var lastActivity: Double

    init(number: Int, fd: Int32, peer: String, now: Double) {
        self.number = number
        self.fd = fd
        self.peer = peer
        phase = .waiting(since: now)
        lastActivity = now
    }

    /// Connections a new one may displace: those not holding a request being merged or answered.
    var isEvictable: Bool {
        switch phase {
        case .waiting, .receiving: true
        case .processing, .sending: false
        }
    }

    /// The poll(2) events the loop waits for: input while a request is wanted, output while a
    /// response is pending, and always the peer's hang-up, so a closed socket is noticed at once.
    var pollEvents: Int16 {
        let hangUp = Int16(0x2000)  // POLLRDHUP, which Glibc does not export to Swift
        switch phase {
        case .waiting, .receiving: return Int16(POLLIN) | hangUp
        case .processing: return hangUp
        case .sending: return Int16(POLLOUT) | hangUp
        }
    }
}

/// The deadlines that keep slow or silent clients from holding the relay.
package struct HTTPDeadlines: Sendable {
    /// From a request's first byte to the end of its headers.
    package var headerSeconds = 10.0
    /// A body must arrive at least this fast, after `bodyGraceSeconds`.
    package var bodyBytesPerSecondMin = 4_096.0
    package var bodyGraceSeconds = 10.0
    /// How long a connection may sit with no request (fresh or kept alive).
    package var idleSeconds = 30.0
    /// How long a response may wait for the client to read any of it.
    package var writeSeconds = 20.0

    package init() {}

    /// When a request whose body is `bodyBytes` long and whose first byte came at `started` must be whole.
    func requestDeadline(started: Double, bodyBytes: Int?) -> Double {
        guard let bodyBytes else { return started + headerSeconds }
        return started + headerSeconds + bodyGraceSeconds + Double(bodyBytes) / bodyBytesPerSecondMin
    }
}
