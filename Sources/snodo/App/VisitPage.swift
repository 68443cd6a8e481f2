import SnodoCommandLine
import SnodoModel
import SnodoServer
import SnodoWeb
import SnodoStore

/// The visit form: a home visit for a household or a person, a street contact for a place.
/// The usual case takes four interactions from *Oggi*: open the form, tick a need, give a
/// service, press the outcome (each outcome is a button that sends the form).
extension AppPage {
    func visitForm(_ subject: Record, error raw: (field: String?, message: String)? = nil) -> HTTPResponse {
        let visit = profile.core(.visit)
        let error = raw.map { AppPage.worded($0, kind: visit) }
        let form = ProfileForm(kind: visit, formatter: formatter)
        let isPlace = subject.kind == .place
        var parts = [error.map { HTML.paragraph($0.message, role: "errore") } ?? "", "<input type=\"hidden\" name=\"soggetto\" value=\"\(subject.id.hex)\">"]
        if isPlace {
            parts.append(peopleMet(subject))
        } else {
            let kinds = visit.field(numbered: VisitField.kind)?.type.cases ?? []
            let options = kinds.map { option in
                let selected = option.code == Vocabulary.VisitKind.homeMonitoring ? " selected" : ""
                return "<option value=\"\(option.name)\"\(selected)>\(HTML.escape(option.localizedLabel))</option>"
            }
            parts.append(
                "<label for=\"campo-kind\">\(tr("Tipo di visita", en: "Kind of visit"))</label>"
                    + "<select id=\"campo-kind\" name=\"kind\">\(options.joined())</select>"
            )
        }
        parts.append(
            form.controls(
                record: nil, sent: error == nil ? nil : request, error: nil, skip: Set(visit.fields.map(\.name)).subtracting(["needs", "services", "note"])))
        parts.append(
            "<label for=\"campo-follow-up\">\(tr("Follow-up (facoltativo)", en: "Follow-up (optional)"))</label>"
                + "<input type=\"text\" id=\"campo-follow-up\" name=\"follow-up\" value=\"\(HTML.escape(request.value("follow-up") ?? ""))\">"
                + "<label for=\"campo-follow-up-due\">\(tr("entro il", en: "due by"))</label>"
                + "<input type=\"text\" id=\"campo-follow-up-due\" name=\"follow-up-due\" placeholder=\"\(tr("gg/mm/aaaa", en: "dd/mm/yyyy"))\">")
        let outcomes = visit.field(numbered: VisitField.outcome)?.type.cases ?? []
        parts.append(
            "<fieldset><legend>\(tr("Esito: registra", en: "Outcome: log"))</legend>"
                + outcomes.map { "<button type=\"submit\" name=\"outcome\" value=\"\($0.name)\">\(HTML.escape($0.localizedLabel.capitalizedFirst))</button>" }
                .joined()
                + "</fieldset>")
        let title = (isPlace ? tr("Contatto a ", en: "Contact at ") : tr("Visita a ", en: "Visit to ")) + formatter.label(of: subject)
        return html(title, HTML.form("/visita", token: token, parts.joined(separator: "\n")))
    }

    /// At a place: the people known there (ticked when met) and one not yet known, by alias.
    private func peopleMet(_ place: Record) -> String {
        let persons = ((try? store.records(of: .person)) ?? []).filter { $0.district == place.district }.prefix(ProfileForm.choicesMax)
        let known = persons.map { person in
            "<label><input type=\"checkbox\" name=\"person\" value=\"\(person.id.hex)\"> \(HTML.escape(formatter.label(of: person)))</label>"
        }.joined()
        let sexes = (profile.type(PersonField.sex, of: .person)?.cases ?? []).map { "<option value=\"\($0.name)\">\(HTML.escape($0.localizedLabel))</option>" }
        return "<fieldset><legend>\(tr("Persone incontrate", en: "People met"))</legend>\(known)</fieldset>"
            + "<fieldset><legend>\(tr("Una persona nuova", en: "Someone new"))</legend>"
            + "<label for=\"anonimo-alias\">\(tr("soprannome", en: "alias"))</label><input type=\"text\" id=\"anonimo-alias\" name=\"anonimo-alias\">"
            + "<label for=\"anonimo-eta\">\(tr("età stimata", en: "approximate age"))</label>"
            + "<input type=\"number\" min=\"0\" max=\"120\" id=\"anonimo-eta\" name=\"anonimo-eta\">"
            + "<label for=\"anonimo-sesso\">\(tr("sesso", en: "sex"))</label><select id=\"anonimo-sesso\" name=\"anonimo-sesso\">"
            + "<option value=\"\">—</option>\(sexes.joined())</select>"
            + "</fieldset>"
    }

    func logVisit() throws -> HTTPResponse {
        guard let text = request.value("soggetto"), let subject = record(text) else { return notFound() }
        let visit = ProfileForm(kind: profile.core(.visit), formatter: formatter)
        var (options, _) = visit.options(request, editing: nil)
        for name in ["outcome", "kind", "follow-up", "follow-up-due"] { if let value = request.value(name) { options[name] = [value] } }
        do {
            if subject.kind == .place {
                options["place"] = [subject.id.hex]
                options["person"] = request.values("person")
                if let alias = request.value("anonimo-alias") {
                    let age = request.value("anonimo-eta").map { ",age=\($0)" } ?? "", sex = request.value("anonimo-sesso").map { ",sex=\($0)" } ?? ""
                    options["anonymous"] = ["alias=\(alias)\(age)\(sex)"]
                }
                options["kind"] = nil
                _ = try WorkflowCommands.logContact(Arguments(positionals: [], options: options, flags: []), store: store)
            } else {
                options["subject"] = [subject.id.hex]
                _ = try VisitLogCommand.log(Arguments(positionals: [], options: options, flags: []), store: store)
            }
        } catch {
            return visitForm(subject, error: AppPage.explain(error))
        }
        return redirect(subject.kind == .household ? "/?fatto=visita" : "/scheda/\(subject.id.hex)?fatto=visita")
    }
}
