import Dispatch

/// The serial executor a replica's actor runs on: a queue of its own, so that a sync waiting on
/// the network blocks this queue's thread and never one of the cooperative pool's few threads.
final class ReplicaExecutor: SerialExecutor {
    private let queue = DispatchQueue(label: "snodo.replica")

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedSerialExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }
}
