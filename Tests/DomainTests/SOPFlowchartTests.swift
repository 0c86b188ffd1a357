import Foundation
import Testing
@testable import Domain

typealias SOPChart = SOPFlowchart

/// Geometry checks shared by the flowchart tests.
enum SOPChartGeometry {
    static let epsilon = 0.001

    /// Whether the segment a–b passes through the open interior of `rect` (touching its edge is not
    /// crossing). Liang–Barsky clipping against the rectangle shrunk by epsilon.
    static func segment(_ a: SOPChart.Point, _ b: SOPChart.Point, crosses rect: SOPChart.Rect) -> Bool {
        let minX = rect.minX + epsilon, maxX = rect.maxX - epsilon
        let minY = rect.minY + epsilon, maxY = rect.maxY - epsilon
        guard minX < maxX, minY < maxY else { return false }
        let dx = b.x - a.x, dy = b.y - a.y
        var t0 = 0.0, t1 = 1.0
        for (p, q) in [(-dx, a.x - minX), (dx, maxX - a.x), (-dy, a.y - minY), (dy, maxY - a.y)] {
            if p == 0 {
                if q <= 0 { return false }
            } else {
                let r = q / p
                if p < 0 {
                    if r > t1 { return false }
                    t0 = max(t0, r)
                } else {
                    if r < t0 { return false }
                    t1 = min(t1, r)
                }
            }
        }
        return t0 < t1
    }

    /// Whether a point is strictly inside the diamond drawn in `rect`.
    static func insideDiamond(_ p: SOPChart.Point, _ rect: SOPChart.Rect) -> Bool {
        abs(p.x - rect.midX) / (rect.width / 2) + abs(p.y - rect.midY) / (rect.height / 2) < 1 - epsilon
    }

    static func segment(_ a: SOPChart.Point, _ b: SOPChart.Point, crosses shape: SOPChart.Shape) -> Bool {
        guard shape.kind == .decision else { return segment(a, b, crosses: shape.rect) }
        // Sample finely: the diamond is convex and the segments are short.
        let steps = 400
        for i in 0...steps {
            let t = Double(i) / Double(steps)
            if insideDiamond(SOPChart.Point(x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t), shape.rect) { return true }
        }
        return false
    }

    /// Whether `p` lies on the outline of the shape.
    static func onOutline(_ p: SOPChart.Point, of shape: SOPChart.Shape) -> Bool {
        let r = shape.rect
        if shape.kind == .decision {
            let value = abs(p.x - r.midX) / (r.width / 2) + abs(p.y - r.midY) / (r.height / 2)
            return abs(value - 1) < 0.01
        }
        let withinX = p.x >= r.minX - epsilon && p.x <= r.maxX + epsilon
        let withinY = p.y >= r.minY - epsilon && p.y <= r.maxY + epsilon
        let onVertical = (abs(p.x - r.minX) < epsilon || abs(p.x - r.maxX) < epsilon) && withinY
        let onHorizontal = (abs(p.y - r.minY) < epsilon || abs(p.y - r.maxY) < epsilon) && withinX
        return onVertical || onHorizontal
    }

