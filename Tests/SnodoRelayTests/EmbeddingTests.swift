import Foundation
import Testing
import SnodoTestSupport

/// The README's "Embedding Snodo" program, compiled from a separate package that depends on the
/// library product by path, and run against a real relay: what an app developer would do.
@Suite(.serialized) struct EmbeddingTests {
    /// This repository's root, from this file's place in it.
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func theReadmeExampleBuildsAgainstTheLibraryProductAndSyncs() throws {
        let example = try Self.buildExample()
        let site = RelaySite("snodo-embed")
        defer { site.cleanUp() }
        try site.relay.start()
        let enrolled = try site.relayCommand("enroll", "--team", "t-app", "--districts", "Lodi-1", "--role", "caretaker", "--operator", "Operatore app")
        let code = String(try #require(enrolled.stdout.split(separator: "\n").last))

        let run = try Self.run(example, [site.folder + "/app", code, site.relay.url])
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("household fields: district, shared-with, comune, street") == true, "\(lines)")
        #expect(lines.contains("changed: 1 record(s), local"), "\(lines)")
        #expect(lines.contains { $0.hasPrefix("household ") && $0.hasSuffix(": via Lodivecchio 9/A, flat 12, 7 writes") }, "\(lines)")
        #expect(lines.contains("open conflicts: 0"))
        #expect(lines.contains { $0.hasPrefix("synced: sent ") && $0.hasSuffix(", received 0") }, "\(lines)")

        // Another laptop of the district, through the `snodo` command, sees what the app wrote.
        let (other, _) = try site.enroll("other", districts: "Lodi-1")
        try site.sync(other)
        let listed = try site.snodo(other, "household", "list", "--json").stdout
        #expect(listed.contains("via Lodivecchio") && listed.contains("9/A"), "\(listed)")
    }

    @Test func theExampleRunsOnItsEmbeddedDefaultWithoutARelay() throws {
        let example = try Self.buildExample()
        let folder = makeTemporaryFolder("snodo-embed-local")
        defer { removeTemporaryFolder(folder) }
        let first = try Self.run(example, [folder])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(!first.stdout.contains("synced"))
        // A second run finds the store there: one clear line, nothing overwritten.
        let again = try Self.run(example, [folder])
        #expect(again.status != 0)
        #expect(again.stderr.contains("already"), "\(again.stderr)")
    }

    /// Writes the separate package (its manifest, and the README's program as its main.swift) and
    /// builds it; returns the executable. The package and its build folder live under `.build`,
    /// so a second run rebuilds only what changed.
    static func buildExample() throws -> String {
        let base = repository.appendingPathComponent(".build/embedding-example")
        let package = base.appendingPathComponent("package")
        let sources = package.appendingPathComponent("Sources/snodo-example")
        try FileManager.default.createDirectory(at: sources, withIntermediateDirectories: true)
        try writeIfChanged(package.appendingPathComponent("Package.swift"), manifest())
        try writeIfChanged(sources.appendingPathComponent("main.swift"), try readmeExample())
        let scratch = base.appendingPathComponent("build").path
        var build = try runCommand("/usr/bin/env", ["swift", "build", "--package-path", package.path, "--scratch-path", scratch])
        if build.status != 0 {
            // SwiftPM plans the first build after this repository's manifest or file list changed
            // from the graph it cached before (a new target or file is "no such module"); the second
            // build plans from the new one. A real error fails both.
            build = try runCommand("/usr/bin/env", ["swift", "build", "--package-path", package.path, "--scratch-path", scratch])
        }
        if build.status != 0 {
            // A file added to this repository can stay unseen by the cached plan of a path
            // dependency: a clean build folder settles it (a clean clone never has one).
            try? FileManager.default.removeItem(atPath: scratch)
            build = try runCommand("/usr/bin/env", ["swift", "build", "--package-path", package.path, "--scratch-path", scratch])
        }
        try #require(build.status == 0, "the README's example does not build:\n\(build.stdout)\n\(build.stderr)")
        let binPath = try runCommand("/usr/bin/env", ["swift", "build", "--package-path", package.path, "--scratch-path", scratch, "--show-bin-path"])
        return binPath.stdout.trimmingCharacters(in: .whitespacesAndNewlines) + "/snodo-example"
    }

    /// The package an app developer would write: one executable depending on the product by path.
    static func manifest() -> String {
        let identity = repository.lastPathComponent.lowercased()
        return """
            // swift-tools-version: 6.0
            import PackageDescription

            let package = Package(
                name: "snodo-example",
                dependencies: [.package(path: "\(repository.path)")],
                targets: [.executableTarget(name: "snodo-example", dependencies: [.product(name: "Snodo", package: "\(identity)")])],
                swiftLanguageModes: [.v6]
            )

            """
    }

    /// The first Swift block of the README's "Embedding Snodo" section, exactly as printed there.
    static func readmeExample() throws -> String {
        let readme = try String(contentsOf: repository.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.range(of: "## Embedding Snodo\n"), "the README has no \"Embedding Snodo\" section")
        let rest = readme[section.upperBound...]
        let open = try #require(rest.range(of: "```swift\n"))
        let close = try #require(rest[open.upperBound...].range(of: "\n```\n"))
        return String(rest[open.upperBound..<close.lowerBound]) + "\n"
    }

    static func writeIfChanged(_ url: URL, _ text: String) throws {
        if (try? String(contentsOf: url, encoding: .utf8)) == text { return }
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    static func run(_ executable: String, _ arguments: [String]) throws -> RunResult {
        try runCommand(executable, arguments)
    }
}
