import SnodoCommandLine
import SnodoServer

/// Plain HTML, escaped: every page of the field app and of the coordinator's console is built from
/// these, and every value that comes from the store or the request goes through `escape`.
package enum HTML {
    package static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// A whole page: the title, the navigation (links as `(href, label)`), the body, and the
    /// stylesheet the server serves at `stylesheet` (the app's `/stile.css`, the console's own).
    package static func page(
        _ title: String, _ body: String, nav: [(href: String, label: String)], stylesheet: String = "/stile.css", icon: String = "/favicon.ico",
        language: String = Language.current == .english ? "en" : "it"
    ) -> String {
        let links = nav.map { link($0.href, $0.label) }.joined(separator: "\n")
        return """
            <!doctype html>
            <html lang="\(language)">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escape(title)) · Snodo</title><link rel="stylesheet" href="\(escape(stylesheet))">
            <link rel="icon" href="\(escape(icon))" type="image/svg+xml"></head>
            <body>
            <nav aria-label="\(tr("Sezioni", en: "Sections"))">\(links)</nav>
            <main><h1>\(escape(title))</h1>
            \(body)
            </main></body></html>
            """
    }

    /// A page as an HTTP answer, with the security headers.
    package static func response(_ status: Int = 200, _ html: String, headers: [(name: String, value: String)] = []) -> HTTPResponse {
        secured(HTTPResponse(status: status, contentType: "text/html; charset=utf-8", body: Array(html.utf8), headers: headers))
    }

    /// After a post, the page to show next (post, redirect, get: a reload never posts twice),
    /// setting `cookie` on the way when given.
    package static func redirect(_ location: String, cookie: String? = nil) -> HTTPResponse {
        var headers = [(name: "Location", value: location)]
        if let cookie { headers.append((name: "Set-Cookie", value: cookie)) }
        return HTTPResponse(status: 303, contentType: "text/plain; charset=utf-8", body: [], headers: headers)
    }

    /// The stylesheet and the icon as answers, secured like every page.
    package static var stylesheetResponse: HTTPResponse {
        secured(HTTPResponse(status: 200, contentType: "text/css; charset=utf-8", body: Array(stylesheet.utf8)))
    }

    package static var iconResponse: HTTPResponse { secured(HTTPResponse(status: 200, contentType: "image/svg+xml", body: Array(icon.utf8))) }

    /// The headers every answer of the app and the console carries: nothing framed, no script,
    /// nothing fetched from elsewhere, no type guessing, no referrer outside the site.
    package static func secured(_ response: HTTPResponse) -> HTTPResponse {
        var response = response
        response.headers += [
            (
                "Content-Security-Policy",
                "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
            ),
            ("X-Content-Type-Options", "nosniff"), ("Referrer-Policy", "same-origin"), ("X-Frame-Options", "DENY"),
        ]
        return response
    }

    package static func link(_ href: String, _ text: String) -> String { "<a href=\"\(escape(href))\">\(escape(text))</a>" }

    /// A table with a header row; cells are HTML already.
    package static func table(_ header: [String], _ rows: [[String]]) -> String {
        let head = header.map { "<th scope=\"col\">\(escape($0))</th>" }.joined()
        let body = rows.map { "<tr>" + $0.map { "<td>\($0)</td>" }.joined() + "</tr>" }.joined(separator: "\n")
        return "<table><thead><tr>\(head)</tr></thead><tbody>\n\(body)\n</tbody></table>"
    }

    package static func paragraph(_ text: String, role: String? = nil) -> String {
        "<p\(role.map { " class=\"\($0)\" role=\"\($0 == "errore" ? "alert" : "status")\"" } ?? "")>\(escape(text))</p>"
    }

    /// A form that posts to `action`, with the anti-forgery token every post must carry.
    package static func form(_ action: String, token: String, _ inner: String) -> String {
        "<form method=\"post\" action=\"\(escape(action))\"><input type=\"hidden\" name=\"csrf\" value=\"\(escape(token))\">\n\(inner)\n</form>"
    }

    /// The tab's icon: a knot, drawn (served as `/favicon.ico`, which browsers ask for).
    package static let icon = """
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#0b4f8a"/>\
        <path d="M8 16c0-5 8-5 8 0s8 5 8 0-8-5-8 0-8 5-8 0z" fill="none" stroke="#fff" stroke-width="3"/></svg>
        """

    package static let stylesheet = """
        :root { color-scheme: light; --testo: #1a1a1a; --sfondo: #ffffff; --accento: #0b4f8a; --errore: #a30000; --bordo: #767676; }
        body { font: 16px/1.45 system-ui, sans-serif; color: var(--testo); background: var(--sfondo); margin: 0; }
        nav { display: flex; flex-wrap: wrap; gap: .25rem 1rem; padding: .6rem 1rem; background: var(--accento); }
        nav a { color: #ffffff; font-weight: 600; text-decoration: none; padding: .2rem .1rem; }
        nav a:focus, a:focus, button:focus, input:focus, select:focus, textarea:focus { outline: 3px solid #ffbf47; outline-offset: 1px; }
        main { max-width: 62rem; padding: .5rem 1rem 2rem; }
        h1 { font-size: 1.5rem; margin: .6rem 0; }
        table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
        th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid #d0d0d0; vertical-align: top; }
        a { color: var(--accento); }
        label { display: block; font-weight: 600; margin-top: .6rem; }
        input[type=text], input[type=number], select, textarea { font: inherit; padding: .3rem; border: 1px solid var(--bordo); min-width: 16rem; }
        fieldset { border: 1px solid var(--bordo); margin: .6rem 0; }
        input.quantita { width: 4rem; min-width: 0; }
        p.fatto { color: #1d6b2c; font-weight: 600; }
        fieldset label { display: inline-block; font-weight: 400; margin-right: 1rem; }
        button { font: inherit; font-weight: 600; padding: .45rem .9rem; margin: .5rem .5rem 0 0; border: 2px solid var(--accento);
          background: var(--accento); color: #ffffff; cursor: pointer; }
        button.secondario { background: #ffffff; color: var(--accento); }
        .errore { color: var(--errore); font-weight: 600; }
        .nota { color: #4a4a4a; }
        svg { max-width: 100%; height: auto; border: 1px solid #d0d0d0; background: #f7f7f2; }
        """
}
