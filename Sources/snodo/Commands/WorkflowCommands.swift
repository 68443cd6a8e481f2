import Foundation
import SnodoCommandLine
import SnodoModel
import SnodoStore
import SnodoWorkflows
import SnodoCommands

/// The field's everyday views and actions on top of the records: rounds, places, contacts,
/// merges, budgets, follow-ups, reports.
enum WorkflowCommands {
    static var commands: [Command] {
        [due, placeNear, placeHistory, contactLog, personMerge, personUnmerge, personVisits, budget, followUps, followUpDone, report]
    }

    static func today() -> CivilDate { Rounds.localDate(Int64(Date().timeIntervalSince1970 * 1000), .current) }

    static func parsePoint(_ latitude: String, _ longitude: String, spec: CommandSpec) throws -> (Double, Double) {
        guard case .coordinates(let lat, let lon)? = FieldInput.parseCoordinates("\(latitude),\(longitude)") else {
            throw spec.usageError("malformed position (expected LAT LON in degrees, like 37.5066 15.1020)")
        }
        return (Double(lat) / 1e7, Double(lon) / 1e7)
    }

    static let dueSpec = CommandSpec(
        path: "snodo due", usage: "snodo due [--today YYYY-MM-DD] [--near LAT,LON] [--json]",
        summary: "households due or overdue for a visit, by building", valueOptions: ["today", "near"], flags: ["json"],
        details: [
            "A household with a monitoring frequency is due that many days after its last visit.",
            "--near orders buildings by distance from where you are.",
        ])
    static let due = Command(spec: dueSpec) { arguments, context in
        let store = try context.openStoreForReading()
        let date =
            try arguments.value("today").map { text in
                guard let date = CivilDate(iso: text) else { throw dueSpec.usageError("malformed --today (expected YYYY-MM-DD)") }
                return date
            } ?? today()
        let near = try arguments.value("near").map { text -> (Double, Double) in
            let parts = text.split(separator: ",").map(String.init)
            guard parts.count == 2 else { throw dueSpec.usageError("malformed --near (expected LAT,LON)") }
            return try parsePoint(parts[0], parts[1], spec: dueSpec)
        }
        let index = try FieldIndex(store: store)
        let list = Rounds.due(index, today: date, near: near.map { (latitude: $0.0, longitude: $0.1) })
        let formatter = Formatter(store: store)
        if context.json {
            Output.line(
                jsonText(
                    list.map { item -> [String: Any] in
                        [
                            "household": item.household.id.hex, "address": formatter.label(of: item.household, kind: .household), "building": item.building,
                            "due": item.dueDate.iso, "daysOverdue": item.daysOverdue, "lastVisit": item.lastVisitDate?.iso ?? NSNull(),
                            "lastOutcome": item.lastVisit?.code(VisitField.outcome).flatMap { code in Vocabulary.outcomes.first { $0.code == code }?.name }
                                ?? NSNull(),
                            "openFollowUps": item.openFollowUps, "distanceKm": item.distanceKm ?? NSNull(),
                        ]
                    }))
            return
        }
        guard !list.isEmpty else { Output.line("nessuna visita in scadenza al \(date.italian)"); return }
        var table = Table(header: ["edificio", "nucleo", "ultima visita", "esito", "scadenza", "ritardo", "follow-up aperti"])
        table.rows = list.map { item in
            [
                item.building, formatter.label(of: item.household, kind: .household), item.lastVisitDate?.italian ?? "mai",
                item.lastVisit?.value(VisitField.outcome).map { formatter.text($0, type: RecordKind.visit.field(numbered: VisitField.outcome)?.type) } ?? "",
                item.dueDate.italian, item.daysOverdue == 0 ? "oggi" : "\(item.daysOverdue) gg", item.openFollowUps == 0 ? "" : "\(item.openFollowUps)",
            ]
        }
        Output.line("\(list.count) visite in scadenza al \(date.italian)")
        Output.line(table.render())
    }

