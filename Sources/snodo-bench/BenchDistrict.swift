import SnodoModel

/// The district of the benchmark, generated from a seed (issue 8, "The workload"): 50 devices
/// create households, persons and visits, then edit households, thousands of them concurrently
/// on the same field.
struct BenchDistrict {
    let scale: Int
    var households: [RecordID] = []
    var changes: [Change] = []
    let devices: [DeviceID]
    var rng: SplitMix64
    var clock: UInt64 = HLC(millis: 1_767_600_000_000).raw
    /// The winner stamp of each household's tutor field, so edits supersede what they saw.
    var tutorStamps: [RecordID: Stamp] = [:]

    static let noteAlphabet = Array("abcdefghilmnopqrstuvz àèéìòù,.")

    init(seed: UInt64, scale: Int) {
        self.scale = scale
        rng = SplitMix64(seed: seed)
        devices = (0..<50).map { DeviceID(0x5000 + UInt64($0)) }
    }

    mutating func note(_ length: Int) -> String {
        String((0..<length).map { _ in BenchDistrict.noteAlphabet.randomElement(using: &rng)! })
    }

    /// A new edit batch: the clock moves on by up to a few minutes.
    mutating func stamp(_ device: DeviceID) -> Stamp {
        clock += UInt64.random(in: 1...300_000, using: &rng) << 16
        return Stamp(hlc: HLC(raw: clock), device: device)
    }

    /// The next write of the same batch: the hybrid clock's logical counter ticks, as a store's does.
    mutating func nextStamp(_ device: DeviceID) -> Stamp {
        clock += 1
        return Stamp(hlc: HLC(raw: clock), device: device)
    }

    mutating func newID() -> RecordID {
        RecordID(millis: Int64(clock >> 16), random: rng.next(), random2: UInt16.random(in: 0...UInt16.max, using: &rng))
    }

    /// A record's cells, all stamped by one device as one edit batch would be.
    mutating func record(_ cells: [(FieldNumber, Value?, Value)], device: DeviceID) -> RecordID {
        let id = newID()
        for (offset, (field, element, value)) in cells.enumerated() {
            let key = element.map { CellKey(record: id, field: field, element: $0) } ?? CellKey(record: id, field: field)
            let write = CellWrite(key: key, value: value, stamp: offset == 0 ? stamp(device) : nextStamp(device))
            if field == 20 { tutorStamps[id] = write.stamp }
            changes.append(.write(write))
        }
        return id
    }

    mutating func generate() {
        let householdCount = 10_000 / scale, personCount = 20_000 / scale, visitCount = 100_000 / scale, editCount = 50_000 / scale
        for _ in 0..<householdCount { households.append(household(device: devices.randomElement(using: &rng)!)) }
        var persons: [RecordID] = []
        for _ in 0..<personCount { persons.append(person(device: devices.randomElement(using: &rng)!)) }
        for _ in 0..<visitCount { _ = visit(device: devices.randomElement(using: &rng)!, subject: households.randomElement(using: &rng)!) }
        for index in 0..<editCount { edits(index) }
    }

    mutating func household(device: DeviceID) -> RecordID {
        var cells: [(FieldNumber, Value?, Value)] = [
            (CommonField.kind, nil, .enumeration(RecordKind.household.rawValue)), (CommonField.district, nil, .text("Lodi-1")),
            (10, nil, .text("Lodi")), (11, nil, .text("via delle Case Popolari")), (12, nil, .text("\(Int.random(in: 1...200, using: &rng))")),
            (15, nil, .text("\(Int.random(in: 0...8, using: &rng))")), (16, nil, .text("\(Int.random(in: 1...40, using: &rng))")),
            (17, nil, .enumeration(1)), (20, nil, .text("Giulia Rossi")), (21, nil, .enumeration(UInt32.random(in: 1...5, using: &rng))),
            (22, nil, .integer(7)), (24, nil, .text(note(Int.random(in: 40...160, using: &rng)))),
        ]
        for code in (1...8).filter({ _ in Int.random(in: 0..<4, using: &rng) == 0 }) { cells.append((19, .enumeration(UInt32(code)), .bool(true))) }
        return record(cells, device: device)
    }

    mutating func person(device: DeviceID) -> RecordID {
        record(
            [
                (CommonField.kind, nil, .enumeration(RecordKind.person.rawValue)), (CommonField.district, nil, .text("Lodi-1")),
                (10, nil, .text("Persona \(rng.next() % 100_000)")), (12, nil, .integer(Int64.random(in: 1930...2010, using: &rng))),
                (13, nil, .enumeration(UInt32.random(in: 1...4, using: &rng))), (14, .text("it"), .bool(true)),
                (15, nil, .reference(households.randomElement(using: &rng)!)), (16, nil, .text("+39 3\(rng.next() % 1_000_000_000)")),
            ],
            device: device)
    }

