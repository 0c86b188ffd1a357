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
                      SeedBench.self, SOP.self])

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

/// `--db`, shared by every command that opens the database.
struct DatabaseOption: ParsableArguments {
    @Option(name: .long, help: "SQLite database file (env WARTA_DB; default data/warta.sqlite).")
    var db: String?

    /// `--db`, else `WARTA_DB`, else the default: read as every other option is.
    var path: String { ConfigSource(flags: db.map { ["db": $0] } ?? [:]).string("db") ?? AppConfig().databasePath }

    func open() throws -> AppDatabase { try Self.open(path) }

    static func open(_ path: String) throws -> AppDatabase {
        do {
            return try AppDatabase.open(path: path)
        } catch {
            throw CommandFailure("cannot open database \(path): \(error)")
        }
    }
}
