import Domain
import Foundation
import HTTPTypes
import Hummingbird

/// `/admin/settings`: the institution's name, time zone, language, caption limit, office hours
/// (the clock of the standard times) and the channels it publishes on.
struct AdminSettingsController {
    let services: AppServices

    static let timeZones = ["Asia/Jakarta", "Asia/Pontianak", "Asia/Makassar", "Asia/Jayapura"]

    struct Form: Sendable {
        var name: String
        var timeZone: String
        var language: String
        var captionLimit: String
        var opens: String
        var closes: String
        var days: [String]
        var channels: [String]
        var accountName: String = ""
        /// Platform limits as typed, by key (x, instagram, tiktok, facebook, youtubeTitle, youtubeDescription).
        var limits: [String: String] = [:]
        /// The SOP timing rules switched on, by key.
        var timingRules: [String] = []
        /// The institution's web domains, one per line or separated by spaces or commas.
        var websiteDomains: String = ""
        var updatePolicy: String = UpdatePolicy.workflow.rawValue
        var city: String = ""
        /// Four eyes: one person may not decide at two decide steps of a round through two roles.
        var separateDeciders: Bool = true
    }
    struct LimitField: Sendable {
        let key: String
        let label: String
        let value: String
    }
    struct Page: Sendable {
        let form: Form
        let timeZones: [ChoiceOption]
        let languages: [ChoiceOption]
        let days: [ChoiceOption]
        let channels: [ChoiceOption]
        let limitFields: [LimitField]
        let updatePolicies: [ChoiceOption]
        let timingRules: [ChoiceOption]
        let avatarHref: String?
        let errors: [String]
    }

    /// Never mutated; key paths are not `Sendable`, hence the annotation.
    nonisolated(unsafe) static let limitKeys: [(key: String, label: String, path: WritableKeyPath<PlatformLimits, Int>)] = [
        ("x", "X (Twitter)", \.x), ("instagram", "Instagram", \.instagram), ("tiktok", "TikTok", \.tiktok),
        ("facebook", "Facebook", \.facebook), ("youtubeTitle", "YouTube (judul / title)", \.youtubeTitle),
        ("youtubeDescription", "YouTube (deskripsi / description)", \.youtubeDescription),
    ]

    func addRoutes(to admin: RouterGroup<AppRequestContext>) {
        admin.get(SiteURL.adminSettings.route, use: show)
        admin.post(SiteURL.adminSettings.route, use: save)
    }

    static func clock(_ minutes: Int) -> String { String(format: "%02d:%02d", minutes / 60, minutes % 60) }

