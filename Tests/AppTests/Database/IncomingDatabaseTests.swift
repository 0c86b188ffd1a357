import Domain
import Foundation
import GRDB
import Testing
@testable import App

/// The incoming-message layer against a real database: divisions, rounds, the log, the follow-up
/// in one transaction, the lists and the report's figures.
@Suite struct IncomingDatabaseTests {
    /// A Kendal institution with a monitor, two members of Bidang Perpustakaan and one of Bidang Kearsipan.
    struct Setup {
        let app: TestApp
        let monitor: Int64
        let librarian: Int64
        let librarian2: Int64
        let archivist: Int64
        let library: Int64
        let archive: Int64
        let empty: Int64
        var database: AppDatabase { app.database }
        var calendar: OfficeCalendar { OfficeCalendar(timeZone: TimeZone(identifier: "Asia/Jakarta")!, daysOff: (try? app.database.daysOff()) ?? []) }
        var now: Date { app.clock.now }

        static func make() async throws -> Setup {
            let app = try await TestApp.make(preset: .kendal)
            // Monday 23 November 2026, 08:30 WIB: within the pagi round.
            app.clock.set("2026-11-23T08:30")
            let monitor = try await app.addUser("monitor", roles: ["pengelola-ti"], displayName: "Pak Monitor")
            let librarian = try await app.addUser("pustakawan", roles: ["bidang"], displayName: "Bu Pustakawan")
            let librarian2 = try await app.addUser("pustakawan2", roles: ["bidang"])
            let archivist = try await app.addUser("arsiparis", roles: ["bidang"])
            let library = try app.database.createDivision(name: "Bidang Perpustakaan", whatsApp: "0812-3456-7890", now: app.clock.now)
            let archive = try app.database.createDivision(name: "Bidang Kearsipan", now: app.clock.now)
            let empty = try app.database.createDivision(name: "Sekretariat", now: app.clock.now)
            try app.database.setDivisionMembers(divisionId: library, userIds: [librarian, librarian2])
            try app.database.setDivisionMembers(divisionId: archive, userIds: [archivist])
            return Setup(app: app, monitor: monitor, librarian: librarian, librarian2: librarian2, archivist: archivist,
                         library: library, archive: archive, empty: empty)
        }

        func log(_ category: MessageCategory = .keluhan, text: String = "Buku yang saya pesan belum datang", link: String? = nil,
                 channel: Channel = .instagram, minutesAgo: Double = 10) throws -> IncomingMessageRecord {
            try database.logMessage(
                IncomingDraft(channel: channel, sender: "@warga_kendal", receivedAt: now.addingTimeInterval(-minutesAgo * 60), kind: .comment,
                              category: category, text: text, link: link),
                by: ContentActor(userId: monitor), calendar: calendar, now: now)
        }

        func act(_ action: FollowUpAction, _ message: IncomingMessageRecord, by userId: Int64, onBehalfOf: Int64? = nil) throws -> IncomingMessageRecord {
            try database.applyFollowUp(action, messageId: message.id!, expectedVersion: message.version,
                                       by: ContentActor(userId: userId, onBehalfOf: onBehalfOf), calendar: calendar, now: now)
        }
    }

    static func refusal(_ body: () throws -> Void) -> IncomingError? {
        do { try body(); return nil } catch let error as IncomingError { return error } catch { return nil }
    }

    @Test func theKendalPresetSwitchesRoundsOnAndOthersDoNot() async throws {
        // setup and action
        let kendal = try await TestApp.make(preset: .kendal)
        let dki = try await TestApp.make()
        // check
        let settings = try kendal.database.incomingSettings()
        #expect(settings.monitoring.enabled && settings.monitoring.rounds.map(\.key) == ["pagi", "siang", "sore"])
        #expect(settings.followUp == FollowUpWorkflow.kendal())
        let other = try dki.database.incomingSettings()
        #expect(!other.monitoring.enabled)
        #expect(other.followUp.step(.forward)?.roleKey == "admin-medsos")
    }

