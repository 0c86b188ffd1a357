import Domain
import Foundation
import ViewRuntime
import Hummingbird

/// Everything the item page shows, built from an item bundle for one viewer.
struct ContentItemPage: Sendable {
    /// This page, for the revision comparison form.
    var href: String { SiteURL.content(id).path }
    struct HistoryRow: Sendable {
        let at: String
        let step: String
        let action: String
        let actionKey: String
        let actor: String
        let comment: String?
        let waited: String?
        let standard: String?
        let overdue: Bool
        let revision: Int
    }
    struct LinkRow: Sendable {
        let channel: String
        let url: String
        let at: String
        let replaced: String?
        let status: String
        let statusKey: String
    }
    struct PublishField: Sendable {
        let name: String
        let label: String
        let value: String
        /// The exact text to paste on this channel.
        let plainText: String
        let copyId: String
        /// The link form the platform expects, as a hint.
        var expected: String = ""
    }
    struct DiffSegment: Sendable {
        let text: String
        let added: Bool
        let removed: Bool
    }
    struct Diff: Sendable {
        let from: Int
        let to: Int
        let title: [DiffSegment]
        let caption: [DiffSegment]
        let channelsBefore: String
        let channelsAfter: String
        let channelsChanged: Bool
    }

    let id: Int64
    let title: String
    let kind: String
    var statusKey: String
    var status: String
    let version: Int
    let revision: Int
    let isPublished: Bool
    let stepLabel: String
    let stepName: String
    let stepRole: String
    let whoMayAct: String
    let waiting: String?
    let overdue: Bool
    let captionHTML: SafeHTML
    let captionCount: Int
    let captionLimit: Int
    let captionOver: Bool
    let channels: [String]
    let mediaLinks: [String]
    let media: [ContentFormPage.UploadRow]
    let source: String
    let eventAt: String?
    let publishAt: String?
    let notes: String?
    let creator: String
    /// The reason of the rejection that sent the item to where it is, while it is still there.
    let lastRejection: String?
    let lastRejectionHeading: String?
    let publishedSummary: String?

    // What this viewer may do
    let canSubmit: Bool
    var canApprove: Bool
    var canReject: Bool
    var canPublish: Bool
    var canEdit: Bool
    var actingFor: String?
    let submitAction: String
    let approveAction: String
    let rejectAction: String
    let publishAction: String
    let editHref: String
    let zipHref: String
    let publishFields: [PublishField]
    let comment: String
    let reason: String
    let errors: [String]
    let conflict: String?

    let previews: [ChannelPreview]
    let links: [LinkRow]
    var history: [HistoryRow]
    let diff: Diff?
    let revisionOptionsFrom: [ChoiceOption]
    let revisionOptionsTo: [ChoiceOption]
    let whatsappHref: String

    // Records and updates after publishing
    var sheetHref: String = ""
    var recordHref: String = ""
    /// The viewer holds the publishing role of a published item: they may start an update.
    var canUpdate = false
    /// The institution updates published items straight away (else through the workflow again).
    var updateDirect = false
    var reopenAction: String = ""
    var updateAction: String = ""
    var updateFields: [PublishField] = []
    /// Why the viewer, who holds this decide step's role, may not decide here (four eyes); the
    /// decision forms are then not offered.
    var fourEyesNote: String?
    /// Channels that need a photo or video and have none (`MediaRule`), while unpublished.
    var mediaWarning: String?
    /// The warning follows an action that went ahead (or was refused) without the media: said as an alert.
    var mediaWarningAlert = false
    /// At the publish step: the confirmation that the channels allowing it go out as text only.
    var textOnlyLabel: String?
    /// The caption is over a selected channel's limit: how much to cut before submitting.
    var captionWarning: String?
    /// Just saved that way (the save leads here): announced.
    var captionWarningAlert = false
    var textOnlyChecked = false
    /// Post performance per archived link (`PostMetricsController`); nil without links.
    var performance: PostMetricsItemSection?
}

/// What the viewer typed into an action form, kept when the action is refused.
struct ActionInput: Sendable {
    var comment = ""
    var reason = ""
    /// The publisher confirmed a text-only post where a channel allows one (`text_only=1`).
    var textOnly = false
    var links: [String: String] = [:]
    var errors: [String] = []
    var conflict: String?
    /// A refused "Kinerja" form (`PostMetricsController.enter`), kept.
    var metrics: PostMetricsInput?
}

