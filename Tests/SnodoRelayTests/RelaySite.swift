import Foundation
import Testing
import SnodoTestSupport

/// A closed relay process and the laptops enrolled with it, in one temporary folder: what the
/// end-to-end suites share to enroll laptops and run `snodo` and `snodo-relay` on them.
struct RelaySite {
    let folder: String
    let relay: RelayProcess
    /// Each laptop's store in a folder of its own (`NAME/field.sqlite`), as `snodo init` makes
    /// it, or beside the relay (`NAME.sqlite`).
    let laptopFolders: Bool

    init(_ prefix: String, laptopFolders: Bool = false, options: [String] = []) {
        folder = makeTemporaryFolder(prefix)
        relay = RelayProcess(folder: folder + "/relay", open: false, options: options)
        self.laptopFolders = laptopFolders
    }

    /// Enrolls a laptop and sets its store up with the code; returns the store path and device id.
    func enroll(
        _ name: String, districts: String, role: String = "caretaker", lease: Int = 14,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> (store: String, device: String) {
        let result = try relayCommand(
            "enroll", "--team", "t-\(name)", "--districts", districts, "--role", role,
            "--operator", "Operatore \(name)", "--lease-days", "\(lease)", sourceLocation: sourceLocation)
        let code = String(result.stdout.split(separator: "\n").last!)
        let store = laptopFolders ? folder + "/\(name)/field.sqlite" : folder + "/\(name).sqlite"
        try snodo(store, "enroll", code, sourceLocation: sourceLocation)
        return (store, String(code.dropFirst(7).prefix(16)))
    }

    @discardableResult
    func snodo(_ store: String, _ words: String..., status: Int32 = 0, sourceLocation: SourceLocation = #_sourceLocation) throws -> RunResult {
        let result = try runProduct("snodo", ["--store", store] + words)
        #expect(result.status == status, "snodo \(words.joined(separator: " ")): \(result.stderr)", sourceLocation: sourceLocation)
        return result
    }

    @discardableResult
    func sync(_ store: String, status: Int32 = 0, sourceLocation: SourceLocation = #_sourceLocation) throws -> RunResult {
        let result = try runProduct("snodo", ["--store", store, "sync", "--relay", relay.url])
        #expect(result.status == status, "sync: \(result.stderr)", sourceLocation: sourceLocation)
        return result
    }

    @discardableResult
    func relayCommand(_ words: String..., status: Int32 = 0, sourceLocation: SourceLocation = #_sourceLocation) throws -> RunResult {
        try relayCommand(words, status: status, sourceLocation: sourceLocation)
    }

    @discardableResult
    func relayCommand(_ words: [String], status: Int32 = 0, sourceLocation: SourceLocation = #_sourceLocation) throws -> RunResult {
        let result = try runProduct("snodo-relay", words + ["--store", relay.folder])
        #expect(result.status == status, "snodo-relay \(words.joined(separator: " ")): \(result.stderr)", sourceLocation: sourceLocation)
        return result
    }

    func cleanUp() {
        _ = relay.stop()
        removeTemporaryFolder(folder)
    }
}
