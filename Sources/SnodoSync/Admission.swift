import SnodoModel
import SnodoProtocol

/// Which of a request's changes a device may make ([SCOPE-2], [REJ-1]): by record, a record
/// outside its scope before or after the changes, or of a kind its role does not write, is
/// refused whole. No I/O: what the relay holds of a record comes from the closure it is given.
package struct Admission {
    let scope: Scope
    /// The relay's profile: which kinds exist, and which roles write each.
    let profile: Profile
    /// The kind code and placement the relay holds for a record (nils for one it never saw).
    let held: (RecordID) throws -> (kindCode: UInt32?, placement: Placement)
    /// The relay knows it was restored: a record the device only gives back is judged by its
    /// scope alone, whoever wrote it ([LOG-4]).
    let takesBack: Bool

    package init(
        scope: Scope, profile: Profile = .core, takesBack: Bool, held: @escaping (RecordID) throws -> (kindCode: UInt32?, placement: Placement)
    ) {
        self.scope = scope
        self.profile = profile
        self.takesBack = takesBack
        self.held = held
    }

    /// The changes admitted, in the order their records first appear (so the relay's change
    /// numbers follow the order of arrival in every process), and the refusals by reason.
    package func judge(_ changes: [Change], returned: [Change]) throws -> (accepted: [Change], rejections: [Rejection]) {
        var order: [RecordID] = []
        var byRecord: [RecordID: [Change]] = [:]
        for change in returned + changes {
            if byRecord[change.record] == nil { order.append(change.record) }
            byRecord[change.record, default: []].append(change)
        }
        let own = Set(changes.map(\.record))
        let givesBack = takesBack && !returned.isEmpty
        var accepted: [Change] = []
        var refused: [Rejection.Reason: [RecordID]] = [:]
        for record in order {
            let recordChanges = byRecord[record] ?? []
            if let reason = try verdict(on: record, recordChanges, givenBack: givesBack && !own.contains(record)) {
                refused[reason, default: []].append(record)
            } else {
                accepted += recordChanges
            }
        }
        let rejections = [Rejection.Reason.outOfScope, .roleMayNotWrite, .unknownKind].compactMap { reason in
            refused[reason].map { Rejection(reason: reason, records: $0) }
        }
        return (accepted, rejections)
    }

    /// Why the device may not make `changes` to `record`, nil when it may. A record the relay
    /// holds is judged by the district it holds, whatever its kind; one it has never seen, by
    /// where the changes put it. A kind the relay's profile does not define is refused: it could not tell
    /// who may write it.
    func verdict(on record: RecordID, _ changes: [Change], givenBack: Bool) throws -> Rejection.Reason? {
        let existing = try held(record)
        var kindCode = existing.kindCode, district = existing.placement.district, shared = Set(existing.placement.sharedWith)
        for case .write(let write) in changes {
            switch write.key.field {
            case CommonField.kind: if case .enumeration(let code) = write.value { kindCode = code }
            case CommonField.district: if case .text(let text) = write.value { district = text }
            case CommonField.sharedWith:
                if case .text(let text)? = write.key.elementValue { if write.value == .bool(true) { shared.insert(text) } else { shared.remove(text) } }
            default: break
            }
        }
        let heldHere = existing.kindCode != nil || existing.placement.district != nil
        let wasInScope = !heldHere || scope.covers(district: existing.placement.district, sharedWith: existing.placement.sharedWith)
        guard wasInScope else { return .outOfScope }
        if changes.allSatisfy({ if case .erase = $0 { true } else { false } }) { return nil }
        guard scope.covers(district: district, sharedWith: Array(shared)) else { return .outOfScope }
        if givenBack { return nil }
        guard let kind = kindCode.map(RecordKind.init(rawValue:)), profile.knows(kind) else { return .unknownKind }
        return profile.mayWrite(scope.role, kind) ? nil : .roleMayNotWrite
    }
}
