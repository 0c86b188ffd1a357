import Domain
import Foundation
import HTTPTypes
import NIOCore
import Hummingbird
import ViewRuntime

/// Post performance (issue 15, item 2).
///
/// - `POST /content/:id/kinerja`: figures of one archived link as of a day, typed on the item page.
/// - `GET /evaluasi/kinerja?from=…&to=…`: the top and bottom posts by engagement rate per channel
///   and kind, and engagement by publishing hour and weekday. Everyone signed in may read it: it
///   ranks the institution's public posts, not people.
/// - `POST /evaluasi/kinerja/impor`: an insights CSV, read and matched to the archive, shown as a
///   preview; nothing is stored. `POST /evaluasi/kinerja/impor/simpan` stores the previewed file
///   in one transaction (all rows or none).
///
/// Who may record figures (`metricsEntryRoles`): the administrators, the role of the publish step
/// (they posted the links and read the platforms' insights) and the heads (the role of the last
/// decide step). The import (`metricsImportRoles`) is for the administrators and the publish role.
/// The previewed file waits in memory (`AppServices.pendingMetricImports`, one hour, per user),
/// like the agenda import; the confirmation reads it again, so what is stored is what was shown.
struct PostMetricsController {
    let services: AppServices

    static let importLimit = 2 * 1024 * 1024

    func addRoutes(to loggedIn: RouterGroup<AppRequestContext>) {
        loggedIn.post(SiteURL.contentMetrics(0).route, use: enter)
        loggedIn.get(SiteURL.evaluationPerformance.route, use: show)
        loggedIn.post(SiteURL.evaluationPerformanceImport.route, use: importFile)
        loggedIn.post(SiteURL.evaluationPerformanceImportConfirm.route, use: confirmImport)
    }

    // MARK: manual entry

    func enter(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireIdentity()
        let bundle = try services.loadBundle(context)
        guard services.canEnterMetrics(user) else {
            throw AppError(.forbidden, LocalizedMessage { $0.metrics_forbidden(roles: services.metricsEntryRoleNames().joined(separator: ", ")) })
        }
        var request = request
        let form = try await request.form(limit: services.config.maxBodyBytes)
        let t = services.texts(context)
        guard let linkId = Int64(form.trimmed("link")), let link = bundle.links.first(where: { $0.id == linkId }) else {
            throw AppError(.unprocessableContent, LocalizedMessage { $0.metrics_unknown_link })
        }
        var input = PostMetricsInput(linkId: linkId, asOf: String(form.trimmed("as_of").prefix(20)), values: [:], errors: [])
        var metrics = PostMetrics()
        for field in PostMetrics.Field.allCases {
            let text = String(form.trimmed(field.rawValue).prefix(40))
            input.values[field] = text
            switch MetricNumber.parse(text) {
            case .success(let value): metrics[field] = value
            case .failure: input.errors.append(t.metrics_bad_number(field: field.label(t), value: text))
            }
        }
        let today = services.institution.today(services.now)
        let liveDay = services.institution.officeCalendar.day(of: link.createdAt)
        let asOf = Day(input.asOf)
        if let asOf {
            if asOf > today { input.errors.append(t.metrics_future_day) }
            if asOf < liveDay { input.errors.append(t.metrics_before_live(day: services.dateText(context).date(day: liveDay))) }
        } else {
            input.errors.append(t.metrics_bad_day)
        }
        if input.errors.isEmpty, metrics.isEmpty { input.errors.append(t.metrics_nothing) }
        guard input.errors.isEmpty, let asOf else {
            var action = ActionInput()
            action.metrics = input
            return try services.renderItem(bundle, user: user, input: action, status: .unprocessableContent, request: request, context: context)
        }
        try services.database.savePostMetrics([
            PostMetricRecord(linkId: linkId, itemId: bundle.item.id!, channel: link.channel, asOf: asOf, metrics: metrics, source: "manual",
                             recordedBy: user.id, recordedAt: services.now),
        ])
        return .redirect(to: SiteURL.content(bundle.item.id!).path + "?ok=metrics_saved#kinerja-\(linkId)")
    }

    // MARK: the evaluation page

