import Foundation
import Testing
import SnodoServer
import SnodoTestSupport
import SnodoWeb

/// The field app for whoever uses it: every field has a label, every page says its language and
/// has one heading, the colours have AA contrast, the pages fit 1366×768 and 1024×600 without
/// scrolling sideways, and a visit is logged with the keyboard alone.
@Suite(.serialized) struct AccessibilityTests {
    /// WCAG 2's contrast ratio of two sRGB colours written #rrggbb.
    static func contrast(_ a: String, _ b: String) -> Double {
        func luminance(_ hex: String) -> Double {
            let value = Int(hex.dropFirst(), radix: 16)!
            let channels = [(value >> 16) & 0xFF, (value >> 8) & 0xFF, value & 0xFF].map { Double($0) / 255 }
            let linear = channels.map { $0 <= 0.04045 ? $0 / 12.92 : pow(($0 + 0.055) / 1.055, 2.4) }
            return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
        }
        let (x, y) = (luminance(a), luminance(b))
        return (max(x, y) + 0.05) / (min(x, y) + 0.05)
    }

    @Test func everyColourPairOfTheStylesheetHasAAContrast() {
        // Text and its background, as the stylesheet pairs them.
        let pairs = [
            ("#1a1a1a", "#ffffff", "text"), ("#0b4f8a", "#ffffff", "links, secondary buttons"), ("#ffffff", "#0b4f8a", "navigation, buttons"),
            ("#a30000", "#ffffff", "errors"), ("#4a4a4a", "#ffffff", "notes"), ("#1d6b2c", "#ffffff", "done"), ("#1a1a1a", "#f7f7f2", "map labels"),
        ]
        for (text, background, use) in pairs {
            #expect(HTML.stylesheet.contains(text) && HTML.stylesheet.contains(background), "\(use): \(text) not in the stylesheet")
            #expect(Self.contrast(text, background) >= 4.5, "\(use): \(text) on \(background) is \(Self.contrast(text, background)):1")
        }
        #expect(HTML.stylesheet.contains("outline: 3px solid"), "a visible focus ring")
    }

    /// The pages of a laptop, as its user opens them.
    static func pages(home: String, place: String) -> [String] {
        [
            "/", "/schede", "/schede/household", "/schede/household/nuova", "/scheda/\(home)", "/visita?soggetto=\(home)", "/mappa",
            "/visita?soggetto=\(place)", "/followup", "/conflitti", "/sincronizza", "/schede/arrears/nuova",
        ]
    }

    @Test func everyFieldHasALabelAndEveryPageItsLanguageAndOneHeading() throws {
        let folder = makeTemporaryFolder("snodo-app-labels")
        defer { removeTemporaryFolder(folder) }
        let (store, home, place) = try FieldAppTests.laptop(folder)
        let app = try AppProcess(store: store)
        defer { app.stop() }
        let key = String(app.address.split(separator: "=")[1])
        var checked = 0
        for page in Self.pages(home: home, place: place) {
            let html = try FieldAppTests.raw(app, "GET \(page) HTTP/1.1\r\nHost: 127.0.0.1:\(app.port)\r\nCookie: snodo_sessione=\(key)\r\n").body
            #expect(html.contains("<html lang=\"it\">"), "\(page)")
            #expect(html.components(separatedBy: "<h1>").count == 2, "\(page): one h1")
            for control in Self.controls(html) where !control.contains("type=\"hidden\"") && !control.contains("type=\"submit\"") {
                checked += 1
                let id = control.range(of: #"id="[^"]+""#, options: .regularExpression).map { String(control[$0].dropFirst(4).dropLast()) }
                let labelled = id.map { html.contains("<label for=\"\($0)\"") } ?? false
                let wrapped =
                    html.range(of: "<label>" + control) != nil
                    || html.range(of: #"<label[^>]*>[^<]*"# + NSRegularExpression.escapedPattern(for: control), options: .regularExpression) != nil
                #expect(labelled || wrapped || control.contains("aria-label"), "\(page): a control without a label: \(control)")
            }
            for button in html.components(separatedBy: "<button").dropFirst() {
                let text = button.split(separator: ">", maxSplits: 1).last.map { String($0.prefix { $0 != "<" }) } ?? ""
                #expect(!text.trimmingCharacters(in: .whitespaces).isEmpty || button.contains("aria-label"), "\(page): a button without words")
            }
        }
        #expect(checked > 40, "the pages' fields were found: \(checked)")
    }

    /// Every `<input …>`, `<select …>` and `<textarea …>` tag of a page.
    static func controls(_ html: String) -> [String] {
        let pattern = try! NSRegularExpression(pattern: #"<(input|select|textarea)\b[^>]*>"#)
        return pattern.matches(in: html, range: NSRange(html.startIndex..., in: html)).map { String(html[Range($0.range, in: html)!]) }
    }

    @Test func theAppFitsSmallScreensAndLogsAVisitWithTheKeyboardAlone() throws {
        try #require(WebDriver.isInstalled, "chromium and chromium-driver are installed by .ci/run")
        let folder = makeTemporaryFolder("snodo-app-keyboard")
        defer { removeTemporaryFolder(folder) }
        let (store, home, place) = try FieldAppTests.laptop(folder)
        let app = try AppProcess(store: store)
        defer { app.stop() }
        let browser = try WebDriver(port: UInt16(20_000 + Int((getpid() + 13) % 20_000)))
        defer { browser.quit() }
        try browser.open(app.address)
        for (width, height) in [(1366, 768), (1024, 600)] {
            try browser.resize(width: width, height: height)
            for page in Self.pages(home: home, place: place) {
                try browser.open(app.origin + page)
                // Nothing is fetched from anywhere but the app itself, on loopback.
                let fetched = try browser.evaluate("return performance.getEntriesByType('resource').map(e => e.name)") as? [String] ?? []
                #expect(fetched.contains { $0.hasSuffix("/stile.css") } && fetched.allSatisfy { $0.hasPrefix(app.origin + "/") }, "\(page) fetched \(fetched)")
                let overflow = try browser.evaluate("return document.documentElement.scrollWidth - document.documentElement.clientWidth") as? Int
                #expect(overflow == 0, "\(page) at \(width)×\(height) scrolls sideways by \(overflow ?? -1) px")
            }
        }
        try browser.open(app.origin + "/")
        try browser.screenshot(FieldAppTests.screenshots + "/oggi-1024x600.png")
        // From the top of Oggi: Tab to the household's visit link, Enter; Tab to "met", Enter.
        func tab(until attribute: String, _ wanted: (String) -> Bool) throws {
            for _ in 0..<60 {
                try browser.press([WebDriver.tab])
                if let value = try browser.focusedAttribute(attribute), wanted(value) { return }
            }
            Issue.record("no focusable element with \(attribute) as wanted")
        }
        try tab(until: "href") { $0.hasPrefix("/visita") }
        let before = try browser.element("html")
        try browser.press([WebDriver.enter])
        for _ in 0..<200 where (try? browser.element("html")) == before { usleep(25_000) }
        try tab(until: "value") { $0 == "met" }
        try browser.press([WebDriver.enter])
        for _ in 0..<200 where !((try? browser.text()) ?? "").contains("Visita registrata") { usleep(25_000) }
        #expect(try browser.text().contains("Visita registrata"), "the visit was logged with the keyboard")
        #expect(try browser.severeLog().isEmpty)
    }
}
