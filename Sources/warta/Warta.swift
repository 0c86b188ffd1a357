import App
import ArgumentParser
import Foundation

/// The `warta` command: the server and its administration.
@main
struct Warta: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "warta",
        abstract: "Warta: portal SOP media sosial untuk instansi publik / social-media SOP portal for public institutions.",
        subcommands: [Serve.self, Migrate.self, Initialise.self, Roles.self, User.self, Backup.self, CheckLinks.self, BenchHello.self,
                      SeedBench.self])

    /// Parses and runs the command. A mistake on the command line is reported in one line, with
    /// a pointer to `--help`, rather than the whole usage text.
    static func main() async {
        var command: any ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            let code = exitCode(for: error)
            if code == .success || error is CleanExit { exit(withError: error) }
            let message = Self.message(for: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
            fail("\(message) (see 'warta --help')", code: code.rawValue)
        }
        do {
            if var async = command as? any AsyncParsableCommand {
                try await async.run()
            } else {
                try command.run()
            }
        } catch let error as CommandFailure {
            fail(error.message, code: 1)
        } catch {
            // Help requested through a command (`warta serve --help`) arrives here as a clean exit.
            if exitCode(for: error) == .success || error is CleanExit { exit(withError: error) }
            if let code = error as? ExitCode { Foundation.exit(code.rawValue) }
            fail(oneLine(error), code: 1)
        }
    }

    static func fail(_ message: String, code: Int32) -> Never {
        FileHandle.standardError.write(Data("warta: \(message)\n".utf8))
        Foundation.exit(code)
    }

    /// A run-time error in one line, without Foundation's error-domain dump where it has a text.
    static func oneLine(_ error: any Error) -> String {
        let text = (error as? any LocalizedError)?.errorDescription ?? (error as NSError).localizedDescription
        return text.replacingOccurrences(of: "\n", with: " ")
    }
}

/// A failure to report in one line, with exit status 1.
struct CommandFailure: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

/// Reads settings that may also come from the environment.
enum Environment {
    static func string(_ name: String) -> String? {
        ProcessInfo.processInfo.environment[name].flatMap { $0.isEmpty ? nil : $0 }
    }

    static func int(_ name: String) throws -> Int? {
        guard let raw = string(name) else { return nil }
        guard let value = Int(raw) else { throw CommandFailure("\(name) must be a whole number, not '\(raw)'") }
        return value
    }

    static func bool(_ name: String) throws -> Bool? {
        guard let raw = string(name)?.lowercased() else { return nil }
        switch raw {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default: throw CommandFailure("\(name) must be true or false, not '\(raw)'")
        }
    }
}

/// `--db`, shared by every command that opens the database.
struct DatabaseOption: ParsableArguments {
    @Option(name: .long, help: "SQLite database file (env WARTA_DB; default data/warta.sqlite).")
    var db: String?

    var path: String { db ?? Environment.string("WARTA_DB") ?? "data/warta.sqlite" }

    func open() throws -> AppDatabase {
        do {
            return try AppDatabase.open(path: path)
        } catch {
            throw CommandFailure("cannot open database \(path): \(error)")
        }
    }
}
