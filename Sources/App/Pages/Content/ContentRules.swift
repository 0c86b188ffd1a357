import Domain
import Foundation
import HTTPTypes
import Hummingbird

/// What the content pages share: who may create, edit or act on an item, loading it, and the
/// refusals they answer with.
extension AppServices {


    /// The caption over a channel's limit (the institution's own, or the platform's where tighter):
    /// the tightest limit broken, the channels with that limit, and how many characters to cut.
    struct CaptionOver: Sendable, Equatable {
        var limit: Int
        var count: Int
        var channels: [Channel]
        var excess: Int { count - limit }
    }

    /// Saving an over-long caption is allowed; submitting and approving it are not.
    func captionOver(caption markdown: String, channels: [Channel]) -> CaptionOver? {
        let settings = institution.settings
        let count = CaptionRule(limit: settings.captionLimit).count(Markdown.plainText(markdown))
        let limits = (channels.isEmpty ? [nil] : channels.map(Optional.some)).map { channel in
            (channel, [channel.flatMap(settings.platformLimits.captionLimit(for:)), settings.captionLimit].compactMap { $0 }.min() ?? settings.captionLimit)
        }
        guard let tightest = limits.map(\.1).min(), count > tightest else { return nil }
        return CaptionOver(limit: tightest, count: count, channels: limits.filter { $0.1 == tightest }.compactMap(\.0))
    }

    /// "Keterangan melebihi batas 200 karakter untuk Instagram, X: kurangi 80 karakter sebelum diajukan."
    func captionOverText(_ over: CaptionOver, action: WorkflowAction?, _ context: AppRequestContext) -> String {
        let t = texts(context)
        let channels = over.channels.isEmpty ? t.content_caption_over_all : over.channels.map(\.displayName).joined(separator: ", ")
        switch action {
        case .approve?:
            return t.content_error_caption_over_approve(limit: "\(over.limit)", channels: channels, excess: "\(over.excess)")
        case .submit?:
            return t.content_error_caption_over_submit(limit: "\(over.limit)", channels: channels, excess: "\(over.excess)")
        default:
            return t.content_caption_over_warning(limit: "\(over.limit)", channels: channels, excess: "\(over.excess)")
        }
    }


    func canCreate(_ user: CurrentUser) -> Bool {
        guard let first = institution.currentWorkflow?.workflow.step(at: 1) else { return false }
        return user.actor(for: first.roleKey) != nil
    }


    /// A planned item names an agenda item that still exists (or none).
    func agendaExists(_ draft: ContentDraft) throws -> Bool {
        guard let id = draft.agendaId else { return true }
        return try database.agendaItem(id: id) != nil
    }


    func firstStepForbidden(_ context: AppRequestContext) -> AppError {
        let role = institution.currentWorkflow?.workflow.step(at: 1).map { institution.roleName($0.roleKey) } ?? "–"
        return AppError(.forbidden, LocalizedMessage { $0.content_error_cannot_create(role: role) })
    }



    func loadBundle(_ context: AppRequestContext) throws -> AppDatabase.ItemBundle {
        guard let id = context.parameters.get("id", as: Int64.self), let bundle = try database.itemBundle(id: id) else {
            throw AppError.notFound
        }
        return bundle
    }


    func renderItem(_ bundle: AppDatabase.ItemBundle, user: CurrentUser, input: ActionInput, compare: (from: Int?, to: Int?) = (nil, nil),
                    status: HTTPResponse.Status, request: Request, context: AppRequestContext) throws -> Response {
        let page = try itemPage(bundle, user: user, input: input, compare: compare, request: request, context: context)
        return try render(title: bundle.item.title, request: request, context: context, status: status) {
            Templates.contentItem(page: page, chrome: $0, t: $1, into: &$2)
        }
            .response(from: request, context: context)
    }



