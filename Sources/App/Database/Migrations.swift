import Domain
import Foundation
import GRDB

/// Named migrations. A migration that has landed is never edited: add a new one instead.
extension AppDatabase {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-foundation") { db in
            try db.create(table: "institution") { t in
                t.primaryKey("id", .integer).check { $0 == 1 }
                t.column("name", .text).notNull()
                t.column("timeZone", .text).notNull().defaults(to: "Asia/Jakarta")
                t.column("defaultLanguage", .text).notNull().defaults(to: "id")
                t.column("presetKey", .text)
                t.column("createdAt", .datetime).notNull()
            }
            try db.create(table: "role") { t in
                t.primaryKey("key", .text)
                t.column("name", .text).notNull()
                t.column("position", .integer).notNull().defaults(to: 0)
            }
            try db.create(table: "user") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("username", .text).notNull().unique().collate(.nocase)
                t.column("displayName", .text).notNull()
                t.column("passwordHash", .text).notNull()
                t.column("isActive", .boolean).notNull().defaults(to: true)
                t.column("language", .text).notNull().defaults(to: "id")
                t.column("mustChangePassword", .boolean).notNull().defaults(to: false)
                t.column("isDemo", .boolean).notNull().defaults(to: false)
                t.column("passwordChangedAt", .datetime).notNull()
                t.column("createdAt", .datetime).notNull()
                t.column("updatedAt", .datetime).notNull()
            }
            try db.create(table: "userRole") { t in
                t.belongsTo("user", onDelete: .cascade).notNull()
                t.column("roleKey", .text).notNull().references("role", onDelete: .restrict, onUpdate: .cascade)
                t.primaryKey(["userId", "roleKey"])
            }
            try db.create(index: "userRole_on_roleKey", on: "userRole", columns: ["roleKey"])
            try db.create(table: "session") { t in
                t.primaryKey("idHash", .text)
                t.belongsTo("user", onDelete: .cascade).notNull()
                t.column("csrfToken", .text).notNull()
                t.column("createdAt", .datetime).notNull()
                t.column("lastSeenAt", .datetime).notNull()
                t.column("clientAddress", .text)
                t.column("userAgent", .text)
            }
            try db.create(table: "loginFailure") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("username", .text).notNull()
                t.column("clientAddress", .text).notNull()
                t.column("at", .datetime).notNull()
            }
            try db.create(index: "loginFailure_on_username_at", on: "loginFailure", columns: ["username", "at"])
            try db.create(index: "loginFailure_on_clientAddress_at", on: "loginFailure", columns: ["clientAddress", "at"])
            try db.create(table: "auditEvent") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("at", .datetime).notNull()
                t.column("actorId", .integer)
                t.column("actorUsername", .text)
                t.column("action", .text).notNull()
                t.column("target", .text)
                t.column("clientAddress", .text)
                t.column("detail", .text)
            }
            try db.create(index: "auditEvent_on_action", on: "auditEvent", columns: ["action", "id"])
            // The system administrator role exists in every institution, initialised or not.
            try db.execute(sql: "INSERT INTO role (key, name, position) VALUES ('admin', 'Administrator Sistem', 0)")
        }
        migrator.registerMigration("v2-workflow") { db in
            try db.alter(table: "institution") { t in
                t.add(column: "captionLimit", .integer).notNull().defaults(to: 200)
                t.add(column: "officeOpens", .integer).notNull().defaults(to: 7 * 60 + 30)
                t.add(column: "officeCloses", .integer).notNull().defaults(to: 16 * 60)
                t.add(column: "officeDays", .text).notNull().defaults(to: "2 3 4 5 6")
                t.add(column: "channels", .text).notNull().defaults(to: "")
            }
            try db.create(table: "workflowVersion") { t in
                t.primaryKey("number", .integer)
                t.column("steps", .jsonText).notNull()
                t.column("note", .text)
                t.column("createdBy", .integer).references("user", onDelete: .setNull)
                t.column("createdAt", .datetime).notNull()
            }
            try db.create(table: "meta") { t in
                t.primaryKey("key", .text)
                t.column("value", .text).notNull()
            }
            try db.create(table: "holiday") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("day", .text).notNull()
                t.column("name", .text).notNull()
                t.column("kind", .text).notNull()
                t.uniqueKey(["day", "name"])
            }
            try db.create(table: "contentItem") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("workflowVersion", .integer).notNull().references("workflowVersion")
                t.column("position", .integer).notNull()
                t.column("status", .text).notNull()
                // The role of the current step, kept here so that "Tugas saya" is one indexed query.
                t.column("stepRoleKey", .text)
                t.column("stepEnteredAt", .datetime).notNull()
                t.column("version", .integer).notNull().defaults(to: 1)
                t.column("revision", .integer).notNull().defaults(to: 1)
                t.column("title", .text).notNull()
                t.column("kind", .text).notNull()
                t.column("publishAt", .datetime)
                t.column("createdBy", .integer).notNull().references("user")
                t.column("createdAt", .datetime).notNull()
                t.column("updatedAt", .datetime).notNull()
                t.column("publishedAt", .datetime)
            }
            try db.create(index: "contentItem_tasks", on: "contentItem", columns: ["stepRoleKey", "stepEnteredAt"])
            try db.create(index: "contentItem_on_createdBy", on: "contentItem", columns: ["createdBy", "status"])
            try db.create(index: "contentItem_on_status", on: "contentItem", columns: ["status", "updatedAt"])
            try db.create(table: "contentRevision") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("itemId", .integer).notNull().references("contentItem", onDelete: .cascade)
                t.column("number", .integer).notNull()
                t.column("authorId", .integer).notNull().references("user")
                t.column("createdAt", .datetime).notNull()
                t.column("title", .text).notNull()
                t.column("kind", .text).notNull()
                t.column("caption", .text).notNull()
                t.column("channels", .text).notNull()
                t.column("mediaLinks", .text).notNull()
                t.column("source", .text).notNull()
                t.column("eventAt", .datetime)
                t.column("publishAt", .datetime)
                t.column("notes", .text).notNull()
                t.uniqueKey(["itemId", "number"])
            }
            try db.create(table: "contentEvent") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("itemId", .integer).notNull().references("contentItem", onDelete: .cascade)
                t.column("action", .text).notNull()
                t.column("fromPosition", .integer).notNull()
                t.column("toPosition", .integer).notNull()
                t.column("stepName", .text).notNull()
                t.column("actorId", .integer).notNull().references("user")
                t.column("onBehalfOfId", .integer).references("user")
                t.column("revision", .integer).notNull()
                t.column("comment", .text)
                t.column("at", .datetime).notNull()
                t.column("waitedMinutes", .integer)
                t.column("standardMinutes", .integer)
            }
            try db.create(index: "contentEvent_on_itemId", on: "contentEvent", columns: ["itemId", "id"])
            try db.create(table: "contentLink") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("itemId", .integer).notNull().references("contentItem", onDelete: .cascade)
                t.column("channel", .text).notNull()
                t.column("url", .text).notNull()
                t.column("createdBy", .integer).notNull().references("user")
                t.column("createdAt", .datetime).notNull()
            }
            try db.create(index: "contentLink_on_itemId", on: "contentLink", columns: ["itemId"])
            try db.create(table: "delegation") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("fromUserId", .integer).notNull().references("user", onDelete: .cascade)
                t.column("toUserId", .integer).notNull().references("user", onDelete: .cascade)
                t.column("roleKey", .text).notNull().references("role", onUpdate: .cascade)
                t.column("startsOn", .text).notNull()
                t.column("endsOn", .text).notNull()
                t.column("createdBy", .integer).notNull().references("user")
                t.column("createdAt", .datetime).notNull()
                t.column("revokedAt", .datetime)
                t.column("revokedBy", .integer).references("user")
            }
            try db.create(index: "delegation_on_toUserId", on: "delegation", columns: ["toUserId", "endsOn"])
            // An institution set up before workflows existed starts on its preset's version 1.
            if let institution = try Row.fetchOne(db, sql: "SELECT presetKey, createdAt FROM institution"),
               let key: String = institution["presetKey"], let preset = SOPPreset.named(key) {
                try WorkflowVersionRecord(number: 1, steps: Workflow(preset: preset).steps, note: "Preset \(key)", createdBy: nil,
                                          createdAt: institution["createdAt"]).insert(db)
                try db.execute(sql: "UPDATE institution SET channels = ?", arguments: [preset.channels.map(\.rawValue).joined(separator: " ")])
            }
        }
        migrator.registerMigration("v3-previews") { db in
            try db.alter(table: "institution") { t in
                // The name the accounts show on the platforms, when it differs from the institution's.
                t.add(column: "accountName", .text).notNull().defaults(to: "")
                t.add(column: "platformLimits", .text).notNull().defaults(to: "{}")
            }
        }
        migrator.registerMigration("v4-media") { db in
            // Uploaded files, stored by the SHA-256 of their content.
            try db.create(table: "mediaFile") { t in
                t.primaryKey("sha256", .text)
                t.column("contentType", .text).notNull()
                t.column("size", .integer).notNull()
                t.column("originalName", .text).notNull()
                t.column("uploadedBy", .integer).references("user", onDelete: .setNull)
                t.column("createdAt", .datetime).notNull()
            }
            try db.create(table: "contentMedia") { t in
                t.column("itemId", .integer).notNull().references("contentItem", onDelete: .cascade)
                t.column("sha256", .text).notNull().references("mediaFile")
                t.column("position", .integer).notNull()
                t.primaryKey(["itemId", "sha256"])
            }
            try db.create(index: "contentMedia_on_sha256", on: "contentMedia", columns: ["sha256"])
            // The account's picture in previews: an uploaded image.
            try db.alter(table: "institution") { t in
                t.add(column: "avatarSha256", .text)
            }
        }
        migrator.registerMigration("v5-calendar") { db in
            // The leadership's agenda: typed in, or imported from iCalendar files (deduplicated by UID).
            try db.create(table: "agendaItem") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("uid", .text).notNull().unique()
                t.column("title", .text).notNull()
                t.column("startsAt", .datetime).notNull()
                t.column("endsAt", .datetime).notNull()
                t.column("isAllDay", .boolean).notNull().defaults(to: false)
                t.column("location", .text).notNull().defaults(to: "")
                t.column("owner", .text).notNull().defaults(to: "")
                t.column("notes", .text).notNull().defaults(to: "")
                t.column("needsCoverage", .boolean).notNull().defaults(to: false)
                // An imported recurring event: its RRULE and the excluded starts (one per line, ISO 8601).
                t.column("rrule", .text)
                t.column("exdates", .text).notNull().defaults(to: "")
                // The zone its wall-clock times and recurrences belong to (empty: the institution's).
                t.column("timeZone", .text).notNull().defaults(to: "")
                t.column("source", .text).notNull().defaults(to: "manual")
                t.column("createdBy", .integer).references("user", onDelete: .setNull)
                t.column("createdAt", .datetime).notNull()
                t.column("updatedAt", .datetime).notNull()
            }
            try db.create(index: "agendaItem_on_startsAt", on: "agendaItem", columns: ["startsAt"])
            // Commemoration days: fixed month and day, every year.
            try db.create(table: "commemoration") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("monthDay", .text).notNull()
                t.column("name", .text).notNull()
                t.column("basis", .text).notNull().defaults(to: "")
                t.uniqueKey(["monthDay", "name"])
            }
            // Each user's secret calendar feed.
            try db.create(table: "calendarFeed") { t in
                t.primaryKey("userId", .integer).references("user", onDelete: .cascade)
                t.column("token", .text).notNull()
                t.column("tokenHash", .text).notNull().unique()
                t.column("createdAt", .datetime).notNull()
            }
            try db.alter(table: "institution") { t in
                // Space-separated `TimingRule` keys that are switched on.
                t.add(column: "timingRules", .text).notNull().defaults(to: "")
            }
            try db.execute(sql: "UPDATE institution SET timingRules = ? WHERE presetKey = 'dki-ksd'",
                           arguments: [TimingRule.allCases.map(\.rawValue).joined(separator: " ")])
            try db.alter(table: "contentRevision") { t in
                t.add(column: "eventEndAt", .datetime)
                t.add(column: "dueOn", .text)
                t.add(column: "agendaId", .integer)
            }
            // Kept on the item, from its latest revision, so that the calendar is one indexed query.
            try db.alter(table: "contentItem") { t in
                t.add(column: "channels", .text).notNull().defaults(to: "")
                t.add(column: "eventAt", .datetime)
                t.add(column: "eventEndAt", .datetime)
                t.add(column: "dueOn", .text)
                t.add(column: "agendaId", .integer).references("agendaItem", onDelete: .setNull)
            }
            try db.execute(sql: """
                UPDATE contentItem SET
                  channels = (SELECT r.channels FROM contentRevision r WHERE r.itemId = contentItem.id AND r.number = contentItem.revision),
                  eventAt = (SELECT r.eventAt FROM contentRevision r WHERE r.itemId = contentItem.id AND r.number = contentItem.revision)
                """)
            try db.create(index: "contentItem_on_publishAt", on: "contentItem", columns: ["publishAt"])
            try db.create(index: "contentItem_on_agendaId", on: "contentItem", columns: ["agendaId"])
            // "Which days already have a greeting": read on every "Tugas saya" of whoever drafts.
            try db.create(index: "contentItem_on_dueOn", on: "contentItem", columns: ["dueOn", "kind"])
        }
        migrator.registerMigration("v6-archive") { db in
            try db.alter(table: "institution") { t in
                // The institution's own web domains (space-separated): where `website` links must point.
                t.add(column: "websiteDomains", .text).notNull().defaults(to: "")
                // How a published item is updated: `workflow` (through the steps again) or `direct`
                // (by the publishing role).
                t.add(column: "updatePolicy", .text).notNull().defaults(to: "workflow")
                // The city written above signatures on the records.
                t.add(column: "city", .text).notNull().defaults(to: "")
            }
            if let key = try String.fetchOne(db, sql: "SELECT presetKey FROM institution"), let preset = SOPPreset.named(key) {
                try db.execute(sql: "UPDATE institution SET city = ?", arguments: [preset.city])
            }
            // The archive keeps every link with its dates: a replaced link gets `replacedAt`, never deleted.
            try db.alter(table: "contentLink") { t in
                t.add(column: "replacedAt", .datetime)
                t.add(column: "replacedBy", .integer).references("user", onDelete: .setNull)
                t.add(column: "status", .text).notNull().defaults(to: "belum-dicek")
                t.add(column: "httpStatus", .integer)
                t.add(column: "checkedAt", .datetime)
            }
            try db.create(index: "contentLink_on_createdAt", on: "contentLink", columns: ["createdAt", "id"])
            try db.create(index: "contentLink_on_channel", on: "contentLink", columns: ["channel", "createdAt", "id"])
            // The dead links, newest check first, without a sort.
            try db.create(index: "contentLink_on_status", on: "contentLink", columns: ["status", "replacedAt", "checkedAt", "id"])
            try db.create(table: "linkCheck") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("linkId", .integer).notNull().references("contentLink", onDelete: .cascade)
                t.column("checkedAt", .datetime).notNull()
                t.column("status", .text).notNull()
                t.column("httpStatus", .integer)
                t.column("method", .text).notNull()
                t.column("detail", .text)
            }
            try db.create(index: "linkCheck_on_linkId", on: "linkCheck", columns: ["linkId", "checkedAt"])
        }
        migrator.registerMigration("v7-hardening") { db in
            // Upload names are sanitised once, when stored: the rows from before get the same rule.
            let names = try Row.fetchAll(db, sql: "SELECT sha256, originalName FROM mediaFile")
            for row in names {
                let name: String = row["originalName"]
                let clean = UploadName.sanitise(name)
                if clean != name {
                    try db.execute(sql: "UPDATE mediaFile SET originalName = ? WHERE sha256 = ?", arguments: [clean, row["sha256"] as String])
                }
            }
            // Feed tokens: only their hash is kept; the feeds of disabled accounts end.
            try db.alter(table: "calendarFeed") { t in t.drop(column: "token") }
            try db.execute(sql: "DELETE FROM calendarFeed WHERE userId IN (SELECT id FROM user WHERE NOT isActive)")
            // The security log: rows from before the limits are cut to them; pages by action and
            // the per-address count read indexes.
            try db.execute(sql: """
                UPDATE auditEvent SET
                  actorUsername = substr(actorUsername, 1, 64), target = substr(target, 1, 200),
                  clientAddress = substr(clientAddress, 1, 64), detail = substr(detail, 1, 300)
                WHERE length(actorUsername) > 64 OR length(target) > 200 OR length(clientAddress) > 64 OR length(detail) > 300
                """)
            try db.execute(sql: "UPDATE loginFailure SET username = substr(username, 1, 64) WHERE length(username) > 64")
            try db.create(index: "auditEvent_on_clientAddress", on: "auditEvent", columns: ["clientAddress", "at"])
        }
        migrator.registerMigration("v7-separate-deciders") { db in
            try db.alter(table: "institution") { t in
                // Four eyes: one person may not decide at two decide steps of one round through two
                // different roles. On unless the institution switches it off.
                t.add(column: "separateDeciders", .boolean).notNull().defaults(to: true)
            }
        }
        migrator.registerMigration("v7-agenda-series-end") { db in
            // Where each recurring item's series ends, so the calendar loads only the series that
            // can show in a range and expands COUNT series from the range, not from DTSTART.
            try db.alter(table: "agendaItem") { t in
                t.add(column: "seriesEndsAt", .datetime)
            }
            try db.create(index: "agendaItem_on_series", on: "agendaItem", columns: ["seriesEndsAt", "startsAt"],
                          condition: Column("rrule") != nil)
            let zone = (try String.fetchOne(db, sql: "SELECT timeZone FROM institution")).flatMap(TimeZone.init(identifier:))
                ?? TimeZone(identifier: "Asia/Jakarta")!
            let rows = try Row.fetchAll(db, sql: """
                SELECT id, startsAt, endsAt, isAllDay, rrule, exdates, timeZone FROM agendaItem WHERE rrule IS NOT NULL
                """)
            for row in rows {
                // Only the columns this migration knows: a record decoded here would break when
                // later migrations add columns.
                let item = AgendaItemRecord(
                    id: row["id"], uid: "", title: "", startsAt: row["startsAt"], endsAt: row["endsAt"], isAllDay: row["isAllDay"],
                    location: "", owner: "", notes: "", needsCoverage: false, rrule: row["rrule"], exdates: row["exdates"],
                    timeZone: row["timeZone"], source: .manual, createdBy: nil, createdAt: Date(), updatedAt: Date())
                try db.execute(sql: "UPDATE agendaItem SET seriesEndsAt = ? WHERE id = ?",
                               arguments: [item.seriesEnd(institutionZone: zone), item.id])
            }
        }
        migrator.registerMigration("v8-typed-columns") { db in
            // Lists of keys become JSON arrays, and every column that holds one of a fixed set of
            // values refuses any other. The lists are written out here, as they stood when this
            // migration landed; `StoredTypesTests` checks them against the Swift enums.
            for (table, column) in [("contentItem", "channels"), ("contentRevision", "channels"),
                                    ("institution", "channels"), ("institution", "timingRules")] {
                try db.execute(sql: """
                    UPDATE \(table) SET \(column) = CASE WHEN trim(\(column)) = '' THEN '[]'
                      ELSE '["' || replace(trim(\(column)), ' ', '","') || '"]' END
                    """)
            }
            let channels = ["instagram", "instagram-story", "facebook", "x", "tiktok", "youtube", "website"]
            let kinds = ["kegiatan", "infografis-rencana", "ucapan", "informasi", "repost"]
            let linkStatuses = ["aktif", "mati", "tidak-dapat-dicek", "belum-dicek"]
            let languages = ["id", "en"]
            try rebuild(db, "institution", checks: [
                StoredCheck.oneOf("defaultLanguage", languages),
                StoredCheck.oneOf("updatePolicy", ["workflow", "direct"]),
                StoredCheck.listOf("channels", channels),
                StoredCheck.listOf("timingRules", ["kegiatan-hari-sama", "infografis-3-hari", "ucapan-sebelum-hari"]),
            ])
            try rebuild(db, "user", checks: [StoredCheck.oneOf("language", languages)])
            try rebuild(db, "holiday", checks: [StoredCheck.oneOf("kind", ["libur", "cuti_bersama"])])
            try rebuild(db, "contentItem", checks: [
                StoredCheck.oneOf("status", ["draft", "in_review", "ready_to_publish", "published"]),
                StoredCheck.oneOf("kind", kinds),
                StoredCheck.listOf("channels", channels),
            ])
            try rebuild(db, "contentRevision", checks: [
                StoredCheck.oneOf("kind", kinds),
                StoredCheck.oneOf("source", ["rencana-redaksi", "disposisi-e-office", "agenda-harian", "koordinasi", "siaran-pers",
                                             "pointer", "hasil-rapat", "kanal-berita-resmi", "lainnya"]),
                StoredCheck.listOf("channels", channels),
            ])
            try rebuild(db, "contentEvent", checks: [
                StoredCheck.oneOf("action", ["create", "edit", "submit", "approve", "reject", "publish", "reopen", "update"]),
            ])
            try rebuild(db, "contentLink", checks: [
                StoredCheck.oneOf("channel", channels), StoredCheck.oneOf("status", linkStatuses),
            ])
            try rebuild(db, "linkCheck", checks: [
                StoredCheck.oneOf("status", linkStatuses), StoredCheck.oneOf("method", ["HEAD", "GET"]),
            ])
            try rebuild(db, "agendaItem", checks: [StoredCheck.oneOf("source", ["manual", "ics"])])
            try rebuild(db, "auditEvent", checks: [StoredCheck.oneOf("action", [
                "login.success", "login.failure", "login.throttled", "logout", "password.change", "password.reset", "user.create",
                "user.update", "user.roles", "user.disable", "user.enable", "workflow.update", "delegation.create", "delegation.revoke",
                "holiday.change", "settings.update", "calendar.feed", "agenda.import", "agenda.change", "audit.capped",
            ])])
        }
        migrator.registerMigration("v9-letterhead") { db in
            // The letterhead (kop) and the acknowledging head on the printed records, and each
            // person's NIP for the "Dibuat oleh" block.
            try db.alter(table: "institution") { t in
                t.add(column: "letterheadAddress", .text).notNull().defaults(to: "")
                t.add(column: "logoSha256", .text)
                t.add(column: "headName", .text).notNull().defaults(to: "")
                t.add(column: "headTitle", .text).notNull().defaults(to: "")
                t.add(column: "headNip", .text).notNull().defaults(to: "")
            }
            try db.alter(table: "user") { t in
                t.add(column: "nip", .text).notNull().defaults(to: "")
            }
        }
        migrator.registerMigration("v10-agenda-calendar") { db in
            // A UID is unique within the calendar a file came from, not across every file: two
            // unrelated calendars that both number their events 1, 2, 3 no longer overwrite each
            // other (issue 13). Items kept so far have no calendar; the next import of their file
            // claims them.
            try db.alter(table: "agendaItem") { t in
                t.add(column: "calendar", .text).notNull().defaults(to: "")
            }
            try rebuild(db, "agendaItem", checks: [], replacing: ("\"uid\" TEXT NOT NULL UNIQUE", "\"uid\" TEXT NOT NULL"))
            try db.create(index: "agendaItem_on_calendar_uid", on: "agendaItem", columns: ["calendar", "uid"], unique: true)
        }
        migrator.registerMigration("v11-incoming") { db in
            // Incoming messages (issue 14): divisions and their members, the monitoring rounds
            // and their settings, the message log and each message's follow-up history. The lists
            // of values are written out as they stand now; `StoredTypesTests` checks them.
            let channels = ["instagram", "instagram-story", "facebook", "x", "tiktok", "youtube", "website"]
            try db.create(table: "division") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("name", .text).notNull().unique().collate(.nocase)
                // For the WhatsApp hand-off link: digits, with the country code; may be empty.
                t.column("whatsApp", .text).notNull().defaults(to: "")
                t.column("position", .integer).notNull().defaults(to: 0)
                t.column("createdAt", .datetime).notNull()
            }
            try db.create(table: "userDivision") { t in
                t.belongsTo("user", onDelete: .cascade).notNull()
                t.belongsTo("division", onDelete: .cascade).notNull()
                t.primaryKey(["userId", "divisionId"])
            }
            // One row: the rounds (`MonitoringSettings` as JSON) and the follow-up workflow
            // (`FollowUpWorkflow` as JSON).
            try db.create(table: "incomingSettings") { t in
                t.primaryKey("id", .integer).check { $0 == 1 }
                t.column("monitoringEnabled", .boolean).notNull().defaults(to: false)
                t.column("monitoring", .jsonText).notNull()
                t.column("followUp", .jsonText).notNull()
            }
            let preset = (try String.fetchOne(db, sql: "SELECT presetKey FROM institution")).flatMap(SOPPreset.named)
            // Raw SQL, not the record: a later column would break this migration's insert.
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            let defaults = preset ?? .kendal
            try db.execute(sql: "INSERT INTO incomingSettings (id, monitoringEnabled, monitoring, followUp) VALUES (1, ?, ?, ?)", arguments: [
                preset?.key == "kendal",
                String(decoding: try encoder.encode(MonitoringSettings.preset(defaults)), as: UTF8.self),
                String(decoding: try encoder.encode(FollowUpWorkflow.preset(defaults)), as: UTF8.self),
            ])
            try db.create(table: "monitoringRound") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("roundKey", .text).notNull()
                // The office day the round belongs to, `YYYY-MM-DD`.
                t.column("day", .text).notNull()
                t.column("recordedAt", .datetime).notNull()
                t.column("recordedBy", .integer).notNull().references("user")
                t.column("onBehalfOfId", .integer).references("user")
                t.column("channels", .text).notNull().defaults(to: "[]")
                t.column("newMessages", .integer).notNull().check { $0 >= 0 }
                t.column("note", .text).notNull().defaults(to: "")
                t.column("standardMinutes", .integer)
                t.uniqueKey(["day", "roundKey"])
                t.check(sql: StoredCheck.listOf("channels", channels))
            }
            try db.create(table: "incomingMessage") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("channel", .text).notNull()
                t.column("sender", .text).notNull()
                t.column("receivedAt", .datetime).notNull()
                t.column("kind", .text).notNull()
                t.column("category", .text).notNull()
                t.column("text", .text).notNull()
                t.column("link", .text)
                t.column("screenshotSha256", .text).references("mediaFile", onDelete: .setNull)
                t.column("contentItemId", .integer).references("contentItem", onDelete: .setNull)
                t.column("divisionId", .integer).references("division", onDelete: .restrict)
                t.column("status", .text).notNull()
                t.column("outcome", .text)
                // The step it waits at (`FollowUpStepKind`), kept for "Tugas saya"; null when it
                // waits for no one here (referred, closed).
                t.column("step", .text)
                t.column("stepEnteredAt", .datetime).notNull()
                t.column("version", .integer).notNull().defaults(to: 1)
                t.column("answer", .text)
                t.column("replyLink", .text)
                t.column("trackingNumber", .text)
                t.column("createdBy", .integer).notNull().references("user")
                t.column("createdAt", .datetime).notNull()
                t.column("updatedAt", .datetime).notNull()
                t.column("closedAt", .datetime)
                t.check(sql: StoredCheck.oneOf("channel", channels))
                t.check(sql: StoredCheck.oneOf("kind", ["comment", "dm", "mention", "review", "tag"]))
                t.check(sql: StoredCheck.oneOf("category", ["pertanyaan", "keluhan", "saran", "informasi", "apresiasi", "hoaks", "spam"]))
                t.check(sql: StoredCheck.oneOf("status", ["logged", "forwarded", "answered", "referred", "closed"]))
                t.check(sql: "outcome IS NULL OR " + StoredCheck.oneOf("outcome", ["posted", "decided", "dismissed", "referral-closed"]))
                t.check(sql: "step IS NULL OR " + StoredCheck.oneOf("step", ["log", "forward", "follow-up", "post"]))
            }
            try db.create(index: "incomingMessage_on_receivedAt", on: "incomingMessage", columns: ["receivedAt", "id"])
            try db.create(index: "incomingMessage_tasks", on: "incomingMessage", columns: ["step", "stepEnteredAt"], condition: Column("step") != nil)
            try db.create(index: "incomingMessage_on_division", on: "incomingMessage", columns: ["divisionId", "status", "receivedAt"])
            try db.create(index: "incomingMessage_on_status", on: "incomingMessage", columns: ["status", "receivedAt"])
            try db.create(index: "incomingMessage_on_channel", on: "incomingMessage", columns: ["channel", "receivedAt"])
            try db.create(index: "incomingMessage_on_category", on: "incomingMessage", columns: ["category", "receivedAt"])
            try db.create(index: "incomingMessage_on_contentItemId", on: "incomingMessage", columns: ["contentItemId"])
            try db.create(index: "incomingMessage_on_screenshot", on: "incomingMessage", columns: ["screenshotSha256"])
            try db.create(table: "incomingEvent") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("messageId", .integer).notNull().references("incomingMessage", onDelete: .cascade)
                t.column("action", .text).notNull()
                // The step acted at (null for a referral's outcome) and its name then.
                t.column("step", .text)
                t.column("stepName", .text).notNull().defaults(to: "")
                t.column("fromStatus", .text)
                t.column("toStatus", .text).notNull()
                t.column("actorId", .integer).notNull().references("user")
                t.column("onBehalfOfId", .integer).references("user")
                t.column("at", .datetime).notNull()
                t.column("officeMinutes", .integer)
                t.column("standardMinutes", .integer)
                t.column("divisionId", .integer).references("division", onDelete: .setNull)
                t.column("reason", .text)
                t.column("text", .text)
                t.column("link", .text)
                t.column("trackingNumber", .text)
                t.check(sql: StoredCheck.oneOf("action", ["log", "forward", "dismiss", "answer", "decide", "post", "refer", "referral-outcome"]))
                t.check(sql: "step IS NULL OR " + StoredCheck.oneOf("step", ["log", "forward", "follow-up", "post"]))
                t.check(sql: "fromStatus IS NULL OR " + StoredCheck.oneOf("fromStatus", ["logged", "forwarded", "answered", "referred", "closed"]))
                t.check(sql: StoredCheck.oneOf("toStatus", ["logged", "forwarded", "answered", "referred", "closed"]))
            }
            try db.create(index: "incomingEvent_on_messageId", on: "incomingEvent", columns: ["messageId", "id"])
            // The report reads each step's lines of a month.
            try db.create(index: "incomingEvent_on_step_at", on: "incomingEvent", columns: ["step", "at"])
        }
        migrator.registerMigration("v12-sop-document") { db in
            // The SOP document's texts (issue 16): the header and six boxes of the institution's
            // document, and per workflow version the steps' "Mutu Baku" texts, "Tgl. efektif" and
            // the approval. An existing institution takes its preset's texts.
            try db.create(table: "sopDocument") { t in
                t.primaryKey("id", .integer)
                t.column("texts", .jsonText).notNull()
            }
            try db.create(table: "sopRevision") { t in
                t.primaryKey("number", .integer).references("workflowVersion", onDelete: .cascade)
                t.column("steps", .jsonText).notNull()
                t.column("effectiveOn", .text).notNull().defaults(to: "")
                t.column("approvedBy", .integer).references("user", onDelete: .setNull)
                t.column("approvedByName", .text)
                t.column("approvedByNip", .text)
                t.column("approvedAt", .datetime)
            }
            if (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM institution") ?? 0) > 0 {
                try AppDatabase.seedSOPTexts(db)
            }
        }
        migrator.registerMigration("v12-incoming-step-division") { db in
            // The count of messages waiting at the follow-up step for the user's divisions runs in
            // the session lookup on every page: with the division in the open messages' index, it
            // counts index entries instead of reading every open message's row (issue 14's bench).
            try db.create(index: "incomingMessage_step_division", on: "incomingMessage", columns: ["step", "divisionId"],
                          condition: Column("step") != nil)
        }
        migrator.registerMigration("v15-findings") { db in
            // Control and improvement (issue 15): findings raised from the evaluation, each with a
            // cause, corrective action, owner, due date and status, and the workflow versions that
            // answered them. The lists of values are written out as they stand now;
            // `StoredTypesTests` checks them.
            try db.create(table: "finding") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("subject", .text).notNull()
                // The figure it was raised from, as the report words it.
                t.column("figure", .text).notNull().defaults(to: "")
                // The evaluated period, `YYYY-MM-DD`; may be empty.
                t.column("periodFrom", .text)
                t.column("periodTo", .text)
                // The workflow version and step it concerns; both or neither.
                t.column("workflowVersion", .integer).references("workflowVersion", onDelete: .setNull)
                t.column("stepPosition", .integer)
                t.column("cause", .text).notNull().defaults(to: "")
                t.column("correctiveAction", .text).notNull().defaults(to: "")
                t.column("ownerId", .integer).notNull().references("user", onDelete: .restrict)
                t.column("dueOn", .text).notNull()
                t.column("status", .text).notNull().defaults(to: "open")
                t.column("createdBy", .integer).notNull().references("user")
                t.column("createdAt", .datetime).notNull()
                t.column("updatedAt", .datetime).notNull()
                t.column("closedAt", .datetime)
                // Raised by every save: a form shown before someone else's save is refused (409).
                t.column("version", .integer).notNull().defaults(to: 1)
                // The new-finding form's key: the same form sent twice makes one finding.
                t.column("formKey", .text).unique()
                t.check(sql: StoredCheck.oneOf("status", ["open", "in_progress", "done"]))
                t.check(sql: "(workflowVersion IS NULL) = (stepPosition IS NULL)")
            }
            // "Tugas saya" and the session's count: a person's findings not done, oldest due first.
            try db.create(index: "finding_on_owner", on: "finding", columns: ["ownerId", "status", "dueOn"])
            try db.create(index: "finding_on_status", on: "finding", columns: ["status", "dueOn"])
            try db.create(table: "workflowVersionFinding") { t in
                t.column("workflowVersion", .integer).notNull().references("workflowVersion", onDelete: .cascade)
                t.column("findingId", .integer).notNull().references("finding", onDelete: .cascade)
                t.primaryKey(["workflowVersion", "findingId"])
            }
            try db.create(index: "workflowVersionFinding_on_finding", on: "workflowVersionFinding", columns: ["findingId"])
            // The audit log learns the findings' actions: v8's list, two more.
            let actions = [
                "login.success", "login.failure", "login.throttled", "logout", "password.change", "password.reset", "user.create",
                "user.update", "user.roles", "user.disable", "user.enable", "workflow.update", "delegation.create", "delegation.revoke",
                "holiday.change", "settings.update", "calendar.feed", "agenda.import", "agenda.change", "audit.capped",
            ]
            try rebuild(db, "auditEvent", checks: [], replacing: (
                "CHECK (" + StoredCheck.oneOf("action", actions) + ")",
                "CHECK (" + StoredCheck.oneOf("action", actions + ["finding.create", "finding.update"]) + ")"))
        }
        migrator.registerMigration("v14-post-metrics") { db in
            // Post performance (issue 15): the figures of one archived link as of a day, typed on
            // the item page or imported from a platform's insights CSV. One row per link and day:
            // entering or importing the same day again replaces that day's figures (the last
            // reading of a day is the day's figure), so a re-import never duplicates. Each figure
            // may be unknown (NULL), never negative. `itemId` and `channel` are copies of the
            // link's (which never change), so the evaluation filters by channel and day without a
            // join, and the item page reads its links' rows by item.
            try db.create(table: "postMetric") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("linkId", .integer).notNull().references("contentLink", onDelete: .cascade)
                t.column("itemId", .integer).notNull().references("contentItem", onDelete: .cascade)
                t.column("channel", .text).notNull()
                t.column("asOf", .text).notNull()
                for field in ["reach", "impressions", "likes", "comments", "shares", "saves", "views"] {
                    t.column(field, .integer)
                    t.check(sql: "\(field) IS NULL OR (\(field) >= 0 AND \(field) <= 2000000000)")
                }
                t.column("source", .text).notNull()
                t.column("recordedBy", .integer).references("user", onDelete: .setNull)
                t.column("recordedAt", .datetime).notNull()
                t.check(sql: StoredCheck.oneOf("source", ["manual", "import"]))
                t.check(sql: StoredCheck.oneOf("channel", ["instagram", "instagram-story", "facebook", "x", "tiktok", "youtube", "website"]))
                t.check(sql: "asOf GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'")
                t.uniqueKey(["linkId", "asOf"])
            }
            try db.create(index: "postMetric_on_itemId", on: "postMetric", columns: ["itemId", "linkId", "asOf"])
            // The evaluation: a period's rows per channel, the latest per link.
            try db.create(index: "postMetric_on_channel_asOf", on: "postMetric", columns: ["channel", "asOf", "linkId"])
        }
        // Issue 15: the evaluation reads a period's step passes and publications by time.
        migrator.registerMigration("v13-evaluation") { db in
            // Covering: the period's pass lines are read from the index alone.
            try db.create(index: "contentEvent_on_at", on: "contentEvent",
                          columns: ["at", "action", "fromPosition", "waitedMinutes", "standardMinutes", "actorId", "itemId"])
            try db.create(index: "contentItem_on_id_version", on: "contentItem", columns: ["id", "workflowVersion"])
            try db.create(index: "contentItem_on_publishedAt", on: "contentItem", columns: ["publishedAt"], condition: Column("publishedAt") != nil)
        }
        // Issue 14's bench: the session lookup runs on every page, and counting a year's backlog of
        // messages waiting at one step walked ten thousand index entries per request. The number of
        // open messages per (step, division) is kept by triggers on every write, so the count reads
        // a few rows whatever the backlog. Division 0 stands for "none" (the key cannot be NULL).
        // The same for the inbox's one-filter totals (`incomingTally`): messages per status,
        // channel, category and division, so that "1–50 of 2,857 complaints" is not a count.
        migrator.registerMigration("v16-incoming-counts") { db in
            try db.execute(sql: """
                CREATE TABLE incomingStepCount (
                  step TEXT NOT NULL,
                  divisionId INTEGER NOT NULL,
                  n INTEGER NOT NULL,
                  PRIMARY KEY (step, divisionId)
                ) WITHOUT ROWID;
                INSERT INTO incomingStepCount (step, divisionId, n)
                  SELECT step, coalesce(divisionId, 0), count(*) FROM incomingMessage WHERE step IS NOT NULL
                  GROUP BY step, coalesce(divisionId, 0);
                CREATE TRIGGER incomingStepCount_insert AFTER INSERT ON incomingMessage WHEN NEW.step IS NOT NULL BEGIN
                  INSERT INTO incomingStepCount (step, divisionId, n) VALUES (NEW.step, coalesce(NEW.divisionId, 0), 1)
                    ON CONFLICT (step, divisionId) DO UPDATE SET n = n + 1;
                END;
                CREATE TRIGGER incomingStepCount_delete AFTER DELETE ON incomingMessage WHEN OLD.step IS NOT NULL BEGIN
                  UPDATE incomingStepCount SET n = n - 1 WHERE step = OLD.step AND divisionId = coalesce(OLD.divisionId, 0);
                END;
                CREATE TRIGGER incomingStepCount_update AFTER UPDATE OF step, divisionId ON incomingMessage
                  WHEN OLD.step IS NOT NEW.step OR OLD.divisionId IS NOT NEW.divisionId BEGIN
                  UPDATE incomingStepCount SET n = n - 1
                    WHERE OLD.step IS NOT NULL AND step = OLD.step AND divisionId = coalesce(OLD.divisionId, 0);
                  INSERT INTO incomingStepCount (step, divisionId, n)
                    SELECT NEW.step, coalesce(NEW.divisionId, 0), 1 WHERE NEW.step IS NOT NULL
                    ON CONFLICT (step, divisionId) DO UPDATE SET n = n + 1;
                END;
                CREATE TABLE incomingTally (
                  facet TEXT NOT NULL CHECK (facet IN ('status', 'channel', 'category', 'division')),
                  value TEXT NOT NULL,
                  n INTEGER NOT NULL,
                  PRIMARY KEY (facet, value)
                ) WITHOUT ROWID;
                INSERT INTO incomingTally (facet, value, n)
                  SELECT 'status', status, count(*) FROM incomingMessage GROUP BY status
                  UNION ALL SELECT 'channel', channel, count(*) FROM incomingMessage GROUP BY channel
                  UNION ALL SELECT 'category', category, count(*) FROM incomingMessage GROUP BY category
                  UNION ALL SELECT 'division', CAST(divisionId AS TEXT), count(*) FROM incomingMessage
                    WHERE divisionId IS NOT NULL GROUP BY divisionId;
                """)
            // One message's facet values, counted up (+1) or down (-1).
            func tally(_ row: String, _ delta: String) -> String {
                """
                INSERT INTO incomingTally (facet, value, n)
                  SELECT 'status', \(row).status, \(delta)
                  UNION ALL SELECT 'channel', \(row).channel, \(delta)
                  UNION ALL SELECT 'category', \(row).category, \(delta)
                  UNION ALL SELECT 'division', CAST(\(row).divisionId AS TEXT), \(delta) WHERE \(row).divisionId IS NOT NULL
                  ON CONFLICT (facet, value) DO UPDATE SET n = n + excluded.n;
                """
            }
            try db.execute(sql: """
                CREATE TRIGGER incomingTally_insert AFTER INSERT ON incomingMessage BEGIN
                  \(tally("NEW", "1"))
                END;
                CREATE TRIGGER incomingTally_delete AFTER DELETE ON incomingMessage BEGIN
                  \(tally("OLD", "-1"))
                END;
                CREATE TRIGGER incomingTally_update AFTER UPDATE OF status, channel, category, divisionId ON incomingMessage
                  WHEN OLD.status IS NOT NEW.status OR OLD.channel IS NOT NEW.channel OR OLD.category IS NOT NEW.category
                    OR OLD.divisionId IS NOT NEW.divisionId BEGIN
                  \(tally("OLD", "-1"))
                  \(tally("NEW", "1"))
                END;
                """)
        }
        return migrator
    }
}

