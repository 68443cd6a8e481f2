// The central relay: serves sync over HTTP, reports on devices, takes backups. Thin: parse the
// arguments, call the library, print.
import Foundation

import SnodoStore

// Everything this process writes (the store, its WAL, the key, backups) is for this user only.
OwnerOnly.restrictNewFiles()
exit(RelayCommands.tree.main(Array(CommandLine.arguments.dropFirst())) { _ in () })
