import Domain

/// Why a live link was refused, in the user's language, naming the form the platform expects.
enum LinkText {
    /// `incoming`: the link of an incoming message (a comment, a DM or a post), whose forms differ.
    static func message(_ problem: PlatformLinkProblem, channel: Channel, incoming: Bool = false, services: AppServices,
                        context: AppRequestContext) -> String {
        let expected = incoming ? IncomingLinks.expectedForm(channel, language: context.language)
                                : PlatformLinks.expectedForm(channel, language: context.language)
        let t = services.texts(context)
        let name = channel.displayName
        switch problem {
        case .empty: return t.content_error_link_required(channel: name)
        case .tooLong: return t.link_error_too_long(channel: name)
        case .containsWhitespace, .notAURL, .unsupportedScheme, .hasCredentials:
            return t.link_error_not_url(channel: name, expected: expected)
        case .wrongHost(let hosts): return t.link_error_host(channel: name, hosts: hosts.joined(separator: ", "), expected: expected)
        case .wrongForm: return incoming ? t.link_error_form_incoming(channel: name, expected: expected)
                                         : t.link_error_form(channel: name, expected: expected)
        case .notOwnDomain(let allowed): return t.link_error_domain(channel: name, domains: allowed.joined(separator: ", "))
        }
    }

    /// "aktif", "mati", … in words, for the archive and the control sheet.
    static func status(_ raw: LinkStatus, services: AppServices, context: AppRequestContext) -> String {
        raw.label(services.texts(context))
    }
}
