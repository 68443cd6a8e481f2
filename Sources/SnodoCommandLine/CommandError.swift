/// How a command failed, which decides the exit status: 64 (EX_USAGE) for input the command does
/// not accept, 1 for a failure while carrying out valid input.
package enum CommandError: Error, Sendable {
    /// Bad arguments: what was wrong, what is accepted, and the usage line of the command.
    case usage(String, usageLine: String)
    /// A valid request that could not be carried out.
    case failure(String)

    package var exitStatus: Int32 {
        switch self {
        case .usage: 64
        case .failure: 1
        }
    }
}
