import Foundation
import SwitchboardDomain
import Testing

/// Validation of the settings an administrator types.
@Suite struct SettingsRulesTests {
    @Test(arguments: ["UTC", "Europe/Berlin", "America/New_York"])
    func knownTimeZonesAreAccepted(name: String) throws {
        #expect(try SettingsRules.timeZone(name) == name)
    }

    @Test(arguments: ["", "Mars/Olympus", "Europe/Berln"])
    func unknownTimeZonesAreRefused(name: String) {
        #expect(throws: SimpleDomainError.self) { try SettingsRules.timeZone(name) }
    }

    @Test func businessHoursAreSortedAndEveryDayIsPresent() throws {
        let hours = try SettingsRules.businessHours(BusinessHours(["fri": [["13:00", "24:00"], ["00:00", "12:00"]]]))
        #expect(hours.ranges["fri"] == [["00:00", "12:00"], ["13:00", "24:00"]])
        #expect(Set(hours.ranges.keys) == Set(BusinessHours.days))
        #expect(hours.ranges["mon"] == [])
    }

    @Test(arguments: [
        ["mon": [["9:00", "17:00"]]], ["mon": [["09:00"]]], ["mon": [["09:60", "17:00"]]], ["mon": [["17:00", "17:00"]]],
        ["mon": [["24:30", "25:00"]]], ["weekday": [["09:00", "17:00"]]], ["mon": [["08:00", "12:00"], ["11:59", "13:00"]]],
    ])
    func malformedBusinessHoursAreRefused(ranges: [String: [[String]]]) {
        #expect(throws: SimpleDomainError.self) { try SettingsRules.businessHours(BusinessHours(ranges)) }
    }

    @Test func originsAreNormalisedAndDeduplicated() throws {
        #expect(
            try SettingsRules.origins(["HTTPS://WWW.Example.com/", "https://www.example.com", "http://localhost:8080"])
                == ["https://www.example.com", "http://localhost:8080"]
        )
    }

    @Test(arguments: [
        "www.example.com", "ftp://example.com", "https://example.com/path", "https://example.com?x=1",
        "https://user@example.com", "https://", "https://example.com:99999", "https://exa mple.com", "https://example.com#top",
    ])
    func originsWithMoreOrLessThanSchemeHostAndPortAreRefused(origin: String) {
        #expect(throws: SimpleDomainError.self) { try SettingsRules.origin(origin) }
    }
}
