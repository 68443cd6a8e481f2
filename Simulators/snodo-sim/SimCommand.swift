import Foundation
import SnodoCommandLine
import SnodoSimulator
import SnodoSync

/// `snodo-sim --scenario NAME --seed N | --seeds A..B --devices D --days K [--canary]`.
enum SimCommand {
    static let spec = CommandSpec(
        path: "snodo-sim",
        usage: "snodo-sim [--scenario NAME] (--seed N | --seeds A..B) [--devices D] [--days K] [--canary] [--relay-canary NAME] [--folder DIR]",
        summary: "simulate months of faulty field work deterministically; the last line says ok or FAIL",
        valueOptions: ["scenario", "seed", "seeds", "devices", "days", "folder", "relay-canary"], flags: ["canary"],
        details: [
            "--scenario: \(Scenario.allCases.map(\.rawValue).joined(separator: ", ")) (default mixed); with --seeds and no",
            "--scenario, seeds rotate through all of them. --devices 2 to 64 (default 4), --days 1 to 3650 (default 30).",
            "--canary switches on a deliberately broken merge rule, which the checkers must catch (exit 1).",
            "--relay-canary admitEverything|acceptAnySignature runs a deliberately broken relay, which the relay auditor must catch (exit 1).",
            "Any failure is reproduced exactly by running its seed again with the same options.",
        ])

    static func main(_ words: [String]) -> Int32 {
        if words.contains("--help") { Output.line(spec.help); return 0 }
        do {
            let arguments = try Arguments.parse(words, for: spec)
            return try run(arguments)
        } catch let error as CommandError {
            switch error {
            case .usage(let message, _): Output.error("snodo-sim: \(message)"); Output.error(spec.usageLine)
            case .failure(let message): Output.error("snodo-sim: \(message)")
            }
            return error.exitStatus
        } catch {
            Output.error("snodo-sim: \(error)")
            return 1
        }
    }

    static func run(_ arguments: Arguments) throws -> Int32 {
        let scenario = try arguments.value("scenario").map { name in
            guard let scenario = Scenario(rawValue: name) else {
                throw spec.usageError("unknown scenario '\(name)' (accepted: \(Scenario.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            return scenario
        }
        let seeds = try seedRange(arguments)
        let devices = try number(arguments, "devices", default: 4, range: 2...64)
        let days = try number(arguments, "days", default: 30, range: 1...3650)
        let folder = arguments.value("folder") ?? (FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory())
        let canary = arguments.has("canary")
        let relayCanary = try arguments.value("relay-canary").map { name in
            guard let canary = RelayCanary(rawValue: name) else {
                throw spec.usageError("unknown relay canary '\(name)' (accepted: \(RelayCanary.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            return canary
        }
        Output.line("seed \(seeds.lowerBound == seeds.upperBound ? "\(seeds.lowerBound)" : "\(seeds.lowerBound)..\(seeds.upperBound)")")
        let started = Date()
        var failing: [(UInt64, Scenario, [String])] = []
        var totals = SimulationResult(seed: 0)
        for seed in seeds {
            let chosen = scenario ?? Scenario.allCases[Int(seed % UInt64(Scenario.allCases.count))]
            var options = SimulationOptions(scenario: chosen, seed: seed, devices: devices, days: days, folder: folder)
            options.canary = canary
            options.relayCanary = relayCanary
            let result = Simulation(options: options).run()
            totals.changes += result.changes; totals.syncs += result.syncs; totals.bytes += result.bytes
            totals.conflicts += result.conflicts; totals.faults += result.faults; totals.erasures += result.erasures
            totals.scopeChanges += result.scopeChanges; totals.rejected += result.rejected; totals.restores += result.restores
            totals.programmeRecords += result.programmeRecords
            if !result.ok {
                failing.append((seed, chosen, result.failures))
                Output.line("FAIL seed \(seed) (\(chosen.rawValue)): \(result.failures.prefix(3).joined(separator: "; "))")
            }
            if seeds.count == 1 {
                Output.line("faults: \(result.faultProfile)")
                // The same seed gives the same relay, in any process: compare this line across runs.
                Output.line("digest: \(result.digest)")
            }
        }
        let seconds = Date().timeIntervalSince(started)
        Output.line(
            "scenario \(scenario?.rawValue ?? (seeds.count == 1 ? Scenario.allCases[Int(seeds.lowerBound % 4)].rawValue : "all, by seed")) · \(seeds.count) "
                + "seed\(seeds.count == 1 ? "" : "s") × \(devices) devices × \(days) days = \(seeds.count * devices * days) device-days"
        )
        Output.line(
            "changes \(totals.changes) · syncs \(totals.syncs) · bytes \(totals.bytes) · conflicts \(totals.conflicts) · erasures \(totals.erasures) · scope "
                + "changes \(totals.scopeChanges) · refused out of scope \(totals.rejected) · restores \(totals.restores) · faults injected \(totals.faults) · "
                + "programme records \(totals.programmeRecords) · "
                + "\(String(format: "%.1f", seconds)) s"
        )
        if failing.isEmpty {
            Output.line("ok: every replica converged, nothing lost or resurrected, every file intact")
            return 0
        }
        Output.line("FAIL: \(failing.count) seed\(failing.count == 1 ? "" : "s") failed: \(failing.map { "\($0.0)" }.joined(separator: " "))")
        return 1
    }

    static func seedRange(_ arguments: Arguments) throws -> ClosedRange<UInt64> {
        if let text = arguments.value("seeds") {
            let parts = text.components(separatedBy: "..")
            guard parts.count == 2, let low = UInt64(parts[0]), let high = UInt64(parts[1]), low <= high else {
                throw spec.usageError("malformed --seeds (expected A..B with A ≤ B, like 1..1000)")
            }
            return low...high
        }
        guard let text = arguments.value("seed") else { throw spec.usageError("give --seed N or --seeds A..B") }
        guard let seed = UInt64(text) else { throw spec.usageError("malformed --seed (expected a whole number)") }
        return seed...seed
    }

    static func number(_ arguments: Arguments, _ name: String, default value: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text = arguments.value(name) else { return value }
        guard let number = Int(text), range.contains(number) else {
            throw spec.usageError("malformed --\(name) (expected a whole number from \(range.lowerBound) to \(range.upperBound))")
        }
        return number
    }
}
