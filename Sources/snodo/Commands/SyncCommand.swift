import Foundation
import SnodoCommandLine
import SnodoModel
import SnodoProtocol
import SnodoStore
import SnodoServer
import SnodoSync

/// `snodo sync`: sends what the relay lacks and receives what this laptop lacks, in one round
/// trip in the usual case. `--every 5m` keeps syncing in the foreground, backing off while the
/// relay is unreachable, to catch the few minutes of signal a laptop gets.
enum SyncCommand {
    static let spec = CommandSpec(
        path: "snodo sync", usage: "snodo sync [--relay URL] [--every INTERVAL] [--json]",
        summary: "exchange changes with the relay", valueOptions: ["relay", "every"], flags: ["json"],
        details: [
            "--relay is remembered after the first sync (http:// or https://).",
            "--every keeps syncing, like 30s, 5m or 1h; while the relay is unreachable it retries sooner, then backs off.",
            "Stop it with Ctrl-C: every round that completed is committed.",
        ])

    static let command = Command(spec: spec) { arguments, context in
        let store = try context.openStore()
        let relay = try relayURL(arguments, store: store)
        let interval = try arguments.value("every").map(parseInterval)
        let transport = HTTPTransport(relay: relay)
        guard let interval else {
            let report = try wipingIfRevoked(context) { try syncOnce(store, transport: transport, context: context) }
            try store.write { try $0.setSetting("relay", relay.absoluteString) }
            print(report, context: context)
            return
        }
        try store.write { try $0.setSetting("relay", relay.absoluteString) }
        var backoff = 5.0
        while true {
            do {
                print(try wipingIfRevoked(context) { try syncOnce(store, transport: transport, context: context) }, context: context)
                backoff = 5
                Thread.sleep(forTimeInterval: interval)
            } catch let error as SyncError where error.isRetryable {
                Output.error("snodo: \(error.description); retrying in \(Int(backoff)) s")
                Thread.sleep(forTimeInterval: backoff)
                backoff = min(backoff * 2, max(interval, 5))
            }
        }
    }

    /// A revoked laptop has wiped its store's rows; its files are then overwritten and removed.
    static func wipingIfRevoked<T>(_ context: Context, _ body: () throws -> T) throws -> T {
        do { return try body() } catch SyncError.revoked {
            Store.shred(path: context.storePath)
            throw CommandError.failure("this laptop was revoked by the relay: its store \(context.storePath) has been wiped and removed")
        }
    }

    static func relayURL(_ arguments: Arguments, store: Store) throws -> URL {
        guard let text = try arguments.value("relay") ?? store.setting("relay") else {
            throw spec.usageError("no relay known yet: give --relay URL (like https://relay.example.org) once")
        }
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", url.host != nil else {
            throw spec.usageError("malformed --relay (expected an http:// or https:// URL)")
        }
        return url
    }

    static func parseInterval(_ text: String) throws -> Double {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600]
        guard let unit = text.last.flatMap({ units[$0] }), let number = Double(text.dropLast()), number > 0, number * unit >= 5 else {
            throw spec.usageError("malformed --every (expected an interval of at least 5 s, like 30s, 5m or 1h)")
        }
        return number * unit
    }

    /// The setting that remembers why the last attempt failed, for `snodo status`, until a sync succeeds.
    static let failureSetting = "last-sync-failure"

    static func syncOnce(_ store: Store, transport: SyncTransport, context: Context) throws -> SyncReport {
        do {
            let report = try runRounds(store, transport: transport, context: context)
            try store.write { try $0.removeSetting(failureSetting) }
            return report
        } catch let error as SyncError {
            if error != .revoked { try? store.write { try $0.setSetting(failureSetting, "\(store.wallMillis)\t\(error.description)") } }
            throw error
        }
    }

    static func runRounds(_ store: Store, transport: SyncTransport, context: Context) throws -> SyncReport {
        let isTerminal = isatty(STDERR_FILENO) == 1 && !context.json
        return try SyncDriver(device: DeviceSync(store: store), transport: transport).run { report in
            // Long syncs show progress on a terminal; one-round syncs print only the summary.
            if isTerminal && report.rounds > 1 {
                FileHandle.standardError.write(Data("\rround \(report.rounds): sent \(report.sent), received \(report.received)   ".utf8))
            }
        }
    }

    static func print(_ report: SyncReport, context: Context) {
        if context.json {
            Output.line(
                jsonText(
                    SyncJSON(
                        rounds: report.rounds, sent: report.sent, received: report.received, requestBytes: report.requestBytes,
                        responseBytes: report.responseBytes, relayClockSkewMillis: report.relayClockSkewMillis)))
        } else {
            if report.rounds > 1 && isatty(STDERR_FILENO) == 1 { FileHandle.standardError.write(Data("\n".utf8)) }
            var line =
                report.rejected > 0
                ? "warning: the relay refused changes to \(report.rejected) record\(report.rejected == 1 ? "" : "s") (see `snodo status`)\n" : ""
            line +=
                "synced: sent \(report.sent) change\(report.sent == 1 ? "" : "s"), received \(report.received), "
                + "\(report.rounds) round trip\(report.rounds == 1 ? "" : "s"), \(report.requestBytes + report.responseBytes) bytes"
            if report.rewinds > 0 {
                line += "\nnote: the relay had been restored from an older copy; this laptop sent back what it lacked (see `snodo status`)"
            }
            if report.restoredHere {
                line +=
                    "\nnote: this laptop's store is older than what the relay held of it (restored from a copy): it now writes under a new id, and its own "
                    + "lost changes came back"
            }
            if abs(report.relayClockSkewMillis) > 120_000 {
                line +=
                    "\nwarning: this laptop's clock differs from the relay's by \(abs(report.relayClockSkewMillis) / 60_000) minutes; edits still merge "
                    + "correctly, but set the clock"
            }
            Output.line(line)
        }
    }
}