    /// Every problem of a layout's drawing: crossings, slanted segments, routes off the page,
    /// connectors that do not start and end on their shapes, overlapping shapes.
    static func problems(_ chart: SOPChart) -> [String] {
        var problems: [String] = []
        for page in chart.pages {
            let byID = Dictionary(page.shapes.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            for (i, a) in page.shapes.enumerated() {
                for b in page.shapes[(i + 1)...] where a.rect.intersects(b.rect) {
                    problems.append("page \(page.number): \(a.id) overlaps \(b.id)")
                }
                if a.rect.minX < 0 || a.rect.maxX > page.width || a.rect.minY < 0 || a.rect.maxY > page.height {
                    problems.append("page \(page.number): \(a.id) off the page")
                }
            }
            for connector in page.connectors {
                let name = "page \(page.number) \(connector.from)→\(connector.to)"
                guard let from = byID[connector.from], let to = byID[connector.to] else {
                    problems.append("\(name): a shape is not on its page")
                    continue
                }
                guard connector.points.count >= 2 else {
                    problems.append("\(name): fewer than two points")
                    continue
                }
                if !onOutline(connector.points.first!, of: from) { problems.append("\(name): does not leave its source") }
                if !onOutline(connector.points.last!, of: to) { problems.append("\(name): does not reach its target") }
                for (a, b) in zip(connector.points, connector.points.dropFirst()) {
                    if a.x != b.x && a.y != b.y { problems.append("\(name): slanted segment \(a)–\(b)") }
                    for p in [a, b] where p.x < 0 || p.x > page.width || p.y < 0 || p.y > page.height {
                        problems.append("\(name): point \(p) off the page")
                    }
                    for shape in page.shapes where segment(a, b, crosses: shape) {
                        problems.append("\(name): segment \(a)–\(b) crosses \(shape.id)")
                    }
                }
            }
            // Rows stack without gaps from the page's top, and each symbol sits inside its own row.
            var top = 0.0
            for index in page.rows {
                let row = chart.rows[index]
                if abs(row.y - top) > epsilon { problems.append("page \(page.number): row \(row.number) starts at \(row.y), not \(top)") }
                top = row.y + row.height
                if let symbol = page.shapes.first(where: { $0.row == index }),
                   symbol.rect.minY < row.y - epsilon || symbol.rect.maxY > row.y + row.height + epsilon {
                    problems.append("page \(page.number): row \(row.number)'s symbol leaves its row")
                }
            }
            if !page.rows.isEmpty, abs(top - page.height) > epsilon { problems.append("page \(page.number): rows end at \(top), page at \(page.height)") }
            // No two connectors share a piece of line.
            var pieces: [(name: String, a: SOPChart.Point, b: SOPChart.Point)] = []
            for connector in page.connectors {
                for (a, b) in zip(connector.points, connector.points.dropFirst()) {
                    pieces.append(("\(connector.from)→\(connector.to)", a, b))
                }
            }
            for (i, p) in pieces.enumerated() {
                for q in pieces[(i + 1)...] where p.name != q.name && overlapCollinear(p.a, p.b, q.a, q.b) {
                    problems.append("page \(page.number): \(p.name) and \(q.name) share a line")
                }
            }
        }
        return problems
    }

    static func overlapCollinear(_ a: SOPChart.Point, _ b: SOPChart.Point, _ c: SOPChart.Point, _ d: SOPChart.Point) -> Bool {
        if a.x == b.x, c.x == d.x, a.x == c.x {
            return min(max(a.y, b.y), max(c.y, d.y)) - max(min(a.y, b.y), min(c.y, d.y)) > epsilon
        }
        if a.y == b.y, c.y == d.y, a.y == c.y {
            return min(max(a.x, b.x), max(c.x, d.x)) - max(min(a.x, b.x), min(c.x, d.x)) > epsilon
        }
        return false
    }

    /// The lanes' roles in the order they first act, computed plainly.
    static func firstActingOrder(_ workflow: Workflow) -> [RoleKey] {
        var order: [RoleKey] = []
        for step in workflow.steps where !order.contains(step.roleKey) { order.append(step.roleKey) }
        return order
    }
}

/// A workflow of `count` steps over four roles, decisions rejecting `back` steps (or to step 1).
func sopLongWorkflow(count: Int, crossPageReject: (from: Int, to: Int)? = nil) -> Workflow {
    let roles: [RoleKey] = ["penulis", "editor", "kepala", "admin-medsos"]
    var steps: [WorkflowStep] = []
    for position in 1...count {
        let role = roles[(position - 1) % roles.count]
        if position == count {
            steps.append(WorkflowStep(name: "Unggah", roleKey: "admin-medsos", kind: .publish, standardMinutes: 5))
        } else if position % 3 == 0 {
            let target = crossPageReject.flatMap { $0.from == position ? $0.to : nil } ?? position - 1
            steps.append(WorkflowStep(name: "Periksa \(position)", roleKey: role, kind: .decide, standardMinutes: 15,
                                      rejectTo: target))
        } else {
            steps.append(WorkflowStep(name: "Kerjakan \(position)", roleKey: role, kind: .work, standardMinutes: 30))
        }
    }
    return Workflow(steps: steps)
}

@Suite struct SOPFlowchartTests {
    @Test(arguments: SOPPreset.all)
    func eachStepHasItsRowAndLane(preset: SOPPreset) throws {
        let workflow = Workflow(preset: preset)
        let chart = SOPChart(workflow: workflow, roles: preset.roles)
        let order = SOPChartGeometry.firstActingOrder(workflow)
        #expect(chart.lanes.map(\.roleKey) == order)
        for lane in chart.lanes {
            #expect(lane.name == preset.roles.first { $0.key == lane.roleKey }?.name)
        }
        #expect(chart.rows.count == workflow.steps.count)
        #expect(chart.pages.count == 1)
        for (index, step) in workflow.steps.enumerated() {
            let row = chart.rows[index]
            #expect(row.activity == .step(index + 1))
            #expect(row.number == index + 1)
            #expect(row.lane == order.firstIndex(of: step.roleKey))
            #expect(row.standardMinutes == step.standardMinutes)
            let shape = try #require(chart.shape(forStep: index + 1))
            #expect(shape.kind == (step.kind == .decide ? .decision : .process))
            #expect(shape.rect.midX == chart.lanes[row.lane].centerX)
            #expect(shape.rect.midY == row.y + row.height / 2)
            #expect(shape.title.contains(step.name))
        }
        // One symbol per row, plus the two terminators.
        #expect(chart.shapes.filter { $0.kind == .terminator }.map(\.id) == ["start", "end"])
        #expect(chart.shapes.filter { $0.row != nil }.count == workflow.steps.count)
    }

