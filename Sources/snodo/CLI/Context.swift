import SnodoCommandLine
import Foundation
import SnodoModel
import SnodoStore
import SnodoSync
import SnodoCommands

/// Where a command finds its store and how it talks to the world: the real wall clock and the
/// system's random numbers, read here at the edge and injected into the library.
struct Context: Sendable {
    /// `--store PATH`, else `SNODO_STORE`, else `$XDG_DATA_HOME/snodo/field.sqlite`
    /// (`~/.local/share/snodo/field.sqlite`).
    let storePath: String
    let json: Bool

    static func resolveStorePath(option: String?) -> String {
        if let option { return option }
        let environment = ProcessInfo.processInfo.environment
        if let path = environment["SNODO_STORE"], !path.isEmpty { return path }
        let dataHome =
            environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (NSHomeDirectory() + "/.local/share")
        return dataHome + "/snodo/field.sqlite"
    }

    static var liveEnvironment: StoreEnvironment { .live }

    /// The profile of the store at `path`, which decides the record commands there are; the core
    /// profile when there is no store yet (or it does not open: the command then says why).
    /// The store opened then is kept for the command, which takes it instead of opening the file
    /// a second time.
    static func profile(at path: String) -> Profile {
        guard let store = try? Store.open(path: path, environment: liveEnvironment) else { return .core }
        for file in store.tightenedFiles { Output.error("snodo: " + StoreErrorText.tightened(file)) }
        OpenedStore.keep(store, path: path)
        return store.profile
    }

    func openStore() throws -> Store {
        if let store = OpenedStore.take(path: storePath) { return store }
        let store = try Store.open(path: storePath, environment: Context.liveEnvironment)
        for file in store.tightenedFiles { Output.error("snodo: " + StoreErrorText.tightened(file)) }
        return store
    }

    /// Opens the store for a command that shows records: refused once the offline lease has run
    /// out, so a lost laptop stops showing data it should no longer carry.
    func openStoreForReading() throws -> Store {
        let store = try openStore()
        let lease = try DeviceCredentials(store: store).leaseExpired()
        if lease.expired {
            throw CommandError.failure(
                tr(
                    "questo portatile non si sincronizza da \(lease.days) giorni, oltre il suo periodo di validità: `snodo sync` per rivedere le schede",
                    en: "this laptop has not synced for \(lease.days) days, past its lease: run `snodo sync` to see records again"))
        }
        return store
    }
}

/// The store `Context.profile(at:)` opened to learn which commands exist, handed once to the
/// command that runs: one open of the file per process. A command that takes it owns it.
final class OpenedStore: @unchecked Sendable {
    private static let shared = OpenedStore()
    private let lock = NSLock()
    private var kept: (path: String, store: Store)?

    static func keep(_ store: Store, path: String) {
        shared.lock.lock()
        defer { shared.lock.unlock() }
        shared.kept = (path, store)
    }

    static func take(path: String) -> Store? {
        shared.lock.lock()
        defer { shared.lock.unlock() }
        guard let kept = shared.kept, kept.path == path else { return nil }
        shared.kept = nil
        return kept.store
    }
}
