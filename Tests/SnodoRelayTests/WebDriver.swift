import Foundation
#if canImport(Glibc)
    import Glibc
#endif
import SnodoServer
import SnodoTestSupport

/// Debian's headless `chromium` driven through `chromedriver` with the W3C WebDriver protocol
/// (https://www.w3.org/TR/webdriver2/): a session, navigation, elements found by CSS selector,
/// clicks and typing, text, screenshots and the browser's console log.
final class WebDriver {
    static let driverPath = "/usr/bin/chromedriver"
    static let browserPath = "/usr/bin/chromium"
    static var isInstalled: Bool { FileManager.default.isExecutableFile(atPath: driverPath) && FileManager.default.isExecutableFile(atPath: browserPath) }

    private let driver: Process
    private let port: UInt16
    private var session = ""
    static let elementKey = "element-6066-11e4-a52e-4f735466cecf"

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    init(port: UInt16) throws {
        driver = Process()
        driver.executableURL = URL(fileURLWithPath: WebDriver.driverPath)
        driver.arguments = ["--port=\(port)", "--allowed-ips=127.0.0.1"]
        driver.standardOutput = FileHandle.nullDevice
        driver.standardError = FileHandle.nullDevice
        try driver.run()
        self.port = port
        // chromedriver is ready when /status says so; it takes a moment to bind.
        for _ in 0..<100 {
            if let status = try? call("GET", "/status"), (status["ready"] as? Bool) == true { break }
            usleep(50_000)
        }
        let capabilities: [String: Any] = [
            "browserName": "chrome",
            "goog:chromeOptions": [
                "binary": WebDriver.browserPath,
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1366,768", "--no-first-run"],
            ],
            "goog:loggingPrefs": ["browser": "ALL"],
        ]
        do {
            let created = try call("POST", "/session", ["capabilities": ["alwaysMatch": capabilities]])
            guard let id = created["sessionId"] as? String else { throw Failure(description: "no WebDriver session: \(created)") }
            session = id
        } catch {
            quit()
            throw error
        }
    }

    /// Ends the session (chromedriver closes the browser), then the driver, which does not
    /// always exit on SIGTERM.
    func quit() {
        if !session.isEmpty { _ = try? call("DELETE", "/session/\(session)") }
        kill(driver.processIdentifier, SIGKILL)
        driver.waitUntilExit()
    }

    func open(_ url: String) throws { _ = try call("POST", "/session/\(session)/url", ["url": url]) }

    func currentURL() throws -> String { try call("GET", "/session/\(session)/url")["value"] as? String ?? "" }

    func title() throws -> String { try call("GET", "/session/\(session)/title")["value"] as? String ?? "" }

    /// The first element `selector` finds (CSS).
    func element(_ selector: String) throws -> String {
        let found = try call("POST", "/session/\(session)/element", ["using": "css selector", "value": selector])
        guard let value = found["value"] as? [String: Any], let id = value[WebDriver.elementKey] as? String else {
            throw Failure(description: "no element \(selector)")
        }
        return id
    }

    func click(_ selector: String) throws { _ = try call("POST", "/session/\(session)/element/\(try element(selector))/click", [:]) }

    /// Clicks what loads a new page (a link, a form's button) and returns once that page is the
    /// document: the old one's elements are gone then ("stale"), which is the condition waited for.
    func follow(_ selector: String) throws {
        let before = try element("html")
        try click(selector)
        for _ in 0..<400 {
            if let now = try? element("html"), now != before, (try? call("GET", "/session/\(session)/element/\(now)/name")) != nil { return }
            usleep(25_000)
        }
        throw Failure(description: "no new page after \(selector)")
    }

    func type(_ selector: String, _ text: String) throws {
        _ = try call("POST", "/session/\(session)/element/\(try element(selector))/value", ["text": text])
    }

    func clear(_ selector: String) throws {
        _ = try call("POST", "/session/\(session)/element/\(try element(selector))/clear", [:])
    }

    func text(_ selector: String = "main") throws -> String {
        try call("GET", "/session/\(session)/element/\(try element(selector))/text")["value"] as? String ?? ""
    }

    /// Keys pressed one after the other on whatever has the focus, as a person at the keyboard
    /// does (`WebDriver.tab`, `WebDriver.enter`, or characters).
    func press(_ keys: [String]) throws {
        let actions = keys.flatMap { [["type": "keyDown", "value": $0], ["type": "keyUp", "value": $0]] }
        _ = try call("POST", "/session/\(session)/actions", ["actions": [["type": "key", "id": "clavier", "actions": actions]]])
    }

