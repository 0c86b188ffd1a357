import Domain
import Foundation
import Testing
@testable import App
import ViewRuntime

/// Every page template, rendered from a mock model (`Pages/<Page>Mocks.swift`) and compared with the
/// HTML stored in `Tests/AppTests/Snapshots/`. To accept a deliberate change, run the tests with
/// `SNAPSHOT_RECORD=1` and review the diff of the stored files.
///
/// Write each call as `check(Templates.x, "name", page: …)`, the view on the call's first line: the
/// coverage test reads which view each snapshot renders from there.
@Suite struct SnapshotTests {
    static let pages: [Snapshot] = [
        check(Templates.login, "login", page: LoginController.Page.mock, user: false),
        check(Templates.login, "login-error-en", page: LoginController.Page.mockError, user: false, language: .en),
        check(Templates.login, "login-notice", page: LoginController.Page.mockNotice, user: false),
        check(Templates.error, "error-403", page: ErrorPageMiddleware.Model.mock403),
        check(Templates.error, "error-500", page: ErrorPageMiddleware.Model.mock500, user: false),
        check(Templates.home, "home", page: HomeController.Page.mock, flash: "Kata sandi berhasil diganti."),
        check(Templates.home, "home-empty", page: HomeController.Page.mockEmpty),
        check(Templates.home, "home-incoming", page: HomeController.Page.mockIncoming),
        check(Templates.accountPassword, "account-password", page: AccountPasswordController.Page.mock),
        check(Templates.accountPassword, "account-password-errors", page: AccountPasswordController.Page.mockErrors),
        check(Templates.adminUsers, "admin-users", page: UserListPage.mock),
        check(Templates.adminUserEdit, "admin-user-new", page: UserEditPage.mockNew),
        check(Templates.adminUserEdit, "admin-user-edit", page: UserEditPage.mockEdit),
        check(Templates.adminAudit, "admin-audit", page: AdminAuditController.Page.mock),
        check(Templates.adminAudit, "admin-audit-empty", page: AdminAuditController.Page.mockEmpty),
        check(Templates.contentList, "content-list", page: ContentListController.ListPage.mock),
        check(Templates.contentForm, "content-form", page: ContentFormPage.mock),
        check(Templates.contentItem, "content-item-decide", page: ContentItemPage.mockDecide),
        check(Templates.contentItem, "content-item-published", page: ContentItemPage.mockPublished),
        check(Templates.contentItem, "content-item-four-eyes", page: ContentItemPage.mockFourEyes),
        check(Templates.contentItem, "content-item-publish-step", page: ContentItemPage.mockPublishStep),
        check(Templates.workflow, "workflow", page: WorkflowController.Page.mock),
        check(Templates.adminWorkflow, "admin-workflow", page: WorkflowController.Page.mockRefused),
        check(Templates.delegations, "delegations", page: DelegationsController.Page.mock),
        check(Templates.adminHolidays, "admin-holidays", page: AdminHolidaysController.Page.mock),
        check(Templates.adminSettings, "admin-settings", page: AdminSettingsController.Page.mock),
        check(Templates.partialsCalendarBody, "calendar-month", page: CalendarController.Page.mockMonth),
        check(Templates.partialsCalendarBody, "calendar-week", page: CalendarController.Page.mockWeek),
        check(Templates.partialsCalendarBody, "calendar-list", page: CalendarController.Page.mockList),
        // The whole page: the body inside the layout, rendered anew on every request (no cache).
        check(Templates.calendar, "calendar-page", page: CalendarController.Page.mockMonth),
        check(Templates.agenda, "agenda", page: AgendaController.ListPage.mock),
        check(Templates.agenda, "agenda-truncated", page: AgendaController.ListPage.mockTruncated),
        check(Templates.agenda, "agenda-import-preview", page: AgendaController.ListPage.mockPreview),
        check(Templates.agendaForm, "agenda-form", page: AgendaController.FormPage.mock),
        check(Templates.account, "account", page: AccountController.Page.mock),
        check(Templates.account, "account-feed-active", page: AccountController.Page.mockFeedActive),
        check(Templates.account, "account-no-feed", page: AccountController.Page.mockNoFeed),
        check(Templates.partialsArchiveBody, "archive", page: ArchiveController.Page.mock),
        check(Templates.archive, "archive-page", page: ArchiveController.Page.mock),
        check(Templates.partialsArchiveBody, "archive-empty", page: ArchiveController.Page.mockEmpty),
        check(Templates.archiveReport, "archive-report", page: ArchiveController.ReportPage.mock),
        check(Templates.contentSheet, "content-sheet", page: ContentSheetController.Page.mock),
        check(Templates.contentSheetStandalone, "content-sheet-standalone", page: ContentSheetController.Page.mockStandalone),
        check(Templates.incomingList, "incoming-list", page: IncomingListController.Page.mock),
        check(Templates.incomingForm, "incoming-form", page: IncomingFormController.Page.mock),
        check(Templates.incomingMessage, "incoming-message", page: IncomingMessageController.Page.mock),
        check(Templates.incomingMessage, "incoming-message-logged", page: IncomingMessageController.Page.mockLogged),
        check(Templates.sop, "sop-ub", page: SOPController.Page.mock(.ub)),
        check(Templates.sop, "sop-fisip-ub", page: SOPController.Page.mock(.fisipUB)),
        check(Templates.sop, "sop-unsoed", page: SOPController.Page.mock(.unsoed)),
        check(Templates.sop, "sop-kendal", page: SOPController.Page.mock(.kendal)),
        check(Templates.sop, "sop-dki-ksd", page: SOPController.Page.mock(.dkiKSD, approved: true)),
        check(Templates.sopCompare, "sop-compare", page: SOPController.ComparePage.mock),
        check(Templates.sopCompare, "sop-compare-none", page: SOPController.ComparePage.mockNone),
        check(Templates.adminSop, "admin-sop", page: AdminSOPController.Page.mock),
        check(Templates.adminSop, "admin-sop-refused", page: AdminSOPController.Page.mockRefused),
        check(Templates.sopStandalone, "sop-standalone", page: SOPStandalone.mock),
        check(Templates.incomingRounds, "incoming-rounds", page: IncomingRoundsController.Page.mock),
        check(Templates.adminIncoming, "admin-incoming", page: AdminIncomingController.Page.mock),
        check(Templates.incomingReport, "incoming-report", page: IncomingReportController.Page.mock),
        check(Templates.incomingSheet, "incoming-sheet", page: IncomingSheetController.Page.mock),
        // Findings (issue 15)
        check(Templates.findings, "findings", page: FindingsController.ListPage.mock),
        check(Templates.findings, "findings-empty", page: FindingsController.ListPage.mockEmpty),
        check(Templates.finding, "finding-new", page: FindingsController.FormPage.mockNew),
        check(Templates.finding, "finding-edit-refused", page: FindingsController.FormPage.mockEdit),
        check(Templates.finding, "finding-conflict", page: FindingsController.FormPage.mockConflict),
        check(Templates.home, "home-findings", page: HomeController.Page.mockFindings),
        check(Templates.workflow, "workflow-findings", page: WorkflowController.Page.mockFindings),
        check(Templates.adminWorkflow, "admin-workflow-findings", page: WorkflowController.Page.mockFindings),
        check(Templates.sop, "sop-findings", page: SOPController.Page.mockFindings),
        check(Templates.incomingSheetStandalone, "incoming-sheet-standalone", page: IncomingSheetController.Page.mockStandalone),
        check(Templates.contentItem, "content-item-performance", page: ContentItemPage.mockPerformance),
        check(Templates.evaluationPerformance, "evaluation-performance", page: PerformancePage.mock),
        check(Templates.evaluationPerformance, "evaluation-performance-preview", page: PerformancePage.mockPreview),
        check(Templates.evaluationPerformance, "evaluation-performance-refused", page: PerformancePage.mockRefused),
        check(Templates.evaluation, "evaluation", page: EvaluationPage.mock),
        check(Templates.evaluation, "evaluation-own", page: EvaluationPage.mockOwn),
    ]