    func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        if request.headers[.accept]?.contains("application/json") == true { return try json(request) }
        return try render(request: request, context: context, status: .ok)
    }

    /// The page's figures for `Accept: application/json`: every post with its latest snapshot and
    /// rate, the rankings (link ids), and the hour and weekday buckets (weekday 1 = Monday).
    struct PerformanceJSON: Encodable {
        struct Post: Encodable {
            let link_id: Int64
            let item_id: Int64
            let title: String
            let channel: String
            let kind: String
            let url: String
            let published_at: String
            let as_of: String
            let metrics: PostMetrics
            let engagement_rate: Double?
        }
        struct Ranking: Encodable {
            let channel: String
            let kind: String
            let top: [Int64]
            let bottom: [Int64]
        }
        struct Bucket: Encodable {
            let key: Int
            let posts: Int
            let mean_rate: Double?
        }
        let from: String
        let to: String
        let posts: [Post]
        let rankings: [Ranking]
        let by_hour: [Bucket]
        let by_weekday: [Bucket]
    }

    func json(_ request: Request) throws -> Response {
        let (from, to, valid) = period(request)
        guard valid else { throw AppError(.unprocessableContent, LocalizedMessage { $0.metrics_bad_period }) }
        let calendar = services.institution.officeCalendar
        guard let start = calendar.startOfDayDate(from), let end = calendar.startOfDayDate(to.adding(days: 1)) else { throw AppError.notFound }
        let posts = try services.database.performancePosts(from: start, to: end, asOfLimit: to)
        let timing = PostPerformance.timing(posts, timeZone: services.institution.settings.timeZone)
        let iso = ISO8601DateFormatter()
        let body = PerformanceJSON(
            from: from.description, to: to.description,
            posts: posts.map {
                .init(link_id: $0.linkId, item_id: $0.itemId, title: $0.title, channel: $0.channel.rawValue, kind: $0.kind, url: $0.url,
                      published_at: iso.string(from: $0.publishedAt), as_of: $0.asOf.description, metrics: $0.metrics, engagement_rate: $0.engagementRate)
            },
            rankings: PostPerformance.rankings(posts).map {
                .init(channel: $0.channel.rawValue, kind: $0.kind, top: $0.top.map(\.linkId), bottom: $0.bottom.map(\.linkId))
            },
            by_hour: timing.byHour.enumerated().map { .init(key: $0, posts: $1.posts, mean_rate: $1.meanRate) },
            by_weekday: timing.byWeekday.enumerated().map { .init(key: $0 + 1, posts: $1.posts, mean_rate: $1.meanRate) })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(data: try encoder.encode(body))))
    }

    /// The period asked for: `from` and `to` as days (both included); by default the last 90 days.
    /// A nonsense day, or `to` before `from`, is a 422 with the form kept.
    func period(_ request: Request) -> (from: Day, to: Day, valid: Bool) {
        let today = services.institution.today(services.now)
        let query = request.uri.queryParameters
        let fromText = query.get("from").map { String($0) } ?? ""
        let toText = query.get("to").map { String($0) } ?? ""
        let to = toText.isEmpty ? today : Day(toText)
        let from = fromText.isEmpty ? (to ?? today).adding(days: -89) : Day(fromText)
        guard let from, let to, from <= to, to.dayNumber - from.dayNumber <= 3 * 366 else {
            return (today.adding(days: -89), today, false)
        }
        return (from, to, true)
    }

    func render(request: Request, context: AppRequestContext, status: HTTPResponse.Status, importErrors: [String] = [],
                preview: PerformancePage.Preview? = nil, asOf: String? = nil) throws -> Response {
        let t = services.texts(context)
        let (from, to, valid) = period(request)
        let section = try services.performanceSection(from: from, to: to, context: context)
        let today = services.institution.today(services.now)
        let user = try context.requireIdentity()
        func shortcut(_ label: String, _ first: Day, _ last: Day) -> PerformancePage.Shortcut {
            .init(label: label, href: SiteURL.evaluationPerformance.with([("from", first.description), ("to", last.description)]))
        }
        let month = Day(year: today.year, month: today.month, day: 1)
        let quarter = Day(year: today.year, month: (today.month - 1) / 3 * 3 + 1, day: 1)
        let year = Day(year: today.year, month: 1, day: 1)
        var errors = importErrors
        if !valid { errors.insert(t.metrics_bad_period, at: 0) }
        let page = PerformancePage(
            from: from.description, to: to.description, action: SiteURL.evaluationPerformance.path,
            shortcuts: [shortcut(t.metrics_this_month, month, today), shortcut(t.metrics_this_quarter, quarter, today),
                        shortcut(t.metrics_this_year, year, today)],
            section: section, canImport: services.canImportMetrics(user), importAction: SiteURL.evaluationPerformanceImport.path,
            importHint: t.metrics_import_hint(kb: "\(Self.importLimit / 1024)", rows: "\(InsightsCSV.maximumRows)"),
            asOf: asOf ?? today.description, importErrors: errors, headers: PostMetrics.Field.allCases.map { $0.label(t) }, preview: preview)
        return try services.render(title: t.metrics_page_title, request: request, context: context, status: valid ? status : .unprocessableContent) {
            Templates.evaluationPerformance(page: page, chrome: $0, t: $1, into: &$2)
        }.response(from: request, context: context)
    }

    // MARK: import

    func importFile(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireIdentity()
        // Before the body is read: a refused user's file is never parsed.
        guard services.canImportMetrics(user) else {
            throw AppError(.forbidden, LocalizedMessage { $0.metrics_import_forbidden(roles: services.metricsImportRoleNames().joined(separator: ", ")) })
        }
        guard request.isMultipart else { throw AppError.malformedForm }
        let upload = try await request.textUpload(field: "file", limit: Self.importLimit, csrfToken: context.csrfToken, requireUTF8: false)
        let t = services.texts(context)
        let asOfText = String(upload.fields.trimmed("as_of").prefix(20))
        func refuse(_ message: String, _ status: HTTPResponse.Status) throws -> Response {
            try render(request: request, context: context, status: status, importErrors: [message], asOf: asOfText)
        }
        if let problem = upload.problem {
            let (message, status) = services.uploadProblem(problem, context)
            return try refuse(message, status)
        }
        let today = services.institution.today(services.now)
        guard let asOf = Day(asOfText) else { return try refuse(t.metrics_bad_day, .unprocessableContent) }
        guard asOf <= today else { return try refuse(t.metrics_future_day, .unprocessableContent) }
        let plan: InsightsCSV.Plan
        let parsed: InsightsCSV.Parsed
        do {
            (parsed, plan) = try services.planMetricImport(upload.bytes)
        } catch {
            return try refuse(services.importProblemText(error, fileName: upload.fileName ?? "?", context: context), .unprocessableContent)
        }
        let token = services.pendingMetricImports.put(.init(userId: user.id, bytes: upload.bytes, fileName: upload.fileName,
                                                            owner: asOf.description, createdAt: services.now, done: nil), now: services.now)
        let preview = try services.metricPreview(parsed, plan, fileName: upload.fileName ?? "", asOf: asOf, token: token, context: context)
        return try render(request: request, context: context, status: .ok, preview: preview, asOf: asOf.description)
    }

    func confirmImport(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireIdentity()
        guard services.canImportMetrics(user) else {
            throw AppError(.forbidden, LocalizedMessage { $0.metrics_import_forbidden(roles: services.metricsImportRoleNames().joined(separator: ", ")) })
        }
        var request = request
        let form = try await request.form(limit: services.config.maxBodyBytes)
        let t = services.texts(context)
        let token = String(form.trimmed("token").prefix(100))
        guard let pending = services.pendingMetricImports.get(token, userId: user.id, now: services.now) else {
            return try render(request: request, context: context, status: .unprocessableContent, importErrors: [t.metrics_import_expired])
        }
        if let done = pending.done { return .redirect(to: done) }
        guard let asOf = Day(pending.owner) else {
            return try render(request: request, context: context, status: .unprocessableContent, importErrors: [t.metrics_import_expired])
        }
        let plan: InsightsCSV.Plan
        do {
            plan = try services.planMetricImport(pending.bytes).1
        } catch {
            return try render(request: request, context: context, status: .unprocessableContent,
                              importErrors: [services.importProblemText(error, fileName: pending.fileName ?? "?", context: context)])
        }
        guard !plan.matched.isEmpty else {
            return try render(request: request, context: context, status: .unprocessableContent, importErrors: [t.metrics_import_none])
        }
        let links = Dictionary(try services.database.archivedLinksForMatching().map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let now = services.now
        let records = plan.matched.compactMap { match -> PostMetricRecord? in
            guard let link = links[match.linkId] else { return nil }
            return PostMetricRecord(linkId: link.id, itemId: link.itemId, channel: link.channel, asOf: asOf, metrics: match.row.metrics,
                                    source: "import", recordedBy: user.id, recordedAt: now)
        }
        // One transaction: every matched row, or (on any failure) none.
        try services.database.savePostMetrics(records)
        let href = SiteURL.evaluationPerformance.with([("ok", "metrics_imported"), ("saved", "\(records.count)")])
        services.pendingMetricImports.finish(token, href: href)
        return .redirect(to: href)
    }
}