    static let tab = "\u{E004}"
    static let enter = "\u{E007}"

    /// An attribute of the element that has the focus.
    func focusedAttribute(_ name: String) throws -> String? {
        guard let value = try call("GET", "/session/\(session)/element/active")["value"] as? [String: Any],
            let id = value[WebDriver.elementKey] as? String
        else { return nil }
        return try call("GET", "/session/\(session)/element/\(id)/attribute/\(name)")["value"] as? String
    }

    func resize(width: Int, height: Int) throws {
        _ = try call("POST", "/session/\(session)/window/rect", ["width": width, "height": height])
    }

    /// A script run by the driver in the page (the page's own policy forbids scripts to the page).
    func evaluate(_ script: String) throws -> Any? {
        try call("POST", "/session/\(session)/execute/sync", ["script": script, "args": []])["value"]
    }

    /// A PNG of the viewport, written to `path`.
    func screenshot(_ path: String) throws {
        guard let base64 = try call("GET", "/session/\(session)/screenshot")["value"] as? String, let data = Data(base64Encoded: base64) else {
            throw Failure(description: "no screenshot")
        }
        try data.write(to: URL(fileURLWithPath: path))
    }

    /// The browser's console entries at SEVERE level (errors, refused resources, CSP violations).
    func severeLog() throws -> [String] {
        let entries = try call("POST", "/session/\(session)/se/log", ["type": "browser"])["value"] as? [[String: Any]] ?? []
        return entries.filter { ($0["level"] as? String) == "SEVERE" }.map { $0["message"] as? String ?? "" }
    }

    /// One WebDriver command: JSON in, JSON out; a WebDriver error is thrown with its message.
    @discardableResult
    func call(_ method: String, _ path: String, _ body: [String: Any]? = nil) throws -> [String: Any] {
        let data = try WebDriver.exchange(port: port, method: method, path: path, body: body.map { try JSONSerialization.data(withJSONObject: $0) })
        let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
        if let value = object["value"] as? [String: Any], let error = value["error"] as? String {
            throw Failure(description: "\(method) \(path): \(error): \(value["message"] as? String ?? "")")
        }
        return path == "/session" ? (object["value"] as? [String: Any] ?? object) : object
    }

    /// HTTP/1.1 over a loopback socket, reading the response by its Content-Length (chromedriver
    /// keeps connections open).
    static func exchange(port: UInt16, method: String, path: String, body: Data?) throws -> Data {
        let fd = try SocketHTTP.connect(port: port)
        defer { close(fd) }
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nContent-Length: \(body?.count ?? 0)\r\n"
        if body != nil { head += "Content-Type: application/json; charset=utf-8\r\n" }
        SocketHTTP.send(fd, Array((head + "\r\n").utf8) + Array(body ?? Data()))
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            if let end = HTTPRequestParser.findHeaderEnd(buffer) {
                let lines = String(decoding: buffer[0..<end], as: UTF8.self).lowercased().split(separator: "\r\n")
                let length = lines.first { $0.hasPrefix("content-length:") }.flatMap { Int($0.dropFirst(15).trimmingCharacters(in: .whitespaces)) } ?? 0
                if buffer.count >= end + 4 + length { return Data(buffer[(end + 4)..<(end + 4 + length)]) }
            }
            let count = recv(fd, &chunk, chunk.count, 0)
            guard count > 0 else { throw Failure(description: "\(method) \(path): the connection closed") }
            buffer += chunk[0..<count]
        }
    }
}

/// A real `snodo app` process on a free loopback port, with the address (and key) it printed.
final class AppProcess {
    let process = Process()
    let address: String
    let port: UInt16

    init(store: String) throws {
        process.executableURL = URL(fileURLWithPath: productsFolder + "/snodo")
        process.arguments = ["--store", store, "app", "--no-open", "--listen", "127.0.0.1:0"]
        var environment = ProcessInfo.processInfo.environment
        environment["LANG"] = "it_IT.UTF-8"
        process.environment = environment
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = out.fileHandleForReading.availableData
            guard !chunk.isEmpty else { throw WebDriver.Failure(description: "snodo app did not start") }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self)
        guard let range = text.range(of: #"http://127\.0\.0\.1:\d+/\?chiave=[0-9a-f]+"#, options: .regularExpression) else {
            throw WebDriver.Failure(description: "no address in \(text)")
        }
        address = String(text[range])
        port = UInt16(address.split(separator: ":")[2].split(separator: "/")[0])!
    }

    var origin: String { "http://127.0.0.1:\(port)" }

    func stop() {
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
    }
}
