import SnodoCommandLine
import SnodoStore
import SnodoSync

/// One laptop as the console's device table shows it: who, its state, its last sync, what it has
/// not sent and not confirmed, its clock and how long its offline lease has left.
struct ConsoleDevice {
    let id: String
    let enrolled: Bool
    let status: String
    let cells: [String]

    static func all(_ store: Store) throws -> [ConsoleDevice] {
        let (devices, enrolled) = try RelayCommands.devices(store)
        return try devices.map { peer in
            let device = enrolled[peer.name]
            let status = device?.status.rawValue ?? "open"
            let unconfirmed = try RelayService.unconfirmed(store: store, device: peer, scope: device?.scope)
            return ConsoleDevice(
                id: peer.name, enrolled: device != nil, status: status,
                cells: [
                    peer.name, device?.operatorName ?? "", device?.team ?? "", RelayCommands.statusText(status),
                    peer.lastSyncMillis.map(RelayCommands.localTime) ?? tr("mai", en: "never"), "\(peer.unsent ?? 0)", "\(unconfirmed)",
                    RelayCommands.skewText(peer.clockSkewMillis ?? 0), lease(device, lastSync: peer.lastSyncMillis, now: store.wallMillis),
                ])
        }
    }

    /// Days left before the laptop stops showing records for want of a sync.
    static func lease(_ device: EnrolledDevice?, lastSync: Int64?, now: Int64) -> String {
        guard let device else { return "" }
        guard let lastSync else {
            return tr("\(device.scope.leaseDays) giorni dalla prima sincronizzazione", en: "\(device.scope.leaseDays) days from its first sync")
        }
        let left = device.scope.leaseDays - Int((now - lastSync) / 86_400_000)
        return left > 0 ? tr("ancora \(counted(left, "giorno", "giorni"))", en: "\(counted(left, "day", "days")) left") : tr("scaduta", en: "expired")
    }
}
