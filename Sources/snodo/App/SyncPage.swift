import Foundation
import SnodoCommandLine
import SnodoCommands
import SnodoModel
import SnodoServer
import SnodoWeb
import SnodoStore
import SnodoSync

/// The sync state (what is not sent, the last sync, refusals) and the *Sincronizza* button.
extension AppPage {
    func syncState(result: String? = nil, failed: Bool = false) throws -> HTTPResponse {
        let relay = try store.peer(DeviceSync.relayPeer)
        let unsent = try store.countFeedRecords(after: relay.acknowledgedThrough, for: DeviceSync.relayPeer)
        let last = relay.lastSyncMillis.map(Formatter.localTime) ?? tr("mai", en: "never")
        var rows = [
            [tr("relay", en: "relay"), HTML.escape(try store.setting("relay") ?? tr("non impostato", en: "not set"))],
            [tr("ultima sincronizzazione", en: "last sync"), HTML.escape(last)],
            [tr("schede con modifiche da inviare", en: "records with changes to send"), "\(unsent)"],
            [tr("modifiche rifiutate dal relay", en: "changes the relay refused"), "\(try store.rejections().count)"],
            [tr("profilo", en: "profile"), HTML.escape("\(profile.name), " + ProfileText.revision(profile))],
        ]
        if let failure = try store.setting(SyncCommand.failureSetting)?.split(separator: "\t", maxSplits: 1).last {
            rows.append([tr("ultimo errore", en: "last failure"), HTML.escape(String(failure))])
        }
        let outcome = result.map { HTML.paragraph($0, role: failed ? "errore" : "fatto") } ?? ""
        let button = HTML.form("/sincronizza", token: token, "<button type=\"submit\">\(tr("Sincronizza", en: "Sync"))</button>")
        return html(tr("Sincronizzazione", en: "Sync"), outcome + HTML.table(["", ""], rows) + button)
    }

    /// One sync with the relay this laptop knows, then the state with what happened.
    func sync() throws -> HTTPResponse {
        guard let text = try store.setting("relay"), let url = URL(string: text) else {
            return try syncState(
                result: tr("Nessun relay ancora noto: `snodo sync --relay URL` una volta.", en: "No relay known yet: run `snodo sync --relay URL` once."),
                failed: true)
        }
        do {
            let counted = try SyncCommand.countingRecords(store) {
                try SyncDriver(device: DeviceSync(store: store), transport: HTTPTransport(relay: url)).run()
            }
            try store.write { try $0.removeSetting(SyncCommand.failureSetting) }
            return try syncState(result: SyncCommand.summary(counted.report, records: counted))
        } catch let error as SyncError {
            if error != .revoked { try? store.write { try $0.setSetting(SyncCommand.failureSetting, "\(store.wallMillis)\t\(ErrorText.sync(error))") } }
            return try syncState(result: ErrorText.sync(error), failed: true)
        }
    }
}
