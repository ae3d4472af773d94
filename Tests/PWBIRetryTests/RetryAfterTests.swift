import Foundation
import Testing

@testable import PWBIRetry

@Suite("Retry-After parsing")
struct RetryAfterTests {
    struct DateVector: Decodable, Sendable, CustomTestStringConvertible {
        let text: String
        let unix: Int64
        let form: String
        var testDescription: String { "\(form): \(text)" }
    }

    struct DateVectors: Decodable {
        let nowUnix: Int64
        let dates: [DateVector]
    }

    static let vectors: DateVectors? = try? fixture("http-dates", as: DateVectors.self)
    static let now = Date(timeIntervalSince1970: 1_795_305_600)  // Sun, 22 Nov 2026 00:00:00 GMT

    @Test func vectorsLoaded() throws {
        let vectors = try #require(Self.vectors)
        #expect(vectors.nowUnix == 1_795_305_600)
        #expect(vectors.dates.count >= 20)
    }

    @Test("all three HTTP-date forms parse to the right instant", arguments: vectors?.dates ?? [])
    func httpDates(_ vector: DateVector) throws {
        let parsed = try #require(RetryAfter.parse(vector.text, now: Self.now))
        #expect(parsed == .date(Date(timeIntervalSince1970: Double(vector.unix))))
    }

    @Test func deltaSeconds() {
        #expect(RetryAfter.parse("120", now: Self.now) == .seconds(120))
        #expect(RetryAfter.parse(" 0 ", now: Self.now) == .seconds(0))
        #expect(RetryAfter.delay(header: "7", now: Self.now) == .seconds(7))
    }

    @Test func hugeDeltaSaturates() {
        #expect(RetryAfter.parse("99999999999999999999999999999", now: Self.now) == .seconds(Int64.max / 1_000_000_000))
    }

    @Test func futureDateGivesDelay() {
        #expect(RetryAfter.delay(header: "Sun, 22 Nov 2026 00:00:30 GMT", now: Self.now) == .seconds(30))
        let halfSecondLater = Date(timeIntervalSince1970: 1_795_305_600.5)
        #expect(RetryAfter.delay(header: "Sun, 22 Nov 2026 00:00:30 GMT", now: halfSecondLater) == .milliseconds(29_500))
    }

    @Test func pastOrPresentDateFallsBack() {
        #expect(RetryAfter.delay(header: "Sun, 06 Nov 1994 08:49:37 GMT", now: Self.now) == nil)
        #expect(RetryAfter.delay(header: "Sun, 22 Nov 2026 00:00:00 GMT", now: Self.now) == nil)
    }

    @Test("garbage is not a Retry-After", arguments: [
        "", "   ", "-5", "+5", "5.5", "1e3", "soon", "0x10", "12 34",
        "Sun, 06 Nov 1994 08:49:37 UTC", "Sun, 6 Nov 1994 08:49:37 GMT", "Sun, 06 Nov 94 08:49:37 GMT",
        "Sun, 31 Feb 2026 08:49:37 GMT", "Sun, 06 Nov 1994 24:00:00 GMT", "Sun, 06 Nov 1994 08:60:00 GMT",
        "Sun, 06 Foo 1994 08:49:37 GMT", "Sunday, 06-Nov-1994 08:49:37 GMT", "Sun Nov 6 08:49:37 1994",
        "Sun, 06 Nov 1994 08:49:37 GMT trailing", "Xyz, 06 Nov 1994 08:49:37 GMT", "sun, 06 nov 1994 08:49:37 gmt",
        "Sun, 29 Feb 2026 00:00:00 GMT", "Sun,06 Nov 1994 08:49:37 GMT", "\u{00e9}", "Sun, 06 Nov 1994 08:49:37 GM",
    ])
    func garbage(_ header: String) {
        #expect(RetryAfter.parse(header, now: Self.now) == nil)
        #expect(RetryAfter.delay(header: header, now: Self.now) == nil)
    }

    @Test func rfc850CenturyIsChosenRelativeToNow() throws {
        // 76 is 50 years ahead of 2026: still this century; 77 would be more than 50 years ahead.
        let ahead = try #require(RetryAfter.parse("Sunday, 01-Jan-76 00:00:00 GMT", now: Self.now))
        #expect(ahead == .date(Date(timeIntervalSince1970: 3_345_062_400)))  // 2076-01-01
        let past = try #require(RetryAfter.parse("Saturday, 01-Jan-77 00:00:00 GMT", now: Self.now))
        #expect(past == .date(Date(timeIntervalSince1970: 220_924_800)))  // 1977-01-01
    }

    @Test func civilCalendarRoundTrips() {
        #expect(HTTPDate.daysFromCivil(year: 1970, month: 1, day: 1) == 0)
        #expect(HTTPDate.daysFromCivil(year: 2000, month: 3, day: 1) == 11_017)
        #expect(HTTPDate.civilYear(unixSeconds: 1_795_305_600) == 2026)
        #expect(HTTPDate.civilYear(unixSeconds: -1) == 1969)
        #expect(HTTPDate.civilYear(unixSeconds: 951_868_799) == 2000)
    }
}

