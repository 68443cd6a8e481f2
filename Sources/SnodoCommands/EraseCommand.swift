import SnodoCommandLine
import SnodoModel
import SnodoStore

/// `snodo erase` and `snodo-relay erase`: the same confirmation and the same erasure, on the
/// store each executable opens.
package enum EraseCommand {
    /// A command `path` that erases the record named by its argument, once `--yes` confirms it;
    /// `open` opens the store the executable works on, `done` says what happens next.
    package static func command<Context>(
        path: String, usage: String, summary: String, valueOptions: [String] = [],
        open: @escaping @Sendable (Arguments, Context) throws -> Store, done: @escaping @Sendable (RecordID) -> String
    ) -> Command<Context> {
        let spec = CommandSpec(
            path: path, usage: usage, summary: summary, valueOptions: valueOptions, flags: ["yes"],
            details: [tr("La cancellazione non si può annullare: --yes la conferma.", en: "Erasure cannot be undone: --yes confirms it.")], positionals: 1...1)
        return Command(spec: spec) { arguments, context in
            guard arguments.has("yes") else {
                throw spec.usageError(
                    tr("la cancellazione non si può annullare: aggiungere --yes per confermare", en: "erasure cannot be undone: add --yes to confirm"))
            }
            let store = try open(arguments, context)
            let id = try store.findRecord(arguments.positionals[0])
            try store.write { try $0.erase(id) }
            Output.line(done(id))
        }
    }
}
