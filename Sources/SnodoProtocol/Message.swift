import SnodoModel

/// The protocol versions this build speaks ([HELLO-3]).
package enum ProtocolVersion {
    /// Version 2 signs both directions with Ed25519 ([AUTH-1]…[AUTH-6]); a laptop of version 1
    /// is told to enroll again ([HELLO-3]).
    package static let min: UInt64 = 2
    package static let max: UInt64 = 2
}

/// Frame kinds ([FRAME-2]). Kinds 0x40 and above are extensions that a receiver which does not
/// know them skips ([FRAME-6]); an unknown kind below 0x40 is an error.
package enum FrameKind: UInt8, Sendable, CaseIterable {
    case hello = 0x01
    case auth = 0x02
    case changes = 0x03
    case pull = 0x04
    case ack = 0x05
    case end = 0x06
    case error = 0x07
    case scope = 0x08
    case rejected = 0x09
    // Extensions ([LOG-1]…[LOG-5]): a peer that does not know them skips them and syncs as before.
    case mark = 0x50
    case state = 0x51
    case rewind = 0x52
    case ackState = 0x53
    case counterFloor = 0x54
    case returned = 0x55
    // Extensions ([PROF-1], [PROF-2]): the programme profile a relay distributes.
    case profileHave = 0x56
    case profile = 0x57
    // The relay's signature, last in every response ([AUTH-5]). An extension kind so that a peer
    // of version 1 skips it and reads the error telling it to enroll again.
    case signature = 0x58

    package static let firstIgnorable: UInt8 = 0x40
}

/// Opens every body: who speaks, which versions, and its clock ([HELLO-1]).
package struct Hello: Equatable, Sendable {
    package var protocolMin: UInt64
    package var protocolMax: UInt64
    package var schemaVersion: UInt64
    /// Capability bits; unknown bits are ignored ([HELLO-4]).
    package var capabilities: UInt64
    package var device: DeviceID
    /// The sender's hybrid clock when it wrote the body ([HELLO-5]).
    package var clock: HLC

    package init(
        protocolMin: UInt64 = ProtocolVersion.min, protocolMax: UInt64 = ProtocolVersion.max, schemaVersion: UInt64,
        capabilities: UInt64 = 0, device: DeviceID, clock: HLC
    ) {
        self.protocolMin = protocolMin
        self.protocolMax = protocolMax
        self.schemaVersion = schemaVersion
        self.capabilities = capabilities
        self.device = device
        self.clock = clock
    }
}

/// Binds a request to the device's key ([AUTH-1]): a counter that only grows, the claim on a
/// device's first requests, and the device's signature over the rest of the body ([AUTH-2]).
package struct Auth: Equatable, Sendable {
    package var counter: UInt64
    /// Present until the relay has answered a claim ([AUTH-3]).
    package var claim: Claim?
    package var signature: [UInt8]

    package init(counter: UInt64, claim: Claim? = nil, signature: [UInt8]) {
        precondition(signature.count == SigningKey.signatureBytes)
        self.counter = counter
        self.claim = claim
        self.signature = signature
    }
}

/// A laptop's public key, signed with the one-time key of its enrollment code ([AUTH-3]).
package struct Claim: Equatable, Sendable {
    package var publicKey: [UInt8]
    package var signature: [UInt8]

    package init(publicKey: [UInt8], signature: [UInt8]) {
        precondition(publicKey.count == SigningKey.publicKeyBytes && signature.count == SigningKey.signatureBytes)
        self.publicKey = publicKey
        self.signature = signature
    }
}

/// SIGNATURE (`0x58`): the relay's signature over its response and the request it answers ([AUTH-5]).
package struct ResponseSignature: Equatable, Sendable {
    package var signature: [UInt8]

    package init(signature: [UInt8]) {
        precondition(signature.count == SigningKey.signatureBytes)
        self.signature = signature
    }
}

/// The relay tells a device its scope in every response ([SCOPE-1]).
package struct ScopeGrant: Equatable, Sendable {
    package var epoch: UInt64
    package var role: String
    package var leaseDays: UInt64
    package var districts: [String]

    package init(epoch: UInt64, role: String, leaseDays: UInt64, districts: [String]) {
        self.epoch = epoch
        self.role = role
        self.leaseDays = leaseDays
        self.districts = districts.sorted()
    }
}

