/// The profiles that ship inside every binary, by name, as the JSON of their files: a laptop or
/// relay chooses one with `--profile NAME` and needs no file. Each is published in
/// `Protocol/profiles/NAME.json`, checked against these by a test.
package enum BuiltInProfiles {
    package static let names = ["core", "lodi", "adda-martesana", "catania", "cremona", "torino"]

    package static func text(named name: String) -> String? {
        switch name {
        case "core": core
        case "lodi": lodi
        case "adda-martesana": addaMartesana
        case "catania": catania
        case "cremona": cremona
        case "torino": torino
        default: nil
        }
    }
}

extension Profile {
    /// The core profile, read once. It is part of the build: failing to read it is a bug.
    package static let core: Profile = {
        do {
            return try Profile.read(json: BuiltInProfiles.core)
        } catch {
            preconditionFailure("the core profile does not read: \(error)")
        }
    }()

    /// A built-in profile by name, nil when there is none.
    package static func builtIn(_ name: String) throws(ProfileError) -> Profile? {
        guard let text = BuiltInProfiles.text(named: name) else { return nil }
        return try Profile.read(json: text)
    }
}
