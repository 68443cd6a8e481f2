import Foundation
#if canImport(Glibc)
    import Glibc
#endif
import SnodoModel
import SnodoStore
import SnodoServer
import SnodoSync
import SnodoTestSupport

/// A real `snodo-relay serve` process on a free loopback port, restartable on the same store.
final class RelayProcess {
    let folder: String
    private(set) var process: Process?
    private(set) var port: UInt16 = 0

    /// Open relays serve anyone (the sync tests); closed ones only enrolled laptops (the trust tests).
    let open: Bool

    /// Further `serve` options (deadlines, caps).
    let options: [String]

    init(folder: String, open: Bool = true, options: [String] = []) {
        self.folder = folder
        self.open = open
        self.options = options
    }

    /// The relay's JSON-lines log (its standard error), beside its folder.
    var logPath: String { folder + ".log" }

    /// The log's lines, parsed.
    func logLines() throws -> [[String: Any]] {
        let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        return try text.split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
    }

    var url: String { "http://127.0.0.1:\(port)" }
    var storePath: String { folder + "/relay.sqlite" }

    /// Starts the relay and waits for its "listening" line, which it prints once bound.
    func start() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: productsFolder + "/snodo-relay")
        process.arguments = ["serve", "--store", folder, "--listen", "127.0.0.1:0"] + (open ? ["--open"] : []) + options
        let out = Pipe()
        process.standardOutput = out
        if !FileManager.default.fileExists(atPath: logPath) { FileManager.default.createFile(atPath: logPath, contents: nil) }
        let log = FileHandle(forWritingAtPath: logPath)!
        log.seekToEndOfFile()
        process.standardError = log
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = out.fileHandleForReading.availableData
            guard !chunk.isEmpty else { throw RelayTestError.relayDidNotStart }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self)
        guard let range = text.range(of: #"127\.0\.0\.1:(\d+)"#, options: .regularExpression),
            let port = UInt16(text[range].split(separator: ":")[1])
        else { throw RelayTestError.relayDidNotStart }
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
        try openTestStore(path: storePath, environment: TestClock(seed: 77).environment)
    }
}

enum RelayTestError: Error { case relayDidNotStart }

typealias RawHTTP = SocketHTTP
typealias RawTransport = SocketTransport