    @Test func divisionsAndTheirMembers() async throws {
        // setup
        let s = try await Setup.make()
        // check: listed in order with active members counted, the number normalised
        let list = try s.database.divisions()
        #expect(list.map(\.division.name) == ["Bidang Perpustakaan", "Bidang Kearsipan", "Sekretariat"])
        #expect(list.map(\.activeMembers) == [2, 1, 0])
        #expect(list[0].division.whatsApp == "6281234567890")
        #expect(try s.database.divisionIds(userId: s.librarian) == [s.library])
        // check: bad names and numbers are refused
        #expect(Self.refusal { try s.database.createDivision(name: "bidang perpustakaan", now: s.now) } == .divisionNameTaken)
        #expect(Self.refusal { try s.database.createDivision(name: "  ", now: s.now) } == .divisionNameEmpty)
        #expect(Self.refusal { try s.database.createDivision(name: "Baru", whatsApp: "bukan nomor", now: s.now) } == .invalidWhatsApp)
        #expect(Self.refusal { try s.database.updateDivision(id: s.archive, name: "Sekretariat", whatsApp: "") } == .divisionNameTaken)
        #expect(Self.refusal { try s.database.setDivisionMembers(divisionId: s.archive, userIds: [9_999]) } == .unknownUser)
        // action: rename, add and remove a member, delete an unused division
        try s.database.updateDivision(id: s.archive, name: "Bidang Arsip", whatsApp: "+62 811 000 111")
        try s.database.addDivisionMember(divisionId: s.archive, userId: s.librarian)
        try s.database.removeDivisionMember(divisionId: s.library, userId: s.librarian2)
        try s.database.deleteDivision(id: s.empty)
        // check
        #expect(try s.database.division(id: s.archive)?.name == "Bidang Arsip")
        #expect(try s.database.divisionMembers(divisionId: s.archive).map(\.name) == ["Arsiparis", "Bu Pustakawan"])
        #expect(try s.database.divisionMembers(divisionId: s.library).map(\.id) == [s.librarian])
        #expect(try s.database.divisions().count == 2)
        // check: a division messages went to stays
        let message = try s.log()
        _ = try s.act(.forward(divisionId: s.archive), message, by: s.monitor)
        #expect(Self.refusal { try s.database.deleteDivision(id: s.archive) } == .divisionInUse)
    }

    @Test func aComplaintGoesThroughTheWholeFollowUpWithItsTimes() async throws {
        // setup
        let s = try await Setup.make()
        // action: logged ten minutes after it came in
        var message = try s.log(link: "https://instagram.com/p/C1a2B3c4D5e/c/17912345678901234/?igsh=x")
        // check
        #expect(message.status == .logged && message.step == .forward && message.version == 1)
        #expect(message.link == "https://www.instagram.com/p/C1a2B3c4D5e/c/17912345678901234/")
        // action: forwarded 3 minutes later
        s.app.clock.advance(minutes: 3)
        message = try s.act(.forward(divisionId: s.library), message, by: s.monitor)
        #expect(message.status == .forwarded && message.step == .followUp && message.divisionId == s.library)
        // action: answered 2 hours later by a member
        s.app.clock.advance(minutes: 120)
        message = try s.act(.answer(text: "Mohon maaf, buku datang Kamis.", reason: "Pengadaan terlambat"), message, by: s.librarian)
        #expect(message.status == .answered && message.answer == "Mohon maaf, buku datang Kamis.")
        // action: posted 7 minutes later with the reply's link
        s.app.clock.advance(minutes: 7)
        message = try s.act(.post(link: "https://www.instagram.com/p/C1a2B3c4D5e/c/17999999999999999/"), message, by: s.monitor)
        // check: closed, with every step's office minutes against its standard
        #expect(message.status == .closed && message.outcome == .posted && message.step == nil && message.closedAt == s.now)
        #expect(message.replyLink == "https://www.instagram.com/p/C1a2B3c4D5e/c/17999999999999999/")
        let bundle = try #require(try s.database.incomingBundle(id: message.id!))
        #expect(bundle.events.map(\.event.action) == [.log, .forward, .answer, .post])
        #expect(bundle.events.map(\.event.officeMinutes) == [10, 3, 120, 7])
        #expect(bundle.events.map(\.event.standardMinutes) == [nil, 5, FollowUpWorkflow.officeDayMinutes, 5])
        #expect(bundle.events.map(\.actorName) == ["Pak Monitor", "Pak Monitor", "Bu Pustakawan", "Pak Monitor"])
        #expect(bundle.events[1].divisionName == "Bidang Perpustakaan")
        #expect(bundle.events[2].event.reason == "Pengadaan terlambat")
        #expect(bundle.division?.name == "Bidang Perpustakaan")
        // check: the report's figures for the month
        let month = (from: LocalDateTime.parse("2026-11-01T00:00", timeZone: s.calendar.timeZone)!,
                     to: LocalDateTime.parse("2026-12-01T00:00", timeZone: s.calendar.timeZone)!)
        let minutes = try s.database.incomingStepMinutes(from: month.from, to: month.to)
        #expect(StepStatistics(minutes[.post] ?? []).median == 7)
        #expect(StepStatistics(minutes[.followUp] ?? []).withinStandardPercent == 100)
        let counts = try s.database.incomingCounts(from: month.from, to: month.to)
        #expect(counts.total == 1 && counts.byCategory == [.init(key: .keluhan, count: 1)])
        #expect(counts.byDivision == [.init(divisionId: s.library, name: "Bidang Perpustakaan", count: 1)])
        #expect(counts.byStatus == [.init(key: .closed, count: 1)])
        #expect(try s.database.incomingMonth(from: month.from, to: month.to).map(\.message.id) == [message.id])
    }

