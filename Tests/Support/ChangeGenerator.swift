import SnodoModel

/// Draws random changes over a deliberately small space (three records, three devices, a few
/// fields and clock values) so that concurrent writes to the same cell, stamp ties broken by
/// device, supersession chains and erasures all happen often.
package struct ChangeGenerator {
    package var rng: SplitMix64
    package let records: [RecordID]
    package let devices: [DeviceID]
    private var used: [CellKey: [Stamp: Value]] = [:]

    package init(seed: UInt64) {
        rng = SplitMix64(seed: seed)
        records = (1...3).map { RecordID(high: UInt64($0) << 16, low: UInt64($0)) }
        devices = (1...3).map { DeviceID(UInt64($0) * 0x1111) }
    }

    package mutating func next() -> Change {
        if Int.random(in: 0..<100, using: &rng) < 4 {
            let stamp = Stamp(hlc: HLC(millis: Int64.random(in: 1...20, using: &rng)), device: devices.randomElement(using: &rng)!)
            return .erase(Erasure(record: records.randomElement(using: &rng)!, stamp: stamp))
        }
        return .write(nextWrite())
    }

    package mutating func changes(_ count: Int) -> [Change] { (0..<count).map { _ in next() } }

    private mutating func nextWrite() -> CellWrite {
        let record = records.randomElement(using: &rng)!
        let key: CellKey
        switch Int.random(in: 0..<4, using: &rng) {
        case 0: key = CellKey(record: record, field: HouseholdField.comune)
        case 1: key = CellKey(record: record, field: HouseholdField.street)
        case 2: key = CellKey(record: record, field: HouseholdField.vulnerabilities, element: .enumeration(UInt32.random(in: 1...3, using: &rng)))
        default: key = CellKey(record: record, field: 900)  // a field from a newer schema
        }
        var stamp: Stamp
        repeat {
            stamp = Stamp(
                hlc: HLC(millis: Int64.random(in: 1...12, using: &rng), logical: UInt16.random(in: 0...1, using: &rng)),
                device: devices.randomElement(using: &rng)!)
        } while used[key]?[stamp] != nil
        let value: Value =
            switch key.field {
            case 19: .bool(Bool.random(using: &rng))
            case 900: .opaque(tag: 20, payload: [UInt8.random(in: 0...2, using: &rng)])
            default: .text(["a", "b", "c"].randomElement(using: &rng)!)
            }
        used[key, default: [:]][stamp] = value
        let earlier = (used[key] ?? [:]).keys.filter { $0 < stamp }.sorted()
        let supersedes = earlier.filter { _ in Int.random(in: 0..<3, using: &rng) == 0 }
        return CellWrite(key: key, value: value, stamp: stamp, supersedes: Array(supersedes.prefix(2)))
    }
}

/// Every ordering of a small array, for exhaustive merge-law checks.
package func permutations<T>(_ items: [T]) -> [[T]] {
    guard items.count > 1 else { return [items] }
    var result: [[T]] = []
    for index in items.indices {
        var rest = items
        let first = rest.remove(at: index)
        for tail in permutations(rest) { result.append([first] + tail) }
    }
    return result
}
