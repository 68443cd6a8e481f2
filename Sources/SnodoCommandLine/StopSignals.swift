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
}
