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
            if entry.code(LedgerField.entry) == 1 { line.allocated += amount } else { line.spent += amount }
            lines[kind] = line
        }
        return lines.values.sorted { $0.kind < $1.kind }
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
