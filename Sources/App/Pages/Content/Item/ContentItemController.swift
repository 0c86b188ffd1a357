import Domain
import Foundation
import HTTPTypes
import Hummingbird

/// `/content/:id`: the item page, or its JSON for `Accept: application/json`.
struct ContentItemController {
    let services: AppServices

    func addRoutes(to loggedIn: RouterGroup<AppRequestContext>) {
        loggedIn.get(SiteURL.content(0).route, use: show)
    }


    func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireIdentity()
        let bundle = try services.loadBundle(context)
        if request.headers[.accept]?.contains("application/json") == true {
            return try json(bundle)
        }
        let query = request.uri.queryParameters
        return try services.renderItem(bundle, user: user, input: ActionInput(), compare: (query.get("from", as: Int.self), query.get("to", as: Int.self)),
                              status: .ok, request: request, context: context)
    }


    struct ItemJSON: Encodable {
        struct Link: Encodable {
            let channel: String
            let url: String
            let recordedAt: String
            /// When a newer link replaced it; absent while it is current.
            let replacedAt: String?
            let status: String

            enum CodingKeys: String, CodingKey {
                case channel, url, status
                case recordedAt = "recorded_at"
                case replacedAt = "replaced_at"
            }
        }
        struct Event: Encodable {
            let action: String
            let step_position: Int
            let to_position: Int
            let actor: String
            let on_behalf_of: String?
            let at: String
            let comment: String?
            let revision: Int
            /// A publication the publisher confirmed as text only (no photo or video).
            let text_only: Bool
        }
        let id: Int64
        let title: String
        let kind: String
        let status: String
        let step_position: Int
        let step_name: String
        let step_role: String
        let version: Int
        let revision: Int
        let channels: [String]
        let links: [Link]
        let history: [Event]
    }


    func json(_ bundle: AppDatabase.ItemBundle) throws -> Response {
        let item = bundle.item
        let step = services.institution.workflow(version: item.workflowVersion)?.step(at: item.position)
        let channels = bundle.revisions.last { $0.number == item.revision }.map { ContentDraft($0).channels.map(\.rawValue) } ?? []
        let iso = ISO8601DateFormatter()
        let body = ItemJSON(
            id: item.id!, title: item.title, kind: item.kind.rawValue, status: item.status.rawValue, step_position: item.position,
            step_name: step?.name ?? "", step_role: step?.roleKey.rawValue ?? "", version: item.version, revision: item.revision, channels: channels,
            links: bundle.links.map {
                .init(channel: $0.channel.rawValue, url: $0.url, recordedAt: ISO8601DateFormatter().string(from: $0.createdAt),
                      replacedAt: $0.replacedAt.map { ISO8601DateFormatter().string(from: $0) }, status: $0.status.rawValue)
            },
            history: bundle.events.map {
                .init(action: $0.event.action.rawValue, step_position: $0.event.fromPosition, to_position: $0.event.toPosition, actor: $0.actorName,
                      on_behalf_of: $0.onBehalfOfName, at: iso.string(from: $0.event.at), comment: PublishNote.isTextOnly(action: $0.event.action, comment: $0.event.comment) ? nil : $0.event.comment,
                      revision: $0.event.revision, text_only: PublishNote.isTextOnly(action: $0.event.action, comment: $0.event.comment))
            })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(data: try encoder.encode(body))))
    }
}
