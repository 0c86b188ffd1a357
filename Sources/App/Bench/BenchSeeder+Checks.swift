import Domain
import Foundation
import GRDB

extension BenchSeeder {
    /// What a database written by the app's own code satisfies, checked after seeding (and by the
    /// tests): each item's version is its number of history lines, its status and waiting role
    /// follow from its position in its workflow, its row matches its latest revision, a published
    /// item has one current link per channel, no link is recorded twice, nothing happened after
    /// `now`, and every foreign key holds. Returns the broken rules (empty when all hold).
    public static func problems(_ database: AppDatabase, now: Date) throws -> [String] {
        let workflows = try database.workflowVersions()
        return try database.writer.read { db in
            var problems: [String] = []
            func count(_ what: String, _ sql: String, _ arguments: StatementArguments = []) throws {
                let n = try Int.fetchOne(db, sql: sql, arguments: arguments) ?? 0
                if n > 0 { problems.append("\(n) \(what)") }
            }
            try count("items whose version differs from their number of history lines", """
                SELECT count(*) FROM contentItem i WHERE i.version != (SELECT count(*) FROM contentEvent e WHERE e.itemId = i.id)
                """)
            var misplaced = 0
            let rows = try Row.fetchCursor(db, sql: """
                SELECT workflowVersion, position, status, stepRoleKey, publishedAt IS NOT NULL AS published FROM contentItem
                """)
            while let row = try rows.next() {
                guard let workflow = workflows[row["workflowVersion"]] else { misplaced += 1; continue }
                let position = ItemPosition(position: row["position"], published: row["published"])
                let status: ItemStatus = row["status"]
                let waitingRole: RoleKey? = row["stepRoleKey"]
                if status != workflow.status(of: position)
                    || waitingRole != (position.published ? nil : workflow.step(at: position.position)?.roleKey) {
                    misplaced += 1
                }
            }
            if misplaced > 0 { problems.append("\(misplaced) items whose status or waiting role does not follow from their step") }
            try count("items that differ from their latest revision", """
                SELECT count(*) FROM contentItem i JOIN contentRevision r ON r.itemId = i.id AND r.number = i.revision
                WHERE i.title != r.title OR i.kind != r.kind OR i.channels != r.channels OR i.publishAt IS NOT r.publishAt
                   OR i.eventAt IS NOT r.eventAt OR i.eventEndAt IS NOT r.eventEndAt OR i.dueOn IS NOT r.dueOn OR i.agendaId IS NOT r.agendaId
                """)
            try count("items without their latest revision", """
                SELECT count(*) FROM contentItem i WHERE NOT EXISTS (SELECT 1 FROM contentRevision r WHERE r.itemId = i.id AND r.number = i.revision)
                """)
            try count("published items without exactly one current link per channel", """
                SELECT count(*) FROM contentItem i WHERE i.status = ?
                  AND (SELECT count(*) FROM contentLink l WHERE l.itemId = i.id AND l.replacedAt IS NULL)
                      != json_array_length(i.channels)
                """, [ItemStatus.published])
            try count("links recorded twice", "SELECT count(*) FROM (SELECT url FROM contentLink GROUP BY url HAVING count(*) > 1)")
            try count("history lines after now", "SELECT count(*) FROM contentEvent WHERE at > ?", [now])
            try count("link checks after now", "SELECT count(*) FROM linkCheck WHERE checkedAt > ?", [now])
            let broken = try Row.fetchAll(db, sql: "PRAGMA foreign_key_check")
            if !broken.isEmpty { problems.append("\(broken.count) rows break a foreign key") }
            return problems
        }
    }
}
