import Foundation
import SnodoStore
import SnodoSync

/// What the relay counts for `GET /metrics`, in the Prometheus text exposition format (0.0.4).
/// Counters only grow while the process runs; gauges (devices by age, store size, connections)
/// are read at scrape time.
package final class RelayMetrics: Sendable {
    /// Upper bounds, in seconds, of the sync latency histogram's buckets.
    static let latencyBuckets: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]
    /// Upper bounds, in seconds, of the "devices by age of their last sync" buckets.
    static let ageBuckets: [(label: String, seconds: Double)] = [("1h", 3_600), ("1d", 86_400), ("7d", 604_800), ("30d", 2_592_000)]

    private struct Counts {
        var requests: [Int: Int] = [:]
        var bytesIn = 0
        var bytesOut = 0
        var changesMerged = 0
        var refusals: [String: Int] = [:]
        var errors: [String: Int] = [:]
        var latency = [Int](repeating: 0, count: RelayMetrics.latencyBuckets.count)
        var latencyCount = 0
        var latencySum = 0.0
    }

    private let counts = Locked(Counts())

    package init() {}

    /// Counts one answered sync request.
    package func sync(status: Int, bytesIn: Int, bytesOut: Int, seconds: Double, summary: RequestSummary) {
        counts.withLock { counts in
            counts.requests[status, default: 0] += 1
            counts.bytesIn += bytesIn
            counts.bytesOut += bytesOut
            counts.changesMerged += summary.accepted
            for (reason, records) in summary.refused { counts.refusals[reason, default: 0] += records }
            if let error = summary.error { counts.errors["\(error)", default: 0] += 1 }
            for (index, bound) in RelayMetrics.latencyBuckets.enumerated() where seconds <= bound { counts.latency[index] += 1 }
            counts.latencyCount += 1
            counts.latencySum += seconds
        }
    }

    /// Counts any other answered request (health, metrics, refusals made by the HTTP server).
    package func request(status: Int) {
        counts.withLock { $0.requests[status, default: 0] += 1 }
    }

    /// The exposition text. `lastSyncs` holds each known device's last sync (nil: never).
    package func render(connections: HTTPServer.Counters, lastSyncs: [Int64?], nowMillis: Int64, storeBytes: Int) -> String {
        let counts = counts.withLock { $0 }
        var text = ""
        func family(_ name: String, _ type: String, _ help: String, _ samples: [(labels: String, value: String)]) {
            text += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
            for sample in samples { text += "\(name)\(sample.labels) \(sample.value)\n" }
        }
        family(
            "snodo_relay_requests_total", "counter", "Requests answered, by HTTP status.",
            counts.requests.keys.sorted().map { ("{status=\"\($0)\"}", "\(counts.requests[$0]!)") })
        family("snodo_relay_received_bytes_total", "counter", "Bytes of sync request bodies received.", [("", "\(counts.bytesIn)")])
        family("snodo_relay_sent_bytes_total", "counter", "Bytes of sync response bodies sent.", [("", "\(counts.bytesOut)")])
        family("snodo_relay_changes_merged_total", "counter", "Changes accepted from devices and merged.", [("", "\(counts.changesMerged)")])
        family(
            "snodo_relay_refused_records_total", "counter", "Records whose changes were refused, by reason.",
            ["outOfScope", "roleMayNotWrite", "unknownKind"].map { ("{reason=\"\($0)\"}", "\(counts.refusals[$0] ?? 0)") })
        family(
            "snodo_relay_protocol_errors_total", "counter", "Sync requests answered with a protocol error, by code.",
            counts.errors.keys.sorted().map { ("{code=\"\($0)\"}", "\(counts.errors[$0]!)") })
        let histogram = "snodo_relay_sync_duration_seconds"
        text += "# HELP \(histogram) Time to handle a sync request, from whole request to response.\n# TYPE \(histogram) histogram\n"
        for (bound, count) in zip(RelayMetrics.latencyBuckets, counts.latency) { text += "\(histogram)_bucket{le=\"\(number(bound))\"} \(count)\n" }
        text += "\(histogram)_bucket{le=\"+Inf\"} \(counts.latencyCount)\n"
        text += "\(histogram)_sum \(String(format: "%.6f", counts.latencySum))\n\(histogram)_count \(counts.latencyCount)\n"
        family(
            "snodo_relay_devices", "gauge", "Devices by the age of their last sync (never: not yet synced).",
            devicesByAge(lastSyncs, nowMillis: nowMillis).map { ("{last_sync=\"\($0.label)\"}", "\($0.count)") })
        family("snodo_relay_store_bytes", "gauge", "Size of the relay's store files (database and WAL).", [("", "\(storeBytes)")])
        family("snodo_relay_open_connections", "gauge", "Client connections open now.", [("", "\(connections.open)")])
        family(
            "snodo_relay_connections_closed_total", "counter", "Connections the relay closed early, by reason.",
            [
                ("{reason=\"evicted\"}", "\(connections.evicted)"), ("{reason=\"timeout\"}", "\(connections.timedOut)"),
                ("{reason=\"peer_closed\"}", "\(connections.peerClosed)"), ("{reason=\"at_cap\"}", "\(connections.refusedAtCap)"),
            ])
        return text
    }

    private func devicesByAge(_ lastSyncs: [Int64?], nowMillis: Int64) -> [(label: String, count: Int)] {
        var rows = RelayMetrics.ageBuckets.map { (label: "within_\($0.label)", count: 0) }
        rows += [(label: "older", count: 0), (label: "never", count: 0)]
        for last in lastSyncs {
            guard let last else { rows[rows.count - 1].count += 1; continue }
            let age = Double(nowMillis - last) / 1000
            let index = RelayMetrics.ageBuckets.firstIndex { age <= $0.seconds } ?? RelayMetrics.ageBuckets.count
            rows[index].count += 1
        }
        return rows
    }

    private func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
