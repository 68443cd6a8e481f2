import SnodoModel
import SnodoStore
import SnodoCommandLine

typealias Command = SnodoCommandLine.Command<Context>

/// The command tree of `snodo`. Options every command takes: `--store PATH`, `--help`, and on
/// commands that read, `--json`.
enum Root {
    static let globalUsage = tr(
        "uso: snodo [--store PERCORSO] COMANDO [ARGOMENTI] [--json] [--help]", en: "usage: snodo [--store PATH] COMMAND [ARGUMENTS] [--json] [--help]")

    /// The commands for a store with `profile`: one set of record commands per kind it defines.
    static func commands(_ profile: Profile) -> [Command] {
        [InitCommand.command, EnrollCommand.command, ProfileCommand.command, VisitLogCommand.command(profile)]
            + RecordCommands.commands(profile)
            + [
                HistoryCommand.command, ConflictsCommand.list, ConflictsCommand.resolve, FieldEraseCommand.command,
                SyncCommand.command, StatusCommand.command, AppCommand.command,
            ] + WorkflowCommands.commands + VaultCommands.commands + [DemoCommand.command]
    }

    static func tree(_ profile: Profile) -> CommandTree<Context> {
        CommandTree(
            program: "snodo", globalUsage: globalUsage,
            summary: tr(
                "Snodo tiene le schede di un'équipe sul campo in questo portatile e le unisce con ogni altra copia.",
                en: "Snodo keeps a field team's records on this laptop and merges them with every other replica."),
            footer: [
                tr(
                    "L'archivio è --store PERCORSO, altrimenti $SNODO_STORE, altrimenti ~/.local/share/snodo/field.sqlite.",
                    en: "The store is --store PATH, else $SNODO_STORE, else ~/.local/share/snodo/field.sqlite.")
            ],
            commands: commands(profile), describe: ErrorText.describe)
    }

    /// Runs the words after the program name; returns the exit status.
    static func main(_ words: [String]) -> Int32 {
        var words = words
        let storeOption: String?
        switch extractStore(&words) {
        case .failure(let error): return tree(.core).report(error)
        case .success(let path): storeOption = path
        }
        let storePath = Context.resolveStorePath(option: storeOption)
        return tree(Context.profile(at: storePath)).main(words) { arguments in
            Context(storePath: storePath, json: arguments.has("json"))
        }
    }

    /// Takes `--store PATH` out of the words wherever it stands.
    private static func extractStore(_ words: inout [String]) -> Result<String?, CommandError> {
        var found: String?
        var index = 0
        while index < words.count {
            if words[index] == "--store" {
                guard index + 1 < words.count, !words[index + 1].isEmpty else {
                    return .failure(.usage(tr("--store richiede un percorso", en: "--store needs a path"), usageLine: globalUsage))
                }
                found = words[index + 1]
                words.removeSubrange(index...(index + 1))
            } else if words[index].hasPrefix("--store=") {
                found = String(words[index].dropFirst(8))
                words.remove(at: index)
            } else {
                index += 1
            }
        }
        return .success(found)
    }
}