    static let nearSpec = CommandSpec(
        path: "snodo place near", usage: "snodo place near LAT LON [--radius KM] [--json]",
        summary: "places by distance from a point", valueOptions: ["radius"], flags: ["json"], positionals: 2...2)
    static let placeNear = Command(spec: nearSpec) { arguments, context in
        let store = try context.openStoreForReading()
        let (latitude, longitude) = try parsePoint(arguments.positionals[0], arguments.positionals[1], spec: nearSpec)
        let radius =
            try arguments.value("radius").map { text in
                guard let km = Double(text), km > 0, km <= 20_000 else { throw nearSpec.usageError("--radius takes kilometres, more than 0") }
                return km
            } ?? 5
        let places = StreetWork.near(try FieldIndex(store: store), latitude: latitude, longitude: longitude, radiusKm: radius)
        let formatter = Formatter(store: store)
        if context.json {
            Output.line(
                jsonText(
                    places.map { item -> [String: Any] in
                        [
                            "place": item.place.id.hex, "name": item.place.text(PlaceField.name) ?? "", "distanceKm": (item.distanceKm * 1000).rounded() / 1000,
                            "kind": item.place.code(PlaceField.kind).flatMap { code in Vocabulary.placeKinds.first { $0.code == code }?.name } ?? NSNull(),
                            "status": item.place.code(PlaceField.status).flatMap { code in Vocabulary.placeStatus.first { $0.code == code }?.name } ?? NSNull(),
                            "peopleSeen": item.place.integer(PlaceField.peopleSeen) ?? NSNull(),
                            "lastContact": item.lastContactMillis.map(Formatter.isoTime) ?? NSNull(),
                        ]
                    }))
            return
        }
        guard !places.isEmpty else { Output.line("nessun luogo entro \(radius) km"); return }
        var table = Table(header: ["luogo", "distanza", "tipo", "stato", "persone viste", "ultimo contatto"])
        table.rows = places.map { item in
            [
                item.place.text(PlaceField.name) ?? "", item.distanceKm < 1 ? "\(Int(item.distanceKm * 1000)) m" : String(format: "%.1f km", item.distanceKm),
                item.place.value(PlaceField.kind).map { formatter.text($0, type: RecordKind.place.field(numbered: PlaceField.kind)?.type) } ?? "",
                item.place.value(PlaceField.status).map { formatter.text($0, type: RecordKind.place.field(numbered: PlaceField.status)?.type) } ?? "",
                item.place.integer(PlaceField.peopleSeen).map(String.init) ?? "", item.lastContactMillis.map(Formatter.localTime) ?? "",
            ]
        }
        Output.line(table.render())
    }

    static let placeHistory = Command(
        spec: CommandSpec(
            path: "snodo place history", usage: "snodo place history PLACE [--json]",
            summary: "how many people were seen at a place, and when", flags: ["json"], positionals: 1...1)
    ) { arguments, context in
        let store = try context.openStoreForReading()
        let place = try RecordCommands.existing(arguments.positionals[0], kind: .place, store: store)
        let history = StreetWork.history(try FieldIndex(store: store), place: place.id)
        if context.json {
            Output.line(jsonText(history.map { ["when": Formatter.isoTime($0.millis), "people": $0.people, "visit": $0.visit.id.hex] }))
            return
        }
        Output.line("\(place.text(PlaceField.name) ?? "luogo"): \(history.count) contatti")
        var table = Table(header: ["quando", "persone incontrate"])
        table.rows = history.map { [Formatter.localTime($0.millis), "\($0.people)"] }
        if !history.isEmpty { Output.line(table.render()) }
    }

    static let contactSpec = CommandSpec(
        path: "snodo contact log",
        usage:
            "snodo contact log --place PLACE [--person ID]… [--anonymous alias=NAME,age=N,sex=f|m|other|unknown]… "
            + "[--needs …] [--services ITEM=N,…] [--note TEXT]",
        summary: "log a street contact at a place with everyone met, known or anonymous",
        valueOptions: ["place", "person", "anonymous", "needs", "services", "note", "team", "start", "outcome"],
        details: [
            "--person and --anonymous repeat, one per person met. Anonymous people get a record of their own",
            "(alias, approximate age, sex) that can later be merged with a known one (`snodo person merge`).",
        ])
    static let contactLog = Command(spec: contactSpec) { arguments, context in
        let store = try context.openStore()
        guard let placeText = arguments.value("place") else { throw contactSpec.usageError("missing required --place") }
        let place = try RecordCommands.existing(placeText, kind: .place, store: store)
        let known = try arguments.values("person").map { try RecordCommands.existing($0, kind: .person, store: store).id }
        let anonymous = try arguments.values("anonymous").map { try parseAnonymous($0) }
        guard !known.isEmpty || !anonymous.isEmpty else { throw contactSpec.usageError("give at least one --person or --anonymous") }
        let editor = RecordEditor(store: store, kind: .visit)
        var visitFields: [Edit] = []
        let placeholder = RecordID(high: 0, low: 0)
        for name in ["needs", "services", "note", "team", "outcome"] {
            guard let text = arguments.value(name), let field = RecordKind.visit.field(named: name) else { continue }
            visitFields += try editor.fieldEdits(placeholder, field, text)
        }
        if arguments.value("outcome") == nil { visitFields.append(.set(placeholder, VisitField.outcome, .enumeration(1))) }
        if arguments.value("team") == nil, let team = try store.setting("team") { visitFields.append(.set(placeholder, VisitField.team, .text(team))) }
        let millis =
            try arguments.value("start").map { text in
                guard let millis = FieldInput.parseLocalTimestamp(text) else { throw contactSpec.usageError("malformed --start (expected YYYY-MM-DD HH:MM)") }
                return millis
            } ?? Int64(Date().timeIntervalSince1970 * 1000)
        let district = try place.district ?? store.setting("district") ?? ""
        let contact = StreetWork.contact(
            store: store, place: place.id, district: district, known: known,
            anonymous: anonymous, visitFields: visitFields, at: millis)
        try store.write { try $0.commit(contact.edits) }
        Output.line(contact.visit.hex)
        for person in contact.persons { Output.line("new person \(person.hex)") }
    }

