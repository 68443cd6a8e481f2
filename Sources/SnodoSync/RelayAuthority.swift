import SnodoModel
import SnodoProtocol
import SnodoStore

/// What the relay checks before it lets a request change anything, and how it signs what it
/// answers ([AUTH-1] … [AUTH-6]). It holds the relay's identity key, which lives apart from the
/// database; the database holds public keys only, so a copy of it (or of a backup) can neither
/// sign as a device, nor claim an enrollment, nor answer as the relay.
package struct RelayAuthority: Sendable {
    package let identity: SigningKey

    /// The relay whose identity key `seed` determines (`relay.key`).
    package init(identitySeed seed: [UInt8]) {
        identity = SigningKey(seed: seed)
    }

    package var publicKey: [UInt8] { identity.publicKey }

    /// Enrolls a device: its identity and scope, the public half of a one-time key made now, and
    /// the code for the laptop, which holds the seed of that key and this relay's public key. The
    /// seed is not kept here: the code is the only copy.
    package func enroll(
        _ store: Store, device: DeviceID, team: String, scope: Scope, operatorName: String?, seed: [UInt8] = SecretBytes.make(SigningKey.seedBytes)
    ) throws -> EnrollmentCode {
        var enrolled = EnrolledDevice(device: device, team: team, scope: scope, operatorName: operatorName, enrolledMillis: store.wallMillis)
        enrolled.enrollmentKey = SigningKey(seed: seed).publicKey
        try store.write { try $0.saveDevice(enrolled) }
        return EnrollmentCode(device: device, seed: seed, relayKey: publicKey, team: team, operatorName: operatorName)
    }

    /// Why a request is refused, as the relay answers it.
    package struct Refusal: Error {
        package let code: ErrorCode
        package let detail: String
        package let status: Int
        /// For a replayed request: the highest counter the relay has seen from the device ([LOG-5]).
        package var counterFloor: UInt64?
    }

    /// The one refusal a request that does not prove its device gets, whatever the reason: no
    /// AUTH, an unknown device, a wrong signature, a claim of a spent or wrong code ([AUTH-4]).
    /// Whoever sends it learns nothing of which devices or codes exist.
    package static let unauthenticated = Refusal(
        code: .unauthenticated, detail: "request not authenticated: enroll this laptop with a code from the relay's office (`snodo enroll CODE`)",
        status: 401)

    /// Checks a request; on success returns the device record as it must be saved with the commit
    /// (new counter, claim recorded). `checkingSignatures` is false only for the simulator's canary
    /// (`RelayCanary.acceptAnySignature`).
    func verify(
        _ request: ParsedRequest, body: [UInt8], frames: [(message: Message?, range: Range<Int>)], store: Store, checkingSignatures: Bool = true
    ) throws -> EnrolledDevice {
        guard let auth = request.auth else { throw RelayAuthority.unauthenticated }
        let signed = SignedBytes.request(counter: auth.counter, digest: SignedBytes.digestWithoutAuth(body, frames: frames))
        let known = try store.enrolledDevice(request.hello.device)
        let key = key(auth, device: request.hello.device, known: known)
        // The same checks run whether the device is known or not (a decoy key stands in), so the
        // time of a refusal does not tell an enrolled id from an unknown one either.
        let valid = SigningKey.verify(auth.signature, of: signed, by: key ?? RelayAuthority.decoyKey) && key != nil
        guard var device = known, valid || !checkingSignatures else { throw RelayAuthority.unauthenticated }
        if device.status == .revoked {
            throw Refusal(code: .revoked, detail: "this laptop was revoked: it must wipe its store", status: 403)
        }
        guard auth.counter > device.counter else {
            throw Refusal(
                code: .replayed, detail: "request counter \(auth.counter) was already used (a replayed request)", status: 401,
                counterFloor: device.counter)
        }
        device.counter = auth.counter
        if let key, valid {
            device.publicKey = key
            device.enrollmentKey = nil
        }
        device.status = .active
        return device
    }

    /// The key a request must be signed with: the device's own; on a claim, the key claimed, if
    /// the enrollment code's one-time key signed it and no other key was claimed before (the same
    /// key claimed again is a laptop whose first answer was lost).
    private func key(_ auth: Auth, device id: DeviceID, known: EnrolledDevice?) -> [UInt8]? {
        guard let claim = auth.claim else { return known?.publicKey }
        let claimed = SigningKey.verify(
            claim.signature, of: SignedBytes.claim(device: id, publicKey: claim.publicKey), by: known?.enrollmentKey ?? RelayAuthority.decoyKey)
        if let held = known?.publicKey { return held == claim.publicKey ? held : nil }
        return claimed && known?.enrollmentKey != nil ? claim.publicKey : nil
    }

    /// A public key no device holds, checked against when the device is unknown.
    static let decoyKey = SigningKey(seed: [UInt8](repeating: 0x5A, count: SigningKey.seedBytes)).publicKey

    /// The SIGNATURE frame that ends a response to `request` ([AUTH-5]).
    func seal(_ response: [UInt8], answering request: [UInt8], codec: FrameCodec) -> [UInt8] {
        let signature = identity.sign(SignedBytes.response(request: request, response: response))
        return codec.encode(.signature(ResponseSignature(signature: signature)))
    }
}
