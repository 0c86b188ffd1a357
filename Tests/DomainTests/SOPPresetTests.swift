import Testing
@testable import Domain

@Suite struct SOPPresetTests {
    @Test func theFivePresetsAreShipped() {
        #expect(SOPPreset.all.map(\.key) == ["ub", "fisip-ub", "unsoed", "kendal", "dki-ksd"])
        #expect(SOPPreset.named(SOPPreset.defaultKey)?.key == "dki-ksd")
        #expect(SOPPreset.named("nope") == nil)
    }

    @Test(arguments: SOPPreset.all)
    func everyPresetCanFinish(preset: SOPPreset) {
        let roleKeys = Set(preset.roles.map(\.key))
        #expect(preset.steps.last?.kind == .publish, "the last step publishes")
        #expect(preset.steps.filter { $0.kind == .publish }.count == 1)
        for (index, step) in preset.steps.enumerated() {
            #expect(roleKeys.contains(step.roleKey), "\(preset.key) step \(index + 1) names a known role")
            if step.kind == .decide {
                let target = try! #require(step.rejectTo)
                #expect(target >= 1 && target <= index, "\(preset.key) step \(index + 1) rejects backwards")
            } else {
                #expect(step.rejectTo == nil)
            }
        }
        #expect(preset.allRoles.first == Role.admin)
        #expect(preset.roles.allSatisfy { RoleKey.isValid($0.key.rawValue) })
    }

    @Test func standardTimesFollowTheSOPs() {
        #expect(SOPPreset.ub.steps.map(\.standardMinutes) == [60, 15, 60, 15, 10])
        #expect(SOPPreset.fisipUB.steps.map(\.standardMinutes) == [5, 10, 10, 10, 10, 15, 5])
        #expect(SOPPreset.unsoed.steps.map(\.standardMinutes) == [120, 30, 15, 15, 5])
        #expect(SOPPreset.kendal.steps.map(\.standardMinutes) == [60, 60, 15, 15, 30])
        #expect(SOPPreset.dkiKSD.steps.map(\.standardMinutes) == [nil, 60, 15, 15, 60, 5])
    }

    @Test func rejectTargetsFollowTheSOPs() {
        #expect(SOPPreset.ub.steps.map(\.rejectTo) == [nil, 1, nil, 3, nil])
        #expect(SOPPreset.unsoed.steps.map(\.rejectTo) == [nil, 1, 2, 3, nil])
        #expect(SOPPreset.kendal.steps.map(\.rejectTo) == [nil, 1, 1, 1, nil])
        #expect(SOPPreset.dkiKSD.steps.map(\.rejectTo) == [nil, 1, 2, 3, 4, nil])
    }

    @Test func dkiPublishesOnItsFiveChannels() {
        #expect(SOPPreset.dkiKSD.channels == [.instagram, .instagramStory, .youtube, .facebook, .tiktok])
    }
}

extension SOPPreset: CustomTestStringConvertible {
    public var testDescription: String { key }
}
