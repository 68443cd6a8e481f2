import Foundation
import SnodoCommandLine
import SnodoStore

/// `snodo-relay check`: verifies a relay's folder without changing it (for a monitoring job, or
/// before starting the service after a restore): a Snodo store, intact, private, with its key.
enum CheckCommand {
    static let spec = CommandSpec(
        path: "snodo-relay check", usage: "snodo-relay check [--store DIR] [--open]",
        summary: tr(
            "verifica l'archivio del relay: integrità, permessi del solo proprietario, chiave presente; esce con 1 e il motivo",
            en: "verify the relay's store: integrity, owner-only permissions, key present; exit 1 with the reason"),
        valueOptions: ["store"], flags: ["open"],
        details: [
            tr(
                "Non cambia nulla. --open: il relay serve con --open, quindi non serve la chiave.",
                en: "Changes nothing. --open: the relay serves with --open, so it needs no key.")
        ])

    static let command = Command(spec: spec) { arguments, _ in
        let folder = arguments.value("store") ?? RelayCommands.defaultFolder
        let problems = findings(folder: folder, needsKey: !arguments.has("open"))
        guard problems.isEmpty else {
            for problem in problems.dropLast() { Output.error("snodo-relay: check: \(problem)") }
            throw CommandError.failure("check: \(problems.last!)")
        }
        let key = arguments.has("open") ? "" : tr(", con la sua chiave", en: ", with its key")
        Output.line(
            tr(
                "ok: \(folder) contiene un archivio del relay integro, leggibile solo dal proprietario\(key)",
                en: "ok: \(folder) holds an intact relay store, readable by its owner only\(key)"))
    }

    /// Everything wrong with a relay folder, each as one line saying what to do.
    static func findings(folder: String, needsKey: Bool) -> [String] {
        let path = folder + "/relay.sqlite"
        guard FileManager.default.fileExists(atPath: path) else {
            return [
                tr(
                    "nessun archivio del relay in \(path) (lo creano serve o enroll; oppure ripristinare una copia)",
                    en: "no relay store at \(path) (serve or enroll creates it; restore a backup)")
            ]
        }
        var problems: [String] = []
        for file in [folder] + OwnerOnly.storeFiles(path) + (needsKey ? [folder + "/relay.key"] : []) {
            if let mode = OwnerOnly.looseMode(file) {
                let octal = String(mode, radix: 8)
                problems.append(
                    tr(
                        "\(file) è leggibile da altri utenti (permessi \(octal)): eseguire `chmod go-rwx \(file)`",
                        en: "\(file) can be read by other users (mode \(octal)): run `chmod go-rwx \(file)`"))
            }
        }
        problems += storeFindings(path)
        if needsKey {
            let key = folder + "/relay.key"
            if let data = FileManager.default.contents(atPath: key) {
                if data.count != 32 {
                    problems.append(
                        tr(
                            "\(key) non è una chiave del relay (attesi 32 byte): ripristinarla dalla copia della chiave",
                            en: "\(key) is not a relay key (expected 32 bytes): restore it from the backup of the key"))
                }
            } else {
                problems.append(
                    tr(
                        "nessuna chiave del relay in \(key): ne derivano le chiavi di tutti i portatili registrati; "
                            + "ripristinarla, o usare --open per un relay aperto",
                        en: "no relay key at \(key): every enrolled laptop's key derives from it; restore it, or use --open for an open relay"))
            }
        }
        return problems
    }

    private static func storeFindings(_ path: String) -> [String] {
        switch StoreFile.check(path) {
        case .sound: []
        case .foreign: [tr("\(path) non è un archivio Snodo", en: "\(path) is not a Snodo store")]
        case .damaged(let detail):
            [tr("\(path) è danneggiato (\(detail)): ripristinare l'ultima copia", en: "\(path) is damaged (\(detail)): restore the last backup")]
        case .unreadable(let detail):
            [
                tr(
                    "\(path) non si può leggere (\(detail)): controllare il proprietario e il disco",
                    en: "\(path) cannot be read (\(detail)): check its owner and the disk")
            ]
        }
    }
}
