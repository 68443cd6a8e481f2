import SnodoModel

/// Where a record stands for scopes: its district and the districts it is shared with.
package struct Placement: Equatable, Sendable {
    package var district: String?
    package var sharedWith: [String]

    package init(district: String?, sharedWith: [String]) {
        self.district = district
        self.sharedWith = sharedWith
    }
}

/// Which changes of the relay's feed go to a device: those of records its scope covers, every
/// erasure, and a change that takes a covered record out of the scope (so the laptop lets the
/// record go, [SCOPE-4]). Each record's placement is looked up once per filter. No I/O of its own:
/// the placements come from the closures it is given.
package struct ScopeFilter {
    /// Nil for an open relay: everything goes.
    let scope: Scope?
    let placement: (RecordID) throws -> Placement
    /// A record's placement before a change number: where it stood before the change moved it.
    let placementBefore: (RecordID, UInt64) throws -> Placement
    private var covered: [RecordID: Bool] = [:]

    package init(
        scope: Scope?, placement: @escaping (RecordID) throws -> Placement, placementBefore: @escaping (RecordID, UInt64) throws -> Placement
    ) {
        self.scope = scope
        self.placement = placement
        self.placementBefore = placementBefore
    }

    /// Whether the scope covers the record where it stands now.
    package mutating func covers(_ record: RecordID) throws -> Bool {
        guard let scope else { return true }
        if let known = covered[record] { return known }
        let standing = try placement(record)
        let covers = scope.covers(district: standing.district, sharedWith: standing.sharedWith)
        covered[record] = covers
        return covers
    }

    /// Whether `change`, numbered `number` in the feed, goes to the device.
    package mutating func forwards(_ change: Change, number: UInt64) throws -> Bool {
        guard let scope else { return true }
        if case .erase = change { return true }
        if try covers(change.record) { return true }
        guard case .write(let write) = change, write.key.field == CommonField.district || write.key.field == CommonField.sharedWith else {
            return false
        }
        let before = try placementBefore(change.record, number)
        return scope.covers(district: before.district, sharedWith: before.sharedWith)
    }

    /// Records that a change in `changes` brings into the scope: a district set to one of the
    /// scope's, or one of them added to shared-with ([SCOPE-3]).
    package func recordsComingIn(_ changes: [Change]) -> [RecordID] {
        guard let scope else { return [] }
        var records: [RecordID] = []
        for case .write(let write) in changes {
            let brings: Bool =
                switch (write.key.field, write.value, write.key.elementValue) {
                case (CommonField.district, .text(let district), _): scope.districts.contains(district)
                case (CommonField.sharedWith, .bool(true), .text(let district)?): scope.districts.contains(district)
                default: false
                }
            if brings && !records.contains(write.key.record) { records.append(write.key.record) }
        }
        return records
    }
}
