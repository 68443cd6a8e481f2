import Foundation
import SnodoCommandLine
import SnodoModel
import SnodoStore
import SnodoWorkflows

/// Follow-ups: the open ones, and marking one done.
extension WorkflowCommands {
    static let followUps = Command(
        spec: CommandSpec(
            path: "snodo followups", usage: "snodo followups [--all | --team] [--json]",
            summary: tr("follow-up aperti assegnati a me (o al mio team, o tutti)", en: "open follow-ups assigned to me (or my team, or all)"),
            flags: ["all", "team", "json"])
    ) { arguments, context in
        let store = try context.openStoreForReading()
        let me = arguments.has("all") || arguments.has("team") ? nil : try store.setting("operator")
        let team = arguments.has("team") ? try store.setting("team") : nil
        let list = FollowUps.open(try FieldIndex(store: store), assignedTo: me, team: team)
        let formatter = Formatter(store: store)
        if context.json {
            Output.line(
                jsonText(
                    list.map { followUp in
                        FollowUpJSON(
                            followup: followUp.id.hex, what: followUp.text(FollowUpField.what) ?? "", due: followUp.date(FollowUpField.due)?.iso,
                            assignedTo: followUp.text(FollowUpField.assignedTo), subject: followUp.reference(FollowUpField.subject).map(formatter.label(of:)))
                    }))
            return
        }
        guard !list.isEmpty else { Output.line("nessun follow-up aperto"); return }
        var table = Table(header: ["scadenza", "cosa", "per", "assegnato a", "id"])
        table.rows = list.map {
            [
                $0.date(FollowUpField.due)?.italian ?? "", $0.text(FollowUpField.what) ?? "",
                $0.reference(FollowUpField.subject).map(formatter.label(of:)) ?? "", $0.text(FollowUpField.assignedTo) ?? "", formatter.typeable($0.id),
            ]
        }
        Output.line(table.render())
    }

    static let followUpDone = Command(
        spec: CommandSpec(
            path: "snodo followup done", usage: "snodo followup done ID",
            summary: tr("segna un follow-up come fatto", en: "mark a follow-up done"), positionals: 1...1)
    ) { arguments, context in
        let store = try context.openStore()
        let followUp = try RecordCommands.existing(arguments.positionals[0], kind: .followUp, store: store)
        try store.write { try $0.commit([.set(followUp.id, FollowUpField.done, .bool(true))]) }
        Output.line(tr("fatto: ", en: "done: ") + (followUp.text(FollowUpField.what) ?? followUp.id.hex))
    }
}

/// An open follow-up, in `snodo followups --json`.
struct FollowUpJSON: Encodable {
    var followup: String
    var what: String
    @Nullable var due: String?
    @Nullable var assignedTo: String?
    @Nullable var subject: String?
}
