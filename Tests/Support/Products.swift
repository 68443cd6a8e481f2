import Foundation

/// The folder holding the built executables: the test runner sits beside them.
public var productsFolder: String {
    URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path
}

/// The result of running a built executable to completion.
public struct RunResult: Sendable {
    public let status: Int32
    public let stdout: String
    public let stderr: String
}

/// Runs one of the package's executables with arguments, environment additions and standard input.
/// `launcher`, if given, is a command that runs the product (its path follows the launcher's words).
public func runProduct(
    _ name: String, _ arguments: [String], environment: [String: String] = [:], input: String? = nil,
    launcher: [String] = []
) throws -> RunResult {
    let process = Process()
    if launcher.isEmpty {
        process.executableURL = URL(fileURLWithPath: productsFolder + "/" + name)
        process.arguments = arguments
    } else {
        process.executableURL = URL(fileURLWithPath: launcher[0])
        process.arguments = Array(launcher.dropFirst()) + [productsFolder + "/" + name] + arguments
    }
    var env = ProcessInfo.processInfo.environment
    env["SNODO_STORE"] = nil
    env["TZ"] = env["TZ"] ?? "Europe/Rome"
    for (key, value) in environment { env[key] = value }
    process.environment = env
    let out = Pipe(), err = Pipe(), stdin = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = stdin
    try process.run()
    if let input { stdin.fileHandleForWriting.write(input.data(using: .utf8)!) }
    try stdin.fileHandleForWriting.close()
    // Read both pipes to the end before waiting, so a full pipe never blocks the child.
    let errData = DispatchQueue.global()
    nonisolated(unsafe) var errBytes = Data()
    let group = DispatchGroup()
    errData.async(group: group) { errBytes = err.fileHandleForReading.readDataToEndOfFile() }
    let outBytes = out.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    process.waitUntilExit()
    return RunResult(status: process.terminationStatus, stdout: String(decoding: outBytes, as: UTF8.self), stderr: String(decoding: errBytes, as: UTF8.self))
}
