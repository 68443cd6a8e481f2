#if canImport(Glibc)
    import Glibc
#endif
import SnodoModel

/// A store restored from an older copy must never give a stamp (writer and clock reading) a
/// second value: the copy's clock is behind what the lost original may have stamped and sent.
/// So the store stamps its own writes with a writer id of its own, and takes a new one, before
/// writing anything, whenever it may be a copy: when the file it opens is not the file it last
/// recorded (a copy put back, a reinstall), and when a sync shows that the relay holds changes of
/// this laptop that the store does not (a snapshot rolled back in place).
extension Store {
    /// Settings that say what happened, for `snodo status`.
    package static let incarnationReason = "incarnation.reason"
    package static let incarnationMillis = "incarnation.millis"

    /// Why a store took a new writer id.
    package enum IncarnationReason: String, Sendable {
        /// The file is not the one the store last ran from: a copy, a restore, a reinstall.
        case copied
        /// The relay holds changes of this laptop that the store lacks: rolled back in place.
        case rolledBack = "rolled-back"
        /// The operator restored the relay from a backup.
        case restored
    }

    /// Whether this store knows it was put back from an older copy, or found its log older than a
    /// peer's: a relay that does takes back what laptops received from it, whoever wrote it.
    package var knowsItWasRestored: Bool {
        get throws { try setting(Store.incarnationReason) != nil || setting(Store.logBehindMillis) != nil }
    }

    /// When a peer showed this store's log to be behind what the peer had received from it.
    package static let logBehindMillis = "restore.log-behind-millis"

    /// Takes a new writer id, saved at once; every later own write carries it.
    func takeNewIncarnation(_ reason: IncarnationReason) throws {
        assertWriting()
        writer = DeviceID(environment.random() | 1)
        try saveMeta("writer", Int64(bitPattern: writer.raw))
        // The earliest: a relay restored from a backup older than any of this store's forks
        // may hold a record of its log from before the first of them.
        let earlier = try meta("incarnation_head").map { UInt64(bitPattern: $0) } ?? .max
        try saveMeta("incarnation_head", Int64(bitPattern: min(earlier, lastChangeNumber)))
        try saveMeta("incarnation_last_head", Int64(bitPattern: lastChangeNumber))
        try setSetting(Store.incarnationReason, reason.rawValue)
        try setSetting(Store.incarnationMillis, String(environment.wallMillis()))
    }

    /// The last change number this store held when it first took a new writer id: what it wrote
    /// after that may differ from a peer's record of its log made before then (that record may
    /// describe the copy's lost original). Nil when it never took one.
    package var incarnationHead: UInt64? {
        get throws { try meta("incarnation_head").map { UInt64(bitPattern: $0) } }
    }

    /// The last change number this store held when it last took a new writer id.
    package var lastIncarnationHead: UInt64? {
        get throws { try meta("incarnation_last_head").map { UInt64(bitPattern: $0) } }
    }

    /// Records which file this store runs from (device and inode).
    func noteFileIdentity() throws {
        guard let identity = fileIdentity() else { return }
        try writeTransaction { try saveMeta("file_identity", identity) }
    }

    /// At open: a store whose file is not the one it recorded is a copy, and takes a new writer id.
    /// A store from before this check records its file and goes on.
    func noticeCopy() throws {
        guard let identity = fileIdentity() else { return }
        let recorded = try meta("file_identity")
        guard recorded != identity else { return }
        try write { transaction in
            if recorded != nil { try transaction.takeNewIncarnation(.copied) }
            try saveMeta("file_identity", identity)
        }
    }

    private func fileIdentity() -> Int64? {
        guard Store.isFile(path) else { return nil }
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        return Int64(bitPattern: (UInt64(status.st_dev) &* 0x9E37_79B9_7F4A_7C15) ^ UInt64(status.st_ino))
    }
}
