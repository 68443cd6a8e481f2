import Synchronization

/// What changed on a replica, for an app to refresh what it shows.
public struct ReplicaChange: Hashable, Sendable {
    public enum Origin: Hashable, Sendable {
        /// Written through this replica.
        case local
        /// Received from the relay in a sync.
        case sync
    }

    public let origin: Origin
    /// The records with a new value (or erased).
    public let records: Set<RecordIdentifier>
}

/// The streams of everyone observing one replica.
final class ChangeFeed: Sendable {
    private let observers = Mutex<[Int: AsyncStream<ReplicaChange>.Continuation]>([:])
    private let nextObserver = Mutex(0)

    func stream() -> AsyncStream<ReplicaChange> {
        let (stream, continuation) = AsyncStream.makeStream(of: ReplicaChange.self)
        let id = nextObserver.withLock { next in
            next += 1
            return next
        }
        continuation.onTermination = { [weak self] _ in _ = self?.observers.withLock { $0.removeValue(forKey: id) } }
        observers.withLock { $0[id] = continuation }
        return stream
    }

    func publish(_ change: ReplicaChange) {
        guard !change.records.isEmpty else { return }
        observers.withLock { observers in
            for continuation in observers.values { continuation.yield(change) }
        }
    }

    func finish() {
        observers.withLock { observers in
            for continuation in observers.values { continuation.finish() }
            observers.removeAll()
        }
    }
}
