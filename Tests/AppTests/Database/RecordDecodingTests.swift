import Domain
import Foundation
import GRDB
import Testing
@testable import App

/// The hand-written row decoders give back exactly what was stored, every column included.
@Suite struct RecordDecodingTests {
    @Test func contentItemAndAgendaItemRoundTrip() throws {
        // setup
        let database = try AppDatabase.inMemory()
        let when = Date(timeIntervalSince1970: 1_795_244_700)
        var agenda = AgendaItemRecord(
            id: nil, uid: "u-1@warta", title: "Rapat", startsAt: when, endsAt: when.addingTimeInterval(3600), isAllDay: false,
            location: "Balai Kota", owner: "Kepala Biro", notes: "catatan", needsCoverage: true, rrule: "FREQ=WEEKLY;COUNT=3",
            exdates: "2026-11-28", timeZone: "Asia/Makassar", source: .ics, createdBy: nil, createdAt: when, updatedAt: when,
            seriesEndsAt: when.addingTimeInterval(14 * 86400), calendar: "name:Agenda Sekda|-//Uji//ID")
        try database.writer.write { db in try agenda.insert(db) }
        let user = try database.createUser(username: "budi", displayName: "Budi", passwordHash: "x", roleKeys: [], now: when)
        var item = ContentItemRecord(
            id: nil, workflowVersion: 1, position: 2, status: .inReview, stepRoleKey: "kepala-biro", stepEnteredAt: when,
            version: 3, revision: 2, title: "Rapat <koordinasi>", kind: .kegiatan, publishAt: when.addingTimeInterval(7200),
            createdBy: user, createdAt: when, updatedAt: when, publishedAt: nil, channels: [.instagram, .x],
            eventAt: when, eventEndAt: when.addingTimeInterval(3600), dueOn: "2026-11-21", agendaId: agenda.id)
        // Only the columns are under test: no workflow version or role needs to exist for it.
        try database.writer.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA foreign_keys = OFF")
            try item.insert(db)
        }
        // action
        let (items, agendas) = try database.writer.read { db in
            (try ContentItemRecord.fetchAll(db, sql: "SELECT * FROM contentItem"), try AgendaItemRecord.fetchAll(db, sql: "SELECT * FROM agendaItem"))
        }
        // check
        #expect(items == [item])
        #expect(agendas == [agenda])
        // action
        // A row without a required column is an error, not a made-up value.
        #expect(throws: MissingColumn.self) {
            try database.writer.read { db in try ContentItemRecord.fetchAll(db, sql: "SELECT id, title FROM contentItem") }
        }
    }
}

extension RecordDecodingTests {
    @Test func incomingMessageRoundTripsEveryColumn() throws {
        // setup
        let database = try AppDatabase.inMemory()
        let when = Date(timeIntervalSince1970: 1_795_244_700)
        let user = try database.createUser(username: "budi", displayName: "Budi", passwordHash: "x", roleKeys: [], now: when)
        let division = try database.createDivision(name: "Bidang Perpustakaan", now: when)
        var full = IncomingMessageRecord(
            id: nil, channel: .instagram, sender: "@warga", receivedAt: when, kind: .comment, category: .keluhan, text: "Jalan <rusak>",
            link: "https://www.instagram.com/p/ABC/", screenshotSha256: nil, contentItemId: nil, divisionId: division, status: .closed,
            outcome: FollowUpOutcome.allCases.first, step: nil, stepEnteredAt: when.addingTimeInterval(60), version: 4, answer: "Sudah diperbaiki",
            replyLink: "https://www.instagram.com/p/ABC/c/1/", trackingNumber: "LAPOR-1", createdBy: user, createdAt: when,
            updatedAt: when.addingTimeInterval(120), closedAt: when.addingTimeInterval(180))
        var bare = IncomingMessageRecord(
            id: nil, channel: .x, sender: "warga", receivedAt: when, kind: .dm, category: .pertanyaan, text: "?", link: nil,
            screenshotSha256: nil, contentItemId: nil, divisionId: nil, status: .logged, outcome: nil, step: .forward,
            stepEnteredAt: when, version: 1, answer: nil, replyLink: nil, trackingNumber: nil, createdBy: user, createdAt: when,
            updatedAt: when, closedAt: nil)
        try database.writer.write { db in
            try full.insert(db)
            try bare.insert(db)
        }
        // action
        let rows = try database.incomingMessages(IncomingFilter(), limit: 10, offset: 0).rows
        // check
        #expect(rows.map(\.message) == [bare, full])  // newest first, then the higher id
        #expect(rows.map(\.divisionName) == [nil, "Bidang Perpustakaan"])
        #expect(rows.allSatisfy { $0.creatorName == "Budi" })
        #expect(try database.writer.read { db in try IncomingMessageRecord.fetchAll(db, sql: "SELECT * FROM incomingMessage ORDER BY id DESC") } == [bare, full])
        // check: the inbox's positional decoder reads every column of the table, each once
        let columns = try database.writer.read { db in try db.columns(in: "incomingMessage").map(\.name) }
        #expect(IncomingMessageRecord.selectedColumns.sorted() == columns.sorted())
        // check: a date stored in another form (a number of seconds, as GRDB also reads) is read as GRDB reads it
        try database.writer.write { db in try db.execute(sql: "UPDATE incomingMessage SET closedAt = 1795244800 WHERE id = ?", arguments: [full.id!]) }
        #expect(try database.incomingMessages(IncomingFilter(), limit: 10, offset: 0).rows.last?.message.closedAt == Date(timeIntervalSince1970: 1_795_244_800))
        #expect(throws: MissingColumn.self) {
            try database.writer.read { db in try IncomingMessageRecord.fetchAll(db, sql: "SELECT id, text FROM incomingMessage") }
        }
    }
}

/// The hand-written date reader gives exactly GRDB's Date, to the bit, and hands odd forms to GRDB.
@Suite struct DatabaseDateTests {
    @Test func sameDateAsGRDB() {
        // setup
        var texts = ["2026-11-21 07:05:00.000", "2026-11-21 07:05:00", "2026-11-21T07:05:00.5", "1969-12-31 23:59:59.999",
                     "1900-02-28 00:00:00.010", "2104-02-29 12:34:56.789", "9000-02-28 09:00:00.000", "0001-01-01 00:00:00.000"]
        var seed: UInt64 = 42
        for _ in 0..<2_000 {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let date = Date(timeIntervalSince1970: Double(Int64(bitPattern: seed >> 20) % 4_000_000_000_000) / 1000)
            texts.append(String.fromDatabaseValue(date.databaseValue)!)
        }
        // check
        for text in texts {
            let value = text.databaseValue
            #expect(databaseDate(value) == Date.fromDatabaseValue(value), "\(text)")
        }
        // Other forms and values: the same answer as GRDB's, whatever it is.
        for value in ["2026-11-21", "2026-13-01 00:00:00", "garbage", "2026-11-21 07:05", "2026-11-21 24:00:00"].map(\.databaseValue)
            + [DatabaseValue.null, 1_795_244_700.databaseValue, 1_795_244_700.5.databaseValue] {
            #expect(databaseDate(value) == Date.fromDatabaseValue(value), "\(value)")
        }
    }
}