    @Test func aStaleVersionIsRefusedAndNothingChanges() async throws {
        // setup: two people opened the message at version 1
        let s = try await Setup.make()
        let opened = try s.log()
        _ = try s.act(.forward(divisionId: s.library), opened, by: s.monitor)
        // action: the second form still carries version 1
        let error = Self.refusal { _ = try s.act(.forward(divisionId: s.archive), opened, by: s.monitor) }
        // check
        #expect(error == .stale(actor: "Pak Monitor", at: s.now))
        #expect(error?.httpStatus == 409)
        let stored = try #require(try s.database.incomingMessage(id: opened.id!))
        #expect(stored.divisionId == s.library && stored.version == 2)
        #expect(try s.database.incomingBundle(id: opened.id!)?.events.count == 2)
    }

    @Test func onlyMembersOfTheDivisionFollowUp() async throws {
        // setup
        let s = try await Setup.make()
        let message = try s.act(.forward(divisionId: s.library), try s.log(), by: s.monitor)
        // action and check: the archivist holds the bidang role but is not in the library's division
        let outsider = Self.refusal { _ = try s.act(.answer(text: "Jawaban", reason: nil), message, by: s.archivist) }
        #expect(outsider == .transition(.notInDivision) && outsider?.httpStatus == 403)
        // check: the monitor may not answer for the division, nor a member post
        #expect(Self.refusal { _ = try s.act(.answer(text: "Jawaban", reason: nil), message, by: s.monitor) } == .transition(.notInDivision))
        // check: a disabled member may not act
        try s.database.setActive(userId: s.librarian2, false, now: s.now)
        #expect(Self.refusal { _ = try s.act(.decide(reason: "x"), message, by: s.librarian2) } == .transition(.notInDivision))
        // check: a member does
        let answered = try s.act(.answer(text: "Jawaban", reason: nil), message, by: s.librarian)
        #expect(Self.refusal { _ = try s.act(.post(link: "https://www.instagram.com/p/ABC/"), answered, by: s.librarian) }
                == .transition(.wrongRole("pengelola-ti")))
    }

    @Test func aDelegateActsOnBehalfOfAMember() async throws {
        // setup: the librarian delegates the bidang role to a colleague outside the division for today
        let s = try await Setup.make()
        let stand = try await s.app.addUser("plh", roles: [], displayName: "Plh Bidang")
        let today = s.calendar.day(of: s.now)
        try s.database.createDelegation(from: s.librarian, to: stand, roleKey: "bidang", startsOn: today, endsOn: today, by: s.app.adminId, now: s.now)
        let message = try s.act(.forward(divisionId: s.library), try s.log(), by: s.monitor)
        // check: the task shows for the delegate, a.n. the librarian
        let tasks = try s.database.incomingTasks(for: stand, calendar: s.calendar, now: s.now)
        #expect(tasks.map(\.row.message.id) == [message.id] && tasks.first?.onBehalfOf == s.librarian)
        // check: without the a.n. they are no member
        #expect(Self.refusal { _ = try s.act(.decide(reason: "x"), message, by: stand) } == .transition(.notInDivision))
        // action
        let answered = try s.act(.answer(text: "Dijawab a.n.", reason: nil), message, by: stand, onBehalfOf: s.librarian)
        // check
        #expect(answered.status == .answered)
        let line = try #require(try s.database.incomingBundle(id: message.id!)?.events.last)
        #expect(line.actorName == "Plh Bidang" && line.onBehalfOfName == "Bu Pustakawan")
    }

    @Test func badInputIsRefusedWithTypedErrors() async throws {
        // setup
        let s = try await Setup.make()
        // a received time in the future
        #expect(Self.refusal { _ = try s.log(minutesAgo: -60) } == .invalid([.receivedInFuture]))
        // a link of the wrong platform
        #expect(Self.refusal { _ = try s.log(link: "https://x.com/warga/status/1") } == .badLink(.wrongHost(expected: ["instagram.com"])))
        // logging without the monitor's role
        #expect(Self.refusal {
            _ = try s.database.logMessage(IncomingDraft(channel: .x, sender: "a", receivedAt: s.now, kind: .mention, category: .saran, text: "t"),
                                          by: ContentActor(userId: s.librarian), calendar: s.calendar, now: s.now)
        } == .transition(.wrongRole("pengelola-ti")))
        // a double submit
        let first = try s.log(text: "Sama persis")
        #expect(Self.refusal { _ = try s.log(text: "Sama persis") } == .duplicate(existingId: first.id!))
        // a forward to a division with no members, and to none
        #expect(Self.refusal { _ = try s.act(.forward(divisionId: s.empty), first, by: s.monitor) } == .transition(.divisionHasNoMembers))
        #expect(Self.refusal { _ = try s.act(.forward(divisionId: 777), first, by: s.monitor) } == .transition(.unknownDivision))
        // an answer without text
        let forwarded = try s.act(.forward(divisionId: s.library), first, by: s.monitor)
        #expect(Self.refusal { _ = try s.act(.answer(text: "  ", reason: nil), forwarded, by: s.librarian) } == .transition(.missingText))
        // a posted link of another platform
        let answered = try s.act(.answer(text: "Ok", reason: nil), forwarded, by: s.librarian)
        #expect(Self.refusal { _ = try s.act(.post(link: "https://www.facebook.com/x/posts/1"), answered, by: s.monitor) }
                == .badLink(.wrongHost(expected: ["instagram.com"])))
        #expect(Self.refusal { _ = try s.act(.post(link: ""), answered, by: s.monitor) } == .transition(.missingLink))
        // an unknown message, screenshot and content item
        #expect(Self.refusal { _ = try s.database.applyFollowUp(.dismiss(reason: "x"), messageId: 4242, expectedVersion: 1,
                                                                 by: ContentActor(userId: s.monitor), calendar: s.calendar, now: s.now) } == .notFound)
        var draft = IncomingDraft(channel: .x, sender: "a", receivedAt: s.now, kind: .mention, category: .saran, text: "t", screenshotSha256: "ab")
        #expect(Self.refusal { _ = try s.database.logMessage(draft, by: ContentActor(userId: s.monitor), calendar: s.calendar, now: s.now) } == .unknownScreenshot)
        draft.screenshotSha256 = nil
        draft.contentItemId = 99
        #expect(Self.refusal { _ = try s.database.logMessage(draft, by: ContentActor(userId: s.monitor), calendar: s.calendar, now: s.now) } == .unknownContentItem)
    }

    @Test func spamIsClosedAtTheFirstStepAndAComplaintGoesToLapor() async throws {
        // setup
        let s = try await Setup.make()
        // action
        let spam = try s.act(.dismiss(reason: "Promosi judi daring"), try s.log(.spam, text: "Menang besar!"), by: s.monitor)
        let complaint = try s.act(.forward(divisionId: s.archive), try s.log(.keluhan, text: "Arsip saya hilang"), by: s.monitor)
        let referred = try s.act(.refer(trackingNumber: "LAPOR-0042"), complaint, by: s.archivist)
        let closed = try s.act(.referralOutcome(text: "Ditangani OPD terkait", close: true), referred, by: s.monitor)
        // check
        #expect(spam.status == .closed && spam.outcome == .dismissed)
        #expect(try s.database.incomingBundle(id: spam.id!)?.events.last?.event.reason == "Promosi judi daring")
        #expect(referred.status == .referred && referred.step == nil && referred.trackingNumber == "LAPOR-0042")
        #expect(closed.status == .closed && closed.outcome == .referralClosed)
        let lines = try #require(try s.database.incomingBundle(id: complaint.id!)?.events)
        #expect(lines.map(\.event.action) == [.log, .forward, .refer, .referralOutcome])
        #expect(lines.last?.event.trackingNumber == "LAPOR-0042" && lines.last?.event.officeMinutes == nil)
        #expect(Self.refusal { _ = try s.act(.dismiss(reason: "x"), try s.log(.pertanyaan, text: "Tanya"), by: s.monitor) }
                == .transition(.cannotDismiss(.pertanyaan)))
    }

    @Test func theInboxFiltersAndPagesAndTasksAreOldestFirst() async throws {
        // setup: five messages over five hours
        let s = try await Setup.make()
        var ids: [Int64] = []
        for (index, category) in [MessageCategory.pertanyaan, .keluhan, .saran, .keluhan, .apresiasi].enumerated() {
            ids.append(try s.log(category, text: "Pesan \(index) 100%_benar", channel: index == 4 ? .x : .instagram,
                                 minutesAgo: Double(300 - index * 60)).id!)
        }
        let forwarded = try s.act(.forward(divisionId: s.library), try #require(try s.database.incomingMessage(id: ids[1])), by: s.monitor)
        // action and check: filters
        #expect(try s.database.incomingMessages(IncomingFilter(), limit: 2, offset: 0).rows.map(\.message.id) == [ids[4], ids[3]])
        #expect(try s.database.incomingMessages(IncomingFilter(), limit: 2, offset: 4).rows.map(\.message.id) == [ids[0]])
        #expect(try s.database.incomingMessages(IncomingFilter(), limit: 2, offset: 0).total == 5)
        #expect(try s.database.incomingMessages(IncomingFilter(category: .keluhan), limit: 10, offset: 0).rows.map(\.message.id) == [ids[3], ids[1]])
        #expect(try s.database.incomingMessages(IncomingFilter(channel: .x), limit: 10, offset: 0).rows.map(\.message.id) == [ids[4]])
        #expect(try s.database.incomingMessages(IncomingFilter(status: .forwarded), limit: 10, offset: 0).rows.first?.divisionName == "Bidang Perpustakaan")
        #expect(try s.database.incomingMessages(IncomingFilter(divisionId: s.library), limit: 10, offset: 0).total == 1)
        #expect(try s.database.incomingMessages(IncomingFilter(text: "pesan 2"), limit: 10, offset: 0).rows.map(\.message.id) == [ids[2]])
        #expect(try s.database.incomingMessages(IncomingFilter(text: "%_"), limit: 10, offset: 0).total == 5, "wildcards are literal")
        #expect(try s.database.incomingMessages(IncomingFilter(text: "x%y"), limit: 10, offset: 0).total == 0)
        let range = IncomingFilter(from: s.now.addingTimeInterval(-130 * 60), to: s.now)
        #expect(try s.database.incomingMessages(range, limit: 10, offset: 0).rows.map(\.message.id) == [ids[4], ids[3]])
        // check: the export's chunks walk the same order
        let firstChunk = try s.database.incomingChunk(IncomingFilter(), after: nil, limit: 3)
        let last = try #require(firstChunk.last?.message)
        let secondChunk = try s.database.incomingChunk(IncomingFilter(), after: (last.receivedAt, last.id!), limit: 3)
        #expect((firstChunk + secondChunk).map(\.message.id) == ids.reversed())
        // check: the monitor's tasks are the four waiting to be forwarded, oldest at the step first;
        // the librarian's is the forwarded one, with its standard
        let monitorTasks = try s.database.incomingTasks(for: s.monitor, calendar: s.calendar, now: s.now)
        #expect(monitorTasks.map(\.row.message.id) == [ids[0], ids[2], ids[3], ids[4]])
        #expect(monitorTasks.allSatisfy { $0.step == .forward && $0.waiting.standardMinutes == 5 })
        let librarianTasks = try s.database.incomingTasks(for: s.librarian, calendar: s.calendar, now: s.now)
        #expect(librarianTasks.map(\.row.message.id) == [forwarded.id])
        #expect(librarianTasks.first?.waiting.standardMinutes == FollowUpWorkflow.officeDayMinutes)
        #expect(try s.database.incomingTasks(for: s.archivist, calendar: s.calendar, now: s.now).isEmpty)
    }

    @Test func roundsAreRecordedOnceAndShowDoneOrMissed() async throws {
        // setup: Monday 08:30, the pagi round open
        let s = try await Setup.make()
        let monday = s.calendar.day(of: s.now)
        // check: the monitor's current round
        #expect(try s.database.currentRound(for: s.monitor, calendar: s.calendar, now: s.now)?.spec.key == "pagi")
        #expect(try s.database.currentRound(for: s.librarian, calendar: s.calendar, now: s.now) == nil, "not the monitor")
        // action: recorded with two new messages
        let round = try s.database.recordRound(RoundDraft(roundKey: "pagi", day: monday, channels: [.instagram, .x, .instagram], newMessages: 2),
                                               by: ContentActor(userId: s.monitor), calendar: s.calendar, now: s.now)
        // check
        #expect(round.channels == [.instagram, .x] && round.standardMinutes == 60)
        #expect(try s.database.currentRound(for: s.monitor, calendar: s.calendar, now: s.now) == nil)
        // check: a second time, a day off, a day to come, an unknown round, a negative count, not the monitor
        func record(_ draft: RoundDraft, by user: Int64? = nil) -> IncomingError? {
            Self.refusal { _ = try s.database.recordRound(draft, by: ContentActor(userId: user ?? s.monitor), calendar: s.calendar, now: s.now) }
        }
        #expect(record(RoundDraft(roundKey: "pagi", day: monday, channels: [], newMessages: 0)) == .alreadyRecorded)
        #expect(record(RoundDraft(roundKey: "pagi", day: Day(year: 2026, month: 11, day: 22), channels: [], newMessages: 0)) == .notAnOfficeDay)
        #expect(record(RoundDraft(roundKey: "pagi", day: Day(year: 2026, month: 11, day: 24), channels: [], newMessages: 0)) == .roundInFuture)
        #expect(record(RoundDraft(roundKey: "malam", day: monday, channels: [], newMessages: 0)) == .unknownRound)
        #expect(record(RoundDraft(roundKey: "siang", day: monday, channels: [], newMessages: -1)) == .negativeCount)
        #expect(record(RoundDraft(roundKey: "siang", day: monday, channels: [], newMessages: 0), by: s.librarian) == .transition(.wrongRole("pengelola-ti")))
        // action: the evening, siang never recorded, sore recorded late at 16:30
        s.app.clock.set("2026-11-23T16:30")
        _ = try s.database.recordRound(RoundDraft(roundKey: "sore", day: monday, channels: [.website], newMessages: 0),
                                       by: ContentActor(userId: s.monitor), calendar: s.calendar, now: s.now)
        let occurrences = try s.database.roundOccurrences(from: monday, through: monday, calendar: s.calendar, now: s.now)
        #expect(occurrences.map(\.status) == [.done, .missed, .late])
        #expect(try s.database.monitoringRounds(from: monday, through: monday).map(\.recorderName) == ["Pak Monitor", "Pak Monitor"])
        // check: rounds off
        var settings = try s.database.incomingSettings()
        settings.monitoring.enabled = false
        try s.database.updateIncomingSettings(settings)
        #expect(record(RoundDraft(roundKey: "siang", day: monday, channels: [], newMessages: 0)) == .monitoringOff)
        #expect(try s.database.roundOccurrences(from: monday, through: monday, calendar: s.calendar, now: s.now).isEmpty)
    }

    @Test func settingsAreCheckedBeforeTheyAreSaved() async throws {
        // setup
        let s = try await Setup.make()
        var settings = try s.database.incomingSettings()
        // action and check: an unknown role, a bad window
        settings.followUp.steps[1].roleKey = "tidak-ada"
        #expect(Self.refusal { try s.database.updateIncomingSettings(settings) } == .followUpSettings([.unknownRole(position: 2, role: "tidak-ada")]))
        settings = try s.database.incomingSettings()
        settings.monitoring.rounds[0].end = 0
        #expect(Self.refusal { try s.database.updateIncomingSettings(settings) } == .monitoringSettings([.invalidWindow(position: 1)]))
        // action: a new standard for complaints
        settings = try s.database.incomingSettings()
        settings.followUp.categoryMinutes[.keluhan] = 120
        settings.monitoring.rounds.append(MonitoringRoundSpec(key: "malam", name: "Malam", start: 19 * 60, end: 20 * 60))
        try s.database.updateIncomingSettings(settings)
        // check
        #expect(try s.database.incomingSettings() == settings)
        #expect(try s.database.incomingSettings().followUp.standardMinutes(.followUp, category: .keluhan) == 120)
    }

    @Test func theMigrationRunsOnAnExistingKendalDatabase() throws {
        // setup: a Kendal database as it stood before incoming messages, with a user
        let queue = try DatabaseQueue()
        var migrator = AppDatabase.migrator
        try migrator.migrate(queue, upTo: "v10-agenda-calendar")
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO institution (id, name, timeZone, defaultLanguage, presetKey, createdAt, channels, timingRules)
                VALUES (1, 'Dinarpus', 'Asia/Jakarta', 'id', 'kendal', 0, '[]', '[]')
                """)
            try db.execute(sql: "INSERT INTO user (username, displayName, passwordHash, createdAt, updatedAt, passwordChangedAt) VALUES ('u', 'U', 'x', 0, 0, 0)")
        }
        // action
        migrator = AppDatabase.migrator
        try migrator.migrate(queue)
        // check: the tables exist, rounds are on for Kendal with its workflow
        try queue.read { db in
            for table in ["incomingMessage", "incomingEvent", "division", "userDivision", "monitoringRound", "incomingSettings"] {
                #expect(try db.tableExists(table), "\(table)")
            }
            let settings = try AppDatabase.incomingSettings(db)
            #expect(settings.monitoring.enabled)
            #expect(settings.followUp == FollowUpWorkflow.kendal())
        }
        // check: an unknown value is refused by the database
        #expect(throws: DatabaseError.self) {
            try queue.write { try $0.execute(sql: "INSERT INTO monitoringRound (roundKey, day, recordedAt, recordedBy, channels, newMessages) VALUES ('pagi', '2026-11-23', 0, 1, '[\"myspace\"]', 0)") }
        }
        #expect(throws: DatabaseError.self) {
            try queue.write { try $0.execute(sql: "INSERT INTO monitoringRound (roundKey, day, recordedAt, recordedBy, channels, newMessages) VALUES ('pagi', '2026-11-23', 0, 1, '[]', -1)") }
        }
    }

    @Test func aScreenshotInUseIsKeptByTheUploadCleanUp() async throws {
        // setup: a screenshot uploaded long ago and attached to a message
        let s = try await Setup.make()
        let old = s.now.addingTimeInterval(-3 * 86_400)
        try await s.database.writer.write { db in
            try MediaFileRecord(sha256: "shot", contentType: "image/png", size: 1, originalName: "ss.png", uploadedBy: s.monitor, createdAt: old).insert(db)
        }
        _ = try s.database.logMessage(
            IncomingDraft(channel: .instagram, sender: "@a", receivedAt: s.now, kind: .dm, category: .pertanyaan, text: "Halo", screenshotSha256: "shot"),
            by: ContentActor(userId: s.monitor), calendar: s.calendar, now: s.now)
        // action
        let removed = try s.database.removeUnreferencedMedia(uploadedBefore: s.now)
        // check
        #expect(!removed.contains("shot"))
        #expect(try s.database.incomingBundle(id: 1)?.screenshot?.originalName == "ss.png")
    }

    @Test func theDatabaseRefusesUnknownIncomingValues() async throws {
        // setup
        let s = try await Setup.make()
        let message = try s.log()
        let id = message.id!
        // action and check: each statement is refused by a CHECK constraint
        let refused = [
            "UPDATE incomingMessage SET status = 'lost' WHERE id = \(id)",
            "UPDATE incomingMessage SET kind = 'letter' WHERE id = \(id)",
            "UPDATE incomingMessage SET category = 'gosip' WHERE id = \(id)",
            "UPDATE incomingMessage SET channel = 'myspace' WHERE id = \(id)",
            "UPDATE incomingMessage SET outcome = 'forgotten' WHERE id = \(id)",
            "UPDATE incomingMessage SET step = 'wait' WHERE id = \(id)",
            "UPDATE incomingEvent SET action = 'delete' WHERE messageId = \(id)",
            "UPDATE incomingEvent SET toStatus = 'lost' WHERE messageId = \(id)",
            "UPDATE incomingSettings SET id = 2",
        ]
        for sql in refused {
            #expect(throws: DatabaseError.self, "\(sql)") { try s.database.writer.write { try $0.execute(sql: sql) } }
        }
        #expect(try s.database.incomingMessage(id: id) == message)
    }

    /// The session lookup counts the messages waiting for the user on every page: the count must
    /// not read messages at all (a year's backlog made `/pesan` take 35 ms a request when it did),
    /// only `incomingStepCount`'s rows by key; and the user's roles are gathered once, not once
    /// per count (each gathering is a temporary table).
    @Test func theSessionsMessageCountReadsOnlyTheStepCounts() async throws {
        let s = try await Setup.make()
        let plan = try await s.database.writer.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN \(AppDatabase.sessionSQL)",
                             arguments: ["idHash": "x", "today": "2026-11-23"]).map { $0["detail"] as String }
        }
        #expect(!plan.contains { $0.contains("incomingMessage") }, "\(plan)")
        let countLines = plan.filter { $0.contains("incomingStepCount") || $0.contains(" c ") }
        #expect(countLines.count == 3, "\(plan)")
        for line in countLines {
            #expect(line.contains("SEARCH") && line.contains("PRIMARY KEY"), "\(line)")
        }
        #expect(plan.filter { $0.contains("SEARCH userRole USING COVERING INDEX") && $0.contains("(userId=?)") }.count <= 2, "\(plan)")
    }

    /// What `incomingStepCount` and `incomingTally` must hold: the open messages per (step,
    /// division), and all messages per status, channel, category and division, counted the slow way.
    static func stepCounts(_ db: Database) throws -> (kept: [String: Int], counted: [String: Int]) {
        var kept: [String: Int] = [:], counted: [String: Int] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT step || '/' || divisionId, n FROM incomingStepCount WHERE n != 0
            UNION ALL SELECT facet || ':' || value, n FROM incomingTally WHERE n != 0
            """) {
            kept[row[0]] = row[1]
        }
        for row in try Row.fetchAll(db, sql: """
            SELECT step || '/' || coalesce(divisionId, 0), count(*) FROM incomingMessage WHERE step IS NOT NULL GROUP BY 1
            UNION ALL SELECT 'status:' || status, count(*) FROM incomingMessage GROUP BY status
            UNION ALL SELECT 'channel:' || channel, count(*) FROM incomingMessage GROUP BY channel
            UNION ALL SELECT 'category:' || category, count(*) FROM incomingMessage GROUP BY category
            UNION ALL SELECT 'division:' || divisionId, count(*) FROM incomingMessage WHERE divisionId IS NOT NULL GROUP BY divisionId
            """) {
            counted[row[0]] = row[1]
        }
        return (kept, counted)
    }

    @Test func theStepCountsFollowEveryWrite() async throws {
        // setup
        let s = try await Setup.make()
        func check(_ when: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
            let (kept, counted) = try s.database.writer.read { try Self.stepCounts($0) }
            #expect(kept == counted, "\(when)", sourceLocation: sourceLocation)
        }
        // action and check: the app's own writes through the whole follow-up
        let complaint = try s.log(.keluhan)
        let question = try s.log(.pertanyaan, text: "Jam buka hari Sabtu?")
        let spam = try s.log(.spam, text: "Promo pulsa murah")
        try check("logged")
        func waitingToForward() throws -> Int? {
            try s.database.writer.read { db in try Int.fetchOne(db, sql: "SELECT n FROM incomingStepCount WHERE step = 'forward' AND divisionId = 0") }
        }
        #expect(try waitingToForward() == 3)
        let forwarded = try s.act(.forward(divisionId: s.library), complaint, by: s.monitor)
        _ = try s.act(.forward(divisionId: s.archive), question, by: s.monitor)
        _ = try s.act(.dismiss(reason: "Iklan"), spam, by: s.monitor)
        try check("forwarded and dismissed")
        let answered = try s.act(.answer(text: "Buku sudah datang.", reason: nil), forwarded, by: s.librarian)
        try check("answered")
        _ = try s.act(.post(link: "https://www.instagram.com/p/Cabc123/c/17900000000000001/"), answered, by: s.monitor)
        try check("posted")
        // action and check: writes the app never makes (a repair by hand) keep the counts too
        try await s.database.writer.write { db in
            try db.execute(sql: "UPDATE incomingMessage SET divisionId = ? WHERE id = ?", arguments: [s.library, question.id!])
            try db.execute(sql: "UPDATE incomingMessage SET step = NULL WHERE id = ?", arguments: [question.id!])
            try db.execute(sql: "UPDATE incomingMessage SET step = 'follow-up', divisionId = NULL WHERE id = ?", arguments: [spam.id!])
            try db.execute(sql: "UPDATE incomingMessage SET sender = '@lain', category = 'hoaks', channel = 'x' WHERE id = ?", arguments: [spam.id!])
            try db.execute(sql: "UPDATE incomingMessage SET status = 'referred', category = 'saran' WHERE id = ?", arguments: [complaint.id!])
            try db.execute(sql: "DELETE FROM incomingEvent WHERE messageId = ?", arguments: [spam.id!])
            try db.execute(sql: "DELETE FROM incomingMessage WHERE id = ?", arguments: [spam.id!])
        }
        try check("repaired by hand")
        // check: the inbox's totals, from the tally for one facet and counted for two, agree
        let database = s.database, library = s.library
        func total(_ filter: IncomingFilter) throws -> Int { try database.incomingMessages(filter, limit: 1, offset: 0).total }
        func counted(_ sql: String) throws -> Int { try database.writer.read { db in try Int.fetchOne(db, sql: sql) ?? -1 } }
        for category in MessageCategory.allCases {
            #expect(try total(IncomingFilter(category: category))
                    == counted("SELECT count(*) FROM incomingMessage WHERE category = '\(category.rawValue)'"), "\(category)")
        }
        for status in FollowUpStatus.allCases {
            #expect(try total(IncomingFilter(status: status)) == counted("SELECT count(*) FROM incomingMessage WHERE status = '\(status.rawValue)'"))
        }
        #expect(try total(IncomingFilter(channel: .instagram)) == 2)
        #expect(try total(IncomingFilter(divisionId: library)) == 2)
        #expect(try total(IncomingFilter(channel: .instagram, category: .saran)) == 1)
        #expect(try total(IncomingFilter(category: .saran, text: "rak")) == 0)
    }

    @Test func theStepCountsMigrationCountsTheMessagesAlreadyThere() async throws {
        // setup: a database with messages at several steps, its counts dropped as before v16
        let s = try await Setup.make()
        let complaint = try s.log(.keluhan)
        _ = try s.log(.saran, text: "Tambah rak buku anak")
        _ = try s.act(.forward(divisionId: s.archive), complaint, by: s.monitor)
        let queue = try DatabaseQueue()
        try s.database.writer.backup(to: queue)
        try await queue.write { db in
            try db.execute(sql: """
                DROP TRIGGER incomingStepCount_insert; DROP TRIGGER incomingStepCount_delete; DROP TRIGGER incomingStepCount_update;
                DROP TRIGGER incomingTally_insert; DROP TRIGGER incomingTally_delete; DROP TRIGGER incomingTally_update;
                DROP TABLE incomingStepCount; DROP TABLE incomingTally; DELETE FROM grdb_migrations WHERE identifier = 'v16-incoming-counts';
                """)
        }
        // action
        try AppDatabase.migrator.migrate(queue)
        // check
        let (kept, counted) = try await queue.read { try Self.stepCounts($0) }
        #expect(kept == counted)
        #expect(kept.filter { $0.key.contains("/") } == ["forward/0": 1, "follow-up/\(s.archive)": 1])
        #expect(kept["category:keluhan"] == 1 && kept["category:saran"] == 1 && kept["status:forwarded"] == 1 && kept["division:\(s.archive)"] == 1)
    }
}
