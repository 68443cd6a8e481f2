import Foundation
import SnodoStore
import SnodoSync

/// The relay behind HTTP: `POST /sync` carries protocol bodies to a worker, which merges them in
/// groups under the writer's lock and answers from a read connection of its own
/// (`RelayPipeline`); `GET /health` and
/// refusals are answered on the event loop at once; `GET /metrics` answers loopback peers only,
/// unless `metricsFromAnywhere`; `/console/…` goes to the coordinator's console when one is given.
package final class RelayServer: Sendable {
    package let http: HTTPServer
    package let log: RelayLog

    package init(
        service: sending RelayService, host: String, port: UInt16, options: HTTPServer.Options = HTTPServer.Options(),
        metricsFromAnywhere: Bool = false, log: RelayLog = RelayLog(),
        console: (@Sendable (HTTPRequest, Locked<RelayService>) -> HTTPResponse)? = nil
    ) throws {
        let hasConsole = console != nil
        let pipeline = RelayPipeline(service: service)
        let locked = pipeline.writer
        let metrics = RelayMetrics()
        self.log = log
        let counters = Locked(HTTPServer.Counters())
        http = try HTTPServer(
            host: host, port: port, options: options,
            immediate: { request, peer in
                let response = RelayServer.immediate(request, peer: peer, metricsFromAnywhere: metricsFromAnywhere, console: hasConsole)
                if let response { metrics.request(status: response.status) }
                return response
            },
            onRefusal: { status, reason, _ in
                metrics.request(status: status)
                log.write("refused", ["status": .number(status), "reason": .text(reason)])
            }, counters: counters,
            handler: { request in
                if let console, RelayServer.isConsole(request.path) {
                    let response = console(request, locked)
                    metrics.request(status: response.status)
                    return response
                }
                if request.path == "/metrics" {
                    let connections = counters.withLock { $0 }
                    let text = RelayServer.metricsText(metrics, service: locked, connections: connections)
                    metrics.request(status: 200)
                    return HTTPResponse(status: 200, contentType: "text/plain; version=0.0.4; charset=utf-8", body: Array(text.utf8))
                }
                return RelayServer.sync(request, pipeline: pipeline, metrics: metrics, log: log)
            })
    }

    /// Requests answered without the store: health, wrong paths and methods, metrics refused.
    static func immediate(_ request: HTTPRequest, peer: String, metricsFromAnywhere: Bool, console: Bool = false) -> HTTPResponse? {
        if console && isConsole(request.path) { return nil }
        switch (request.method, request.path) {
        case ("POST", "/sync"): return nil
        case ("GET", "/health"): return .text(200, "ok")
        case ("GET", "/metrics"):
            return metricsFromAnywhere || isLoopback(peer) ? nil : .text(403, "metrics are served to loopback only (snodo-relay serve --metrics-from-anywhere)")
        case (_, "/sync"), (_, "/health"), (_, "/metrics"): return .text(405, "use POST /sync, GET /health or GET /metrics")
        default: return .text(404, "no such path: the relay serves POST /sync, GET /health and GET /metrics")
        }
    }

    static func isConsole(_ path: String) -> Bool { path == "/console" || path.hasPrefix("/console/") || path.hasPrefix("/console?") }

    static func isLoopback(_ peer: String) -> Bool {
        peer.hasPrefix("127.") || peer == "::1" || peer.hasPrefix("::ffff:127.")
    }

    static func sync(_ request: HTTPRequest, pipeline: RelayPipeline, metrics: RelayMetrics, log: RelayLog) -> HTTPResponse {
        let started = DispatchTime.now().uptimeNanoseconds
        let reply = pipeline.handle(request.body)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        metrics.sync(status: reply.status, bytesIn: request.body.count, bytesOut: reply.body.count, seconds: seconds, summary: reply.summary)
        let summary = reply.summary
        log.write(
            "sync",
            [
                "device": summary.device.map { .text($0) }, "team": summary.team.map { .text($0) }, "status": .number(reply.status),
                "bytesIn": .number(request.body.count), "bytesOut": .number(reply.body.count), "accepted": .number(summary.accepted),
                "refused": summary.refused.isEmpty ? nil : .counts(summary.refused), "error": summary.error.map { .text("\($0)") },
                "failure": summary.failure.map { .text($0) }, "rollback": summary.rollback.map { .text($0) }, "ms": .decimal(seconds * 1000),
            ])
        var response = HTTPResponse(status: reply.status, body: reply.body)
        if let retry = reply.retryAfterSeconds { response.headers.append((name: "Retry-After", value: "\(retry)")) }
        return response
    }

    static func metricsText(_ metrics: RelayMetrics, service: Locked<RelayService>, connections: HTTPServer.Counters) -> String {
        let (lastSyncs, now, storePath) = service.withLock { service -> ([Int64?], Int64, String) in
            let store = service.store
            let peers = (try? store.peers().filter { $0.name != DeviceSync.relayPeer }) ?? []
            let enrolled = (try? store.enrolledDevices().map(\.device.hex)) ?? []
            let never = enrolled.filter { name in !peers.contains { $0.name == name } }
            return (peers.map(\.lastSyncMillis) + never.map { _ in nil }, store.wallMillis, store.path)
        }
        let bytes = [storePath, storePath + "-wal"].reduce(0) { total, file in
            total + ((try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0)
        }
        return metrics.render(connections: connections, lastSyncs: lastSyncs, nowMillis: now, storeBytes: bytes)
    }

    package func run() { http.run() }
    package func stop() { http.stop() }
}
