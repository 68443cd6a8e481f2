import Foundation
import SnodoCommandLine
import SnodoModel

/// Choosing and showing a programme profile, for both commands: `--profile NAME` takes a built-in,
/// anything else is a file's path (README, "Programme profiles").
package enum ProfileText {
    /// The profile named by `argument`: a built-in's name, or a JSON file.
    package static func load(_ argument: String) throws -> Profile {
        do {
            if let builtIn = try Profile.builtIn(argument) { return builtIn }
            guard argument.contains("/") || argument.hasSuffix(".json") else {
                throw CommandError.failure(
                    tr(
                        "nessun profilo '\(argument)' (accettati: \(BuiltInProfiles.names.joined(separator: ", ")), o il percorso di un file JSON)",
                        en: "no profile '\(argument)' (accepted: \(BuiltInProfiles.names.joined(separator: ", ")), or the path of a JSON file)"))
            }
            guard let data = FileManager.default.contents(atPath: argument), let text = String(data: data, encoding: .utf8) else {
                throw CommandError.failure(tr("impossibile leggere il file \(argument)", en: "cannot read the file \(argument)"))
            }
            return try Profile.read(json: text)
        } catch let error as ProfileError {
            throw CommandError.failure(describe(error))
        }
    }

    package static func describe(_ error: ProfileError) -> String { tr(error.italian, en: error.english) }

    /// `revisione del 07/12/2026 12:55`: a relay's revisions are its clock's seconds when it took
    /// the profile; `scelto su questo computer` for one no relay gave.
    package static func revision(_ profile: Profile) -> String {
        switch profile.revision {
        case 0: tr("scelto su questo computer", en: "chosen on this computer")
        case 1_000_000_000...: tr("revisione del ", en: "revision of ") + Display.localTime(Int64(profile.revision) * 1000)
        default: tr("revisione \(profile.revision)", en: "revision \(profile.revision)")
        }
    }

    /// What `snodo profile` and `snodo-relay profile` print: the programme, its revision, and
    /// each kind with its fields.
    package static func lines(_ profile: Profile) -> [String] {
        var lines = ["\(tr(profile.title, en: profile.englishTitle)) (\(profile.name), \(revision(profile)))"]
        var table = Table(header: [tr("tipo", en: "kind"), tr("nome", en: "name"), tr("campi", en: "fields"), tr("scrivono", en: "written by")])
        table.rows = profile.kinds.map { kind in
            let writers = ([TeamRole.coordinator] + kind.writers.sorted { $0.rawValue < $1.rawValue }).map(\.rawValue).joined(separator: ", ")
            return [kind.name, tr(kind.plural, en: kind.englishPlural), "\(kind.fields.count)", writers]
        }
        lines.append(table.render())
        if let programme = profile.budget.programmeCents {
            lines.append(tr("budget del programma: ", en: "programme budget: ") + Euros.italian(programme))
        }
        if let perPath = profile.budget.perPathCents {
            lines.append(tr("tetto per percorso: ", en: "cap per path: ") + Euros.italian(perPath))
        }
        return lines
    }
}