/// `snodo status`: what is not yet sent and when the last sync was.
enum StatusCommand {
    static func reasonText(_ reason: UInt64) -> String {
        switch Rejection.Reason(rawValue: reason) {
        case .outOfScope: "outside this laptop's scope"
        case .roleMayNotWrite: "not for this role"
        case .unknownKind: "a kind the relay does not know"
        case nil: "refused, reason \(reason)"
        }
    }

    static func lastFailure(_ store: Store) throws -> (millis: Int64, reason: String)? {
        guard let text = try store.setting(SyncCommand.failureSetting), let tab = text.firstIndex(of: "\t"),
            let millis = Int64(text[..<tab])
        else { return nil }
        return (millis, String(text[text.index(after: tab)...]))
    }

    /// What restores this laptop has seen: its own store put back from a copy, the relay's.
    static func restoreLines(_ store: Store) throws -> [String] {
        var lines: [String] = []
        if let reason = try store.setting(Store.incarnationReason), let millis = try store.setting(Store.incarnationMillis).flatMap({ Int64($0) }) {
            let cause = reason == Store.IncarnationReason.rolledBack.rawValue ? "found older than what the relay held of it" : "found to be a copy"
            lines.append("this store was \(cause) at \(Formatter.localTime(millis)): its edits since carry the new id \(store.writer.hex)")
        }
        if let millis = try store.setting(DeviceSync.lastRewindMillis).flatMap({ Int64($0) }) {
            lines.append("the relay was found restored from an older copy at \(Formatter.localTime(millis)): this laptop sent back what it lacked")
        }
        return lines
    }

    static let command = Command(
        spec: CommandSpec(
            path: "snodo status", usage: "snodo status [--json]", summary: "what is not yet sent, and when this laptop last synced", flags: ["json"]
        )
    ) { _, context in
        let store = try context.openStore()
        let relay = try store.peer(DeviceSync.relayPeer)
        let unsent = try store.countFeed(after: relay.acknowledgedThrough, for: DeviceSync.relayPeer)
        let conflicts = try store.conflicts().count
        if context.json {
            let scope = try DeviceCredentials(store: store).scope()
            Output.line(
                jsonText(
                    StatusJSON(
                        device: store.device.hex, relay: try store.setting("relay"), unsent: unsent,
                        rejected: try store.rejections().map(\.record.hex), districts: scope.map { $0.districts.sorted() } ?? [],
                        lastSync: relay.lastSyncMillis.map(Formatter.isoTime), conflicts: conflicts, changes: store.lastChangeNumber,
                        lastFailure: try lastFailure(store)?.reason, restores: try restoreLines(store))))
            return
        }
        Output.line("device \(store.device.hex)")
        Output.line("relay: \((try store.setting("relay")) ?? "not set (snodo sync --relay URL)")")
        Output.line("last sync: \(relay.lastSyncMillis.map(Formatter.localTime) ?? "never")")
        Output.line("not yet sent: \(unsent) change\(unsent == 1 ? "" : "s")")
        Output.line("open conflicts: \(conflicts)")
        if let failure = try lastFailure(store) {
            Output.line("last sync attempt failed at \(Formatter.localTime(failure.millis)): \(failure.reason)")
        }
        if let scope = try DeviceCredentials(store: store).scope() {
            Output.line("scope: \(scope.role.rawValue), districts \(scope.districts.sorted().joined(separator: ", ")), lease \(scope.leaseDays) days")
        }
        for line in try restoreLines(store) { Output.line(line) }
        let rejected = try store.rejections()
        if !rejected.isEmpty {
            Output.line(
                "refused by the relay (kept here): \(rejected.count) record\(rejected.count == 1 ? "" : "s"): "
                    + rejected.prefix(5).map { "\($0.record.hex.prefix(12))… (\(reasonText($0.reason)))" }.joined(separator: ", "))
        }
    }
}

/// What `snodo sync --json` prints of one sync.
struct SyncJSON: Encodable {
    var rounds: Int
    var sent: Int
    var received: Int
    var requestBytes: Int
    var responseBytes: Int
    var relayClockSkewMillis: Int64
}

/// What `snodo status --json` prints.
struct StatusJSON: Encodable {
    var device: String
    @Nullable var relay: String?
    var unsent: Int64
    var rejected: [String]
    var districts: [String]
    @Nullable var lastSync: String?
    var conflicts: Int
    var changes: UInt64
    @Nullable var lastFailure: String?
    var restores: [String]
}
