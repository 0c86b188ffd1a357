import Domain
import Foundation
import ViewRuntime

/// The SOP document of one workflow version (Permenpan RB 35/2012 form), as the views show it:
/// `/workflow/sop`, its standalone copy (`warta sop`, the record ZIP) and the print. Built from the
/// stored texts, the version's steps and the flowchart layout; the SVG comes from
/// `SOPFlowchartSVG`, which escapes every text it draws.
struct SOPDocument: Sendable {
    struct Box: Sendable {
        let title: String
        let lines: [String]
    }
    /// Two boxes side by side, as the seeds lay them out.
    struct BoxPair: Sendable {
        let left: Box
        let right: Box
    }
    struct Row: Sendable {
        let number: Int
        let activity: String
        let requirements: [String]
        let time: [String]
        let output: String
        let note: [String]
        /// The first row of its page holds the flowchart cell.
        let first: Bool
    }
    /// One printed page of the activity table.
    struct TablePage: Sendable {
        let number: Int
        let rows: [Row]
        let rowCount: Int
        let svg: SafeHTML
        let last: Bool
    }
    struct LegendEntry: Sendable {
        let number: Int
        let svg: SafeHTML
        let name: String
        let definition: String
    }

    let version: Int
    let institutionLines: [String]
    let sopNumber: String
    let createdOn: String
    let revisedOn: String
    let effectiveOn: String
    let approverPosition: String
    let approverName: String
    let approverNIP: String
    let approvalNote: String
    let sopName: String
    /// "Disahkan" by whom and when; nil while not approved.
    let approvedBy: String?
    let approvedAt: String?
    let boxPairs: [BoxPair]
    let lanes: [String]
    let laneCount: Int
    /// Every row's height in px: the stylesheet's class `sop-h<rowHeight>`.
    let rowHeight: Int
    let pages: [TablePage]
    let totalTime: String
    let legendIntro: String
    let legend: [LegendEntry]

    /// The row heights the stylesheet knows (`.sop-h72` …): every row of a document has the same
    /// height, so the flowchart drawn across the lanes stays level with its rows on screen and in
    /// print; the height is the smallest that holds the document's longest row.
    static let rowHeights = [72, 96, 120, 144, 180, 216, 252, 288]
    /// The height of the table's rows on an A4 landscape page, below its header.
    static let pageRowsHeight = 560

    /// The row height that holds every row's texts, estimated from the columns' widths (lines of
    /// about 10.5 px at the print size).
    static func rowHeight(_ rows: [(activity: String, requirements: [String], time: [String], output: String, note: [String])]) -> Int {
        func lines(_ texts: [String], perLine: Int) -> Int { texts.reduce(0) { $0 + max(1, ($1.count + perLine - 1) / perLine) } }
        let needed = rows.map { row in
            [lines([row.activity], perLine: 28), lines(row.requirements, perLine: 20), lines(row.time, perLine: 11),
             lines([row.output], perLine: 18), lines(row.note, perLine: 20)].max() ?? 1
        }.max() ?? 1
        let pixels = needed * 21 / 2 + 10
        return rowHeights.first { $0 >= pixels } ?? rowHeights.last!
    }

    static func metrics(rowHeight: Int) -> SOPFlowchart.Metrics {
        SOPFlowchart.Metrics(laneWidth: 104, rowHeight: Double(rowHeight), rowsPerPage: max(1, pageRowsHeight / rowHeight))
    }

    /// The texts with the version's step texts in place.
    static func texts(_ document: SOPDocumentTexts, revision: SOPRevisionRecord) -> SOPDocumentTexts {
        var texts = document
        texts.steps = revision.steps
        return texts
    }

    static func flowchart(_ workflow: Workflow, texts: SOPDocumentTexts, roles: [Role], rowHeight: Int = 72) -> SOPFlowchart {
        SOPFlowchart(workflow: workflow, roles: roles, leadingExtras: texts.leadingExtras, trailingExtras: texts.trailingExtras,
                     metrics: metrics(rowHeight: rowHeight))
    }

