import Foundation
import Testing

/// The layers as `Package.swift` declares them and as the README's "Architecture" states them:
/// read from both files, so a target added, moved or given a new dependency without its README
/// line (or pointing up the layers) fails here.
struct ArchitectureTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Each target's level, from the bottom; a target may use only targets of lower levels.
    static let levels: [String: Int] = [
        "CSQLite": 0, "CSodium": 0,
        "SnodoModel": 1,
        "SnodoStore": 2, "SnodoProtocol": 2, "SnodoCommandLine": 2,
        "SnodoSync": 3, "SnodoWorkflows": 3,
        "SnodoServer": 4, "SnodoCommands": 4, "SnodoSimulator": 4,
        "Snodo": 5, "SnodoWeb": 5,
        "snodo": 6, "snodo-relay": 6, "snodo-sim": 6, "snodo-bench": 6, "snodo-fuzz": 6, "snodo-crash-writer": 6, "SnodoTestSupport": 6,
    ]

    struct Target: Equatable {
        var name: String
        var kind: String
        var path: String
        var dependencies: Set<String>
    }

    /// The targets of `Package.swift`: name, kind, folder and dependencies.
    static func packageTargets() throws -> [Target] {
        let manifest = try String(contentsOf: repository.appendingPathComponent("Package.swift"), encoding: .utf8)
        let declaration = /\.(target|executableTarget|testTarget|systemLibrary)\(/
        let starts = manifest.matches(of: declaration)
        return try starts.enumerated().map { index, start in
            let end = index + 1 < starts.count ? starts[index + 1].range.lowerBound : manifest.endIndex
            let text = manifest[start.range.lowerBound..<end]
            let name = try #require(text.firstMatch(of: /name: "([^"]+)"/)).output.1
            let kind = String(start.output.1)
            let folder = text.firstMatch(of: /path: "([^"]+)"/).map { String($0.output.1) } ?? (kind == "testTarget" ? "Tests/" : "Sources/") + name
            let list = text.firstMatch(of: /dependencies: \[([^\]]*)\]/).map { String($0.output.1) } ?? ""
            let dependencies = Set(list.matches(of: /"([^"]+)"/).map { String($0.output.1) })
            return Target(name: String(name), kind: kind, path: folder, dependencies: dependencies)
        }
    }

    /// The README's architecture block: each entry's folder and the targets it says it uses.
    static func readmeEntries() throws -> [String: Set<String>] {
        let readme = try String(contentsOf: repository.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.firstRange(of: "## Architecture\n")).upperBound
        let blockStart = try #require(readme[section...].firstRange(of: "```\n")).upperBound
        let blockEnd = try #require(readme[blockStart...].firstRange(of: "```\n")).lowerBound
        var entries: [(folder: String, text: String)] = []
        for line in readme[blockStart..<blockEnd].split(separator: "\n") {
            if line.first == " " {
                entries[entries.count - 1].text += " " + line.trimmingCharacters(in: .whitespaces)
            } else {
                let folder = String(line.prefix { $0 != " " })
                entries.append((folder, String(line.dropFirst(folder.count)).trimmingCharacters(in: .whitespaces)))
            }
        }
        var uses: [String: Set<String>] = [:]
        for entry in entries {
            guard let said = entry.text.firstMatch(of: /^uses ([^.]+)\./) else { continue }
            let names = said.output.1 == "nothing" ? [] : said.output.1.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            uses[entry.folder] = Set(names)
        }
        return uses
    }

    @Test func noTargetUsesOneOnItsLevelOrAbove() throws {
        let targets = try Self.packageTargets()
        #expect(targets.count > 20, "Package.swift read wrongly: \(targets.map(\.name))")
        for target in targets {
            let level = target.kind == "testTarget" ? 7 : try #require(Self.levels[target.name], "\(target.name) has no level in ArchitectureTests")
            for dependency in target.dependencies {
                let below = try #require(Self.levels[dependency], "\(target.name) uses \(dependency), which has no level")
                #expect(below < level, "\(target.name) (level \(level)) uses \(dependency) (level \(below))")
            }
        }
    }

    @Test func theReadmeStatesEveryTargetWithItsDependencies() throws {
        let said = try Self.readmeEntries()
        let targets = try Self.packageTargets().filter { $0.kind != "testTarget" }
        for target in targets {
            let uses = try #require(said[target.path], "the README's architecture has no line for \(target.path)")
            #expect(uses == target.dependencies, "\(target.path): README says \(uses.sorted()), Package.swift \(target.dependencies.sorted())")
        }
        let folders = Set(targets.map(\.path))
        for folder in said.keys { #expect(folders.contains(folder), "the README names \(folder), which is no target") }
    }

    @Test func workflowsImportNoCommandLineCode() throws {
        let folder = Self.repository.appendingPathComponent("Sources/SnodoWorkflows")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".swift") }
        #expect(!files.isEmpty)
        for file in files {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            let imports = text.matches(of: /(?m)^import (\w+)/).map { String($0.output.1) }
            for module in imports {
                #expect(["Foundation", "SnodoModel", "SnodoStore"].contains(module), "SnodoWorkflows/\(file) imports \(module)")
            }
        }
    }
}
