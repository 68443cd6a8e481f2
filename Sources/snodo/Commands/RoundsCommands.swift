import Foundation
import SnodoCommandLine
import SnodoModel
import SnodoStore
import SnodoWorkflows

/// `snodo due`: the caretakers' round, households due or overdue for a visit.
extension WorkflowCommands {
    static let dueSpec = CommandSpec(
        path: "snodo due", usage: "snodo due [--today DATE] [--near LAT,LON] [--json]",
        summary: tr("nuclei da visitare o in ritardo, per edificio", en: "households due or overdue for a visit, by building"),
        valueOptions: ["today", "near"],
        flags: ["json"],
        details: [
            tr(
                "Un nucleo con frequenza di monitoraggio è da visitare tanti giorni dopo l'ultima visita in cui si è incontrato qualcuno",
                en: "A household with a monitoring frequency is due that many days after the last visit where someone was met"),
            tr(
                "(un tentativo \"non in casa\" non fa ripartire il giro). DATA è gg/mm/aaaa o AAAA-MM-GG.",
                en: "(a \"not at home\" attempt does not restart the round). DATE is dd/mm/yyyy or YYYY-MM-DD."),
            tr("--near ordina gli edifici per distanza da dove ci si trova.", en: "--near orders buildings by distance from where you are."),
        ])
    static let due = Command(spec: dueSpec) { arguments, context in
        let store = try context.openStoreForReading()
        let date =
            try arguments.value("today").map { text in
                guard let date = ItalianInput.date(text) else {
                    throw dueSpec.usageError(
                        tr("--today non valido (atteso: gg/mm/aaaa o AAAA-MM-GG)", en: "malformed --today (expected dd/mm/yyyy or YYYY-MM-DD)"))
                }
                return date
            } ?? today()
        let near = try arguments.value("near").map { text -> (Double, Double) in
            guard case .coordinates(let latitude, let longitude)? = FieldInput.parseCoordinates(text) else {
                throw dueSpec.usageError(
                    tr(
                        "--near non valido (atteso: LAT,LON in gradi, come 45.31,9.50 o 45,31;9,50)",
                        en: "malformed --near (expected LAT,LON in degrees, like 45.31,9.50 or 45,31;9,50)"))
            }
            return (Double(latitude) / 1e7, Double(longitude) / 1e7)
        }
        let index = try FieldIndex(store: store)
        let list = Rounds.due(index, today: date, near: near.map { (latitude: $0.0, longitude: $0.1) })
        let formatter = Formatter(store: store)
        if context.json {
            Output.line(
                jsonText(
                    list.map { item in
                        DueJSON(
                            household: item.household.id.hex, address: formatter.label(of: item.household), building: item.building,
                            due: item.dueDate.iso, daysOverdue: item.daysOverdue, lastVisit: item.lastVisitDate?.iso, lastMet: item.lastMetDate?.iso,
                            lastOutcome: formatter.caseName(item.lastVisit?.code(VisitField.outcome), VisitField.outcome, of: .visit),
                            openFollowUps: item.openFollowUps, distanceKm: item.distanceKm)
                    }))
            return
        }
        guard !list.isEmpty else { Output.line(tr("nessuna visita in scadenza al \(date.italian)", en: "no visits due on \(date.italian)")); return }
        var table = Table(header: ["edificio", "nucleo", "ultima visita", "esito", "scadenza", "ritardo", "follow-up aperti"])
        table.rows = list.map { item in
            [
                item.building, formatter.label(of: item.household), item.lastVisitDate?.italian ?? "mai",
                item.lastVisit.flatMap { formatter.text($0, VisitField.outcome, of: .visit) } ?? "",
                item.dueDate.italian, item.daysOverdue == 0 ? "oggi" : "\(item.daysOverdue) gg", item.openFollowUps == 0 ? "" : "\(item.openFollowUps)",
            ]
        }
        Output.line(
            tr(
                "\(counted(list.count, "visita", "visite")) in scadenza al \(date.italian)",
                en: "\(counted(list.count, "visit", "visits")) due on \(date.italian)"))
        Output.line(table.render())
    }
}

/// A household due for a visit, in `snodo due --json`.
struct DueJSON: Encodable {
    var household: String
    var address: String
    var building: String
    var due: String
    var daysOverdue: Int
    @Nullable var lastVisit: String?
    /// The last visit where someone was met, which the round counts from.
    @Nullable var lastMet: String?
    @Nullable var lastOutcome: String?
    var openFollowUps: Int
    @Nullable var distanceKm: Double?
}
