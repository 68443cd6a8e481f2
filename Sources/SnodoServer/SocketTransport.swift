#if canImport(Glibc)
    import Glibc
#endif
import SnodoSync

/// A minimal blocking HTTP/1.1 client over a loopback socket: a load generator for the benchmark
/// and a way for tests to send exactly the bytes they want. The field uses `HTTPTransport`.
package enum SocketHTTP {
    package static func connect(port: UInt16) throws(SyncError) -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            close(fd)
            throw .transport("cannot connect to 127.0.0.1:\(port)")
        }
        var timeout = timeval(tv_sec: 60, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        return fd
    }

    package static func request(path: String = "/sync", method: String = "POST", body: [UInt8], contentLength: Int? = nil) -> [UInt8] {
        let head =
            "\(method) \(path) HTTP/1.1\r\nHost: relay\r\nContent-Type: application/octet-stream\r\n"
            + "Content-Length: \(contentLength ?? body.count)\r\nConnection: close\r\n\r\n"
        return Array(head.utf8) + body
    }

    /// Sends raw bytes on a connection (stopping quietly if the peer went away).
    package static func send(_ fd: Int32, _ bytes: [UInt8]) {
        _ = Socket.writeAll(fd, bytes)
    }

    /// Sends a request and reads the whole response; the relay closes after it (Connection: close).
    package static func exchange(port: UInt16, _ bytes: [UInt8]) throws(SyncError) -> (status: Int, body: [UInt8]) {
        let answer = try exchangeWithHead(port: port, bytes)
        return (answer.status, answer.body)
    }

    /// The same, with the response's status line and headers as text.
    package static func exchangeWithHead(port: UInt16, _ bytes: [UInt8]) throws(SyncError) -> (status: Int, head: String, body: [UInt8]) {
        let fd = try connect(port: port)
        defer { close(fd) }
        send(fd, bytes)
        var response: [UInt8] = []
        while let chunk = Socket.read(fd) { response += chunk }
        guard let split = HTTPRequestParser.findHeaderEnd(response) else { throw .transport("no HTTP response") }
        let head = String(decoding: response[0..<split], as: UTF8.self)
        let status = head.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        return (status, head, Array(response[(split + 4)...]))
    }
}

/// Sync bodies over `SocketHTTP`, one connection per round.
package struct SocketTransport: SyncTransport {
    package let port: UInt16
    package init(port: UInt16) { self.port = port }

    package func exchange(_ request: [UInt8]) throws(SyncError) -> [UInt8] {
        let (status, body) = try SocketHTTP.exchange(port: port, SocketHTTP.request(body: request))
        guard status != 0 else { throw .transport("no response") }
        return body
    }
}
