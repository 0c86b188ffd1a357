/// A template or catalogue error, printed as swiftc prints its own (`file:line: error: message`),
/// so SwiftPM and Xcode show it at the template's line.
public struct Diagnostic: Error, CustomStringConvertible, Equatable, Sendable {
    public var file: String
    public var line: Int
    public var message: String

    public init(file: String, line: Int, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String { "\(file):\(line): error: \(message)" }
}