extension AppServices {
    /// The page for `bundle` as `user` sees it.
    func itemPage(_ bundle: AppDatabase.ItemBundle, user: CurrentUser, input: ActionInput, compare: (from: Int?, to: Int?),
                  request: Request, context: AppRequestContext) throws -> ContentItemPage {
        let item = bundle.item
        let settings = institution.settings
        let dates = dateText(context)
        let workflow = institution.workflow(version: item.workflowVersion) ?? Workflow(steps: [])
        let step = workflow.step(at: item.position)
        let published = item.status == .published
        let current = bundle.revisions.last { $0.number == item.revision } ?? bundle.revisions.last
        let draft = current.map(ContentDraft.init)
        let plain = Markdown.plainText(draft?.caption ?? "")
        let rule = CaptionRule(limit: settings.captionLimit)

        var actor = step.flatMap { published ? nil : user.actor(for: $0.roleKey) }
        // Four eyes: a viewer the rule refuses at this decide step is told so, and offered no decision.
        var fourEyesNote: String?
        if let who = actor, let step, step.kind == .decide,
           let refusal = FourEyes.refusal(
               userId: who.userId, onBehalfOf: who.onBehalfOf, at: item.position, workflow: workflow, creatorId: item.createdBy,
               events: bundle.events.compactMap(\.fourEyesEvent), separateDeciders: settings.separateDeciders) {
            let role = institution.roleName(step.roleKey)
            switch refusal {
            case .authored:
                fourEyesNote = texts(context).content_four_eyes_note_authored(role: role)
            case .decidedAtAnotherLevel(let position):
                fourEyesNote = texts(context).content_four_eyes_note_level(position: "\(position)", step: workflow.step(at: position)?.name ?? "–", role: role)
            }
            actor = nil
        }
        let actions = published ? [] : workflow.actions(at: ItemPosition(position: item.position))
        var actingFor: String?
        if let onBehalf = actor?.onBehalfOf {
            actingFor = try database.user(id: onBehalf)?.displayName
        }
        var whoMayAct = ""
        if let step, !published {
            let holders = try database.holders(of: step.roleKey).map(\.name)
            whoMayAct = holders.isEmpty ? texts(context).content_nobody_holds : holders.joined(separator: ", ")
        }
        var waiting: String?
        var overdue = false
        if !published {
            let time = WaitingTime(officeMinutes: institution.officeCalendar.officeMinutes(from: item.stepEnteredAt, to: now), standardMinutes: step?.standardMinutes)
            waiting = waitingText(time, context)
            overdue = time.isOverdue
        }
        // Edits do not move an item: the last move says how it got where it is.
        let media = bundle.media.map {
            ContentFormPage.UploadRow(sha256: $0.sha256, name: $0.originalName, href: SiteURL.media($0.sha256).path,
                                      isImage: $0.contentType.hasPrefix("image/"), pending: false)
        }
        let lastMove = bundle.events.last { $0.event.action.workflowAction != nil }
        // Sent back and not moved on since (`ReturnedItem`): the notice heads the page.
        let rejection = published ? nil : ReturnedItem.rejectionIndex(bundle.events.map(\.event.action)).map { bundle.events[$0] }

        let history = bundle.events.map { row in
            let event = row.event
            return ContentItemPage.HistoryRow(
                at: dates.shortDateTime(event.at), step: "\(event.fromPosition). \(event.stepName)",
                action: event.action.label(texts(context)), actionKey: event.action.rawValue,
                actor: actorText(row.actorName, row.onBehalfOfName),
                comment: PublishNote.isTextOnly(action: event.action, comment: event.comment) ? texts(context).content_history_text_only : event.comment,
                waited: event.waitedMinutes.map { minutesText($0, context) },
                standard: event.standardMinutes.map { minutesText($0, context) },
                overdue: WaitingTime(officeMinutes: event.waitedMinutes ?? 0, standardMinutes: event.standardMinutes).isOverdue && event.waitedMinutes != nil,
                revision: event.revision)
        }

        // The diff: by default what changed since the revision the previous level saw (the one the
        // last move was made on), or else the previous revision.
        let numbers = bundle.revisions.map(\.number)
        var diff: ContentItemPage.Diff?
        let seenByPreviousLevel = lastMove.map(\.event.revision).flatMap { $0 == item.revision ? nil : $0 }
        let defaultFrom = seenByPreviousLevel ?? (numbers.count >= 2 ? numbers[numbers.count - 2] : nil)
        if let from = compare.from ?? defaultFrom, let to = compare.to ?? numbers.last, from != to,
           let old = bundle.revisions.first(where: { $0.number == from }), let new = bundle.revisions.first(where: { $0.number == to }) {
            func segments(_ a: String, _ b: String) -> [ContentItemPage.DiffSegment] {
                TextDiff.words(from: a, to: b).map { .init(text: $0.text, added: $0.kind == .added, removed: $0.kind == .removed) }
            }
            let before = ContentDraft(old).channels.map(\.displayName).joined(separator: ", ")
            let after = ContentDraft(new).channels.map(\.displayName).joined(separator: ", ")
            diff = .init(from: from, to: to, title: segments(old.title, new.title), caption: segments(old.caption, new.caption),
                         channelsBefore: before, channelsAfter: after, channelsChanged: before != after)
        }

        let url = config.publicBaseURL + SiteURL.content(item.id!).path
        let share = "\(item.title) — \(url)"
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")

        // The links in force: a new publication starts from them, and replaces only what changes.
        var currentLinks: [Channel: String] = [:]
        for link in bundle.links where link.replacedAt == nil { currentLinks[link.channel] = link.url }
        var page = ContentItemPage(
            id: item.id!, title: item.title, kind: item.kind.label(texts(context)), statusKey: item.status.rawValue,
            status: item.status.label(texts(context)), version: item.version, revision: item.revision, isPublished: published,
            stepLabel: texts(context).content_step_of(n: "\(item.position)", total: "\(workflow.steps.count)"),
            stepName: step?.name ?? "", stepRole: step.map { institution.roleName($0.roleKey) } ?? "", whoMayAct: whoMayAct,
            waiting: waiting, overdue: overdue,
            captionHTML: Markdown.html(draft?.caption ?? ""), captionCount: rule.count(plain), captionLimit: rule.limit,
            captionOver: rule.excess(plain) != nil,
            channels: draft?.channels.map(\.displayName) ?? [], mediaLinks: draft?.mediaLinks ?? [], media: media,
            source: draft.map { $0.source.label(texts(context)) } ?? "",
            eventAt: draft?.eventAt.map(dates.dateTime), publishAt: draft?.publishAt.map(dates.dateTime),
            notes: draft.flatMap { $0.notes.isEmpty ? nil : $0.notes }, creator: bundle.creatorName,
            lastRejection: rejection?.event.comment,
            lastRejectionHeading: rejection.map { row in
                texts(context).content_rejected_title(
                    actor: actorText(row.actorName, row.onBehalfOfName),
                    role: workflow.step(at: row.event.fromPosition).map { institution.roleName($0.roleKey) } ?? row.event.stepName,
                    step: row.event.stepName, at: dates.dateTime(row.event.at))
            },
            publishedSummary: published ? lastMove.map {
                texts(context).content_published_summary(at: dates.dateTime($0.event.at), actor: actorText($0.actorName, $0.onBehalfOfName))
            } : nil,
            canSubmit: actor != nil && actions.contains(.submit), canApprove: actor != nil && actions.contains(.approve),
            canReject: actor != nil && actions.contains(.reject), canPublish: actor != nil && actions.contains(.publish),
            canEdit: actor != nil && step?.kind != .publish, actingFor: actingFor,
            submitAction: SiteURL.contentAction(item.id!, .submit).path, approveAction: SiteURL.contentAction(item.id!, .approve).path,
            rejectAction: SiteURL.contentAction(item.id!, .reject).path, publishAction: SiteURL.contentAction(item.id!, .publish).path,
            editHref: SiteURL.contentEdit(item.id!).path, zipHref: SiteURL.contentMediaZip(item.id!).path,
            publishFields: (draft?.channels ?? []).map {
                .init(name: "link_\($0.rawValue)", label: $0.displayName, value: input.links[$0.rawValue] ?? currentLinks[$0] ?? "",
                      plainText: plain, copyId: "copy-\($0.rawValue)", expected: PlatformLinks.expectedForm($0, language: context.language))
            },
            comment: input.comment, reason: input.reason, errors: input.errors, conflict: input.conflict,
            previews: draft.map {
                previews(title: $0.title, caption: $0.caption, channels: $0.channels, publishAt: $0.publishAt,
                         imageHref: media.first(where: \.isImage)?.href, context: context)
            } ?? [],
            links: bundle.links.compactMap { link in
                Optional(link.channel).map {
                    .init(channel: $0.displayName, url: link.url, at: dates.shortDateTime(link.createdAt),
                          replaced: link.replacedAt.map { texts(context).archive_replaced_at(at: dates.shortDateTime($0)) },
                          status: link.status.label(texts(context)), statusKey: link.status.rawValue)
                }
            },
            history: history, diff: diff,
            revisionOptionsFrom: numbers.map { .init(value: "\($0)", label: "\($0)", selected: $0 == diff?.from) },
            revisionOptionsTo: numbers.map { .init(value: "\($0)", label: "\($0)", selected: $0 == diff?.to) },
            whatsappHref: "https://wa.me/?text=" + (share.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""))
        page.sheetHref = SiteURL.contentSheet(item.id!).path
        page.recordHref = SiteURL.contentRecord(item.id!).path
        let publishStep = workflow.publishPosition.flatMap(workflow.step(at:))
        page.fourEyesNote = fourEyesNote
        if !published, let draft {
            let missing = MediaRule.missing(channels: draft.channels, media: attachedMedia(bundle))
            if !missing.isEmpty {
                page.mediaWarning = mediaWarningText(missing, context)
                // Just handed on or approved without it (the action's answer leads here): an alert.
                let ok = request.uri.queryParameters.get("ok")
                page.mediaWarningAlert = ok == "content_submit" || ok == "content_approve" || !input.errors.isEmpty
                let textOnly = missing.filter(\.allowsTextOnly)
                if page.canPublish, !textOnly.isEmpty {
                    page.textOnlyLabel = texts(context).content_text_only_confirm(channels: textOnly.map(\.displayName).joined(separator: ", "))
                    page.textOnlyChecked = input.textOnly
                }
            }
        }
        // Over a channel's caption limit: saved, but it must be cut before it can be handed on.
        if !published, let draft, let over = captionOver(caption: draft.caption, channels: draft.channels) {
            page.captionWarning = captionOverText(over, action: nil, context)
            let ok = request.uri.queryParameters.get("ok")
            page.captionWarningAlert = ok == "content_saved" || ok == "content_created"
        }
        page.canUpdate = published && publishStep.map { user.actor(for: $0.roleKey) != nil } == true
        page.updateDirect = institution.settings.updatePolicy == .direct
        page.reopenAction = SiteURL.contentReopen(item.id!).path
        page.updateAction = SiteURL.contentUpdate(item.id!).path
        page.updateFields = (draft?.channels ?? []).map { channel in
            .init(name: "link_\(channel.rawValue)", label: channel.displayName, value: input.links[channel.rawValue] ?? currentLinks[channel] ?? "",
                  plainText: plain, copyId: "update-\(channel.rawValue)", expected: PlatformLinks.expectedForm(channel, language: context.language))
        }
        page.performance = try postMetricsSection(bundle, user: user, input: input.metrics, context: context)
        return page
    }