@Suite("Failure classification")
struct ClassificationTests {
    static let now = Date(timeIntervalSince1970: 1_795_305_600)
    static let http = HTTPRetryClassifier.standard

    @Test("1xx, 2xx and 3xx are not failures", arguments: [100, 101, 200, 201, 204, 206, 299, 301, 302, 304, 307, 308, 399])
    func notFailures(_ status: Int) {
        #expect(Self.http.action(forStatus: status, retryAfter: "5", now: Self.now) == nil)
    }

    @Test("retryable statuses retry", arguments: [408, 425, 429, 500, 502, 503, 504])
    func retryable(_ status: Int) {
        #expect(Self.http.action(forStatus: status, now: Self.now) == .retry)
        #expect(Self.http.action(forStatus: status, retryAfter: "3", now: Self.now) == .retryAfter(.seconds(3)))
    }

    @Test("every other 4xx and 5xx stops", arguments: [400, 401, 402, 403, 404, 405, 409, 410, 413, 418, 422, 499, 501, 505, 511, 599])
    func permanent(_ status: Int) {
        #expect(Self.http.action(forStatus: status, retryAfter: "3", now: Self.now) == .stop)
    }

    @Test("out-of-range statuses stop", arguments: [-1, 0, 99, 600, 999])
    func outOfRange(_ status: Int) {
        #expect(Self.http.action(forStatus: status, now: Self.now) == .stop)
    }

    @Test func fullStatusRangeFollowsTheTable() {
        for status in 100...599 {
            let action = Self.http.action(forStatus: status, now: Self.now)
            if status < 400 {
                #expect(action == nil)
            } else {
                #expect(action == (HTTPRetryClassifier.defaultRetryableStatuses.contains(status) ? .retry : .stop))
            }
        }
    }

    @Test func retryAfterIsClampedToTheCap() throws {
        let http = try HTTPRetryClassifier(maximumRetryAfter: .seconds(60))
        #expect(http.action(forStatus: 429, retryAfter: "3600", now: Self.now) == .retryAfter(.seconds(60)))
        #expect(http.action(forStatus: 503, retryAfter: "Sun, 22 Nov 2026 01:00:00 GMT", now: Self.now) == .retryAfter(.seconds(60)))
        #expect(http.action(forStatus: 503, retryAfter: "Sun, 22 Nov 2026 00:00:45 GMT", now: Self.now) == .retryAfter(.seconds(45)))
    }

    @Test func unusableRetryAfterFallsBackToBackoff() {
        for header in ["-10", "later", "Sun, 06 Nov 1994 08:49:37 GMT", ""] {
            #expect(Self.http.action(forStatus: 429, retryAfter: header, now: Self.now) == .retry)
        }
    }

    @Test func classifierValidation() {
        #expect(throws: RetryConfigurationError.self) { try HTTPRetryClassifier(maximumRetryAfter: .seconds(-1)) }
        #expect(throws: RetryConfigurationError.self) { try HTTPRetryClassifier(retryableStatuses: [200]) }
    }

    @Test func standardClassifierChain() {
        let context = FailureContext(attempt: 1, now: Self.now)
        let standard = FailureClassifier.standard
        #expect(standard.classify(HTTPStatusError(statusCode: 503), context: context) == .retry)
        #expect(standard.classify(HTTPStatusError(statusCode: 429, retryAfterHeader: "2"), context: context) == .retryAfter(.seconds(2)))
        #expect(standard.classify(HTTPStatusError(statusCode: 404), context: context) == .stop)
        #expect(standard.classify(HTTPStatusError(statusCode: 304), context: context) == .stop)
        for kind in TransportError.Kind.allCases {
            #expect(standard.classify(TransportError(kind), context: context) == (kind == .tls ? .stop : .retry))
        }
        #expect(standard.classify(AttemptTimeoutError(attempt: 1, timeout: .seconds(1)), context: context) == .retry)
        #expect(standard.classify(CancellationError(), context: context) == .stop)
        #expect(standard.classify(FlakyError(attempt: 1), context: context) == .stop)
    }

    @Test func cancellationIsNeverRetriedEvenByRetryAll() {
        let context = FailureContext(attempt: 1, now: Self.now)
        #expect(FailureClassifier.retryAll.classify(CancellationError(), context: context) == .stop)
        #expect(FailureClassifier.retryAll.classify(FlakyError(attempt: 1), context: context) == .retry)
    }

    @Test func customClassifiersChain() {
        let context = FailureContext(attempt: 2, now: Self.now)
        let custom = FailureClassifier { error, context in
            (error as? FlakyError).map { _ in context.attempt < 3 ? .retry : .stop }
        }.orElse(.standard)
        #expect(custom.classify(FlakyError(attempt: 1), context: context) == .retry)
        #expect(custom.classify(HTTPStatusError(statusCode: 502), context: context) == .retry)
    }

    struct HostResponseError: HTTPFailure {
        let statusCode: Int
        let retryAfterHeader: String?
    }

    @Test func hostErrorTypesConformToHTTPFailure() {
        let context = FailureContext(attempt: 1, now: Self.now)
        #expect(FailureClassifier.standard.classify(HostResponseError(statusCode: 429, retryAfterHeader: "9"), context: context)
            == .retryAfter(.seconds(9)))
    }
}
