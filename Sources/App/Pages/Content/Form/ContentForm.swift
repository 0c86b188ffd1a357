import Domain
import Foundation

/// The content form as typed: kept as strings so that a refused form comes back exactly as it was.
struct ContentFormInput: Sendable, Equatable {
    var title = ""
    var kind = ContentKind.kegiatan.rawValue
    var caption = ""
    var channels: [String] = []
    var mediaLinks = ""
    var source = ContentSource.editorialPlan.rawValue
    var eventAt = ""
    var publishAt = ""
    var notes = ""
    var eventEndAt = ""
    var dueOn = ""
    var agendaId = ""

    init() {}

    init(_ form: FormData) {
        title = form.trimmed("title")
        kind = form.trimmed("kind")
        caption = (form["caption"] ?? "").replacingOccurrences(of: "\r\n", with: "\n")
        channels = form.all("channels")
        mediaLinks = (form["media_links"] ?? "").replacingOccurrences(of: "\r\n", with: "\n")
        source = form.trimmed("source")
        eventAt = form.trimmed("event_at")
        publishAt = form.trimmed("publish_at")
        notes = (form["notes"] ?? "").replacingOccurrences(of: "\r\n", with: "\n")
        eventEndAt = form.trimmed("event_end_at")
        dueOn = form.trimmed("due_on")
        agendaId = form.trimmed("agenda_id")
    }

    init(_ draft: ContentDraft, timeZone: TimeZone) {
        title = draft.title
        kind = draft.kind.rawValue
        caption = draft.caption
        channels = draft.channels.map(\.rawValue)
        mediaLinks = draft.mediaLinks.joined(separator: "\n")
        source = draft.source.rawValue
        eventAt = draft.eventAt.map { LocalDateTime.format($0, timeZone: timeZone) } ?? ""
        publishAt = draft.publishAt.map { LocalDateTime.format($0, timeZone: timeZone) } ?? ""
        notes = draft.notes
        eventEndAt = draft.eventEndAt.map { LocalDateTime.format($0, timeZone: timeZone) } ?? ""
        dueOn = draft.dueOn?.description ?? ""
        agendaId = draft.agendaId.map(String.init) ?? ""
    }

    /// A problem with one field, as a catalogue text.
    struct Problem: Sendable {
        var field: String
        var message: LocalizedMessage
        /// The caption is longer than the institution's limit (the one problem a preview still helps with).
        var captionTooLong = false
    }

    static let maximumTitle = 200
    static let maximumNotes = 4000
    static let maximumCaption = 20_000
    static let maximumMediaLinks = 30

