import SnodoStore

/// The figures of one sync, for the command's output and the benchmark.
public struct SyncReport: Equatable, Sendable {
    public var rounds = 0
    public var sent = 0
    public var received = 0
    public var requestBytes = 0
    public var responseBytes = 0
    public var relayClockSkewMillis: Int64 = 0
    public var rejected = 0
    public var purged = 0
    public var heldOutOfScope = 0
    /// Rounds in which the relay's log turned out to differ from what this laptop held: the relay
    /// was restored from an older copy, and the laptop sent back what it had received since.
    public var rewinds = 0
    /// This laptop's store turned out to be older than what the relay held of it: it took a new
    /// writer id and the relay sends its lost changes back.
    public var restoredHere = false

    public init() {}
}

/// Runs sync rounds over a transport until the device has sent everything and received
/// everything: one round in the usual case.
public struct SyncDriver {
    public let device: DeviceSync
    public let transport: SyncTransport

    public init(device: DeviceSync, transport: SyncTransport) {
        self.device = device
        self.transport = transport
    }

    public func run(progress: ((SyncReport) -> Void)? = nil) throws -> SyncReport {
        var report = SyncReport()
        while true {
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
            progress?(report)
            if !request.moreToSend && !result.moreToReceive && !result.rejudgePending && !result.sendAgain { return report }
            guard report.rounds < device.limits.roundsMax else { throw SyncError.tooManyRounds(report.rounds) }
        }
    }
}
