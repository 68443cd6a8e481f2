import Foundation
#if canImport(Glibc)
    import Glibc
#endif
import SnodoCommandLine

/// Where the operator's passphrase comes from: a file for scripts and tests (`SNODO_PASSPHRASE_FILE`,
/// owner-only, its first line), else the terminal, without echo. Never an argument: `ps` and the
/// shell's history would show it.
enum Passphrase {
    static let charactersMin = 10

    /// The passphrase of `SNODO_PASSPHRASE_FILE`, nil when it is not set.
    static func fromFile() throws -> String? {
        guard let path = ProcessInfo.processInfo.environment["SNODO_PASSPHRASE_FILE"], !path.isEmpty else { return nil }
        var info = stat()
        guard stat(path, &info) == 0, let data = FileManager.default.contents(atPath: path) else {
            throw CommandError.failure(tr("impossibile leggere SNODO_PASSPHRASE_FILE (\(path))", en: "cannot read SNODO_PASSPHRASE_FILE (\(path))"))
        }
        guard info.st_mode & 0o077 == 0 else {
            throw CommandError.failure(
                tr(
                    "\(path) è leggibile da altri: la frase segreta vuole un file solo del suo proprietario (chmod 600)",
                    en: "\(path) is readable by others: a passphrase file must be its owner's only (chmod 600)"))
        }
        return String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? ""
    }

    /// Asks on the terminal with echo off; nil when there is no terminal.
    static func ask(_ prompt: String) -> String? {
        let tty = open("/dev/tty", O_RDWR)
        guard tty >= 0 else { return nil }
        defer { close(tty) }
        var saved = termios()
        guard tcgetattr(tty, &saved) == 0 else { return nil }
        var quiet = saved
        quiet.c_lflag &= ~tcflag_t(ECHO)
        _ = tcsetattr(tty, TCSAFLUSH, &quiet)
        defer {
            _ = tcsetattr(tty, TCSAFLUSH, &saved)
            _ = write(tty, "\n", 1)
        }
        _ = prompt.withCString { write(tty, $0, strlen($0)) }
        var line: [UInt8] = []
        var byte: UInt8 = 0
        while read(tty, &byte, 1) == 1, byte != 10 { line.append(byte) }
        return String(decoding: line, as: UTF8.self)
    }

    /// The passphrase to open an existing store with.
    static func toOpen() throws -> String {
        if let text = try fromFile() { return text }
        guard let text = ask(tr("Frase segreta dell'archivio: ", en: "Store passphrase: ")) else {
            throw CommandError.failure(
                tr(
                    "l'archivio è bloccato: `snodo unlock` da un terminale, o SNODO_PASSPHRASE_FILE per uno script",
                    en: "the store is locked: `snodo unlock` from a terminal, or SNODO_PASSPHRASE_FILE for a script"))
        }
        return text
    }

    /// A new passphrase, asked twice on a terminal; long enough to resist guessing.
    static func toCreate() throws -> String {
        let text: String
        if let fromFile = try fromFile() {
            text = fromFile
        } else {
            guard
                let first = ask(tr("Nuova frase segreta (almeno \(charactersMin) caratteri): ", en: "New passphrase (at least \(charactersMin) characters): ")),
                let second = ask(tr("Ripeterla: ", en: "Repeat it: "))
            else {
                throw CommandError.failure(
                    tr(
                        "serve una frase segreta per l'archivio: da un terminale, o SNODO_PASSPHRASE_FILE per uno script",
                        en: "the store needs a passphrase: from a terminal, or SNODO_PASSPHRASE_FILE for a script"))
            }
            guard first == second else {
                throw CommandError.failure(tr("le due frasi non coincidono: nulla è stato creato", en: "the two passphrases differ: nothing was created"))
            }
            text = first
        }
        guard text.count >= charactersMin else {
            throw CommandError.failure(
                tr("frase segreta troppo corta (almeno \(charactersMin) caratteri)", en: "passphrase too short (at least \(charactersMin) characters)"))
        }
        return text
    }
}
