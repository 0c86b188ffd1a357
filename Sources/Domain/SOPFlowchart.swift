import Foundation

// The swimlane flowchart of the SOP document (Permenpan RB 35/2012 form), as pure geometry: rows and
// lanes on a grid, the symbols' rectangles and the connectors' orthogonal routes, split into pages.
// Nothing here draws; `SOPFlowchartSVG` draws one page of it.
//
// The grid:
// - one lane (column) per role, in the order the roles first act;
// - one row per activity (the workflow's steps, with optional extra activities before and after);
// - every activity's symbol is centred in its lane and row, so a row holds exactly one symbol;
// - the band above the symbol in the first row holds the start terminator, the band below the
//   symbol in the last row holds the end terminator;
// - a forward flow ("Ya" after a decision) leaves the symbol at its bottom, runs along the middle of
//   the band below it to the next lane and enters the next symbol at its top;
// - a rejection ("Tidak") leaves the diamond at the side facing its target, runs to a track in the
//   gutter beside the target's symbol (between the symbol and the lane's edge, where no symbol ever
//   is), up that track to the target's row and into the target's side. Each rejection in a gutter
//   has its own track, and each one entering a side of a symbol its own height there, so no two
//   routes share a segment.
// - Rows are split into pages (A4 landscape holds a limited number). A flow that continues on
//   another page ends at a numbered off-page connector and starts again at one with the same number.
//   Every page has its own coordinates, starting at its first row's top.

/// An activity of the SOP that is not a workflow step: Kendal's incoming-message rows, FISIP's
/// "Penetapan", "Evaluasi", "Pengendalian", "Peningkatan".
public struct SOPExtraActivity: Sendable, Equatable, Hashable, Codable {
    public var name: String
    public var roleKey: RoleKey
    public var standardMinutes: Int?
    public var requirements: String
    public var output: String
    /// The "Keterangan" column.
    public var note: String
    /// The symbol drawn for it: `.process` or `.document`.
    public var symbol: SOPFlowchart.ShapeKind
    /// The "Waktu" column where it states more than minutes (the follow-up's minutes per category);
    /// empty: the minutes.
    public var timeRules: [String]
    /// The row of the incoming-message follow-up it stands for: while the institution runs incoming
    /// messages, the running follow-up workflow gives its name, role and minutes, and these texts
    /// stay as the fallback (`SOPDocumentTexts.withIncomingRows`).
    public var incomingRow: SOPIncomingRow?

    public init(
        name: String, roleKey: RoleKey, standardMinutes: Int? = nil, requirements: String = "", output: String = "",
        note: String = "", symbol: SOPFlowchart.ShapeKind = .process, timeRules: [String] = [], incomingRow: SOPIncomingRow? = nil
    ) {
        self.name = name
        self.roleKey = roleKey
        self.standardMinutes = standardMinutes
        self.requirements = requirements
        self.output = output
        self.note = note
        self.symbol = symbol == .document ? .document : .process
        self.timeRules = timeRules
        self.incomingRow = incomingRow
    }

    enum CodingKeys: String, CodingKey {
        case name, roleKey, standardMinutes, requirements, output, note, symbol, timeRules, incomingRow
    }

    // Stored texts from before `timeRules` and `incomingRow` decode with neither.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            name: try c.decode(String.self, forKey: .name), roleKey: try c.decode(RoleKey.self, forKey: .roleKey),
            standardMinutes: try c.decodeIfPresent(Int.self, forKey: .standardMinutes),
            requirements: try c.decodeIfPresent(String.self, forKey: .requirements) ?? "",
            output: try c.decodeIfPresent(String.self, forKey: .output) ?? "",
            note: try c.decodeIfPresent(String.self, forKey: .note) ?? "",
            symbol: (try? c.decodeIfPresent(SOPFlowchart.ShapeKind.self, forKey: .symbol)) ?? .process,
            timeRules: try c.decodeIfPresent([String].self, forKey: .timeRules) ?? [],
            incomingRow: try? c.decodeIfPresent(SOPIncomingRow.self, forKey: .incomingRow))
    }
}

