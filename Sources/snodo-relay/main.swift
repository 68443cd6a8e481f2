// The central relay: serves sync over HTTP, reports on devices, takes backups. Thin: parse the
// arguments, call the library, print.
import Foundation

exit(RelayCommands.tree.main(Array(CommandLine.arguments.dropFirst())) { _ in () })