    static func minutes(_ text: String) -> Int? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, let h = Int(parts[0]), let m = Int(parts[1]), (0...23).contains(h), (0...59).contains(m) else { return nil }
        return h * 60 + m
    }

    func show(_ request: Request, context: AppRequestContext) async throws -> HTML {
        let s = services.institution.settings
        let form = Form(name: s.name, timeZone: s.timeZone.identifier, language: s.defaultLanguage.rawValue, captionLimit: "\(s.captionLimit)",
                        opens: Self.clock(s.officeOpens), closes: Self.clock(s.officeCloses), days: s.officeDays.sorted().map(String.init),
                        channels: s.channels.map(\.rawValue), accountName: s.accountName,
                        limits: Dictionary(uniqueKeysWithValues: Self.limitKeys.map { ($0.key, "\(s.platformLimits[keyPath: $0.path])") }),
                        timingRules: TimingRule.allCases.filter(s.timingRules.contains).map(\.rawValue),
                        websiteDomains: s.websiteDomains.joined(separator: "\n"), updatePolicy: s.updatePolicy.rawValue, city: s.city,
                        separateDeciders: s.separateDeciders)
        return try render(form, errors: [], status: .ok, request: request, context: context)
    }

    func render(_ form: Form, errors: [String], status: HTTPResponse.Status, request: Request, context: AppRequestContext) throws -> HTML {
        let dayNames = DateText(language: context.language, timeZone: services.institution.settings.timeZone)
        // Monday first, as Indonesian office calendars are.
        let weekdays = [2, 3, 4, 5, 6, 7, 1]
        var zones = Self.timeZones
        if !zones.contains(form.timeZone) { zones.append(form.timeZone) }
        let page = Page(
            form: form,
            timeZones: zones.map { .init(value: $0, label: "\($0) (\(DateText(language: .id, timeZone: TimeZone(identifier: $0) ?? .gmt).zoneAbbreviation(at: services.now)))", selected: $0 == form.timeZone) },
            languages: Language.allCases.map { .init(value: $0.rawValue, label: Texts.of($0).language_name, selected: $0.rawValue == form.language) },
            days: weekdays.map { .init(value: "\($0)", label: dayNames.dayName(weekday: $0), selected: form.days.contains("\($0)")) },
            channels: Channel.allCases.map { .init(value: $0.rawValue, label: $0.displayName, selected: form.channels.contains($0.rawValue)) },
            limitFields: Self.limitKeys.map { .init(key: $0.key, label: $0.label, value: form.limits[$0.key] ?? "") },
            updatePolicies: UpdatePolicy.allCases.map {
                .init(value: $0.rawValue, label: $0.label(services.texts(context)), selected: $0.rawValue == form.updatePolicy)
            },
            timingRules: TimingRule.allCases.map {
                .init(value: $0.rawValue, label: $0.label(services.texts(context)), selected: form.timingRules.contains($0.rawValue))
            },
            avatarHref: services.institution.settings.avatarSha256.map { SiteURL.media($0).path },
            errors: errors)
        return services.render(title: services.texts(context).settings_title, request: request, context: context, status: status) {
            Templates.adminSettings(page: page, chrome: $0, t: $1, into: &$2)
        }
    }

    func save(_ request: Request, context: AppRequestContext) async throws -> Response {
        let admin = try context.requireIdentity()
        guard try services.database.institution() != nil else {
            throw AppError(.conflict, LocalizedMessage { $0.settings_error_not_initialised })
        }
        var request = request
        var data: FormData
        var avatar: StoredUpload?
        if request.isMultipart {
            let received = try await request.multipartForm(store: services.media, limits: services.config.uploadLimits,
                                                           fieldLimit: services.config.maxBodyBytes, csrfToken: context.csrfToken)
            if received.problem == .csrf { throw AppError.csrf }
            data = received.fields
            if let problem = received.problem {
                throw AppError(UploadProblem.status(problem), LocalizedMessage { $0.settings_error_avatar(reason: services.uploadProblemText(problem, context)) })
            }
            avatar = received.files.first { !$0.type.isVideo }
            try services.database.recordUploads(avatar.map { [$0] } ?? [], by: admin.id, now: services.now)
        } else {
            data = try await request.form(limit: services.config.maxBodyBytes)
        }
        let form = Form(name: data.trimmed("name"), timeZone: data.trimmed("time_zone"), language: data.trimmed("language"),
                        captionLimit: data.trimmed("caption_limit"), opens: data.trimmed("office_opens"), closes: data.trimmed("office_closes"),
                        days: data.all("office_days"), channels: data.all("channels"), accountName: String(data.trimmed("account_name").prefix(100)),
                        limits: Dictionary(uniqueKeysWithValues: Self.limitKeys.map { ($0.key, data.trimmed("limit_\($0.key)")) }),
                        timingRules: data.all("timing_rules"),
                        websiteDomains: data["website_domains"] ?? "",
                        updatePolicy: data["update_policy"].map { $0.isEmpty ? UpdatePolicy.workflow.rawValue : $0 } ?? UpdatePolicy.workflow.rawValue,
                        city: data.trimmed("city"),
                        // A form without the field (an older page) keeps what is stored: a safety
                        // rule is never switched off by leaving it out.
                        separateDeciders: data["four_eyes_shown"] == nil ? services.institution.settings.separateDeciders
                            : data["separate_deciders"] != nil)
        var errors: [String] = []
        var settings = services.institution.settings
        if form.name.isEmpty || form.name.count > 200 { errors.append(services.texts(context).settings_error_name) }
        if let zone = TimeZone(identifier: form.timeZone) { settings.timeZone = zone } else { errors.append(services.texts(context).settings_error_zone) }
        if let language = Language(rawValue: form.language) { settings.defaultLanguage = language } else { errors.append(services.texts(context).error_language) }
        if let limit = Int(form.captionLimit), (1...63_206).contains(limit) { settings.captionLimit = limit } else {
            errors.append(services.texts(context).settings_error_limit)
        }
        if let opens = Self.minutes(form.opens), let closes = Self.minutes(form.closes), opens < closes {
            settings.officeOpens = opens
            settings.officeCloses = closes
        } else {
            errors.append(services.texts(context).settings_error_hours)
        }
        let days = Set(form.days.compactMap { Int($0) }.filter { (1...7).contains($0) })
        if days.isEmpty { errors.append(services.texts(context).settings_error_days) } else { settings.officeDays = days }
        let channels = Channel.allCases.filter { form.channels.contains($0.rawValue) }
        if channels.isEmpty { errors.append(services.texts(context).settings_error_channels) } else { settings.channels = channels }
        for field in Self.limitKeys {
            if let value = Int(form.limits[field.key] ?? ""), (1...100_000).contains(value) {
                settings.platformLimits[keyPath: field.path] = value
            } else {
                errors.append(services.texts(context).settings_error_platform_limit(platform: field.label))
            }
        }
        let unknownRules = form.timingRules.filter { TimingRule(rawValue: $0) == nil }
        if !unknownRules.isEmpty { errors.append(services.texts(context).settings_error_timing_rule(rule: String(unknownRules[0].prefix(40)))) }
        settings.timingRules = Set(form.timingRules.compactMap(TimingRule.init(rawValue:)))
        // Each entry must be a host name: one that is not would silently widen what is accepted.
        let entries = form.websiteDomains.split(whereSeparator: { $0.isWhitespace || $0 == "," }).map(String.init)
        let domains = PlatformLinks.normalisedDomains(entries)
        let refused = entries.filter { PlatformLinks.normalisedDomains([$0]).isEmpty }
        if form.websiteDomains.count > 5_000 {
            errors.append(services.texts(context).settings_error_domains)
        } else if let first = refused.first {
            errors.append(services.texts(context).settings_error_domain_invalid(domain: String(first.prefix(100))))
        } else if domains.count > 20 {
            errors.append(services.texts(context).settings_error_domains)
        }
        settings.websiteDomains = domains
        if let policy = UpdatePolicy(rawValue: form.updatePolicy) { settings.updatePolicy = policy } else {
            errors.append(services.texts(context).settings_error_update_policy)
        }
        settings.name = form.name
        // Absent from older forms: keep what is stored.
        if data["city"] != nil { settings.city = form.city }
        settings.separateDeciders = form.separateDeciders
        if form.city.count > 100 { errors.append(services.texts(context).settings_error_city(n: "100")) }
        settings.accountName = form.accountName
        if let avatar { settings.avatarSha256 = avatar.sha256 }
        if data["remove_avatar"] != nil { settings.avatarSha256 = nil }
        guard errors.isEmpty else {
            return try render(form, errors: errors, status: .unprocessableContent, request: request, context: context).response(from: request, context: context)
        }
        try services.database.updateInstitution(settings)
        try services.institution.reload()
        try services.database.audit(.settingsUpdate, actorId: admin.id, actorUsername: admin.username, clientAddress: context.clientAddress, at: services.now)
        return .redirect(to: SiteURL.adminSettings.path + "?ok=settings_saved")
    }
}
