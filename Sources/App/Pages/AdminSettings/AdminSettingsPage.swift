import Domain
import Foundation

/// What `/admin/settings` shows: the institution's settings as a form, with its choices.
extension AdminSettingsController {
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
        var letterheadAddress: String = ""
        var headName: String = ""
        var headTitle: String = ""
        var headNip: String = ""
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
        let logoHref: String?
        let errors: [String]
    }
}

extension AdminSettingsController.Form {
    /// The settings as stored, written into the form.
    init(_ s: InstitutionSettings) {
        self.init(name: s.name, timeZone: s.timeZone.identifier, language: s.defaultLanguage.rawValue, captionLimit: "\(s.captionLimit)",
                  opens: AdminSettingsController.clock(s.officeOpens), closes: AdminSettingsController.clock(s.officeCloses),
                  days: s.officeDays.sorted().map(String.init), channels: s.channels.map(\.rawValue), accountName: s.accountName,
                  limits: Dictionary(uniqueKeysWithValues: AdminSettingsController.limitKeys.map { ($0.key, "\(s.platformLimits[keyPath: $0.path])") }),
                  timingRules: TimingRule.allCases.filter(s.timingRules.contains).map(\.rawValue),
                  websiteDomains: s.websiteDomains.joined(separator: "\n"), updatePolicy: s.updatePolicy.rawValue, city: s.city,
                  letterheadAddress: s.letterheadAddress, headName: s.headName, headTitle: s.headTitle, headNip: s.headNip,
                  separateDeciders: s.separateDeciders)
    }
}

extension AdminSettingsController.Page {
    init(form: AdminSettingsController.Form, errors: [String], settings: InstitutionSettings, now: Date, language: Language, t: Texts) {
        let dayNames = DateText(language: language, timeZone: settings.timeZone)
        // Monday first, as Indonesian office calendars are.
        let weekdays = [2, 3, 4, 5, 6, 7, 1]
        var zones = AdminSettingsController.timeZones
        if !zones.contains(form.timeZone) { zones.append(form.timeZone) }
        self.init(
            form: form,
            timeZones: zones.map {
                .init(value: $0, label: "\($0) (\(DateText(language: .id, timeZone: TimeZone(identifier: $0) ?? .gmt).zoneAbbreviation(at: now)))",
                      selected: $0 == form.timeZone)
            },
            languages: Language.allCases.map { .init(value: $0.rawValue, label: Texts.of($0).language_name, selected: $0.rawValue == form.language) },
            days: weekdays.map { .init(value: "\($0)", label: dayNames.dayName(weekday: $0), selected: form.days.contains("\($0)")) },
            channels: Channel.allCases.map { .init(value: $0.rawValue, label: $0.displayName, selected: form.channels.contains($0.rawValue)) },
            limitFields: AdminSettingsController.limitKeys.map { .init(key: $0.key, label: $0.label(t), value: form.limits[$0.key] ?? "") },
            updatePolicies: UpdatePolicy.allCases.map { .init(value: $0.rawValue, label: $0.label(t), selected: $0.rawValue == form.updatePolicy) },
            timingRules: TimingRule.allCases.map { .init(value: $0.rawValue, label: $0.label(t), selected: form.timingRules.contains($0.rawValue)) },
            avatarHref: settings.avatarSha256.map { SiteURL.media($0).path },
            logoHref: settings.logoSha256.map { SiteURL.media($0).path },
            errors: errors)
    }
}
