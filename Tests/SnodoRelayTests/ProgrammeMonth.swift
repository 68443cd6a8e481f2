import Foundation
import Testing
import SnodoModel
import SnodoTestSupport

/// A month of one programme's field work, November 2026, run through the built `snodo` and
/// `snodo-relay` as its operators would type it: a relay set up with the programme's profile,
/// laptops enrolled with their roles, records added and changed day by day (choices drawn from a
/// seed), syncs at the end of each week. The script counts, as it goes, what the month should
/// report; the coordinator's `snodo report` must say exactly that.
final class ProgrammeMonth {
    let site: RelaySite
    var laptops: [String: String] = [:]
    var rng: SplitMix64
    let seed: UInt64
    /// Programme figures expected, by `kind|field|value` as the report's JSON names them.
    var expected: [String: Int64] = [:]
    /// Core figures expected: visits, services given by name, doti allocated and spent.
    var visits = 0
    var services: [String: Int64] = [:]
    var allocatedCents: Int64 = 0
    var spentCents: Int64 = 0
    /// Ids of what the script made, by pool (`home`, `person`, `company`…).
    var pools: [String: [String]] = [:]

    init(profile: String, seed: UInt64) throws {
        self.seed = seed
        rng = SplitMix64(seed: seed)
        site = RelaySite("snodo-month-\(profile)", laptopFolders: true)
        try site.relayCommand("profile", profile)
    }

    func enroll(_ name: String, districts: String, role: String) throws {
        laptops[name] = try site.enroll(name, districts: districts, role: role).store
    }

    func start() throws {
        try site.relay.start()
        try syncAll()
    }

    func syncAll() throws {
        for name in laptops.keys.sorted() { try site.sync(laptops[name]!) }
    }

    /// Runs `snodo` on a laptop; the id it prints goes into `pool`.
    @discardableResult
    func run(_ laptop: String, _ words: [String], into pool: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws -> RunResult {
        let result = try runProduct("snodo", ["--store", laptops[laptop]!] + words)
        #expect(result.status == 0, "seed \(seed): snodo \(words.joined(separator: " ")): \(result.stderr)", sourceLocation: sourceLocation)
        if let pool { pools[pool, default: []].append(String(result.stdout.split(separator: "\n").first ?? "")) }
        return result
    }

    /// A draw from the seed (modulo bias is of no matter to a script).
    func draw(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(rng.next() % UInt64(range.count)) }
    func pick(_ values: [String]) -> String { values[draw(0...(values.count - 1))] }
    func pick(_ pool: String) -> String { pick(pools[pool] ?? []) }
    func chance(_ percent: Int) -> Bool { draw(0...99) < percent }

    /// `12/11/2026`, and with a time, `12/11/2026 10:30`.
    func day(_ number: Int, at time: String? = nil) -> String { String(format: "%02d/11/2026", number) + (time.map { " " + $0 } ?? "") }

    /// Cents as an operator types them: `1.250,50`.
    func euros(_ cents: Int) -> String {
        let whole = cents / 100
        let grouped = whole >= 1000 ? "\(whole / 1000).\(String(format: "%03d", whole % 1000))" : "\(whole)"
        return grouped + "," + String(format: "%02d", cents % 100)
    }

    func count(_ kind: String, _ field: String? = nil, _ value: String? = nil, _ amount: Int64 = 1) {
        expected["\(kind)|\(field ?? "")|\(value ?? "")", default: 0] += amount
    }

    /// A record of a programme kind counts once, with each counted choice and sum it holds.
    func counted(_ kind: String, choices: [String: [String]] = [:], sums: [String: Int64] = [:]) {
        count(kind)
        for (field, values) in choices { for value in values { count(kind, field, value) } }
        for (field, amount) in sums { count(kind, field, nil, amount) }
    }

    /// Compares the coordinator's report of the month with the script's counts.
    func checkReport(on laptop: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        try syncAll()
        let json = try run(laptop, ["report", "--from", "01/11/2026", "--to", "30/11/2026", "--by", "month", "--format", "json"]).stdout
        let groups = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]], sourceLocation: sourceLocation)
        var programme: [String: Int64] = [:], reportedServices: [String: Int64] = [:]
        var reportedVisits = 0, allocated: Int64 = 0, spent: Int64 = 0
        for group in groups {
            reportedVisits += group["visits"] as? Int ?? 0
            allocated += Int64(group["allocatedCents"] as? Int ?? 0)
            spent += Int64(group["spentCents"] as? Int ?? 0)
            for (name, quantity) in group["services"] as? [String: Int] ?? [:] { reportedServices[name, default: 0] += Int64(quantity) }
            for figure in group["programme"] as? [[String: Any]] ?? [] {
                let key = "\(figure["kind"] as? String ?? "")|\(figure["field"] as? String ?? "")|\(figure["value"] as? String ?? "")"
                programme[key, default: 0] += Int64(figure["amount"] as? Int ?? 0)
            }
        }
        #expect(programme == expected, "seed \(seed): programme figures", sourceLocation: sourceLocation)
        #expect(reportedVisits == visits, "seed \(seed): visits", sourceLocation: sourceLocation)
        #expect(reportedServices == services, "seed \(seed): services", sourceLocation: sourceLocation)
        #expect(allocated == allocatedCents && spent == spentCents, "seed \(seed): doti", sourceLocation: sourceLocation)
        // The Italian table and CSV carry the same figures in the operators' words.
        let table = try run(laptop, ["report", "--from", "01/11/2026", "--to", "30/11/2026", "--by", "month"]).stdout
        #expect(table.contains("Attività del programma") || expected.isEmpty, "seed \(seed): \(table)", sourceLocation: sourceLocation)
    }

    func cleanUp() { site.cleanUp() }
}
