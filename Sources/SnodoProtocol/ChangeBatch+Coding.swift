import SnodoModel

/// The compact encoding of a batch of changes ([CHG-1] … [CHG-8]): record ids and device ids are
/// written once each in sorted tables and referred to by index; the changes are grouped by record
/// in table order; clocks are delta-encoded against the previous clock in the batch; field numbers
/// stand for names. Everything is sorted, so one batch has exactly one encoding.
extension ChangeBatch {
    func write(to writer: inout ByteWriter) {
        let batch = canonical
        var groups: [(record: RecordID, erasure: Erasure?, cells: [CellWrite])] = []
        var devices = Set<DeviceID>()
        for change in batch.changes {
            switch change {
            case .erase(let erasure):
                groups.append((erasure.record, erasure, []))
                devices.insert(erasure.stamp.device)
            case .write(let write):
                if groups.last?.record != write.key.record { groups.append((write.key.record, nil, [])) }
                groups[groups.count - 1].cells.append(write)
                devices.insert(write.stamp.device)
                for stamp in write.supersedes { devices.insert(stamp.device) }
            }
        }
        let records = groups.map(\.record)
        let deviceTable = devices.sorted()
        let deviceIndex = Dictionary(uniqueKeysWithValues: deviceTable.enumerated().map { ($1, $0) })

        writer.writeVarint(through)
        writer.writeVarint(UInt64(records.count))
        for record in records { writer.writeBytes(record.bytes) }
        writer.writeVarint(UInt64(deviceTable.count))
        for device in deviceTable { writer.writeUInt64(device.raw) }
        // Each clock is written as its difference from the one before; the first from zero ([CHG-7]).
        var previous = HLC.zero

        for (_, erasure, cells) in groups {
            writer.writeVarint(UInt64(cells.count) << 1 | (erasure == nil ? 0 : 1))
            if let erasure {
                writeStamp(erasure.stamp, previous: &previous, deviceIndex: deviceIndex, to: &writer)
            }
            for cell in cells {
                let hasElement = !cell.key.element.isEmpty
                let hasSupersedes = !cell.supersedes.isEmpty
                writer.writeVarint(UInt64(cell.key.field) << 2 | (hasElement ? 2 : 0) | (hasSupersedes ? 1 : 0))
                if hasElement {
                    writer.writeVarint(UInt64(cell.key.element.count))
                    writer.writeBytes(cell.key.element)
                }
                cell.value.write(to: &writer)
                writeStamp(cell.stamp, previous: &previous, deviceIndex: deviceIndex, to: &writer)
                if hasSupersedes {
                    writer.writeVarint(UInt64(cell.supersedes.count))
                    for stamp in cell.supersedes {
                        writer.writeSignedVarint(Int64(bitPattern: stamp.hlc.raw &- cell.stamp.hlc.raw))
                        writer.writeVarint(UInt64(deviceIndex[stamp.device]!))
                    }
                }
            }
        }
    }

    private func writeStamp(_ stamp: Stamp, previous: inout HLC, deviceIndex: [DeviceID: Int], to writer: inout ByteWriter) {
        writer.writeSignedVarint(Int64(bitPattern: stamp.hlc.raw &- previous.raw))
        writer.writeVarint(UInt64(deviceIndex[stamp.device]!))
        previous = stamp.hlc
    }

    /// The batch as a decoder returns it: by record, the erasure (the highest, if several) before
    /// the cells, cells in `cellOrder`, duplicates removed. Encoding does not depend on the order
    /// of `changes`, and merging does not either.
    package var canonical: ChangeBatch {
        var erasures: [RecordID: Erasure] = [:]
        var writes: [RecordID: Set<CellWrite>] = [:]
        for change in changes {
            switch change {
            case .erase(let erasure):
                if erasures[erasure.record].map({ erasure.stamp > $0.stamp }) ?? true { erasures[erasure.record] = erasure }
            case .write(let write): writes[write.key.record, default: []].insert(write)
            }
        }
        var ordered: [Change] = []
        for record in Set(erasures.keys).union(writes.keys).sorted() {
            if let erasure = erasures[record] { ordered.append(.erase(erasure)) }
            ordered += (writes[record] ?? []).sorted(by: ChangeBatch.cellOrder).map { .write($0) }
        }
        return ChangeBatch(through: through, changes: ordered)
    }

    /// [CHG-5] cells of a record in strictly ascending (field, element, clock, device) order.
    static func cellOrder(_ a: CellWrite, _ b: CellWrite) -> Bool {
        if a.key != b.key { return a.key < b.key }
        return a.stamp < b.stamp
    }

