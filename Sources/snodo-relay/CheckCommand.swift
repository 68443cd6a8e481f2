import Foundation
import SnodoCommandLine
import SnodoStore

/// `snodo-relay check`: verifies a relay's folder without changing it (for a monitoring job, or
/// before starting the service after a restore): a Snodo store, intact, private, with its key.
enum CheckCommand {
    static let spec = CommandSpec(
        path: "snodo-relay check", usage: "snodo-relay check [--store DIR] [--open]",
        summary: "verify the relay's store: integrity, owner-only permissions, key present; exit 1 with the reason",
        valueOptions: ["store"], flags: ["open"],
        details: ["Changes nothing. --open: the relay serves with --open, so it needs no key."])

    static let command = Command(spec: spec) { arguments, _ in
        let folder = arguments.value("store") ?? RelayCommands.defaultFolder
        let problems = findings(folder: folder, needsKey: !arguments.has("open"))
        guard problems.isEmpty else {
            for problem in problems.dropLast() { Output.error("snodo-relay: check: \(problem)") }
            throw CommandError.failure("check: \(problems.last!)")
        }
        Output.line("ok: \(folder) holds an intact relay store, readable by its owner only\(arguments.has("open") ? "" : ", with its key")")
    }

    /// Everything wrong with a relay folder, each as one line saying what to do.
    static func findings(folder: String, needsKey: Bool) -> [String] {
        let path = folder + "/relay.sqlite"
        guard FileManager.default.fileExists(atPath: path) else { return ["no relay store at \(path) (serve or enroll creates it; restore a backup)"] }
        var problems: [String] = []
        for file in [folder] + OwnerOnly.storeFiles(path) + (needsKey ? [folder + "/relay.key"] : []) {
            if let mode = OwnerOnly.looseMode(file) {
                problems.append("\(file) can be read by other users (mode \(String(mode, radix: 8))): run `chmod go-rwx \(file)`")
            }
        }
        problems += storeFindings(path)
        if needsKey {
            let key = folder + "/relay.key"
            if let data = FileManager.default.contents(atPath: key) {
                if data.count != 32 { problems.append("\(key) is not a relay key (expected 32 bytes): restore it from the backup of the key") }
            } else {
                problems.append("no relay key at \(key): every enrolled laptop's key derives from it; restore it, or use --open for an open relay")
            }
        }
        return problems
    }

    private static func storeFindings(_ path: String) -> [String] {
        switch StoreFile.check(path) {
        case .sound: []
        case .foreign: ["\(path) is not a Snodo store"]
        case .damaged(let detail): ["\(path) is damaged (\(detail)): restore the last backup"]
        case .unreadable(let detail): ["\(path) cannot be read (\(detail)): check its owner and the disk"]
        }
    }
}
