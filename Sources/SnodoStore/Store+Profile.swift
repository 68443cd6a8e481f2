import SnodoModel

/// The programme profile a store holds: kept as the JSON of its flattened document with the
/// revision the relay gave it, beside the other settings, so it travels with the store file.
extension Store {
    static let profileKey = "profile"
    static let profileRevisionKey = "profile-revision"

    func loadProfile() throws -> Profile {
        guard let json = try setting(Store.profileKey) else { return .core }
        let revision = try setting(Store.profileRevisionKey).flatMap(UInt64.init) ?? 0
        do {
            return try Profile.read(json: json, revision: revision)
        } catch {
            throw StoreError.unreadableProfile(path: path, reason: error.english)
        }
    }
}

extension Store {
    /// Reads the profile again if another process (`snodo-relay profile`) changed its revision.
    package func refreshProfile() throws {
        let revision = try setting(Store.profileRevisionKey).flatMap(UInt64.init) ?? 0
        if revision != profile.revision { profile = try loadProfile() }
    }
}

extension StoreTransaction {
    /// Makes `profile` the store's: what it reads its records with from now on. The caller checks
    /// that the change is allowed (`Profile.refusal(of:)`); cells are never touched by it.
    package func setProfile(_ profile: Profile) throws {
        try setSetting(Store.profileKey, profile.json)
        try setSetting(Store.profileRevisionKey, String(profile.revision))
        store.profile = profile
    }
}