/// Records whose changes the relay refused, and why ([REJ-1]).
package struct Rejection: Equatable, Sendable {
    package enum Reason: UInt64, Sendable {
        case outOfScope = 1
        case roleMayNotWrite = 2
        /// A kind the relay's schema does not define: it cannot judge who may write it, so no one may.
        case unknownKind = 3
    }

    package var reason: UInt64
    package var records: [RecordID]

    package init(reason: Reason, records: [RecordID]) {
        self.reason = reason.rawValue
        self.records = Array(Set(records)).sorted()
    }

    package init(rawReason: UInt64, records: [RecordID]) {
        reason = rawReason
        self.records = records
    }
}

/// A batch of changes from the sender's feed ([CHG-1]): every change it has with a change number
/// up to `through` that the receiver lacks, so the receiver acknowledges `through` once committed.
package struct ChangeBatch: Equatable, Sendable {
    package var through: UInt64
    package var changes: [Change]

    package init(through: UInt64, changes: [Change]) {
        self.through = through
        self.changes = changes
    }
}

/// The device asks for the relay's changes after `cursor` ([PULL-1]).
package struct Pull: Equatable, Sendable {
    package var cursor: UInt64
    /// Largest response body the device wants, 0 for the relay's default ([PULL-2]).
    package var responseBytesMax: UInt64
    /// How many of its changes the device holds back for a later round ([PULL-3]).
    package var unsent: UInt64
    /// The scope epoch the cursor belongs to; a different one restarts the feed ([PULL-4]).
    package var scopeEpoch: UInt64

    package init(cursor: UInt64, responseBytesMax: UInt64 = 0, unsent: UInt64 = 0, scopeEpoch: UInt64 = 0) {
        self.cursor = cursor
        self.responseBytesMax = responseBytesMax
        self.unsent = unsent
        self.scopeEpoch = scopeEpoch
    }
}

/// The receiver has durably committed the sender's changes through `through` ([ACK-1]).
package struct Ack: Equatable, Sendable {
    package var through: UInt64
    package init(through: UInt64) { self.through = through }
}

/// Closes a response ([END-1]): the cursor to ask from next time, and whether more is waiting.
package struct End: Equatable, Sendable {
    package var cursor: UInt64
    package var more: Bool
    package init(cursor: UInt64, more: Bool) {
        self.cursor = cursor
        self.more = more
    }
}

/// Typed errors a peer reports ([ERR-1]). The detail never carries personal data.
package enum ErrorCode: UInt64, Sendable, CaseIterable {
    case malformed = 1
    case unsupportedVersion = 2
    case unauthenticated = 3
    case replayed = 4
    case unknownDevice = 5
    case revoked = 6
    case outOfScope = 7
    case tooLarge = 8
    case unavailable = 9
    /// The relay failed for a reason of its own (a full disk, a damaged file, a bug); its operator
    /// has a log line. Retried later, and reported to the person at the laptop.
    case relayFailure = 10
}

package struct ErrorMessage: Equatable, Sendable {
    /// The code; an unknown code is kept as its number ([ERR-2]).
    package var code: UInt64
    package var detail: String

    package init(code: ErrorCode, detail: String) {
        self.code = code.rawValue
        self.detail = detail
    }

    package init(rawCode: UInt64, detail: String) {
        code = rawCode
        self.detail = detail
    }

    package var knownCode: ErrorCode? { ErrorCode(rawValue: code) }
}

/// One protocol message: the payload of one frame.
package enum Message: Equatable, Sendable {
    case hello(Hello)
    case auth(Auth)
    case changes(ChangeBatch)
    case pull(Pull)
    case ack(Ack)
    case end(End)
    case error(ErrorMessage)
    case scope(ScopeGrant)
    case rejected(Rejection)
    case mark(LogMark)
    case state(SyncState)
    case rewind(Rewind)
    case ackState(AckState)
    case counterFloor(CounterFloor)
    /// Changes a device received from the relay, given back to a relay restored from an older
    /// copy ([LOG-4]); the payload is a CHANGES payload.
    case returned(ChangeBatch)
    /// The revision of the programme profile a device holds, just before PULL ([PROF-1]).
    case profileHave(ProfileHave)
    /// The relay's programme profile, to a device that holds another revision ([PROF-2]).
    case profile(ProfileGrant)
    /// The relay's signature, the last frame of its response ([AUTH-5]).
    case signature(ResponseSignature)

    package var kind: FrameKind {
        switch self {
        case .hello: .hello
        case .auth: .auth
        case .changes: .changes
        case .pull: .pull
        case .ack: .ack
        case .end: .end
        case .error: .error
        case .scope: .scope
        case .rejected: .rejected
        case .mark: .mark
        case .state: .state
        case .rewind: .rewind
        case .ackState: .ackState
        case .counterFloor: .counterFloor
        case .returned: .returned
        case .profileHave: .profileHave
        case .profile: .profile
        case .signature: .signature
        }
    }
}
