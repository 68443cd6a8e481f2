import Foundation
import SnodoSync

/// Group commit at the relay: requests that reach it while it merges others wait together, and
/// the next worker to take the writer judges all of them in one transaction with one fsync, at
/// most `groupMax` at a time (so a request waits for the group before its own at most). Each
/// request is answered only after the commit that holds it. Its response is then built outside the
/// writer's lock, on a read connection of the worker's own (a WAL reader sees every commit made
/// before it begins), so that responses being built hold up neither the next group nor each other.
package final class RelayPipeline: Sendable {
    /// The relay's writer: judges and commits; the console and the metrics read through it too.
    package let writer: Locked<RelayService>
    private let waiting = Locked<[Ticket]>([])
    private let readers = ReaderPool()
    let groupMax: Int

    private let decode: @Sendable ([UInt8]) -> DecodedRequest

    package init(service: sending RelayService, groupMax: Int = 32) {
        decode = service.decoder
        writer = Locked(service)
        self.groupMax = max(1, groupMax)
    }

    /// Answers one request: decoded by the worker, judged in the next group, answered from a reader.
    package func handle(_ request: [UInt8]) -> RelayReply {
        let judgement = judge(decode(request))
        guard let reader = readers.take(opening: { try writer.withLock { try $0.reader() } }) else {
            // No reader could be opened (descriptors exhausted, say): the writer answers.
            return writer.withLock { $0.respond(to: judgement, answering: request) }
        }
        defer { readers.put(reader) }
        return reader.withService { $0.respond(to: judgement, answering: request) }
    }

    /// Waits for the request's group to be judged and committed, leading it if no one else does.
    private func judge(_ request: DecodedRequest) -> Judgement {
        let ticket = Ticket(request)
        waiting.withLock { $0.append(ticket) }
        return writer.withLock { service -> Judgement in
            // The worker that held the writer before may have judged this request in its group.
            while true {
                if let judged = ticket.judgement.withLock({ $0 }) { return judged }
                let group = waiting.withLock { queue -> [Ticket] in
                    let taken = Array(queue.prefix(groupMax))
                    queue.removeFirst(taken.count)
                    return taken
                }
                precondition(!group.isEmpty, "a request neither judged nor waiting")
                for (waiter, judgement) in zip(group, service.judge(together: group.map(\.request))) {
                    waiter.judgement.withLock { $0 = judgement }
                }
            }
        }
    }

    /// One request waiting for its group, and what its group made of it.
    private final class Ticket: Sendable {
        let request: DecodedRequest
        let judgement = Locked<Judgement?>(nil)
        init(_ request: DecodedRequest) { self.request = request }
    }
}

/// The read connections that build responses, opened when first needed and kept: at most one per
/// worker, since each is taken for one response at a time.
private final class ReaderPool: Sendable {
    private let idle = Locked<[Reader]>([])

    func take(opening open: () throws -> sending RelayService) -> Reader? {
        if let reader = idle.withLock({ $0.popLast() }) { return reader }
        guard let service = try? open() else { return nil }
        return Reader(service)
    }

    func put(_ reader: Reader) {
        idle.withLock { $0.append(reader) }
    }
}

/// A reader's relay service, used by one worker at a time (the pool hands it to one taker).
private final class Reader: Sendable {
    private let service: Locked<RelayService>
    init(_ service: sending RelayService) { self.service = Locked(service) }

    func withService<T: Sendable>(_ body: (RelayService) -> T) -> T {
        service.withLock { body($0) }
    }
}
