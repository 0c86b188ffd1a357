import Domain
import Foundation
import Hummingbird

/// What `/agenda` shows: a month's list with the import form, and the form of one item; pure
/// models, built from what `AgendaQuery` read and the texts.
extension AgendaController {
    struct Row: Sendable {
        let href: String
        let date: String
        let time: String
        let title: String
        let owner: String
        let location: String
        let needsCoverage: Bool
        let recurring: Bool
        let imported: Bool
    }
    struct ListPage: Sendable {
        let heading: String
        let month: String
        let rows: [Row]
        let previousHref: String
        let nextHref: String
        let calendarHref: String
        var importErrors: [String]
        let importLimitKB: Int
        /// After an import: how many items were added, updated and left as they were.
        var importSummary: String? = nil
        /// The owner typed with a refused import, shown again.
        var importOwner: String = ""
        /// Whether the viewer may import (the form is shown only then).
        var canImport = false
        /// Set when the month holds more entries than a page shows.
        var truncatedNotice: String? = nil
        /// After a file was read: what importing it would do, and the button that does it.
        var preview: ImportPreview? = nil
    }

    /// One event in an import's preview: what it is, and for an update what changes.
    struct PreviewRow: Sendable {
        let title: String
        let when: String
        let change: String
    }

    /// What importing a file would do, shown before anything is stored (issue 13).
    struct ImportPreview: Sendable {
        let summary: String
        let fileName: String
        /// The items the file updates, each with what changes (all of them).
        let updates: [PreviewRow]
        /// The items the file adds (the first `shown`), and how many more.
        let additions: [PreviewRow]
        let moreAdditions: String?
        /// Events left out, and why.
        let skipped: [String]
        let token: String
        let action: String
        let cancelHref: String

        static let shown = 50

        init(plan: [(record: AgendaItemRecord, action: AppDatabase.AgendaImportAction)], skipped: [String], fileName: String, token: String,
             t: Texts, dates: DateText) {
            func when(_ record: AgendaItemRecord) -> String {
                record.isAllDay ? dates.longDate(record.startsAt) : dates.dateTime(record.startsAt)
            }
            var updates: [PreviewRow] = [], additions: [PreviewRow] = []
            var added = 0, updated = 0, unchanged = 0
            for (record, action) in plan {
                switch action {
                case .add:
                    added += 1
                    if additions.count < Self.shown { additions.append(PreviewRow(title: record.title, when: when(record), change: "")) }
                case .update(let existing):
                    updated += 1
                    var changes: [String] = []
                    if existing.title != record.title { changes.append(t.agenda_preview_was(value: existing.title)) }
                    if existing.startsAt != record.startsAt || existing.endsAt != record.endsAt {
                        changes.append(t.agenda_preview_time_was(value: when(existing)))
                    }
                    if existing.location != record.location, !existing.location.isEmpty { changes.append(t.agenda_preview_location_was(value: existing.location)) }
                    updates.append(PreviewRow(title: record.title, when: when(record), change: changes.joined(separator: "; ")))
                case .unchanged:
                    unchanged += 1
                }
            }
            self.summary = t.agenda_preview_summary(added: "\(added)", updated: "\(updated)", unchanged: "\(unchanged)", skipped: "\(skipped.count)")
            self.fileName = fileName
            self.updates = updates
            self.additions = additions
            self.moreAdditions = added > additions.count ? t.agenda_preview_more(n: "\(added - additions.count)") : nil
            self.skipped = skipped
            self.token = token
            self.action = SiteURL.agendaImportConfirm.path
            self.cancelHref = SiteURL.agenda.path
        }
    }

    /// The form as typed, so a refused one comes back as it was.
    struct Form: Sendable, Equatable {
        var title = ""
        var startsAt = ""
        var endsAt = ""
        var location = ""
        var owner = ""
        var notes = ""
        var needsCoverage = false

        init() {}

        init(_ data: FormData) {
            title = String(data.trimmed("title").prefix(300))
            startsAt = data.trimmed("starts_at")
            endsAt = data.trimmed("ends_at")
            location = data.trimmed("location")
            owner = data.trimmed("owner")
            notes = (data["notes"] ?? "").replacingOccurrences(of: "\r\n", with: "\n")
            needsCoverage = ["1", "on", "true", "ya"].contains(data.trimmed("needs_coverage").lowercased())
        }

        init(_ record: AgendaItemRecord, timeZone: TimeZone) {
            title = record.title
            startsAt = LocalDateTime.format(record.startsAt, timeZone: timeZone)
            endsAt = LocalDateTime.format(record.endsAt, timeZone: timeZone)
            location = record.location
            owner = record.owner
            notes = record.notes
            needsCoverage = record.needsCoverage
        }

        /// The checked values, or the catalogue keys of every problem.
        struct Problems: Error {
            var messages: [LocalizedMessage]
        }

        func validate(timeZone: TimeZone) -> Result<(title: String, start: Date, end: Date), Problems> {
            var problems: [LocalizedMessage] = []
            if title.isEmpty { problems.append(.init { $0.agenda_error_title }) }
            if title.count > 200 { problems.append(.init { $0.agenda_error_title_long(n: "200") }) }
            let start = LocalDateTime.parse(startsAt, timeZone: timeZone)
            let end = LocalDateTime.parse(endsAt, timeZone: timeZone)
            if start == nil { problems.append(.init { $0.agenda_error_start }) }
            if end == nil { problems.append(.init { $0.agenda_error_end }) }
            if let start, let end, end < start { problems.append(.init { $0.agenda_error_order }) }
            if location.count > 200 || owner.count > 200 { problems.append(.init { $0.agenda_error_field_long(n: "200") }) }
            if notes.count > 4000 { problems.append(.init { $0.agenda_error_notes_long(n: "4000") }) }
            guard problems.isEmpty, let start, let end else { return .failure(Problems(messages: problems)) }
            return .success((title, start, end))
        }
    }

