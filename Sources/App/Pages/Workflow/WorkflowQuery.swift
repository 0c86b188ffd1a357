import Domain
import Foundation
import GRDB

/// What the workflow page reads: every version, newest first.
extension AppDatabase {
    func workflowVersionRecords() throws -> [WorkflowVersionRecord] {
        try writer.read { db in try WorkflowVersionRecord.order(WorkflowVersionRecord.Columns.number.desc).fetchAll(db) }
    }
}
