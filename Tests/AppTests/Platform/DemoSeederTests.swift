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
}
