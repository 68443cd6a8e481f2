/// Decides which value of a cell wins and which values become conflicts. Everything that decides
/// who wins lives here, in one pure type that the store, the reference replica and the tests share.
///
/// The standard rule is last-writer-wins per cell on `Stamp` order: deterministic, commutative,
/// associative and idempotent. The canary rule lets the newest *arrival* win instead, which makes
/// replicas diverge; the simulator switches it on to prove that its checkers catch a broken merge.
package struct MergeRule: Sendable, Equatable {
    package let isCanary: Bool

    package static let standard = MergeRule(isCanary: false)
    package static let canary = MergeRule(isCanary: true)

    /// Whether `incoming` replaces the current winner (nil when the cell is empty).
    package func replaces(_ incoming: Stamp, winner current: Stamp?) -> Bool {
        guard let current else { return true }
        if isCanary { return incoming != current }
        return incoming > current
    }

    /// What applying a write does to a cell's conflicts.
    package struct Outcome: Equatable, Sendable {
        /// Whether the write is the cell's new winner.
        package var becomesWinner: Bool
        /// A value that lost and that nobody superseded: kept for a person to review.
        package var newConflict: Stamp?
    }

    /// Applies the rule to one cell. `isSuperseded` tells whether some write already applied
    /// (including this one) names a stamp in its `supersedes` list.
    package func outcome(of write: CellWrite, winner current: Stamp?, isSuperseded: (Stamp) throws -> Bool) rethrows -> Outcome {
        if replaces(write.stamp, winner: current) {
            let loser = try current.flatMap { try isSuperseded($0) ? nil : $0 }
            return Outcome(becomesWinner: true, newConflict: loser)
        }
        return Outcome(becomesWinner: false, newConflict: try isSuperseded(write.stamp) ? nil : write.stamp)
    }

    /// Two erasures of one record keep the higher stamp, so the marker itself converges.
    package func keeps(_ incoming: Erasure, over current: Erasure?) -> Bool {
        guard let current else { return true }
        return incoming.stamp > current.stamp
    }
}
