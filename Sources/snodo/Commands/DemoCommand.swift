import Foundation
import SnodoModel
import SnodoStore
import SnodoSync
import SnodoWorkflows
import SnodoCommandLine

/// `snodo demo`: two replicas in a temporary folder, a caretaker's laptop and a tutor's, edit the
/// same household offline, then merge by exchanging their changes through the store's API.
enum DemoCommand {
    static let command = Command(
        spec: CommandSpec(
            path: "snodo demo", usage: "snodo demo",
            summary: tr("due copie modificano lo stesso nucleo senza rete, poi si uniscono", en: "two replicas edit the same household offline, then merge")
        )
    ) { _, _ in
        let folder = NSTemporaryDirectory() + "snodo-demo-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try run(in: folder)
    }

    static func run(in folder: String) throws {
        let caretaker = try Store.create(path: folder + "/caretaker.sqlite", environment: Context.liveEnvironment)
        let tutor = try Store.create(path: folder + "/tutor.sqlite", environment: Context.liveEnvironment)
        Output.line(
            tr(
                "Due copie in \(folder): il portatile del custode sociale \(caretaker.device.hex) e quello del tutor \(tutor.device.hex).",
                en: "Two replicas in \(folder): the caretaker's laptop \(caretaker.device.hex) and the tutor's \(tutor.device.hex)."))

        let home = caretaker.newRecordID()
        try caretaker.write {
            try $0.commit([
                .set(home, CommonField.kind, .enumeration(RecordKind.household.rawValue)), .set(home, CommonField.district, .text("Lodi-1")),
                .set(home, HouseholdField.comune, .text("Lodi")), .set(home, HouseholdField.street, .text("via Cavour")),
                .set(home, HouseholdField.number, .text("12")), .set(home, HouseholdField.flat, .text("3B")),
                .set(home, HouseholdField.housing, .enumeration(1)), .set(home, HouseholdField.tutor, .text("Marco Bianchi")),
                .set(home, HouseholdField.monitoringDays, .integer(7)),
                .setElement(home, HouseholdField.vulnerabilities, element: .enumeration(1), .bool(true)),
                .setElement(home, HouseholdField.vulnerabilities, element: .enumeration(3), .bool(true)),
            ])
        }
        var cursors = (caretaker: UInt64(0), tutor: UInt64(0))
        try exchange(caretaker, tutor, &cursors)
        Output.line(
            tr(
                "\n1. Il custode sociale registra il nucleo di via Cavour 12 ed entrambi i portatili si sincronizzano.",
                en: "\n1. The caretaker records the household at via Cavour 12 and both laptops sync."))

        Output.line(tr("2. Senza rete, entrambi lo modificano:", en: "2. Offline, both edit it:"))
        Output.line(
            tr(
                "   custode: tutor → Giulia Rossi, aggiunge 'isolamento sociale', toglie 'disoccupazione', registra una visita",
                en: "   caretaker: tutor → Giulia Rossi, adds 'isolamento sociale', removes 'disoccupazione', logs a visit"))
        try caretaker.write {
            try $0.commit([
                .set(home, HouseholdField.tutor, .text("Giulia Rossi")),
                .setElement(home, HouseholdField.vulnerabilities, element: .enumeration(8), .bool(true)),
                .setElement(home, HouseholdField.vulnerabilities, element: .enumeration(3), .bool(false)),
            ])
        }
        let visit = caretaker.newRecordID()
        try caretaker.write {
            try $0.commit([
                .set(visit, CommonField.kind, .enumeration(RecordKind.visit.rawValue)), .set(visit, CommonField.district, .text("Lodi-1")),
                .set(visit, VisitField.subject, .reference(home)), .set(visit, VisitField.start, .timestamp(Int64(Date().timeIntervalSince1970 * 1000))),
                .set(visit, VisitField.kind, .enumeration(1)), .set(visit, VisitField.outcome, .enumeration(1)),
                .setElement(visit, VisitField.needs, element: .enumeration(1), .bool(true)),
                .setElement(visit, VisitField.services, element: .enumeration(3), .integer(1)),
            ])
        }
        Output.line(
            tr(
                "   tutor:   tutor → Paolo Verdi, aggiunge 'disabilità', stato del progetto → attivo",
                en: "   tutor:     tutor → Paolo Verdi, adds 'disabilità', plan status → attivo"))
        try tutor.write {
            try $0.commit([
                .set(home, HouseholdField.tutor, .text("Paolo Verdi")),
                .setElement(home, HouseholdField.vulnerabilities, element: .enumeration(2), .bool(true)),
                .set(home, HouseholdField.planStatus, .enumeration(3)),
            ])
        }

        Output.line(tr("3. Si ritrovano e si scambiano le modifiche.\n", en: "3. They meet again and exchange their changes.\n"))
        try exchange(caretaker, tutor, &cursors)

        let formatter = Formatter(store: caretaker)
        Output.line(tr("Il nucleo unito, come lo mostra il portatile del custode:", en: "The merged household, as the caretaker's laptop shows it:"))
        Output.line(RecordView(record: try caretaker.record(home)!, formatter: formatter).lines.joined(separator: "\n"))
        Output.line(tr("\nIl conflitto che una persona rivede (`snodo conflicts`):", en: "\nThe conflict a person reviews (`snodo conflicts`):"))
        for conflict in try caretaker.conflicts() {
            let field = caretaker.profile.field(conflict.key.field, of: .household)
            let name = field?.localizedLabel ?? "?"
            Output.line(
                "  \(name): "
                    + tr("tenuto", en: "kept") + " \"\(formatter.text(conflict.winner.value, type: field?.type))\" "
                    + tr("(il timbro più recente), concorrenti ", en: "(the later stamp), concurrent ")
                    + conflict.losers.map { "\"\(formatter.text($0.value, type: field?.type))\"" }.joined(separator: ", "))
        }
        let same = try caretaker.state().digest == tutor.state().digest
        let digest = try caretaker.state().digest.prefix(16)
        Output.line(
            tr(
                "\nLe due copie hanno lo stesso stato: \(same ? "sì" : "NO") (impronta \(digest)…)",
                en: "\nBoth replicas hold the same state: \(same ? "yes" : "NO") (digest \(digest)…)"))
        if !same { throw CommandError.failure(tr("le copie della dimostrazione divergono", en: "the demo replicas diverged")) }
        try rounds(folder: folder, caretaker: caretaker, tutor: tutor, home: home)
    }

