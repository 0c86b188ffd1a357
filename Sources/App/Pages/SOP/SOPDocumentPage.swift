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
        /// The row's height in px: the stylesheet's class `sop-h<height>`, the same height the
        /// flowchart gives the row.
        var height: Int = SOPDocument.rowHeights[0]
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
    let pages: [TablePage]
    let totalTime: String
    let legendIntro: String
    let legend: [LegendEntry]

    /// The row heights the stylesheet knows (`.sop-h72` … `.sop-h552`, every 12 px): each row has its
    /// own, the smallest that holds its texts, and the flowchart drawn across the lanes gives its row
    /// the same height, so the drawing stays level with the rows on screen and in print. 72 px is
    /// the least: a symbol with room for the flows above and below it.
    static let rowHeights = Array(stride(from: 72, through: 552, by: 12))
    /// The height of the table's rows on an A4 landscape page, below its header: a page takes as
    /// many rows as fit in it.
    static let pageRowsHeight = 560

    /// The height that holds one row's texts, estimated at the print size: 7.5 pt type with 1.3 line
    /// height (13 px a line), each column's text wrapped word by word at its least width (the
    /// stylesheet's widths less the padding; a column may be wider, never narrower), at 5.5 px a
    /// character: wide enough for Times New Roman and for the DejaVu Serif Condensed fallback.
    static func rowHeight(activity: String, requirements: [String], time: [String], output: String, note: [String]) -> Int {
        let needed = [wrappedLines([activity], width: 132), wrappedLines(requirements, width: 100), wrappedLines(time, width: 92),
                      wrappedLines([output], width: 84), wrappedLines(note, width: 96)].max() ?? 1
        let pixels = needed * 13 + 8
        return rowHeights.first { $0 >= pixels } ?? rowHeights.last!
    }

    /// Lines that `texts` (one paragraph each) take in a column `width` px wide: words fill a line
    /// while they fit; a word longer than a line breaks over as many as it needs.
    static func wrappedLines(_ texts: [String], width: Int) -> Int {
        let perLine = max(1, width * 2 / 11)
        var total = 0
        for text in texts {
            var lines = 1
            var used = 0
            for word in text.split(whereSeparator: \.isWhitespace).map(\.count) {
                let needed = used == 0 ? word : used + 1 + word
                if needed <= perLine {
                    used = needed
                } else if used == 0 || word > perLine {
                    // A long word starts on a new line (or fills this one) and breaks where it must.
                    let start = used == 0 ? 0 : 1
                    lines += start + (word - 1) / perLine
                    used = (word - 1) % perLine + 1
                } else {
                    lines += 1
                    used = word
                }
            }
            total += lines
        }
        return max(1, total)
    }

    /// An executor's column, as wide as the stylesheet's `th.sop-lane`.
    static let laneWidth = 96

    static func metrics(rowHeights: [Int]) -> SOPFlowchart.Metrics {
        SOPFlowchart.Metrics(laneWidth: Double(laneWidth), rowHeight: Double(Self.rowHeights[0]), rowsPerPage: 100,
                             rowHeights: rowHeights.map(Double.init), pageHeight: Double(pageRowsHeight))
    }

    /// The texts with the version's step texts in place.
    static func texts(_ document: SOPDocumentTexts, revision: SOPRevisionRecord) -> SOPDocumentTexts {
        var texts = document
        texts.steps = revision.steps
        return texts
    }

    static func flowchart(_ workflow: Workflow, texts: SOPDocumentTexts, roles: [Role], rowHeights: [Int] = []) -> SOPFlowchart {
        SOPFlowchart(workflow: workflow, roles: roles, leadingExtras: texts.leadingExtras, trailingExtras: texts.trailingExtras,
                     metrics: metrics(rowHeights: rowHeights))
    }

    /// `incoming`: the institution's incoming-message settings while it runs incoming messages; the
    /// follow-up's rows then come from them (`SOPDocumentTexts.withIncomingRows`).
    init(version: Int, workflow: Workflow, createdAt: Date, document: SOPDocumentTexts, revision: SOPRevisionRecord, roles: [Role],
         dates: DateText, t: Texts, incoming: IncomingSettings? = nil) {
        var texts = Self.texts(document, revision: revision)
        if let incoming {
            texts = texts.withIncomingRows(incoming.followUp, roundMinutes: incoming.monitoring.standardMinutes) { category, minutes in
                "\(category.label(t)): \(t.officeTimeText(minutes))"
            }
        }
        // A first layout gives the rows; their texts give the rows' heights in the final one.
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
                let rules = extra?.timeRules ?? []
                return Row(number: chartRow.number, activity: chartRow.name,
                           requirements: (extra?.requirements ?? "").split(separator: "\n").map(String.init),
                           time: rules.isEmpty ? minutes(chartRow.standardMinutes) : rules, output: extra?.output ?? "",
                           note: (extra?.note ?? "").split(separator: "\n").map(String.init), first: first)
            }
        }
        let heights = draft.rows.map { chartRow in
            let shown = row(chartRow, first: false)
            return Self.rowHeight(activity: shown.activity, requirements: shown.requirements, time: shown.time, output: shown.output,
                                  note: shown.note)
        }
        let chart = Self.flowchart(workflow, texts: texts, roles: roles, rowHeights: heights)
        lanes = chart.lanes.map(\.name)
        laneCount = chart.lanes.count
        pages = chart.pages.map { page in
            let rows = page.rows.enumerated().map { offset, index in
                var shown = row(chart.rows[index], first: offset == 0)
                shown.height = Int(chart.rows[index].height)
                return shown
            }
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
        let incoming = try incomingSettings()
        return SOPDocument(version: number, workflow: Workflow(steps: record.steps), createdAt: record.createdAt,
                           document: try sopDocument(), revision: try sopRevision(number), roles: roles, dates: dates, t: t,
                           incoming: incoming.monitoring.enabled ? incoming : nil)
    }
}

extension Texts {
    /// Office minutes as the SOP's "Waktu" writes them: whole office days as days ("1 hari kerja"),
    /// anything else as hours and minutes.
    func officeTimeText(_ minutes: Int) -> String {
        let day = FollowUpWorkflow.officeDayMinutes
        if minutes > 0, minutes % day == 0 { return office_days_value(n: "\(minutes / day)") }
        return minutesText(minutes)
    }
}
