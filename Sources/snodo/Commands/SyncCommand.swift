import Foundation
import SnodoCommandLine
import SnodoCommands
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
        summary: tr("scambia le modifiche con il relay", en: "exchange changes with the relay"), valueOptions: ["relay", "every"], flags: ["json"],
        details: [
            tr(
                "--relay è ricordato dopo la prima sincronizzazione (http:// o https://).",
                en: "--relay is remembered after the first sync (http:// or https://)."),
            tr(
                "--every continua a sincronizzare, come 30s, 5m o 1h; se il relay non risponde riprova prima, poi sempre più di rado.",
                en: "--every keeps syncing, like 30s, 5m or 1h; while the relay is unreachable it retries sooner, then backs off."),
            tr("Si ferma con Ctrl-C: ogni giro completato è salvato.", en: "Stop it with Ctrl-C: every round that completed is committed."),
        ])

    static let command = Command(spec: spec) { arguments, context in
        let store = try context.openStore()
        let relay = try relayURL(arguments, store: store)
        let interval = try arguments.value("every").map(parseInterval)
        let transport = HTTPTransport(relay: relay)
        guard let interval else {
            let report = try wipingIfRevoked(context) { try countingRecords(store) { try syncOnce(store, transport: transport, context: context) } }
            try store.write { try $0.setSetting("relay", relay.absoluteString) }
            print(report, context: context)
            return
        }
        try store.write { try $0.setSetting("relay", relay.absoluteString) }
        var backoff = 5.0
        while true {
            do {
                print(
                    try wipingIfRevoked(context) { try countingRecords(store) { try syncOnce(store, transport: transport, context: context) } },
                    context: context)
                backoff = 5
                Thread.sleep(forTimeInterval: interval)
            } catch let error as SyncError where error.isRetryable {
                Output.error("snodo: \(ErrorText.sync(error)); " + tr("nuovo tentativo tra \(Int(backoff)) s", en: "retrying in \(Int(backoff)) s"))
                Thread.sleep(forTimeInterval: backoff)
                backoff = min(backoff * 2, max(interval, 5))
            }
        }
    }

    /// A revoked laptop has wiped its store's rows; its files are then overwritten and removed.
    static func wipingIfRevoked<T>(_ context: Context, _ body: () throws -> T) throws -> T {
        do { return try body() } catch SyncError.revoked {
            Store.shred(path: context.storePath)
            throw CommandError.failure(
                tr(
                    "questo portatile è stato revocato dal relay: il suo archivio \(context.storePath) è stato cancellato e rimosso",
                    en: "this laptop was revoked by the relay: its store \(context.storePath) has been wiped and removed"))
        }
    }

    static func relayURL(_ arguments: Arguments, store: Store) throws -> URL {
        guard let text = try arguments.value("relay") ?? store.setting("relay") else {
            throw spec.usageError(
                tr(
                    "nessun relay ancora noto: indicare una volta --relay URL (come https://relay.example.org)",
                    en: "no relay known yet: give --relay URL (like https://relay.example.org) once"))
        }
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", url.host != nil else {
            throw spec.usageError(tr("--relay non valido (atteso: un URL http:// o https://)", en: "malformed --relay (expected an http:// or https:// URL)"))
        }
        return url
    }

    static func parseInterval(_ text: String) throws -> Double {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600]
        guard let unit = text.last.flatMap({ units[$0] }), let number = Double(text.dropLast()), number > 0, number * unit >= 5 else {
            throw spec.usageError(
                tr(
                    "--every non valido (atteso: un intervallo di almeno 5 s, come 30s, 5m o 1h)",
                    en: "malformed --every (expected an interval of at least 5 s, like 30s, 5m or 1h)"))
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
            if error != .revoked { try? store.write { try $0.setSetting(failureSetting, "\(store.wallMillis)\t\(ErrorText.sync(error))") } }
            throw error
        }
    }

    static func runRounds(_ store: Store, transport: SyncTransport, context: Context) throws -> SyncReport {
        let isTerminal = isatty(STDERR_FILENO) == 1 && !context.json
        return try SyncDriver(device: DeviceSync(store: store), transport: transport).run { report in
            // Long syncs show progress on a terminal; one-round syncs print only the summary.
            if isTerminal && report.rounds > 1 {
                let progress = tr(
                    "giro \(report.rounds): inviate \(report.sent), ricevute \(report.received)",
                    en: "round \(report.rounds): sent \(report.sent), received \(report.received)")
                FileHandle.standardError.write(Data("\r\(progress)   ".utf8))
            }
        }
    }

    /// What a sync moved, in records: those with changes waiting before it, those it brought.
    struct Counted {
        let report: SyncReport
        let recordsSent: Int64
        let recordsReceived: Int64
    }

    static func countingRecords(_ store: Store, _ body: () throws -> SyncReport) throws -> Counted {
        let before = store.lastChangeNumber
        let waiting = try store.countFeedRecords(after: try store.peer(DeviceSync.relayPeer).acknowledgedThrough, for: DeviceSync.relayPeer)
        let report = try body()
        return Counted(report: report, recordsSent: report.sent == 0 ? 0 : waiting, recordsReceived: try store.countFeedRecords(after: before, for: nil))
    }

    static func print(_ counted: Counted, context: Context) {
        let report = counted.report
        if context.json {
            Output.line(
                jsonText(
                    SyncJSON(
                        rounds: report.rounds, sent: report.sent, received: report.received, requestBytes: report.requestBytes,
                        responseBytes: report.responseBytes, relayClockSkewMillis: report.relayClockSkewMillis)))
        } else {
            if report.rounds > 1 && isatty(STDERR_FILENO) == 1 { FileHandle.standardError.write(Data("\n".utf8)) }
            Output.line(summary(report, records: counted))
        }
    }
}

