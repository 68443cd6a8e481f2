import Foundation
import SnodoCommandLine

/// `snodo-relay console-user add | remove | list`: who may log in to the coordinator's console.
/// The password is read from a file (`--password-file`, its first line) or from standard input,
/// never from the command line, where `ps` and the shell's history would show it.
enum ConsoleUserCommands {
    static var commands: [Command] { [add, remove, list] }

    static func folder(_ arguments: Arguments) -> String { arguments.value("store") ?? RelayCommands.defaultFolder }

    static let addSpec = CommandSpec(
        path: "snodo-relay console-user add", usage: "snodo-relay console-user add NAME [--password-file FILE] [--store DIR]",
        summary: tr(
            "aggiunge chi può entrare nella console del coordinatore (o gli dà una nuova password)",
            en: "add who may log in to the coordinator's console (or give them a new password)"),
        valueOptions: ["store", "password-file"],
        details: [
            tr(
                "La password (almeno \(ConsoleAccounts.passwordCharactersMin) caratteri) si legge dalla prima riga di --password-file o dallo standard input.",
                en: "The password (at least \(ConsoleAccounts.passwordCharactersMin) characters) is read from --password-file's first line or standard input.")
        ], positionals: 1...1)

    static let add = Command(spec: addSpec) { arguments, _ in
        let name = arguments.positionals[0]
        guard name.count <= 64, name.allSatisfy({ $0.isLetter || $0.isNumber || "._-".contains($0) }) else {
            throw addSpec.usageError(
                tr(
                    "nome non valido (accettati: lettere, cifre, . _ -, al più 64)",
                    en: "malformed name (accepted: letters, digits, . _ -, at most 64)"))
        }
        let password = try readPassword(arguments)
        guard password.count >= ConsoleAccounts.passwordCharactersMin else {
            throw addSpec.usageError(
                tr(
                    "password troppo corta (almeno \(ConsoleAccounts.passwordCharactersMin) caratteri)",
                    en: "password too short (at least \(ConsoleAccounts.passwordCharactersMin) characters)"))
        }
        try ConsoleAccounts(folder: folder(arguments)).setUser(name, password: password)
        Output.line(tr("\(name) può entrare nella console", en: "\(name) may log in to the console"))
    }

    static func readPassword(_ arguments: Arguments) throws -> String {
        let text: String?
        if let path = arguments.value("password-file") {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw CommandError.failure(tr("impossibile leggere \(path)", en: "cannot read \(path)"))
            }
            text = String(data: data, encoding: .utf8)
        } else {
            text = readLine(strippingNewline: true)
        }
        return text.flatMap { $0.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) } ?? ""
    }

    static let remove = Command(
        spec: CommandSpec(
            path: "snodo-relay console-user remove", usage: "snodo-relay console-user remove NAME [--store DIR]",
            summary: tr("toglie l'accesso alla console (e chiude le sue sessioni)", en: "take away console access (and close its sessions)"),
            valueOptions: ["store"], positionals: 1...1)
    ) { arguments, _ in
        let name = arguments.positionals[0]
        guard try ConsoleAccounts(folder: folder(arguments)).removeUser(name) else {
            throw CommandError.failure(tr("\(name) non è un utente della console", en: "\(name) is not a console user"))
        }
        Output.line(tr("\(name) non può più entrare nella console", en: "\(name) may no longer log in to the console"))
    }

    static let list = Command(
        spec: CommandSpec(
            path: "snodo-relay console-user list", usage: "snodo-relay console-user list [--store DIR]",
            summary: tr("chi può entrare nella console", en: "who may log in to the console"), valueOptions: ["store"])
    ) { arguments, _ in
        let users = try ConsoleAccounts(folder: folder(arguments)).users()
        Output.line(users.isEmpty ? tr("nessun utente della console", en: "no console users") : users.joined(separator: "\n"))
    }
}
