import Domain
import Foundation
import GRDB

// The calendar and "Tugas saya" read hundreds of items and agenda entries per page. Decodable
// looks every column up by name in every row (a case-insensitive search through the columns),
// which was a quarter of the month view's time; these initialisers walk each row's columns once.

/// A date as GRDB stores it, "2026-11-21 07:05:00.000" in UTC, read by integer arithmetic; any
/// other form (or value) goes to GRDB's own parser. Date parsing was most of decoding an item.
func databaseDate(_ value: DatabaseValue) -> Date? {
    guard case .string(let text) = value.storage else { return Date.fromDatabaseValue(value) }
    return storedDate(text) ?? Date.fromDatabaseValue(value)
}

/// The fast half of `databaseDate`: nil for any text not in GRDB's stored form.
func storedDate(_ text: String) -> Date? {
    var text = text
    return text.withUTF8 { bytes -> Date? in
        guard bytes.count >= 19, bytes.count <= 23 else { return nil }
        func number(_ start: Int, _ length: Int) -> Int? {
            var value = 0
            for index in start..<start + length {
                let digit = Int(bytes[index]) - 48
                guard (0...9).contains(digit) else { return nil }
                value = value * 10 + digit
            }
            return value
        }
        guard bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"), bytes[10] == UInt8(ascii: " ") || bytes[10] == UInt8(ascii: "T"),
              bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
              let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
              let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 60
        else { return nil }
        var milliseconds = 0
        if bytes.count > 19 {
            guard bytes[19] == UInt8(ascii: "."), bytes.count > 20, let fraction = number(20, bytes.count - 20) else { return nil }
            milliseconds = fraction * [100, 10, 1][bytes.count - 21]
        }
        // Before the Gregorian reform Foundation counts Julian days: leave those to GRDB.
        guard year > 1582 else { return nil }
        let days = Day(year: year, month: month, day: day).dayNumber
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second
        // The same arithmetic as Foundation's calendar, so the Date is GRDB's to the bit.
        return Date(timeIntervalSinceReferenceDate: TimeInterval(seconds - 978_307_200) + TimeInterval(milliseconds * 1_000_000) / 1e9)
    }
}

/// A column missing from a row that should hold it, or holding a value this version cannot read.
struct MissingColumn: Error, CustomStringConvertible {
    let table: String
    let column: String
    var description: String { "\(table).\(column) missing from the row or not readable" }
}

/// Reads one required value, or throws naming the column.
private func required<Value>(_ value: Value?, _ table: String, _ column: String) throws -> Value {
    guard let value else { throw MissingColumn(table: table, column: column) }
    return value
}

extension ContentItemRecord {
    init(row: Row) throws {
        try self.init(row: row) { _, _ in }
    }