    init(version: Int, workflow: Workflow, createdAt: Date, document: SOPDocumentTexts, revision: SOPRevisionRecord, roles: [Role],
         dates: DateText, t: Texts) {
        let texts = Self.texts(document, revision: revision)
        // A first layout gives the rows; their texts give the row height of the final one.
        let draft = Self.flowchart(workflow, texts: texts, roles: roles)
        self.version = version
        institutionLines = texts.institutionLines
        sopNumber = texts.sopNumber
        createdOn = texts.createdOn
        revisedOn = dates.date(createdAt)
        if let day = Day(revision.effectiveOn) {
            effectiveOn = dates.date(day: day)
        } else {
            // The first version takes the date the seed states until one is set.
            effectiveOn = version == 1 ? texts.effectiveOn : ""
        }
        approverPosition = texts.approverPosition
        approverName = texts.approverName
        approverNIP = texts.approverNIP
        approvalNote = texts.approvalNote
        sopName = texts.sopName
        if let at = revision.approvedAt {
            let nip = (revision.approvedByNip ?? "").isEmpty ? "" : " (NIP \(revision.approvedByNip ?? ""))"
            approvedBy = (revision.approvedByName ?? "?") + nip
            approvedAt = dates.dateTime(at)
        } else {
            approvedBy = nil
            approvedAt = nil
        }
        let boxes = texts.boxes.map { Box(title: $0.title, lines: $0.lines) }
        boxPairs = stride(from: 0, to: boxes.count, by: 2).map { BoxPair(left: boxes[$0], right: boxes[min($0 + 1, boxes.count - 1)]) }

        func minutes(_ value: Int?) -> [String] { value.map { [t.minutesText($0)] } ?? ["–"] }
        func row(_ chartRow: SOPFlowchart.Row, first: Bool) -> Row {
            switch chartRow.activity {
            case .step(let position):
                let step = texts.step(position)
                return Row(number: chartRow.number, activity: step.activity.isEmpty ? chartRow.name : step.activity,
                           requirements: step.requirements, time: step.timeRules.isEmpty ? minutes(chartRow.standardMinutes) : step.timeRules,
                           output: step.output, note: step.note, first: first)
            case .leadingExtra(let index), .trailingExtra(let index):
                let extras = { if case .leadingExtra = chartRow.activity { texts.leadingExtras } else { texts.trailingExtras } }()
                let extra = extras.indices.contains(index) ? extras[index] : nil
                return Row(number: chartRow.number, activity: chartRow.name,
                           requirements: (extra?.requirements ?? "").split(separator: "\n").map(String.init),
                           time: minutes(chartRow.standardMinutes), output: extra?.output ?? "",
                           note: (extra?.note ?? "").split(separator: "\n").map(String.init), first: first)
            }
        }
        let height = Self.rowHeight(draft.rows.map { chartRow in
            let shown = row(chartRow, first: false)
            return (shown.activity, shown.requirements, shown.time, shown.output, shown.note)
        })
        rowHeight = height
        let chart = Self.flowchart(workflow, texts: texts, roles: roles, rowHeight: height)
        lanes = chart.lanes.map(\.name)
        laneCount = chart.lanes.count
        pages = chart.pages.map { page in
            let rows = page.rows.enumerated().map { offset, index in row(chart.rows[index], first: offset == 0) }
            let svg = SOPFlowchartSVG.render(chart, page: page.number, options: .init(idPrefix: "sop-v\(version)", drawGrid: true))
            return TablePage(number: page.number, rows: rows, rowCount: rows.count, svg: SafeHTML(trusted: svg),
                             last: page.number == chart.pages.count)
        }
        totalTime = t.minutesText(chart.totalStandardMinutes)
        legendIntro = SOPLegend.introduction
        legend = SOPLegend.entries.enumerated().map { index, entry in
            LegendEntry(number: index + 1, svg: SafeHTML(trusted: SOPFlowchartSVG.legendSymbol(entry.symbol)), name: entry.name,
                        definition: entry.definition)
        }
    }
}

extension AppDatabase {
    /// The document of version `number`, or nil for a version that does not exist.
    func sopDocument(version number: Int, roles: [Role], dates: DateText, t: Texts) throws -> SOPDocument? {
        guard let record = try writer.read({ db in try WorkflowVersionRecord.fetchOne(db, key: number) }) else { return nil }
        return SOPDocument(version: number, workflow: Workflow(steps: record.steps), createdAt: record.createdAt,
                           document: try sopDocument(), revision: try sopRevision(number), roles: roles, dates: dates, t: t)
    }
}
