import SnodoModel

/// The programme profile the simulated fleet works under: Lodi's, given by the relay at revision 1
/// from the start, and revised halfway through the run (a field added to evictions), so every
/// run exercises a profile reaching laptops and a change reaching them again, while they work
/// with kinds only the profile defines.
enum SimProfiles {
    static let arrears = RecordKind(rawValue: 101)
    static let eviction = RecordKind(rawValue: 102)
    static let activity = RecordKind(rawValue: 103)

    static let lodi: Profile = {
        guard let profile = try? Profile.builtIn("lodi") else { preconditionFailure("the built-in Lodi profile does not read") }
        return profile
    }()

    static let revised: Profile = {
        let json = #"""
            {"format": 1, "name": "lodi", "title": {"it": "Lodi", "en": "Lodi"}, "extends": "lodi",
             "kinds": [{"name": "eviction", "fields": [{"number": 17, "name": "lawyer", "it": "avvocato", "en": "lawyer", "type": "text"}]}]}
            """#
        guard let profile = try? Profile.read(json: json) else { preconditionFailure("the simulator's revised profile does not read") }
        return profile
    }()
}
