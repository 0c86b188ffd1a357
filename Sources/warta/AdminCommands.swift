import App
import ArgumentParser
import Domain
import Foundation
import Logging

struct Migrate: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Create or update the database schema.")
    @OptionGroup var database: DatabaseOption

    func run() throws {
        let db = try database.open()
        print("Migrasi selesai / migrations applied: \(try db.appliedMigrations().joined(separator: ", "))")
    }
}

struct Initialise: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: "Set up the institution on one of the five SOP presets.")
    @OptionGroup var database: DatabaseOption
    @Option(help: "ub, fisip-ub, unsoed, kendal or dki-ksd.")
    var preset: String
    @Option(help: "The institution's name.")
    var name: String
    @Option(help: "IANA time zone (default Asia/Jakarta).")
    var timeZone = "Asia/Jakarta"

    func validate() throws {
        guard SOPPreset.named(preset) != nil else {
            throw ValidationError("unknown preset '\(preset)'; choose one of \(SOPPreset.all.map(\.key).joined(separator: ", "))")
        }
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("--name must not be empty") }
        guard TimeZone(identifier: timeZone) != nil else { throw ValidationError("unknown time zone '\(timeZone)'") }
    }

    func run() async throws {
        let db = try database.open()
        do {
            try db.initialise(preset: SOPPreset.named(preset)!, name: name.trimmingCharacters(in: .whitespaces), timeZone: timeZone, now: Date())
        } catch SetupError.alreadyInitialised(let existing) {
            throw CommandFailure("database \(database.path) is already set up for \"\(existing)\"; nothing changed")
        }
        print("Instansi \"\(name)\" siap dengan preset \(preset) / institution set up on preset \(preset).")
    }
}

struct Roles: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the roles: key<TAB>display name.")
    @OptionGroup var database: DatabaseOption

    func run() throws {
        for role in try database.open().roles() { print("\(role.key)\t\(role.name)") }
    }
}

struct User: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Manage accounts.", subcommands: [Add.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an account. The password is read from one line of standard input.")
        @OptionGroup var database: DatabaseOption
        @Option var username: String
        @Option var displayName: String
        @Option(name: .customLong("role"), help: "A role key (repeatable); see 'warta roles'.")
        var roles: [String] = []
        @Option(help: "Preferred language: id or en.")
        var language = "id"
        @Option(help: "bcrypt cost, 10 to 16 (env WARTA_BCRYPT_COST; default 12).")
        var bcryptCost: String?

        func validate() throws {
            guard UsernameRule.isValid(UsernameRule.normalise(username)) else {
                throw ValidationError("--username must be 3–32 characters of a–z, 0–9, '.', '_' or '-'")
            }
            guard !displayName.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("--display-name must not be empty") }
            guard !roles.isEmpty else { throw ValidationError("give at least one --role") }
            guard Language(rawValue: language) != nil else { throw ValidationError("--language must be id or en") }
        }

        func run() async throws {
            guard let password = readLine(strippingNewline: true) else {
                throw CommandFailure("no password on standard input")
            }
            if let problem = PasswordPolicy.standard.problem(with: password) {
                switch problem {
                case .tooShort(let n): throw CommandFailure("password too short: at least \(n) characters")
                case .tooLong(let n): throw CommandFailure("password too long: at most \(n) characters")
                case .tooManyBytes(let n): throw CommandFailure("password longer than \(n) bytes (bcrypt's limit); choose a shorter one")
                case .containsNUL: throw CommandFailure("password contains a NUL character")
                }
            }
            let db = try database.open()
            let cost: Int
            do {
                cost = try ConfigSource(flags: bcryptCost.map { ["bcrypt-cost": $0] } ?? [:]).int("bcrypt-cost", in: 10...16) ?? 12
            } catch {
                throw CommandFailure(error.message)
            }
            let hash = try await PasswordHasher(cost: UInt8(cost)).hash(password)
            let name = UsernameRule.normalise(username)
            do {
                try db.createUser(username: name, displayName: displayName.trimmingCharacters(in: .whitespaces), passwordHash: hash,
                                  roleKeys: roles.map { RoleKey($0) }, language: Language(rawValue: language)!, now: Date())
            } catch UserError.usernameTaken {
                throw CommandFailure("username '\(name)' is already taken")
            } catch UserError.unknownRole(let key) {
                throw CommandFailure("unknown role '\(key)'; see 'warta roles --db \(database.path)'")
            }
            print("Akun \(name) dibuat / account created.")
        }
    }
}

