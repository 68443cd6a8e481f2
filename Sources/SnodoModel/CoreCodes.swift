/// The vocabulary codes the workflows read, named: the core profile defines them (with their
/// labels) and a test checks that it does. A code is never reused; new cases take new codes.
package enum Vocabulary {
    /// Outcomes: only a visit where someone was met (met, refused at the door, referred) counts as
    /// a household or person reached and restarts its round.
    package enum Outcome {
        package static let met: UInt32 = 1
        package static let notAtHome: UInt32 = 2
        package static let refused: UInt32 = 3
        package static let referred: UInt32 = 4
    }

    /// Ledger entries: money given to a household or person, and money spent from it.
    package enum LedgerEntry {
        package static let allocation: UInt32 = 1
        package static let expense: UInt32 = 2
    }

    /// Visit kinds the workflows write.
    package enum VisitKind {
        package static let homeMonitoring: UInt32 = 1
        package static let streetContact: UInt32 = 2
    }

    /// The place status a clearance sets.
    package enum PlaceStatus {
        package static let active: UInt32 = 1
        package static let cleared: UInt32 = 2
    }
}
