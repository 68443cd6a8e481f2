import Foundation
import Testing
import SnodoTestSupport

/// A seed replays exactly in another process: each process hashes with its own random seed, so
/// any decision taken by iterating a hashed collection would show here as different digests.
@Suite struct SimulatorProcessTests {
    @Test(arguments: [UInt64(17), 4879])
    func theSameSeedGivesTheSameRelayInTwoProcesses(_ seed: UInt64) throws {
        let arguments = ["--seed", "\(seed)", "--days", "4", "--devices", "4"]
        let first = try runProduct("snodo-sim", arguments)
        let second = try runProduct("snodo-sim", arguments)
        #expect(first.status == 0, "seed \(seed): \(first.stdout)")
        let digests = [first, second].map { run in run.stdout.split(separator: "\n").first { $0.hasPrefix("digest: ") }.map(String.init) }
        #expect(digests[0] != nil, "snodo-sim prints the relay's digest for a single seed")
        #expect(digests[0] == digests[1], "seed \(seed): two processes ended with different relays")
    }
}
