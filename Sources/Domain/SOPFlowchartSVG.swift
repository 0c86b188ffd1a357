import Foundation

/// Draws one page of an `SOPFlowchart` as an SVG document (a string to put inline in HTML, or in a
/// file). Black on white, thin lines, so it prints as the Permenpan RB 35/2012 form looks. The
/// caller's text (step names, role names, the title) is escaped.
public enum SOPFlowchartSVG {
    public struct Options: Sendable, Equatable {
        /// Prefix of the ids inside the SVG (the arrowhead marker), unique per drawing when several
        /// SVGs share one HTML page.
        public var idPrefix: String
        /// Draw the lanes' and rows' lines (the table grid) inside the drawing.
        public var drawGrid: Bool
        /// The accessible title; "" for a default naming the page.
        public var title: String
        public var fontSize: Double

        public init(idPrefix: String = "sop", drawGrid: Bool = true, title: String = "", fontSize: Double = 9) {
            self.idPrefix = idPrefix
            self.drawGrid = drawGrid
            self.title = title
            self.fontSize = fontSize
        }
    }

    /// The SVG of page `pageNumber` (1-based); an empty drawing for a page that does not exist.
    public static func render(_ chart: SOPFlowchart, page pageNumber: Int, options: Options = Options()) -> String {
        let page = chart.pages.first { $0.number == pageNumber }
        let width = page?.width ?? chart.width
        let height = page?.height ?? chart.metrics.rowHeight
        let prefix = safeID(options.idPrefix) + "-p\(pageNumber)"
        let arrow = prefix + "-arrow"
        let title = options.title.isEmpty
            ? "Diagram alir SOP, halaman \(pageNumber) dari \(chart.pages.count)"
            : options.title
        var out = ""
        out += "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"sop-flowchart\" role=\"img\""
        out += " viewBox=\"0 0 \(number(width)) \(number(height))\" width=\"\(number(width))\" height=\"\(number(height))\""
        out += " aria-labelledby=\"\(prefix)-title\">\n"
        out += "<title id=\"\(prefix)-title\">\(escape(title))</title>\n"
        out += "<defs><marker id=\"\(arrow)\" viewBox=\"0 0 8 8\" refX=\"8\" refY=\"4\" markerWidth=\"6\" markerHeight=\"6\""
        out += " orient=\"auto-start-reverse\"><path d=\"M0,0 L8,4 L0,8 z\" fill=\"#000\"/></marker></defs>\n"
        guard let page else { return out + "</svg>\n" }

        if options.drawGrid {
            out += "<g class=\"sop-grid\" stroke=\"#999\" stroke-width=\"0.5\">\n"
            for lane in chart.lanes.dropFirst() {
                out += "<line x1=\"\(number(lane.x))\" y1=\"0\" x2=\"\(number(lane.x))\" y2=\"\(number(height))\"/>\n"
            }
            for index in page.rows.dropFirst() {
                let y = chart.rows[index].y
                out += "<line x1=\"0\" y1=\"\(number(y))\" x2=\"\(number(width))\" y2=\"\(number(y))\"/>\n"
            }
            out += "</g>\n"
        }

        out += "<g class=\"sop-flows\" fill=\"none\" stroke=\"#000\" stroke-width=\"1\">\n"
        for connector in page.connectors {
            let points = connector.points.map { "\(number($0.x)),\(number($0.y))" }.joined(separator: " ")
            let kind = connector.isRejection ? "sop-flow sop-flow-reject" : "sop-flow"
            out += "<polyline class=\"\(kind)\" points=\"\(points)\" marker-end=\"url(#\(arrow))\""
            out += " data-from=\"\(escape(connector.from))\" data-to=\"\(escape(connector.to))\"/>\n"
        }
        out += "</g>\n"

        out += "<g class=\"sop-labels\" font-family=\"sans-serif\" font-size=\"\(number(options.fontSize))\" fill=\"#000\">\n"
        for connector in page.connectors {
            guard let label = connector.label, let at = connector.labelAt else { continue }
            let anchor = connector.labelAnchorEnd ? "end" : "start"
            out += "<text x=\"\(number(at.x))\" y=\"\(number(at.y))\" text-anchor=\"\(anchor)\">\(escape(label.rawValue))</text>\n"
        }
        out += "</g>\n"

        out += "<g class=\"sop-shapes\" font-family=\"sans-serif\" font-size=\"\(number(options.fontSize))\">\n"
        for shape in page.shapes {
            out += shapeSVG(shape, fontSize: options.fontSize)
        }
        out += "</g>\n</svg>\n"
        return out
    }

