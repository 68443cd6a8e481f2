import Foundation
import SnodoStore
import SnodoSync

/// The relay behind HTTP: `POST /sync` carries protocol bodies, `GET /health` says it is up.
/// One lock serializes the relay service, which owns the single SQLite connection.
public final class RelayServer: @unchecked Sendable {
    public let http: HTTPServer
    private let service: Locked<RelayService>

    public init(service: RelayService, host: String, port: UInt16, options: HTTPServer.Options = HTTPServer.Options()) throws {
        let locked = Locked(service)
        self.service = locked
        http = try HTTPServer(host: host, port: port, options: options) { request in
            RelayServer.route(request, service: locked)
        }
    }

    static func route(_ request: HTTPRequest, service: Locked<RelayService>) -> HTTPResponse {
        switch (request.method, request.path) {
        case ("POST", "/sync"):
            let reply = service.withLock { $0.handle(request.body) }
            return HTTPResponse(status: reply.status, body: reply.body)
        case ("GET", "/health"):
            return .text(200, "ok")
        case (_, "/sync"), (_, "/health"):
            return .text(405, "use POST /sync or GET /health")
        default:
            return .text(404, "no such path: the relay serves POST /sync and GET /health")
        }
    }

    public func run() { http.run() }
    public func stop() { http.stop() }
}
