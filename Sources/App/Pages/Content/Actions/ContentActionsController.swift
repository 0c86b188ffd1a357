import Domain
import Foundation
import HTTPTypes
import Hummingbird

/// The workflow actions on an item (submit, approve, reject, publish) and the changes after
/// publishing (reopen through the workflow, or update directly).
struct ContentActionsController {
    let services: AppServices

    func addRoutes(to loggedIn: RouterGroup<AppRequestContext>) {
        loggedIn.post(SiteURL.contentReopen(0).route) { request, context in
            try await updateAfterPublishing(.workflow, request: request, context: context)
        }
        loggedIn.post(SiteURL.contentUpdate(0).route) { request, context in
            try await updateAfterPublishing(.direct, request: request, context: context)
        }
        for action in WorkflowAction.allCases {
            loggedIn.post(SiteURL.contentAction(0, action).route) { request, context in
                try await act(action, request: request, context: context)
            }
        }
    }



    func act(_ action: WorkflowAction, request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireIdentity()
        let bundle = try services.loadBundle(context)
        let item = bundle.item
        var request = request
        let data = try await request.form(limit: services.config.maxBodyBytes)
        guard let version = data["version"].flatMap({ Int($0) }) else { throw AppError.malformedForm }
        guard let workflow = services.institution.workflow(version: item.workflowVersion) else { throw AppError.notFound }

        var input = ActionInput(comment: data.trimmed("comment"), reason: data.trimmed("reason"), textOnly: data["text_only"] == "1")
        for channel in Channel.allCases { input.links[channel.rawValue] = data.trimmed("link_\(channel.rawValue)") }

        // Someone else moved the item first: say who and when, and show where it is now.
        if version != item.version {
            input.conflict = try services.staleMessage(bundle, context)
            return try services.renderItem(bundle, user: user, input: input, status: .conflict, request: request, context: context)
        }
        if item.status == .published {
            input.conflict = services.texts(context).content_error_already_published
            return try services.renderItem(bundle, user: user, input: input, status: .conflict, request: request, context: context)
        }
        guard let step = workflow.step(at: item.position) else { throw AppError.notFound }
        guard let actor = user.actor(for: step.roleKey) else { throw services.stepForbidden(step) }
        guard action.isAllowed(at: step.kind) else {
            input.conflict = services.texts(context).content_error_action_not_here(step: step.name)
            return try services.renderItem(bundle, user: user, input: input, status: .conflict, request: request, context: context)
        }

        var comment: String? = input.comment
        var links: [(channel: Channel, url: String)] = []
        let current = bundle.revisions.last(where: { $0.number == item.revision }).map(ContentDraft.init)
        switch action {
        case .reject:
            if input.reason.isEmpty { input.errors.append(services.texts(context).content_error_reason_required) }
            comment = input.reason
        case .publish:
            let channels = current?.channels ?? []
            // A text-only post the publisher confirmed is said in the history (a mark in the
            // publish line's comment, which publishing otherwise leaves empty).
            let confirmedTextOnly = input.textOnly
                && MediaRule.missing(channels: channels, media: services.attachedMedia(bundle)).contains(where: \.allowsTextOnly)
            comment = confirmedTextOnly ? PublishNote.textOnly : nil
            (links, input.errors) = services.checkedLinks(channels: channels, input: input, context: context)
            // A channel that needs a photo or video waits for it, or for the publisher's word that
            // it goes out as text only where the channel has such a post.
            let media = services.attachedMedia(bundle)
            for refusal in MediaRule.publishRefusals(channels: channels, media: media, textOnlyConfirmed: input.textOnly) {
                switch refusal {
                case .needsMedia(let channel):
                    input.errors.append(services.texts(context).content_error_publish_needs_media(
                        channel: channel.displayName, media: channel.mediaNeed == .video ? services.texts(context).content_media_need_video
                            : services.texts(context).content_media_need_photo_or_video))
                case .textOnlyNotConfirmed(let channel):
                    input.errors.append(services.texts(context).content_error_publish_text_only(channel: channel.displayName))
                }
            }
        case .submit:
            if let draft = current, draft.kind == .ucapan, draft.dueOn == nil {
                // Saved before the greeting's day was required: it is asked for before handing on.
                input.errors.append(services.texts(context).content_error_due_on_required)
            }
            // The SOP's timing rules, where the institution enforces them: named, with the dates.
            if let revision = bundle.revisions.last(where: { $0.number == item.revision }) {
                let draft = ContentDraft(revision)
                let settings = services.institution.settings
                let violations = TimingRules.check(
                    kind: draft.kind, publishAt: draft.publishAt, eventStart: draft.eventAt, eventEnd: draft.eventEndAt, dueDay: draft.dueOn,
                    timeZone: settings.timeZone, enabled: settings.timingRules)
                input.errors += violations.map { TimingText.message($0, t: services.texts(context), dates: services.dateText(context)) }
            }
        case .approve:
            break
        }
        // Saving an over-long caption is allowed; handing it on or approving it is not.
        if action == .submit || action == .approve, let draft = current,
           let over = services.captionOver(caption: draft.caption, channels: draft.channels) {
            input.errors.insert(services.captionOverText(over, action: action, context), at: 0)
        }
        if (comment?.count ?? 0) > 4000 { input.errors.append(services.texts(context).content_error_comment_long) }
        guard input.errors.isEmpty else {
            return try services.renderItem(bundle, user: user, input: input, status: .unprocessableContent, request: request, context: context)
        }

        do {
            _ = try services.database.applyAction(
                action, itemId: item.id!, expectedVersion: version, workflow: workflow, by: actor, comment: comment, links: links,
                calendar: services.institution.officeCalendar, now: services.now)
        } catch ContentError.stale {
            let fresh = try services.loadBundle(context)
            input.conflict = try services.staleMessage(fresh, context)
            return try services.renderItem(fresh, user: user, input: input, status: .conflict, request: request, context: context)
        } catch ContentError.fourEyes(let refusal) {
            throw services.fourEyesForbidden(refusal, workflow: workflow, step: step)
        } catch ContentError.notAuthorized {
            throw services.stepForbidden(step)
        } catch ContentError.transition {
            input.conflict = services.texts(context).content_error_action_not_here(step: step.name)
            return try services.renderItem(bundle, user: user, input: input, status: .conflict, request: request, context: context)
        }
        // Handed on or approved without the photo or video a channel needs: the page it leads to
        // says so as an alert (`ContentItemPage.mediaWarningAlert`).
        return .redirect(to: SiteURL.content(item.id!).path + "?ok=content_\(action.rawValue)")
    }



