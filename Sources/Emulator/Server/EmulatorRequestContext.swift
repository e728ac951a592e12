public import Hummingbird
import NIOCore

/// The request context: Hummingbird's core storage plus the connection, which a dropped-connection
/// fault closes.
public struct EmulatorRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    let channel: any Channel

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }

    /// Closes the TCP connection at once, before any byte of a response has been written.
    func dropConnection() async {
        try? await channel.close(mode: .all).get()
    }
}
