import Foundation
import Testing
import SnodoModel
import SnodoStore
import SnodoTestSupport

/// Runs the built `snodo` binary on a store in a temporary folder.
struct SnodoCommand {
    let folder: String
    var store: String { folder + "/field.sqlite" }

    init() { folder = makeTemporaryFolder("snodo-cli") }

    func run(_ arguments: String..., env: [String: String] = [:]) throws -> RunResult {
        try runProduct("snodo", ["--store", store] + arguments, environment: env)
    }

    func runWithoutStore(_ arguments: [String], env: [String: String] = [:]) throws -> RunResult {
        try runProduct("snodo", arguments, environment: env)
    }

    /// Runs a command that must succeed and returns its standard output.
    @discardableResult
    func ok(_ arguments: String..., sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let result = try runProduct("snodo", ["--store", store] + arguments)
        #expect(result.status == 0, "snodo \(arguments.joined(separator: " ")): \(result.stderr)", sourceLocation: sourceLocation)
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The store's state digest and change counter: unchanged after a refused command.
    func fingerprint() throws -> String {
        let opened = try openTestStore(path: store, environment: TestClock(seed: 1).environment)
        return "\(try opened.state().digest)/\(opened.lastChangeNumber)"
    }

    func json(_ arguments: String...) throws -> Any {
        let result = try runProduct("snodo", ["--store", store] + arguments + ["--json"])
        #expect(result.status == 0, "\(result.stderr)")
        return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
    }

    func cleanUp() { removeTemporaryFolder(folder) }
}
