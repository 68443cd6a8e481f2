import Foundation
import Testing
import SnodoModel
import SnodoStore
import SnodoTestSupport

/// A child process writes batches and is killed with SIGKILL at a point drawn from the seed, 50
/// times on the same file: the file must pass integrity_check and hold every batch the child
/// reported committed. The kill lands while the child is inside its next write.
@Suite struct CrashConsistencyTests {
    @Test func sigkillMidBatchLosesNoCommittedEdit() throws {
        let folder = makeTemporaryFolder("snodo-crash")
        defer { removeTemporaryFolder(folder) }
        let path = folder + "/field.sqlite"
        var committed: [RecordID] = []
        var rng = SplitMix64(seed: 50)
        for round in 1...50 {
            let target = Int.random(in: 1...25, using: &rng)
            committed += try runAndKill(path: path, seed: UInt64(round), afterCommits: target)
            let store = try Store.open(path: path, environment: TestClock(seed: 1).environment)
            #expect(try store.integrityCheck() == "ok", "round \(round)")
            for id in committed {
                #expect(try store.kind(of: id) == .visit, "round \(round): committed record \(id.hex) lost")
            }
        }
    }

    /// Starts the writer, reads its "committed" lines until `afterCommits`, then kills it at once.
    private func runAndKill(path: String, seed: UInt64, afterCommits: Int) throws -> [RecordID] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: productsFolder + "/snodo-crash-writer")
        process.arguments = [path, String(seed)]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        var ids: [RecordID] = []
        var buffer = Data()
        let reader = out.fileHandleForReading
        while ids.count < afterCommits {
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            buffer.append(chunk)
            while let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self)
                buffer.removeSubrange(buffer.startIndex...newline)
                if let hex = line.split(separator: " ").last, let id = RecordID(hex: String(hex)) { ids.append(id) }
            }
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal, "the writer was killed, not finished")
        return ids
    }
}
