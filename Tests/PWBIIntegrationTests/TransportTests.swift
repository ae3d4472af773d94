import Testing
import PWBIIntegration

@Suite("HTTP transport values and the scripted transport")
struct TransportTests {
    @Test func requestParts() {
        let request = TransportRequest(
            method: "GET",
            url: "https://api.qasir.id/v1/transactions?from_date=2025-12-27T10%3A00%3A00Z&page=2&q=a+b",
            headers: [HTTPHeaderField("Authorization", "Bearer x")]
        )
        #expect(request.path == "/v1/transactions")
        #expect(request.header("authorization") == "Bearer x")
        #expect(request.header("AUTHORIZATION") == "Bearer x")
        #expect(request.header("Authorisation") == nil)
        let items = request.queryItems
        #expect(items.map(\.name) == ["from_date", "page", "q"])
        #expect(items.map(\.value) == ["2025-12-27T10:00:00Z", "2", "a b"])
        #expect(TransportRequest(method: "GET", url: "https://example.com").path == "/")
    }

    @Test(arguments: [
        ("abc-._~XYZ019", "abc-._~XYZ019"),
        ("a b&c=d", "a%20b%26c%3Dd"),
        ("https://app.pwbi.id/oauth/callback?x=1", "https%3A%2F%2Fapp.pwbi.id%2Foauth%2Fcallback%3Fx%3D1"),
        ("Kopi ☕", "Kopi%20%E2%98%95"),
        ("+/", "%2B%2F"),
    ])
    func percentEncoding(_ plain: String, _ encoded: String) {
        #expect(FormEncoding.percentEncode(plain) == encoded)
        #expect(FormEncoding.percentDecode(encoded) == plain)
    }

    @Test func formRoundTripAndMalformedEscapes() {
        let items = [("grant_type", "authorization_code"), ("code", "a/b+c=="), ("empty", "")]
        let body = FormEncoding.encode(items)
        #expect(body == "grant_type=authorization_code&code=a%2Fb%2Bc%3D%3D&empty=")
        let decoded = FormEncoding.decode(body)
        #expect(decoded.map(\.name) == items.map(\.0))
        #expect(decoded.map(\.value) == items.map(\.1))
        #expect(FormEncoding.percentDecode("100%") == "100%")
        #expect(FormEncoding.percentDecode("%zz%4") == "%zz%4")
        #expect(FormEncoding.decode("flag&x=1").map(\.name) == ["flag", "x"])
    }

    @Test func scriptedStepsAreConsumedInOrderByMatch() async throws {
        let transport = ScriptedTransport()
        transport.enqueue(.respond(TransportResponse(status: 200, text: "token")), matching: .path("/oauth/token", method: "POST"))
        transport.enqueue(.fail(.timeout))
        transport.enqueue(.respond(TransportResponse(status: 503)))
        #expect(transport.pendingSteps == 3)

        await #expect(throws: HTTPTransportError.timeout) {
            try await transport.send(TransportRequest(method: "GET", url: "https://x.test/a"))
        }
        let token = try await transport.send(TransportRequest(method: "POST", url: "https://x.test/oauth/token"))
        #expect(token.status == 200)
        #expect(token.body == Array("token".utf8))
        let unavailable = try await transport.send(TransportRequest(method: "POST", url: "https://x.test/oauth/token"))
        #expect(unavailable.status == 503)
        await #expect(throws: ScriptedTransport.UnexpectedRequest.self) {
            try await transport.send(TransportRequest(method: "GET", url: "https://x.test/b"))
        }
        #expect(transport.requests.map(\.path) == ["/a", "/oauth/token", "/oauth/token", "/b"])
        #expect(transport.pendingSteps == 0)
    }

    @Test func handlerAnswersWhatNoStepMatches() async throws {
        let transport = ScriptedTransport { request in
            TransportResponse(status: 404, headers: [HTTPHeaderField("X-Path", request.path)])
        }
        transport.enqueue(.respond(TransportResponse(status: 200)), matching: .urlPrefix("https://a.test/"))
        let other = try await transport.send(TransportRequest(method: "GET", url: "https://b.test/x"))
        #expect(other.status == 404)
        #expect(other.header("x-path") == "/x")
        #expect(try await transport.send(TransportRequest(method: "GET", url: "https://a.test/y")).isSuccess)
    }

    @Test func transportErrorsReadLikeTheGuide() {
        #expect(HTTPTransportError.timeout.description == "Connection timeout")
        #expect(HTTPTransportError.connectionFailed(reason: "refused").description == "Connection failed: refused")
    }
}