    @Test(arguments: SOPPreset.all)
    func everyRejectionEndsAtItsTarget(preset: SOPPreset) throws {
        let workflow = Workflow(preset: preset)
        let chart = SOPChart(workflow: workflow, roles: preset.roles)
        var rejections = 0
        for (index, step) in workflow.steps.enumerated() where step.kind == .decide {
            let source = try #require(chart.shape(forStep: index + 1))
            let targetPosition = try #require(step.rejectTo)
            let target = try #require(chart.shape(forStep: targetPosition))
            let routes = chart.connectors.filter { $0.isRejection && $0.from == source.id }
            #expect(routes.count == 1, "\(preset.key) step \(index + 1) has one Tidak route")
            let route = try #require(routes.first)
            #expect(route.to == target.id)
            #expect(route.label == .tidak)
            let last = try #require(route.points.last)
            #expect(SOPChartGeometry.onOutline(last, of: target),
                    "\(preset.key) step \(index + 1): the route ends on step \(step.rejectTo!)'s box")
            // The route reaches the target's row and lane.
            #expect(abs(route.points.last!.y - target.rect.midY) < target.rect.height / 2)
            rejections += 1
            // And "Ya" goes on to the next step.
            let forward = chart.connectors.filter { !$0.isRejection && $0.from == source.id }
            #expect(forward.count == 1)
            #expect(forward.first?.label == .ya)
            #expect(forward.first?.to == chart.shape(forStep: index + 2)?.id)
        }
        #expect(rejections == workflow.steps.filter { $0.kind == .decide }.count)
    }

    @Test(arguments: SOPPreset.all)
    func noConnectorCrossesABoxAndAllAreOrthogonal(preset: SOPPreset) {
        let chart = SOPChart(workflow: Workflow(preset: preset), roles: preset.roles)
        #expect(SOPChartGeometry.problems(chart) == [])
    }

    @Test(arguments: SOPPreset.all)
    func theFlowRunsFromStartToEnd(preset: SOPPreset) {
        let chart = SOPChart(workflow: Workflow(preset: preset), roles: preset.roles)
        // Following the forward connectors from "start" visits every row in order and ends at "end".
        var visited: [String] = []
        var current = "start"
        while current != "end", visited.count < 100 {
            guard let next = chart.connectors.first(where: { $0.from == current && !$0.isRejection }) else { break }
            visited.append(next.to)
            current = next.to
        }
        #expect(visited == (1...preset.steps.count).map { "row-\($0)" } + ["end"])
    }

    @Test func theSegmentHelperSeesCrossings() {
        let box = SOPChart.Rect(x: 10, y: 10, width: 20, height: 10)
        let p = { (x: Double, y: Double) in SOPChart.Point(x: x, y: y) }
        #expect(SOPChartGeometry.segment(p(0, 15), p(40, 15), crosses: box))
        #expect(SOPChartGeometry.segment(p(20, 0), p(20, 12), crosses: box))
        #expect(SOPChartGeometry.segment(p(0, 0), p(40, 30), crosses: box))
        #expect(!SOPChartGeometry.segment(p(0, 10), p(40, 10), crosses: box), "along an edge is not through")
        #expect(!SOPChartGeometry.segment(p(20, 0), p(20, 10), crosses: box), "ending on an edge is not through")
        #expect(!SOPChartGeometry.segment(p(0, 25), p(40, 25), crosses: box))
        #expect(!SOPChartGeometry.segment(p(5, 0), p(5, 40), crosses: box))
    }

