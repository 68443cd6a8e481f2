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
        let index = try FieldIndex(store: store)
        let groups = ProgrammeReport.build(index, from: from, to: to, by: dimensions)
        switch format {
        case "csv": FileHandle.standardOutput.write(Data(ProgrammeReport.csv(groups, profile: index.profile).utf8))
        case "json": Output.line(jsonText(groups.map { ReportGroupJSON($0, profile: index.profile) }))
        default:
            Output.line(table(groups, from: from, to: to, profile: index.profile))
            if let programme = BudgetText.programmeLine(index) { Output.line(programme) }
            for excess in Budgets.excesses(index, beneficiary: nil) { Output.line(BudgetText.warning(excess)) }
        }
    }

    static func table(_ groups: [ProgrammeReport.Group], from: CivilDate?, to: CivilDate?, profile: Profile) -> String {
        guard !groups.isEmpty else { return tr("nessuna attività nel periodo", en: "no activity in the period") }
        func label(_ field: FieldNumber, _ code: UInt32) -> String {
            profile.type(field, of: .visit)?.cases.first { $0.code == code }?.localizedLabel ?? "#\(code)"
        }
        var table = Table(
            header: [
                tr("mese", en: "month"), "team", tr("distretto", en: "district"), "comune", tr("visite", en: "visits"), tr("nuclei", en: "households"),
                tr("persone", en: "persons"), tr("bisogni principali", en: "main needs"), tr("servizi", en: "services"),
                tr("doti assegnate", en: "doti allocated"), tr("doti spese", en: "doti spent"),
            ])
        // Groups with only programme figures show in the programme's table alone.
        let core = groups.filter { $0.visits > 0 || $0.allocatedCents != 0 || $0.spentCents != 0 || !$0.households.isEmpty }
        table.rows = core.map { group in
            let topNeeds = group.needs.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.prefix(3)
            let needs = topNeeds.map { code, count in "\(label(VisitField.needs, code)) \(count)" }.joined(separator: ", ")
            let services = group.services.sorted { $0.key < $1.key }.map { code, quantity in "\(label(VisitField.services, code)) \(quantity)" }
            return [
                group.key.month, group.key.team, group.key.district, group.key.comune, "\(group.visits)", "\(group.households.count)", "\(group.persons.count)",
                needs, services.joined(separator: ", "), Euros.italian(group.allocatedCents), Euros.italian(group.spentCents),
            ]
        }
        let period = tr(
            "periodo: \(from?.italian ?? "inizio") – \(to?.italian ?? "oggi")", en: "period: \(from?.italian ?? "start") – \(to?.italian ?? "today")")
        let main = core.isEmpty ? [] : [table.render()]
        return ([period] + main + programmeTable(groups, profile: profile)).joined(separator: "\n")
    }

    /// The figures of the kinds the programme's profile adds, one line each, under the main table.
    static func programmeTable(_ groups: [ProgrammeReport.Group], profile: Profile) -> [String] {
        var table = Table(header: [
            tr("mese", en: "month"), "team", tr("distretto", en: "district"), "comune", tr("misura", en: "measure"), tr("voce", en: "item"),
            tr("valore", en: "value"),
        ])
        for group in groups {
            for (figure, amount) in group.programme.sorted(by: { $0.key < $1.key }) {
                let (measure, item) = figure.words(in: profile)
                let value = figure.isAmount(in: profile) ? Euros.italian(amount) : "\(amount)"
                table.rows.append([group.key.month, group.key.team, group.key.district, group.key.comune, measure, item, value])
            }
        }
        return table.rows.isEmpty ? [] : ["", tr("Attività del programma", en: "Programme activities"), table.render()]
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
    /// The programme kinds' figures: `{"kind": "eviction", "field": "phase", "value": "grace-term", "amount": 2}`.
    var programme: [ProgrammeFigureJSON]

    struct ProgrammeFigureJSON: Encodable {
        var kind: String
        @Nullable var field: String?
        @Nullable var value: String?
        var amount: Int64
    }

    init(_ group: ProgrammeReport.Group, profile: Profile) {
        func named<Count>(_ field: FieldNumber, _ counts: [UInt32: Count]) -> [String: Count] {
            let cases = profile.type(field, of: .visit)?.cases ?? []
            return Dictionary(uniqueKeysWithValues: counts.map { code, count in (cases.first { $0.code == code }?.name ?? "\(code)", count) })
        }
        month = group.key.month
        team = group.key.team
        district = group.key.district
        comune = group.key.comune
        visits = group.visits
        visitsByKind = named(VisitField.kind, group.visitsByKind)
        visitsByOutcome = named(VisitField.outcome, group.visitsByOutcome)
        households = group.households.count
        persons = group.persons.count
        needs = named(VisitField.needs, group.needs)
        services = named(VisitField.services, group.services)
        allocatedCents = group.allocatedCents
        spentCents = group.spentCents
        programme = group.programme.sorted { $0.key < $1.key }.map { figure, amount in
            let field = figure.field.flatMap { profile.field($0, of: figure.kind) }
            return ProgrammeFigureJSON(
                kind: KindNames.typed(figure.kind, in: profile), field: field?.name,
                value: figure.code.map { code in field?.type.cases.first { $0.code == code }?.name ?? "\(code)" }, amount: amount)
        }
    }
}
