import Foundation

/// The language of every word a person reads: Italian, unless the locale asks for English. The
/// environment is read the POSIX way: `LC_ALL`, else `LC_MESSAGES`, else `LANG`; GNU's `LANGUAGE`
/// list, when set, goes first.
package enum Language: Sendable, Equatable {
    case italian
    case english

    package static let current = Language(environment: ProcessInfo.processInfo.environment)

    package init(environment: [String: String]) {
        let names = ["LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"]
        let chosen = names.lazy.compactMap { environment[$0] }.first { !$0.isEmpty } ?? ""
        let first = chosen.split(separator: ":").first.map(String.init) ?? chosen
        self = first.lowercased().hasPrefix("en") ? .english : .italian
    }
}

/// Italian first: `italian`, or `english` when the locale asks for English (`tr`, for "translated").
package func tr(_ italian: String, en english: String) -> String {
    Language.current == .english ? english : italian
}

/// A count with its noun, singular or plural: `1 visita`, `3 visite`.
package func counted(_ count: Int, _ singular: String, _ plural: String) -> String {
    "\(count) \(count == 1 ? singular : plural)"
}
