#if canImport(Glibc)
    import Glibc
#endif
import Foundation
import SnodoCommandLine
import SnodoCommands
import SnodoStore
import SnodoSync

/// `snodo-relay restore BACKUP`: the way back after a lost disk. The backup is checked on a copy
/// (a Snodo store, intact, a relay's and not a laptop's), the store it replaces is kept aside, and
/// the restored store records that it was restored. Nothing else needs doing: at their next sync
/// the laptops see from the log's fingerprints that the relay is older than what they hold, and
/// send back what it lacks (Protocol/SPEC.md, "Restores").
enum RestoreCommand {
    static let restoredMillis = "restore.millis"
    static let restoredFrom = "restore.from"
    static let restoredHead = "restore.head"

    static let command = Command(
        spec: CommandSpec(
            path: "snodo-relay restore", usage: "snodo-relay restore BACKUP [--store DIR]",
            summary: tr(
                "rimette una copia al posto dell'archivio del relay, dopo un disco perso o danneggiato; i portatili rimandano ciò che manca",
                en: "put a backup back in place of the relay's store, after a lost or damaged disk; the laptops send back what it lacks"),
            valueOptions: ["store"],
            details: Language.current == .english
                ? [
                    "Stop the relay first. The store it replaces, if any, is kept beside it as relay.sqlite.replaced-TIME.",
                    "Laptops need nothing: at their next sync each sends back what the backup lacks (`snodo-relay status` shows",
                    "which have). Devices enrolled, scopes changed and laptops revoked after the backup must be done again.",
                ]
                : [
                    "Prima fermare il relay. L'archivio sostituito, se c'è, resta accanto come relay.sqlite.replaced-ORA.",
                    "I portatili non devono fare nulla: alla prossima sincronizzazione ciascuno rimanda ciò che manca alla copia",
                    "(`snodo-relay status` mostra quali l'hanno fatto). Registrazioni, cambi d'ambito e revoche fatti dopo la copia",
                    "vanno rifatti.",
                ], positionals: 1...1)
    ) { arguments, _ in
        let backup = arguments.positionals[0]
        let target = RelayCommands.storePath(arguments)
        let folder = (target as NSString).deletingLastPathComponent
        guard FileManager.default.isReadableFile(atPath: backup) else {
            throw CommandError.failure(tr("\(backup): file inesistente o illeggibile", en: "\(backup): no such readable file"))
        }
        // A laptop's store is sealed under its operator's passphrase, its key file beside it.
        if VaultFile.isSealed(backup) {
            throw CommandError.failure(tr("\(backup) è l'archivio di un portatile, non di un relay", en: "\(backup) is a laptop's store, not a relay's"))
        }
        try OwnerOnly.makeFolder(folder)
        let lock = try ServeLock(folder: folder)
        guard lock.acquired else {
            throw CommandError.failure(
                tr(
                    "uno snodo-relay sta servendo da \(folder): prima fermarlo (systemctl stop snodo-relay), poi ripristinare",
                    en: "a snodo-relay is serving from \(folder): stop it first (systemctl stop snodo-relay), then restore"))
        }
        let staging = target + ".restoring"
        removeStoreFiles(staging)
        defer { removeStoreFiles(staging) }
        do { try StoreFile.copy(backup, to: staging) } catch {
            throw CommandError.failure(
                tr("\(backup) non si legge come database SQLite: \(error)", en: "\(backup) cannot be read as a SQLite database: \(error)"))
        }
        let head = try check(staging, backup: backup)
        let kept = try keepAside(target)
        guard moveStore(staging, to: target) else {
            throw CommandError.failure(tr("impossibile spostare l'archivio ripristinato in \(target)", en: "cannot move the restored store into \(target)"))
        }
        Output.line(
            tr(
                "ripristinato \(target) da \(backup): il suo registro finisce alla modifica \(head)",
                en: "restored \(target) from \(backup): its log ends at change \(head)"))
        if let kept {
            Output.line(
                tr(
                    "l'archivio sostituito resta come \(kept) (solo per il proprietario; cancellarlo quando non serve più)",
                    en: "the store it replaced is kept as \(kept) (owner-only; delete it once you no longer need it)"))
        }
        Output.line(
            tr(
                "alla prossima sincronizzazione i portatili rimandano ciò che manca alla copia; `snodo-relay status` mostra quali l'hanno fatto",
                en: "at their next sync the laptops send back what the backup lacks; `snodo-relay status` shows which have"))
        Output.line(
            tr(
                "rifare ciò che l'ufficio ha fatto al relay dopo la copia: registrazioni, cambi d'ambito, revoche, cancellazioni",
                en: "do again what the office did at the relay after the backup was taken: enrollments, scope changes, revocations, erasures"))
    }

