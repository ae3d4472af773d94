// The transport types' names before 0.x: they collided with swift-http-types' `HTTPRequest` and
// `HTTPResponse`, which Hummingbird and async-http-client hosts import beside this module.

/// The former name of ``TransportRequest``.
@available(*, deprecated, renamed: "TransportRequest")
public typealias HTTPRequest = TransportRequest

/// The former name of ``TransportResponse``.
@available(*, deprecated, renamed: "TransportResponse")
public typealias HTTPResponse = TransportResponse
