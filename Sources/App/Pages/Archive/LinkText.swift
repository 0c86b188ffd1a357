import Domain

/// Why a live link was refused, in the user's language, naming the form the platform expects.
enum LinkText {
    static func message(_ problem: PlatformLinkProblem, channel: Channel, services: AppServices, context: AppRequestContext) -> String {
        let expected = PlatformLinks.expectedForm(channel, language: context.language)
        let base = ["channel": channel.displayName, "expected": expected]
        switch problem {
        case .empty: return services.text("content_error_link_required", context, base)
        case .tooLong: return services.text("link_error_too_long", context, base)
        case .containsWhitespace, .notAURL, .unsupportedScheme, .hasCredentials:
            return services.text("link_error_not_url", context, base)
        case .wrongHost(let hosts): return services.text("link_error_host", context, base.merging(["hosts": hosts.joined(separator: ", ")]) { $1 })
        case .wrongForm: return services.text("link_error_form", context, base)
        case .notOwnDomain(let allowed): return services.text("link_error_domain", context, base.merging(["domains": allowed.joined(separator: ", ")]) { $1 })
        }
    }

    /// "aktif", "mati", … in words, for the archive and the control sheet.
    static func status(_ raw: String, services: AppServices, context: AppRequestContext) -> String {
        services.text("link_status_\(raw)", context)
    }
}