extension AppServices {
    /// Administrators, the publish step's role and the heads (the last decide step's role) of
    /// the current workflow.
    func metricsEntryRoles() -> [RoleKey] {
        let steps = institution.currentWorkflow?.workflow.steps ?? []
        let publish = steps.filter { $0.kind == .publish }.map(\.roleKey)
        let head = steps.last { $0.kind == .decide }.map { [$0.roleKey] } ?? []
        var seen = Set<RoleKey>()
        return ([RoleKey.admin] + publish + head).filter { seen.insert($0).inserted }
    }

    /// Administrators and the publish step's role: they hold the platforms' insights exports.
    func metricsImportRoles() -> [RoleKey] {
        let publish = institution.currentWorkflow?.workflow.steps.filter { $0.kind == .publish }.map(\.roleKey) ?? []
        var seen = Set<RoleKey>()
        return ([RoleKey.admin] + publish).filter { seen.insert($0).inserted }
    }

    func canEnterMetrics(_ user: CurrentUser) -> Bool { metricsEntryRoles().contains { user.actor(for: $0) != nil } }
    func canImportMetrics(_ user: CurrentUser) -> Bool { metricsImportRoles().contains { user.actor(for: $0) != nil } }
    func metricsEntryRoleNames() -> [String] { metricsEntryRoles().map(institution.roleName) }
    func metricsImportRoleNames() -> [String] { metricsImportRoles().map(institution.roleName) }