/// The rows of the incoming-message follow-up in the SOP's table: the monitoring round, then the
/// follow-up workflow's four steps.
public enum SOPIncomingRow: String, Sendable, Equatable, Hashable, Codable, CaseIterable {
    case round
    case log
    case forward
    case followUp = "follow-up"
    case post

    public var stepKind: FollowUpStepKind? {
        switch self {
        case .round: nil
        case .log: .log
        case .forward: .forward
        case .followUp: .followUp
        case .post: .post
        }
    }
}

public struct SOPFlowchart: Sendable, Equatable {
    // MARK: Geometry primitives

    public struct Point: Sendable, Equatable, Hashable, CustomStringConvertible {
        public var x: Double
        public var y: Double
        public init(x: Double, y: Double) {
            self.x = x
            self.y = y
        }
        public var description: String { "(\(x), \(y))" }
    }

    public struct Rect: Sendable, Equatable, Hashable {
        public var x: Double
        public var y: Double
        public var width: Double
        public var height: Double
        public init(x: Double, y: Double, width: Double, height: Double) {
            self.x = x
            self.y = y
            self.width = width
            self.height = height
        }
        public init(centerX: Double, centerY: Double, width: Double, height: Double) {
            self.init(x: centerX - width / 2, y: centerY - height / 2, width: width, height: height)
        }
        public var minX: Double { x }
        public var maxX: Double { x + width }
        public var minY: Double { y }
        public var maxY: Double { y + height }
        public var midX: Double { x + width / 2 }
        public var midY: Double { y + height / 2 }
        public var center: Point { Point(x: midX, y: midY) }

        public func intersects(_ other: Rect) -> Bool {
            minX < other.maxX && other.minX < maxX && minY < other.maxY && other.minY < maxY
        }
    }

    /// Sizes, in SVG user units. The page builder may scale the drawing; the ratios stay.
    public struct Metrics: Sendable, Equatable {
        public var laneWidth: Double
        public var rowHeight: Double
        public var boxWidth: Double
        public var boxHeight: Double
        public var terminatorWidth: Double
        public var terminatorHeight: Double
        /// Width and height of an off-page connector's pentagon.
        public var connectorSize: Double
        /// Distance between two rejection tracks in a gutter.
        public var trackSpacing: Double
        /// Rows on a page of the activity table.
        public var rowsPerPage: Int
        /// Rows on the first page, where it holds less (the header block above it); nil: `rowsPerPage`.
        public var firstPageRows: Int?
        /// Each row's own height, by row index (leading extras, steps, trailing extras); a row
        /// beyond the array, or lower than `rowHeight`, is `rowHeight` high. `rowHeight` is the
        /// least height, the one the symbols are sized for.
        public var rowHeights: [Double]
        /// The height a page of the table holds: when set, a page takes as many rows as fit (at
        /// least one, and never more than `rowsPerPage` / `firstPageRows`).
        public var pageHeight: Double?

        public init(
            laneWidth: Double = 120, rowHeight: Double = 90, boxWidth: Double = 72, boxHeight: Double = 36,
            terminatorWidth: Double = 60, terminatorHeight: Double = 16, connectorSize: Double = 12,
            trackSpacing: Double = 7, rowsPerPage: Int = 8, firstPageRows: Int? = nil, rowHeights: [Double] = [],
            pageHeight: Double? = nil
        ) {
            self.laneWidth = laneWidth
            self.rowHeight = rowHeight
            self.boxWidth = min(boxWidth, laneWidth * 0.8)
            self.boxHeight = min(boxHeight, rowHeight * 0.5)
            self.terminatorWidth = min(terminatorWidth, self.boxWidth)
            self.terminatorHeight = min(terminatorHeight, (rowHeight - self.boxHeight) / 2 * 0.7)
            self.connectorSize = min(connectorSize, (laneWidth - self.boxWidth) / 2 * 0.6, (rowHeight - self.boxHeight) / 2 * 0.6)
            self.trackSpacing = trackSpacing
            self.rowsPerPage = max(1, rowsPerPage)
            self.firstPageRows = firstPageRows.map { max(1, $0) }
            self.rowHeights = rowHeights
            self.pageHeight = pageHeight
        }

        /// The height of row `index`: its own, never less than `rowHeight`.
        public func height(ofRow index: Int) -> Double {
            guard rowHeights.indices.contains(index), rowHeights[index].isFinite else { return rowHeight }
            return max(rowHeight, rowHeights[index])
        }

