import Foundation
import SnodoCommandLine
import SnodoModel
import SnodoServer
import SnodoWeb
import SnodoWorkflows

/// The programme report by month and district, as the console shows it: a bar chart drawn as SVG
/// (no script, no library), the figures in a table for whoever reads with a screen reader, and
/// the same report as CSV.
extension ConsolePages {
    /// The period the page asks for (`dal`, `al`: dd/mm/yyyy or YYYY-MM-DD), or the field that is wrong.
    private func period() -> Result<(CivilDate?, CivilDate?), FieldError> {
        var dates: [CivilDate?] = []
        for name in ["dal", "al"] {
            guard let text = request.value(name) else {
                dates.append(nil)
                continue
            }
            guard let date = ItalianInput.date(text) else {
                return .failure(FieldError(field: name, message: tr("data non valida (attesa: gg/mm/aaaa)", en: "malformed date (expected dd/mm/yyyy)")))
            }
            dates.append(date)
        }
        return .success((dates[0], dates[1]))
    }

    private func groups() throws -> Result<[ProgrammeReport.Group], FieldError> {
        switch period() {
        case .failure(let error): return .failure(error)
        case .success(let (from, to)):
            return .success(try service.withLock { ProgrammeReport.build(try FieldIndex(store: $0.store), from: from, to: to, by: [.month, .district]) })
        }
    }

    func report() throws -> HTTPResponse {
        let result = try groups()
        var error: FieldError?
        if case .failure(let failure) = result { error = failure }
        var body = periodForm(error)
        if case .success(let groups) = result {
            if groups.isEmpty {
                body += HTML.paragraph(tr("Nessuna attività nel periodo.", en: "No activity in the period."))
            } else {
                body += ConsoleReport.chart(groups) + ConsoleReport.table(groups)
                let query = ["dal", "al"].compactMap { name in
                    request.value(name).map { "\(name)=\($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }
                }
                body +=
                    "<p>"
                    + HTML.link(
                        "/console/rapporto.csv" + (query.isEmpty ? "" : "?" + query.joined(separator: "&")), tr("Scarica il CSV", en: "Download the CSV"))
                    + "</p>"
            }
        }
        return page(tr("Rapporto per mese e distretto", en: "Report by month and district"), body)
    }

    private func periodForm(_ error: FieldError?) -> String {
        func field(_ name: String, _ label: String) -> String {
            let invalid = error?.field == name
            return "<label for=\"\(name)\">\(HTML.escape(label))</label><input type=\"text\" id=\"\(name)\" name=\"\(name)\" placeholder=\"gg/mm/aaaa\" "
                + "value=\"\(HTML.escape(request.value(name) ?? ""))\"\(invalid ? " aria-invalid=\"true\" aria-describedby=\"errore-\(name)\"" : "")>"
                + (invalid ? "<p class=\"errore\" id=\"errore-\(name)\" role=\"alert\">\(HTML.escape(error?.message ?? ""))</p>" : "")
        }
        return "<form method=\"get\" action=\"/console/rapporto\">" + field("dal", tr("Dal", en: "From")) + field("al", tr("Al", en: "To"))
            + "<button type=\"submit\">\(tr("Mostra", en: "Show"))</button></form>"
    }

    func reportCSV() throws -> HTTPResponse {
        switch try groups() {
        case .failure(let error): return ConsolePages.refusal(400, error.message)
        case .success(let groups):
            let csv = service.withLock { ProgrammeReport.csv(groups, profile: $0.store.profile) }
            try accounts.record(user, "rapporto CSV", [request.value("dal"), request.value("al")].compactMap { $0 }.joined(separator: "–"))
            return HTML.secured(
                HTTPResponse(
                    status: 200, contentType: "text/csv; charset=utf-8", body: Array(csv.utf8),
                    headers: [("Content-Disposition", "attachment; filename=\"rapporto-snodo.csv\"")]))
        }
    }
}

enum ConsoleReport {
    /// Visits per month and district as horizontal bars, longest to scale.
    static func chart(_ groups: [ProgrammeReport.Group]) -> String {
        let rowHeight = 26, labelWidth = 190, barWidth = 420
        let most = max(1, groups.map(\.visits).max() ?? 1)
        let title = tr("Visite per mese e distretto", en: "Visits by month and district")
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-labelledby=\"titolo-grafico\" "
        svg += "viewBox=\"0 0 \(labelWidth + barWidth + 60) \(rowHeight * groups.count + 10)\" width=\"\(labelWidth + barWidth + 60)\">"
        svg += "<title id=\"titolo-grafico\">\(HTML.escape(title))</title>"
        for (index, group) in groups.enumerated() {
            let y = 5 + index * rowHeight
            let width = max(1, barWidth * group.visits / most)
            let label = "\(group.key.month) · \(group.key.district)"
            svg += "<text x=\"4\" y=\"\(y + 17)\" font-size=\"13\" fill=\"#1a1a1a\">\(HTML.escape(label))</text>"
            svg += "<rect x=\"\(labelWidth)\" y=\"\(y + 4)\" width=\"\(width)\" height=\"\(rowHeight - 8)\" fill=\"#0b4f8a\"/>"
            svg += "<text x=\"\(labelWidth + width + 6)\" y=\"\(y + 17)\" font-size=\"13\" fill=\"#1a1a1a\">\(group.visits)</text>"
        }
        return "<figure>" + svg + "</svg><figcaption>\(HTML.escape(title))</figcaption></figure>"
    }

    static func table(_ groups: [ProgrammeReport.Group]) -> String {
        HTML.table(
            [
                tr("Mese", en: "Month"), tr("Distretto", en: "District"), tr("Visite", en: "Visits"), tr("Nuclei", en: "Households"),
                tr("Persone", en: "Persons"),
            ],
            groups.map { group in
                [group.key.month, group.key.district, "\(group.visits)", "\(group.households.count)", "\(group.persons.count)"].map(HTML.escape)
            })
    }
}
