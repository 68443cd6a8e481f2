import SnodoModel
import SnodoStore
import SnodoCommandLine

/// `snodo erase ID --yes`: erases a record's values and history here and, through sync, on every
/// replica; a marker stays so that nothing brings it back.
enum EraseCommand {
    static let spec = CommandSpec(
        path: "snodo erase", usage: "snodo erase ID --yes",
        summary: "erase a record and its history everywhere (GDPR art. 17)", flags: ["yes"],
        details: ["Erasure cannot be undone: --yes confirms it."], positionals: 1...1)

    static let command = Command(spec: spec) { arguments, context in
        guard arguments.has("yes") else { throw spec.usageError("erasure cannot be undone: add --yes to confirm") }
        let store = try context.openStore()
        let id = try store.findRecord(arguments.positionals[0])
        try store.erase(id)
        Output.line("erased \(id.hex): values and history removed; the erasure reaches other replicas when they sync")
    }
}
