import Foundation
import SnodoCommandLine
import SnodoModel
import SnodoServer
import SnodoWeb
import SnodoStore

/// The map of places, drawn as SVG from their coordinates: no tiles, nothing fetched. Each place
/// is a dot (hollow once cleared) with its name and the people last seen there; a search finds
/// places by name or description.
extension AppPage {
    func map() throws -> HTTPResponse {
        let query = request.value("cerca")?.lowercased()
        let places = try store.records(of: .place).filter { place in
            guard let query else { return true }
            return [PlaceField.name, PlaceField.description].contains { (place.text($0) ?? "").lowercased().contains(query) }
        }
        let search =
            "<form method=\"get\" action=\"/mappa\"><label for=\"cerca\">\(tr("Cerca un luogo", en: "Find a place"))</label>"
            + "<input type=\"text\" id=\"cerca\" name=\"cerca\" value=\"\(HTML.escape(request.value("cerca") ?? ""))\">"
            + "<button type=\"submit\">\(tr("Cerca", en: "Find"))</button></form>"
        let located = places.compactMap { place in place.coordinates(PlaceField.location).map { (place, $0) } }
        let rows = places.map { place in
            [
                HTML.link("/scheda/\(place.id.hex)", formatter.label(of: place)), HTML.escape(formatter.text(place, PlaceField.status, of: .place) ?? ""),
                place.integer(PlaceField.peopleSeen).map(String.init) ?? "",
                HTML.link("/visita?soggetto=\(place.id.hex)", tr("Registra contatto", en: "Log contact")),
            ]
        }
        let table = HTML.table([tr("luogo", en: "place"), tr("stato", en: "status"), tr("persone viste", en: "people seen"), ""], rows)
        return html(tr("Mappa dei luoghi", en: "Map of places"), search + svg(located) + table)
    }

    private func svg(_ places: [(Record, (latitude: Double, longitude: Double))]) -> String {
        guard !places.isEmpty else { return HTML.paragraph(tr("Nessun luogo con posizione.", en: "No place with a position.")) }
        let latitudes = places.map(\.1.latitude), longitudes = places.map(\.1.longitude)
        let south = latitudes.min()!, north = latitudes.max()!, west = longitudes.min()!, east = longitudes.max()!
        let width = 800.0, height = 480.0, margin = 40.0
        let spanX = max(east - west, 0.002), spanY = max(north - south, 0.002)
        let scale = min((width - 2 * margin) / spanX, (height - 2 * margin) / spanY)
        let dots = places.map { place, position -> String in
            let x = margin + (position.longitude - west) * scale, y = height - margin - (position.latitude - south) * scale
            let cleared = place.code(PlaceField.status) == Vocabulary.PlaceStatus.cleared
            let seen = place.integer(PlaceField.peopleSeen).map { " (\($0))" } ?? ""
            let fill = cleared ? "#ffffff" : "#0b4f8a", name = HTML.escape(formatter.label(of: place) + seen)
            return
                "<a href=\"/scheda/\(place.id.hex)\"><circle cx=\"\(Int(x))\" cy=\"\(Int(y))\" r=\"8\" fill=\"\(fill)\" stroke=\"#0b4f8a\" stroke-width=\"3\"/>"
                + "<text x=\"\(Int(x) + 12)\" y=\"\(Int(y) + 5)\" font-size=\"14\" fill=\"#1a1a1a\">\(name)</text></a>"
        }
        let label = tr("mappa dei luoghi", en: "map of places")
        return "<svg viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(label)\">\(dots.joined())</svg>"
    }
}
