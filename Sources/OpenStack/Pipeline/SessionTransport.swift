public import Transport

/// What sends one HTTP request for a session. The session never reaches for the event loop
/// itself, so a test can put a transport in front of the emulator that answers some requests
/// its own way (a Keystone that fails twice, then recovers).
public protocol SessionTransport: Sendable {
    /// Sends `request` once; no answer at all is a TransportError, any status is a response.
    @LoopActor func perform(_ request: HTTPRequest) async -> Result<HTTPResponse, TransportError>
}

/// The real transport: libcurl on the shared event loop.
public struct EventLoopTransport: SessionTransport {
    public init() {}

    @LoopActor public func perform(_ request: HTTPRequest) async -> Result<HTTPResponse, TransportError> {
        do throws(TransportError) {
            return .success(try await EventLoop.shared.perform(request))
        } catch {
            return .failure(error)
        }
    }
}