    /// Also hands the row's other columns to `other`, in the same pass: GRDB's `row["name"]` looks
    /// a column up by case-insensitive comparison, which showed in the "Tugas saya" profile.
    init(row: Row, other: (String, DatabaseValue) -> Void) throws {
        var id: Int64?, workflowVersion: Int?, position: Int?, status: ItemStatus?, stepRoleKey: RoleKey?
        var stepEnteredAt: Date?, version: Int?, revision: Int?, title: String?, kind: ContentKind?
        var publishAt: Date?, createdBy: Int64?, createdAt: Date?, updatedAt: Date?, publishedAt: Date?
        var channels: ChannelList?, eventAt: Date?, eventEndAt: Date?, dueOn: String?, agendaId: Int64?
        for (column, value) in row {
            switch column {
            case "id": id = Int64.fromDatabaseValue(value)
            case "workflowVersion": workflowVersion = Int.fromDatabaseValue(value)
            case "position": position = Int.fromDatabaseValue(value)
            case "status": status = ItemStatus.fromDatabaseValue(value)
            case "stepRoleKey": stepRoleKey = RoleKey.fromDatabaseValue(value)
            case "stepEnteredAt": stepEnteredAt = databaseDate(value)
            case "version": version = Int.fromDatabaseValue(value)
            case "revision": revision = Int.fromDatabaseValue(value)
            case "title": title = String.fromDatabaseValue(value)
            case "kind": kind = ContentKind.fromDatabaseValue(value)
            case "publishAt": publishAt = databaseDate(value)
            case "createdBy": createdBy = Int64.fromDatabaseValue(value)
            case "createdAt": createdAt = databaseDate(value)
            case "updatedAt": updatedAt = databaseDate(value)
            case "publishedAt": publishedAt = databaseDate(value)
            case "channels": channels = ChannelList.fromDatabaseValue(value)
            case "eventAt": eventAt = databaseDate(value)
            case "eventEndAt": eventEndAt = databaseDate(value)
            case "dueOn": dueOn = String.fromDatabaseValue(value)
            case "agendaId": agendaId = Int64.fromDatabaseValue(value)
            default: other(column, value)
            }
        }
        let table = Self.databaseTableName
        self.init(
            id: id, workflowVersion: try required(workflowVersion, table, "workflowVersion"), position: try required(position, table, "position"),
            status: try required(status, table, "status"), stepRoleKey: stepRoleKey,
            stepEnteredAt: try required(stepEnteredAt, table, "stepEnteredAt"), version: try required(version, table, "version"),
            revision: try required(revision, table, "revision"), title: try required(title, table, "title"), kind: try required(kind, table, "kind"),
            publishAt: publishAt, createdBy: try required(createdBy, table, "createdBy"), createdAt: try required(createdAt, table, "createdAt"),
            updatedAt: try required(updatedAt, table, "updatedAt"), publishedAt: publishedAt, channels: try required(channels, table, "channels"),
            eventAt: eventAt, eventEndAt: eventEndAt, dueOn: dueOn, agendaId: agendaId)
    }
}

extension ContentListRow {
    /// A row of `SELECT i.*, u.displayName AS creatorName …`, with `AppDatabase.returnedColumns`
    /// where the query selected them.
    init(row: Row) throws {
        var creatorName: String?, actor: String?, onBehalf: String?, from: Int?, step: String?, reason: String?, at: Date?
        let item = try ContentItemRecord(row: row) { column, value in
            switch column {
            case "creatorName": creatorName = String.fromDatabaseValue(value)
            case "returnActor": actor = String.fromDatabaseValue(value)
            case "returnOnBehalf": onBehalf = String.fromDatabaseValue(value)
            case "returnFrom": from = Int.fromDatabaseValue(value)
            case "returnStep": step = String.fromDatabaseValue(value)
            case "returnReason": reason = String.fromDatabaseValue(value)
            case "returnAt": at = databaseDate(value)
            default: break
            }
        }
        var returned: Returned?
        if let actor {
            returned = Returned(actorName: actor, onBehalfOfName: onBehalf, fromPosition: try required(from, "contentEvent", "fromPosition"),
                                stepName: try required(step, "contentEvent", "stepName"), reason: reason ?? "",
                                at: try required(at, "contentEvent", "at"))
        }
        self.init(item: item, creatorName: try required(creatorName, "user", "creatorName"), returned: returned)
    }
}