    @Test func aTwelveStepWorkflowSpansTwoPagesWithMatchingConnectors() throws {
        let workflow = sopLongWorkflow(count: 12)
        #expect(workflow.isValid(knownRoles: ["penulis", "editor", "kepala", "admin-medsos"]))
        let chart = SOPChart(workflow: workflow, metrics: .init(rowsPerPage: 8))
        #expect(chart.pages.count == 2)
        #expect(chart.pages.map(\.rows) == [Array(0..<8), Array(8..<12)])
        #expect(chart.rows.map(\.page) == Array(repeating: 1, count: 8) + Array(repeating: 2, count: 4))
        // Each page's coordinates start at its first row.
        #expect(chart.rows[8].y == 0)
        #expect(chart.pages[1].height == 4 * chart.metrics.rowHeight)

        let first = chart.pages[0].shapes.filter { $0.kind == .offPageConnector }
        let second = chart.pages[1].shapes.filter { $0.kind == .offPageConnector }
        #expect(!first.isEmpty)
        #expect(Set(first.compactMap(\.connectorNumber)) == Set(second.compactMap(\.connectorNumber)))
        #expect(first.map(\.label).sorted() == second.map(\.label).sorted())

        // Row 8 continues through an off-page connector into row 9.
        let out = try #require(chart.pages[0].connectors.first { $0.from == "row-8" && !$0.isRejection })
        let outShape = try #require(chart.shape(id: out.to))
        #expect(outShape.kind == .offPageConnector)
        let number = try #require(outShape.connectorNumber)
        let incoming = try #require(chart.pages[1].shapes.first { $0.connectorNumber == number })
        let resumed = try #require(chart.pages[1].connectors.first { $0.from == incoming.id })
        #expect(resumed.to == "row-9")
        #expect(incoming.lane == chart.rows[8].lane)
        #expect(outShape.lane == chart.rows[7].lane)
        #expect(SOPChartGeometry.problems(chart) == [])
    }

