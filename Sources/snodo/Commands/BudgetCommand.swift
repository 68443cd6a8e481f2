import Foundation
import SnodoCommandLine
import SnodoCommands
import SnodoModel
import SnodoStore
import SnodoWorkflows

/// `snodo budget`: the doti of a household or of one person.
extension WorkflowCommands {
    static let budget = Command(
        spec: CommandSpec(
            path: "snodo budget", usage: "snodo budget HOUSEHOLD|PERSON [--json]",
            summary: tr(
                "le doti di un nucleo o di una persona: assegnato, speso e residuo per voce",
                en: "the doti of a household or a person: allocated, spent and remaining per kind"),
            flags: ["json"], positionals: 1...1)
    ) { arguments, context in
        let store = try context.openStoreForReading()
        let id = try store.findRecord(arguments.positionals[0])
        guard let household = try store.record(id), let kind = household.kind, kind == .household || kind == .person else {
            throw CommandError.failure(
                tr("\(id.hex) non è un nucleo né una persona: le doti vanno a loro", en: "\(id.hex) is neither a household nor a person: doti go to them"))
        }
        let index = try FieldIndex(store: store)
        let lines = Budgets.lines(index, beneficiary: household.id)
        let excesses = Budgets.excesses(index, beneficiary: household.id)
        func name(_ kind: UInt32) -> EnumCase? { store.profile.type(LedgerField.kind, of: .ledgerEntry)?.cases.first { $0.code == kind } }
        if context.json {
            Output.line(
                jsonText(
                    BudgetJSON(
                        household: kind == .household ? household.id.hex : nil, person: kind == .person ? household.id.hex : nil,
                        lines: lines.map {
                            BudgetJSON.Line(
                                kind: name($0.kind)?.name ?? "\($0.kind)", allocatedCents: $0.allocated, spentCents: $0.spent, remainingCents: $0.remaining)
                        }, allocatedCents: lines.reduce(0) { $0 + $1.allocated }, spentCents: lines.reduce(0) { $0 + $1.spent })))
            return
        }
        Output.line(tr("doti di ", en: "doti of ") + Formatter(store: store).label(of: household))
        guard !lines.isEmpty else { Output.line(tr("nessuna voce di bilancio", en: "no ledger entries")); return }
        var table = Table(header: [tr("voce", en: "item"), tr("assegnato", en: "allocated"), tr("speso", en: "spent"), tr("residuo", en: "remaining")])
        table.rows = lines.map {
            [name($0.kind)?.localizedLabel ?? "#\($0.kind)", Formatter.euros($0.allocated), Formatter.euros($0.spent), Formatter.euros($0.remaining)]
        }
        let allocated = lines.reduce(0) { $0 + $1.allocated }, spent = lines.reduce(0) { $0 + $1.spent }
        table.rows.append([tr("totale", en: "total"), Formatter.euros(allocated), Formatter.euros(spent), Formatter.euros(allocated - spent)])
        Output.line(table.render())
        if let cap = index.profile.budget.perPathCents {
            Output.line(tr("tetto per percorso: ", en: "cap per path: ") + Formatter.euros(cap))
        }
        if let programme = BudgetText.programmeLine(index) { Output.line(programme) }
        for excess in excesses { Output.line(BudgetText.warning(excess)) }
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

    @Nullable var household: String?
    @Nullable var person: String?
    var lines: [Line]
    var allocatedCents: Int64
    var spentCents: Int64
}
