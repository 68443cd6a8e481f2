import Foundation
import SnodoModel
import SnodoServer
import SnodoStore
import SnodoSync

/// How far a sync has gone, after each round trip with the relay.
public struct SyncProgress: Hashable, Sendable {
    public let roundTrips: Int
    /// Changes sent to the relay so far.
    public let sent: Int
    /// Changes received from the relay so far.
    public let received: Int
    /// Bytes exchanged so far, both ways.
    public let bytes: Int
}

extension Replica {
    /// Sends the relay what it lacks and takes what this replica lacks, in one round trip in the
    /// usual case. `relay` is remembered after the first sync. Cancelling the task stops the sync
    /// between round trips: every round that completed is committed, and nothing is lost.
    ///
    /// A replica the relay has revoked wipes its store, removes its files and throws
    /// `SnodoError.revoked`; the replica cannot be used again.
    @discardableResult
    public func sync(relay: URL? = nil, progress: (@Sendable (SyncProgress) -> Void)? = nil) async throws -> SyncProgress {
        let address = try relayAddress(relay)
        let before = store.lastChangeNumber
        let driver = SyncDriver(device: DeviceSync(store: store), transport: HTTPTransport(relay: address))
        let report: SyncReport
        do {
            report = try driver.run(progress: { progress?(SyncProgress($0)) }, isCancelled: { Task.isCancelled })
        } catch SyncError.revoked {
            feed.finish()
            Store.shred(path: path)
            throw SnodoError.revoked
        } catch let error as SyncError {
            try? publishReceived(after: before)
            throw SnodoError.sync(error.description, retryable: error.isRetryable)
        } catch is CancellationError {
            try? publishReceived(after: before)
            throw CancellationError()
        }
        try SnodoError.wrapping { try store.write { try $0.setSetting(Replica.relaySetting, address.absoluteString) } }
        try publishReceived(after: before)
        return SyncProgress(report)
    }

    private func relayAddress(_ given: URL?) throws(SnodoError) -> URL {
        if let given {
            guard Replica.isRelayAddress(given) else { throw .invalidValue(field: "relay", expected: "an http:// or https:// URL") }
            return given
        }
        guard let text = try SnodoError.wrapping({ try store.setting(Replica.relaySetting) }), let url = URL(string: text) else {
            throw .noRelay
        }
        return url
    }

    /// Tells the observers which records a sync changed: those of every change numbered after
    /// `before`, read a page at a time.
    private func publishReceived(after before: UInt64) throws(SnodoError) {
        var records = Set<RecordIdentifier>()
        var cursor = before
        while true {
            let page = try SnodoError.wrapping { try store.changes(after: cursor, limit: 10_000) }
            guard let last = page.last else { break }
            for numbered in page { records.insert(RecordIdentifier(numbered.change.record)) }
            cursor = last.number
        }
        feed.publish(ReplicaChange(origin: .sync, records: records))
    }
}

extension SyncProgress {
    init(_ report: SyncReport) {
        roundTrips = report.rounds
        sent = report.sent
        received = report.received
        bytes = report.requestBytes + report.responseBytes
    }
}