    @Test func aRejectionToAnEarlierPageGoesThroughOffPageConnectors() throws {
        let workflow = sopLongWorkflow(count: 12, crossPageReject: (from: 9, to: 2))
        #expect(workflow.isValid(knownRoles: ["penulis", "editor", "kepala", "admin-medsos"]))
        let chart = SOPChart(workflow: workflow, metrics: .init(rowsPerPage: 8))
        let leave = try #require(chart.pages[1].connectors.first { $0.from == "row-9" && $0.isRejection })
        #expect(leave.label == .tidak)
        let out = try #require(chart.shape(id: leave.to))
        #expect(out.kind == .offPageConnector)
        #expect(out.page == 2)
        let arrive = try #require(chart.pages[0].connectors.first {
            $0.isRejection && $0.to == "row-2" && chart.shape(id: $0.from)?.connectorNumber == out.connectorNumber
        })
        #expect(chart.shape(id: arrive.from)?.page == 1)
        let second = try #require(chart.shape(forStep: 2))
        #expect(SOPChartGeometry.onOutline(arrive.points.last!, of: second))
        #expect(SOPChartGeometry.problems(chart) == [])
        // Both ends of every number, once each.
        var ends: [Int: [Int]] = [:]
        for shape in chart.shapes where shape.kind == .offPageConnector { ends[shape.connectorNumber!, default: []].append(shape.page) }
        #expect(ends.values.allSatisfy { $0.count == 2 && $0[0] != $0[1] })
    }

    @Test func rowsHaveTheirOwnHeights() throws {
        let heights: [Double] = [72, 200, 90, 72, 130]
        let workflow = Workflow(steps: [
            WorkflowStep(name: "Tulis", roleKey: "penulis", kind: .work),
            WorkflowStep(name: "Periksa", roleKey: "editor", kind: .decide, rejectTo: 1),
            WorkflowStep(name: "Setujui", roleKey: "kepala", kind: .decide, rejectTo: 1),
            WorkflowStep(name: "Sunting", roleKey: "editor", kind: .decide, rejectTo: 2),
            WorkflowStep(name: "Unggah", roleKey: "admin-medsos", kind: .publish),
        ])
        let chart = SOPChart(workflow: workflow, metrics: .init(rowHeight: 72, rowHeights: heights, pageHeight: 1000))
        #expect(chart.pages.count == 1)
        #expect(chart.rows.map(\.height) == heights)
        #expect(chart.rows.map(\.y) == [0, 72, 272, 362, 434])
        #expect(chart.pages[0].height == heights.reduce(0, +))
        // Each symbol is centred in its own row.
        for row in chart.rows {
            let symbol = try #require(chart.shapes.first { $0.row == row.index })
            #expect(abs(symbol.rect.midY - (row.y + row.height / 2)) < 0.001, "row \(row.number)")
        }
        // The terminators sit in the first row's band and the last row's band.
        let start = try #require(chart.shape(id: "start"))
        let end = try #require(chart.shape(id: "end"))
        let firstSymbol = try #require(chart.shape(forStep: 1))
        let lastSymbol = try #require(chart.shape(forStep: 5))
        #expect(start.rect.maxY <= firstSymbol.rect.minY)
        #expect(end.rect.minY >= lastSymbol.rect.maxY)
        #expect(end.rect.maxY <= chart.pages[0].height)
        // Every rejection still ends at its target's box, and nothing crosses a box.
        for (index, step) in workflow.steps.enumerated() where step.kind == .decide {
            let target = try #require(chart.shape(forStep: step.rejectTo!))
            let from = try #require(chart.shape(forStep: index + 1))
            let route = try #require(chart.connectors.first { $0.isRejection && $0.from == from.id })
            #expect(route.to == target.id)
            #expect(SOPChartGeometry.onOutline(route.points.last!, of: target))
        }
        #expect(SOPChartGeometry.problems(chart) == [])
        // A height below the least row height is raised to it.
        let low = SOPChart(workflow: workflow, metrics: .init(rowHeight: 72, rowHeights: [10, 300]))
        #expect(low.rows.map(\.height) == [72, 300, 72, 72, 72])
    }

    @Test func pagesFillTheirHeightWithRows() throws {
        // 12 steps of mixed heights on pages 560 high: 100 + 200 + 150 + 100 = 550 fit on the first.
        let heights: [Double] = [100, 200, 150, 100, 80, 80, 250, 72, 72, 300, 72, 72]
        let chart = SOPChart(workflow: sopLongWorkflow(count: 12),
                             metrics: .init(laneWidth: 104, rowHeight: 72, rowsPerPage: 100, rowHeights: heights, pageHeight: 560))
        #expect(chart.pages.map(\.rows) == [Array(0..<4), Array(4..<9), Array(9..<12)])
        for page in chart.pages { #expect(page.height <= 560) }
        #expect(chart.pages[1].height == 80 + 80 + 250 + 72 + 72)
        #expect(chart.rows[4].y == 0)
        // Each break continues through a pair of off-page connectors with the same number.
        for (page, next) in [(1, 5), (2, 10)] {
            let out = try #require(chart.pages[page - 1].connectors.first { $0.from == "row-\(next - 1)" && !$0.isRejection })
            let outShape = try #require(chart.shape(id: out.to))
            #expect(outShape.kind == .offPageConnector)
            let incoming = try #require(chart.pages[page].shapes.first { $0.connectorNumber == outShape.connectorNumber && $0.id != outShape.id })
            #expect(chart.pages[page].connectors.first { $0.from == incoming.id }?.to == "row-\(next)")
            #expect(outShape.rect.maxY <= chart.pages[page - 1].height)
        }
        #expect(SOPChartGeometry.problems(chart) == [])
        // A row taller than a page still gets a page of its own.
        let tall = SOPChart(workflow: sopLongWorkflow(count: 3), metrics: .init(rowHeight: 72, rowsPerPage: 100, rowHeights: [700, 72, 72], pageHeight: 560))
        #expect(tall.pages.map(\.rows) == [[0], [1, 2]])
        #expect(SOPChartGeometry.problems(tall) == [])
    }

    @Test func aTwelveStepWorkflowOfMixedHeightsSpansTwoPagesWithMatchingConnectors() throws {
        let workflow = sopLongWorkflow(count: 12, crossPageReject: (from: 9, to: 2))
        let heights: [Double] = [72, 144, 96, 72, 120, 72, 72, 96, 160, 72, 96, 72]
        let chart = SOPChart(workflow: workflow, metrics: .init(laneWidth: 104, rowHeight: 72, rowsPerPage: 100, rowHeights: heights, pageHeight: 800))
        #expect(chart.pages.count == 2)
        #expect(chart.pages.map(\.rows) == [Array(0..<8), Array(8..<12)])
        let first = chart.pages[0].shapes.filter { $0.kind == .offPageConnector }
        let second = chart.pages[1].shapes.filter { $0.kind == .offPageConnector }
        #expect(!first.isEmpty)
        #expect(Set(first.compactMap(\.connectorNumber)) == Set(second.compactMap(\.connectorNumber)))
        // Row 9's rejection to step 2 leaves page 1 and arrives at step 2 on its own page.
        let leave = try #require(chart.connectors.first { $0.from == "row-9" && $0.isRejection })
        let out = try #require(chart.shape(id: leave.to))
        #expect(out.kind == .offPageConnector)
        #expect(out.page == 2)
        let arrive = try #require(chart.connectors.first {
            $0.isRejection && $0.to == "row-2" && chart.shape(id: $0.from)?.connectorNumber == out.connectorNumber
        })
        #expect(chart.shape(id: arrive.from)?.page == 1)
        let stepTwo = try #require(chart.shape(forStep: 2))
        #expect(SOPChartGeometry.onOutline(arrive.points.last!, of: stepTwo))
        #expect(SOPChartGeometry.problems(chart) == [])
    }

    @Test func theFirstPageCanHoldFewerRows() {
        let chart = SOPChart(workflow: sopLongWorkflow(count: 12), metrics: .init(rowsPerPage: 5, firstPageRows: 2))
        #expect(chart.pages.map(\.rows.count) == [2, 5, 5])
        #expect(SOPChartGeometry.problems(chart) == [])
    }

    @Test func extraActivitiesAreRowsOfTheFlow() throws {
        let preset = SOPPreset.kendal
        let extras = [
            SOPExtraActivity(name: "Pantau pesan masuk", roleKey: "pengelola-ti", standardMinutes: 60,
                             note: "pagi, siang, sore"),
            SOPExtraActivity(name: "Teruskan ke bidang", roleKey: "pengelola-ti", standardMinutes: 5),
            SOPExtraActivity(name: "Tindak lanjut", roleKey: "bidang", symbol: .document),
            SOPExtraActivity(name: "Seksi baru", roleKey: "seksi-baru"),
        ]
        let chart = SOPChart(workflow: Workflow(preset: preset), roles: preset.roles,
                          leadingExtras: [SOPExtraActivity(name: "Penetapan prosedur", roleKey: "kepala-dinas")],
                          trailingExtras: extras)
        #expect(chart.rows.count == 1 + 5 + 4)
        #expect(chart.rows.first?.activity == .leadingExtra(0))
        #expect(chart.rows[1].activity == .step(1))
        #expect(chart.rows.last?.activity == .trailingExtra(3))
        #expect(chart.rows.map(\.number) == Array(1...10))
        #expect(chart.totalStandardMinutes == 60 + 60 + 15 + 15 + 30 + 60 + 5)
        // The leading extra's role acts first.
        #expect(chart.lanes.first?.roleKey == "kepala-dinas")
        // An unknown role gets a lane named by its key.
        #expect(chart.lanes.last?.roleKey == "seksi-baru")
        #expect(chart.lanes.last?.name == "seksi-baru")
        #expect(chart.shapes.first { $0.row == 8 }?.kind == .document)
        #expect(chart.shape(forStep: 1)?.id == "row-2")
        // Rejections still reach their steps, shifted by the leading row.
        let reject = try #require(chart.connectors.first { $0.from == "row-3" && $0.isRejection })
        #expect(reject.to == "row-2")
        #expect(chart.connectors.first { $0.from == "row-10" }?.to == "end")
        #expect(SOPChartGeometry.problems(chart) == [])
    }

    @Test func brokenWorkflowsStillLayOut() {
        let empty = SOPChart(workflow: Workflow(steps: []))
        #expect(empty.pages.count == 1)
        #expect(empty.rows.isEmpty)
        #expect(empty.lanes.count == 1)
        #expect(empty.connectors.map(\.to) == ["end"])
        #expect(SOPChartGeometry.problems(empty) == [])

        let odd = Workflow(steps: [
            WorkflowStep(name: "A", roleKey: "a-role", kind: .decide, rejectTo: 1),
            WorkflowStep(name: "B", roleKey: "b-role", kind: .decide, rejectTo: 7),
            WorkflowStep(name: "C", roleKey: "a-role", kind: .decide),
            WorkflowStep(name: "D", roleKey: "b-role", kind: .work, rejectTo: 1),
        ])
        let chart = SOPChart(workflow: odd)
        #expect(chart.rows.count == 4)
        #expect(chart.connectors.filter(\.isRejection).isEmpty, "targets that are not earlier steps are not drawn")
        #expect(SOPChartGeometry.problems(chart) == [])
    }

    @Test func manyWorkflowsRouteCleanly() {
        // A deterministic sweep of shapes of workflow: every lane order, rejections to every earlier
        // step, pages of every size.
        var generator = SOPSweepGenerator(seed: 16)
        let roles: [RoleKey] = ["r-a", "r-b", "r-c", "r-d", "r-e"]
        var failures: [String] = []
        for trial in 0..<300 {
            let count = Int.random(in: 2...Workflow.maximumSteps, using: &generator)
            var steps: [WorkflowStep] = [WorkflowStep(name: "Mulai kerja", roleKey: roles.randomElement(using: &generator)!, kind: .work)]
            for position in 2...count {
                let role = roles[Int.random(in: 0..<roles.count, using: &generator)]
                if position == count {
                    steps.append(WorkflowStep(name: "Unggah", roleKey: role, kind: .publish))
                } else if Bool.random(using: &generator) {
                    steps.append(WorkflowStep(name: "Putuskan", roleKey: role, kind: .decide,
                                              rejectTo: Int.random(in: 1..<position, using: &generator)))
                } else {
                    steps.append(WorkflowStep(name: "Kerjakan", roleKey: role, kind: .work))
                }
            }
            let rowsPerPage = Int.random(in: 3...10, using: &generator)
            // Every third trial on other sizes: narrow and wide lanes, low and tall rows.
            let metrics = trial % 3 == 0
                ? SOPChart.Metrics(laneWidth: Double(Int.random(in: 60...200, using: &generator)),
                                rowHeight: Double(Int.random(in: 50...120, using: &generator)), rowsPerPage: rowsPerPage)
                : SOPChart.Metrics(rowsPerPage: rowsPerPage)
            var chartMetrics = metrics
            if trial % 2 == 1 {
                // Rows of their own heights, pages filled by height.
                chartMetrics.rowHeights = (0..<count).map { _ in chartMetrics.rowHeight + Double(Int.random(in: 0...150, using: &generator)) }
                chartMetrics.pageHeight = Double(Int.random(in: 200...700, using: &generator))
                chartMetrics.rowsPerPage = 100
            }
            let chart = SOPChart(workflow: Workflow(steps: steps), metrics: chartMetrics)
            let problems = SOPChartGeometry.problems(chart)
            if !problems.isEmpty {
                failures.append("trial \(trial) (\(count) steps, \(rowsPerPage) rows a page, lane \(metrics.laneWidth), row \(metrics.rowHeight), rejects \(steps.map { $0.rejectTo.map(String.init) ?? "-" })): \(problems.prefix(3))")
            }
            // Every rejection reaches its target, on the target's page.
            for (index, step) in steps.enumerated() where step.kind == .decide {
                let target = chart.shape(forStep: step.rejectTo!)!
                let arriving = chart.connectors.filter { $0.isRejection && $0.to == target.id }
                let from = chart.shape(forStep: index + 1)!
                let direct = arriving.contains { $0.from == from.id }
                let viaConnector = chart.connectors.contains { leave in
                    leave.isRejection && leave.from == from.id
                        && arriving.contains { chart.shape(id: $0.from)?.connectorNumber != nil
                            && chart.shape(id: $0.from)?.connectorNumber == chart.shape(id: leave.to)?.connectorNumber }
                }
                if !(direct || viaConnector) { failures.append("trial \(trial): step \(index + 1)'s rejection is lost") }
            }
        }
        #expect(failures.count == 0, "\(failures.prefix(5))")
    }
}

/// A small deterministic generator, so the sweep is the same on every run.
struct SOPSweepGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
