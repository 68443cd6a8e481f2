import Foundation
import SnodoCommandLine

/// The benchmark's table and its JSON twin.
enum Report {
    static func format(_ value: Double, _ unit: String) -> String {
        switch unit {
        case "s": value < 0.01 ? String(format: "%.2f ms", value * 1000) : String(format: "%.3f s", value)
        case "cells/s": String(format: "%.0f/s", value)
        case "MiB": String(format: "%.1f MiB", value)
        default: String(format: "%.0f %@", value, unit)
        }
    }

    static func table(_ figures: [Figure], quick: Bool) -> String {
        var table = Table(header: ["id", "figure", "value (min–max)", "limit", "ratio", "target", "met"])
        table.rows = figures.map { figure in
            let range = figure.samples.count > 1 ? " (\(format(figure.samples.min()!, figure.unit))–\(format(figure.samples.max()!, figure.unit)))" : ""
            return [
                figure.id, figure.name, format(figure.value, figure.unit) + range,
                figure.limit == 0
                    ? figure.limitName : "\(format(figure.limit, figure.unit == "round trips" ? "round trips" : figure.unit)) \(figure.limitName)",
                figure.limit == 0 ? "—" : String(format: "%.2f×", figure.ratio), figure.target, figure.met ? "yes" : "NO",
            ]
        }
        let notes = figures.filter { !$0.note.isEmpty }.map { "\($0.id): \($0.note)" }
        return (["snodo-bench\(quick ? " --quick" : ""): medians of \(3) or more repetitions", ""] + [table.render(), ""] + notes).joined(separator: "\n")
    }

    static func json(_ figures: [Figure]) throws -> Data {
        var object: [String: Any] = [:]
        for figure in figures {
            object[figure.id] = [
                "value": figure.value, "limit": figure.limit, "ratio": figure.ratio, "target": figure.target, "met": figure.met,
                "unit": figure.unit, "min": figure.samples.min() ?? 0, "max": figure.samples.max() ?? 0,
                "samples": figure.samples.count, "name": figure.name, "limitName": figure.limitName, "note": figure.note,
            ]
        }
        return try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
    }
}
