import SnodoCommandLine
import SnodoCommands

/// `snodo erase ID --yes`: erases a record's values and history here and, through sync, on every
/// replica; a marker stays so that nothing brings it back.
enum FieldEraseCommand {
    static let command: Command = EraseCommand.command(
        path: "snodo erase", usage: "snodo erase ID --yes",
        summary: tr("cancella una scheda e la sua storia ovunque (GDPR art. 17)", en: "erase a record and its history everywhere (GDPR art. 17)"),
        open: { _, context in try context.openStore() },
        done: {
            tr(
                "cancellata \($0.hex): valori e storia rimossi; la cancellazione raggiunge le altre copie alla loro sincronizzazione",
                en: "erased \($0.hex): values and history removed; the erasure reaches other replicas when they sync")
        })
}