    /// The item's photos, videos and media links, as the media rule counts them.
    func attachedMedia(_ bundle: AppDatabase.ItemBundle) -> AttachedMedia {
        let revision = bundle.revisions.last { $0.number == bundle.item.revision } ?? bundle.revisions.last
        return AttachedMedia(photos: bundle.media.filter { $0.contentType.hasPrefix("image/") }.count,
                             videos: bundle.media.filter { $0.contentType.hasPrefix("video/") }.count,
                             links: revision.map { ContentDraft($0).mediaLinks.count } ?? 0)
    }

    /// "Belum ada foto atau video untuk kanal yang memerlukannya: Instagram, YouTube (video)."
    func mediaWarningText(_ missing: [Channel], _ context: AppRequestContext) -> String {
        let names = missing.map { $0.mediaNeed == .video ? texts(context).content_media_video_only(channel: $0.displayName) : $0.displayName }
        return texts(context).content_media_missing(channels: names.joined(separator: ", "))
    }

    /// "Budi" or "Budi a.n. Ibu Kepala Biro".
    func actorText(_ actor: String, _ onBehalfOf: String?) -> String {
        onBehalfOf.map { "\(actor) a.n. \($0)" } ?? actor
    }

    func minutesText(_ minutes: Int, _ context: AppRequestContext) -> String {
        texts(context).minutesText(minutes)
    }