        public static let standard = Metrics()

        /// Room between a symbol and its lane's edge, on either side.
        public var gutterWidth: Double { (laneWidth - boxWidth) / 2 }
        /// Room between a symbol and its row's edge, above and below, in the lowest row.
        public var bandHeight: Double { (rowHeight - boxHeight) / 2 }
        /// Room between a symbol and the edge of row `index`, above and below.
        public func bandHeight(ofRow index: Int) -> Double { (height(ofRow: index) - boxHeight) / 2 }
    }

    // MARK: The grid

    public struct Lane: Sendable, Equatable {
        public var index: Int
        public var roleKey: RoleKey
        /// The role's name as people read it (the "Pelaksana" column header).
        public var name: String
        public var x: Double
        public var width: Double
        public var centerX: Double { x + width / 2 }
    }

    /// What a row shows.
    public enum Activity: Sendable, Equatable, Hashable {
        /// A workflow step, by its 1-based position.
        case step(Int)
        /// An extra activity before the workflow's steps, by index in `leadingExtras`.
        case leadingExtra(Int)
        /// An extra activity after the workflow's steps, by index in `trailingExtras`.
        case trailingExtra(Int)
    }

    public struct Row: Sendable, Equatable {
        /// 0-based, across pages.
        public var index: Int
        /// The "No" column: 1-based across the whole table.
        public var number: Int { index + 1 }
        public var activity: Activity
        public var name: String
        public var roleKey: RoleKey
        public var lane: Int
        public var standardMinutes: Int?
        /// 1-based.
        public var page: Int
        /// Top of the row in its page's coordinates.
        public var y: Double
        public var height: Double
    }

    public enum ShapeKind: String, Sendable, Equatable, Hashable, Codable, CaseIterable {
        case terminator
        case process
        case decision
        case document
        case onPageConnector
        case offPageConnector
    }

    public struct Shape: Sendable, Equatable {
        /// Unique in the layout: "start", "end", "row-3", "off-2-out", "off-2-in".
        public var id: String
        public var kind: ShapeKind
        public var page: Int
        /// The bounding rectangle; a decision's diamond touches its four edges at their midpoints.
        public var rect: Rect
        /// The row it stands for; nil for terminators and connectors.
        public var row: Int?
        public var lane: Int
        /// Short text drawn inside: the row number, "Mulai"/"Selesai", the connector number.
        public var label: String
        /// Longer text for assistive technology and tooltips: the activity's name.
        public var title: String
        /// For off-page connectors: the number both ends share.
        public var connectorNumber: Int?
    }

    public enum FlowLabel: String, Sendable, Equatable, Hashable {
        case ya = "Ya"
        case tidak = "Tidak"
    }

    public struct Connector: Sendable, Equatable {
        public var page: Int
        /// Shape ids.
        public var from: String
        public var to: String
        /// Orthogonal polyline; the arrowhead is at the last point.
        public var points: [Point]
        public var label: FlowLabel?
        /// Where the label's text starts (text-anchor start) or ends (end).
        public var labelAt: Point?
        public var labelAnchorEnd: Bool
        /// A rejection ("Tidak") route.
        public var isRejection: Bool
    }

    public struct Page: Sendable, Equatable {
        /// 1-based.
        public var number: Int
        /// Indices into `rows`.
        public var rows: [Int]
        public var width: Double
        public var height: Double
        public var shapes: [Shape]
        public var connectors: [Connector]
    }

    public let metrics: Metrics
    public let lanes: [Lane]
    public let rows: [Row]
    public let pages: [Page]

    public var width: Double { Double(lanes.count) * metrics.laneWidth }

    /// The total standard time of the table's rows (the foot of the "Waktu" column); rows without
    /// minutes count nothing.
    public var totalStandardMinutes: Int { rows.reduce(0) { $0 + ($1.standardMinutes ?? 0) } }

    /// Every shape on every page.
    public var shapes: [Shape] { pages.flatMap(\.shapes) }
    public var connectors: [Connector] { pages.flatMap(\.connectors) }

