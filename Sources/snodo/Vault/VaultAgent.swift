import Foundation
#if canImport(Glibc)
    import Glibc
#endif
import SnodoModel
import SnodoStore

/// Keeps a store's data key for a login session, so that commands need no passphrase after
/// `snodo unlock`: a small process listening on a Unix socket in the user's runtime folder (0700),
/// answering only processes of the same user (checked with SO_PEERCRED), and exiting, with the
/// key zeroed, after an idle time or on `snodo lock`. It works where the kernel keyring is not
/// offered (containers, some desktops), and nothing of the key touches the disk.
enum VaultAgent {
    /// The socket for a store: one per store path, per user.
    static func socketPath(for store: String) -> String {
        let runtime = ProcessInfo.processInfo.environment["XDG_RUNTIME_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        let name = SHA256.hash(Array(URL(fileURLWithPath: store).standardizedFileURL.path.utf8)).hex.prefix(24)
        return "\(runtime)/snodo-\(getuid())/\(name).sock"
    }

    /// The data key from a running agent; nil when none runs (or another user's answers).
    static func key(for store: String) -> VaultKey? {
        guard let fd = connect(socketPath(for: store)) else { return nil }
        defer { close(fd) }
        guard write(fd, "k", 1) == 1 else { return nil }
        var key = [UInt8](repeating: 0, count: PageSeal.keyBytes)
        var read = 0
        while read < key.count {
            let count = key.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + read, $0.count - read) }
            guard count > 0 else { return nil }
            read += count
        }
        return VaultKey(dataKey: key)
    }

    /// Tells the agent to forget the key and exit; false when none was running.
    static func lock(_ store: String) -> Bool {
        guard let fd = connect(socketPath(for: store)) else { return false }
        defer { close(fd) }
        return write(fd, "l", 1) == 1
    }

    private static func connect(_ path: String) -> Int32? {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var address = unixAddress(path)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard result == 0 else {
            close(fd)
            return nil
        }
        return fd
    }

    private static func unixAddress(_ path: String) -> sockaddr_un {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { bytes in
            let utf8 = Array(path.utf8.prefix(bytes.count - 1))
            bytes.copyBytes(from: utf8)
            bytes[utf8.count] = 0
        }
        return address
    }

    /// The agent itself (`snodo vault-agent`): reads the key from its standard input, then
    /// answers on the socket until `idleSeconds` pass without a request, or a lock.
    static func serve(store: String, idleSeconds: Int) -> Int32 {
        var key = [UInt8](repeating: 0, count: PageSeal.keyBytes)
        var filled = 0
        while filled < key.count {
            let count = key.withUnsafeMutableBytes { read(0, $0.baseAddress! + filled, $0.count - filled) }
            guard count > 0 else { return 1 }
            filled += count
        }
        defer { SecretBytes.wipe(&key) }
        let path = socketPath(for: store)
        let folder = (path as NSString).deletingLastPathComponent
        mkdir(folder, 0o700)
        var info = stat()
        guard stat(folder, &info) == 0, info.st_uid == getuid(), info.st_mode & 0o077 == 0 else { return 1 }
        unlink(path)
        let listener = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = unixAddress(path)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0, listen(listener, 8) == 0 else { return 1 }
        chmod(path, 0o600)
        defer {
            close(listener)
            unlink(path)
        }
        while true {
            var poller = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, Int32(min(idleSeconds, 24 * 3600) * 1000)) > 0 else { return 0 }
            let client = accept(listener, nil, nil)
            guard client >= 0 else { continue }
            defer { close(client) }
            var peer = PeerCredentials()
            var length = socklen_t(MemoryLayout<PeerCredentials>.size)
            guard getsockopt(client, SOL_SOCKET, SO_PEERCRED, &peer, &length) == 0, peer.uid == getuid() else { continue }
            var command: UInt8 = 0
            guard read(client, &command, 1) == 1 else { continue }
            if command == UInt8(ascii: "l") { return 0 }
            if command == UInt8(ascii: "k") { _ = key.withUnsafeBytes { write(client, $0.baseAddress, $0.count) } }
        }
    }
}

/// Linux's `struct ucred` (SO_PEERCRED), which Glibc's module does not export without _GNU_SOURCE.
private struct PeerCredentials {
    var pid: Int32 = 0
    var uid: UInt32 = 0
    var gid: UInt32 = 0
}
