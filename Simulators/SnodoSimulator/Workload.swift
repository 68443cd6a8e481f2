import SnodoModel
import SnodoStore

/// The records every device knows from the start: a district's homes, places and a few people,
/// created by the coordinator and synced to all before day one.
struct District {
    static let names = ["Lodi-1", "Lodi-2"]
    var households: [RecordID] = []
    var places: [RecordID] = []
    /// Which district each record of the set-up belongs to.
    var placement: [RecordID: String] = [:]
}

/// Builds the edits of one work session of a device, from the seed, as the field would: a
/// caretaker logs the morning's home visits, a tutor updates plans and doti, a street unit logs
/// a night's contacts at places, a coordinator adjusts and sometimes erases.
struct Workload {
    var rng: SplitMix64
    let district: District

    mutating func session(for device: SimDevice, persons: inout [RecordID]) -> [Edit] {
        switch device.role {
        case .caretaker: caretakerRound(device)
        case .tutor: tutorSession(device)
        case .streetUnit: streetNight(device, persons: &persons)
        case .coordinator: coordinatorSession(device)
        }
    }

    private mutating func pick<T>(_ items: [T]) -> T { rng.element(of: items)! }

    /// Records of the device's scope; now and then one outside it, which the relay must refuse.
    private mutating func inScope(_ records: [RecordID], _ device: SimDevice) -> [RecordID] {
        if chance(3) { return records }
        let mine = records.filter { device.scope.covers(district: district.placement[$0], sharedWith: []) }
        return mine.isEmpty ? records : mine
    }
    private mutating func chance(_ percent: Int) -> Bool { rng.draw(in: 0..<100) < percent }

    /// Now and then a laptop tries to pull a household of another district into its own, a move
    /// that is in its scope only after the change: the relay must refuse it.
    private mutating func foreignMove(_ device: SimDevice) -> [Edit] {
        guard chance(2) else { return [] }
        let foreign = district.households.filter { !device.scope.covers(district: district.placement[$0], sharedWith: []) }
        guard let home = rng.element(of: foreign) else { return [] }
        return [.set(home, CommonField.district, .text(device.homeDistrict))]
    }

    mutating func caretakerRound(_ device: SimDevice) -> [Edit] {
        var edits: [Edit] = []
        // Each caretaker has its own buildings, but neighbours' homes overlap at the edges.
        let mine = inScope(district.households.enumerated().filter { $0.offset % 3 == device.index % 3 || $0.offset % 7 == 0 }.map(\.element), device)
        for _ in 0..<rng.draw(in: 3...6) {
            let home = pick(mine)
            edits += visit(device, subject: home, kind: 1, outcome: rng.draw(in: 1...4 as ClosedRange<UInt32>))
            if chance(35) { edits += householdEdit(home) }
            if chance(15) { edits += arrears(device, home) }
        }
        return edits + foreignMove(device)
    }

    mutating func tutorSession(_ device: SimDevice) -> [Edit] {
        var edits: [Edit] = []
        let homes = inScope(district.households, device)
        for _ in 0..<rng.draw(in: 1...4) {
            let home = pick(homes)
            switch rng.draw(in: 0..<4) {
            case 0: edits.append(.set(home, HouseholdField.tutor, .text(pick(["Giulia Rossi", "Paolo Verdi", "Marta Neri", "Luca Bassi"]))))
            case 1: edits.append(.set(home, HouseholdField.planStatus, .enumeration(rng.draw(in: 1...5 as ClosedRange<UInt32>))))
            case 2: edits.append(.set(home, HouseholdField.planGoals, .text("obiettivi \(rng.next() % 1000)")))
            case 3 where chance(40): edits += eviction(device, home)
            default: edits += ledgerEntry(device, home)
            }
        }
        return edits + foreignMove(device)
    }

