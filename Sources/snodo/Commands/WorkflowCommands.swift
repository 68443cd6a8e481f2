import Foundation
import SnodoCommandLine
import SnodoModel
import SnodoStore
import SnodoWorkflows
import SnodoCommands

/// The field's everyday views and actions on top of the records: rounds, places, contacts,
/// merges, budgets, follow-ups, reports.
enum WorkflowCommands {
    static var commands: [Command] {
        [due, placeNear, placeHistory, contactLog, personMerge, personUnmerge, personVisits, budget, followUps, followUpDone, report]
    }

    static func today() -> CivilDate { Rounds.localDate(Int64(Date().timeIntervalSince1970 * 1000), .current) }

    static func parsePoint(_ latitude: String, _ longitude: String, spec: CommandSpec) throws -> (Double, Double) {
        guard case .coordinates(let lat, let lon)? = FieldInput.parseCoordinates("\(latitude) \(longitude)") else {
            throw spec.usageError(
                tr(
                    "posizione non valida (attesa: LAT LON in gradi, come 37.5066 15.1020 o 37,5066 15,1020)",
                    en: "malformed position (expected LAT LON in degrees, like 37.5066 15.1020 or 37,5066 15,1020)"))
        }
        return (Double(lat) / 1e7, Double(lon) / 1e7)
    }

    static let reportSpec = ReportCommand.spec(
        path: "snodo report", usage: "snodo report [--from DATE] [--to DATE] [--by team,district,comune,month] [--format table|csv|json]", extraOptions: [])
    static let report = Command(spec: reportSpec) { arguments, context in
        try ReportCommand.run(arguments, store: try context.openStoreForReading(), spec: reportSpec)
    }
}