extension SyncCommand {
    /// The lines a person reads after a sync: what moved, and what to know.
    static func summary(_ report: SyncReport, records: Counted? = nil) -> String {
        var lines: [String] = []
        if report.rejected > 0 {
            let records = tr(counted(report.rejected, "scheda", "schede"), en: counted(report.rejected, "record", "records"))
            lines.append(
                tr(
                    "attenzione: il relay ha rifiutato modifiche a \(records) (vedi `snodo status`)",
                    en: "warning: the relay refused changes to \(records) (see `snodo status`)"))
        }
        let bytes = report.requestBytes + report.responseBytes
        lines.append(
            tr(
                "sincronizzato: inviate \(counted(report.sent, "modifica", "modifiche")), ricevute \(report.received), "
                    + "\(counted(report.rounds, "scambio", "scambi")), \(bytes) byte",
                en: "synced: sent \(counted(report.sent, "change", "changes")), received \(report.received), "
                    + "\(counted(report.rounds, "round trip", "round trips")), \(bytes) bytes"))
        if let records, records.recordsSent + records.recordsReceived > 0 {
            let sent = Int(records.recordsSent), received = Int(records.recordsReceived)
            lines.append(
                tr(
                    "schede inviate: \(sent), ricevute: \(received)",
                    en: "records sent: \(sent), received: \(received)"))
        }
        if let profile = report.profileTaken {
            lines.append(
                tr(
                    "profilo del programma aggiornato: \(profile.name), \(ProfileText.revision(profile))",
                    en: "programme profile updated: \(profile.name), \(ProfileText.revision(profile))"))
        }
        if let refusal = report.profileRefused {
            lines.append(
                tr(
                    "attenzione: il relay ha inviato un profilo che questo portatile non può prendere (\(refusal.italian)); tiene il suo",
                    en: "warning: the relay sent a profile this laptop cannot take (\(refusal.english)); it keeps its own"))
        }
        if report.rewinds > 0 {
            lines.append(
                tr(
                    "nota: il relay era stato ripristinato da una copia più vecchia; questo portatile gli ha rimandato ciò che mancava (vedi `snodo status`)",
                    en: "note: the relay had been restored from an older copy; this laptop sent back what it lacked (see `snodo status`)"))
        }
        if report.restoredHere {
            lines.append(
                tr(
                    "nota: l'archivio di questo portatile è più vecchio di quanto il relay ne aveva (ripristinato da una copia): ora scrive con un nuovo id, "
                        + "e le sue modifiche perse sono tornate",
                    en: "note: this laptop's store is older than what the relay held of it (restored from a copy): it now writes under a new id, and its own "
                        + "lost changes came back"))
        }
        if abs(report.relayClockSkewMillis) > 120_000 {
            let minutes = abs(report.relayClockSkewMillis) / 60_000
            lines.append(
                tr(
                    "attenzione: l'orologio di questo portatile differisce da quello del relay di \(minutes) minuti; le modifiche si uniscono comunque "
                        + "correttamente, ma va regolato l'orologio",
                    en: "warning: this laptop's clock differs from the relay's by \(minutes) minutes; edits still merge correctly, but set the clock"))
        }
        return lines.joined(separator: "\n")
    }
}

