// The field laptop's command. Thin: parse the arguments, call the library, print.
import Foundation
import SnodoCommandLine

import SnodoStore

// Everything this process writes (the store, its WAL, backups) is for this user only.
OwnerOnly.restrictNewFiles()
exit(Root.main(Array(CommandLine.arguments.dropFirst())))
