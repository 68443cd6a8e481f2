import Foundation
import SnodoCommandLine
import SnodoModel
import SnodoStore
import SnodoWorkflows

/// `report` for both the field laptop (its scope) and the relay (everything): the same options,
/// the same figures, as a table, CSV or JSON.
package enum ReportCommand {
    package static func spec(path: String, usage: String, extraOptions: [String]) -> CommandSpec {
        CommandSpec(
            path: path, usage: usage,
            summary: tr(
                "monitoraggio del programma: visite, persone raggiunte, bisogni, servizi, doti, per team, distretto e mese",
                en: "programme monitoring: visits, people reached, needs, services, doti, by team, district, comune and month"),
            valueOptions: ["from", "to", "by", "format"] + extraOptions, flags: ["json"],
            details: [
                tr(
                    "--from e --to: gg/mm/aaaa o AAAA-MM-GG, inclusi. --by: tra team,district,comune,month (predefinito: tutti).",
                    en: "--from and --to: dd/mm/yyyy or YYYY-MM-DD, inclusive. --by: any of team,district,comune,month (default all)."),
                tr(
                    "--format table (predefinito), csv (UTF-8 con BOM, `;` e virgola decimale, per i fogli di calcolo italiani) o json.",
                    en: "--format table (default), csv (UTF-8 with BOM, `;` and decimal commas, for Italian spreadsheets) or json."),
            ])
    }

    package static func run(_ arguments: Arguments, store: Store, spec: CommandSpec) throws {
        func date(_ name: String) throws -> CivilDate? {
            guard let text = arguments.value(name) else { return nil }
            guard let date = ItalianInput.date(text) else {
                throw spec.usageError(
                    tr("--\(name) non valido (atteso: gg/mm/aaaa o AAAA-MM-GG)", en: "malformed --\(name) (expected dd/mm/yyyy or YYYY-MM-DD)"))
            }
            return date
        }
        let from = try date("from"), to = try date("to")
        var dimensions = Set(ProgrammeReport.Dimension.allCases)
        if let by = arguments.value("by") {
            let names = by.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
            guard !names.isEmpty, names.allSatisfy({ ProgrammeReport.Dimension(rawValue: $0) != nil }) else {
                throw spec.usageError(
                    tr(
                        "--by non valido (accettati: team, district, comune, month, separati da virgole)",
                        en: "malformed --by (accepted: team, district, comune, month, comma-separated)"))
            }
            dimensions = Set(names.compactMap(ProgrammeReport.Dimension.init))
        }
        let format = arguments.has("json") ? "json" : (arguments.value("format") ?? "table")
        guard ["table", "csv", "json"].contains(format) else {
            throw spec.usageError(
                tr("--format sconosciuto '\(format)' (accettati: table, csv, json)", en: "unknown --format '\(format)' (accepted: table, csv, json)"))
        }
        let groups = ProgrammeReport.build(try FieldIndex(store: store), from: from, to: to, by: dimensions)
        switch format {
        case "csv": FileHandle.standardOutput.write(Data(ProgrammeReport.csv(groups).utf8))
        case "json": Output.line(jsonText(groups.map(ReportGroupJSON.init)))
        default: Output.line(table(groups, from: from, to: to))
        }
    }

    static func table(_ groups: [ProgrammeReport.Group], from: CivilDate?, to: CivilDate?) -> String {
        guard !groups.isEmpty else { return "nessuna attività nel periodo" }
        var table = Table(
            header: ["mese", "team", "distretto", "comune", "visite", "nuclei", "persone", "bisogni principali", "servizi", "doti assegnate", "doti spese"])
        table.rows = groups.map { group in
            let needs = group.needs.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.prefix(3)
                .map { code, count in "\(Vocabulary.needs.first { $0.code == code }?.label ?? "#\(code)") \(count)" }.joined(separator: ", ")
            let services = group.services.sorted { $0.key < $1.key }
                .map { code, quantity in "\(Vocabulary.services.first { $0.code == code }?.label ?? "#\(code)") \(quantity)" }.joined(separator: ", ")
            return [
                group.key.month, group.key.team, group.key.district, group.key.comune, "\(group.visits)", "\(group.households.count)", "\(group.persons.count)",
                needs, services, Euros.italian(group.allocatedCents), Euros.italian(group.spentCents),
            ]
        }
        let period = "periodo: \(from?.italian ?? "inizio") – \(to?.italian ?? "oggi")"
        return period + "\n" + table.render()
    }
}

/// One group of the programme report in `--format json`: counts by vocabulary name, amounts in cents.
struct ReportGroupJSON: Encodable {
    var month: String
    var team: String
    var district: String
    var comune: String
    var visits: Int
    var visitsByKind: [String: Int]
    var visitsByOutcome: [String: Int]
    var households: Int
    var persons: Int
    var needs: [String: Int]
    var services: [String: Int64]
    var allocatedCents: Int64
    var spentCents: Int64

    init(_ group: ProgrammeReport.Group) {
        func named<Count>(_ cases: [EnumCase], _ counts: [UInt32: Count]) -> [String: Count] {
            Dictionary(uniqueKeysWithValues: counts.map { code, count in (cases.first { $0.code == code }?.name ?? "\(code)", count) })
        }
        month = group.key.month
        team = group.key.team
        district = group.key.district
        comune = group.key.comune
        visits = group.visits
        visitsByKind = named(Vocabulary.visitKinds, group.visitsByKind)
        visitsByOutcome = named(Vocabulary.outcomes, group.visitsByOutcome)
        households = group.households.count
        persons = group.persons.count
        needs = named(Vocabulary.needs, group.needs)
        services = named(Vocabulary.services, group.services)
        allocatedCents = group.allocatedCents
        spentCents = group.spentCents
    }
}