    struct FormPage: Sendable {
        let isNew: Bool
        let action: String
        let form: Form
        let errors: [String]
        let deleteAction: String?
        let recurring: Bool
        let imported: Bool
        let occurrence: String?
        let plans: [Plan]
        let linked: [Linked]
        let calendarHref: String
        /// The institution's zone as the words beside the fields write it (WIB), for app.js too.
        var zone = ""
        /// The start and end in Indonesian words beside their fields (`DateText.fieldWords`).
        var startsAtWords: String { DateText.fieldWords(form.startsAt, zone: zone) }
        var endsAtWords: String { DateText.fieldWords(form.endsAt, zone: zone) }
    }
    struct Plan: Sendable {
        let label: String
        let href: String
        let hint: String
    }
    struct Linked: Sendable {
        let href: String
        let title: String
        let kind: String
        let status: String
        let statusKey: String
    }
}

/// After an import, the counts the redirect carries (`?ok=agenda_imported&added=…`).
struct AgendaImportSummary: Sendable, Equatable {
    var added = 0
    var updated = 0
    var unchanged = 0

    init?(_ query: Hummingbird.Parameters) {
        guard query.get("ok") == "agenda_imported" else { return nil }
        added = query.get("added", as: Int.self) ?? 0
        updated = query.get("updated", as: Int.self) ?? 0
        unchanged = query.get("unchanged", as: Int.self) ?? 0
    }

    /// Where an import sends the browser: the month of its first item, with the counts.
    static func href(month: YearMonth?, result: AgendaImportResult) -> String {
        SiteURL.agenda.with([("month", month?.description), ("ok", "agenda_imported"), ("added", "\(result.added)"),
                             ("updated", "\(result.updated)"), ("unchanged", "\(result.unchanged)")])
    }
}

extension AgendaController.ListPage {
    init(month: YearMonth, occurrences: [AgendaQuery.Occurrence], truncated: Bool, importErrors: [String], importOwner: String, canImport: Bool,
         imported: AgendaImportSummary?, importLimitKB: Int, t: Texts, dates: DateText, preview: AgendaController.ImportPreview? = nil) {
        self.init(
            heading: "\(dates.monthName(month.month)) \(month.year)", month: month.description,
            rows: occurrences.map { occurrence in
                let record = occurrence.record, start = occurrence.start, end = occurrence.end
                return AgendaController.Row(
                    href: SiteURL.agendaItem(record.id!).path, date: dates.longDate(start),
                    time: record.isAllDay ? t.agenda_all_day : end > start ? "\(dates.time(start))–\(dates.time(end))" : dates.time(start),
                    title: record.title, owner: record.owner, location: record.location, needsCoverage: record.needsCoverage,
                    recurring: record.rrule != nil, imported: record.source == .ics)
            },
            previousHref: SiteURL.agenda.with([("month", month.adding(months: -1).description)]),
            nextHref: SiteURL.agenda.with([("month", month.adding(months: 1).description)]),
            calendarHref: SiteURL.calendar.with([("month", month.description)]),
            importErrors: importErrors, importLimitKB: importLimitKB)
        self.importOwner = importOwner
        self.canImport = canImport
        self.preview = preview
        if truncated { truncatedNotice = t.calendar_agenda_truncated(n: "\(AgendaOccurrences.pageCeiling)") }
        if let imported {
            importSummary = t.agenda_import_summary(added: "\(imported.added)", updated: "\(imported.updated)", unchanged: "\(imported.unchanged)")
        }
    }
}

extension AgendaController.FormPage {
    /// The form of a new item (`record` nil) or of an existing one, with the content planned from it.
    init(form: AgendaController.Form, record: AgendaItemRecord?, errors: [String], canPlan: Bool, linked: [ContentItemRecord], today: Day,
         calendar: OfficeCalendar, t: Texts, dates: DateText) {
        var plans: [AgendaController.Plan] = []
        if canPlan, let id = record?.id {
            plans = [
                .init(label: t.plan_coverage, href: NewContentQuery(plan: .coverage, agendaId: id).href, hint: t.plan_coverage_hint),
                .init(label: t.plan_infographic, href: NewContentQuery(plan: .infographic, agendaId: id).href, hint: t.plan_infographic_hint),
            ]
        }
        let day = record.map { calendar.day(of: $0.startsAt) }
        self.init(
            isNew: record == nil,
            action: record.map { SiteURL.agendaItem($0.id!).path } ?? SiteURL.agenda.path,
            form: form, errors: errors, deleteAction: record.map { SiteURL.agendaDelete($0.id!).path },
            recurring: record?.rrule != nil, imported: record?.source == .ics,
            occurrence: record.map { dates.dateTime($0.startsAt) }, plans: plans,
            linked: linked.map {
                .init(href: SiteURL.content($0.id!).path, title: $0.title, kind: $0.kind.label(t), status: $0.status.label(t), statusKey: $0.status.rawValue)
            },
            calendarHref: SiteURL.calendar.with([("month", YearMonth(day ?? today).description)]))
    }
}
