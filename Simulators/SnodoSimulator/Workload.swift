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

    private mutating func pick<T>(_ items: [T]) -> T { items.randomElement(using: &rng)! }

    /// Records of the device's scope; now and then one outside it, which the relay must refuse.
    private mutating func inScope(_ records: [RecordID], _ device: SimDevice) -> [RecordID] {
        if chance(3) { return records }
        let mine = records.filter { device.scope.covers(district: district.placement[$0], sharedWith: []) }
        return mine.isEmpty ? records : mine
    }
    private mutating func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &rng) < percent }

    /// Now and then a laptop tries to pull a household of another district into its own, a move
    /// that is in its scope only after the change: the relay must refuse it.
    private mutating func foreignMove(_ device: SimDevice) -> [Edit] {
        guard chance(2) else { return [] }
        let foreign = district.households.filter { !device.scope.covers(district: district.placement[$0], sharedWith: []) }
        guard let home = foreign.randomElement(using: &rng) else { return [] }
        return [.set(home, CommonField.district, .text(device.homeDistrict))]
    }

    mutating func caretakerRound(_ device: SimDevice) -> [Edit] {
        var edits: [Edit] = []
        // Each caretaker has its own buildings, but neighbours' homes overlap at the edges.
        let mine = inScope(district.households.enumerated().filter { $0.offset % 3 == device.index % 3 || $0.offset % 7 == 0 }.map(\.element), device)
        for _ in 0..<Int.random(in: 3...6, using: &rng) {
            let home = pick(mine)
            edits += visit(device, subject: home, kind: 1, outcome: UInt32.random(in: 1...4, using: &rng))
            if chance(35) { edits += householdEdit(home) }
        }
        return edits + foreignMove(device)
    }

    mutating func tutorSession(_ device: SimDevice) -> [Edit] {
        var edits: [Edit] = []
        let homes = inScope(district.households, device)
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            let home = pick(homes)
            switch Int.random(in: 0..<4, using: &rng) {
            case 0: edits.append(.set(home, 20, .text(pick(["Giulia Rossi", "Paolo Verdi", "Marta Neri", "Luca Bassi"]))))
            case 1: edits.append(.set(home, 21, .enumeration(UInt32.random(in: 1...5, using: &rng))))
            case 2: edits.append(.set(home, 25, .text("obiettivi \(rng.next() % 1000)")))
            default: edits += ledgerEntry(device, home)
            }
        }
        return edits + foreignMove(device)
    }

    mutating func streetNight(_ device: SimDevice, persons: inout [RecordID]) -> [Edit] {
        var edits: [Edit] = []
        let places = inScope(district.places, device)
        for _ in 0..<Int.random(in: 2...5, using: &rng) {
            let place = pick(places)
            var met: [RecordID] = []
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                // A unit can only update a person its laptop holds.
                let known = (try? device.store.recordIDs(of: .person)) ?? []
                if known.isEmpty || chance(30) {
                    let person = device.store.newRecordID()
                    edits += [
                        .set(person, CommonField.kind, .enumeration(RecordKind.person.rawValue)),
                        .set(person, CommonField.district, .text(device.homeDistrict)),
                        .set(person, 11, .text("alias \(rng.next() % 500)")), .set(person, 18, .integer(Int64.random(in: 18...80, using: &rng))),
                    ]
                    persons.append(person)
                    met.append(person)
                } else {
                    let person = pick(known)
                    met.append(person)
                    if chance(30) { edits.append(.setElement(person, 14, element: .text(pick(["it", "ro", "ar", "uk"])), .bool(chance(80)))) }
                }
            }
            edits += visit(device, subject: place, kind: 2, outcome: 1, persons: met)
            edits.append(.set(place, 15, .integer(Int64(met.count))))
            if chance(10) { edits.append(.set(place, 14, .enumeration(UInt32.random(in: 1...2, using: &rng)))) }
        }
        return edits
    }

    mutating func coordinatorSession(_ device: SimDevice) -> [Edit] {
        let home = pick(inScope(district.households, device))
        var edits = [Edit.set(home, 22, .integer(Int64(pick([7, 14, 30]))))]
        if chance(30) { edits.append(.set(home, 20, .text(pick(["Giulia Rossi", "Paolo Verdi"])))) }
        // A person met in both districts is shared with the other one (or no longer).
        if chance(25), let person = ((try? device.store.recordIDs(of: .person)) ?? []).randomElement(using: &rng) {
            edits.append(.setElement(person, CommonField.sharedWith, element: .text(pick(District.names)), .bool(chance(80))))
        }
        return edits
    }

    mutating func visit(_ device: SimDevice, subject: RecordID, kind: UInt32, outcome: UInt32, persons: [RecordID] = []) -> [Edit] {
        let visit = device.store.newRecordID()
        var edits: [Edit] = [
            .set(visit, CommonField.kind, .enumeration(RecordKind.visit.rawValue)), .set(visit, CommonField.district, .text(device.homeDistrict)),
            .set(visit, 10, .reference(subject)), .set(visit, 13, .timestamp(device.clock.wallMillis)),
            .set(visit, 15, .enumeration(kind)), .set(visit, 16, .enumeration(outcome)),
            .setElement(visit, 17, element: .enumeration(UInt32.random(in: 1...13, using: &rng)), .bool(true)),
            .setElement(visit, 18, element: .enumeration(UInt32.random(in: 1...8, using: &rng)), .integer(Int64.random(in: 1...3, using: &rng))),
            .set(visit, 19, .text("nota \(rng.next() % 100_000)")),
        ]
        for person in persons { edits.append(.setElement(visit, 20, element: .reference(person), .bool(true))) }
        return edits
    }

    mutating func householdEdit(_ home: RecordID) -> [Edit] {
        switch Int.random(in: 0..<4, using: &rng) {
        case 0: [.set(home, 24, .text("note \(rng.next() % 10_000)"))]
        case 1: [.setElement(home, 19, element: .enumeration(UInt32.random(in: 1...8, using: &rng)), .bool(chance(60)))]
        case 2: [.setElement(home, 18, element: .enumeration(UInt32.random(in: 1...2, using: &rng)), .bool(chance(50)))]
        default: [.set(home, 21, .enumeration(UInt32.random(in: 1...5, using: &rng)))]
        }
    }

    mutating func ledgerEntry(_ device: SimDevice, _ home: RecordID) -> [Edit] {
        let entry = device.store.newRecordID()
        return [
            .set(entry, CommonField.kind, .enumeration(RecordKind.ledgerEntry.rawValue)), .set(entry, CommonField.district, .text(device.homeDistrict)),
            .set(entry, 10, .reference(home)), .set(entry, 11, .enumeration(UInt32.random(in: 1...2, using: &rng))),
            .set(entry, 12, .enumeration(UInt32.random(in: 1...6, using: &rng))), .set(entry, 13, .cents(Int64.random(in: 1_000...50_000, using: &rng))),
            .set(entry, 14, .date(Int32(device.clock.wallMillis / 86_400_000))),
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
                .set(home, 10, .text("Lodi")), .set(home, 11, .text("via Case Popolari")), .set(home, 12, .text("\(index + 1)")),
                .set(home, 22, .integer(7)),
            ]
            district.households.append(home)
        }
        for index in 0..<(4 + devices) {
            let place = coordinator.store.newRecordID()
            let name = District.names[index % District.names.count]
            district.placement[place] = name
            edits += [
                .set(place, CommonField.kind, .enumeration(RecordKind.place.rawValue)), .set(place, CommonField.district, .text(name)),
                .set(place, 10, .text("luogo \(index)")), .set(place, 14, .enumeration(1)),
            ]
            district.places.append(place)
        }
        try coordinator.commit(edits)
        _ = rng.next()
        return district
    }
}
