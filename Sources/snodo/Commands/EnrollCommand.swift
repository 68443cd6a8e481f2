import Foundation
import SnodoCommandLine
import SnodoModel
import SnodoStore
import SnodoSync

/// `snodo enroll CODE`: makes this laptop's store with the identity the relay enrolled, ready to
/// claim the enrollment at its first sync.
enum EnrollCommand {
    static let spec = CommandSpec(
        path: "snodo enroll", usage: "snodo enroll CODE [--relay URL] [--operator NAME]",
        summary: tr(
            "prepara questo portatile con il codice monouso di `snodo-relay enroll`",
            en: "set this laptop up with the one-time code from `snodo-relay enroll`"),
        valueOptions: ["relay", "operator"],
        details: [
            tr(
                "Crea l'archivio (come init) con l'identità, il team e l'operatore registrati. La prima `snodo sync` usa il codice;",
                en: "Creates the store (like init) with the enrolled identity, team and operator. The first `snodo sync` claims the code;"),
            tr("dopo, il codice non serve più a nessuno.", en: "after that the code is useless to anyone else."),
        ], positionals: 1...1)

    static let command = Command(spec: spec) { arguments, context in
        if EnrollmentCode.isFormer(arguments.positionals[0]) {
            throw spec.usageError(
                tr(
                    "codice della versione 1, che nessun relay attuale accetta: chiedere all'ufficio un nuovo codice (snodo2-…, da `snodo-relay enroll`)",
                    en: "a code of version 1, which no current relay takes: ask the office for a new code (snodo2-…, from `snodo-relay enroll`)"))
        }
        guard let code = EnrollmentCode(text: arguments.positionals[0]) else {
            throw spec.usageError(
                tr(
                    "codice di registrazione non valido (atteso: il codice snodo2-… stampato da `snodo-relay enroll`)",
                    en: "malformed enrollment code (expected the snodo2-… code printed by `snodo-relay enroll`)"))
        }
        if let relay = arguments.value("relay") {
            guard let url = URL(string: relay), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host != nil else {
                throw spec.usageError(
                    tr("--relay non valido (atteso: un URL http:// o https://)", en: "malformed --relay (expected an http:// or https:// URL)"))
            }
        }
        if FileManager.default.fileExists(atPath: context.storePath) { throw StoreError.alreadyExists(path: context.storePath) }
        let folder = (context.storePath as NSString).deletingLastPathComponent
        try? OwnerOnly.makeFolder(folder)
        let store = try context.createStore(device: code.device)
        try DeviceCredentials(store: store).enroll(code)
        if let relay = arguments.value("relay") { try store.write { try $0.setSetting("relay", relay) } }
        if let name = arguments.value("operator") { try store.write { try $0.setSetting("operator", name) } }
        Output.line(
            tr(
                "portatile registrato come dispositivo \(code.device.hex); `snodo sync` completa la registrazione e scarica il suo ambito",
                en: "enrolled this laptop as device \(code.device.hex); run `snodo sync` to claim the enrollment and fetch its scope"))
    }
}
