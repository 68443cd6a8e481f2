/// What a device does in the field; the profile says which kinds each role may write.
package enum TeamRole: String, CaseIterable, Sendable {
    case caretaker
    case streetUnit = "street-unit"
    case tutor
    case coordinator
}

/// The records a device may hold and write: those of its districts, and those shared with them.
///
/// The rule (README, "Scopes"): a record is in a device's scope when its district, or any district
/// in its `shared-with` set, is one of the device's districts; `*` stands for every district (a
/// coordinator's). A person met by street units of two districts belongs to the district that
/// first recorded them and is shared with the other: both units then receive and update the same
/// record, and each unit's visits stay in its own district.
package struct Scope: Equatable, Sendable {
    package static let everyDistrict = "*"

    package var role: TeamRole
    package var districts: Set<String>
    /// Bumped by the relay whenever the scope changes, so a device knows to fetch what came in.
    package var epoch: UInt64
    /// Days a device may go without syncing before it stops showing records.
    package var leaseDays: Int

    package init(role: TeamRole, districts: Set<String>, epoch: UInt64 = 1, leaseDays: Int = 14) {
        self.role = role
        self.districts = districts
        self.epoch = epoch
        self.leaseDays = leaseDays
    }

    package func covers(district: String?, sharedWith: [String]) -> Bool {
        if districts.contains(Scope.everyDistrict) { return true }
        if let district, districts.contains(district) { return true }
        return sharedWith.contains { districts.contains($0) }
    }
}

extension Scope {
    /// The epoch a changed scope gets: above the current one and never below the relay's wall clock
    /// in milliseconds, so that a relay restored from an older copy never gives out again an epoch
    /// a laptop already holds with other districts ([PULL-4]).
    package static func nextEpoch(after current: UInt64, wallMillis: Int64) -> UInt64 {
        max(current + 1, UInt64(max(0, wallMillis)))
    }
}
