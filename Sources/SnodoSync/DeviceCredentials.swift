import SnodoModel
import SnodoProtocol
import SnodoStore

/// A laptop's enrollment, kept in its store's settings: the enrollment key until the first
/// exchange claims it, then the claimed key; the request counter; the scope the relay granted.
/// A laptop with none of these talks to an open relay without AUTH.
package struct DeviceCredentials {
    static let enrollmentKey = "auth.enrollment-key"
    static let claimNonce = "auth.claim-nonce"
    static let key = "auth.key"
    static let counter = "auth.counter"
    static let scopeEpoch = "scope.epoch"
    static let scopeRole = "scope.role"
    static let scopeDistricts = "scope.districts"
    static let leaseDays = "scope.lease-days"

    let store: Store

    package init(store: Store) { self.store = store }

    /// Saves an enrollment code's key on a new store (`snodo enroll`), with the team and operator
    /// the office enrolled: the defaults of every visit, contact and entry written here.
    package func enroll(_ code: EnrollmentCode) throws {
        try store.write { transaction in
            try transaction.setSetting(DeviceCredentials.enrollmentKey, code.key.hex)
            if let team = code.team { try transaction.setSetting("team", team) }
            if let name = code.operatorName { try transaction.setSetting("operator", name) }
        }
    }

    package var isEnrolled: Bool {
        ((try? store.setting(DeviceCredentials.key)) ?? nil) != nil || ((try? store.setting(DeviceCredentials.enrollmentKey)) ?? nil) != nil
    }

    /// Encodes a request and, for an enrolled laptop, inserts AUTH after HELLO with a MAC over
    /// everything else ([AUTH-2]). The counter is saved before the request leaves, in the same
    /// transaction that read it: two processes never sign with one counter.
    func sign(_ messages: [Message], codec: FrameCodec) throws -> [UInt8] {
        let signing = try store.write { transaction -> (key: [UInt8], nonce: [UInt8]?, counter: UInt64)? in
            guard let (key, nonce) = try currentKey(transaction) else { return nil }
            let counter = UInt64(try store.setting(DeviceCredentials.counter) ?? "0").map { $0 + 1 } ?? 1
            try transaction.setSetting(DeviceCredentials.counter, String(counter))
            return (key, nonce, counter)
        }
        guard let (key, nonce, counter) = signing else { return Body(messages).encode(with: codec) }
        let signed = messages.flatMap { codec.encode($0) }
        let mac = RequestMAC.compute(key: key, counter: counter, claimNonce: nonce, signedBytes: signed)
        return Body([messages[0], .auth(Auth(counter: counter, claimNonce: nonce, mac: mac))] + messages.dropFirst()).encode(with: codec)
    }

    /// The relay has seen a higher counter from this laptop than its store remembers (the store was
    /// restored from an older copy): the next request goes above it ([LOG-5]).
    func raiseCounter(above floor: UInt64) throws {
        try store.write { transaction in
            let current = UInt64(try store.setting(DeviceCredentials.counter) ?? "0") ?? 0
            if floor > current { try transaction.setSetting(DeviceCredentials.counter, String(floor)) }
        }
    }

    /// The key to sign with and, while the enrollment is not yet claimed, the claim nonce (made
    /// and saved the first time).
    private func currentKey(_ transaction: StoreTransaction) throws -> ([UInt8], [UInt8]?)? {
        if let key = try store.setting(DeviceCredentials.key).flatMap({ [UInt8](hex: $0) }) { return (key, nil) }
        guard let enrollment = try store.setting(DeviceCredentials.enrollmentKey).flatMap({ [UInt8](hex: $0) }) else { return nil }
        var nonce = try store.setting(DeviceCredentials.claimNonce).flatMap { [UInt8](hex: $0) }
        if nonce == nil {
            var writer = ByteWriter()
            writer.writeUInt64(store.randomBits())
            writer.writeUInt64(store.randomBits())
            nonce = writer.bytes
            try transaction.setSetting(DeviceCredentials.claimNonce, writer.bytes.hex)
            nonce = writer.bytes
        }
        guard let nonce else { preconditionFailure("the claim nonce was just made") }
        return (DeviceKeys.claimedKey(enrollmentKey: enrollment, nonce: nonce), nonce)
    }

    /// After the relay answered a claiming request, the claimed key replaces the enrollment key.
    func confirmClaim() throws {
        try store.write { transaction in
            guard try store.setting(DeviceCredentials.key) == nil, let (key, nonce) = try currentKey(transaction), nonce != nil else { return }
            try transaction.setSetting(DeviceCredentials.key, key.hex)
            try transaction.removeSetting(DeviceCredentials.enrollmentKey)
            try transaction.removeSetting(DeviceCredentials.claimNonce)
        }
    }

    func save(_ grant: ScopeGrant, in transaction: StoreTransaction) throws {
        try transaction.setSetting(DeviceCredentials.scopeEpoch, String(grant.epoch))
        try transaction.setSetting(DeviceCredentials.scopeRole, grant.role)
        try transaction.setSetting(DeviceCredentials.scopeDistricts, grant.districts.joined(separator: ","))
        try transaction.setSetting(DeviceCredentials.leaseDays, String(grant.leaseDays))
    }

    /// The scope the relay last granted, nil before the first sync with an enrolling relay.
    package func scope() throws -> Scope? {
        guard let epoch = try store.setting(DeviceCredentials.scopeEpoch).flatMap({ UInt64($0) }),
            let role = try store.setting(DeviceCredentials.scopeRole).flatMap({ TeamRole(rawValue: $0) })
        else { return nil }
        let districts = Set((try store.setting(DeviceCredentials.scopeDistricts) ?? "").split(separator: ",").map(String.init))
        let lease = Int(try store.setting(DeviceCredentials.leaseDays) ?? "14") ?? 14
        return Scope(role: role, districts: districts, epoch: epoch, leaseDays: lease)
    }

    /// Whether the offline lease has run out: a laptop that has not synced for more than its
    /// lease refuses to show records until it syncs again.
    package func leaseExpired() throws -> (expired: Bool, days: Int) {
        guard let scope = try scope(), let last = try store.peer(DeviceSync.relayPeer).lastSyncMillis else { return (false, 0) }
        let days = Int((store.wallMillis - last) / 86_400_000)
        return (days >= scope.leaseDays, days)
    }
}
