import SnodoModel
import SnodoStore
import SnodoCommandLine

/// `snodo visit log`: the everyday entry of a home visit or a street contact, with its optional
/// follow-up, in one transaction.
enum VisitLogCommand {
    static func spec(_ profile: Profile) -> CommandSpec {
        CommandSpec(
            path: "snodo visit log",
            usage:
                "snodo visit log --subject ID --kind KIND --outcome OUTCOME [--needs …] [--services ITEM=N,…] [--note TEXT] [--follow-up TEXT [--follow-up-due "
                + "DATE] [--follow-up-assigned-to NAME]]",
            summary: tr(
                "registra una visita a domicilio o un contatto in strada, con un follow-up facoltativo",
                en: "log a home visit or a street contact, with an optional follow-up"),
            valueOptions: profile.core(.visit).fields.map(\.name) + ["follow-up", "follow-up-due", "follow-up-assigned-to"],
            details: RecordCommands.fieldHelp(profile.core(.visit), profile) + [
                tr(
                    "  --follow-up        testo di un follow-up da creare con la visita",
                    en: "  --follow-up        text of a follow-up to create with the visit"),
                tr("  --follow-up-due    data, gg/mm/aaaa", en: "  --follow-up-due    date, dd/mm/yyyy or YYYY-MM-DD"),
                tr("  --follow-up-assigned-to  chi lo fa", en: "  --follow-up-assigned-to  who does it"),
                tr(
                    "--start vale adesso se non indicato, --district quello del soggetto, --team e --operators quelli della registrazione o di `snodo init`.",
                    en: "--start defaults to now, --district to the subject's, --team and --operators to the enrollment's or `snodo init`'s."),
            ])
    }

    static func command(_ profile: Profile) -> Command { Command(spec: spec(profile), run: run) }

    @Sendable static func run(_ arguments: Arguments, _ context: Context) throws {
        let store = try context.openStore()
        let (visit, followUp) = try log(arguments, store: store)
        Output.line(visit.hex)
        if let followUp { Output.line("follow-up \(followUp.hex)") }
    }

    /// Logs a visit with its optional follow-up in one transaction: what `snodo visit log` and the
    /// app's visit form both do. Returns the visit's id and the follow-up's.
    static func log(_ arguments: Arguments, store: Store) throws -> (visit: RecordID, followUp: RecordID?) {
        let editor = RecordEditor(store: store, core: .visit)
        let spec = spec(store.profile)
        var arguments = arguments
        if arguments.value("follow-up") == nil, arguments.value("follow-up-due") != nil || arguments.value("follow-up-assigned-to") != nil {
            throw spec.usageError(
                tr(
                    "--follow-up-due e --follow-up-assigned-to richiedono --follow-up TESTO",
                    en: "--follow-up-due and --follow-up-assigned-to need --follow-up TEXT"))
        }
        try fillDefaults(&arguments, store: store, editor: editor)
        let visit = store.newRecordID()
        var edits = try editor.creation(visit, arguments, spec: spec)
        var followUp: RecordID?
        if let what = arguments.value("follow-up") {
            let id = store.newRecordID()
            var options = ["what": [what], "visit": [visit.hex], "subject": arguments.values("subject"), "district": arguments.values("district")]
            options["due"] = arguments.options["follow-up-due"]
            options["assigned-to"] = arguments.options["follow-up-assigned-to"]
            let followUpEditor = RecordEditor(store: store, core: .followUp)
            // The visit does not exist yet when the follow-up's reference is checked: resolve it here.
            let followUpArguments = Arguments(positionals: [], options: options.filter { $0.key != "visit" }, flags: [])
            edits += try followUpEditor.creation(id, followUpArguments, spec: spec)
            edits.append(.set(id, FollowUpField.visit, .reference(visit)))
            followUp = id
        }
        try store.write { try $0.commit(edits) }
        return (visit, followUp)
    }

    private static func fillDefaults(_ arguments: inout Arguments, store: Store, editor: RecordEditor) throws {
        if arguments.value("start") == nil { arguments.options["start"] = ["now"] }
        if arguments.value("district") == nil, let subject = arguments.value("subject") {
            let (id, _) = try editor.lookup.find(subject)
            if let district = try store.record(id)?.district { arguments.options["district"] = [district] }
        }
        if arguments.value("team") == nil, let team = try store.setting("team") { arguments.options["team"] = [team] }
        if arguments.value("operators") == nil, let name = try store.setting("operator") { arguments.options["operators"] = [name] }
    }
}