    /// Part two: a night street round and a caretaker's round, synced through a relay.
    static func rounds(folder: String, caretaker: Store, tutor: Store, home: RecordID) throws {
        let relay = RelayService(store: try Store.create(path: folder + "/relay.sqlite", environment: Context.liveEnvironment))
        let street = try Store.create(path: folder + "/street-unit.sqlite", environment: Context.liveEnvironment)
        let loopback = Loopback(relay: relay)
        func sync(_ store: Store) throws -> SyncReport { try SyncDriver(device: DeviceSync(store: store), transport: loopback).run() }
        for store in [caretaker, tutor, street] { _ = try sync(store) }

        Output.line(
            tr(
                "\n4. Giro notturno dell'unità di strada, senza rete: due luoghi, tre persone conosciute solo per soprannome, una incontrata due volte.",
                en: "\n4. Night round of the street unit, offline: two places, three people known only by an alias, one met twice."))
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let station = street.newRecordID(), park = street.newRecordID()
        try street.write {
            try $0.commit([
                .set(station, CommonField.kind, .enumeration(RecordKind.place.rawValue)), .set(station, CommonField.district, .text("Lodi-1")),
                .set(station, PlaceField.name, .text("Stazione di Lodi")),
                .set(station, PlaceField.location, .coordinates(latitudeE7: 453_097_000, longitudeE7: 95_037_000)),
                .set(station, PlaceField.kind, .enumeration(1)), .set(station, PlaceField.status, .enumeration(1)),
                .set(park, CommonField.kind, .enumeration(RecordKind.place.rawValue)), .set(park, CommonField.district, .text("Lodi-1")),
                .set(park, PlaceField.name, .text("Giardini pubblici")),
                .set(park, PlaceField.location, .coordinates(latitudeE7: 453_140_000, longitudeE7: 94_990_000)),
                .set(park, PlaceField.kind, .enumeration(2)), .set(park, PlaceField.status, .enumeration(1)),
            ])
        }
        let night = [
            StreetWork.contact(
                store: street, place: station, district: "Lodi-1", known: [],
                anonymous: [.init(alias: "Gigi", approxAge: 55, sex: 2), .init(alias: "Mirela", approxAge: 40, sex: 1)],
                visitFields: [
                    .setElement(station, VisitField.services, element: .enumeration(1), .integer(2)),
                    .setElement(station, VisitField.services, element: .enumeration(2), .integer(2)),
                ], at: now - 3_600_000)
        ]
        try street.write { try $0.commit(night[0].edits) }
        let park2 = StreetWork.contact(
            store: street, place: park, district: "Lodi-1", known: [night[0].persons[0]],
            anonymous: [.init(alias: "il Prof", approxAge: 70, sex: 2)],
            visitFields: [.setElement(park, VisitField.services, element: .enumeration(8), .integer(2))], at: now - 1_800_000)
        try street.write { try $0.commit(park2.edits) }
        let streetReport = try sync(street)
        Output.line(
            tr(
                "   sincronizzato a fine turno: inviate \(counted(streetReport.sent, "modifica", "modifiche")) "
                    + "in \(counted(streetReport.rounds, "scambio", "scambi"))",
                en:
                    "   synced at the end of the shift: sent \(counted(streetReport.sent, "change", "changes")) "
                    + "in \(counted(streetReport.rounds, "round trip", "round trips"))"
            ))

        Output.line(
            tr(
                "\n5. Mattina: il custode si sincronizza e vede la notte sulla mappa, poi il giro di oggi.",
                en: "\n5. Morning: the caretaker syncs and sees the night on the map, then the round due today."))
        _ = try sync(caretaker)
        let index = try FieldIndex(store: caretaker)
        for item in StreetWork.near(index, latitude: 45.3097, longitude: 9.5037, radiusKm: 2) {
            let name = item.place.text(PlaceField.name) ?? "", metres = Int(item.distanceKm * 1000)
            let people = Int(item.place.integer(PlaceField.peopleSeen) ?? 0)
            Output.line(
                tr(
                    "   \(name) a \(metres) m: \(counted(people, "persona vista", "persone viste"))",
                    en: "   \(name) at \(metres) m: \(counted(people, "person", "people")) seen"))
        }
        let today = Rounds.localDate(now, .current)
        let dueBefore = Rounds.due(index, today: CivilDate(daysSinceEpoch: today.daysSinceEpoch + 7))
        let round = dueBefore.map { item in
            "\(item.building) (" + tr("ultima visita ", en: "last visit ") + (item.lastVisitDate?.italian ?? tr("mai", en: "never")) + ")"
        }
        Output.line(tr("   da visitare entro una settimana: ", en: "   due within a week: ") + round.joined(separator: "; "))
        Output.line(
            tr(
                "\n6. Tutti si sincronizzano: i tre portatili e il relay hanno le stesse schede.",
                en: "\n6. Everyone syncs: the three laptops and the relay hold the same records."))
        for store in [tutor, street, caretaker] { _ = try sync(store) }
        let digests = try Set([relay.store, caretaker, tutor, street].map { try $0.state().digest })
        Output.line(tr("   identici: ", en: "   identical: ") + (digests.count == 1 ? tr("sì", en: "yes") : "NO"))
        if digests.count != 1 { throw CommandError.failure(tr("i portatili della dimostrazione divergono", en: "the demo laptops diverged")) }
    }

    /// Hands requests to the relay in the same process.
    struct Loopback: SyncTransport {
        let relay: RelayService
        func exchange(_ request: [UInt8]) throws(SyncError) -> [UInt8] { relay.handle(request).body }
    }

    /// Each store applies what the other applied since the last exchange.
    private static func exchange(_ a: Store, _ b: Store, _ cursors: inout (caretaker: UInt64, tutor: UInt64)) throws {
        let fromA = try a.changes(after: cursors.caretaker)
        let fromB = try b.changes(after: cursors.tutor)
        try b.write { try $0.apply(fromA.map(\.change)) }
        try a.write { try $0.apply(fromB.map(\.change)) }
        cursors = (try a.changes(after: 0).last?.number ?? 0, try b.changes(after: 0).last?.number ?? 0)
    }
}