struct Backup: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Copy the database consistently while the server keeps running (SQLite online backup).")
    @OptionGroup var database: DatabaseOption
    @Option(help: "The backup file to write.")
    var to: String
    @Flag(help: "Replace the backup file if it exists.")
    var force = false

    func run() throws {
        let source = URL(fileURLWithPath: database.path).standardizedFileURL.path
        let target = URL(fileURLWithPath: to).standardizedFileURL.path
        guard source != target else { throw CommandFailure("--to must differ from --db") }
        guard FileManager.default.fileExists(atPath: source) else { throw CommandFailure("database \(source) does not exist") }
        if FileManager.default.fileExists(atPath: target), !force {
            throw CommandFailure("\(target) exists; use --force to replace it")
        }
        try database.open().backup(to: target)
        print("Cadangan ditulis / backup written: \(target)")
    }
}

struct CheckLinks: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-links",
        abstract: "Check every archived link: HEAD, then GET; aktif, mati (404/410) or tidak dapat dicek.")
    @OptionGroup var database: DatabaseOption
    @Option(help: "Seconds a request may take (default 10).")
    var timeout: Double = 10
    @Option(help: "Hosts checked at the same time (default 4).")
    var concurrency: Int = 4
    @Option(help: "Seconds between two requests to the same host (default 1).")
    var perHostDelay: Double = 1
    @Option(help: "Check at most this many links, least recently checked first.")
    var limit: Int = 100_000

    func validate() throws {
        guard timeout > 0, timeout <= 300 else { throw ValidationError("--timeout must be between 0 and 300 seconds") }
        guard (1...64).contains(concurrency) else { throw ValidationError("--concurrency must be between 1 and 64") }
        guard perHostDelay >= 0, perHostDelay <= 60 else { throw ValidationError("--per-host-delay must be between 0 and 60 seconds") }
        guard limit >= 1 else { throw ValidationError("--limit must be at least 1") }
    }

    func run() async throws {
        let db = try database.open()
        let checker = LinkChecker(options: .init(timeout: timeout, concurrency: concurrency, perHostDelay: perHostDelay, limit: limit))
        let summary = try await checker.run(database: db, now: { Date() }, logger: Logger(label: "warta.check-links"))
        print("Dicek / checked: \(summary.checked)  aktif: \(summary.active)  mati: \(summary.dead)  tidak dapat dicek: \(summary.unknown)")
    }
}

struct SOP: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sop", abstract: "Write the SOP document of a workflow version as one HTML file (inline CSS), for archiving.")
    @OptionGroup var database: DatabaseOption
    @Option(help: "The workflow version (default: the running one).")
    var version: Int?
    @Option(help: "The HTML file to write.")
    var out: String
    @Option(help: "The folder holding Public/ (the stylesheet); default the current directory (env WARTA_RESOURCES).")
    var resources: String?

    func validate() throws {
        if let version, version < 1 { throw ValidationError("--version must be 1 or more") }
        guard !out.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("--out must not be empty") }
    }

    func run() throws {
        let db = try database.open()
        let root = resources ?? ProcessInfo.processInfo.environment["WARTA_RESOURCES"] ?? FileManager.default.currentDirectoryPath
        let html: [UInt8]
        do {
            html = try SOPExport.html(database: db, version: version, publicPath: (root as NSString).appendingPathComponent("Public"))
        } catch let error as SOPExport.ExportError {
            throw CommandFailure(error.description)
        }
        try Data(html).write(to: URL(fileURLWithPath: out))
        print("Dokumen SOP ditulis ke \(out) / SOP document written to \(out).")
    }
}
