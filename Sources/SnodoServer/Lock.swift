import Foundation
import Synchronization

/// A value behind the standard library's `Mutex`, shared by reference: the few pieces of state
/// the server's threads share, captured by their closures (a `Mutex` itself cannot be).
package final class Locked<Value>: Sendable {
    private let mutex: Mutex<Value>

    package init(_ value: sending Value) { mutex = Mutex(value) }

    package func withLock<T, E: Error>(_ body: (inout sending Value) throws(E) -> sending T) throws(E) -> sending T {
        try mutex.withLock(body)
    }
}

/// Connections waiting for a worker: a queue that blocks takers until work or shutdown. Its
/// state is guarded by an `NSCondition`, which takers wait on (a `Mutex` cannot be waited on).
final class WorkQueue<Item>: @unchecked Sendable {
    private var items: [Item] = []
    private var head = 0
    private var closed = false
    private let condition = NSCondition()

    func put(_ item: Item) {
        condition.lock()
        items.append(item)
        condition.signal()
        condition.unlock()
    }

    /// The next item, or nil once the queue is closed and empty.
    func take() -> Item? {
        condition.lock()
        defer { condition.unlock() }
        while head == items.count && !closed { condition.wait() }
        guard head < items.count else { return nil }
        let item = items[head]
        head += 1
        if head > 1024 && head * 2 > items.count {
            items.removeFirst(head)
            head = 0
        }
        return item
    }

    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }
}