extension AppDatabase {
    /// Rebuilds `table` with extra table constraints, SQLite's way (there is no ALTER TABLE ADD
    /// CONSTRAINT): a new table from the stored definition plus the constraints, the rows copied,
    /// the old table dropped, the new one renamed, its indexes and triggers made again. Foreign keys
    /// are checked by the migrator once the migration is done. A row that breaks a constraint fails
    /// the migration, and with it the whole upgrade.
    static func rebuild(_ db: Database, _ table: String, checks: [String], replacing change: (String, String)? = nil) throws {
        guard let definition = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?",
                                                   arguments: [table]),
              let close = definition.lastIndex(of: ")") else {
            throw DatabaseError(message: "no table \(table) to rebuild")
        }
        let rebuilt = "\(table)_rebuilt"
        let others = try String.fetchAll(db, sql: """
            SELECT sql FROM sqlite_master WHERE tbl_name = ? AND type IN ('index', 'trigger') AND sql IS NOT NULL
            """, arguments: [table])
        let header = "CREATE TABLE \"\(table)\""
        guard definition.hasPrefix(header) else { throw DatabaseError(message: "unexpected definition of \(table)") }
        var columns = String(definition[definition.index(definition.startIndex, offsetBy: header.count)..<close])
        if let (old, new) = change {
            // A column constraint SQLite cannot drop in place: the definition is written anew.
            guard columns.contains(old) else { throw DatabaseError(message: "no \(old) in the definition of \(table)") }
            columns = columns.replacingOccurrences(of: old, with: new)
        }
        let constraints = checks.map { ",\n  CHECK (\($0))" }.joined()
        try db.execute(sql: "CREATE TABLE \"\(rebuilt)\"\(columns)\(constraints)\n)")
        try db.execute(sql: "INSERT INTO \"\(rebuilt)\" SELECT * FROM \"\(table)\"")
        try db.execute(sql: "DROP TABLE \"\(table)\"")
        try db.execute(sql: "ALTER TABLE \"\(rebuilt)\" RENAME TO \"\(table)\"")
        for sql in others { try db.execute(sql: sql) }
    }
}
