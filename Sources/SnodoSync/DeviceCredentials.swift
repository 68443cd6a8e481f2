import SnodoModel
import SnodoProtocol
import SnodoStore

/// A laptop's enrollment, kept in its store's settings: its own signing key, the relay's public
/// key it pinned, the enrollment code's one-time seed until the relay has answered the claim, the
/// request counter, and the scope the relay granted. A laptop with none of these talks to an open
/// relay, unsigned both ways.
package struct DeviceCredentials {
    static let signingSeed = "auth.signing-seed"
    static let enrollmentSeed = "auth.enrollment-seed"
    static let relayKey = "auth.relay-key"
    static let counter = "auth.counter"
    /// Settings of protocol 1's enrollments: a store holding them must enroll again.
    static let formerKeys = ["auth.key", "auth.enrollment-key"]
    static let scopeEpoch = "scope.epoch"
    static let scopeRole = "scope.role"
    static let scopeDistricts = "scope.districts"
    static let leaseDays = "scope.lease-days"

    let store: Store

    package init(store: Store) { self.store = store }

    /// Saves an enrollment on a new store (`snodo enroll`): a key pair made here, whose secret half
    /// never leaves this store, the code's seed to claim it with and the relay's key to trust; with
    /// the team and operator the office enrolled, the defaults of every visit, contact and entry.
    package func enroll(_ code: EnrollmentCode, identity: SigningKey = .generate()) throws {
        try store.write { transaction in
            try transaction.setSetting(DeviceCredentials.signingSeed, identity.seed.hex)
            try transaction.setSetting(DeviceCredentials.enrollmentSeed, code.seed.hex)
            try transaction.setSetting(DeviceCredentials.relayKey, code.relayKey.hex)
            if let team = code.team { try transaction.setSetting("team", team) }
            if let name = code.operatorName { try transaction.setSetting("operator", name) }
        }
    }

    package var isEnrolled: Bool { ((try? store.setting(DeviceCredentials.relayKey)) ?? nil) != nil }

    /// The relay's public key this laptop pinned at enrollment; nil for a laptop of an open relay.
    var pinnedRelayKey: [UInt8]? {
        get throws { try store.setting(DeviceCredentials.relayKey).flatMap { [UInt8](hex: $0) } }
    }

    /// Encodes a request and, for an enrolled laptop, inserts AUTH after HELLO with the laptop's
    /// signature over everything else ([AUTH-2]), and its claim until the relay has answered one
    /// ([AUTH-3]). The counter is saved before the request leaves, in the same transaction that read
    /// it: two processes never sign with one counter.
    func sign(_ messages: [Message], codec: FrameCodec) throws -> [UInt8] {
        let signing = try store.write { transaction -> (key: SigningKey, claim: Claim?, counter: UInt64)? in
            guard let key = try identity() else { return nil }
            let counter = UInt64(try store.setting(DeviceCredentials.counter) ?? "0").map { $0 + 1 } ?? 1
            try transaction.setSetting(DeviceCredentials.counter, String(counter))
            return (key, try pendingClaim(for: key), counter)
        }
        guard let (key, claim, counter) = signing else { return Body(messages).encode(with: codec) }
        let hello = codec.encode(messages[0])
        let rest = messages.dropFirst().flatMap { codec.encode($0) }
        let signature = key.sign(SignedBytes.request(counter: counter, digest: SHA256.hash(hello + rest)))
        return hello + codec.encode(.auth(Auth(counter: counter, claim: claim, signature: signature))) + rest
    }

    /// This laptop's signing key; nil for a laptop of an open relay. A store enrolled under
    /// protocol 1 has none and must enroll again.
    private func identity() throws -> SigningKey? {
        if let seed = try store.setting(DeviceCredentials.signingSeed).flatMap({ [UInt8](hex: $0) }), seed.count == SigningKey.seedBytes {
            return SigningKey(seed: seed)
        }
        for key in DeviceCredentials.formerKeys where try store.setting(key) != nil { throw SyncError.enrollAgain }
        return nil
    }

    /// The claim of this laptop's key, while the relay has not yet answered one.
    private func pendingClaim(for key: SigningKey) throws -> Claim? {
        guard let seed = try store.setting(DeviceCredentials.enrollmentSeed).flatMap({ [UInt8](hex: $0) }),
            seed.count == SigningKey.seedBytes, let relayKey = try pinnedRelayKey
        else { return nil }
        return EnrollmentCode(device: store.device, seed: seed, relayKey: relayKey).claim(for: key.publicKey)
    }

    /// Checks that a response was signed by the pinned relay key over it and the request it
    /// answers ([AUTH-5]), before anything of it is applied. A laptop of an open relay takes
    /// responses as they come.
    func authenticate(response: [UInt8], to request: [UInt8], frames: [(message: Message?, range: Range<Int>)]) throws {
        guard let relayKey = try pinnedRelayKey else { return }
        guard let last = frames.last, case .signature(let seal)? = last.message else {
            throw SyncError.forgedResponse("the response carries no signature")
        }
        let signed = SignedBytes.response(request: request, response: response[..<last.range.lowerBound])
        guard SigningKey.verify(seal.signature, of: signed, by: relayKey) else {
            throw SyncError.forgedResponse("the signature is not the relay's")
        }
    }

    /// The relay has seen a higher counter from this laptop than its store remembers (the store was
    /// restored from an older copy): the next request goes above it ([LOG-5]).
    func raiseCounter(above floor: UInt64) throws {
        try store.write { transaction in
            let current = UInt64(try store.setting(DeviceCredentials.counter) ?? "0") ?? 0
            if floor > current { try transaction.setSetting(DeviceCredentials.counter, String(floor)) }
        }
    }

    /// After the relay answered a claiming request with a signed response, the code's seed is
    /// forgotten: the relay holds this laptop's key, and the code is spent.
    func confirmClaim() throws {
        guard try store.setting(DeviceCredentials.enrollmentSeed) != nil else { return }
        try store.write { try $0.removeSetting(DeviceCredentials.enrollmentSeed) }
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