    /// Reads an insights file and matches it to the archive; throws `InsightsCSV.Problem`.
    func planMetricImport(_ bytes: [UInt8]) throws -> (InsightsCSV.Parsed, InsightsCSV.Plan) {
        let parsed = try InsightsCSV.parse(bytes)
        let links = try database.archivedLinksForMatching().map {
            InsightsCSV.ArchiveLink(id: $0.id, channel: $0.channel, url: $0.url, current: !$0.replaced)
        }
        let plan = try InsightsCSV.match(parsed, links: links, ownDomains: institution.settings.websiteDomains)
        return (parsed, plan)
    }

    /// What to tell the importer about a refused file, in words.
    func importProblemText(_ error: any Error, fileName: String, context: AppRequestContext) -> String {
        let t = texts(context)
        guard let problem = error as? InsightsCSV.Problem else { return t.metrics_import_unreadable(name: fileName) }
        switch problem {
        case .empty: return t.metrics_import_empty(name: fileName)
        case .notText: return t.metrics_import_not_text(name: fileName)
        case .noLinkColumn(let columns): return t.metrics_import_no_link_column(name: fileName, columns: columns)
        case .noMetricColumn(let columns): return t.metrics_import_no_metric_column(name: fileName, columns: columns)
        case .tooManyRows(let limit): return t.metrics_import_too_many_rows(limit: "\(limit)")
        case .badNumber(let row, let column, let value): return t.metrics_import_bad_number(row: "\(row)", column: column, value: value)
        case .duplicate(let rows, let link):
            return t.metrics_import_duplicate(rows: rows.map(String.init).joined(separator: ", "), link: link)
        }
    }

