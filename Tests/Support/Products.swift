import Foundation
import Synchronization
import SnodoModel
import SnodoStore

/// The folder holding the built executables: the test runner sits beside them.
package var productsFolder: String {
    URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path
}

/// The result of running a built executable to completion.
package struct RunResult: Sendable {
    package let status: Int32
    package let stdout: String
    package let stderr: String
}

/// Runs one of the package's executables with arguments, environment additions and standard input.
/// `launcher`, if given, is a command that runs the product (its path follows the launcher's words).
package func runProduct(
    _ name: String, _ arguments: [String], environment: [String: String] = [:], input: String? = nil,
    launcher: [String] = []
) throws -> RunResult {
    if launcher.isEmpty { return try runCommand(productsFolder + "/" + name, arguments, environment: environment, input: input) }
    return try runCommand(launcher[0], Array(launcher.dropFirst()) + [productsFolder + "/" + name] + arguments, environment: environment, input: input)
}

/// Runs an executable to completion, with `SNODO_STORE` unset, Rome's time zone and an Italian
/// locale unless given.
package func runCommand(_ executable: String, _ arguments: [String], environment: [String: String] = [:], input: String? = nil) throws -> RunResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    var env = ProcessInfo.processInfo.environment
    env["SNODO_STORE"] = nil
    env["TZ"] = env["TZ"] ?? "Europe/Rome"
    // Italian, as the operators read it, whatever this machine's locale: a test that wants English
    // says LANG=en_….
    for name in ["LANGUAGE", "LC_ALL", "LC_MESSAGES"] { env[name] = nil }
    env["LANG"] = "it_IT.UTF-8"
    // Every store the tests make is sealed, as in the field, with one passphrase (a file only
    // its owner reads) and Argon2id's test cost.
    env["SNODO_PASSPHRASE_FILE"] = testPassphraseFile
    env["SNODO_VAULT_COST"] = "test"
    for (key, value) in environment { env[key] = value }
    process.environment = env
    let out = Pipe(), err = Pipe(), stdin = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = stdin
    try process.run()
    if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
    try stdin.fileHandleForWriting.close()
    // Read both pipes to the end before waiting, so a full pipe never blocks the child.
    let errBytes = PipeBytes()
    let group = DispatchGroup()
    DispatchQueue.global().async(group: group) { errBytes.read(err) }
    let outBytes = out.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    process.waitUntilExit()
    return RunResult(
        status: process.terminationStatus, stdout: String(decoding: outBytes, as: UTF8.self),
        stderr: String(decoding: errBytes.bytes.withLock { $0 }, as: UTF8.self))
}

/// What one pipe gave, read on another thread.
private final class PipeBytes: Sendable {
    let bytes = Mutex(Data())

    func read(_ pipe: Pipe) {
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        bytes.withLock { $0 = data }
    }
}

/// The passphrase file of the tests' sealed stores, made once per process, mode 0600.
package let testPassphraseFile: String = {
    let path = NSTemporaryDirectory() + "snodo-test-passphrase-\(getpid())"
    FileManager.default.createFile(atPath: path, contents: Data("frase segreta dei test\n".utf8), attributes: [.posixPermissions: 0o600])
    return path
}()

/// Opens a store the tests made through `snodo`: sealed with the tests' passphrase when it has a
/// key file beside it, plain otherwise (a relay's, or one made with `Store.create`).
package func openTestStore(path: String, environment: StoreEnvironment, rule: MergeRule = .standard) throws -> Store {
    try Store.open(path: path, environment: environment, rule: rule, vault: testVault(for: path))
}

/// The key of a store the tests sealed, nil for a plain one.
package func testVault(for path: String) -> VaultKey? {
    VaultFile.read(for: path).flatMap { try? VaultKey.unwrap($0, passphrase: "frase segreta dei test") }
}
