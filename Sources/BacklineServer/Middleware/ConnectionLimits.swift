import Hummingbird
import HummingbirdCore
import NIOCore
import NIOHTTPTypes

/// What a connection may hold: how long it may sit without a complete request part, and how
/// many connections the server keeps open at once.
///
/// The idle timeout is Hummingbird's: it counts only complete request heads, body parts and ends
/// as activity, so it closes a keep-alive connection left idle and also one that sends half a
/// request head and stalls, or trickles it byte by byte (slowloris). Past `maximumConnections` the
/// server stops accepting until one closes; those waiting stay in the kernel's backlog.
public struct ConnectionLimits: Sendable {
    public var idleTimeoutSeconds: Int
    public var maximumConnections: Int

    public init(idleTimeoutSeconds: Int = ConnectionLimits.defaultIdleTimeoutSeconds, maximumConnections: Int = ConnectionLimits.defaultMaximumConnections) {
        self.idleTimeoutSeconds = idleTimeoutSeconds
        self.maximumConnections = maximumConnections
    }

    public static let defaultIdleTimeoutSeconds = 15
    public static let defaultMaximumConnections = 1024

    /// The HTTP/1.1 server with these limits, closing a connection after any answer that refuses
    /// its request's body.
    var server: HTTPServerBuilder {
        .http1(configuration: .init(additionalChannelHandlers: [CloseAfterRefusal()], idleTimeout: .seconds(Int64(idleTimeoutSeconds))))
    }

    var availableConnections: any AvailableConnectionsDelegate { MaximumAvailableConnections(maximumConnections) }
}

/// Closes the connection once a 413 answer is written. The server did not read the body it refused,
/// so the connection cannot carry another request; keeping it open would leave a client that sent
/// `Connection: close` uploading into a socket nobody reads until its own timeout.
final class CloseAfterRefusal: ChannelOutboundHandler, RemovableChannelHandler {
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private var closing = false

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(let head):
            if head.status == .contentTooLarge { closing = true }
            context.write(data, promise: promise)
        case .end where closing:
            closing = false
            let written = context.eventLoop.makePromise(of: Void.self)
            written.futureResult.cascade(to: promise)
            written.futureResult.whenComplete { _ in context.close(promise: nil) }
            context.writeAndFlush(data, promise: written)
        default:
            context.write(data, promise: promise)
        }
    }
}