    /// Every page, in order.
    public static func renderAll(_ chart: SOPFlowchart, options: Options = Options()) -> [String] {
        chart.pages.map { render(chart, page: $0.number, options: options) }
    }

    /// One symbol alone, for the page of symbols (`SOPLegend`): `width` x `height`.
    public static func legendSymbol(_ symbol: SOPLegend.Symbol, width: Double = 60, height: Double = 30) -> String {
        let name = SOPLegend.entries.first { $0.symbol == symbol }?.name ?? symbol.rawValue
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"sop-symbol\" role=\"img\""
        out += " viewBox=\"0 0 \(number(width)) \(number(height))\" width=\"\(number(width))\" height=\"\(number(height))\">"
        out += "<title>\(escape(name))</title>"
        let box = SOPFlowchart.Rect(x: 2, y: 2, width: width - 4, height: height - 4)
        let style = "fill=\"#fff\" stroke=\"#000\" stroke-width=\"1\""
        func shape(_ kind: SOPFlowchart.ShapeKind, _ rect: SOPFlowchart.Rect) -> String {
            shapeSVG(SOPFlowchart.Shape(id: "legend", kind: kind, page: 1, rect: rect, row: nil, lane: 0, label: "",
                                        title: name, connectorNumber: nil), fontSize: 9)
                .replacingOccurrences(of: "\n", with: "")
        }
        let square = min(box.width, box.height)
        switch symbol {
        case .terminator: out += shape(.terminator, box)
        case .process: out += shape(.process, box)
        case .decision: out += shape(.decision, box)
        case .document: out += shape(.document, box)
        case .multipleDocuments:
            let back = SOPFlowchart.Rect(x: box.x + 4, y: box.y, width: box.width - 4, height: box.height - 4)
            let front = SOPFlowchart.Rect(x: box.x, y: box.y + 4, width: box.width - 4, height: box.height - 4)
            out += shape(.document, back) + shape(.document, front)
        case .manualArchive:
            // A triangle pointing down.
            let points = [(box.midX - square / 2, box.minY), (box.midX + square / 2, box.minY), (box.midX, box.maxY)]
                .map { "\(number($0.0)),\(number($0.1))" }.joined(separator: " ")
            out += "<polygon points=\"\(points)\" \(style)/>"
        case .file:
            // A cylinder: stored data.
            let rx = box.width / 2, ry = min(4, box.height / 6)
            out += "<path d=\"M\(number(box.minX)),\(number(box.minY + ry)) L\(number(box.minX)),\(number(box.maxY - ry))"
            out += " A\(number(rx)),\(number(ry)) 0 0 0 \(number(box.maxX)),\(number(box.maxY - ry))"
            out += " L\(number(box.maxX)),\(number(box.minY + ry))"
            out += " A\(number(rx)),\(number(ry)) 0 0 0 \(number(box.minX)),\(number(box.minY + ry)) Z\" \(style)/>"
            out += "<path d=\"M\(number(box.minX)),\(number(box.minY + ry))"
            out += " A\(number(rx)),\(number(ry)) 0 0 0 \(number(box.maxX)),\(number(box.minY + ry))\" \(style)/>"
        case .onPageConnector:
            out += shape(.onPageConnector, SOPFlowchart.Rect(centerX: box.midX, centerY: box.midY, width: square, height: square))
        case .offPageConnector:
            out += shape(.offPageConnector, SOPFlowchart.Rect(centerX: box.midX, centerY: box.midY, width: square, height: square))
        case .flowLine:
            out += "<defs><marker id=\"sop-legend-arrow\" viewBox=\"0 0 8 8\" refX=\"8\" refY=\"4\" markerWidth=\"6\""
            out += " markerHeight=\"6\" orient=\"auto\"><path d=\"M0,0 L8,4 L0,8 z\" fill=\"#000\"/></marker></defs>"
            out += "<line x1=\"\(number(box.minX))\" y1=\"\(number(box.midY))\" x2=\"\(number(box.maxX))\" y2=\"\(number(box.midY))\""
            out += " stroke=\"#000\" stroke-width=\"1\" marker-end=\"url(#sop-legend-arrow)\"/>"
        }
        return out + "</svg>"
    }

