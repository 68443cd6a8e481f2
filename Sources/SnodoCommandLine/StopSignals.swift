#if canImport(Glibc)
    import Glibc
#endif

/// SIGTERM and SIGINT, which end a command (`snodo sync --every`, `snodo-relay serve`).
package enum StopSignals {
    /// A parent may have started this process with them blocked (a thread of a test runner or a
    /// supervisor does, and children inherit the mask): unblock them, or they would never arrive.
    package static func unblock() {
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGTERM)
        sigaddset(&signals, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &signals, nil)
    }

    nonisolated(unsafe) static var descriptor: Int32 = -1

    /// SIGTERM and SIGINT write one byte to `fd` (a server's stop pipe): the only async-signal-safe
    /// way to reach a server from a handler.
    package static func writeByte(to fd: Int32) {
        descriptor = fd
        let handler: @convention(c) (Int32) -> Void = { _ in
            var byte: UInt8 = 1
            _ = write(StopSignals.descriptor, &byte, 1)
        }
        signal(SIGTERM, handler)
        signal(SIGINT, handler)
        unblock()
    }
}
