import Foundation

extension Profile {
    /// The profile in `json`: a document read, the profile it extends folded in, and every rule
    /// checked (README, "Programme profiles"). `revision` is the relay's, 0 for a built-in.
    package static func read(json: String, revision: UInt64 = 0) throws(ProfileError) -> Profile {
        let document = try ProfileDocument.decode(json)
        return try Profile(document: document, revision: revision)
    }

    package init(document: ProfileDocument, revision: UInt64) throws(ProfileError) {
        guard document.format == 1 else {
            throw ProfileError("formato del profilo \(document.format) non letto: accettato 1", en: "profile format \(document.format) not read: 1 accepted")
        }
        try Profile.checkName(document.name, what: ("il nome del profilo", "the profile's name"))
        var base: ProfileDocument?
        if let extended = document.extends {
            guard let text = BuiltInProfiles.text(named: extended) else {
                throw ProfileError(
                    "il profilo estende '\(extended)', che non esiste (accettati: \(BuiltInProfiles.names.joined(separator: ", ")))",
                    en: "the profile extends '\(extended)', which does not exist (accepted: \(BuiltInProfiles.names.joined(separator: ", ")))")
            }
            base = try Profile.read(json: text).document
        }
        let flat = try document.flattened(base: base)
        let builder = ProfileBuilder(document: flat)
        self.init(
            name: flat.name, title: flat.title.it, englishTitle: flat.title.en, revision: revision, kinds: try builder.kinds(),
            budget: Budget(programmeCents: flat.budget?.programmeCents, perPathCents: flat.budget?.perPathCents), document: flat)
        // The workflows read the core kinds and fields: every profile keeps them as they are.
        if flat.name != "core", let refusal = Profile.core.refusal(of: self) {
            throw ProfileError(
                "un profilo estende core e ne tiene tipi e campi: \(refusal.italian)",
                en: "a profile extends core and keeps its kinds and fields: \(refusal.english)")
        }
    }

    /// The document a store keeps and a relay sends: this profile with nothing left to extend.
    package var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(document), let text = String(data: data, encoding: .utf8) else { return "{}" }
        return text
    }

    static func checkName(_ name: String, what: (String, String)) throws(ProfileError) {
        let allowed = name.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2D }
        guard !name.isEmpty, name.utf8.count <= 40, allowed, name.first?.isLetter == true else {
            throw ProfileError(
                "\(what.0) '\(name)' non va: minuscole, cifre e trattini, fino a 40, iniziando con una lettera",
                en: "\(what.1) '\(name)' is not accepted: lowercase letters, digits and dashes, up to 40, starting with a letter")
        }
    }
}

extension ProfileDocument {
    /// Reads a profile file's JSON; a syntax or type error says where.
    package static func decode(_ json: String) throws(ProfileError) -> ProfileDocument {
        do {
            return try JSONDecoder().decode(ProfileDocument.self, from: Data(json.utf8))
        } catch let error as DecodingError {
            let (italian, english) = ProfileDocument.place(of: error)
            throw ProfileError("profilo non leggibile: \(italian)", en: "unreadable profile: \(english)")
        } catch {
            throw ProfileError("profilo non leggibile: JSON non valido", en: "unreadable profile: invalid JSON")
        }
    }

    /// Where a decoding error is, as `kinds[2].fields[0].type`.
    private static func place(of error: DecodingError) -> (String, String) {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? "." + $0.stringValue }.joined()
        }
        switch error {
        case .keyNotFound(let key, let context): return ("manca \(path(context)).\(key.stringValue)", "missing \(path(context)).\(key.stringValue)")
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return ("valore del tipo sbagliato in \(path(context))", "value of the wrong type at \(path(context))")
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty
                ? ("JSON non valido", "invalid JSON") : ("valore non valido in \(path(context))", "invalid value at \(path(context))")
        @unknown default: return ("JSON non valido", "invalid JSON")
        }
    }
}
