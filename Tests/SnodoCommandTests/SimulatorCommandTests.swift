import Foundation
import Testing
import SnodoTestSupport

/// `snodo-sim` as a person runs it: the seed first, the verdict last, the exit status to match.
@Suite struct SimulatorCommandTests {
    @Test func printsTheSeedFirstAndOkLast() throws {
        let result = try runProduct("snodo-sim", ["--scenario", "street", "--seed", "7", "--devices", "3", "--days", "2"])
        #expect(result.status == 0, "\(result.stdout)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.first == "seed 7")
        #expect(lines.last?.hasPrefix("ok") == true)
    }

    @Test func theCanaryFails() throws {
        let result = try runProduct("snodo-sim", ["--scenario", "plans", "--seeds", "1..5", "--devices", "4", "--days", "5", "--canary"])
        #expect(result.status == 1)
        #expect(result.stdout.split(separator: "\n").last?.hasPrefix("FAIL") == true)
    }

    @Test func badArgumentsAreUsageErrors() throws {
        for words in [["--seed", "x"], ["--seeds", "9..1"], ["--seed", "1", "--scenario", "moon"], ["--seed", "1", "--days", "0"], []] {
            let result = try runProduct("snodo-sim", words)
            #expect(result.status == 64, "\(words)")
            #expect(result.stderr.hasPrefix("snodo-sim: "), "\(words)")
        }
    }
}
