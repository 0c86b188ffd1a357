import Domain
import Foundation
import Testing
@testable import App

@Suite struct DemoSeederTests {
    @Test(arguments: SOPPreset.all)
    func demoHasOneAccountPerRoleAndItemsAtSeveralSteps(preset: SOPPreset) async throws {
        // setup
        let database = try AppDatabase.inMemory()
        // action
        let seeder = DemoSeeder(database: database, hasher: PasswordHasher(cost: 10))
        let now = TestClock.start
        let accounts = try await seeder.seed(preset: preset, now: now)
        // check
        #expect(accounts.map(\.username).sorted() == preset.allRoles.map(\.key.rawValue).sorted())
        #expect(Set(accounts.map(\.password)).count == accounts.count, "every password differs")
        #expect(accounts.allSatisfy { $0.password.count == 16 })
        let items = try database.items(status: nil, limit: 10, offset: 0)
        #expect(items.count == 4)
        #expect(items.filter { $0.item.status == .published }.count == 1)
        #expect(items.contains { $0.item.status == .draft })
        // action
        // A second start gives new passwords and adds nothing.
        let again = try await seeder.seed(preset: preset, now: now)
        // check
        #expect(Set(again.map(\.password)).isDisjoint(with: accounts.map(\.password)))
        #expect(try database.items(status: nil, limit: 10, offset: 0).count == 4)
        let record = try #require(try database.userRecord(username: accounts[0].username))
        #expect(try await PasswordHasher(cost: 10).verify(again[0].password, hash: record.passwordHash))
    }

    /// The Kendal demo has its bidang, a member in them, the last office day's rounds and
    /// messages in every state; the other presets have none, and a second start adds nothing.
    @Test func theKendalDemoHasIncomingMessagesInEveryState() async throws {
        // setup
        let database = try AppDatabase.inMemory()
        let seeder = DemoSeeder(database: database, hasher: PasswordHasher(cost: 10))
        // Saturday 21 November 2026: the last office day is Friday the 20th.
        let now = TestClock.start
        // action
        _ = try await seeder.seed(preset: .kendal, now: now)
        _ = try await seeder.seed(preset: .kendal, now: now)
        // check
        #expect(try database.divisions().map(\.division.name) == ["Bidang Perpustakaan", "Bidang Kearsipan", "Sekretariat"])
        #expect(try database.divisions().map(\.activeMembers) == [1, 1, 0])
        let messages = try database.incomingMessages(IncomingFilter(), limit: 50, offset: 0)
        #expect(messages.total == 6)
        #expect(Set(messages.rows.map(\.message.status)) == Set(FollowUpStatus.allCases))
        #expect(Set(messages.rows.compactMap(\.message.outcome)) == [.posted, .dismissed])
        let friday = Day(year: 2026, month: 11, day: 20)
        let calendar = OfficeCalendar(timeZone: TimeZone(identifier: "Asia/Jakarta")!, daysOff: try database.daysOff())
        #expect(try database.roundOccurrences(from: friday, through: friday, calendar: calendar, now: now).map(\.status) == [.done, .done, .missed])
        // check: another preset has none
        let other = try AppDatabase.inMemory()
        _ = try await DemoSeeder(database: other, hasher: PasswordHasher(cost: 10)).seed(preset: .dkiKSD, now: now)
        #expect(try other.divisions().isEmpty && other.incomingMessages(IncomingFilter(), limit: 1, offset: 0).total == 0)
    }
}
