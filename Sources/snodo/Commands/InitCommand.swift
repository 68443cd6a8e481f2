import Foundation
import SnodoModel
import SnodoStore
import SnodoCommandLine

/// `snodo init`: creates the store and this laptop's identity.
enum InitCommand {
    static let command = Command(
        spec: CommandSpec(
            path: "snodo init", usage: "snodo init [--operator NAME] [--team TEAM] [--district DISTRICT]",
            summary: tr("crea l'archivio locale e l'identità di questo portatile", en: "create the local store and this laptop's device identity"),
            valueOptions: ["operator", "team", "district"],
            details: [
                tr(
                    "--operator, --team e --district diventano i valori predefiniti delle nuove schede e visite.",
                    en: "--operator, --team and --district become the defaults of new records and visits.")
            ]
        )
    ) { arguments, context in
        let folder = (context.storePath as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            do { try OwnerOnly.makeFolder(folder) } catch {
                throw CommandError.failure(
                    tr("impossibile creare la cartella \(folder) per l'archivio", en: "cannot create the folder \(folder) for the store"))
            }
        }
        if FileManager.default.fileExists(atPath: context.storePath) { throw StoreError.alreadyExists(path: context.storePath) }
        let store = try Store.create(path: context.storePath, environment: Context.liveEnvironment)
        for key in ["operator", "team", "district"] {
            if let value = arguments.value(key) { try store.write { try $0.setSetting(key, value) } }
        }
        Output.line(tr("creato l'archivio Snodo \(context.storePath)", en: "created Snodo store \(context.storePath)"))
        Output.line(tr("dispositivo \(store.device.hex)", en: "device \(store.device.hex)"))
    }
}
