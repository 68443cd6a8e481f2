import Foundation
import Testing
#if canImport(Glibc)
    import Glibc
#endif
import SnodoStore
import SnodoTestSupport

/// nginx terminates TLS in front of the relay, with a test certificate authority; `snodo sync`
/// reaches it over https with URLSession. URLSession on Linux trusts only the system bundle
/// (SSL_CERT_FILE and trust delegates are ignored), so each `snodo` runs in a private mount
/// namespace (`unshare -m`) where the system bundle plus the test CA is bind-mounted over
/// /etc/ssl/certs/ca-certificates.crt: the machine's trust store is never changed. It needs root,
/// unshare and nginx; where any is missing it says so and does nothing.
@Suite(.serialized) struct HTTPSThroughNginxTests {
    static let nginx = ["/usr/sbin/nginx", "/usr/bin/nginx"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static let systemBundle = "/etc/ssl/certs/ca-certificates.crt"
    static let canRun =
        getuid() == 0 && nginx != nil && FileManager.default.isExecutableFile(atPath: "/usr/bin/unshare")
        && FileManager.default.fileExists(atPath: systemBundle)

    @Test(.enabled(if: canRun, "needs root, unshare, the system CA bundle and nginx (.ci/run installs nginx)"))
    func syncOverHTTPSThroughNginx() throws {
        let folder = makeTemporaryFolder("snodo-https")
        defer { removeTemporaryFolder(folder) }
        try makeCertificates(in: folder)
        let bundle = folder + "/bundle.crt"
        let trusted = FileManager.default.contents(atPath: HTTPSThroughNginxTests.systemBundle)! + FileManager.default.contents(atPath: folder + "/ca.pem")!
        try trusted.write(to: URL(fileURLWithPath: bundle))
        let systemBefore = FileManager.default.contents(atPath: HTTPSThroughNginxTests.systemBundle)
        defer { #expect(FileManager.default.contents(atPath: HTTPSThroughNginxTests.systemBundle) == systemBefore, "the machine's trust store is unchanged") }
        // Runs `snodo` seeing the test CA, in a mount namespace of its own.
        let trusting = ["/usr/bin/unshare", "-m", "/bin/sh", "-c", "mount --bind \(bundle) \(HTTPSThroughNginxTests.systemBundle) && exec \"$0\" \"$@\""]
        let relay = RelayProcess(folder: folder + "/relay")
        try relay.start()
        defer { _ = relay.stop() }
        let port = try freePort()
        let nginx = try startNginx(folder: folder, port: port, upstream: relay.port)
        defer { kill(nginx.processIdentifier, SIGTERM); nginx.waitUntilExit() }

        let url = "https://localhost:\(port)"
        let a = folder + "/a.sqlite", b = folder + "/b.sqlite"
        for store in [a, b] { #expect(try runProduct("snodo", ["--store", store, "init", "--district", "Lodi-1"]).status == 0) }
        let home = try runProduct("snodo", ["--store", a, "household", "add", "--comune", "Lodi", "--street", "via Cavour"]).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        for index in 0..<30 {
            _ = try runProduct(
                "snodo",
                [
                    "--store", a, "visit", "log", "--subject", home, "--kind", "home-monitoring", "--outcome", "met",
                    "--note", String(repeating: "nota del giro \(index) ", count: 8),
                ])
        }
        let sent = try runProduct("snodo", ["--store", a, "sync", "--relay", url], launcher: trusting)
        #expect(sent.status == 0, "\(sent.stderr)")
        let received = try runProduct("snodo", ["--store", b, "sync", "--relay", url, "--json"], launcher: trusting)
        #expect(received.status == 0, "\(received.stderr)")
        let digestA = try openTestStore(path: a, environment: TestClock(seed: 1).environment).state().digest
        let digestB = try openTestStore(path: b, environment: TestClock(seed: 1).environment).state().digest
        #expect(digestA == digestB)
        #expect(digestA == (try relay.openStore().state().digest))
        // nginx gzips the response; URLSession inflates it, so the body still decodes.
        let report = try JSONSerialization.jsonObject(with: Data(received.stdout.utf8)) as? [String: Any]
        #expect((report?["received"] as? Int ?? 0) > 100)
    }

    private func makeCertificates(in folder: String) throws {
        try "subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n".write(toFile: folder + "/ext.cnf", atomically: true, encoding: .utf8)
        try shell(
            "/usr/bin/openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", folder + "/ca.key", "-out", folder + "/ca.pem", "-days", "2", "-subj", "/CN=Snodo Test CA")
        try shell(
            "/usr/bin/openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", folder + "/server.key", "-out", folder + "/server.csr", "-subj", "/CN=localhost")
        try shell(
            "/usr/bin/openssl", "x509", "-req", "-in", folder + "/server.csr", "-CA", folder + "/ca.pem", "-CAkey", folder + "/ca.key",
            "-CAcreateserial", "-out", folder + "/server.pem", "-days", "2", "-extfile", folder + "/ext.cnf")
    }

    private func startNginx(folder: String, port: UInt16, upstream: UInt16) throws -> Process {
        // The site is the one operators install: `snodo-relay deploy nginx`.
        let site = try runProduct(
            "snodo-relay",
            [
                "deploy", "nginx", "--server-name", "localhost", "--certificate", folder + "/server.pem",
                "--certificate-key", folder + "/server.key", "--listen", "127.0.0.1:\(port)",
                "--relay", "127.0.0.1:\(upstream)",
            ])
        #expect(site.status == 0, "\(site.stderr)")
        try site.stdout.write(toFile: folder + "/site.conf", atomically: true, encoding: .utf8)
        let config = """
            daemon off;
            worker_processes 1;
            pid \(folder)/nginx.pid;
            error_log \(folder)/nginx-error.log warn;
            events { worker_connections 256; }
            http {
                access_log off;
                client_body_temp_path \(folder)/body; proxy_temp_path \(folder)/proxy;
                fastcgi_temp_path \(folder)/fastcgi; uwsgi_temp_path \(folder)/uwsgi; scgi_temp_path \(folder)/scgi;
                include \(folder)/site.conf;
            }
            """
        try config.write(toFile: folder + "/nginx.conf", atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: HTTPSThroughNginxTests.nginx!)
        process.arguments = ["-c", folder + "/nginx.conf", "-p", folder]
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Ready when it accepts a connection; give up after a bounded number of attempts.
        for _ in 0..<200 {
            if let fd = try? RawHTTP.connect(port: port) { close(fd); return process }
            usleep(25_000)
        }
        throw RelayTestError.relayDidNotStart
    }

    private func freePort() throws -> UInt16 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return UInt16(bigEndian: address.sin_port)
    }

    @discardableResult
    private func shell(_ path: String, _ arguments: String...) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
