// The fleet simulator: the real store, sync engine and relay through simulated days of faulty
// field work, deterministically from a seed. Thin: parse the arguments, run, print.
import Foundation
import SnodoCommandLine
import SnodoSimulator

exit(SimCommand.main(Array(CommandLine.arguments.dropFirst())))
