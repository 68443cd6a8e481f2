import Foundation
import SnodoModel
import SnodoStore
import SnodoSync

/// One replica of a programme's records: a SQLite store on this machine that an app reads and
/// edits offline, and syncs with a relay when it can. Every edit is kept, and every replica that
/// has received the same changes shows the same values, whatever their order.
///
/// ```swift
/// let replica = try Replica(creatingAt: folder + "/field.sqlite")
/// let home = try await replica.create(
///     "household", ["district": .text("Lodi-1"), "comune": .text("Lodi"), "street": .text("via Roma")])
/// ```
///
/// Calls run one at a time on the replica's own thread; a sync runs there too, so reads wait
/// for it. Another process may use the same store at the same time (SQLite's locking).
public actor Replica {
    private let executor = ReplicaExecutor()
    let store: Store
    let feed = ChangeFeed()
    /// The store's file, as given.
    public nonisolated let path: String

    public nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    /// Creates a new replica, not enrolled with any relay (for a single laptop, or a test).
    /// Fails if a store is already at `path`. With a passphrase, every page of the store is sealed
    /// at rest and opens only with it (README, "Security model").
    public init(creatingAt path: String, passphrase: String? = nil) throws(SnodoError) {
        self.path = path
        store = try SnodoError.wrapping {
            try Replica.makeFolder(for: path)
            return try Replica.create(path, passphrase: passphrase, device: nil)
        }
    }

    /// A new store, sealed under `passphrase` when one is given.
    private static func create(_ path: String, passphrase: String?, device: DeviceID?) throws -> Store {
        guard let passphrase else { return try Store.create(path: path, environment: .live, device: device) }
        let vault = VaultKey.generate()
        let store = try Store.create(path: path, environment: .live, device: device, vault: vault)
        try VaultFile.write(try vault.wrapped(passphrase: passphrase), for: path)
        return store
    }

    /// Creates a new replica with the identity in an enrollment code from `snodo-relay enroll`;
    /// its first sync with `relay` claims the code and fetches the scope's records.
    public init(enrollingAt path: String, code: String, relay: URL, passphrase: String? = nil) throws(SnodoError) {
        guard let enrollment = EnrollmentCode(text: code) else { throw .malformedEnrollmentCode }
        guard Replica.isRelayAddress(relay) else { throw .invalidValue(field: "relay", expected: "an http:// or https:// URL") }
        self.path = path
        store = try SnodoError.wrapping {
            try Replica.makeFolder(for: path)
            let store = try Replica.create(path, passphrase: passphrase, device: enrollment.device)
            try DeviceCredentials(store: store).enroll(enrollment)
            try store.write { try $0.setSetting(Replica.relaySetting, relay.absoluteString) }
            return store
        }
    }

    /// Opens the replica at `path`, migrating an older store to this build's format; a sealed
    /// store needs its passphrase.
    public init(openingAt path: String, passphrase: String? = nil) throws(SnodoError) {
        self.path = path
        var vault: VaultKey?
        if let wrapped = VaultFile.read(for: path) {
            do { vault = try VaultKey.unwrap(wrapped, passphrase: passphrase ?? "") } catch { throw .wrongPassphrase }
        }
        store = try SnodoError.wrapping { try Store.open(path: path, environment: .live, vault: vault) }
    }

    /// The record kinds of the replica's programme profile, with their fields: what an app builds
    /// its forms from. A relay's changed profile shows here after the sync that brings it.
    public var kinds: [KindDescription] { store.profile.kinds.map(KindDescription.init) }

    /// Observes this replica: every commit made through it, and every sync that received
    /// records. (Changes written by another process on the same file are not observed.)
    public nonisolated func changes() -> AsyncStream<ReplicaChange> { feed.stream() }

    /// The setting where the relay's address is remembered, shared with the `snodo` command.
    static let relaySetting = "relay"

    static func isRelayAddress(_ url: URL) -> Bool {
        ["http", "https"].contains(url.scheme?.lowercased() ?? "") && url.host != nil
    }

    private static func makeFolder(for path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty { try OwnerOnly.makeFolder(folder) }
    }
}
