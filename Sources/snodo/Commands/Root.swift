import SnodoModel
import SnodoStore

/// A runnable command: its spec and what it does with parsed arguments.
struct Command: Sendable {
    let spec: CommandSpec
    let run: @Sendable (Arguments, Context) throws -> Void
}

/// The command tree of `snodo`. Options every command takes: `--store PATH`, `--help`, and on
/// commands that read, `--json`.
enum Root {
    static let globalUsage = "usage: snodo [--store PATH] COMMAND [ARGUMENTS] [--json] [--help]"

    static var commands: [Command] {
        [InitCommand.command, VisitLogCommand.command]
            + RecordCommands.commands
            + [HistoryCommand.command, ConflictsCommand.list, ConflictsCommand.resolve, EraseCommand.command, DemoCommand.command]
    }

    static var help: String {
        var lines = [globalUsage, "", "Snodo keeps a field team's records on this laptop and merges them with every other replica.", "", "Commands:"]
        let table = Table(header: ["  command", "what it does"], rows: commands.map { ["  " + $0.spec.path.dropFirst(6), $0.spec.summary] })
        lines += table.render().split(separator: "\n").dropFirst().map(String.init)
        lines += ["", "The store is --store PATH, else $SNODO_STORE, else ~/.local/share/snodo/field.sqlite.",
                  "Run `snodo COMMAND --help` for a command's options."]
        return lines.joined(separator: "\n")
    }

    /// Runs the words after the program name; returns the exit status.
    static func main(_ words: [String]) -> Int32 {
        var words = words
        let storeOption = extractStore(&words)
        if case .failure(let error) = storeOption { return report(error) }
        guard let first = words.first, first != "--help", first != "help" else {
            Output.line(help)
            return words.isEmpty ? 64 : 0
        }
        // Longest command path that matches the leading words: "visit log" before "visit".
        let candidates = commands.filter { command in
            let path = command.spec.path.split(separator: " ").dropFirst().map(String.init)
            return words.count >= path.count && Array(words.prefix(path.count)) == path
        }
        guard let command = candidates.max(by: { $0.spec.path.count < $1.spec.path.count }) else {
            return report(.usage("unknown command '\(words.prefix(2).joined(separator: " "))' (run `snodo --help` for the list)", usageLine: globalUsage))
        }
        let rest = Array(words.dropFirst(command.spec.path.split(separator: " ").count - 1))
        if rest.contains("--help") {
            Output.line(command.spec.help)
            return 0
        }
        do {
            let arguments = try Arguments.parse(rest, for: command.spec)
            let context = Context(storePath: Context.resolveStorePath(option: try? storeOption.get()), json: arguments.has("json"))
            try command.run(arguments, context)
            return 0
        } catch let error as CommandError {
            if case .usage(let message, let line) = error, line.isEmpty { return report(.usage(message, usageLine: command.spec.usageLine)) }
            return report(error)
        } catch let error as StoreError {
            return report(.failure(error.description))
        } catch {
            return report(.failure("\(error)"))
        }
    }

    /// Takes `--store PATH` out of the words wherever it stands.
    private static func extractStore(_ words: inout [String]) -> Result<String?, CommandError> {
        var found: String?
        var index = 0
        while index < words.count {
            if words[index] == "--store" {
                guard index + 1 < words.count, !words[index + 1].isEmpty else {
                    return .failure(.usage("--store needs a path", usageLine: globalUsage))
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

    private static func report(_ error: CommandError) -> Int32 {
        switch error {
        case .usage(let message, let line):
            Output.error("snodo: \(message)")
            Output.error(line)
        case .failure(let message):
            Output.error("snodo: \(message)")
        }
        return error.exitStatus
    }
}
