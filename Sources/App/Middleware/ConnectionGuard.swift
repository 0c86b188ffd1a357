import HTTPTypes
import HummingbirdCore
import Logging
import NIOConcurrencyHelpers
import NIOCore

/// What one connection may cost the server before it is closed.
public struct ConnectionLimits: Sendable, Equatable {
    /// Seconds from the moment a connection opens, or its previous response ended, until a complete
    /// request head must have arrived. Also the keep-alive idle limit between requests.
    public var headerTimeout: Int = 15
    /// Bytes per second a request body must keep up, averaged over the time the server was waiting
    /// for it, once the first `headerTimeout` seconds have passed. 0 switches the rule off.
    public var minUploadRate: Int = 1024
    /// Connections one remote address may hold open at once; 0 is no limit.
    public var maxConnectionsPerAddress: Int = 64
    /// Hummingbird's idle timeout: no request part at all for this long while a body is arriving
    /// closes the connection, even when the average rate is still good (a dead mobile link).
    public var bodyStallTimeout: Int = 60

    public init() {}
}

/// The open connections per remote address, shared by every connection of one server.
public final class ConnectionTable: Sendable {
    private let counts = NIOLockedValueBox<[String: Int]>([:])

    public init() {}

    /// Counts one more connection from `address`; false (and not counted) when it already holds `limit`.
    func open(_ address: String, limit: Int) -> Bool {
        counts.withLockedValue { counts in
            let current = counts[address, default: 0]
            guard limit <= 0 || current < limit else { return false }
            counts[address] = current + 1
            return true
        }
    }

    func close(_ address: String) {
        counts.withLockedValue { counts in
            let left = counts[address, default: 0] - 1
            counts[address] = left > 0 ? left : nil
        }
    }

    /// Open connections of one address (tests).
    public func count(_ address: String) -> Int {
        counts.withLockedValue { $0[address, default: 0] }
    }
}