    /// Checks every field; returns the draft, or every problem found. `captionRule` only shapes
    /// the counter: a caption over it is saved (and refused at submission and approval).
    func validate(allowedChannels: [Channel], captionRule: CaptionRule, timeZone: TimeZone) -> Result<ContentDraft, ProblemList> {
        var problems: [Problem] = []
        if title.isEmpty { problems.append(.init(field: "title", message: .init { $0.content_error_title_required })) }
        if title.count > Self.maximumTitle { problems.append(.init(field: "title", message: .init { $0.content_error_title_long(n: "\(Self.maximumTitle)") })) }
        let kind = ContentKind(rawValue: self.kind)
        if kind == nil { problems.append(.init(field: "kind", message: .init { $0.content_error_kind })) }
        let source = ContentSource(rawValue: self.source)
        if source == nil { problems.append(.init(field: "source", message: .init { $0.content_error_source })) }
        let plain = Markdown.plainText(caption)
        if plain.isEmpty {
            problems.append(.init(field: "caption", message: .init { $0.content_error_caption_required }))
        } else if caption.count > Self.maximumCaption {
            problems.append(.init(field: "caption", message: .init { $0.content_error_caption_huge }))
        }
        // Over the caption limit is no problem for saving: a draft may be long while it is being
        // cut. Submitting and approving refuse it (`AppServices.captionOver`).
        var channels: [Channel] = []
        for key in self.channels {
            if let channel = Channel(rawValue: key), allowedChannels.contains(channel) {
                if !channels.contains(channel) { channels.append(channel) }
            } else {
                problems.append(.init(field: "channels", message: .init { $0.content_error_channel_unknown(channel: key) }))
            }
        }
        if channels.isEmpty, self.channels.isEmpty { problems.append(.init(field: "channels", message: .init { $0.content_error_channels_required })) }
        let links = WebLink.lines(mediaLinks)
        for link in links where !WebLink.isHTTP(link) || link.count > 2048 {
            problems.append(.init(field: "media_links", message: .init { $0.content_error_media_link(link: String(link.prefix(80))) }))
        }
        if links.count > Self.maximumMediaLinks { problems.append(.init(field: "media_links", message: .init { $0.content_error_media_many(n: "\(Self.maximumMediaLinks)") })) }
        func date(_ text: String, field: String) -> Date? {
            guard !text.isEmpty else { return nil }
            guard let date = LocalDateTime.parse(text, timeZone: timeZone) else {
                problems.append(.init(field: field, message: .init { $0.content_error_datetime }))
                return nil
            }
            return date
        }
        let eventAt = date(eventAt, field: "event_at")
        let publishAt = date(publishAt, field: "publish_at")
        let eventEndAt = date(eventEndAt, field: "event_end_at")
        if let eventAt, let eventEndAt, eventEndAt < eventAt {
            problems.append(.init(field: "event_end_at", message: .init { $0.content_error_event_end }))
        }
        let dueOn = Day(self.dueOn)
        if !self.dueOn.isEmpty, dueOn == nil { problems.append(.init(field: "due_on", message: .init { $0.content_error_due_on })) }
        // A greeting is for a day: without it the on-or-before-the-day rule has nothing to check.
        if kind == .ucapan, self.dueOn.isEmpty { problems.append(.init(field: "due_on", message: .init { $0.content_error_due_on_required })) }
        let agendaId = Int64(self.agendaId)
        if !self.agendaId.isEmpty, agendaId == nil { problems.append(.init(field: "agenda_id", message: .init { $0.content_error_agenda })) }
        if notes.count > Self.maximumNotes { problems.append(.init(field: "notes", message: .init { $0.content_error_notes_long(n: "\(Self.maximumNotes)") })) }
        guard problems.isEmpty, let kind, let source else { return .failure(ProblemList(problems: problems)) }
        return .success(ContentDraft(
            title: title, kind: kind, caption: caption, channels: channels, mediaLinks: links, source: source,
            eventAt: eventAt, publishAt: publishAt, notes: notes, eventEndAt: eventEndAt, dueOn: dueOn, agendaId: agendaId))
    }

    struct ProblemList: Error, Sendable {
        var problems: [Problem]
        var captionTooLong: Bool { problems.contains(where: \.captionTooLong) }
    }
}

/// What the form template shows.
struct ContentFormPage: Sendable {
    let isNew: Bool
    let action: String
    let cancelHref: String
    let version: Int?
    let form: ContentFormInput
    let kinds: [ChoiceOption]
    let sources: [ChoiceOption]
    let channels: [ChoiceOption]
    let errors: [String]
    let captionCount: Int
    let captionLimit: Int
    let captionOver: Bool
    let stepNote: String?
    /// Where a planned item comes from: the agenda item or the day it greets.
    var agendaNote: String? = nil
    /// The agenda item it is planned from, for the hidden field (nil: none).
    var agendaId: String? = nil
    /// Files already uploaded with this form (kept across a refused submission) or on the item.
    let uploads: [UploadRow]
    /// Each selectable channel's own limit, counted on the same plain text.
    let platformCounts: [PlatformCount]
    /// Each date field's value in Indonesian words beside it ("Kamis, 3 Desember 2026 pukul 13.00
    /// WIB", `DateText.fieldWords`), whatever the browser's own language shows in the field and
    /// whatever the page's; app.js rewrites them as the value changes.
    var eventAtWords = ""
    var eventEndAtWords = ""
    var publishAtWords = ""
    var dueOnWords = ""
    /// The institution's zone as the words write it (WIB), for app.js.
    var zone = ""

    struct UploadRow: Sendable {
        let sha256: String
        let name: String
        let href: String
        let isImage: Bool
        /// Kept by this form (a hidden field), rather than already on the item.
        let pending: Bool
    }

    struct PlatformCount: Sendable {
        let channel: String
        let label: String
        let limit: Int
        let count: Int
        let over: Bool
        let selected: Bool
    }
}

extension ContentFormPage {
    /// How many characters to cut to fit the institution's limit, when over it.
    var captionExcess: Int? { captionCount > captionLimit ? captionCount - captionLimit : nil }
}
