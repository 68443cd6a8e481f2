import SnodoCommandLine
import SnodoModel
import SnodoWorkflows

/// The warnings of a programme's budget and caps, in words: what was allocated against which limit.
package enum BudgetText {
    package static func warning(_ excess: Budgets.Excess) -> String {
        switch excess {
        case .path(let allocated, let cap):
            tr(
                "attenzione: a questo percorso sono assegnati \(Euros.italian(allocated)), oltre il tetto di \(Euros.italian(cap)) per percorso",
                en: "warning: this path has \(Euros.italian(allocated)) allocated, past the cap of \(Euros.italian(cap)) per path")
        case .programme(let allocated, let budget):
            tr(
                "attenzione: le doti assegnate (\(Euros.italian(allocated))) superano il budget del programma di \(Euros.italian(budget))",
                en: "warning: the doti allocated (\(Euros.italian(allocated))) exceed the programme budget of \(Euros.italian(budget))")
        }
    }

    /// `doti assegnate: 12.400,00 € di 18.000,00 € del programma (69%)`, when the profile sets a budget.
    package static func programmeLine(_ index: FieldIndex) -> String? {
        guard let budget = index.profile.budget.programmeCents, budget > 0 else { return nil }
        let allocated = Budgets.programmeAllocated(index)
        let percent = Int((Double(allocated) / Double(budget) * 100).rounded())
        return tr(
            "doti assegnate: \(Euros.italian(allocated)) di \(Euros.italian(budget)) del programma (\(percent)%)",
            en: "doti allocated: \(Euros.italian(allocated)) of the programme's \(Euros.italian(budget)) (\(percent)%)")
    }
}
