import Domain
import Foundation
import HTTPTypes
import Hummingbird

/// `/admin/settings`: the institution's name, time zone, language, caption limit, office hours
/// (the clock of the standard times) and the channels it publishes on. The model and the form
/// are `AdminSettingsPage.swift`.
struct AdminSettingsController {
    let services: AppServices

    static let timeZones = ["Asia/Jakarta", "Asia/Pontianak", "Asia/Makassar", "Asia/Jayapura"]

    /// Never mutated; key paths are not `Sendable`, hence the annotation.
    /// Labels are the platforms' own names, except YouTube's two fields, which say which field in
    /// the reader's language.
    nonisolated(unsafe) static let limitKeys: [(key: String, label: @Sendable (Texts) -> String, path: WritableKeyPath<PlatformLimits, Int>)] = [
        ("x", { _ in "X (Twitter)" }, \.x), ("instagram", { _ in "Instagram" }, \.instagram), ("tiktok", { _ in "TikTok" }, \.tiktok),
        ("facebook", { _ in "Facebook" }, \.facebook), ("youtubeTitle", { $0.settings_limit_youtube_title }, \.youtubeTitle),
        ("youtubeDescription", { $0.settings_limit_youtube_description }, \.youtubeDescription),
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
        let form = Form(services.institution.settings)
        return try render(form, errors: [], status: .ok, request: request, context: context)
    }

    func render(_ form: Form, errors: [String], status: HTTPResponse.Status, request: Request, context: AppRequestContext) throws -> HTML {
        let page = Page(form: form, errors: errors, settings: services.institution.settings, now: services.now, language: context.language,
                        t: services.texts(context))
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
        var logo: StoredUpload?
        if request.isMultipart {
            let received = try await request.multipartForm(store: services.media, limits: services.config.uploadLimits,
                                                           fieldLimit: services.config.maxBodyBytes, csrfToken: context.csrfToken)
            if received.problem == .csrf { throw AppError.csrf }
            data = received.fields
            if let problem = received.problem {
                throw AppError(UploadProblem.status(problem), LocalizedMessage { $0.settings_error_avatar(reason: services.uploadProblemText(problem, context)) })
            }
            // Each image by the field it came in; an older form's single file is the avatar.
            let images = received.files.filter { !$0.type.isVideo }
            avatar = images.first { $0.field != "logo" }
            logo = images.first { $0.field == "logo" }
            try services.database.recordUploads([avatar, logo].compactMap { $0 }, by: admin.id, now: services.now)
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
                        letterheadAddress: (data["letterhead_address"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines),
                        headName: data.trimmed("head_name"), headTitle: data.trimmed("head_title"), headNip: data.trimmed("head_nip"),
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
                errors.append(services.texts(context).settings_error_platform_limit(platform: field.label(services.texts(context))))
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
        // The letterhead and the head: absent from older forms, so kept as stored then.
        if data["letterhead_shown"] != nil {
            if form.letterheadAddress.count > 300 || form.headName.count > 100 || form.headTitle.count > 100 {
                errors.append(services.texts(context).settings_error_letterhead(n: "300"))
            }
            settings.letterheadAddress = form.letterheadAddress
            settings.headName = form.headName
            settings.headTitle = form.headTitle
            if let nip = NIP.normalise(form.headNip) { settings.headNip = nip } else { errors.append(services.texts(context).error_nip) }
        }
        if let logo { settings.logoSha256 = logo.sha256 }
        if data["remove_logo"] != nil { settings.logoSha256 = nil }
        guard errors.isEmpty else {
            return try render(form, errors: errors, status: .unprocessableContent, request: request, context: context).response(from: request, context: context)
        }
        try services.database.updateInstitution(settings)
        try services.institution.reload()
        try services.database.audit(.settingsUpdate, actorId: admin.id, actorUsername: admin.username, clientAddress: context.clientAddress, at: services.now)
        return .redirect(to: SiteURL.adminSettings.path + "?ok=settings_saved")
    }
}
