// The field laptop's command. Thin: parse the arguments, call the library, print.
import Foundation
import SnodoCommandLine

import SnodoStore

// Everything this process writes (the store, its WAL, backups) is for this user only.
OwnerOnly.restrictNewFiles()
// Ctrl-C and `systemctl stop` end `snodo sync --every`, whatever mask the parent left.
StopSignals.unblock()
exit(Root.main(Array(CommandLine.arguments.dropFirst())))
