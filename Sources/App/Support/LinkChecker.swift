import Domain
import Foundation
import Logging
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Checks that archived links still live: HEAD first, GET when HEAD does not give a clear answer,
/// redirects followed, each request with a timeout, a few hosts at a time, and one request at a
/// time per host with a pause between them (platforms block impatient robots).
public final class LinkChecker: Sendable {
    public struct Options: Sendable {
        /// Seconds a request may take.
        public var timeout: TimeInterval = 10
        /// Hosts checked at the same time.
        public var concurrency: Int = 4
        /// Seconds between two requests to the same host.
        public var perHostDelay: TimeInterval = 1
        /// Links checked in one run, least recently checked first.
        public var limit: Int = 100_000

        public init(timeout: TimeInterval = 10, concurrency: Int = 4, perHostDelay: TimeInterval = 1, limit: Int = 100_000) {
            self.timeout = timeout
            self.concurrency = concurrency
            self.perHostDelay = perHostDelay
            self.limit = limit
        }
    }

    /// What one check found.
    public struct Outcome: Sendable, Equatable {
        public var status: LinkStatus
        public var httpStatus: Int?
        public var method: String
        public var detail: String?
    }

    /// How many links a run found in each state.
    public struct Summary: Sendable, Equatable {
        public var checked = 0
        public var active = 0
        public var dead = 0
        public var unknown = 0
    }

    let options: Options
    let session: URLSession

    public init(options: Options = Options()) {
        self.options = options
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = options.timeout
        configuration.timeoutIntervalForResource = options.timeout * 2
        configuration.httpMaximumConnectionsPerHost = 1
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.httpAdditionalHeaders = ["User-Agent": "Warta-LinkChecker/1.0 (arsip tautan humas)"]
        self.session = URLSession(configuration: configuration)
    }

    /// A session holds its connections and threads until it is invalidated.
    deinit {
        session.finishTasksAndInvalidate()
    }

    /// One link: HEAD, then GET unless HEAD said 2xx or the host timed out.
    public func check(_ url: String) async -> Outcome {
        guard let target = URL(string: url), let scheme = target.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
            return Outcome(status: .unknown, httpStatus: nil, method: "-", detail: "not an http(s) link")
        }
        let head = await request(target, method: "HEAD")
        if let status = head.httpStatus, (200..<300).contains(status) { return head }
        if head.detail == "timeout" { return head }
        // The GET is a second request to the same host: it waits like any other.
        if options.perHostDelay > 0 { try? await Task.sleep(nanoseconds: UInt64(options.perHostDelay * 1_000_000_000)) }
        return await request(target, method: "GET")
    }

    func request(_ url: URL, method: String) async -> Outcome {
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: options.timeout)
        request.httpMethod = method
        do {
            let (_, response) = try await session.data(for: request)
            let code = (response as? HTTPURLResponse)?.statusCode
            return Outcome(status: LinkCheck.classify(statusCode: code), httpStatus: code, method: method, detail: nil)
        } catch let error as URLError where error.code == .timedOut {
            return Outcome(status: .unknown, httpStatus: nil, method: method, detail: "timeout")
        } catch let error as URLError {
            return Outcome(status: .unknown, httpStatus: nil, method: method, detail: "\(error.code.rawValue): \(error.localizedDescription)")
        } catch {
            return Outcome(status: .unknown, httpStatus: nil, method: method, detail: "\(error)")
        }
    }

    /// Checks every current archived link and records each result with its history.
    public func run(database: AppDatabase, now: @escaping @Sendable () -> Date, logger: Logger) async throws -> Summary {
        let links = try database.linksToCheck(limit: options.limit)
        var byHost: [String: [ContentLinkRecord]] = [:]
        for link in links { byHost[LinkCheck.host(of: link.url) ?? "", default: []].append(link) }
        let hosts = Array(byHost.values)
        let width = max(1, options.concurrency)
        var summary = Summary()
        try await withThrowingTaskGroup(of: Summary.self) { group in
            var next = 0
            func start() {
                guard next < hosts.count else { return }
                let batch = hosts[next]
                next += 1
                group.addTask { try await self.checkHost(batch, database: database, now: now) }
            }
            for _ in 0..<min(width, hosts.count) { start() }
            while let part = try await group.next() {
                summary.checked += part.checked
                summary.active += part.active
                summary.dead += part.dead
                summary.unknown += part.unknown
                start()
            }
        }
        logger.info("link check finished", metadata: [
            "checked": "\(summary.checked)", "aktif": "\(summary.active)", "mati": "\(summary.dead)", "tidak-dapat-dicek": "\(summary.unknown)",
        ])
        return summary
    }

    /// The links of one host, one after another with a pause.
    func checkHost(_ links: [ContentLinkRecord], database: AppDatabase, now: @Sendable () -> Date) async throws -> Summary {
        var summary = Summary()
        for (index, link) in links.enumerated() {
            if index > 0, options.perHostDelay > 0 {
                try await Task.sleep(nanoseconds: UInt64(options.perHostDelay * 1_000_000_000))
            }
            let outcome = await check(link.url)
            try database.recordLinkCheck(linkId: link.id!, status: outcome.status, httpStatus: outcome.httpStatus, method: outcome.method,
                                         detail: outcome.detail, at: now())
            summary.checked += 1
            switch outcome.status {
            case .active: summary.active += 1
            case .dead: summary.dead += 1
            case .unknown, .unchecked: summary.unknown += 1
            }
        }
        return summary
    }
}