    // MARK: - Pieces

    static func shapeSVG(_ shape: SOPFlowchart.Shape, fontSize: Double) -> String {
        let r = shape.rect
        let style = "fill=\"#fff\" stroke=\"#000\" stroke-width=\"1\""
        var out = "<g class=\"sop-shape sop-\(shape.kind.rawValue)\" data-id=\"\(escape(shape.id))\">"
        out += "<title>\(escape(shape.title))</title>"
        var textY = r.midY + fontSize * 0.35
        switch shape.kind {
        case .terminator:
            out += "<rect x=\"\(number(r.x))\" y=\"\(number(r.y))\" width=\"\(number(r.width))\" height=\"\(number(r.height))\""
            out += " rx=\"\(number(r.height / 2))\" ry=\"\(number(r.height / 2))\" \(style)/>"
        case .process:
            out += "<rect x=\"\(number(r.x))\" y=\"\(number(r.y))\" width=\"\(number(r.width))\" height=\"\(number(r.height))\" \(style)/>"
        case .decision:
            let points = [(r.midX, r.minY), (r.maxX, r.midY), (r.midX, r.maxY), (r.minX, r.midY)]
                .map { "\(number($0.0)),\(number($0.1))" }.joined(separator: " ")
            out += "<polygon points=\"\(points)\" \(style)/>"
        case .document:
            // A rectangle whose bottom edge waves.
            let wave = r.height * 0.12
            let bottom = r.maxY - wave
            out += "<path d=\"M\(number(r.minX)),\(number(r.minY)) L\(number(r.maxX)),\(number(r.minY))"
            out += " L\(number(r.maxX)),\(number(bottom))"
            out += " C\(number(r.maxX - r.width * 0.25)),\(number(bottom - 2 * wave)) \(number(r.midX + r.width * 0.1)),\(number(bottom - 2 * wave)) \(number(r.midX)),\(number(bottom))"
            out += " C\(number(r.midX - r.width * 0.1)),\(number(bottom + 2 * wave)) \(number(r.minX + r.width * 0.25)),\(number(bottom + 2 * wave)) \(number(r.minX)),\(number(bottom))"
            out += " Z\" \(style)/>"
            textY -= wave
        case .onPageConnector:
            out += "<circle cx=\"\(number(r.midX))\" cy=\"\(number(r.midY))\" r=\"\(number(min(r.width, r.height) / 2))\" \(style)/>"
        case .offPageConnector:
            // A pentagon pointing down ("home plate").
            let shoulder = r.minY + r.height * 0.6
            let points = [(r.minX, r.minY), (r.maxX, r.minY), (r.maxX, shoulder), (r.midX, r.maxY), (r.minX, shoulder)]
                .map { "\(number($0.0)),\(number($0.1))" }.joined(separator: " ")
            out += "<polygon points=\"\(points)\" \(style)/>"
            textY = r.minY + r.height * 0.3 + fontSize * 0.3
        }
        if !shape.label.isEmpty {
            let size = shape.kind == .offPageConnector || shape.kind == .onPageConnector ? fontSize * 0.8 : fontSize
            out += "<text x=\"\(number(r.midX))\" y=\"\(number(textY))\" text-anchor=\"middle\" font-size=\"\(number(size))\""
            out += " fill=\"#000\">\(escape(shape.label))</text>"
        }
        return out + "</g>\n"
    }

    /// XML text and attribute escaping; drops the characters XML 1.0 cannot carry at all.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                let value = scalar.value
                if value < 0x20 || (0xFFFE...0xFFFF).contains(value) { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Keeps an id prefix to letters, digits, "-" and "_", starting with a letter.
    static func safeID(_ text: String) -> String {
        let kept = String(text.unicodeScalars.filter {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_"
        }.map(Character.init))
        guard let first = kept.unicodeScalars.first, ("a"..."z").contains(first) || ("A"..."Z").contains(first) else {
            return "sop" + kept
        }
        return kept
    }

    /// A coordinate without needless decimals: "12", "12.5", "12.25".
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let rounded = (value * 100).rounded() / 100
        if rounded == rounded.rounded() { return String(Int(rounded)) }
        return String(format: "%.2f", rounded).replacingOccurrences(of: #"0+$"#, with: "", options: .regularExpression)
    }
}