extension AgendaItemRecord {
    init(row: Row) throws {
        var id: Int64?, uid: String?, title: String?, startsAt: Date?, endsAt: Date?, isAllDay: Bool?
        var location: String?, owner: String?, notes: String?, needsCoverage: Bool?, rrule: String?, exdates: String?
        var timeZone = "", source: AgendaSource?, createdBy: Int64?, createdAt: Date?, updatedAt: Date?, seriesEndsAt: Date?
        var calendar = ""
        for (column, value) in row {
            switch column {
            case "id": id = Int64.fromDatabaseValue(value)
            case "uid": uid = String.fromDatabaseValue(value)
            case "title": title = String.fromDatabaseValue(value)
            case "startsAt": startsAt = databaseDate(value)
            case "endsAt": endsAt = databaseDate(value)
            case "isAllDay": isAllDay = Bool.fromDatabaseValue(value)
            case "location": location = String.fromDatabaseValue(value)
            case "owner": owner = String.fromDatabaseValue(value)
            case "notes": notes = String.fromDatabaseValue(value)
            case "needsCoverage": needsCoverage = Bool.fromDatabaseValue(value)
            case "rrule": rrule = String.fromDatabaseValue(value)
            case "exdates": exdates = String.fromDatabaseValue(value)
            case "timeZone": timeZone = String.fromDatabaseValue(value) ?? ""
            case "source": source = AgendaSource.fromDatabaseValue(value)
            case "createdBy": createdBy = Int64.fromDatabaseValue(value)
            case "createdAt": createdAt = databaseDate(value)
            case "updatedAt": updatedAt = databaseDate(value)
            case "seriesEndsAt": seriesEndsAt = databaseDate(value)
            case "calendar": calendar = String.fromDatabaseValue(value) ?? ""
            default: continue
            }
        }
        let table = Self.databaseTableName
        self.init(
            id: id, uid: try required(uid, table, "uid"), title: try required(title, table, "title"),
            startsAt: try required(startsAt, table, "startsAt"), endsAt: try required(endsAt, table, "endsAt"),
            isAllDay: try required(isAllDay, table, "isAllDay"), location: try required(location, table, "location"),
            owner: try required(owner, table, "owner"), notes: try required(notes, table, "notes"),
            needsCoverage: try required(needsCoverage, table, "needsCoverage"), rrule: rrule, exdates: try required(exdates, table, "exdates"),
            timeZone: timeZone, source: try required(source, table, "source"), createdBy: createdBy,
            createdAt: try required(createdAt, table, "createdAt"), updatedAt: try required(updatedAt, table, "updatedAt"),
            seriesEndsAt: seriesEndsAt, calendar: calendar)
    }
}

extension IncomingMessageRecord {
    /// The table's columns in the order `init(row:startingAt:)` reads them: the inbox selects them
    /// by name in this order (`AppDatabase.incomingColumns`), so no row's column names are compared.
    static let selectedColumns = [
        "id", "channel", "sender", "receivedAt", "kind", "category", "text", "link", "screenshotSha256", "contentItemId",
        "divisionId", "status", "outcome", "step", "stepEnteredAt", "version", "answer", "replyLink", "trackingNumber",
        "createdBy", "createdAt", "updatedAt", "closedAt",
    ]

    /// Reads a message from `selectedColumns`, in their order, from column `first` on, through
    /// GRDB's typed accessors, which read SQLite's column straight into the Swift value (the
    /// `DatabaseValue` path looked up generic metadata for every column: a fifth of `/pesan`).
    init(row: Row, startingAt first: Int) throws {
        let table = Self.databaseTableName
        let columns = Self.selectedColumns
        func text(_ offset: Int) -> String? { row.hasNull(atIndex: first + offset) ? nil : row[first + offset] as String }
        func number(_ offset: Int) -> Int64? { row.hasNull(atIndex: first + offset) ? nil : row[first + offset] as Int64 }
        func date(_ offset: Int) -> Date? {
            guard !row.hasNull(atIndex: first + offset) else { return nil }
            return storedDate(row[first + offset] as String) ?? databaseDate(row[first + offset] as DatabaseValue)
        }
        func need<Value>(_ value: Value?, _ offset: Int) throws -> Value {
            try required(value, table, columns[offset])
        }
        self.init(
            id: number(0), channel: try need(text(1).flatMap(Channel.init(rawValue:)), 1), sender: try need(text(2), 2),
            receivedAt: try need(date(3), 3), kind: try need(text(4).flatMap(MessageKind.init(rawValue:)), 4),
            category: try need(text(5).flatMap(MessageCategory.init(rawValue:)), 5), text: try need(text(6), 6), link: text(7),
            screenshotSha256: text(8), contentItemId: number(9), divisionId: number(10),
            status: try need(text(11).flatMap(FollowUpStatus.init(rawValue:)), 11), outcome: text(12).flatMap(FollowUpOutcome.init(rawValue:)),
            step: text(13).flatMap(FollowUpStepKind.init(rawValue:)), stepEnteredAt: try need(date(14), 14),
            version: try need(number(15).map(Int.init), 15), answer: text(16), replyLink: text(17), trackingNumber: text(18),
            createdBy: try need(number(19), 19), createdAt: try need(date(20), 20), updatedAt: try need(date(21), 21), closedAt: date(22))
    }

