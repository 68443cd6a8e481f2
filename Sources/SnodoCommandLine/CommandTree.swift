/// A runnable command: its spec and what it does with the parsed arguments and a context.
package struct Command<Context>: Sendable {
    package let spec: CommandSpec
    package let run: @Sendable (Arguments, Context) throws -> Void

    package init(spec: CommandSpec, run: @escaping @Sendable (Arguments, Context) throws -> Void) {
        self.spec = spec
        self.run = run
    }
}

/// Dispatches the words of a command line to the command whose path matches them, with
/// `--help` at every level, usage errors as exit 64 and failures as exit 1, each one line on
/// standard error.
package struct CommandTree<Context> {
    package let program: String
    package let globalUsage: String
    package let summary: String
    package let footer: [String]
    package let commands: [Command<Context>]
    /// The one line a failure is reported with: the program's own words for the errors it knows.
    package let describe: (Error) -> String

    package init(
        program: String, globalUsage: String, summary: String, footer: [String], commands: [Command<Context>],
        describe: @escaping (Error) -> String = { String(describing: $0) }
    ) {
        self.program = program
        self.globalUsage = globalUsage
        self.summary = summary
        self.footer = footer
        self.commands = commands
        self.describe = describe
    }

    package var help: String {
        var lines = [globalUsage, "", summary, "", tr("Comandi:", en: "Commands:")]
        let table = Table(header: ["", ""], rows: commands.map { ["  " + $0.spec.path.dropFirst(program.count + 1), $0.spec.summary] })
        lines += table.render().split(separator: "\n").dropFirst().map(String.init)
        let more = tr("`\(program) COMANDO --help` mostra le opzioni di un comando.", en: "Run `\(program) COMMAND --help` for a command's options.")
        return (lines + [""] + footer + [more]).joined(separator: "\n")
    }

    /// Runs the words after the program name; returns the exit status.
    package func main(_ words: [String], context: (Arguments) throws -> Context) -> Int32 {
        guard let first = words.first, first != "--help", first != "help" else {
            Output.line(help)
            return words.isEmpty ? 64 : 0
        }
        // The longest command path that matches the leading words: "visit log" before "visit".
        let candidates = commands.filter { command in
            let path = command.spec.path.split(separator: " ").dropFirst().map(String.init)
            return words.count >= path.count && Array(words.prefix(path.count)) == path
        }
        guard let command = candidates.max(by: { $0.spec.path.count < $1.spec.path.count }) else {
            let typed = words.prefix(2).joined(separator: " ")
            return report(
                .usage(
                    tr(
                        "comando sconosciuto '\(typed)' (l'elenco: `\(program) --help`)",
                        en: "unknown command '\(typed)' (run `\(program) --help` for the list)"),
                    usageLine: globalUsage))
        }
        let rest = Array(words.dropFirst(command.spec.path.split(separator: " ").count - 1))
        if rest.contains("--help") {
            Output.line(command.spec.help)
            return 0
        }
        do {
            let arguments = try Arguments.parse(rest, for: command.spec)
            try command.run(arguments, try context(arguments))
            return 0
        } catch let error as CommandError {
            if case .usage(let message, let line) = error, line.isEmpty { return report(.usage(message, usageLine: command.spec.usageLine)) }
            return report(error)
        } catch {
            return report(.failure(describe(error)))
        }
    }

    package func report(_ error: CommandError) -> Int32 {
        switch error {
        case .usage(let message, let line):
            Output.error("\(program): \(message)")
            Output.error(line)
        case .failure(let message):
            Output.error("\(program): \(message)")
        }
        return error.exitStatus
    }
}
