import SnodoModel
import SnodoStore

/// The doti of a household or of one person (Torino, Azione B): allocations and expenses per kind,
/// from an append-only ledger; entries written on two laptops at once both count, since each is
/// its own record.
package enum Budgets {
    package struct Line: Sendable, Equatable {
        package let kind: UInt32
        package var allocated: Int64 = 0
        package var spent: Int64 = 0
        package var remaining: Int64 { allocated - spent }
    }

    /// The lines of `beneficiary`, a household or a person: the entries that name it.
    package static func lines(_ index: FieldIndex, beneficiary: RecordID) -> [Line] {
        var lines: [UInt32: Line] = [:]
        for entry in index.ledger where entry.reference(LedgerField.household) == beneficiary || entry.reference(LedgerField.person) == beneficiary {
            guard let kind = entry.code(LedgerField.kind), let amount = entry.cents(LedgerField.amount) else { continue }
            var line = lines[kind] ?? Line(kind: kind)
            if entry.code(LedgerField.entry) == Vocabulary.LedgerEntry.allocation { line.allocated += amount } else { line.spent += amount }
            lines[kind] = line
        }
        return lines.values.sorted { $0.kind < $1.kind }
    }

    /// A limit of the programme's profile that the doti allocated have passed.
    package enum Excess: Equatable, Sendable {
        /// One personal path (a household's or a person's doti) over the cap per path.
        case path(allocated: Int64, cap: Int64)
        /// The whole programme over its budget ("Importo Programmato"), as far as this replica
        /// holds it: a coordinator's laptop, whose scope is every district, sees it all.
        case programme(allocated: Int64, budget: Int64)
    }

    /// Every doti allocation this replica holds, in cents.
    package static func programmeAllocated(_ index: FieldIndex) -> Int64 {
        index.ledger.filter { $0.code(LedgerField.entry) == Vocabulary.LedgerEntry.allocation }.reduce(0) { $0 + ($1.cents(LedgerField.amount) ?? 0) }
    }

    /// The limits passed, for one path (when given) and for the programme.
    package static func excesses(_ index: FieldIndex, beneficiary: RecordID?) -> [Excess] {
        var excesses: [Excess] = []
        if let beneficiary, let cap = index.profile.budget.perPathCents {
            let allocated = lines(index, beneficiary: beneficiary).reduce(0) { $0 + $1.allocated }
            if allocated > cap { excesses.append(.path(allocated: allocated, cap: cap)) }
        }
        if let budget = index.profile.budget.programmeCents {
            let allocated = programmeAllocated(index)
            if allocated > budget { excesses.append(.programme(allocated: allocated, budget: budget)) }
        }
        return excesses
    }
}

/// Follow-ups still to do, for an operator or a team, by due date.
package enum FollowUps {
    package static func open(_ index: FieldIndex, assignedTo: String?, team: String?) -> [Record] {
        index.followUps.filter { followUp in
            guard followUp.value(FollowUpField.done) != .bool(true) else { return false }
            if let assignedTo { return followUp.text(FollowUpField.assignedTo) == assignedTo }
            if let team {
                let visit = followUp.reference(FollowUpField.visit).flatMap { index.byID[$0] }
                return visit?.text(VisitField.team) == team || followUp.text(FollowUpField.assignedTo) == nil
            }
            return true
        }.sorted { ($0.date(FollowUpField.due)?.daysSinceEpoch ?? Int32.max, $0.id) < ($1.date(FollowUpField.due)?.daysSinceEpoch ?? Int32.max, $1.id) }
    }
}
