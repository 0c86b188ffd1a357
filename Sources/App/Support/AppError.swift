import HTTPTypes
import Hummingbird

/// An error a person can cause, with the status it answers and what to tell them.
public struct AppError: Error, Sendable {
    public var status: HTTPResponse.Status
    public var message: LocalizedMessage?

    public init(_ status: HTTPResponse.Status, _ message: LocalizedMessage? = nil) {
        self.status = status
        self.message = message
    }

    static let forbidden = AppError(.forbidden)
    static let notFound = AppError(.notFound)
    static let csrf = AppError(.forbidden, LocalizedMessage("error_csrf"))
    static let badOrigin = AppError(.forbidden, LocalizedMessage("error_origin"))
    static let malformedForm = AppError(.badRequest, LocalizedMessage("error_malformed_form"))
}
