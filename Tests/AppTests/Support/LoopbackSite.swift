import Domain
import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import Testing
@testable import App

/// A small web site on 127.0.0.1 with a port the system picks: the answers the link checker meets
/// out there, without leaving the machine. It remembers every request it gets.
///
/// It answers on NIO's own event-loop threads, with no Swift concurrency: the test suites run in
/// parallel in one process, and while others keep the two threads of the cooperative pool busy
/// (bcrypt, SQLite), a site answering from that pool fell silent for many seconds, so that a
/// checker with a 30 s timeout saw "timeout" for `/ok` (the flake of issue 11).
final class LoopbackSite: @unchecked Sendable {
    struct Hit: Sendable {
        let method: String
        let path: String
        let at: Date
    }

    private let lock = NSLock()
    private var log: [Hit] = []
    private(set) var port: Int?

    func record(method: String, path: String) {
        lock.withLock { log.append(Hit(method: method, path: path, at: Date())) }
    }

    func hits(_ path: String, _ method: String? = nil) -> [Hit] {
        lock.withLock { log.filter { $0.path == path && (method == nil || $0.method == method) } }
    }

    func count(_ path: String, _ method: String? = nil) -> Int { hits(path, method).count }

    /// The answer for a path and method; nil for `/slow`, which never answers (the connection is
    /// held until the site stops), so only the checker's own timeout can end the request.
    static func answer(_ path: String, _ method: HTTPMethod) -> (status: HTTPResponseStatus, headers: [(String, String)])? {
        switch path {
        case "/ok": (.ok, [])
        case "/moved": (.movedPermanently, [("Location", "/ok")])
        case "/gone404": (.notFound, [])
        case "/gone410": (.gone, [])
        case "/busy": (.tooManyRequests, [])
        case "/headfails": method == .HEAD ? (.methodNotAllowed, []) : (.ok, [])
        case "/slow": nil
        default: (.notFound, [])
        }
    }

    final class Handler: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart
        let site: LoopbackSite
        init(site: LoopbackSite) { self.site = site }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            guard case .head(let head) = unwrapInboundIn(data) else { return }
            let path = String(head.uri.split(separator: "?", maxSplits: 1).first ?? "")
            site.record(method: head.method.rawValue, path: path)
            guard let (status, extra) = LoopbackSite.answer(path, head.method) else { return }
            let body = head.method == .HEAD ? "" : "\(status.code)"
            var headers = HTTPHeaders(extra)
            headers.add(name: "Content-Length", value: head.method == .HEAD ? "0" : "\(body.utf8.count)")
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: status, headers: headers))), promise: nil)
            if !body.isEmpty { context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: body)))), promise: nil) }
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
    }

    /// Starts the site, runs `body` with it and its base address (`http://127.0.0.1:PORT`), stops it.
    static func run<Value: Sendable>(_ body: @Sendable (LoopbackSite, String) async throws -> Value) async throws -> Value {
        let site = LoopbackSite()
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(Handler(site: site))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        site.port = channel.localAddress?.port
        do {
            let port = try #require(site.port)
            let value = try await body(site, "http://127.0.0.1:\(port)")
            try? await channel.close()
            try? await group.shutdownGracefully()
            return value
        } catch {
            try? await channel.close()
            try? await group.shutdownGracefully()
            throw error
        }
    }
}
