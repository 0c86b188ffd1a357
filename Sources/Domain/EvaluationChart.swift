import Foundation

/// The evaluation's charts as SVG drawn on the server: no script, no library, printable. Each
/// chart is an image with a title; the page puts a table of the same figures beside it for
/// screen readers. Every text from the caller is escaped.
public enum EvaluationChart {
    /// One step: its median and 90th percentile against its standard, in minutes.
    public struct StepBar: Sendable, Equatable {
        public var label: String
        public var median: Int?
        public var p90: Int?
        public var standard: Int?
        public init(label: String, median: Int?, p90: Int?, standard: Int?) {
            self.label = label
            self.median = median
            self.p90 = p90
            self.standard = standard
        }
    }

    /// One bar of a column chart.
    public struct Column: Sendable, Equatable {
        public var label: String
        public var value: Int
        public init(label: String, value: Int) {
            self.label = label
            self.value = value
        }
    }

    static let width = 640.0
    static let labelWidth = 200.0

    /// Horizontal bars per step: the median solid, the 90th percentile lighter behind it, and the
    /// standard (Mutu Baku) as a marker line. `legend` names the three marks, in that order.
    public static func stepTimes(_ bars: [StepBar], id: String, title: String, legend: (median: String, p90: String, standard: String)) -> String {
        let rowHeight = 34.0, top = 30.0
        let height = top + Double(max(bars.count, 1)) * rowHeight + 10
        let largest = bars.flatMap { [$0.median ?? 0, $0.p90 ?? 0, $0.standard ?? 0] }.max() ?? 0
        let scale = largest > 0 ? (width - labelWidth - 70) / Double(largest) : 0
        var out = svgOpen(id: id, title: title, height: height)
        // Legend.
        out += "<g class=\"chart-legend\" font-size=\"11\">"
        out += "<rect x=\"\(n(labelWidth))\" y=\"6\" width=\"12\" height=\"10\" class=\"bar-median\" fill=\"#1d4ed8\"/>"
        out += "<text x=\"\(n(labelWidth + 16))\" y=\"15\">\(escape(legend.median))</text>"
        out += "<rect x=\"\(n(labelWidth + 110))\" y=\"6\" width=\"12\" height=\"10\" class=\"bar-p90\" fill=\"#93c5fd\"/>"
        out += "<text x=\"\(n(labelWidth + 126))\" y=\"15\">\(escape(legend.p90))</text>"
        out += "<line x1=\"\(n(labelWidth + 230))\" y1=\"5\" x2=\"\(n(labelWidth + 230))\" y2=\"17\" class=\"standard-mark\" stroke=\"#b91c1c\" stroke-width=\"3\"/>"
        out += "<text x=\"\(n(labelWidth + 236))\" y=\"15\">\(escape(legend.standard))</text>"
        out += "</g>\n"
        for (index, bar) in bars.enumerated() {
            let y = top + Double(index) * rowHeight
            out += "<g class=\"chart-row\" data-step=\"\(index + 1)\">"
            out += "<text x=\"\(n(labelWidth - 6))\" y=\"\(n(y + 18))\" text-anchor=\"end\" font-size=\"12\">\(escape(truncate(bar.label, 30)))</text>"
            if let p90 = bar.p90 {
                out += "<rect class=\"bar-p90\" x=\"\(n(labelWidth))\" y=\"\(n(y + 4))\" width=\"\(n(Double(p90) * scale))\" height=\"20\" fill=\"#93c5fd\"/>"
            }
            if let median = bar.median {
                out += "<rect class=\"bar-median\" x=\"\(n(labelWidth))\" y=\"\(n(y + 8))\" width=\"\(n(Double(median) * scale))\" height=\"12\" fill=\"#1d4ed8\"/>"
            }
            if let standard = bar.standard {
                let x = labelWidth + Double(standard) * scale
                out += "<line class=\"standard-mark\" x1=\"\(n(x))\" y1=\"\(n(y + 1))\" x2=\"\(n(x))\" y2=\"\(n(y + 27))\" stroke=\"#b91c1c\" stroke-width=\"3\"/>"
            }
            let end = labelWidth + Double(max(bar.p90 ?? 0, bar.standard ?? 0, bar.median ?? 0)) * scale
            out += "<text x=\"\(n(end + 6))\" y=\"\(n(y + 18))\" font-size=\"11\">\(bar.p90.map { "\($0)" } ?? "–")</text>"
            out += "</g>\n"
        }
        return out + "</svg>"
    }

    /// Vertical columns, e.g. the posts published per month.
    public static func columns(_ columns: [Column], id: String, title: String) -> String {
        let height = 220.0, bottom = 190.0, top = 20.0
        let step = (width - 40) / Double(max(columns.count, 1))
        let barWidth = min(60, step * 0.6)
        let largest = columns.map(\.value).max() ?? 0
        let scale = largest > 0 ? (bottom - top) / Double(largest) : 0
        var out = svgOpen(id: id, title: title, height: height)
        out += "<line x1=\"20\" y1=\"\(n(bottom))\" x2=\"\(n(width - 20))\" y2=\"\(n(bottom))\" stroke=\"#555\"/>\n"
        for (index, column) in columns.enumerated() {
            let center = 20 + step * (Double(index) + 0.5)
            let barHeight = Double(column.value) * scale
            out += "<g class=\"chart-column\">"
            out += "<rect x=\"\(n(center - barWidth / 2))\" y=\"\(n(bottom - barHeight))\" width=\"\(n(barWidth))\" height=\"\(n(barHeight))\" fill=\"#1d4ed8\"/>"
            out += "<text x=\"\(n(center))\" y=\"\(n(bottom - barHeight - 4))\" text-anchor=\"middle\" font-size=\"11\">\(column.value)</text>"
            out += "<text x=\"\(n(center))\" y=\"\(n(bottom + 16))\" text-anchor=\"middle\" font-size=\"11\">\(escape(truncate(column.label, 12)))</text>"
            out += "</g>\n"
        }
        return out + "</svg>"
    }

    static func svgOpen(id: String, title: String, height: Double) -> String {
        let safe = escape(id)
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"eval-chart\" id=\"\(safe)\" viewBox=\"0 0 \(n(width)) \(n(height))\" "
            + "width=\"100%\" role=\"img\" aria-labelledby=\"\(safe)-title\"><title id=\"\(safe)-title\">\(escape(title))</title>\n"
    }

    static func n(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }

    static func truncate(_ text: String, _ length: Int) -> String {
        text.count <= length ? text : String(text.prefix(length - 1)) + "…"
    }

    static func escape(_ text: String) -> String { SOPFlowchartSVG.escape(text) }
}
