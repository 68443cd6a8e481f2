import SnodoProtocol

/// Why a sync round failed. Transport failures are retried by the caller; a relay's typed error
/// says what to do.
package enum SyncError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The relay could not be reached or the exchange was cut; nothing is lost, retry later.
    case transport(String)
    /// The relay answered with a protocol error.
    case relay(code: UInt64, detail: String)
    /// The response could not be decoded.
    case badResponse(String)
    /// The relay kept answering "more" past the round limit.
    case tooManyRounds(Int)
    /// The relay revoked this laptop; its store has been wiped.
    case revoked
    /// The relay had seen a higher request counter than this store remembers (it was restored from
    /// a copy); the counter is raised and the round is sent again ([LOG-5]).
    case counterRaised
    /// A response not signed by the relay this laptop enrolled with (forged, or from another
    /// server): nothing of it was applied ([AUTH-5]).
    case forgedResponse(String)
    /// This laptop was enrolled under protocol 1, whose keys no relay of this version takes: it
    /// must be enrolled again with a new code.
    case enrollAgain

    package var description: String {
        switch self {
        case .transport(let reason): "relay unreachable: \(reason)"
        case .relay(let code, _) where code == ErrorCode.relayFailure.rawValue:
            "the relay failed (HTTP 500): nothing here is lost and the next sync sends it again; tell the relay's operator, whose log has the cause"
        case .relay(let code, let detail):
            "relay refused the sync (\(ErrorCode(rawValue: code).map { "\($0)" } ?? "code \(code)")): \(detail)"
        case .badResponse(let reason): "relay sent a response that is not valid Snodo protocol: \(reason)"
        case .tooManyRounds(let rounds): "sync stopped after \(rounds) rounds with more still to come; run it again"
        case .revoked: "this laptop was revoked by the relay: its store has been wiped"
        case .counterRaised: "the relay had seen newer requests from this laptop (its store was restored from a copy): sending again"
        case .forgedResponse(let reason):
            "refused a response not signed by this laptop's relay (\(reason)): nothing of it was applied; "
                + "the relay's address may be wrong, or someone answered in its place"
        case .enrollAgain:
            "this laptop was enrolled under protocol 1: ask the office for a new code (`snodo-relay enroll`) and enroll again (`snodo enroll CODE`)"
        }
    }

    /// Transport failures are worth retrying with backoff; the others need a person or an update.
    package var isRetryable: Bool {
        switch self {
        case .transport, .counterRaised: true
        // A request delivered twice in transit gets "replayed" for its second copy: the first was
        // committed, and a new request (with a new counter) is the right answer.
        // A relay's own failure (a full disk) may be mended while the laptop waits: retried, and said each time.
        case .relay(let code, _): [ErrorCode.unavailable, .replayed, .relayFailure].map(\.rawValue).contains(code)
        default: false
        }
    }
}

/// Moves a request's bytes to the relay and back: HTTP in the field, a function call in tests,
/// the simulated network in the simulator. The sync logic never does I/O itself.
package protocol SyncTransport {
    func exchange(_ request: [UInt8]) throws(SyncError) -> [UInt8]
}
