import SnodoModel

/// The protocol versions this build speaks ([HELLO-3]).
public enum ProtocolVersion {
    public static let min: UInt64 = 1
    public static let max: UInt64 = 1
}

/// Frame kinds ([FRAME-2]). Kinds 0x40 and above are extensions that a receiver which does not
/// know them skips ([FRAME-6]); an unknown kind below 0x40 is an error.
public enum FrameKind: UInt8, Sendable, CaseIterable {
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

    public static let firstIgnorable: UInt8 = 0x40
}

/// Opens every body: who speaks, which versions, and its clock ([HELLO-1]).
public struct Hello: Equatable, Sendable {
    public var protocolMin: UInt64
    public var protocolMax: UInt64
    public var schemaVersion: UInt64
    /// Capability bits; unknown bits are ignored ([HELLO-4]).
    public var capabilities: UInt64
    public var device: DeviceID
    /// The sender's hybrid clock when it wrote the body ([HELLO-5]).
    public var clock: HLC

    public init(
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

/// Binds a request to the device's secret ([AUTH-1]): a counter that only grows, the claim nonce
/// on a device's first request, and a MAC over the whole body ([AUTH-2]).
public struct Auth: Equatable, Sendable {
    public static let macBytes = 32
    public static let nonceBytes = 16
    public var counter: UInt64
    /// Present only on the request that claims an enrollment ([AUTH-3]).
    public var claimNonce: [UInt8]?
    public var mac: [UInt8]

    public init(counter: UInt64, claimNonce: [UInt8]? = nil, mac: [UInt8]) {
        precondition(mac.count == Auth.macBytes && (claimNonce?.count ?? Auth.nonceBytes) == Auth.nonceBytes)
        self.counter = counter
        self.claimNonce = claimNonce
        self.mac = mac
    }
}

/// The relay tells a device its scope in every response ([SCOPE-1]).
public struct ScopeGrant: Equatable, Sendable {
    public var epoch: UInt64
    public var role: String
    public var leaseDays: UInt64
    public var districts: [String]

    public init(epoch: UInt64, role: String, leaseDays: UInt64, districts: [String]) {
        self.epoch = epoch
        self.role = role
        self.leaseDays = leaseDays
        self.districts = districts.sorted()
    }
}

/// Records whose changes the relay refused, and why ([REJ-1]).
public struct Rejection: Equatable, Sendable {
    public enum Reason: UInt64, Sendable {
        case outOfScope = 1
        case roleMayNotWrite = 2
        /// A kind the relay's schema does not define: it cannot judge who may write it, so no one may.
        case unknownKind = 3
    }

    public var reason: UInt64
    public var records: [RecordID]

    public init(reason: Reason, records: [RecordID]) {
        self.reason = reason.rawValue
        self.records = Array(Set(records)).sorted()
    }

    public init(rawReason: UInt64, records: [RecordID]) {
        reason = rawReason
        self.records = records
    }
}

/// A batch of changes from the sender's feed ([CHG-1]): every change it has with a change number
/// up to `through` that the receiver lacks, so the receiver acknowledges `through` once committed.
public struct ChangeBatch: Equatable, Sendable {
    public var through: UInt64
    public var changes: [Change]

    public init(through: UInt64, changes: [Change]) {
        self.through = through
        self.changes = changes
    }
}

/// The device asks for the relay's changes after `cursor` ([PULL-1]).
public struct Pull: Equatable, Sendable {
    public var cursor: UInt64
    /// Largest response body the device wants, 0 for the relay's default ([PULL-2]).
    public var responseBytesMax: UInt64
    /// How many of its changes the device holds back for a later round ([PULL-3]).
    public var unsent: UInt64
    /// The scope epoch the cursor belongs to; a different one restarts the feed ([PULL-4]).
    public var scopeEpoch: UInt64

    public init(cursor: UInt64, responseBytesMax: UInt64 = 0, unsent: UInt64 = 0, scopeEpoch: UInt64 = 0) {
        self.cursor = cursor
        self.responseBytesMax = responseBytesMax
        self.unsent = unsent
        self.scopeEpoch = scopeEpoch
    }
}

/// The receiver has durably committed the sender's changes through `through` ([ACK-1]).
public struct Ack: Equatable, Sendable {
    public var through: UInt64
    public init(through: UInt64) { self.through = through }
}

/// Closes a response ([END-1]): the cursor to ask from next time, and whether more is waiting.
public struct End: Equatable, Sendable {
    public var cursor: UInt64
    public var more: Bool
    public init(cursor: UInt64, more: Bool) {
        self.cursor = cursor
        self.more = more
    }
}

/// Typed errors a peer reports ([ERR-1]). The detail never carries personal data.
public enum ErrorCode: UInt64, Sendable, CaseIterable {
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

public struct ErrorMessage: Equatable, Sendable {
    /// The code; an unknown code is kept as its number ([ERR-2]).
    public var code: UInt64
    public var detail: String

    public init(code: ErrorCode, detail: String) {
        self.code = code.rawValue
        self.detail = detail
    }

    public init(rawCode: UInt64, detail: String) {
        code = rawCode
        self.detail = detail
    }

    public var knownCode: ErrorCode? { ErrorCode(rawValue: code) }
}

/// One protocol message: the payload of one frame.
public enum Message: Equatable, Sendable {
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

    public var kind: FrameKind {
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
        }
    }
}
