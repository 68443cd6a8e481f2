import Foundation
import SnodoCommandLine
import SnodoModel
import SnodoStore
import SnodoWorkflows

/// `snodo budget`: a household's doti.
extension WorkflowCommands {
    static let budget = Command(
        spec: CommandSpec(
            path: "snodo budget", usage: "snodo budget HOUSEHOLD [--json]",
            summary: tr("le doti di un nucleo: assegnato, speso e residuo per voce", en: "a household's doti: allocated, spent and remaining per kind"),
            flags: ["json"], positionals: 1...1)
    ) { arguments, context in
        let store = try context.openStoreForReading()
        let household = try RecordCommands.existing(arguments.positionals[0], kind: .household, store: store)
        let lines = Budgets.lines(try FieldIndex(store: store), household: household.id)
        func name(_ kind: UInt32) -> EnumCase? { Vocabulary.dotiKinds.first { $0.code == kind } }
        if context.json {
            Output.line(
                jsonText(
                    BudgetJSON(
                        household: household.id.hex,
                        lines: lines.map {
                            BudgetJSON.Line(
                                kind: name($0.kind)?.name ?? "\($0.kind)", allocatedCents: $0.allocated, spentCents: $0.spent, remainingCents: $0.remaining)
                        }, allocatedCents: lines.reduce(0) { $0 + $1.allocated }, spentCents: lines.reduce(0) { $0 + $1.spent })))
            return
        }
        Output.line("doti di \(Formatter(store: store).label(of: household, kind: .household))")
        guard !lines.isEmpty else { Output.line("nessuna voce di bilancio"); return }
        var table = Table(header: ["voce", "assegnato", "speso", "residuo"])
        table.rows = lines.map {
            [name($0.kind)?.label ?? "#\($0.kind)", Formatter.euros($0.allocated), Formatter.euros($0.spent), Formatter.euros($0.remaining)]
        }
        let allocated = lines.reduce(0) { $0 + $1.allocated }, spent = lines.reduce(0) { $0 + $1.spent }
        table.rows.append(["totale", Formatter.euros(allocated), Formatter.euros(spent), Formatter.euros(allocated - spent)])
        Output.line(table.render())
    }
}

/// `snodo budget --json`: a household's doti per kind, in cents.
struct BudgetJSON: Encodable {
    struct Line: Encodable {
        var kind: String
        var allocatedCents: Int64
        var spentCents: Int64
        var remainingCents: Int64
    }

    var household: String
    var lines: [Line]
    var allocatedCents: Int64
    var spentCents: Int64
}
