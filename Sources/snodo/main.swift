// The field laptop's command. Thin: parse the arguments, call the library, print.
import Foundation
import SnodoCommandLine

exit(Root.main(Array(CommandLine.arguments.dropFirst())))