    mutating func visit(device: DeviceID, subject: RecordID) -> RecordID {
        var cells: [(FieldNumber, Value?, Value)] = [
            (CommonField.kind, nil, .enumeration(RecordKind.visit.rawValue)), (CommonField.district, nil, .text("Lodi-1")),
            (10, nil, .reference(subject)), (11, nil, .text("custodi-lodi")), (13, nil, .timestamp(Int64(clock >> 16))),
            (14, nil, .integer(30)), (15, nil, .enumeration(1)), (16, nil, .enumeration(UInt32.random(in: 1...4, using: &rng))),
            (19, nil, .text(note(Int.random(in: 180...220, using: &rng)))),
        ]
        for code in (1...13).filter({ _ in Int.random(in: 0..<6, using: &rng) == 0 }) { cells.append((17, .enumeration(UInt32(code)), .bool(true))) }
        for code in (1...8).filter({ _ in Int.random(in: 0..<5, using: &rng) == 0 }) {
            cells.append((18, .enumeration(UInt32(code)), .integer(Int64.random(in: 1...3, using: &rng))))
        }
        return record(cells, device: device)
    }

    /// One household edit; one in ten is a pair of concurrent edits of the same field by two devices.
    mutating func edits(_ index: Int) {
        let home = households.randomElement(using: &rng)!
        let seen = tutorStamps[home].map { [$0] } ?? []
        let first = CellWrite(
            key: CellKey(record: home, field: HouseholdField.tutor), value: .text("Tutor \(index)"), stamp: stamp(devices.randomElement(using: &rng)!),
            supersedes: seen)
        changes.append(.write(first))
        tutorStamps[home] = first.stamp
        if index % 10 == 0 {
            let rival = CellWrite(
                key: CellKey(record: home, field: HouseholdField.tutor), value: .text("Tutor \(index)b"), stamp: stamp(devices.randomElement(using: &rng)!),
                supersedes: seen)
            changes.append(.write(rival))
            tutorStamps[home] = max(first.stamp, rival.stamp)
        }
    }
}

/// The size of the raw values of a set of changes: each record id once as 16 bytes, then every
/// value (and set or map element) as its bare bytes: text as UTF-8, numbers as 8 bytes,
/// enumerations and dates as 4, coordinates as 8, references as 16, booleans as 1. No names, no
/// stamps, no framing: the floor any encoding is measured against.
enum RawValues {
    static func size(_ value: Value) -> Int {
        switch value {
        case .null: 0
        case .bool: 1
        case .integer, .cents, .timestamp, .coordinates: 8
        case .date, .enumeration: 4
        case .text(let text): text.utf8.count
        case .reference: 16
        case .opaque(_, let payload): payload.count
        }
    }

    static func bytes(_ value: Value) -> [UInt8] {
        switch value {
        case .null: []
        case .bool(let flag): [flag ? 1 : 0]
        case .integer(let n), .cents(let n), .timestamp(let n): withUnsafeBytes(of: n.bigEndian) { Array($0) }
        case .date(let days): withUnsafeBytes(of: days.bigEndian) { Array($0) }
        case .enumeration(let code): withUnsafeBytes(of: code.bigEndian) { Array($0) }
        case .coordinates(let a, let b): withUnsafeBytes(of: a.bigEndian) { Array($0) } + withUnsafeBytes(of: b.bigEndian) { Array($0) }
        case .text(let text): Array(text.utf8)
        case .reference(let id): id.bytes
        case .opaque(_, let payload): payload
        }
    }

    static func size(of changes: [Change]) -> Int {
        var records = Set<RecordID>()
        var total = 0
        for case .write(let write) in changes {
            if records.insert(write.key.record).inserted { total += 16 }
            total += size(write.value) + (write.key.elementValue.map(size) ?? 0)
        }
        return total
    }

    /// The raw stream itself, for compressing with xz.
    static func stream(of changes: [Change]) -> [UInt8] {
        var records = Set<RecordID>()
        var out: [UInt8] = []
        for case .write(let write) in changes {
            if records.insert(write.key.record).inserted { out += write.key.record.bytes }
            if let element = write.key.elementValue { out += bytes(element) }
            out += bytes(write.value)
        }
        return out
    }
}
