import Hummingbird
import HummingbirdCore
import NIOCore
import NIOHTTPTypes

/// What a connection may hold: how long a new connection has to send its first request head, how
/// long it may sit without a complete request part, and how many the server keeps open at once.
///
/// The header timeout starts when the connection opens and ends at the first complete request
/// head: a client that connects and sends nothing, half a request line, or trickles its head byte
/// by byte (slowloris) is closed after it. The idle timeout is Hummingbird's: it counts only
/// complete request heads, body parts and ends as activity, so it closes a keep-alive connection
/// left idle between requests and one that stalls part way through a later request. Past
/// `maximumConnections` the server stops accepting until one closes; those waiting stay in the
/// kernel's backlog.
public struct ConnectionLimits: Sendable {
    public var headerTimeoutSeconds: Int
    public var idleTimeoutSeconds: Int
    public var maximumConnections: Int

    public init(
        headerTimeoutSeconds: Int = ConnectionLimits.defaultHeaderTimeoutSeconds,
        idleTimeoutSeconds: Int = ConnectionLimits.defaultIdleTimeoutSeconds,
        maximumConnections: Int = ConnectionLimits.defaultMaximumConnections
    ) {
        self.headerTimeoutSeconds = headerTimeoutSeconds
        self.idleTimeoutSeconds = idleTimeoutSeconds
        self.maximumConnections = maximumConnections
    }

    public static let defaultHeaderTimeoutSeconds = 5
    public static let defaultIdleTimeoutSeconds = 15
    public static let defaultMaximumConnections = 1024

    /// The HTTP/1.1 server with these limits, closing a connection after any answer that refuses
    /// its request's body.
    var server: HTTPServerBuilder {
        let headerTimeout = TimeAmount.seconds(Int64(headerTimeoutSeconds))
        return .http1(
            configuration: .init(
                additionalChannelHandlers: [HeaderTimeout(headerTimeout), CloseAfterRefusal()],
                idleTimeout: .seconds(Int64(idleTimeoutSeconds))))
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

/// Closes a new connection whose first request head is not complete within the timeout. It sits
/// after the HTTP decoder, so a head sent in pieces counts only once it is whole.
final class HeaderTimeout: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart

    private let timeout: TimeAmount
    private var deadline: Scheduled<Void>?
    private var headSeen = false

    init(_ timeout: TimeAmount) { self.timeout = timeout }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { startClock(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        startClock(context)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .head = unwrapInboundIn(data) { stopClock() }
        context.fireChannelRead(data)
    }

    func channelInactive(context: ChannelHandlerContext) {
        stopClock()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) { stopClock() }

    private func startClock(_ context: ChannelHandlerContext) {
        guard deadline == nil, !headSeen else { return }
        let channel = context.channel
        deadline = context.eventLoop.scheduleTask(in: timeout) { channel.close(promise: nil) }
    }

    private func stopClock() {
        headSeen = true
        deadline?.cancel()
        deadline = nil
    }
}