    mutating func streetNight(_ device: SimDevice, persons: inout [RecordID]) -> [Edit] {
        var edits: [Edit] = []
        let places = inScope(district.places, device)
        for _ in 0..<rng.draw(in: 2...5) {
            let place = pick(places)
            var met: [RecordID] = []
            for _ in 0..<rng.draw(in: 1...4) {
                // A unit can only update a person its laptop holds.
                let known = (try? device.store.recordIDs(of: .person)) ?? []
                if known.isEmpty || chance(30) {
                    let person = device.store.newRecordID()
                    edits += [
                        .set(person, CommonField.kind, .enumeration(RecordKind.person.rawValue)),
                        .set(person, CommonField.district, .text(device.homeDistrict)),
                        .set(person, PersonField.alias, .text("alias \(rng.next() % 500)")),
                        .set(person, PersonField.approxAge, .integer(rng.draw(in: 18...80 as ClosedRange<Int64>))),
                    ]
                    persons.append(person)
                    met.append(person)
                } else {
                    let person = pick(known)
                    met.append(person)
                    if chance(30) {
                        edits.append(.setElement(person, PersonField.languages, element: .text(pick(["it", "ro", "ar", "uk"])), .bool(chance(80))))
                    }
                }
            }
            edits += visit(device, subject: place, kind: 2, outcome: 1, persons: met)
            edits.append(.set(place, PlaceField.peopleSeen, .integer(Int64(met.count))))
            if chance(10) { edits.append(.set(place, PlaceField.status, .enumeration(rng.draw(in: 1...2 as ClosedRange<UInt32>)))) }
        }
        return edits
    }

    mutating func coordinatorSession(_ device: SimDevice) -> [Edit] {
        let home = pick(inScope(district.households, device))
        var edits = [Edit.set(home, HouseholdField.monitoringDays, .integer(Int64(pick([7, 14, 30]))))]
        if chance(30) { edits.append(.set(home, HouseholdField.tutor, .text(pick(["Giulia Rossi", "Paolo Verdi"])))) }
        // A person met in both districts is shared with the other one (or no longer).
        if chance(25), let person = rng.element(of: (try? device.store.recordIDs(of: .person)) ?? []) {
            edits.append(.setElement(person, CommonField.sharedWith, element: .text(pick(District.names)), .bool(chance(80))))
        }
        return edits
    }

    mutating func visit(_ device: SimDevice, subject: RecordID, kind: UInt32, outcome: UInt32, persons: [RecordID] = []) -> [Edit] {
        let visit = device.store.newRecordID()
        var edits: [Edit] = [
            .set(visit, CommonField.kind, .enumeration(RecordKind.visit.rawValue)), .set(visit, CommonField.district, .text(device.homeDistrict)),
            .set(visit, VisitField.subject, .reference(subject)), .set(visit, VisitField.start, .timestamp(device.clock.wallMillis)),
            .set(visit, VisitField.kind, .enumeration(kind)), .set(visit, VisitField.outcome, .enumeration(outcome)),
            .setElement(visit, VisitField.needs, element: .enumeration(rng.draw(in: 1...13 as ClosedRange<UInt32>)), .bool(true)),
            .setElement(
                visit, VisitField.services, element: .enumeration(rng.draw(in: 1...8 as ClosedRange<UInt32>)),
                .integer(rng.draw(in: 1...3 as ClosedRange<Int64>))),
            .set(visit, VisitField.note, .text("nota \(rng.next() % 100_000)")),
        ]
        for person in persons { edits.append(.setElement(visit, VisitField.persons, element: .reference(person), .bool(true))) }
        return edits
    }

    mutating func householdEdit(_ home: RecordID) -> [Edit] {
        switch rng.draw(in: 0..<4) {
        case 0: [.set(home, HouseholdField.notes, .text("note \(rng.next() % 10_000)"))]
        case 1: [.setElement(home, HouseholdField.vulnerabilities, element: .enumeration(rng.draw(in: 1...8 as ClosedRange<UInt32>)), .bool(chance(60)))]
        case 2: [.setElement(home, HouseholdField.risks, element: .enumeration(rng.draw(in: 1...2 as ClosedRange<UInt32>)), .bool(chance(50)))]
        default: [.set(home, HouseholdField.planStatus, .enumeration(rng.draw(in: 1...5 as ClosedRange<UInt32>)))]
        }
    }