    /// The previews alone, one per channel: the item page around them has a snapshot of its own.
    static let previews: [Snapshot] = Channel.allCases.map { channel in
        check(Templates.partialsPreviews, "preview-\(channel.rawValue)", page: ChannelPreview.mocks([channel]))
    } + [
        check(Templates.partialsPreviews, "preview-over-limit", page: ChannelPreview.mocksOverLimit),
    ]

    static var all: [Snapshot] { pages + previews }

    @Test(arguments: SnapshotTests.all) func matchesItsStoredFile(_ snapshot: Snapshot) throws {
        let file = Self.snapshotFolder.appendingPathComponent("\(snapshot.name).html")
        if ProcessInfo.processInfo.environment["SNAPSHOT_RECORD"] == "1" {
            try FileManager.default.createDirectory(at: Self.snapshotFolder, withIntermediateDirectories: true)
            try snapshot.html.write(to: file, atomically: true, encoding: .utf8)
            return
        }
        guard let stored = try? String(contentsOf: file, encoding: .utf8) else {
            Issue.record("no snapshot \(file.lastPathComponent); run with SNAPSHOT_RECORD=1 to create it")
            return
        }
        #expect(snapshot.html == stored, "\(snapshot.name) differs from its snapshot; run with SNAPSHOT_RECORD=1 to accept")
    }

    /// Snapshot names are file names: two with one name would overwrite each other.
    @Test func namesAreUnique() {
        let names = Self.all.map(\.name)
        #expect(Set(names).count == names.count)
    }

    /// Every template in Views/ is reached by a snapshot, rendered itself or pulled in as a partial
    /// or layout: a new page needs a snapshot too.
    @Test func everyTemplateIsReachedByASnapshot() throws {
        let root = URL(fileURLWithPath: projectRoot)
        let includes = try TemplateCoverage.includes(views: root.appendingPathComponent("Views"), locales: root.appendingPathComponent("Locales"))
        #expect(!includes.isEmpty)
        var rendered: Set<String> = []
        for snapshot in Self.all {
            guard let function = TemplateCoverage.renderedFunction(filePath: snapshot.filePath, line: snapshot.line) else {
                Issue.record("snapshot \(snapshot.name): no Templates.x on \(snapshot.filePath):\(snapshot.line); write the view on the call's first line")
                continue
            }
            guard let template = TemplateCoverage.template(forFunction: function, among: includes.keys) else {
                Issue.record("snapshot \(snapshot.name) renders Templates.\(function), which no file in Views/ compiles to")
                continue
            }
            rendered.insert(template)
        }
        for name in TemplateCoverage.unreached(includes: includes, rendered: rendered) {
            Issue.record("Views/\(name).html is reached by no snapshot: add check(Templates.…) with a mock model to SnapshotTests")
        }
    }
}