/// `snodo status`: what is not yet sent and when the last sync was.
enum StatusCommand {
    static func reasonText(_ reason: UInt64) -> String {
        switch Rejection.Reason(rawValue: reason) {
        case .outOfScope: tr("fuori dall'ambito di questo portatile", en: "outside this laptop's scope")
        case .roleMayNotWrite: tr("non consentito a questo ruolo", en: "not for this role")
        case .unknownKind: tr("un tipo che il relay non conosce", en: "a kind the relay does not know")
        case nil: tr("rifiutata, motivo \(reason)", en: "refused, reason \(reason)")
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
            let rolledBack = reason == Store.IncarnationReason.rolledBack.rawValue
            let cause =
                rolledBack
                ? tr("trovato più vecchio di quanto il relay ne aveva", en: "found older than what the relay held of it")
                : tr("trovato essere una copia", en: "found to be a copy")
            let when = Formatter.localTime(millis)
            lines.append(
                tr(
                    "questo archivio è stato \(cause) il \(when): le sue modifiche da allora portano il nuovo id \(store.writer.hex)",
                    en: "this store was \(cause) at \(when): its edits since carry the new id \(store.writer.hex)"))
        }
        if let millis = try store.setting(DeviceSync.lastRewindMillis).flatMap({ Int64($0) }) {
            lines.append(
                tr(
                    "il relay è risultato ripristinato da una copia più vecchia il \(Formatter.localTime(millis)): "
                        + "questo portatile gli ha rimandato ciò che mancava",
                    en: "the relay was found restored from an older copy at \(Formatter.localTime(millis)): this laptop sent back what it lacked"))
        }
        return lines
    }

    static let command = Command(
        spec: CommandSpec(
            path: "snodo status", usage: "snodo status [--json]",
            summary: tr(
                "cosa non è ancora inviato, e quando questo portatile si è sincronizzato", en: "what is not yet sent, and when this laptop last synced"),
            flags: ["json"]
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
        let relayURL = try store.setting("relay") ?? tr("non impostato (snodo sync --relay URL)", en: "not set (snodo sync --relay URL)")
        let lastSync = relay.lastSyncMillis.map(Formatter.localTime) ?? tr("mai", en: "never")
        let count = Int(unsent), records = Int(try store.countFeedRecords(after: relay.acknowledgedThrough, for: DeviceSync.relayPeer))
        Output.line(tr("dispositivo \(store.device.hex)", en: "device \(store.device.hex)"))
        Output.line("relay: \(relayURL)")
        Output.line(tr("ultima sincronizzazione: \(lastSync)", en: "last sync: \(lastSync)"))
        Output.line(
            count == 0
                ? tr("non ancora inviate: nessuna modifica", en: "not yet sent: no changes")
                : tr(
                    "non ancora inviate: modifiche a \(counted(records, "scheda", "schede")) (\(counted(count, "valore", "valori")))",
                    en: "not yet sent: changes to \(counted(records, "record", "records")) (\(counted(count, "value", "values")))"))
        Output.line(tr("profilo: \(store.profile.name), ", en: "profile: \(store.profile.name), ") + ProfileText.revision(store.profile))
        Output.line(tr("conflitti aperti: \(conflicts)", en: "open conflicts: \(conflicts)"))
        if let failure = try lastFailure(store) {
            let when = Formatter.localTime(failure.millis)
            Output.line(
                tr("ultimo tentativo di sincronizzazione fallito il \(when): \(failure.reason)", en: "last sync attempt failed at \(when): \(failure.reason)"))
        }
        if let scope = try DeviceCredentials(store: store).scope() {
            let districts = scope.districts.sorted().joined(separator: ", ")
            Output.line(
                tr(
                    "ambito: \(scope.role.rawValue), distretti \(districts), validità \(scope.leaseDays) giorni",
                    en: "scope: \(scope.role.rawValue), districts \(districts), lease \(scope.leaseDays) days"))
        }
        for line in try restoreLines(store) { Output.line(line) }
        let rejected = try store.rejections()
        if !rejected.isEmpty {
            let list = rejected.prefix(5).map { "\($0.record.hex.prefix(12))… (\(reasonText($0.reason)))" }.joined(separator: ", ")
            Output.line(
                tr(
                    "rifiutate dal relay (conservate qui): \(counted(rejected.count, "scheda", "schede")): \(list)",
                    en: "refused by the relay (kept here): \(counted(rejected.count, "record", "records")): \(list)"))
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
