import SnodoCommandLine
import SnodoModel
import SnodoServer
import SnodoWeb
import SnodoStore
import SnodoWorkflows

/// Follow-ups still to do, soonest first, each closed with one button.
extension AppPage {
    func followUps() throws -> HTTPResponse {
        let open = FollowUps.open(try FieldIndex(store: store, kinds: [.followUp]), assignedTo: nil, team: nil)
        let rows = open.map { followUp in
            [
                HTML.escape(followUp.text(FollowUpField.what) ?? ""), HTML.escape(followUp.date(FollowUpField.due)?.italian ?? ""),
                followUp.reference(FollowUpField.subject).map { HTML.link("/scheda/\($0.hex)", formatter.label(of: $0)) } ?? "",
                HTML.form("/followup/\(followUp.id.hex)", token: token, "<button type=\"submit\" class=\"secondario\">\(tr("Fatto", en: "Done"))</button>"),
            ]
        }
        let body =
            notice
            + (rows.isEmpty
                ? HTML.paragraph(tr("Nessun follow-up aperto.", en: "No open follow-ups."))
                : HTML.table(
                    [tr("cosa", en: "what"), tr("entro", en: "due"), tr("per", en: "for"), ""], rows))
        return html("Follow-up", body)
    }

    func closeFollowUp(_ followUp: Record) throws -> HTTPResponse {
        _ = try store.write { try $0.commit([.set(followUp.id, FollowUpField.done, .bool(true))]) }
        return redirect("/followup?fatto=followup")
    }
}