    func metricPreview(_ parsed: InsightsCSV.Parsed, _ plan: InsightsCSV.Plan, fileName: String, asOf: Day, token: String,
                       context: AppRequestContext) throws -> PerformancePage.Preview {
        let t = texts(context)
        let links = Dictionary(try database.archivedLinksForMatching().map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let language = context.language
        let matched = plan.matched.compactMap { match -> PerformancePage.MatchRow? in
            guard let link = links[match.linkId] else { return nil }
            return .init(row: match.row.number, title: link.title, href: SiteURL.content(link.itemId).path, channel: link.channel.displayName,
                         url: link.url, values: PostMetrics.Field.allCases.map { MetricText.number(match.row.metrics[$0], language) })
        }
        let unmatched = plan.unmatched.map { entry in
            PerformancePage.UnmatchedRow(row: entry.row.number, label: entry.row.label.isEmpty ? (entry.row.permalink ?? entry.row.postID ?? "–") : entry.row.label,
                                         reason: entry.reason.text(t))
        }
        let platform: String = switch parsed.platform {
        case .meta: "Meta Business Suite"
        case .youtube: "YouTube Studio"
        case .tiktok: "TikTok"
        case .other: t.metrics_platform_other
        }
        return .init(fileName: fileName, platform: platform, asOf: dateText(context).date(day: asOf), asOfValue: asOf.description, token: token,
                     matched: matched, unmatched: unmatched,
                     summary: t.metrics_import_summary(matched: "\(matched.count)", unmatched: "\(unmatched.count)"),
                     confirmAction: SiteURL.evaluationPerformanceImportConfirm.path, canConfirm: !matched.isEmpty)
    }

    /// The section for days `from`…`to` (both included): posts whose link went live then, each
    /// with its latest snapshot up to `to`.
    func performanceSection(from: Day, to: Day, context: AppRequestContext) throws -> PerformanceSection {
        let t = texts(context)
        let dates = dateText(context)
        let language = context.language
        let calendar = institution.officeCalendar
        guard let start = calendar.startOfDayDate(from), let end = calendar.startOfDayDate(to.adding(days: 1)) else { throw AppError.notFound }
        let posts = try database.performancePosts(from: start, to: end, asOfLimit: to)
        func row(_ post: PostPerformance.Post) -> PerformanceSection.PostRow {
            .init(title: post.title, href: SiteURL.content(post.itemId).path + "#kinerja-\(post.linkId)", url: post.url,
                  published: dates.shortDateTime(post.publishedAt), asOf: dates.date(day: post.asOf),
                  reach: MetricText.number(post.metrics.reach ?? post.metrics.impressions ?? post.metrics.views, language),
                  engagements: MetricText.number(post.metrics.engagements, language), rate: MetricText.rate(post.engagementRate, language))
        }
        let groups = PostPerformance.rankings(posts).map { ranking in
            PerformanceSection.Group(
                id: "perf-\(ranking.channel.rawValue)-\(ranking.kind)",
                heading: "\(ranking.channel.displayName) · \(ContentKind(rawValue: ranking.kind).map { $0.label(t) } ?? ranking.kind)",
                top: ranking.top.map(row), bottom: ranking.bottom.map(row),
                withoutRate: ranking.withoutRate > 0 ? t.metrics_without_rate(n: "\(ranking.withoutRate)") : nil)
        }
        let timing = PostPerformance.timing(posts, timeZone: institution.settings.timeZone)
        // Monday first, as `PostPerformance.timing` counts.
        let weekdays = (0..<7).map { dates.dayName(weekday: ($0 + 1) % 7 + 1) }
        func timingRow(_ label: String, _ bucket: PostPerformance.Bucket) -> PerformanceSection.TimingRow {
            .init(label: label, posts: bucket.posts, rate: MetricText.rate(bucket.meanRate, language))
        }
        let hourLabel = { (hour: Int) in Digits.padded(hour, 2) + ".00–" + Digits.padded(hour, 2) + ".59" }
        var grid: [PerformanceSection.TimingRow] = []
        for day in 0..<7 {
            for hour in 0..<24 where timing.grid[day][hour].posts > 0 {
                grid.append(timingRow("\(weekdays[day]) \(hourLabel(hour))", timing.grid[day][hour]))
            }
        }
        let svg = PerformanceHeatmap.svg(timing, title: t.metrics_heatmap_title, weekdays: weekdays) { day, hour, bucket in
            t.metrics_heatmap_cell(day: weekdays[day], hour: hourLabel(hour), posts: "\(bucket.posts)", rate: MetricText.rate(bucket.meanRate, language))
        }
        return PerformanceSection(
            period: "\(dates.date(day: from)) – \(dates.date(day: to))", postCount: posts.count,
            summary: t.metrics_section_period(period: "\(dates.date(day: from)) – \(dates.date(day: to))", n: "\(posts.count)"), groups: groups,
            byHour: (0..<24).filter { timing.byHour[$0].posts > 0 }.map { timingRow(hourLabel($0), timing.byHour[$0]) },
            byWeekday: (0..<7).map { timingRow(weekdays[$0], timing.byWeekday[$0]) },
            heatmap: SafeHTML(trusted: svg), grid: grid, rateNote: t.metrics_rate_note)
    }

    /// The item page's "Kinerja" section: nil when the item has no archived link.
    func postMetricsSection(_ bundle: AppDatabase.ItemBundle, user: CurrentUser, input: PostMetricsInput?,
                            context: AppRequestContext) throws -> PostMetricsItemSection? {
        guard !bundle.links.isEmpty, let itemId = bundle.item.id else { return nil }
        let t = texts(context)
        let dates = dateText(context)
        let language = context.language
        let zone = institution.settings.timeZone
        let today = institution.today(now)
        let rows = try database.postMetrics(itemId: itemId)
        let canEnter = canEnterMetrics(user)
        let blocks = bundle.links.compactMap { link -> PostMetricsItemSection.LinkBlock? in
            guard let linkId = link.id else { return nil }
            let typed = input?.linkId == linkId ? input : nil
            let h1 = PostPerformance.day(after: link.createdAt, days: 1, timeZone: zone)
            let h7 = PostPerformance.day(after: link.createdAt, days: 7, timeZone: zone)
            let snapshots = rows.filter { $0.record.linkId == linkId }.map { row in
                PostMetricsItemSection.Snapshot(
                    asOf: Day(row.record.asOf).map { dates.date(day: $0) } ?? row.record.asOf,
                    source: row.record.source == "import" ? t.metrics_source_import : t.metrics_source_manual,
                    recordedBy: row.recordedByName ?? "–",
                    values: PostMetrics.Field.allCases.map { MetricText.number(row.record.metrics[$0], language) },
                    rate: MetricText.rate(PostPerformance.engagementRate(row.record.metrics), language))
            }
            return .init(
                linkId: linkId, anchor: "kinerja-\(linkId)", headingId: "kinerja-\(linkId)-heading", channel: link.channel.displayName, url: link.url,
                replaced: link.replacedAt != nil, action: SiteURL.contentMetrics(itemId).path, asOfId: "kinerja-\(linkId)-as-of",
                asOf: typed?.asOf ?? (h1 <= today ? h1 : today).description,
                hint: t.metrics_h_hint(h1: dates.date(day: h1), h7: dates.date(day: h7)),
                fields: PostMetrics.Field.allCases.map { field in
                    .init(name: field.rawValue, id: "kinerja-\(linkId)-\(field.rawValue)", label: field.label(t), value: typed?.values[field] ?? "")
                },
                snapshots: snapshots, errors: typed?.errors ?? [], open: typed != nil)
        }
        return PostMetricsItemSection(canEnter: canEnter, whoMayEnter: t.metrics_who_may_enter(roles: metricsEntryRoleNames().joined(separator: ", ")),
                                      headers: PostMetrics.Field.allCases.map { $0.label(t) }, links: blocks)
    }
}

extension PostMetrics.Field {
    func label(_ t: Texts) -> String {
        switch self {
        case .reach: t.metrics_reach
        case .impressions: t.metrics_impressions
        case .likes: t.metrics_likes
        case .comments: t.metrics_comments
        case .shares: t.metrics_shares
        case .saves: t.metrics_saves
        case .views: t.metrics_views
        }
    }
}

extension InsightsCSV.Unmatched {
    func text(_ t: Texts) -> String {
        switch self {
        case .totalRow: t.metrics_unmatched_total
        case .noLinkOrID: t.metrics_unmatched_no_link
        case .notAPostLink(let link): t.metrics_unmatched_not_post(link: link)
        case .notInArchive(let link): t.metrics_unmatched_not_archived(link: link)
        case .noFigures: t.metrics_unmatched_no_figures
        }
    }
}

/// Figures as people read them: "12.345" in Indonesian, "12,345" in English; "–" when unknown.
enum MetricText {
    static func number(_ value: Int?, _ language: Language) -> String {
        guard let value else { return "–" }
        let digits = String(value)
        let separator: Character = language == .id ? "." : ","
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(separator) }
            out.append(character)
        }
        return out
    }

    /// "4,2%" / "4.2%", one decimal.
    static func rate(_ value: Double?, _ language: Language) -> String {
        guard let value else { return "–" }
        let tenths = Int((value * 1000).rounded())
        let text = "\(tenths / 10)\(language == .id ? "," : ".")\(tenths % 10)%"
        return text
    }
}
