import SnodoModel
import SnodoSync

/// The field workloads a simulation can run (DOMAIN.md, "Rhythm of the work").
package enum Scenario: String, CaseIterable, Sendable {
    /// Custodi sociali on daily rounds of public housing, with tutors editing the same homes.
    case rounds
    /// Night street units meeting people at places, offline for days at a time.
    case street
    /// Tutors and coordinators editing plans and ledgers of doti.
    case plans
    /// All of the above, with erasures.
    case mixed
}

/// Everything a run depends on besides its seed.
package struct SimulationOptions: Sendable {
    package var scenario: Scenario
    package var seed: UInt64
    package var devices: Int
    package var days: Int
    /// Switches on the deliberately broken merge rule: the checkers must catch it.
    package var canary = false
    /// Runs a deliberately broken relay: the relay auditor must catch it.
    package var relayCanary: RelayCanary?
    /// Where the SQLite files go (a tmpfs is fastest: the simulation fsyncs like the field does).
    package var folder: String

    package init(scenario: Scenario, seed: UInt64, devices: Int, days: Int, folder: String) {
        self.scenario = scenario
        self.seed = seed
        self.devices = devices
        self.days = days
        self.folder = folder
    }
}

/// Fault probabilities, drawn from the seed ("swarm testing", as TigerBeetle's VOPR does), so
/// that different seeds stress different mixes: some runs lose most responses, some crash often.
package struct FaultProfile: Sendable, CustomStringConvertible {
    package var requestLostPercent: Int
    package var responseLostPercent: Int
    package var truncatePercent: Int
    package var duplicatePercent: Int
    package var replayOldPercent: Int
    package var partitionPercent: Int
    package var deviceCrashPercent: Int
    package var relayCrashPercent: Int
    package var clockJumpPercent: Int
    /// A copy of a request with one value changed and the MAC left as it was, delivered first:
    /// an attacker on the path. The relay must refuse it.
    package var forgePercent: Int
    /// Per mille of events at which a store is put back from its last copy: the relay's (a lost
    /// disk and last night's backup) or a laptop's (a reinstall), sometimes between the two halves
    /// of a sync.
    package var restorePermille: Int

    package init(_ rng: inout SplitMix64) {
        func pick(_ range: ClosedRange<Int>) -> Int { rng.draw(in: range) }
        requestLostPercent = pick(0...20)
        responseLostPercent = pick(0...20)
        truncatePercent = pick(0...10)
        duplicatePercent = pick(0...15)
        replayOldPercent = pick(0...10)
        partitionPercent = pick(0...15)
        deviceCrashPercent = pick(0...8)
        relayCrashPercent = pick(0...4)
        clockJumpPercent = pick(0...5)
        forgePercent = pick(0...5)
        restorePermille = pick(0...8)
    }

    package var description: String {
        "request lost \(requestLostPercent)%, response lost \(responseLostPercent)%, truncated \(truncatePercent)%, "
            + "duplicated \(duplicatePercent)%, old replayed \(replayOldPercent)%, partitioned \(partitionPercent)%, "
            + "device crash \(deviceCrashPercent)%, relay crash \(relayCrashPercent)%, clock jump \(clockJumpPercent)%, "
            + "forged \(forgePercent)%, restored \(restorePermille)‰"
    }
}
