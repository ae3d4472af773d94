#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import AsyncHTTPClient
import NIOCore
import NIOPosix
import NIOSSL
import PWBIIntegration
import PWBIRetry

/// A request the transport would not send, or a response it would not take: not a network
/// failure, and trying again cannot help — no retry classifier claims it, so a policy stops.
public enum OutboundRequestError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The response body is over ``AsyncHTTPClientTransport/Limits/maxResponseBytes`` (`limit`).
    case responseTooLarge(limit: Int)
    /// The request could not be sent as built (a malformed URL, a header value with a control
    /// character); the reason names the header, never its value.
    case invalidRequest(String)

    /// `Response too large: …` or `Invalid request: …; nothing was sent`.
    public var description: String {
        switch self {
        case .responseTooLarge(let limit): "Response too large: the body is over \(limit) bytes (PWBI_HTTP_MAX_RESPONSE_BYTES)"
        case .invalidRequest(let reason): "Invalid request: \(reason); nothing was sent"
        }
    }
}

extension AsyncHTTPClientTransport {
    /// The kit's name for a failure to get a response, as its pipelines and retry policies read it:
    ///
    /// | What happened | Thrown | A retry policy |
    /// |---|---|---|
    /// | no response within the timeout (connect, TLS handshake, whole exchange) | ``HTTPTransportError/timeout`` | retries |
    /// | the connection was refused | `TransportError(.connectionRefused)` | retries |
    /// | the host name did not resolve | `TransportError(.nameResolution)` | retries |
    /// | no route to the host | `TransportError(.hostUnreachable)` | retries |
    /// | reset, or closed before the response was complete | `TransportError(.connectionReset / .connectionClosed)` | retries |
    /// | the TLS handshake failed (certificate, host name, protocol) | `TransportError(.tls)` | stops |
    /// | the body is over the limit | ``OutboundRequestError/responseTooLarge(limit:)`` | stops |
    /// | the request could not be sent as built | ``OutboundRequestError/invalidRequest(_:)`` | stops |
    /// | the calling task was cancelled | `CancellationError` | stops |
    ///
    /// A detail names the host, the port, the limit or the TLS library's reason, never a request
    /// header's value nor the URL's path, query or user info (credentials). `cancelled` says
    /// whether the calling task was cancelled (async-http-client reports its own cancellation
    /// alike); `authority` is the request's `host:port` (see ``authority(of:)``).
    public static func classify(_ error: any Error, limits: Limits, cancelled: Bool = false, authority: String? = nil) -> any Error {
        switch error {
        case is HTTPTransportError, is TransportError, is OutboundRequestError:
            return error
        case is CancellationError:
            return cancelled ? CancellationError() : HTTPTransportError.cancelled
        case is DeadlineExceeded:
            return HTTPTransportError.timeout
        case is NIOTooManyBytesError:
            return OutboundRequestError.responseTooLarge(limit: limits.maxResponseBytes)
        case let client as HTTPClientError:
            return classify(client, cancelled: cancelled)
        case let connection as NIOConnectionError:
            let at = "\(bounded(connection.host)):\(connection.port)"
            guard let first = connection.connectionErrors.first else {
                return TransportError(.nameResolution, detail: "\(at) did not resolve")
            }
            // Every address failed; the first one's reason stands for all (they rarely differ).
            return classify(first.error, limits: limits, cancelled: cancelled, at: at)
        default:
            return classify(error, limits: limits, cancelled: cancelled, at: authority.map(bounded))
        }
    }

    /// The `host:port` of `url` without its user info, path, query or fragment (nil when it has none).
    public static func authority(of url: String) -> String? {
        guard let scheme = url.range(of: "://") else { return nil }
        let rest = url[scheme.upperBound...]
        var authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        return authority.isEmpty ? nil : String(authority)
    }

    /// Socket, channel and TLS errors, `at` naming the host and port when known.
    private static func classify(_ error: any Error, limits: Limits, cancelled: Bool, at: String?) -> any Error {
        let place = at.map { " (\($0))" } ?? ""
        switch error {
        case let io as IOError:
            switch io.errnoCode {
            case ECONNREFUSED: return TransportError(.connectionRefused, detail: "connection refused\(place)")
            case ECONNRESET, EPIPE: return TransportError(.connectionReset, detail: "connection reset\(place)")
            case EHOSTUNREACH, ENETUNREACH, ENETDOWN, EHOSTDOWN: return TransportError(.hostUnreachable, detail: "no route to the host\(place)")
            case ETIMEDOUT: return HTTPTransportError.timeout
            default: return TransportError(.connectionReset, detail: "socket error \(io.errnoCode)\(place)")
            }
        case let channel as ChannelError:
            switch channel {
            case .connectTimeout: return HTTPTransportError.timeout
            case .writeHostUnreachable: return TransportError(.hostUnreachable, detail: "no route to the host\(place)")
            default: return TransportError(.connectionClosed, detail: "the connection closed\(place)")
            }
        case let tls as NIOSSLError:
            return TransportError(.tls, detail: bounded("\(tls)") + place)
        case let tls as BoringSSLError:
            return TransportError(.tls, detail: bounded("\(tls)") + place)
        case let tls as NIOSSLExtraError:
            return TransportError(.tls, detail: bounded("\(tls)") + place)
        case is SocketAddressError, is SocketAddressError.UnknownHost:
            return TransportError(.nameResolution, detail: "the host name did not resolve\(place)")
        case let client as HTTPClientError:
            return classify(client, cancelled: cancelled)
        default:
            // The type's name only: an unknown error's description might quote the request.
            return TransportError(.connectionClosed, detail: "\(type(of: error))\(place)")
        }
    }

    /// async-http-client's own errors.
    private static func classify(_ error: HTTPClientError, cancelled: Bool) -> any Error {
        switch error {
        case .deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout, .getConnectionFromPoolTimeout,
             .tlsHandshakeTimeout, .socksHandshakeTimeout, .httpProxyHandshakeTimeout:
            return HTTPTransportError.timeout
        case .cancelled, .requestStreamCancelled:
            return cancelled ? CancellationError() : HTTPTransportError.cancelled
        case .remoteConnectionClosed:
            return TransportError(.connectionClosed, detail: "the server closed the connection before the response was complete")
        case .invalidURL, .emptyHost, .emptyScheme, .missingSocketPath:
            return OutboundRequestError.invalidRequest("the URL is not an absolute http or https URL")
        case .alreadyShutdown:
            return HTTPTransportError.cancelled
        default:
            // The short description never carries associated values (a refused header's value).
            switch error.shortDescription {
            case "Invalid header field names", "Invalid header field values":
                return OutboundRequestError.invalidRequest("a request header was refused")
            case "Unsupported scheme":
                return OutboundRequestError.invalidRequest("the URL's scheme is not http or https")
            default:
                return TransportError(.connectionClosed, detail: error.shortDescription)
            }
        }
    }
}
