import Foundation
import SnodoModel
import SnodoStore
import SnodoCommandLine
import SnodoCommands

/// `snodo init`: creates the store and this laptop's identity.
enum InitCommand {
    static let command = Command(
        spec: CommandSpec(
            path: "snodo init", usage: "snodo init [--profile NAME|FILE] [--operator NAME] [--team TEAM] [--district DISTRICT]",
            summary: tr("crea l'archivio locale e l'identità di questo portatile", en: "create the local store and this laptop's device identity"),
            valueOptions: ["operator", "team", "district", "profile"],
            details: [
                tr(
                    "--profile sceglie il profilo del programma (\(BuiltInProfiles.names.joined(separator: ", ")), o un file JSON); "
                        + "un portatile iscritto riceve quello del relay.",
                    en: "--profile chooses the programme profile (\(BuiltInProfiles.names.joined(separator: ", ")), or a JSON file); "
                        + "an enrolled laptop receives the relay's."),
                tr(
                    "--operator, --team e --district diventano i valori predefiniti delle nuove schede e visite.",
                    en: "--operator, --team and --district become the defaults of new records and visits."),
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
        // The profile is read before the store is made: a bad one leaves nothing behind.
        let profile = try arguments.value("profile").map(ProfileText.load)
        let store = try context.createStore()
        if let profile { try store.write { try $0.setProfile(profile) } }
        for key in ["operator", "team", "district"] {
            if let value = arguments.value(key) { try store.write { try $0.setSetting(key, value) } }
        }
        Output.line(tr("creato l'archivio Snodo \(context.storePath)", en: "created Snodo store \(context.storePath)"))
        Output.line(tr("dispositivo \(store.device.hex)", en: "device \(store.device.hex)"))
        Output.line(tr("profilo \(store.profile.name): \(store.profile.title)", en: "profile \(store.profile.name): \(store.profile.englishTitle)"))
    }
}
