import SnodoCommandLine
import SnodoCommands
import SnodoModel
import SnodoStore

/// `snodo-relay profile [NAME|FILE]`: shows the relay's programme profile, or gives it a new one
/// that every laptop takes at its next sync. A change that removes or renumbers a kind, field or
/// value is refused with the reason, and nothing changes.
enum ProfileCommand {
    static let command = Command(
        spec: CommandSpec(
            path: "snodo-relay profile", usage: "snodo-relay profile [NAME|FILE] [--store DIR]",
            summary: tr(
                "mostra il profilo del programma, o ne dà uno nuovo ai portatili", en: "show the programme profile, or give the laptops a new one"),
            valueOptions: ["store"],
            details: [
                tr(
                    "NAME è uno dei profili inclusi (\(BuiltInProfiles.names.joined(separator: ", "))), altrimenti il percorso di un file JSON.",
                    en: "NAME is a built-in profile (\(BuiltInProfiles.names.joined(separator: ", "))), else the path of a JSON file."),
                tr(
                    "Un profilo nuovo può aggiungere tipi, campi e voci e cambiare le etichette; non toglie né rinumera nulla.",
                    en: "A new profile may add kinds, fields and values and change labels; it removes and renumbers nothing."),
            ],
            positionals: 0...1)
    ) { arguments, _ in
        guard let argument = arguments.positionals.first else {
            let store = try RelayCommands.openStore(arguments, create: false)
            Output.line(ProfileText.lines(store.profile).joined(separator: "\n"))
            return
        }
        let next = try ProfileText.load(argument)
        let store = try RelayCommands.openStore(arguments, create: true)
        if let refusal = store.profile.refusal(of: next) { throw CommandError.failure(ProfileText.describe(refusal)) }
        guard next.document != store.profile.document else {
            Output.line(tr("il profilo è già questo: nulla cambia", en: "the profile is already this one: nothing changes"))
            return
        }
        let given = next.at(revision: Profile.nextRevision(after: store.profile.revision, wallMillis: store.wallMillis))
        try store.write { try $0.setProfile(given) }
        Output.line(
            tr(
                "profilo \(given.name), \(ProfileText.revision(given)): i portatili lo ricevono alla prossima sincronizzazione",
                en: "profile \(given.name), \(ProfileText.revision(given)): laptops receive it at their next sync"))
    }
}
