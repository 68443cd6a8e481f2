import SnodoModel
import SnodoProtocol
import SnodoStore

/// What the relay checks before it lets a request change anything: the device is enrolled and
/// not revoked, the MAC is right, the counter is new ([AUTH-1] … [AUTH-4]). It holds the master
/// key from which every device key is derived; the database holds no device secret.
package struct RelayAuthority: Sendable {
    package let masterKey: [UInt8]

    package init(masterKey: [UInt8]) {
        precondition(masterKey.count == 32)
        self.masterKey = masterKey
    }

    /// Enrolls a device: its identity, scope and a one-time code for the laptop.
    package func enroll(_ store: Store, device: DeviceID, team: String, scope: Scope, operatorName: String?) throws -> EnrollmentCode {
        try store.write { transaction in
            try transaction.saveDevice(
                EnrolledDevice(device: device, team: team, scope: scope, operatorName: operatorName, enrolledMillis: store.wallMillis))
        }
        return EnrollmentCode(device: device, key: DeviceKeys.enrollmentKey(master: masterKey, device: device), team: team, operatorName: operatorName)
    }

    /// Why a request is refused, as the relay answers it.
    package struct Refusal: Error {
        package let code: ErrorCode
        package let detail: String
        package let status: Int
        /// For a replayed request: the highest counter the relay has seen from the device ([LOG-5]).
        package var counterFloor: UInt64?
    }

    /// Checks a request; on success returns the device record as it must be saved with the commit
    /// (new counter, claim recorded).
    /// `checkingMAC` is false only for the simulator's canary (`RelayCanary.acceptAnyMAC`).
    func verify(
        _ request: ParsedRequest, body: [UInt8], frames: [(message: Message?, range: Range<Int>)], store: Store,
        checkingMAC: Bool = true
    ) throws -> EnrolledDevice {
        guard let auth = request.auth else {
            throw Refusal(code: .unauthenticated, detail: "this relay accepts only enrolled laptops: run `snodo enroll CODE` first", status: 401)
        }
        guard var device = try store.enrolledDevice(request.hello.device) else {
            throw Refusal(code: .unknownDevice, detail: "device \(request.hello.device.hex) is not enrolled at this relay", status: 401)
        }
        let nonce: [UInt8]
        switch (auth.claimNonce, device.claimNonce) {
        case (let claimed?, nil): nonce = claimed
        case (let claimed?, let stored?) where claimed == stored: nonce = claimed
        case (_?, _?): throw Refusal(code: .unauthenticated, detail: "this enrollment code was already used by another laptop", status: 401)
        case (nil, let stored?): nonce = stored
        case (nil, nil): throw Refusal(code: .unauthenticated, detail: "the first request of an enrolled laptop must claim its enrollment", status: 401)
        }
        let key = DeviceKeys.claimedKey(enrollmentKey: DeviceKeys.enrollmentKey(master: masterKey, device: device.device), nonce: nonce)
        let expected = RequestMAC.compute(
            key: key, counter: auth.counter, claimNonce: auth.claimNonce, signedBytes: RequestMAC.signedBytes(body, frames: frames))
        guard HMACSHA256.equal(expected, auth.mac) || !checkingMAC else {
            throw Refusal(code: .unauthenticated, detail: "the request's MAC does not match this device's key", status: 401)
        }
        if device.status == .revoked {
            throw Refusal(code: .revoked, detail: "this laptop was revoked: it must wipe its store", status: 403)
        }
        guard auth.counter > device.counter else {
            throw Refusal(
                code: .replayed, detail: "request counter \(auth.counter) was already used (a replayed request)", status: 401,
                counterFloor: device.counter)
        }
        device.counter = auth.counter
        device.claimNonce = nonce
        device.status = .active
        return device
    }
}
