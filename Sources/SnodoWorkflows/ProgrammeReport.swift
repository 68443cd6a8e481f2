import Foundation
import SnodoModel
import SnodoStore

/// The programme's monitoring (Piano di Zona, valutazione): over a period, by team, district,
/// comune and month, visits by kind and outcome, distinct households and persons reached, needs seen,
/// services given with quantities, doti allocated and spent; and for each kind the programme's
/// profile adds, its records and the fields the profile marks as counted (`ProgrammeFigures`).
package enum ProgrammeReport {
    package enum Dimension: String, CaseIterable, Sendable { case team, district, comune, month }

    package struct Key: Hashable, Comparable, Sendable {
        package let team: String
        package let district: String
        /// The comune of the household visited or funded (a person's, through their household);
        /// `anyValue` for a place, which the street units' map does not tie to a comune.
        package let comune: String
        package let month: String
        package static func < (a: Key, b: Key) -> Bool { (a.month, a.district, a.comune, a.team) < (b.month, b.district, b.comune, b.team) }
    }

    package struct Group: Sendable {
        package let key: Key
        package var visits = 0
        package var visitsByKind: [UInt32: Int] = [:]
        package var visitsByOutcome: [UInt32: Int] = [:]
        package var households = Set<RecordID>()
        package var persons = Set<RecordID>()
        package var needs: [UInt32: Int] = [:]
        package var services: [UInt32: Int64] = [:]
        package var allocatedCents: Int64 = 0
        package var spentCents: Int64 = 0
        /// The programme kinds' figures: records of a kind, each counted choice, sums of amounts.
        package var programme: [ProgrammeFigure: Int64] = [:]
    }

    package static let anyValue = "—"

    package static func build(
        _ index: FieldIndex, from: CivilDate?, to: CivilDate?, by dimensions: Set<Dimension>,
        timeZone: TimeZone = .current
    ) -> [Group] {
        var groups: [Key: Group] = [:]
        func key(team: String?, district: String?, comune: String?, date: CivilDate) -> Key {
            Key(
                team: dimensions.contains(.team) ? (team ?? anyValue) : anyValue,
                district: dimensions.contains(.district) ? (district ?? anyValue) : anyValue,
                comune: dimensions.contains(.comune) ? (comune ?? anyValue) : anyValue,
                month: dimensions.contains(.month) ? String(date.iso.prefix(7)) : anyValue)
        }
        func comune(of subject: RecordID?) -> String? {
            guard let record = subject.flatMap({ index.byID[$0] }) else { return nil }
            if record.kind == .person { return comune(of: record.reference(PersonField.household)) }
            return record.kind == .household ? record.text(HouseholdField.comune) : nil
        }
        func inPeriod(_ date: CivilDate) -> Bool { (from.map { date >= $0 } ?? true) && (to.map { date <= $0 } ?? true) }
        let households = Set(index.households.map(\.id))
        for visit in index.visits {
            guard let millis = visit.timestamp(VisitField.start) else { continue }
            let date = Rounds.localDate(millis, timeZone)
            guard inPeriod(date) else { continue }
            let groupKey = key(
                team: visit.text(VisitField.team), district: visit.district, comune: comune(of: visit.reference(VisitField.subject)), date: date)
            var group = groups[groupKey] ?? Group(key: groupKey)
            group.visits += 1
            if let kind = visit.code(VisitField.kind) { group.visitsByKind[kind, default: 0] += 1 }
            if let outcome = visit.code(VisitField.outcome) { group.visitsByOutcome[outcome, default: 0] += 1 }
            // A household or person is reached only by a visit where someone was met.
            if Visits.metSomeone(visit) {
                if let subject = visit.reference(VisitField.subject) {
                    if households.contains(subject) { group.households.insert(subject) }
                    if index.byID[subject]?.kind == .person { group.persons.insert(PersonMerge.survivor(of: subject, in: index)) }
                }
                for case .reference(let person) in visit.elements(VisitField.persons) { group.persons.insert(PersonMerge.survivor(of: person, in: index)) }
            }
            for case .enumeration(let need) in visit.elements(VisitField.needs) { group.needs[need, default: 0] += 1 }
            for (item, quantity) in visit.quantities(VisitField.services) {
                if case .enumeration(let service) = item { group.services[service, default: 0] += quantity }
            }
            groups[groupKey] = group
        }
        for entry in index.ledger {
            guard let date = entry.date(LedgerField.date), inPeriod(date), let amount = entry.cents(LedgerField.amount) else { continue }
            let groupKey = key(
                team: entry.text(LedgerField.team), district: entry.district,
                comune: comune(of: entry.reference(LedgerField.household) ?? entry.reference(LedgerField.person)), date: date)
            var group = groups[groupKey] ?? Group(key: groupKey)
            if entry.code(LedgerField.entry) == 1 { group.allocatedCents += amount } else { group.spentCents += amount }
            groups[groupKey] = group
        }
        for (kind, records) in index.programme {
            guard let spec = index.profile.spec(kind), let dated = spec.fields.first(where: { $0.type == .date || $0.type == .timestamp }) else { continue }
            for record in records {
                guard let date = ProgrammeFigure.date(of: record, field: dated, timeZone: timeZone), inPeriod(date) else { continue }
                let subject = spec.fields.lazy.compactMap { field -> RecordID? in
                    guard case .reference = field.type else { return nil }
                    return record.reference(field.number)
                }.first
                let groupKey = key(
                    team: record.text(spec.field(named: "team")?.number ?? 0), district: record.district, comune: comune(of: subject), date: date)
                var group = groups[groupKey] ?? Group(key: groupKey)
                for (figure, amount) in ProgrammeFigure.figures(of: record, spec: spec) { group.programme[figure, default: 0] += amount }
                groups[groupKey] = group
            }
        }
        return groups.values.sorted { $0.key < $1.key }
    }

    /// One line per figure: the long form a spreadsheet's pivot table takes.
    package static func rows(_ groups: [Group], profile: Profile) -> [(key: Key, measure: String, item: String, value: String)] {
        func label(_ field: FieldNumber, _ code: UInt32) -> String {
            profile.type(field, of: .visit)?.cases.first { $0.code == code }?.label ?? "#\(code)"
        }
        var rows: [(Key, String, String, String)] = []
        for group in groups {
            let key = group.key
            rows.append((key, "visite", "totale", "\(group.visits)"))
            for (code, count) in group.visitsByKind.sorted(by: { $0.key < $1.key }) {
                rows.append((key, "visite per tipo", label(VisitField.kind, code), "\(count)"))
            }
            for (code, count) in group.visitsByOutcome.sorted(by: { $0.key < $1.key }) {
                rows.append((key, "visite per esito", label(VisitField.outcome, code), "\(count)"))
            }
            rows.append((key, "nuclei raggiunti", "distinti", "\(group.households.count)"))
            rows.append((key, "persone raggiunte", "distinte", "\(group.persons.count)"))
            for (code, count) in group.needs.sorted(by: { $0.key < $1.key }) {
                rows.append((key, "bisogni rilevati", label(VisitField.needs, code), "\(count)"))
            }
            for (code, quantity) in group.services.sorted(by: { $0.key < $1.key }) {
                rows.append((key, "servizi erogati", label(VisitField.services, code), "\(quantity)"))
            }
            if group.allocatedCents != 0 || group.spentCents != 0 {
                rows.append((key, "doti", "assegnato (€)", euros(group.allocatedCents)))
                rows.append((key, "doti", "speso (€)", euros(group.spentCents)))
            }
            for (figure, amount) in group.programme.sorted(by: { $0.key < $1.key }) {
                let (measure, item) = figure.words(in: profile)
                rows.append((key, measure, item, figure.isAmount(in: profile) ? euros(amount) : "\(amount)"))
            }
        }
        return rows
    }

    /// CSV for Italian spreadsheets: UTF-8 with a byte-order mark (so Excel reads the accents), `;`
    /// between fields and decimal commas (the Italian locale's defaults), RFC 4180 quoting.
    package static func csv(_ groups: [Group], profile: Profile) -> String {
        func quote(_ field: String) -> String {
            field.contains(where: { ";\"\n\r".contains($0) }) ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
        }
        var lines = ["mese;team;distretto;comune;misura;voce;valore"]
        for row in rows(groups, profile: profile) {
            lines.append([row.key.month, row.key.team, row.key.district, row.key.comune, row.measure, row.item, row.value].map(quote).joined(separator: ";"))
        }
        return "\u{FEFF}" + lines.joined(separator: "\r\n") + "\r\n"
    }

    /// An amount for a spreadsheet cell: decimal comma, no symbol, no thousands dot.
    package static func euros(_ cents: Int64) -> String { Euros.italian(cents, symbol: false, grouping: false) }
}
