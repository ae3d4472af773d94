import Foundation
import Testing
@testable import WebhookServerCore

/// The log line's time, written by hand, is what Foundation's ISO 8601 format writes.
@Suite struct LogTimeTests {
    @Test(arguments: [
        0, -1, -0.5, 0.999, 59, 86_399, 86_400, 951_782_400, 951_868_799, 1_709_251_199, 1_709_251_200, 4_102_444_800,
        1_796_651_340.75, -2_208_988_800, -2_208_988_801, 253_402_300_799, 253_402_300_800, 13_569_465_599,
    ] as [Double])
    func theTimeIsFoundationsISO8601(_ seconds: Double) {
        let date = Date(timeIntervalSince1970: seconds)
        #expect(JSONLogHandler.iso8601(date) == date.formatted(.iso8601))
    }

    @Test func aWeekByWeekWalkOverFourHundredYearsIsFoundationsISO8601() {
        // One instant a week, at a varying time of day, 1900-03-01 … 2300-02-28.
        var seconds: Double = -2_203_891_200
        var mismatches: [String] = []
        while seconds < 10_418_889_600 {
            let date = Date(timeIntervalSince1970: seconds)
            if JSONLogHandler.iso8601(date) != date.formatted(.iso8601) { mismatches.append(date.formatted(.iso8601)) }
            seconds += 7 * 86_400 + 3_607
        }
        #expect(mismatches.isEmpty)
    }
}
