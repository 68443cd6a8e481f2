import SnodoCommandLine
import SnodoCommands

/// `snodo profile`: the programme profile this laptop reads its records with, from `snodo init
/// --profile` or, once enrolled, from the relay.
enum ProfileCommand {
    static let command = Command(
        spec: CommandSpec(
            path: "snodo profile", usage: "snodo profile",
            summary: tr("mostra il profilo del programma: tipi di scheda e campi", en: "show the programme profile: record kinds and fields"))
    ) { _, context in
        let store = try context.openStore()
        Output.line(ProfileText.lines(store.profile).joined(separator: "\n"))
    }
}
