import SnodoModel
import SnodoStore
import SnodoCommandLine
import SnodoSync

/// Turns field options into edits for one record, checking every value before anything is
/// written: a bad option leaves the store untouched.
struct RecordEditor {
    let store: Store
    let kind: KindSpec

    init(store: Store, kind: KindSpec) {
        self.store = store
        self.kind = kind
    }

    /// An editor for a core kind, which every profile has.
    init(store: Store, core: RecordKind) {
        self.init(store: store, kind: store.profile.core(core))
    }

    /// The field options a kind accepts on the command line (every field but the reserved ones).
    static func optionNames(_ kind: KindSpec) -> [String] { kind.fields.map(\.name) }

    var lookup: RecordLookup {
        RecordLookup(profile: store.profile) { [store] text in
            let id = try store.findRecord(text)
            return (id, store.profile.spec(try store.kind(of: id)))
        }
    }

    /// Edits that give a new record `kind` and the values in `arguments`.
    func creation(_ id: RecordID, _ arguments: Arguments, spec: CommandSpec) throws -> [Edit] {
        var options = arguments.options
        if options["district"] == nil, let district = try defaultDistrict(options) { options["district"] = [district] }
        // A visit or an entry carries the team that wrote it: the enrollment's, or `snodo init`'s.
        if kind.field(named: "team") != nil, options["team"] == nil, let team = try store.setting("team") { options["team"] = [team] }
        for field in kind.fields where field.isRequired && options[field.name] == nil {
            throw spec.usageError(tr("manca --\(field.name), obbligatorio per `\(spec.path)`", en: "missing required --\(field.name) for `\(spec.path)`"))
        }
        if kind.kind == .ledgerEntry, options["household"] == nil, options["person"] == nil {
            throw spec.usageError(
                tr(
                    "una voce di bilancio richiede --household o --person (a chi va la dote)",
                    en: "a ledger entry needs --household or --person (whom the dote is for)"))
        }
        if kind.kind == .person, options["name"] == nil, options["alias"] == nil {
            throw spec.usageError(
                tr(
                    "una persona richiede --name o --alias (chi si incontra in strada spesso si conosce solo per soprannome)",
                    en: "a person needs --name or --alias (street contacts are often known only by an alias)"))
        }
        var edits: [Edit] = [.set(id, CommonField.kind, .enumeration(kind.kind.rawValue))]
        for field in kind.fields {
            guard let text = options[field.name]?.last else { continue }
            edits += try fieldEdits(id, field, text, current: nil)
        }
        return edits
    }

    /// The district a new record takes when none is given: that of the record it refers to (a
    /// visit's subject, an entry's household), else `snodo init`'s, else the laptop's scope when
    /// it has exactly one district.
    func defaultDistrict(_ options: [String: [String]]) throws -> String? {
        for field in kind.fields {
            guard case .reference = field.type, let text = options[field.name]?.last, let id = try? store.findRecord(text) else { continue }
            if let district = try store.record(id)?.district { return district }
        }
        if let district = try store.setting("district") { return district }
        if let scope = try DeviceCredentials(store: store).scope(), scope.districts.count == 1 { return scope.districts.first }
        return nil
    }

    /// Edits that change an existing record to the values in `arguments`; sets and maps are
    /// replaced as a whole, element by element, so concurrent edits of other elements survive.
    func changes(_ record: Record, _ arguments: Arguments, spec: CommandSpec) throws -> [Edit] {
        var edits: [Edit] = []
        for field in kind.fields {
            guard let text = arguments.value(field.name) else { continue }
            edits += try fieldEdits(record.id, field, text, current: record)
        }
        for name in arguments.values("clear") {
            let optional = kind.fields.filter { !$0.isRequired }.map(\.name).joined(separator: ", ")
            guard let field = kind.field(named: name), !field.isRequired else {
                throw spec.usageError(
                    tr(
                        "impossibile svuotare '\(name)' (accettati: i campi facoltativi \(optional))",
                        en: "cannot clear '\(name)' (accepted: the optional fields \(optional))"))
            }
            edits += Edit.clearing(field, of: record)
        }
        if arguments.has("delete") { edits.append(.set(record.id, CommonField.deleted, .bool(true))) }
        if arguments.has("restore") { edits.append(.set(record.id, CommonField.deleted, .bool(false))) }
        return edits
    }

    func fieldEdits(_ id: RecordID, _ field: FieldSpec, _ text: String, current: Record? = nil) throws -> [Edit] {
        Edit.assigning(try FieldInput.parse(text, for: field, lookup: lookup), to: field, of: id, current: current)
    }
}