    /// Opens the staged copy as a store: a Snodo store, intact, a relay's. Records the restore in
    /// it, and returns the last change number the backup holds.
    private static func check(_ staging: String, backup: String) throws -> UInt64 {
        let store: Store
        do { store = try Store.open(path: staging, environment: RelayCommands.liveEnvironment) } catch let error as StoreError {
            throw CommandError.failure(
                tr(
                    "\(backup) non è un archivio che questo snodo-relay può ripristinare: \(StoreErrorText.describe(error))",
                    en: "\(backup) is not a store this snodo-relay can restore: \(error)"))
        }
        let integrity = try store.integrityCheck()
        guard integrity == "ok" else {
            throw CommandError.failure(
                tr(
                    "\(backup) è danneggiato (integrity_check: \(integrity.prefix(200))): provare una copia più vecchia",
                    en: "\(backup) is damaged (integrity_check: \(integrity.prefix(200))): try an older backup"))
        }
        guard try store.peers().allSatisfy({ $0.name != DeviceSync.relayPeer }) else {
            throw CommandError.failure(tr("\(backup) è l'archivio di un portatile, non di un relay", en: "\(backup) is a laptop's store, not a relay's"))
        }
        try store.write { transaction in
            try transaction.setSetting(restoredMillis, String(store.wallMillis))
            try transaction.setSetting(restoredFrom, (backup as NSString).lastPathComponent)
            try transaction.setSetting(restoredHead, String(store.lastChangeNumber))
            try transaction.setSetting(Store.incarnationReason, Store.IncarnationReason.restored.rawValue)
        }
        return store.lastChangeNumber
    }

    /// Moves the current store's files aside; nil when there was none.
    private static func keepAside(_ target: String) throws -> String? {
        guard FileManager.default.fileExists(atPath: target) else { return nil }
        let stamp = Display.isoTime(Int64(Date().timeIntervalSince1970 * 1000)).replacingOccurrences(of: ":", with: "")
        let kept = target + ".replaced-" + stamp
        guard moveStore(target, to: kept) else { throw CommandError.failure(tr("impossibile spostare da parte \(target)", en: "cannot move \(target) aside")) }
        return kept
    }

    /// Renames a store's files (database, WAL, shared memory, those that exist); false on failure.
    private static func moveStore(_ source: String, to target: String) -> Bool {
        zip(OwnerOnly.storeFiles(source), OwnerOnly.storeFiles(target)).allSatisfy { from, to in
            !FileManager.default.fileExists(atPath: from) || rename(from, to) == 0
        }
    }

    private static func removeStoreFiles(_ path: String) {
        for file in OwnerOnly.storeFiles(path) { try? FileManager.default.removeItem(atPath: file) }
    }
}

/// The lock `serve` holds on its folder for as long as it runs, so that `restore` never replaces
/// a store under a serving relay, and two relays never serve one folder.
final class ServeLock {
    private let descriptor: Int32
    let acquired: Bool

    init(folder: String) throws {
        descriptor = open(folder + "/serve.lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw CommandError.failure(tr("impossibile aprire \(folder)/serve.lock", en: "cannot open \(folder)/serve.lock")) }
        acquired = flock(descriptor, LOCK_EX | LOCK_NB) == 0
    }

    deinit { close(descriptor) }
}
