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
        return migrator
    }
}
