import SnodoModel
import SnodoStore

/// The figures of one sync, for the command's output and the benchmark.
package struct SyncReport: Sendable {
    package var rounds = 0
    package var sent = 0
    package var received = 0
    package var requestBytes = 0
    package var responseBytes = 0
    package var relayClockSkewMillis: Int64 = 0
    package var rejected = 0
    package var purged = 0
    package var heldOutOfScope = 0
    /// Rounds in which the relay's log turned out to differ from what this laptop held: the relay
    /// was restored from an older copy, and the laptop sent back what it had received since.
    package var rewinds = 0
    /// This laptop's store turned out to be older than what the relay held of it: it took a new
    /// writer id and the relay sends its lost changes back.
    package var restoredHere = false
    /// The relay's programme profile this sync took, if one came.
    package var profileTaken: Profile?
    /// A profile the relay sent that this laptop could not take, and why.
    package var profileRefused: ProfileError?

    package init() {}
}

/// Runs sync rounds over a transport until the device has sent everything and received
/// everything: one round in the usual case.
package struct SyncDriver {
    package let device: DeviceSync
    package let transport: SyncTransport

    package init(device: DeviceSync, transport: SyncTransport) {
        self.device = device
        self.transport = transport
    }

    /// Runs rounds until nothing is left to send or receive. `isCancelled` is asked before each
    /// round: a cancelled sync stops with `CancellationError` and keeps every round it committed.
    package func run(progress: ((SyncReport) -> Void)? = nil, isCancelled: () -> Bool = { false }) throws -> SyncReport {
        var report = SyncReport()
        while true {
            if isCancelled() { throw CancellationError() }
            let request = try device.makeRequest()
            let response = try transport.exchange(request.bytes)
            report.rounds += 1
            let result: DeviceSync.RoundResult
            do { result = try device.handle(response: response, to: request) } catch SyncError.counterRaised {
                guard report.rounds < device.limits.roundsMax else { throw SyncError.tooManyRounds(report.rounds) }
                continue
            }
            report.sent += request.changesSent
            report.received += result.received
            report.requestBytes += request.bytes.count
            report.responseBytes += response.count
            report.relayClockSkewMillis = result.relayClockSkewMillis
            report.rejected += result.rejected
            report.purged += result.purged
            report.heldOutOfScope += result.heldOutOfScope
            report.rewinds += result.relayRewound ? 1 : 0
            report.restoredHere = report.restoredHere || result.restoredHere
            if let refusal = result.profileRefused { report.profileRefused = refusal }
            if result.profileTaken { report.profileTaken = device.store.profile }
            progress?(report)
            if !request.moreToSend && !result.moreToReceive && !result.rejudgePending && !result.sendAgain { return report }
            guard report.rounds < device.limits.roundsMax else { throw SyncError.tooManyRounds(report.rounds) }
        }
    }
}
