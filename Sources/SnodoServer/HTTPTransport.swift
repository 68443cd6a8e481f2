import Foundation
import Synchronization
#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif
import SnodoSync

/// Carries sync bodies to the relay as HTTP POST /sync with URLSession: http:// or https://,
/// certificates checked against the system trust store. Blocks until the answer or the timeout.
package struct HTTPTransport: SyncTransport {
    let endpoint: URL
    let session: URLSession

    package init(relay: URL, timeoutSeconds: Double = 60) {
        endpoint = relay.appendingPathComponent("sync")
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeoutSeconds
        configuration.timeoutIntervalForResource = timeoutSeconds * 5
        configuration.httpAdditionalHeaders = ["Accept-Encoding": "gzip", "User-Agent": "snodo"]
        session = URLSession(configuration: configuration)
    }

    package func exchange(_ request: [UInt8]) throws(SyncError) -> [UInt8] {
        var urlRequest = URLRequest(url: endpoint)
        urlRequest.httpMethod = "POST"
        urlRequest.httpBody = Data(request)
        urlRequest.setValue("application/octet-stream", forHTTPHeaderField: "Content-Type")
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        session.dataTask(with: urlRequest) { data, response, error in
            outcome.set(data: data, response: response as? HTTPURLResponse, error: error)
            done.signal()
        }.resume()
        done.wait()
        let (data, response, error) = outcome.get()
        if let error { throw .transport(error.localizedDescription) }
        guard let response, let data else { throw .transport("no response") }
        // Protocol errors travel in the body with a 4xx status; anything else is the transport's.
        guard response.mimeType == "application/octet-stream" else {
            throw .transport("HTTP \(response.statusCode) from \(endpoint.host ?? "the relay")")
        }
        return [UInt8](data)
    }

    /// The completion handler's results, handed across threads.
    final class Outcome: Sendable {
        private let result = Mutex<(data: Data?, response: HTTPURLResponse?, error: (any Error)?)>((nil, nil, nil))

        func set(data: Data?, response: HTTPURLResponse?, error: (any Error)?) {
            result.withLock { $0 = (data, response, error) }
        }

        func get() -> (Data?, HTTPURLResponse?, (any Error)?) {
            result.withLock { ($0.data, $0.response, $0.error) }
        }
    }
}
