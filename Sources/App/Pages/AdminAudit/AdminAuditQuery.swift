import Domain
import Foundation
import GRDB

/// What the security log page reads.
extension AppDatabase {
    /// The newest audit events, newest first, optionally only those older than `beforeId`.
    func auditEvents(beforeId: Int64?, action: AuditAction?, limit: Int) throws -> [AuditEventRecord] {
        try writer.read { db in try Self.auditEventsRequest(beforeId: beforeId, action: action, limit: limit).fetchAll(db) }
    }

    /// The request alone, so that a test can count the work SQLite does for it.
    static func auditEventsRequest(beforeId: Int64?, action: AuditAction?, limit: Int) -> QueryInterfaceRequest<AuditEventRecord> {
        var request = AuditEventRecord.order(AuditEventRecord.Columns.id.desc).limit(limit)
        if let beforeId { request = request.filter(AuditEventRecord.Columns.id < beforeId) }
        if let action { request = request.filter(AuditEventRecord.Columns.action == action) }
        return request
    }
}
