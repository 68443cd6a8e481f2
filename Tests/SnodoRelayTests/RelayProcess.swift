import Foundation
#if canImport(Glibc)
import Glibc
#endif
import SnodoModel
import SnodoStore
import SnodoSync
import SnodoTestSupport

/// A real `snodo-relay serve` process on a free loopback port, restartable on the same store.
final class RelayProcess {
    let folder: String
    private(set) var process: Process?
    private(set) var port: UInt16 = 0

    init(folder: String) { self.folder = folder }

    var url: String { "http://127.0.0.1:\(port)" }
    var storePath: String { folder + "/relay.sqlite" }

    /// Starts the relay and waits for its "listening" line, which it prints once bound.
    func start() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: productsFolder + "/snodo-relay")
        process.arguments = ["serve", "--store", folder, "--listen", "127.0.0.1:0"]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = out.fileHandleForReading.availableData
            guard !chunk.isEmpty else { throw RelayTestError.relayDidNotStart }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self)
        guard let range = text.range(of: #"127\.0\.0\.1:(\d+)"#, options: .regularExpression),
              let port = UInt16(text[range].split(separator: ":")[1]) else { throw RelayTestError.relayDidNotStart }
        self.port = port
        self.process = process
    }

    func kill9() {
        guard let process else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        self.process = nil
    }

    /// SIGTERM and wait: the clean shutdown path.
    func stop() -> Int32 {
        guard let process else { return 0 }
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        self.process = nil
        return process.terminationStatus
    }

    func openStore() throws -> Store {
        try Store.open(path: storePath, environment: TestClock(seed: 77).environment)
    }
}

enum RelayTestError: Error { case relayDidNotStart, connectFailed }

/// A minimal blocking HTTP client over a socket, so tests can send exactly the bytes they want
/// (a garbage body, half a body, a request whose response is never read).
enum RawHTTP {
    static func connect(port: UInt16) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let result = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard result == 0 else { close(fd); throw RelayTestError.connectFailed }
        var timeout = timeval(tv_sec: 20, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        return fd
    }

    static func send(_ fd: Int32, _ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL)) }
            guard written > 0 else { return }
            offset += written
        }
    }

    static func request(path: String = "/sync", method: String = "POST", body: [UInt8], contentLength: Int? = nil) -> [UInt8] {
        Array("\(method) \(path) HTTP/1.1\r\nHost: relay\r\nContent-Type: application/octet-stream\r\nContent-Length: \(contentLength ?? body.count)\r\nConnection: close\r\n\r\n".utf8) + body
    }

    /// Sends a request and reads the whole response (the relay closes after it).
    static func exchange(port: UInt16, _ bytes: [UInt8]) throws -> (status: Int, body: [UInt8]) {
        let fd = try connect(port: port)
        defer { close(fd) }
        send(fd, bytes)
        var response: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress!, 65_536, 0) }
            guard count > 0 else { break }
            response += buffer[0..<count]
        }
        guard let split = (0..<max(0, response.count - 3)).first(where: { response[$0] == 13 && response[$0 + 1] == 10 && response[$0 + 2] == 13 && response[$0 + 3] == 10 }) else {
            return (0, [])
        }
        let head = String(decoding: response[0..<split], as: UTF8.self)
        let status = Int(head.split(separator: " ")[1]) ?? 0
        return (status, Array(response[(split + 4)...]))
    }
}

/// A sync transport over `RawHTTP`, for driving many devices from one test process.
struct RawTransport: SyncTransport {
    let port: UInt16
    func exchange(_ request: [UInt8]) throws(SyncError) -> [UInt8] {
        do {
            let (status, body) = try RawHTTP.exchange(port: port, RawHTTP.request(body: request))
            guard status != 0 else { throw SyncError.transport("no response") }
            return body
        } catch let error as SyncError { throw error } catch { throw .transport("\(error)") }
    }
}