    /// Lodi's arrears, a kind only the profile defines: opened for a home, or its repayment plan
    /// and amount changed by whoever holds it (concurrent changes meet as conflicts).
    mutating func arrears(_ device: SimDevice, _ home: RecordID) -> [Edit] {
        let held = (try? device.store.recordIDs(of: SimProfiles.arrears)) ?? []
        if let open = rng.element(of: held), chance(60) {
            return chance(50)
                ? [.set(open, 13, .enumeration(rng.draw(in: 1...5 as ClosedRange<UInt32>)))]
                : [.set(open, 11, .cents(rng.draw(in: 10_000...500_000 as ClosedRange<Int64>)))]
        }
        let id = device.store.newRecordID()
        return [
            .set(id, CommonField.kind, .enumeration(SimProfiles.arrears.rawValue)), .set(id, CommonField.district, .text(device.homeDistrict)),
            .set(id, 10, .reference(home)), .set(id, 11, .cents(rng.draw(in: 10_000...500_000 as ClosedRange<Int64>))),
            .set(id, 12, .date(Int32(device.clock.wallMillis / 86_400_000))),
        ]
    }

    /// An eviction's phases, as a tutor follows them: each step a new value of the phase, and the
    /// grace term or, after the profile's revision, the lawyer (field 17, unknown to a laptop
    /// that has not synced since).
    mutating func eviction(_ device: SimDevice, _ home: RecordID) -> [Edit] {
        let held = (try? device.store.recordIDs(of: SimProfiles.eviction)) ?? []
        if let open = rng.element(of: held), chance(70) {
            var edits: [Edit] = [.set(open, 11, .enumeration(rng.draw(in: 1...7 as ClosedRange<UInt32>)))]
            if chance(30) { edits.append(.set(open, 17, .text(pick(["Avv. Neri", "Avv. Sala"])))) }
            if chance(30) { edits.append(.set(open, 14, .date(Int32(device.clock.wallMillis / 86_400_000) + 90))) }
            return edits
        }
        let id = device.store.newRecordID()
        return [
            .set(id, CommonField.kind, .enumeration(SimProfiles.eviction.rawValue)), .set(id, CommonField.district, .text(device.homeDistrict)),
            .set(id, 10, .reference(home)), .set(id, 11, .enumeration(1)), .set(id, 12, .date(Int32(device.clock.wallMillis / 86_400_000))),
        ]
    }

    mutating func ledgerEntry(_ device: SimDevice, _ home: RecordID) -> [Edit] {
        let entry = device.store.newRecordID()
        return [
            .set(entry, CommonField.kind, .enumeration(RecordKind.ledgerEntry.rawValue)), .set(entry, CommonField.district, .text(device.homeDistrict)),
            .set(entry, LedgerField.household, .reference(home)), .set(entry, LedgerField.entry, .enumeration(rng.draw(in: 1...2 as ClosedRange<UInt32>))),
            .set(entry, LedgerField.kind, .enumeration(rng.draw(in: 1...6 as ClosedRange<UInt32>))),
            .set(entry, LedgerField.amount, .cents(rng.draw(in: 1_000...50_000 as ClosedRange<Int64>))),
            .set(entry, LedgerField.date, .date(Int32(device.clock.wallMillis / 86_400_000))),
        ]
    }

    /// The district, written by the coordinator on day zero.
    static func setup(_ coordinator: SimDevice, devices: Int, rng: inout SplitMix64) throws -> District {
        var district = District()
        var edits: [Edit] = []
        for index in 0..<(8 + devices * 3) {
            let home = coordinator.store.newRecordID()
            let name = District.names[index % District.names.count]
            district.placement[home] = name
            edits += [
                .set(home, CommonField.kind, .enumeration(RecordKind.household.rawValue)), .set(home, CommonField.district, .text(name)),
                .set(home, HouseholdField.comune, .text("Lodi")), .set(home, HouseholdField.street, .text("via Case Popolari")),
                .set(home, HouseholdField.number, .text("\(index + 1)")),
                .set(home, HouseholdField.monitoringDays, .integer(7)),
            ]
            district.households.append(home)
        }
        for index in 0..<(4 + devices) {
            let place = coordinator.store.newRecordID()
            let name = District.names[index % District.names.count]
            district.placement[place] = name
            edits += [
                .set(place, CommonField.kind, .enumeration(RecordKind.place.rawValue)), .set(place, CommonField.district, .text(name)),
                .set(place, PlaceField.name, .text("luogo \(index)")), .set(place, PlaceField.status, .enumeration(1)),
            ]
            district.places.append(place)
        }
        try coordinator.commit(edits)
        _ = rng.next()
        return district
    }
}
