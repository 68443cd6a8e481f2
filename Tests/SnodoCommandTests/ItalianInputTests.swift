import Foundation
import Testing
import SnodoCommandLine
import SnodoModel

/// What Italian operators type: decimal comma and thousands dot, dd/mm/yyyy, hh:mm.
struct ItalianInputTests {
    @Test func amountsTheItalianWayAndTheOther() {
        let accepted: [(String, Int64)] = [
            ("120", 12_000), ("12,50", 1_250), ("12,5", 1_250), ("12.50", 1_250), ("1.500,00", 150_000), ("1.500", 150_000),
            ("1.234.567,89", 123_456_789), ("€ 120", 12_000), ("120 €", 12_000), ("-3,20", -320), ("0,05", 5), ("0.5", 50),
        ]
        for (text, cents) in accepted { #expect(ItalianInput.cents(text) == cents, "\(text)") }
        for text in ["", "12,345", "1.50.0", "1,500,00", "12.3.4", "0.125", "1.5000", "12,", "abc", "1 500", "12.5e3", "--1", "100000001"] {
            #expect(ItalianInput.cents(text) == nil, "\(text)")
        }
    }

    @Test func datesAsOperatorsWriteThem() {
        #expect(ItalianInput.date("31/10/2026") == CivilDate(year: 2026, month: 10, day: 31))
        #expect(ItalianInput.date("1/3/2026") == CivilDate(year: 2026, month: 3, day: 1))
        #expect(ItalianInput.date("31.10.2026") == CivilDate(year: 2026, month: 10, day: 31))
        #expect(ItalianInput.date("2026-10-31") == CivilDate(year: 2026, month: 10, day: 31))
        for text in ["31/02/2026", "10/31/2026", "31/10/26", "31-10-2026", "2026/10/31", "", "31/10/2026 22:00", "3１/10/2026"] {
            #expect(ItalianInput.date(text) == nil, "\(text)")
        }
    }

    @Test func localTimesInTheLocalZone() throws {
        let rome = try #require(TimeZone(identifier: "Europe/Rome"))
        // 31 October 2026, 22:00 in Rome is 21:00 UTC (CET, after the change of 25 October).
        let expected: Int64 = 1_793_480_400_000
        #expect(ItalianInput.timestamp("31/10/2026 22:00", timeZone: rome) == expected)
        #expect(ItalianInput.timestamp("2026-10-31 22:00", timeZone: rome) == expected)
        #expect(ItalianInput.timestamp("2026-10-31T22:00", timeZone: rome) == expected)
        #expect(ItalianInput.timestamp("31/10/2026", timeZone: rome) == expected - 22 * 3_600_000)
        // Summer time: 1 July 2026, 09:30 in Rome is 07:30 UTC.
        #expect(ItalianInput.timestamp("01/07/2026 9:30", timeZone: rome) == 1_782_891_000_000)
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(ItalianInput.timestamp("adesso", now: { now }) == 1_800_000_000_000)
        for text in ["31/10/2026 24:00", "31/10/2026 22:60", "31/10/2026 22", "31/10/2026 22:00:00", "ieri", "31/10/2026  22:00 x"] {
            #expect(ItalianInput.timestamp(text, timeZone: rome) == nil, "\(text)")
        }
    }

    @Test func decimalsWithACommaOrAPoint() {
        #expect(ItalianInput.decimal("0,5") == 0.5)
        #expect(ItalianInput.decimal("0.5") == 0.5)
        #expect(ItalianInput.decimal("-37,5066") == -37.5066)
        #expect(ItalianInput.decimal("1.234,5") == 1234.5)
        for text in ["", "1,2,3", "abc", "0,5 km", "nan", "inf"] { #expect(ItalianInput.decimal(text) == nil, "\(text)") }
    }
}

/// Italian unless the locale asks for English, read the POSIX way.
struct LanguageTests {
    @Test func italianFirstEnglishOnRequest() {
        #expect(Language(environment: [:]) == .italian)
        #expect(Language(environment: ["LANG": "C.UTF-8"]) == .italian)
        #expect(Language(environment: ["LANG": "it_IT.UTF-8"]) == .italian)
        #expect(Language(environment: ["LANG": "en_GB.UTF-8"]) == .english)
        #expect(Language(environment: ["LANG": "en_GB.UTF-8", "LC_ALL": "it_IT.UTF-8"]) == .italian, "LC_ALL wins over LANG")
        #expect(Language(environment: ["LANG": "it_IT.UTF-8", "LC_MESSAGES": "en_US.UTF-8"]) == .english)
        #expect(Language(environment: ["LANGUAGE": "en:it", "LANG": "it_IT.UTF-8"]) == .english, "LANGUAGE's first choice")
        #expect(Language(environment: ["LC_ALL": "", "LANG": "en_US"]) == .english, "an empty variable is not set")
    }

    @Test func pluralsAgree() {
        #expect(counted(1, "visita", "visite") == "1 visita")
        #expect(counted(0, "visita", "visite") == "0 visite")
        #expect(counted(3, "scheda", "schede") == "3 schede")
    }
}
