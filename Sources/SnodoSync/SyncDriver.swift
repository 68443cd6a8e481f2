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
            let result = try device.handle(response: response, rejudged: request.rejudged)
            report.rounds += 1
            report.sent += request.changesSent
            report.received += result.received
            report.requestBytes += request.bytes.count
            report.responseBytes += response.count
            report.relayClockSkewMillis = result.relayClockSkewMillis
            report.rejected += result.rejected
            report.purged += result.purged
            report.heldOutOfScope += result.heldOutOfScope
            progress?(report)
            if !request.moreToSend && !result.moreToReceive && !result.rejudgePending { return report }
            guard report.rounds < device.limits.roundsMax else { throw SyncError.tooManyRounds(report.rounds) }
        }
    }
}