    /// The symbol of the workflow step at `position` (1-based).
    public func shape(forStep position: Int) -> Shape? {
        guard let row = rows.firstIndex(where: { $0.activity == .step(position) }) else { return nil }
        return shapes.first { $0.row == row }
    }

    public func shape(id: String) -> Shape? { shapes.first { $0.id == id } }

    // MARK: Building

    /// Lays out `workflow`. `roles` gives the lanes' names (a role not among them is named by its
    /// key); the lanes' order is the order in which roles first act, whatever order `roles` has.
    public init(
        workflow: Workflow, roles: [Role] = [], leadingExtras: [SOPExtraActivity] = [],
        trailingExtras: [SOPExtraActivity] = [], metrics: Metrics = .standard
    ) {
        self.metrics = metrics
        let m = metrics
        var names: [RoleKey: String] = [:]
        for role in roles where names[role.key] == nil { names[role.key] = role.name }

        // Rows in order: leading extras, steps, trailing extras.
        struct Item {
            var activity: Activity
            var name: String
            var roleKey: RoleKey
            var minutes: Int?
            var kind: ShapeKind
            var rejectTo: Int?  // row index
        }
        var items: [Item] = []
        for (index, extra) in leadingExtras.enumerated() {
            items.append(Item(activity: .leadingExtra(index), name: extra.name, roleKey: extra.roleKey,
                              minutes: extra.standardMinutes, kind: extra.symbol, rejectTo: nil))
        }
        let firstStepRow = items.count
        for (index, step) in workflow.steps.enumerated() {
            let position = index + 1
            var reject: Int?
            if step.kind == .decide, let target = step.rejectTo, target >= 1, target < position {
                reject = firstStepRow + target - 1
            }
            items.append(Item(activity: .step(position), name: step.name, roleKey: step.roleKey,
                              minutes: step.standardMinutes, kind: step.kind == .decide ? .decision : .process,
                              rejectTo: reject))
        }
        for (index, extra) in trailingExtras.enumerated() {
            items.append(Item(activity: .trailingExtra(index), name: extra.name, roleKey: extra.roleKey,
                              minutes: extra.standardMinutes, kind: extra.symbol, rejectTo: nil))
        }

        // Lanes in the order the roles first act.
        var laneOf: [RoleKey: Int] = [:]
        var lanes: [Lane] = []
        for item in items where laneOf[item.roleKey] == nil {
            let index = lanes.count
            laneOf[item.roleKey] = index
            lanes.append(Lane(index: index, roleKey: item.roleKey, name: names[item.roleKey] ?? item.roleKey.rawValue,
                              x: Double(index) * m.laneWidth, width: m.laneWidth))
        }
        if lanes.isEmpty {
            // No activity at all: one empty lane holds the two terminators.
            let key = roles.first?.key ?? RoleKey.admin
            lanes.append(Lane(index: 0, roleKey: key, name: names[key] ?? key.rawValue, x: 0, width: m.laneWidth))
        }
        self.lanes = lanes

        // Pages.
        var pageOfRow: [Int] = []
        var firstRowOfPage: [Int] = [0]
        do {
            var page = 1
            var onPage = 0
            var filled = 0.0
            for index in items.indices {
                let capacity = page == 1 ? (m.firstPageRows ?? m.rowsPerPage) : m.rowsPerPage
                let height = m.height(ofRow: index)
                let overHeight = m.pageHeight.map { filled + height > $0 + 0.001 } ?? false
                if onPage == capacity || (onPage > 0 && overHeight) {
                    page += 1
                    onPage = 0
                    filled = 0
                    firstRowOfPage.append(pageOfRow.count)
                }
                pageOfRow.append(page)
                onPage += 1
                filled += height
            }
        }
        let pageCount = max(1, pageOfRow.last ?? 1)
        // Rows' tops are cumulative within their page.
        var tops: [Double] = []
        for index in items.indices {
            let firstOnPage = firstRowOfPage[pageOfRow[index] - 1]
            tops.append(index == firstOnPage ? 0 : tops[index - 1] + m.height(ofRow: index - 1))
        }
        func localTop(_ row: Int) -> Double { tops[row] }

        var rows: [Row] = []
        for (index, item) in items.enumerated() {
            rows.append(Row(index: index, activity: item.activity, name: item.name, roleKey: item.roleKey,
                            lane: laneOf[item.roleKey]!, standardMinutes: item.minutes, page: pageOfRow[index],
                            y: localTop(index), height: m.height(ofRow: index)))
        }
        self.rows = rows

        var shapes: [[Shape]] = Array(repeating: [], count: pageCount)
        var connectors: [[Connector]] = Array(repeating: [], count: pageCount)
        let laneCenter = { (lane: Int) in lanes[lane].centerX }
        func rowCenterY(_ row: Int) -> Double { localTop(row) + m.height(ofRow: row) / 2 }
        func pageHeight(_ page: Int) -> Double {
            guard let last = pageOfRow.lastIndex(of: page) else { return m.rowHeight }
            return localTop(last) + m.height(ofRow: last)
        }

        // Activity symbols.
        var rowShape: [Shape] = []
        for row in rows {
            let item = items[row.index]
            let width = m.boxWidth
            let shape = Shape(id: "row-\(row.number)", kind: item.kind, page: row.page,
                              rect: Rect(centerX: laneCenter(row.lane), centerY: rowCenterY(row.index), width: width,
                                         height: m.boxHeight),
                              row: row.index, lane: row.lane, label: String(row.number),
                              title: "\(row.number). \(row.name)", connectorNumber: nil)
            rowShape.append(shape)
            shapes[row.page - 1].append(shape)
        }

        // Terminators.
        let startLane = rows.first?.lane ?? 0
        let endLane = rows.last?.lane ?? 0
        let start = Shape(id: "start", kind: .terminator, page: 1,
                          rect: Rect(centerX: laneCenter(startLane), centerY: (rows.isEmpty ? m.bandHeight : m.bandHeight(ofRow: 0)) / 2,
                                     width: m.terminatorWidth, height: m.terminatorHeight),
                          row: nil, lane: startLane, label: "Mulai", title: "Mulai", connectorNumber: nil)
        let lastPageHeight = rows.isEmpty ? m.rowHeight : pageHeight(pageCount)
        let end = Shape(id: "end", kind: .terminator, page: pageCount,
                        rect: Rect(centerX: laneCenter(endLane),
                                   centerY: lastPageHeight - (rows.isEmpty ? m.bandHeight : m.bandHeight(ofRow: rows.count - 1)) / 2,
                                   width: m.terminatorWidth, height: m.terminatorHeight),
                        row: nil, lane: endLane, label: "Selesai", title: "Selesai", connectorNumber: nil)
        shapes[0].append(start)
        shapes[pageCount - 1].append(end)

        if let first = rowShape.first {
            connectors[0].append(Connector(page: 1, from: start.id, to: first.id,
                                           points: [Point(x: start.rect.midX, y: start.rect.maxY),
                                                    Point(x: first.rect.midX, y: first.rect.minY)],
                                           label: nil, labelAt: nil, labelAnchorEnd: false, isRejection: false))
        } else {
            connectors[0].append(Connector(page: 1, from: start.id, to: end.id,
                                           points: [Point(x: start.rect.midX, y: start.rect.maxY),
                                                    Point(x: end.rect.midX, y: end.rect.minY)],
                                           label: nil, labelAt: nil, labelAnchorEnd: false, isRejection: false))
        }

        var nextConnectorNumber = 1
        let half = m.connectorSize / 2

        // Forward flows.
        for row in rows {
            let source = rowShape[row.index]
            let isDecision = source.kind == .decision
            let label: FlowLabel? = isDecision ? .ya : nil
            let exit = Point(x: source.rect.midX, y: source.rect.maxY)
            let labelAt = Point(x: exit.x + 4, y: exit.y + 10)
            let page = row.page
            let bandMid = localTop(row.index) + row.height - m.bandHeight(ofRow: row.index) / 2
            if row.index == rows.count - 1 {
                connectors[page - 1].append(Connector(page: page, from: source.id, to: end.id,
                                                      points: [exit, Point(x: exit.x, y: end.rect.minY)],
                                                      label: label, labelAt: label == nil ? nil : labelAt,
                                                      labelAnchorEnd: false, isRejection: false))
                continue
            }
            let target = rowShape[row.index + 1]
            let entry = Point(x: target.rect.midX, y: target.rect.minY)
            if target.page == page {
                var points = [exit]
                if entry.x != exit.x {
                    points.append(Point(x: exit.x, y: bandMid))
                    points.append(Point(x: entry.x, y: bandMid))
                }
                points.append(entry)
                connectors[page - 1].append(Connector(page: page, from: source.id, to: target.id, points: points,
                                                      label: label, labelAt: label == nil ? nil : labelAt,
                                                      labelAnchorEnd: false, isRejection: false))
            } else {
                let number = nextConnectorNumber
                nextConnectorNumber += 1
                let outRect = Rect(centerX: exit.x, centerY: pageHeight(page) - 2 - half, width: m.connectorSize,
                                   height: m.connectorSize)
                let out = Shape(id: "off-\(number)-out", kind: .offPageConnector, page: page, rect: outRect,
                                row: nil, lane: row.lane, label: String(number),
                                title: "Bersambung ke halaman \(target.page)", connectorNumber: number)
                let inRect = Rect(centerX: entry.x, centerY: 2 + half, width: m.connectorSize,
                                  height: m.connectorSize)
                let incoming = Shape(id: "off-\(number)-in", kind: .offPageConnector, page: target.page, rect: inRect,
                                     row: nil, lane: target.lane, label: String(number),
                                     title: "Sambungan dari halaman \(page)", connectorNumber: number)
                shapes[page - 1].append(out)
                shapes[target.page - 1].append(incoming)
                connectors[page - 1].append(Connector(page: page, from: source.id, to: out.id,
                                                      points: [exit, Point(x: exit.x, y: outRect.minY)],
                                                      label: label, labelAt: label == nil ? nil : labelAt,
                                                      labelAnchorEnd: false, isRejection: false))
                connectors[target.page - 1].append(Connector(page: target.page, from: incoming.id, to: target.id,
                                                             points: [Point(x: entry.x, y: inRect.maxY), entry],
                                                             label: nil, labelAt: nil, labelAnchorEnd: false,
                                                             isRejection: false))
            }
        }

        // Rejections. Each goes to the gutter of the target's lane on the side facing the source
        // (the left one when they share a lane), on its own track there.
        struct Rejection {
            var source: Int  // row
            var target: Int  // row
            var exitLeft: Bool
            var entryLeft: Bool
        }
        var rejections: [Rejection] = []
        for row in rows {
            guard let target = items[row.index].rejectTo else { continue }
            let targetLane = rows[target].lane
            let exitLeft = targetLane <= row.lane
            let entryLeft = row.lane <= targetLane
            rejections.append(Rejection(source: row.index, target: target, exitLeft: exitLeft, entryLeft: entryLeft))
        }
        // Tracks: per gutter (lane, side, page of the vertical run), shortest runs nearest the symbol.
        struct GutterKey: Hashable {
            var lane: Int
            var left: Bool
            var page: Int
        }
        var runsInGutter: [GutterKey: [(rejection: Int, length: Int)]] = [:]
        for (index, rejection) in rejections.enumerated() {
            let lane = rows[rejection.target].lane
            let sourcePage = rows[rejection.source].page
            let targetPage = rows[rejection.target].page
            runsInGutter[GutterKey(lane: lane, left: rejection.entryLeft, page: sourcePage), default: []]
                .append((index, rejection.source - rejection.target))
            if targetPage != sourcePage {
                runsInGutter[GutterKey(lane: lane, left: rejection.entryLeft, page: targetPage), default: []]
                    .append((index, rejection.source - rejection.target))
            }
        }
        var trackX: [GutterKey: [Int: Double]] = [:]
        for (key, runs) in runsInGutter {
            let sorted = runs.sorted { ($0.length, $0.rejection) < ($1.length, $1.rejection) }
            // The first track keeps a little room from the symbol (for the arrowhead), the last
            // one from the lane's edge.
            let first = min(6, m.gutterWidth * 0.25)
            let available = m.gutterWidth - first - 1
            let spacing = min(m.trackSpacing, available / Double(max(1, sorted.count)))
            let lane = lanes[key.lane]
            let boxEdge = key.left ? lane.centerX - m.boxWidth / 2 : lane.centerX + m.boxWidth / 2
            var xs: [Int: Double] = [:]
            for (order, run) in sorted.enumerated() {
                let distance = first + Double(order) * spacing
                xs[run.rejection] = key.left ? boxEdge - distance : boxEdge + distance
            }
            trackX[key] = xs
        }
        // Entry heights: per side of each target, distinct; the centre is kept free on a diamond's
        // side that its own rejection leaves from.
        let slotOffsets: [Double] = [0, -1, 1, -1.75, 1.75, -0.5, 0.5, -1.4, 1.4]
        let slotUnit = m.boxHeight / 4.5
        var usedSlots: [String: Int] = [:]
        func entryOffset(target: Int, left: Bool) -> Double {
            let key = "\(target)-\(left)"
            let ownExitSide = rejections.first { $0.source == target }.map { $0.exitLeft == left } ?? false
            var slot = usedSlots[key, default: ownExitSide ? 1 : 0]
            if slot >= slotOffsets.count { slot = slotOffsets.count - 1 }
            usedSlots[key] = slot + 1
            return slotOffsets[slot] * slotUnit
        }
        // A rejection to an earlier page leaves its page at the top, through an off-page connector in
        // the band above the page's first symbol, and arrives through one in the band below the
        // target page's last symbol. The connectors stand side by side in their band, away from the
        // lanes' centres (where the forward flow runs) and from every track; a short jog in the band
        // joins a connector to its track when they are not in line.
        var bandSymbols: [String: [Double]] = [:]  // "top-3" / "bottom-1": x of the connectors there
        var bandJogs: [String: Int] = [:]
        var tracksOnPage: [Int: [Double]] = [:]
        for (key, xs) in trackX {
            tracksOnPage[key.page, default: []].append(contentsOf: xs.values)
        }
        func freeX(near preferred: Double, band: String, page: Int, ownTrack: Double) -> Double {
            let taken = bandSymbols[band, default: []]
            let tracks = tracksOnPage[page, default: []]
            func fits(_ x: Double) -> Bool {
                guard x - half >= 1, x + half <= Double(lanes.count) * m.laneWidth - 1 else { return false }
                if taken.contains(where: { abs($0 - x) < m.connectorSize + 2 }) { return false }
                if lanes.contains(where: { abs($0.centerX - x) < half + 1 }) { return false }
                if tracks.contains(where: { abs($0 - x) < 0.5 && abs($0 - ownTrack) > 0.001 }) { return false }
                return true
            }
            if fits(preferred) { return preferred }
            var step = 1.0
            while step < Double(lanes.count) * m.laneWidth {
                if fits(preferred - step) { return preferred - step }
                if fits(preferred + step) { return preferred + step }
                step += 1
            }
            return preferred
        }
        // How many jogs a band may have to hold, so that they share its room evenly.
        var bandDemand: [String: Int] = [:]
        for rejection in rejections where rows[rejection.source].page != rows[rejection.target].page {
            bandDemand["top-\(rows[rejection.source].page)", default: 0] += 1
            bandDemand["bottom-\(rows[rejection.target].page)", default: 0] += 1
        }
        /// Distance of the next jog from the page's edge: between the connectors' row and the symbols.
        func jogOffset(band: String) -> Double {
            let level = bandJogs[band, default: 0]
            bandJogs[band] = level + 1
            let nearest = 2 + m.connectorSize + 1.5
            let room = max(0.5, m.bandHeight - nearest - 1.5)
            let spacing = min(3, room / Double(max(1, bandDemand[band, default: 1])))
            return nearest + Double(level) * spacing
        }

        for (index, rejection) in rejections.enumerated() {
            let sourceShape = rowShape[rejection.source]
            let targetShape = rowShape[rejection.target]
            let targetLane = rows[rejection.target].lane
            let sourcePage = sourceShape.page
            let targetPage = targetShape.page
            let exit = Point(x: rejection.exitLeft ? sourceShape.rect.minX : sourceShape.rect.maxX,
                             y: sourceShape.rect.midY)
            let labelAt = Point(x: exit.x + (rejection.exitLeft ? -3 : 3), y: exit.y - 4)
            let dy = entryOffset(target: rejection.target, left: rejection.entryLeft)
            let entryY = targetShape.rect.midY + dy
            let entryX: Double
            let boxEdge = rejection.entryLeft ? targetShape.rect.minX : targetShape.rect.maxX
            if targetShape.kind == .decision {
                let halfWidth = targetShape.rect.width / 2
                let inset = halfWidth * min(1, abs(dy) / (targetShape.rect.height / 2))
                entryX = rejection.entryLeft ? boxEdge + inset : boxEdge - inset
            } else {
                entryX = boxEdge
            }
            let sourceTrack = trackX[GutterKey(lane: targetLane, left: rejection.entryLeft, page: sourcePage)]![index]!
            if sourcePage == targetPage {
                let points = [exit, Point(x: sourceTrack, y: exit.y), Point(x: sourceTrack, y: entryY),
                              Point(x: entryX, y: entryY)]
                connectors[sourcePage - 1].append(Connector(page: sourcePage, from: sourceShape.id, to: targetShape.id,
                                                            points: points, label: .tidak, labelAt: labelAt,
                                                            labelAnchorEnd: rejection.exitLeft, isRejection: true))
                continue
            }
            let number = nextConnectorNumber
            nextConnectorNumber += 1

            let topBand = "top-\(sourcePage)"
            let outX = freeX(near: sourceTrack, band: topBand, page: sourcePage, ownTrack: sourceTrack)
            bandSymbols[topBand, default: []].append(outX)
            let outRect = Rect(centerX: outX, centerY: 2 + half, width: m.connectorSize, height: m.connectorSize)
            let out = Shape(id: "off-\(number)-out", kind: .offPageConnector, page: sourcePage, rect: outRect,
                            row: nil, lane: targetLane, label: String(number),
                            title: "Bersambung ke halaman \(targetPage)", connectorNumber: number)
            shapes[sourcePage - 1].append(out)
            var leaving = [exit, Point(x: sourceTrack, y: exit.y)]
            if outX != sourceTrack {
                let jog = jogOffset(band: topBand)
                leaving.append(Point(x: sourceTrack, y: jog))
                leaving.append(Point(x: outX, y: jog))
            }
            leaving.append(Point(x: outX, y: outRect.maxY))
            connectors[sourcePage - 1].append(Connector(
                page: sourcePage, from: sourceShape.id, to: out.id, points: leaving,
                label: .tidak, labelAt: labelAt, labelAnchorEnd: rejection.exitLeft, isRejection: true))

            let targetTrack = trackX[GutterKey(lane: targetLane, left: rejection.entryLeft, page: targetPage)]![index]!
            let bottomBand = "bottom-\(targetPage)"
            let height = pageHeight(targetPage)
            let inX = freeX(near: targetTrack, band: bottomBand, page: targetPage, ownTrack: targetTrack)
            bandSymbols[bottomBand, default: []].append(inX)
            let inRect = Rect(centerX: inX, centerY: height - 2 - half, width: m.connectorSize, height: m.connectorSize)
            let incoming = Shape(id: "off-\(number)-in", kind: .offPageConnector, page: targetPage, rect: inRect,
                                 row: nil, lane: targetLane, label: String(number),
                                 title: "Sambungan dari halaman \(sourcePage)", connectorNumber: number)
            shapes[targetPage - 1].append(incoming)
            var arriving = [Point(x: inX, y: inRect.minY)]
            if inX != targetTrack {
                let jog = height - jogOffset(band: bottomBand)
                arriving.append(Point(x: inX, y: jog))
                arriving.append(Point(x: targetTrack, y: jog))
            }
            arriving.append(Point(x: targetTrack, y: entryY))
            arriving.append(Point(x: entryX, y: entryY))
            connectors[targetPage - 1].append(Connector(
                page: targetPage, from: incoming.id, to: targetShape.id, points: arriving,
                label: nil, labelAt: nil, labelAnchorEnd: false, isRejection: true))
        }

        let width = Double(lanes.count) * m.laneWidth
        var pages: [Page] = []
        for page in 1...pageCount {
            let rowIndices = rows.filter { $0.page == page }.map(\.index)
            pages.append(Page(number: page, rows: rowIndices, width: width,
                              height: rows.isEmpty ? m.rowHeight : pageHeight(page),
                              shapes: shapes[page - 1], connectors: connectors[page - 1]))
        }
        self.pages = pages
    }
}