    static func read(from payload: inout PayloadReader) throws(DecodeError) -> ChangeBatch {
        let limits = payload.limits
        let through = try payload.varint()
        let recordCount = try payload.count("records", limit: limits.recordsPerBatchMax, itemBytesMin: 17)
        var records: [RecordID] = []
        records.reserveCapacity(recordCount)
        for _ in 0..<recordCount {
            let id = RecordID(bytes: try payload.bytes(16))!
            if let last = records.last, !(last < id) { throw .nonCanonicalOrder("record table not strictly ascending") }
            records.append(id)
        }
        let deviceCount = try payload.count("devices", limit: limits.devicesPerBatchMax, itemBytesMin: 8)
        var devices: [DeviceID] = []
        devices.reserveCapacity(deviceCount)
        for _ in 0..<deviceCount {
            let device = DeviceID(try payload.uint64())
            if let last = devices.last, !(last < device) { throw .nonCanonicalOrder("device table not strictly ascending") }
            devices.append(device)
        }
        var previous = HLC.zero
        var changes: [Change] = []
        for record in records {
            try readGroup(record, devices: devices, previous: &previous, into: &changes, from: &payload)
        }
        try payload.expectEnd()
        // [CHG-3] the device table lists exactly the devices the batch refers to.
        var used = Set<DeviceID>()
        for change in changes {
            used.insert(change.stamp.device)
            if case .write(let write) = change { used.formUnion(write.supersedes.map(\.device)) }
        }
        guard used.count == devices.count else { throw .nonCanonicalOrder("a device in the table that no change refers to") }
        let batch = ChangeBatch(through: through, changes: changes)
        assert(batch.limitBroken(limits) == nil, "the decoder returned a batch over the \(batch.limitBroken(limits) ?? "") limit")
        return batch
    }

    private static func readGroup(
        _ record: RecordID, devices: [DeviceID], previous: inout HLC, into changes: inout [Change],
        from payload: inout PayloadReader
    ) throws(DecodeError) {
        let limits = payload.limits
        let header = try payload.varint()
        let hasErasure = header & 1 == 1
        let cellCount = header >> 1
        guard cellCount > 0 || hasErasure else { throw .nonCanonicalOrder("empty record group") }
        let total = UInt64(changes.count) + cellCount + (hasErasure ? 1 : 0)
        guard total <= UInt64(limits.changesPerBatchMax) else {
            throw .overLimit(what: "changes", count: total, limit: limits.changesPerBatchMax)
        }
        guard cellCount * 3 <= UInt64(payload.remaining) else { throw .truncatedPayload }
        if hasErasure {
            changes.append(.erase(Erasure(record: record, stamp: try readStamp(devices: devices, previous: &previous, from: &payload))))
        }
        var last: CellWrite?
        for _ in 0..<cellCount {
            let cell = try readCell(record, devices: devices, previous: &previous, from: &payload)
            if let last, !cellOrder(last, cell) { throw .nonCanonicalOrder("cells not strictly ascending") }
            last = cell
            changes.append(.write(cell))
        }
    }

    private static func readCell(
        _ record: RecordID, devices: [DeviceID], previous: inout HLC,
        from payload: inout PayloadReader
    ) throws(DecodeError) -> CellWrite {
        let limits = payload.limits
        let header = try payload.varint()
        guard header >> 2 <= UInt64(FieldNumber.max) else { throw .invalidValue("field number above \(FieldNumber.max)") }
        let field = FieldNumber(header >> 2)
        var element: [UInt8] = []
        if header & 2 != 0 {
            let length = try payload.count("element bytes", limit: limits.elementBytesMax)
            guard length > 0 else { throw .nonCanonicalOrder("element flag set with an empty element") }
            element = Array(try payload.bytes(length))
            // [CHG-6] an element is one canonical value.
            do { _ = try Value(canonicalBytes: element) } catch { throw .invalidValue("an element is not one canonical value") }
        }
        let value = try payload.value()
        let stamp = try readStamp(devices: devices, previous: &previous, from: &payload)
        var supersedes: [Stamp] = []
        if header & 1 != 0 {
            let count = try payload.count("supersedes", limit: limits.supersedesMax, itemBytesMin: 2)
            guard count > 0 else { throw .nonCanonicalOrder("supersedes flag set with no stamps") }
            for _ in 0..<count {
                let delta = try payload.signedVarint()
                let hlc = offset(stamp.hlc, by: delta)
                let superseded = Stamp(hlc: hlc, device: try device(devices, try payload.varint()))
                if let last = supersedes.last, !(last < superseded) { throw .nonCanonicalOrder("supersedes not strictly ascending") }
                supersedes.append(superseded)
            }
        }
        return CellWrite(key: CellKey(record: record, field: field, element: element), value: value, stamp: stamp, supersedes: supersedes)
    }

    private static func readStamp(devices: [DeviceID], previous: inout HLC, from payload: inout PayloadReader) throws(DecodeError) -> Stamp {
        let hlc = offset(previous, by: try payload.signedVarint())
        previous = hlc
        return Stamp(hlc: hlc, device: try device(devices, try payload.varint()))
    }

    /// Clocks are deltas modulo 2^64, so every pair of clocks has exactly one delta ([CHG-7]).
    private static func offset(_ base: HLC, by delta: Int64) -> HLC {
        HLC(raw: base.raw &+ UInt64(bitPattern: delta))
    }

    private static func device(_ devices: [DeviceID], _ index: UInt64) throws(DecodeError) -> DeviceID {
        guard index < UInt64(devices.count) else { throw .indexOutOfRange("device index \(index) of \(devices.count)") }
        return devices[Int(index)]
    }
}