/// Guards one HTTP/1 connection against clients that hold it without sending anything useful:
///
/// - a request head must be complete within `headerTimeout` of the connection opening or of the
///   previous response ending (a half-sent head never becomes a request, so only a timer can end it);
/// - a request body must keep up `minUploadRate` on average after a grace of `headerTimeout`. Only
///   the time during which the server asked for more bytes counts: while the handler is busy and
///   has stopped reading (backpressure), the client is not to blame;
/// - one address may hold at most `maxConnectionsPerAddress` connections; one more is answered 503
///   and closed at once.
///
/// It sits after the HTTP decoder (it sees `HTTPRequestPart`s) and before Hummingbird's own handlers,
/// so it also sees every `read` the server issues and every response part written. A response being
/// written (a long CSV export) is never timed.
final class ConnectionGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPConnectionStateHandler.InboundIn
    typealias InboundOut = HTTPConnectionStateHandler.InboundIn
    typealias OutboundIn = HTTPConnectionStateHandler.OutboundIn
    typealias OutboundOut = HTTPConnectionStateHandler.OutboundIn

    private let limits: ConnectionLimits
    private let table: ConnectionTable
    private let logger: Logger

    /// The address counted in `table`, once counted.
    private var countedAddress: String?
    private var started = false
    private var refused = false
    private var requestsRead = 0
    private var responsesWritten = 0
    private var readingBody = false
    private var bodyBytes = 0
    /// Time the server spent waiting for body bytes (a read outstanding) in the current body.
    private var bodyWaited: TimeAmount = .zero
    /// When the read now outstanding was asked for; nil when none is.
    private var readAskedAt: NIODeadline?
    private var headTimer: Scheduled<Void>?
    private var bodyTimer: Scheduled<Void>?

    init(limits: ConnectionLimits, table: ConnectionTable, logger: Logger) {
        self.limits = limits
        self.table = table
        self.logger = logger
    }

    // MARK: connection life

    func handlerAdded(context: ChannelHandlerContext) {
        // Already connected: start once the pipeline is complete (a refusal closes the channel,
        // which must not happen while Hummingbird is still adding its handlers).
        if context.channel.isActive {
            context.eventLoop.assumeIsolated().execute { [self] in start(context) }
        }
    }

    func channelActive(context: ChannelHandlerContext) {
        start(context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        stop()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        stop()
    }

    private func start(_ context: ChannelHandlerContext) {
        guard !started, context.channel.isActive else { return }
        started = true
        let address = context.channel.remoteAddress?.ipAddress ?? "?"
        if limits.maxConnectionsPerAddress > 0 {
            guard table.open(address, limit: limits.maxConnectionsPerAddress) else {
                refuse(context, address: address)
                return
            }
            countedAddress = address
        }
        waitForHead(context)
    }

    private func stop() {
        headTimer?.cancel()
        headTimer = nil
        bodyTimer?.cancel()
        bodyTimer = nil
        release()
    }

    /// Gives the connection's place in the per-address table back (once).
    private func release() {
        if let address = countedAddress {
            countedAddress = nil
            table.close(address)
        }
    }

    /// Closes the connection, giving its place back first: whoever sees the connection end can
    /// open a new one at once.
    private func closeConnection(_ context: ChannelHandlerContext) {
        stop()
        context.close(promise: nil)
    }

    func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
        // The server ends the connection (after `Connection: close` Hummingbird first closes its
        // output, then the whole channel; or at shutdown): the place is free before the client
        // sees the connection end.
        if mode != .input { stop() }
        context.close(mode: mode, promise: promise)
    }

    /// Over the per-address cap: a minimal 503, then the connection is closed.
    private func refuse(_ context: ChannelHandlerContext, address: String) {
        refused = true
        logger.debug("connection refused: too many from one address", metadata: [
            "address": .string(address), "limit": .stringConvertible(limits.maxConnectionsPerAddress),
        ])
        var fields = HTTPFields()
        fields[.contentLength] = "0"
        fields[.connection] = "close"
        fields[.retryAfter] = "1"
        context.write(wrapOutboundOut(.head(HTTPResponse(status: .serviceUnavailable, headerFields: fields))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        context.close(promise: nil)
    }

    // MARK: reading

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !refused else { return }
        switch unwrapInboundIn(data) {
        case .head:
            requestsRead += 1
            headTimer?.cancel()
            headTimer = nil
            readingBody = true
            bodyBytes = 0
            bodyWaited = .zero
            if readAskedAt != nil { readAskedAt = .now() }  // only time after the head counts
            scheduleBodyCheck(context)
        case .body(let buffer):
            bodyBytes += buffer.readableBytes
        case .end:
            readingBody = false
            bodyTimer?.cancel()
            bodyTimer = nil
            if requestsRead == responsesWritten { waitForHead(context) }
        }
        context.fireChannelRead(data)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        // The outstanding read was answered by the client.
        if let asked = readAskedAt {
            if readingBody { bodyWaited = bodyWaited + (.now() - asked) }
            readAskedAt = nil
        }
        context.fireChannelReadComplete()
    }

    func read(context: ChannelHandlerContext) {
        // The server wants more bytes: from now the client is the one keeping us waiting.
        if readAskedAt == nil { readAskedAt = .now() }
        context.read()
    }

    // MARK: writing

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) {
            responsesWritten += 1
            if requestsRead == responsesWritten, !readingBody { waitForHead(context) }
        }
        context.write(data, promise: promise)
    }

    // MARK: timers

    /// From now, the next request head must be complete within the header timeout.
    private func waitForHead(_ context: ChannelHandlerContext) {
        headTimer?.cancel()
        guard limits.headerTimeout > 0 else { return }
        headTimer = context.eventLoop.assumeIsolated().scheduleTask(in: .seconds(Int64(limits.headerTimeout))) { [self] in
            headTimer = nil
            logger.debug("connection closed: no complete request head in time", metadata: [
                "address": .string(context.channel.remoteAddress?.ipAddress ?? "?"),
                "seconds": .stringConvertible(limits.headerTimeout),
            ])
            closeConnection(context)
        }
    }

    private func scheduleBodyCheck(_ context: ChannelHandlerContext) {
        bodyTimer?.cancel()
        bodyTimer = nil
        guard limits.minUploadRate > 0 else { return }
        bodyTimer = context.eventLoop.assumeIsolated().scheduleTask(in: .seconds(1)) { [self] in
            bodyTimer = nil
            guard readingBody else { return }
            if bodyBehind() {
                logger.debug("connection closed: request body below the minimum rate", metadata: [
                    "address": .string(context.channel.remoteAddress?.ipAddress ?? "?"),
                    "bytes": .stringConvertible(bodyBytes), "rate": .stringConvertible(limits.minUploadRate),
                ])
                closeConnection(context)
            } else {
                scheduleBodyCheck(context)
            }
        }
    }

    /// Whether the body has fallen behind: fewer bytes than the minimum rate asks for the time the
    /// server spent waiting for them, less the grace.
    private func bodyBehind() -> Bool {
        var waited = bodyWaited
        if let asked = readAskedAt { waited = waited + (.now() - asked) }
        let counted = Double(waited.nanoseconds) / 1e9 - Double(limits.headerTimeout)
        guard counted > 0 else { return false }
        return Double(bodyBytes) < counted * Double(limits.minUploadRate)
    }
}

@available(*, unavailable)
extension ConnectionGuard: Sendable {}