    /// "45 menit kerja dari standar 15 menit"
    func waitingText(_ time: WaitingTime, _ context: AppRequestContext) -> String {
        let waited = minutesText(time.officeMinutes, context)
        guard let standard = time.standardMinutes else { return texts(context).waiting_no_standard(waited: waited) }
        return texts(context).waiting_against_standard(waited: waited, standard: minutesText(standard, context))
    }
}

extension Texts {
    /// "45 menit", "2 jam", "1 jam 30 menit".
    func minutesText(_ minutes: Int) -> String {
        if minutes < 60 { return minutes_value(n: "\(minutes)") }
        let hours = minutes / 60, rest = minutes % 60
        return rest == 0 ? hours_value(h: "\(hours)") : hours_minutes_value(h: "\(hours)", m: "\(rest)")
    }
}

extension ContentItemPage {
    /// The viewer has a decision to make here: it goes in the bar after the content.
    var hasDecision: Bool { canSubmit || canApprove || rejectInBar }
    /// "Kembalikan" at a decide step sits in the decision bar; at the publish step it sits under
    /// the publish form in the step card (the bar, sticky at the foot of the screen, would cover
    /// the publish button).
    var rejectInBar: Bool { canReject && !canPublish }
    var rejectAtPublish: Bool { canReject && canPublish }
    /// How many characters to cut to fit the limit, when over it.
    var captionExcess: Int? { captionCount > captionLimit ? captionCount - captionLimit : nil }
}
