/// The shape of one command: its name, usage, the options it takes and how many positionals.
/// Parsing checks everything against it before anything runs.
package struct CommandSpec: Sendable {
    package let path: String
    package let usage: String
    package let summary: String
    /// Options that take a value, without the leading dashes. May repeat.
    package var valueOptions: [String] = []
    /// Options that take no value.
    package var flags: [String] = []
    /// Lines of help under the usage.
    package var details: [String] = []
    package var positionals: ClosedRange<Int> = 0...0

    package var usageLine: String { tr("uso: ", en: "usage: ") + usage }

    package var help: String {
        var lines = [usageLine, "", summary]
        if !details.isEmpty { lines += [""] + details }
        return lines.joined(separator: "\n")
    }

    package func usageError(_ message: String) -> CommandError { .usage(message, usageLine: usageLine) }

    package init(
        path: String, usage: String, summary: String, valueOptions: [String] = [], flags: [String] = [],
        details: [String] = [], positionals: ClosedRange<Int> = 0...0
    ) {
        self.path = path
        self.usage = usage
        self.summary = summary
        self.valueOptions = valueOptions
        self.flags = flags
        self.details = details
        self.positionals = positionals
    }
}

/// Arguments parsed against a `CommandSpec`.
package struct Arguments: Sendable {
    package var positionals: [String] = []
    package var options: [String: [String]] = [:]
    package var flags: Set<String> = []

    package init(positionals: [String] = [], options: [String: [String]] = [:], flags: Set<String> = []) {
        self.positionals = positionals
        self.options = options
        self.flags = flags
    }

    package func value(_ name: String) -> String? { options[name]?.last }
    package func values(_ name: String) -> [String] { options[name] ?? [] }
    package func has(_ flag: String) -> Bool { flags.contains(flag) }

    /// Parses `words` for `spec`. `--name value` and `--name=value` are both accepted; `--` ends options.
    package static func parse(_ words: [String], for spec: CommandSpec) throws(CommandError) -> Arguments {
        var result = Arguments()
        var index = 0
        var optionsEnded = false
        while index < words.count {
            let word = words[index]
            index += 1
            if optionsEnded || !word.hasPrefix("--") || word == "-" {
                result.positionals.append(word)
                continue
            }
            if word == "--" { optionsEnded = true; continue }
            var name = String(word.dropFirst(2))
            var inline: String?
            if let equals = name.firstIndex(of: "=") {
                inline = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            if spec.flags.contains(name) {
                guard inline == nil else { throw spec.usageError(tr("--\(name) non prende valori", en: "--\(name) takes no value")) }
                result.flags.insert(name)
            } else if spec.valueOptions.contains(name) {
                guard let value = inline ?? (index < words.count ? words[index] : nil) else {
                    throw spec.usageError(tr("--\(name) richiede un valore", en: "--\(name) needs a value"))
                }
                if inline == nil { index += 1 }
                result.options[name, default: []].append(value)
            } else {
                let accepted = (spec.valueOptions + spec.flags).map { "--\($0)" }.joined(separator: ", ")
                let list = accepted.isEmpty ? tr("nessuna", en: "none") : accepted
                throw spec.usageError(
                    tr(
                        "opzione sconosciuta --\(name) per `\(spec.path)` (accettate: \(list))",
                        en: "unknown option --\(name) for `\(spec.path)` (accepted: \(list))"))
            }
        }
        guard spec.positionals.contains(result.positionals.count) else {
            throw spec.usageError(
                result.positionals.count < spec.positionals.lowerBound
                    ? tr("manca un argomento per `\(spec.path)`", en: "missing argument for `\(spec.path)`")
                    : tr(
                        "argomento inatteso '\(result.positionals.last ?? "")' per `\(spec.path)`",
                        en: "unexpected argument '\(result.positionals.last ?? "")' for `\(spec.path)`"))
        }
        return result
    }
}