    /// Who may edit now: a holder of the current step's role (or their delegate), at a work or a
    /// decide step. At a decide step this is the decider correcting the caption or the channels.
    func editor(_ bundle: AppDatabase.ItemBundle, _ user: CurrentUser, _ context: AppRequestContext) throws -> (ContentActor, WorkflowStep) {
        let item = bundle.item
        guard item.status != .published,
              let step = institution.workflow(version: item.workflowVersion)?.step(at: item.position), step.kind != .publish
        else { throw AppError(.conflict, LocalizedMessage { $0.content_error_not_editable }) }
        guard let actor = user.actor(for: step.roleKey) else { throw stepForbidden(step) }
        // At a decide step, editing is the decider's correction: only for someone who may decide.
        if let workflow = institution.workflow(version: item.workflowVersion),
           let refusal = FourEyes.refusal(
               userId: actor.userId, onBehalfOf: actor.onBehalfOf, at: item.position, workflow: workflow, creatorId: item.createdBy,
               events: bundle.events.compactMap(\.fourEyesEvent), separateDeciders: institution.settings.separateDeciders) {
            throw fourEyesForbidden(refusal, workflow: workflow, step: step)
        }
        return (actor, step)
    }


    /// Whether `user` could have opened this item's edit form at some point of its history: a
    /// refused edit from them is then most likely one that lost a race, answered as stale.
    func couldHaveEdited(_ bundle: AppDatabase.ItemBundle, _ user: CurrentUser) -> Bool {
        guard let workflow = institution.workflow(version: bundle.item.workflowVersion) else { return false }
        return bundle.events.contains { row in
            guard let step = workflow.step(at: row.event.fromPosition), step.kind != .publish else { return false }
            return user.actor(for: step.roleKey) != nil
        }
    }


    /// The four-eyes refusal as a page in the person's language (403).
    func fourEyesForbidden(_ refusal: FourEyes.Refusal, workflow: Workflow, step: WorkflowStep) -> AppError {
        switch refusal {
        case .authored:
            return AppError(.forbidden, LocalizedMessage { $0.content_error_four_eyes_authored })
        case .decidedAtAnotherLevel(let position):
            return AppError(.forbidden, LocalizedMessage { $0.content_error_four_eyes_level(position: "\(position)", step: workflow.step(at: position)?.name ?? "–", role: institution.roleName(step.roleKey)) })
        }
    }


    func stepForbidden(_ step: WorkflowStep) -> AppError {
        AppError(.forbidden, LocalizedMessage { $0.content_error_wrong_role(step: step.name, role: institution.roleName(step.roleKey)) })
    }


    /// Every channel's live link, checked against that platform's URL forms and normalised; or
    /// what is wrong with each, naming the form expected.
    func checkedLinks(channels: [Channel], input: ActionInput, context: AppRequestContext) -> ([(channel: Channel, url: String)], [String]) {
        var links: [(channel: Channel, url: String)] = []
        var errors: [String] = []
        let domains = institution.settings.websiteDomains
        for channel in channels {
            let typed = input.links[channel.rawValue] ?? ""
            if typed.isEmpty {
                errors.append(texts(context).content_error_link_required(channel: channel.displayName))
                continue
            }
            switch PlatformLinks.validate(typed, channel: channel, ownDomains: domains) {
            case .success(let url): links.append((channel, url))
            case .failure(let problem): errors.append(LinkText.message(problem, channel: channel, services: self, context: context))
            }
        }
        return (links, errors)
    }


    func staleText(_ name: String, _ at: Date, _ context: AppRequestContext) -> String {
        texts(context).content_error_stale(actor: name, at: dateText(context).dateTime(at))
    }


    /// "Sudah diproses oleh Budi pada Sabtu, 21 November 2026, 10.05 WIB."
    func staleMessage(_ bundle: AppDatabase.ItemBundle, _ context: AppRequestContext) throws -> String {
        guard let last = bundle.events.last else { return texts(context).content_error_stale_unknown }
        return staleText(actorText(last.actorName, last.onBehalfOfName), last.event.at, context)
    }


    /// "Dikembalikan oleh Budi a.n. Ibu Kabiro, Kepala Biro: Tambahkan nama mitra." The role is
    /// the one of the step the item was sent back from, in the item's own workflow version.
    func returnedNotice(_ returned: ContentListRow.Returned, item: ContentItemRecord, _ context: AppRequestContext) -> String {
        let role = institution.workflow(version: item.workflowVersion)?.step(at: returned.fromPosition).map { institution.roleName($0.roleKey) }
        return texts(context).content_returned_notice(actor: actorText(returned.actorName, returned.onBehalfOfName),
                                                      role: role ?? returned.stepName, reason: returned.reason)
    }
}