    /// The publishing role starts an update of a published item: checks shared by both ways.
    func updater(_ bundle: AppDatabase.ItemBundle, _ user: CurrentUser, _ data: FormData, _ context: AppRequestContext)
        throws -> (actor: ContentActor, step: WorkflowStep, workflow: Workflow, version: Int, input: ActionInput) {
        guard let version = data["version"].flatMap({ Int($0) }) else { throw AppError.malformedForm }
        guard let workflow = services.institution.workflow(version: bundle.item.workflowVersion),
              let step = workflow.publishPosition.flatMap(workflow.step(at:)) else { throw AppError.notFound }
        guard let actor = user.actor(for: step.roleKey) else { throw services.stepForbidden(step) }
        var input = ActionInput(comment: "", reason: data.trimmed("reason"))
        for channel in Channel.allCases { input.links[channel.rawValue] = data.trimmed("link_\(channel.rawValue)") }
        return (actor, step, workflow, version, input)
    }


    /// An update of a published item, one of the two ways: through the workflow again (`reopen`:
    /// back to the first step with the reason) or straight by the publishing role (`update`: the
    /// reason and the links of replaced posts). The institution's setting says which one it uses.
    func updateAfterPublishing(_ way: UpdatePolicy, request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireIdentity()
        let bundle = try services.loadBundle(context)
        var request = request
        let data = try await request.form(limit: services.config.maxBodyBytes)
        var (actor, step, workflow, version, input) = try updater(bundle, user, data, context)
        if version != bundle.item.version {
            input.conflict = try services.staleMessage(bundle, context)
            return try services.renderItem(bundle, user: user, input: input, status: .conflict, request: request, context: context)
        }
        guard bundle.item.status == .published else {
            input.conflict = services.texts(context).update_error_not_published
            return try services.renderItem(bundle, user: user, input: input, status: .conflict, request: request, context: context)
        }
        if services.institution.settings.updatePolicy != way {
            input.errors.append((way == .workflow ? services.texts(context).update_error_policy_direct : services.texts(context).update_error_policy_workflow))
        }
        if input.reason.isEmpty { input.errors.append(services.texts(context).update_error_reason) }
        if input.reason.count > 4000 { input.errors.append(services.texts(context).content_error_comment_long) }
        var links: [(channel: Channel, url: String)] = []
        if way == .direct {
            let channels = bundle.revisions.last { $0.number == bundle.item.revision }.map { ContentDraft($0).channels } ?? []
            let problems: [String]
            (links, problems) = services.checkedLinks(channels: channels, input: input, context: context)
            input.errors += problems
        }
        guard input.errors.isEmpty else {
            return try services.renderItem(bundle, user: user, input: input, status: .unprocessableContent, request: request, context: context)
        }
        do {
            switch way {
            case .workflow:
                _ = try services.database.reopenItem(id: bundle.item.id!, expectedVersion: version, workflow: workflow, reason: input.reason,
                                                     by: actor, today: services.institution.today(services.now), now: services.now)
            case .direct:
                _ = try services.database.updatePublished(id: bundle.item.id!, expectedVersion: version, step: step, reason: input.reason,
                                                          links: links, by: actor, today: services.institution.today(services.now), now: services.now)
            }
        } catch ContentError.notAuthorized {
            throw services.stepForbidden(step)
        } catch ContentError.stale, ContentError.notPublished {
            let fresh = try services.loadBundle(context)
            input.conflict = try services.staleMessage(fresh, context)
            return try services.renderItem(fresh, user: user, input: input, status: .conflict, request: request, context: context)
        }
        return .redirect(to: SiteURL.content(bundle.item.id!).path + (way == .workflow ? "?ok=content_reopened" : "?ok=content_updated"))
    }
}
