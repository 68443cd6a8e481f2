// The field laptop's command. Thin: parse the arguments, call the library, print.
import Foundation
import SnodoCommandLine

import SnodoStore

// Everything this process writes (the store, its WAL, backups) is for this user only.
OwnerOnly.restrictNewFiles()
// A parent may have started us with SIGTERM and SIGINT blocked (a thread of a test runner or a
// supervisor does): unblock them, so that Ctrl-C and `systemctl stop` end `snodo sync --every`.
var stopSignals = sigset_t()
sigemptyset(&stopSignals)
sigaddset(&stopSignals, SIGTERM)
sigaddset(&stopSignals, SIGINT)
pthread_sigmask(SIG_UNBLOCK, &stopSignals, nil)
exit(Root.main(Array(CommandLine.arguments.dropFirst())))
