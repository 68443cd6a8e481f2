import Foundation
import SnodoCommandLine
import SnodoModel
import SnodoStore

/// `snodo unlock`, `snodo lock`, `snodo passphrase`: the sealed store's key for a login session.
enum VaultCommands {
    static var commands: [Command] { [unlock, lock, passphrase, agent] }

    static let unlockSpec = CommandSpec(
        path: "snodo unlock", usage: "snodo unlock [--idle-minutes N]",
        summary: tr(
            "sblocca l'archivio per questa sessione: i comandi non chiedono più la frase segreta",
            en: "unlock the store for this session: commands no longer ask for the passphrase"),
        valueOptions: ["idle-minutes"],
        details: [
            tr(
                "Si blocca da solo dopo --idle-minutes minuti senza uso (predefinito 30), con `snodo lock`, o alla fine della sessione.",
                en: "It locks itself after --idle-minutes minutes without use (default 30), with `snodo lock`, or at the end of the session.")
        ])

    static let unlock = Command(spec: unlockSpec) { arguments, context in
        let minutes =
            try arguments.value("idle-minutes").map { text in
                guard let value = Int(text), (1...1440).contains(value) else {
                    throw unlockSpec.usageError(
                        tr("--idle-minutes vuole un numero intero da 1 a 1440", en: "--idle-minutes takes a whole number from 1 to 1440"))
                }
                return value
            } ?? 30
        let key = try Vault.key(for: context.storePath, asking: true)
        try Vault.startAgent(store: context.storePath, key: key, idleMinutes: minutes)
        Output.line(
            tr(
                "archivio sbloccato per questa sessione; si blocca dopo \(counted(minutes, "minuto", "minuti")) senza uso o con `snodo lock`",
                en: "store unlocked for this session; it locks after \(counted(minutes, "minute", "minutes")) without use or with `snodo lock`"))
    }

    static let lock = Command(
        spec: CommandSpec(path: "snodo lock", usage: "snodo lock", summary: tr("blocca subito l'archivio", en: "lock the store now"))
    ) { _, context in
        Output.line(
            VaultAgent.lock(context.storePath)
                ? tr("archivio bloccato", en: "store locked") : tr("l'archivio era già bloccato", en: "the store was already locked"))
    }

    static let passphrase = Command(
        spec: CommandSpec(
            path: "snodo passphrase", usage: "snodo passphrase",
            summary: tr(
                "cambia la frase segreta dell'archivio (lo stesso archivio, la chiave avvolta di nuovo)",
                en: "change the store's passphrase (the same store, its key wrapped again)"))
    ) { _, context in
        let key = try Vault.key(for: context.storePath, asking: true, useAgent: false)
        let new = try Passphrase.toCreate()
        try VaultFile.write(try key.wrapped(passphrase: new), for: context.storePath)
        Output.line(tr("frase segreta cambiata", en: "passphrase changed"))
    }

    static let agent = Command(
        spec: CommandSpec(
            path: "snodo vault-agent", usage: "snodo vault-agent [--idle-minutes N]",
            summary: tr("(avviato da `snodo unlock`) custodisce la chiave per la sessione", en: "(started by `snodo unlock`) keeps the key for the session"),
            valueOptions: ["idle-minutes"])
    ) { arguments, context in
        let minutes = Int(arguments.value("idle-minutes") ?? "30") ?? 30
        let status = VaultAgent.serve(store: context.storePath, idleSeconds: minutes * 60)
        if status != 0 { throw CommandError.failure(tr("impossibile custodire la chiave", en: "cannot keep the key")) }
    }
}

/// The key of a sealed store: from the session's agent, else from the passphrase.
enum Vault {
    /// Starts the session's agent with the key (`snodo unlock`, the app's unlock form), and waits
    /// until it answers.
    static func startAgent(store: String, key: VaultKey, idleMinutes: Int) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
        process.arguments = ["--store", store, "vault-agent", "--idle-minutes", "\(idleMinutes)"]
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        input.fileHandleForWriting.write(Data(key.dataKey))
        try input.fileHandleForWriting.close()
        for _ in 0..<200 where VaultAgent.key(for: store) == nil { usleep(10_000) }
    }

    /// The key without asking anyone: the session's agent, or a script's passphrase file.
    static func unlockedKey(for store: String) -> VaultKey? {
        if let key = VaultAgent.key(for: store) { return key }
        guard (try? Passphrase.fromFile()) ?? nil != nil else { return nil }
        return try? key(for: store, useAgent: false)
    }

    /// Argon2id's cost for a new key file. `SNODO_VAULT_COST=test` lowers it to one pass over
    /// 8 MiB, for the test suite's thousands of stores; never for a laptop in the field.
    static var passes: UInt64 { ProcessInfo.processInfo.environment["SNODO_VAULT_COST"] == "test" ? 1 : VaultKey.passes }
    static var memoryBytes: Int { ProcessInfo.processInfo.environment["SNODO_VAULT_COST"] == "test" ? 8 * 1024 * 1024 : VaultKey.memoryBytes }

    static func key(for store: String, asking: Bool = true, useAgent: Bool = true) throws -> VaultKey {
        if useAgent, let key = VaultAgent.key(for: store) { return key }
        guard let file = VaultFile.read(for: store) else {
            throw CommandError.failure(tr("\(VaultFile.path(for: store)) non si legge", en: "cannot read \(VaultFile.path(for: store))"))
        }
        let passphrase = try Passphrase.toOpen()
        do { return try VaultKey.unwrap(file, passphrase: passphrase) } catch .wrongPassphrase {
            throw CommandError.failure(tr("frase segreta errata: nulla è stato aperto", en: "wrong passphrase: nothing was opened"))
        } catch {
            throw CommandError.failure(
                tr("\(VaultFile.path(for: store)) non è una chiave di Snodo", en: "\(VaultFile.path(for: store)) is not a Snodo key file"))
        }
    }
}