    /// By column name, for `SELECT *` and GRDB's record requests: Decodable was a fifth of
    /// `/pesan`'s time when the inbox used it.
    init(row: Row) throws {
        var id: Int64?, channel: Channel?, sender: String?, receivedAt: Date?, kind: MessageKind?, category: MessageCategory?
        var text: String?, link: String?, screenshotSha256: String?, contentItemId: Int64?, divisionId: Int64?
        var status: FollowUpStatus?, outcome: FollowUpOutcome?, step: FollowUpStepKind?, stepEnteredAt: Date?, version: Int?
        var answer: String?, replyLink: String?, trackingNumber: String?, createdBy: Int64?, createdAt: Date?, updatedAt: Date?
        var closedAt: Date?
        for (column, value) in row {
            switch column {
            case "id": id = Int64.fromDatabaseValue(value)
            case "channel": channel = Channel.fromDatabaseValue(value)
            case "sender": sender = String.fromDatabaseValue(value)
            case "receivedAt": receivedAt = databaseDate(value)
            case "kind": kind = MessageKind.fromDatabaseValue(value)
            case "category": category = MessageCategory.fromDatabaseValue(value)
            case "text": text = String.fromDatabaseValue(value)
            case "link": link = String.fromDatabaseValue(value)
            case "screenshotSha256": screenshotSha256 = String.fromDatabaseValue(value)
            case "contentItemId": contentItemId = Int64.fromDatabaseValue(value)
            case "divisionId": divisionId = Int64.fromDatabaseValue(value)
            case "status": status = FollowUpStatus.fromDatabaseValue(value)
            case "outcome": outcome = FollowUpOutcome.fromDatabaseValue(value)
            case "step": step = FollowUpStepKind.fromDatabaseValue(value)
            case "stepEnteredAt": stepEnteredAt = databaseDate(value)
            case "version": version = Int.fromDatabaseValue(value)
            case "answer": answer = String.fromDatabaseValue(value)
            case "replyLink": replyLink = String.fromDatabaseValue(value)
            case "trackingNumber": trackingNumber = String.fromDatabaseValue(value)
            case "createdBy": createdBy = Int64.fromDatabaseValue(value)
            case "createdAt": createdAt = databaseDate(value)
            case "updatedAt": updatedAt = databaseDate(value)
            case "closedAt": closedAt = databaseDate(value)
            default: break
            }
        }
        let table = Self.databaseTableName
        self.init(
            id: id, channel: try required(channel, table, "channel"), sender: try required(sender, table, "sender"),
            receivedAt: try required(receivedAt, table, "receivedAt"), kind: try required(kind, table, "kind"),
            category: try required(category, table, "category"), text: try required(text, table, "text"), link: link,
            screenshotSha256: screenshotSha256, contentItemId: contentItemId, divisionId: divisionId,
            status: try required(status, table, "status"), outcome: outcome, step: step,
            stepEnteredAt: try required(stepEnteredAt, table, "stepEnteredAt"), version: try required(version, table, "version"),
            answer: answer, replyLink: replyLink, trackingNumber: trackingNumber, createdBy: try required(createdBy, table, "createdBy"),
            createdAt: try required(createdAt, table, "createdAt"), updatedAt: try required(updatedAt, table, "updatedAt"),
            closedAt: closedAt)
    }
}
