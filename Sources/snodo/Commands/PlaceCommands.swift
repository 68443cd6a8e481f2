import Foundation
import SnodoCommandLine
import SnodoModel
import SnodoStore
import SnodoWorkflows

/// The street units' map: places near a point, and how many people were seen at one.
extension WorkflowCommands {
    static let nearSpec = CommandSpec(
        path: "snodo place near", usage: "snodo place near LAT LON [--radius KM] [--json]",
        summary: tr("luoghi per distanza da un punto", en: "places by distance from a point"), valueOptions: ["radius"], flags: ["json"], positionals: 2...2)
    static let placeNear = Command(spec: nearSpec) { arguments, context in
        let store = try context.openStoreForReading()
        let (latitude, longitude) = try parsePoint(arguments.positionals[0], arguments.positionals[1], spec: nearSpec)
        let radius =
            try arguments.value("radius").map { text in
                guard let km = ItalianInput.decimal(text), km > 0, km <= 20_000 else {
                    throw nearSpec.usageError(
                        tr(
                            "--radius non valido (atteso: chilometri oltre 0 e fino a 20000, come 2 o 0,5)",
                            en: "malformed --radius (expected kilometres above 0 and up to 20000, like 2 or 0,5)"))
                }
                return km
            } ?? 5
        let places = StreetWork.near(try FieldIndex(store: store), latitude: latitude, longitude: longitude, radiusKm: radius)
        let formatter = Formatter(store: store)
        if context.json {
            Output.line(
                jsonText(
                    places.map { item in
                        PlaceJSON(
                            place: item.place.id.hex, name: item.place.text(PlaceField.name) ?? "", distanceKm: (item.distanceKm * 1000).rounded() / 1000,
                            kind: formatter.caseName(item.place.code(PlaceField.kind), PlaceField.kind, of: .place),
                            status: formatter.caseName(item.place.code(PlaceField.status), PlaceField.status, of: .place),
                            peopleSeen: item.place.integer(PlaceField.peopleSeen), lastContact: item.lastContactMillis.map(Formatter.isoTime))
                    }))
            return
        }
        let within = Display.decimal(radius)
        guard !places.isEmpty else { Output.line(tr("nessun luogo entro \(within) km", en: "no place within \(radius) km")); return }
        var table = Table(header: ["luogo", "distanza", "tipo", "stato", "persone viste", "ultimo contatto"])
        table.rows = places.map { item in
            [
                item.place.text(PlaceField.name) ?? "",
                item.distanceKm < 1 ? "\(Int(item.distanceKm * 1000)) m" : Display.decimal((item.distanceKm * 10).rounded() / 10) + " km",
                formatter.text(item.place, PlaceField.kind, of: .place) ?? "",
                formatter.text(item.place, PlaceField.status, of: .place) ?? "",
                item.place.integer(PlaceField.peopleSeen).map(String.init) ?? "", item.lastContactMillis.map(Formatter.localTime) ?? "",
            ]
        }
        Output.line(table.render())
    }

    static let placeHistory = Command(
        spec: CommandSpec(
            path: "snodo place history", usage: "snodo place history PLACE [--json]",
            summary: tr("quante persone sono state viste in un luogo, e quando", en: "how many people were seen at a place, and when"), flags: ["json"],
            positionals: 1...1)
    ) { arguments, context in
        let store = try context.openStoreForReading()
        let place = try RecordCommands.existing(arguments.positionals[0], kind: .place, store: store)
        let history = StreetWork.history(try FieldIndex(store: store), place: place.id)
        if context.json {
            Output.line(jsonText(history.map { PlaceContactJSON(when: Formatter.isoTime($0.millis), people: $0.people, visit: $0.visit.id.hex) }))
            return
        }
        Output.line(
            "\(place.text(PlaceField.name) ?? tr("luogo", en: "place")): "
                + tr(counted(history.count, "contatto", "contatti"), en: counted(history.count, "contact", "contacts")))
        var table = Table(header: ["quando", "persone incontrate"])
        table.rows = history.map { [Formatter.localTime($0.millis), "\($0.people)"] }
        if !history.isEmpty { Output.line(table.render()) }
    }
}

/// A place near a point, in `snodo place near --json`.
struct PlaceJSON: Encodable {
    var place: String
    var name: String
    var distanceKm: Double
    @Nullable var kind: String?
    @Nullable var status: String?
    @Nullable var peopleSeen: Int64?
    @Nullable var lastContact: String?
}

/// A contact at a place, in `snodo place history --json`.
struct PlaceContactJSON: Encodable {
    var when: String
    var people: Int
    var visit: String
}