    static func parseAnonymous(_ text: String) throws -> StreetWork.AnonymousPerson {
        var person = StreetWork.AnonymousPerson(alias: "", approxAge: nil, sex: nil)
        for part in text.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2 else { throw contactSpec.usageError("malformed --anonymous (expected alias=NAME,age=N,sex=f|m|other|unknown)") }
            switch pair[0] {
            case "alias": person.alias = pair[1]
            case "age":
                guard let age = Int64(pair[1]), (0...120).contains(age) else {
                    throw contactSpec.usageError("malformed age in --anonymous (expected 0 to 120)")
                }
                person.approxAge = age
            case "sex":
                guard let sex = Vocabulary.sex.first(where: { $0.name == pair[1] }) else {
                    throw contactSpec.usageError("malformed sex in --anonymous (accepted: f, m, other, unknown)")
                }
                person.sex = sex.code
            default: throw contactSpec.usageError("unknown key '\(pair[0])' in --anonymous (accepted: alias, age, sex)")
            }
        }
        guard !person.alias.isEmpty else { throw contactSpec.usageError("--anonymous needs alias=NAME (the name the person gives)") }
        return person
    }

    static let mergeSpec = CommandSpec(
        path: "snodo person merge", usage: "snodo person merge DUPLICATE --into PERSON",
        summary: "record that two person records are the same person (undo with unmerge)", valueOptions: ["into"], positionals: 1...1)
    static let personMerge = Command(spec: mergeSpec) { arguments, context in
        let store = try context.openStore()
        guard let into = arguments.value("into") else { throw mergeSpec.usageError("missing required --into PERSON") }
        let duplicate = try RecordCommands.existing(arguments.positionals[0], kind: .person, store: store)
        let survivor = try RecordCommands.existing(into, kind: .person, store: store)
        guard duplicate.id != survivor.id else { throw mergeSpec.usageError("a person cannot be merged into itself") }
        let index = try FieldIndex(store: store)
        guard PersonMerge.survivor(of: survivor.id, in: index) != duplicate.id else {
            throw CommandError.failure("\(survivor.id.hex) is already shown as \(duplicate.id.hex): merge the other way round")
        }
        try store.write { try $0.commit([.set(duplicate.id, PersonField.mergedInto, .reference(survivor.id))]) }
        Output.line("\(duplicate.id.hex) is now shown as \(survivor.id.hex); its visits are kept (undo: snodo person unmerge \(duplicate.id.hex.prefix(12)))")
    }

    static let personUnmerge = Command(
        spec: CommandSpec(
            path: "snodo person unmerge", usage: "snodo person unmerge PERSON",
            summary: "undo a merge: the record is its own person again", positionals: 1...1)
    ) { arguments, context in
        let store = try context.openStore()
        let person = try RecordCommands.existing(arguments.positionals[0], kind: .person, store: store)
        guard person.reference(PersonField.mergedInto) != nil else { throw CommandError.failure("\(person.id.hex) is not merged into anyone") }
        try store.write { try $0.commit([.set(person.id, PersonField.mergedInto, .null)]) }
        Output.line("\(person.id.hex) is its own record again")
    }

    static let personVisits = Command(
        spec: CommandSpec(
            path: "snodo person visits", usage: "snodo person visits PERSON [--json]",
            summary: "every contact with a person, including records merged into them", flags: ["json"], positionals: 1...1)
    ) { arguments, context in
        let store = try context.openStoreForReading()
        let person = try RecordCommands.existing(arguments.positionals[0], kind: .person, store: store)
        let index = try FieldIndex(store: store)
        let shown = PersonMerge.survivor(of: person.id, in: index)
        let visits = PersonMerge.visits(of: shown, in: index)
        let formatter = Formatter(store: store)
        if context.json {
            Output.line(
                jsonText([
                    "person": shown.hex, "records": PersonMerge.aliases(of: shown, in: index).map(\.hex).sorted(),
                    "visits": visits.map(\.id.hex),
                ]))
            return
        }
        Output.line("\(formatter.label(of: shown)): \(visits.count) contatti")
        var table = Table(header: ["quando", "dove", "tipo"])
        table.rows = visits.map { visit in
            [
                visit.timestamp(VisitField.start).map(Formatter.localTime) ?? "", visit.reference(VisitField.subject).map(formatter.label(of:)) ?? "",
                visit.value(VisitField.kind).map { formatter.text($0, type: RecordKind.visit.field(numbered: VisitField.kind)?.type) } ?? "",
            ]
        }
        if !visits.isEmpty { Output.line(table.render()) }
    }

    static let budget = Command(
        spec: CommandSpec(
            path: "snodo budget", usage: "snodo budget HOUSEHOLD [--json]",
            summary: "a household's doti: allocated, spent and remaining per kind", flags: ["json"], positionals: 1...1)
    ) { arguments, context in
        let store = try context.openStoreForReading()
        let household = try RecordCommands.existing(arguments.positionals[0], kind: .household, store: store)
        let lines = Budgets.lines(try FieldIndex(store: store), household: household.id)
        func name(_ kind: UInt32) -> EnumCase? { Vocabulary.dotiKinds.first { $0.code == kind } }
        if context.json {
            Output.line(
                jsonText([
                    "household": household.id.hex,
                    "lines": lines.map {
                        ["kind": name($0.kind)?.name ?? "\($0.kind)", "allocatedCents": $0.allocated, "spentCents": $0.spent, "remainingCents": $0.remaining]
                    }, "allocatedCents": lines.reduce(0) { $0 + $1.allocated }, "spentCents": lines.reduce(0) { $0 + $1.spent },
                ]))
            return
        }
        Output.line("doti di \(Formatter(store: store).label(of: household, kind: .household))")
        guard !lines.isEmpty else { Output.line("nessuna voce di bilancio"); return }
        var table = Table(header: ["voce", "assegnato", "speso", "residuo"])
        table.rows = lines.map {
            [name($0.kind)?.label ?? "#\($0.kind)", Formatter.euros($0.allocated), Formatter.euros($0.spent), Formatter.euros($0.remaining)]
        }
        let allocated = lines.reduce(0) { $0 + $1.allocated }, spent = lines.reduce(0) { $0 + $1.spent }
        table.rows.append(["totale", Formatter.euros(allocated), Formatter.euros(spent), Formatter.euros(allocated - spent)])
        Output.line(table.render())
    }

    static let followUps = Command(
        spec: CommandSpec(
            path: "snodo followups", usage: "snodo followups [--all | --team] [--json]",
            summary: "open follow-ups assigned to me (or my team, or all)", flags: ["all", "team", "json"])
    ) { arguments, context in
        let store = try context.openStoreForReading()
        let me = arguments.has("all") || arguments.has("team") ? nil : try store.setting("operator")
        let team = arguments.has("team") ? try store.setting("team") : nil
        let list = FollowUps.open(try FieldIndex(store: store), assignedTo: me, team: team)
        let formatter = Formatter(store: store)
        if context.json {
            Output.line(
                jsonText(
                    list.map { followUp -> [String: Any] in
                        [
                            "followup": followUp.id.hex, "what": followUp.text(FollowUpField.what) ?? "",
                            "due": followUp.date(FollowUpField.due)?.iso ?? NSNull(),
                            "assignedTo": followUp.text(FollowUpField.assignedTo) ?? NSNull(),
                            "subject": followUp.reference(FollowUpField.subject).map(formatter.label(of:)) ?? NSNull(),
                        ]
                    }))
            return
        }
        guard !list.isEmpty else { Output.line("nessun follow-up aperto"); return }
        var table = Table(header: ["scadenza", "cosa", "per", "assegnato a", "id"])
        table.rows = list.map {
            [
                $0.date(FollowUpField.due)?.italian ?? "", $0.text(FollowUpField.what) ?? "",
                $0.reference(FollowUpField.subject).map(formatter.label(of:)) ?? "", $0.text(FollowUpField.assignedTo) ?? "", String($0.id.hex.prefix(12)),
            ]
        }
        Output.line(table.render())
    }

    static let followUpDone = Command(
        spec: CommandSpec(
            path: "snodo followup done", usage: "snodo followup done ID",
            summary: "mark a follow-up done", positionals: 1...1)
    ) { arguments, context in
        let store = try context.openStore()
        let followUp = try RecordCommands.existing(arguments.positionals[0], kind: .followUp, store: store)
        try store.write { try $0.commit([.set(followUp.id, FollowUpField.done, .bool(true))]) }
        Output.line("done: \(followUp.text(FollowUpField.what) ?? followUp.id.hex)")
    }

    static let reportSpec = ReportCommand.spec(
        path: "snodo report", usage: "snodo report [--from DATE] [--to DATE] [--by team,district,month] [--format table|csv|json]", extraOptions: [])
    static let report = Command(spec: reportSpec) { arguments, context in
        try ReportCommand.run(arguments, store: try context.openStoreForReading(), spec: reportSpec)
    }
}
