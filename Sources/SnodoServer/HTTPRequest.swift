/// An HTTP/1.1 request as the relay needs it: method, path, the headers it reads, the body.
package struct HTTPRequest: Equatable, Sendable {
    package var method: String
    package var path: String
    package var headers: [(name: String, value: String)]
    package var body: [UInt8]
    /// Whether the client wants the connection kept open after the response.
    package var keepAlive: Bool

    package func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    package static func == (a: HTTPRequest, b: HTTPRequest) -> Bool {
        a.method == b.method && a.path == b.path && a.body == b.body && a.keepAlive == b.keepAlive
            && a.headers.map { "\($0.name): \($0.value)" } == b.headers.map { "\($0.name): \($0.value)" }
    }
}

/// Why a request cannot be served; each maps to a status and a one-line reason.
package enum HTTPRequestError: Error, Equatable, Sendable {
    case headersTooLarge
    case bodyTooLarge(Int)
    case lengthRequired
    case malformed(String)
    case unsupportedVersion

    package var status: Int {
        switch self {
        case .headersTooLarge: 431
        case .bodyTooLarge: 413
        case .lengthRequired: 411
        case .malformed: 400
        case .unsupportedVersion: 505
        }
    }

    package var reason: String {
        switch self {
        case .headersTooLarge: "request headers are larger than \(HTTPLimits.headerBytesMax) bytes"
        case .bodyTooLarge(let limit): "request body is larger than \(limit) bytes"
        case .lengthRequired: "a request with a body needs Content-Length (chunked bodies are not accepted)"
        case .malformed(let what): "malformed request: \(what)"
        case .unsupportedVersion: "only HTTP/1.1 and HTTP/1.0 are served"
        }
    }
}

package enum HTTPLimits {
    package static let headerBytesMax = 16 * 1024
    package static let bodyBytesMax = 8 * 1024 * 1024
    package static let headersCountMax = 64
}

/// Parses one request from the front of a buffer; "need more bytes" is a result, not an error.
/// Limits are checked before the bytes they bound are waited for.
package enum HTTPRequestParser {
    package enum Result: Equatable, Sendable {
        case request(HTTPRequest, consumed: Int)
        case needMoreBytes
    }

    package static func parse(_ buffer: [UInt8], bodyBytesMax: Int = HTTPLimits.bodyBytesMax) throws(HTTPRequestError) -> Result {
        guard let headerEnd = findHeaderEnd(buffer) else {
            if buffer.count > HTTPLimits.headerBytesMax { throw .headersTooLarge }
            return .needMoreBytes
        }
        guard headerEnd <= HTTPLimits.headerBytesMax else { throw .headersTooLarge }
        guard let head = String(validating: buffer[0..<headerEnd], as: UTF8.self) else { throw .malformed("headers are not UTF-8") }
        var lines = head.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst().split(separator: " ", omittingEmptySubsequences: false)
        guard requestLine.count == 3, !requestLine[0].isEmpty, requestLine[1].hasPrefix("/") else { throw .malformed("request line") }
        let version = String(requestLine[2])
        guard version == "HTTP/1.1" || version == "HTTP/1.0" else { throw .unsupportedVersion }
        var headers: [(String, String)] = []
        for line in lines where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":"), colon != line.startIndex else { throw .malformed("header line") }
            headers.append((String(line[..<colon]).trimmingSpaces, String(line[line.index(after: colon)...]).trimmingSpaces))
            guard headers.count <= HTTPLimits.headersCountMax else { throw .headersTooLarge }
        }
        var request = HTTPRequest(method: String(requestLine[0]), path: String(requestLine[1]), headers: headers, body: [], keepAlive: version == "HTTP/1.1")
        if let connection = request.header("Connection")?.lowercased() {
            if connection.contains("close") { request.keepAlive = false }
            if connection.contains("keep-alive") { request.keepAlive = true }
        }
        if request.header("Transfer-Encoding") != nil { throw .lengthRequired }
        let bodyStart = headerEnd + 4
        guard let lengthText = request.header("Content-Length") else {
            if request.method == "POST" || request.method == "PUT" { throw .lengthRequired }
            return .request(request, consumed: bodyStart)
        }
        guard let length = Int(lengthText), length >= 0 else { throw .malformed("Content-Length") }
        guard length <= bodyBytesMax else { throw .bodyTooLarge(bodyBytesMax) }
        guard buffer.count >= bodyStart + length else { return .needMoreBytes }
        request.body = Array(buffer[bodyStart..<(bodyStart + length)])
        return .request(request, consumed: bodyStart + length)
    }

    /// The body length a buffer's complete headers announce, nil while the headers are not whole.
    package static func announcedBodyLength(_ buffer: [UInt8]) -> Int? {
        guard let headerEnd = findHeaderEnd(buffer), let head = String(validating: buffer[0..<headerEnd], as: UTF8.self) else { return nil }
        for line in head.components(separatedBy: "\r\n") {
            guard let colon = line.firstIndex(of: ":"), line[..<colon].lowercased() == "content-length" else { continue }
            return Int(String(line[line.index(after: colon)...]).trimmingSpaces)
        }
        return nil
    }

    /// The offset of the blank line's CR LF CR LF, if the headers are complete.
    package static func findHeaderEnd(_ buffer: [UInt8]) -> Int? {
        guard buffer.count >= 4 else { return nil }
        var index = 0
        let limit = min(buffer.count, HTTPLimits.headerBytesMax + 4) - 3
        while index < limit {
            if buffer[index] == 13, buffer[index + 1] == 10, buffer[index + 2] == 13, buffer[index + 3] == 10 { return index }
            index += 1
        }
        return nil
    }
}

/// A response, written as bytes with its headers.
package struct HTTPResponse: Sendable {
    package var status: Int
    package var contentType: String
    package var body: [UInt8]
    /// Further headers, like `Retry-After`.
    package var headers: [(name: String, value: String)]

    package init(status: Int, contentType: String = "application/octet-stream", body: [UInt8], headers: [(name: String, value: String)] = []) {
        self.status = status
        self.contentType = contentType
        self.body = body
        self.headers = headers
    }

    package static func text(_ status: Int, _ message: String) -> HTTPResponse {
        HTTPResponse(status: status, contentType: "text/plain; charset=utf-8", body: Array((message + "\n").utf8))
    }

    package func bytes(keepAlive: Bool) -> [UInt8] {
        let head =
            "HTTP/1.1 \(status) \(HTTPResponse.reasonPhrase(status))\r\nContent-Type: \(contentType)\r\nContent-Length: \(body.count)\r\n"
            + "Connection: \(keepAlive ? "keep-alive" : "close")\r\nCache-Control: no-store\r\n"
            + headers.map { "\($0.name): \($0.value)\r\n" }.joined() + "\r\n"
        return Array(head.utf8) + body
    }

    static func reasonPhrase(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 303: "See Other"
        case 400: "Bad Request"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 408: "Request Timeout"
        case 411: "Length Required"
        case 413: "Content Too Large"
        case 431: "Request Header Fields Too Large"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 409: "Conflict"
        case 421: "Misdirected Request"
        case 422: "Unprocessable Content"
        case 423: "Locked"
        case 500: "Internal Server Error"
        case 503: "Service Unavailable"
        case 505: "HTTP Version Not Supported"
        default: "Status"
        }
    }
}

extension String {
    var trimmingSpaces: String {
        var text = Substring(self)
        while text.first == " " || text.first == "\t" { text = text.dropFirst() }
        while text.last == " " || text.last == "\t" { text = text.dropLast() }
        return String(text)
    }
}
