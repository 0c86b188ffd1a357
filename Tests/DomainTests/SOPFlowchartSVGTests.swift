import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import Domain

/// Parses XML and collects the elements and text it holds.
final class SOPSVGCollector: NSObject, XMLParserDelegate {
    var elements: [(name: String, attributes: [String: String])] = []
    var texts: [String] = []
    private var text = ""
    var error: (any Error)?

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        elements.append((elementName, attributeDict))
        text = ""
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        if !text.isEmpty { texts.append(text) }
        text = ""
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) { error = parseError }

    static func parse(_ xml: String) -> SOPSVGCollector? {
        let collector = SOPSVGCollector()
        let parser = XMLParser(data: Data(xml.utf8))
        parser.delegate = collector
        guard parser.parse(), collector.error == nil else { return nil }
        return collector
    }
}

@Suite struct SOPFlowchartSVGTests {
    @Test(arguments: SOPPreset.all)
    func everyPresetDrawsAsXMLWithOneShapePerStep(preset: SOPPreset) throws {
        let workflow = Workflow(preset: preset)
        let chart = SOPFlowchart(workflow: workflow, roles: preset.roles)
        let svg = SOPFlowchartSVG.render(chart, page: 1)
        let xml = try #require(SOPSVGCollector.parse(svg), "the SVG of \(preset.key) parses")
        #expect(xml.elements.first?.name == "svg")
        #expect(xml.elements.first?.attributes["xmlns"] == "http://www.w3.org/2000/svg")
        #expect(xml.elements.contains { $0.name == "title" })
        #expect(xml.elements.contains { $0.name == "marker" })

        let shapes = xml.elements.filter { $0.name == "g" && ($0.attributes["class"] ?? "").hasPrefix("sop-shape ") }
        let steps = shapes.filter { ($0.attributes["data-id"] ?? "").hasPrefix("row-") }
        #expect(steps.count == workflow.steps.count)
        let decisions = shapes.filter { $0.attributes["class"] == "sop-shape sop-decision" }
        let processes = shapes.filter { $0.attributes["class"] == "sop-shape sop-process" }
        #expect(decisions.count == workflow.steps.filter { $0.kind == .decide }.count)
        #expect(processes.count == workflow.steps.filter { $0.kind != .decide }.count)
        #expect(shapes.filter { $0.attributes["class"] == "sop-shape sop-terminator" }.count == 2)
        #expect(xml.elements.filter { $0.name == "polygon" }.count == decisions.count)
        // One polyline per connector, each with an arrowhead.
        let lines = xml.elements.filter { $0.name == "polyline" }
        #expect(lines.count == chart.connectors.count)
        #expect(lines.allSatisfy { $0.attributes["marker-end"] == "url(#sop-p1-arrow)" })
        // Every step's name is there for assistive technology; Ya and Tidak label the decisions.
        for step in workflow.steps {
            #expect(xml.texts.contains { $0.contains(step.name) }, "\(step.name)")
        }
        #expect(xml.texts.filter { $0 == "Tidak" }.count == decisions.count)
        #expect(xml.texts.filter { $0 == "Ya" }.count == decisions.count)
    }

    @Test func hostileNamesAreEscaped() throws {
        let hostile = #"<script>alert("x")</script> & 'Tom' \#u{0}\#u{7}"#
        let workflow = Workflow(steps: [
            WorkflowStep(name: hostile, roleKey: "penulis", kind: .work),
            WorkflowStep(name: "Periksa", roleKey: "editor", kind: .decide, rejectTo: 1),
            WorkflowStep(name: "Unggah", roleKey: "penulis", kind: .publish),
        ])
        let chart = SOPFlowchart(workflow: workflow, roles: [Role(key: "penulis", name: "Penulis <b>")])
        let svg = SOPFlowchartSVG.render(chart, page: 1, options: .init(idPrefix: "x\" onload=\"evil", title: "SOP & <Judul>"))
        #expect(!svg.contains("<script"))
        #expect(!svg.contains("onload=\""))
        #expect(svg.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &apos;Tom&apos;"))
        #expect(!svg.contains("\u{0}"))
        #expect(!svg.contains("\u{7}"))
        let xml = try #require(SOPSVGCollector.parse(svg))
        #expect(xml.texts.contains("SOP & <Judul>"))
        #expect(xml.texts.contains { $0.contains(#"<script>alert("x")</script> & 'Tom'"#) })
        #expect(!xml.elements.contains { $0.name == "script" })
        #expect(SOPFlowchartSVG.escape("a&b<c>d\"e'f") == "a&amp;b&lt;c&gt;d&quot;e&apos;f")
    }

    @Test func aLongWorkflowDrawsEachPage() throws {
        let chart = SOPFlowchart(workflow: sopLongWorkflow(count: 12, crossPageReject: (from: 9, to: 2)),
                                 metrics: .init(rowsPerPage: 8))
        let pages = SOPFlowchartSVG.renderAll(chart, options: .init(idPrefix: "dok"))
        #expect(pages.count == 2)
        var numbers: [[String]] = []
        for (index, svg) in pages.enumerated() {
            let xml = try #require(SOPSVGCollector.parse(svg), "page \(index + 1) parses")
            #expect(svg.contains("id=\"dok-p\(index + 1)-arrow\""))
            let steps = xml.elements.filter { ($0.attributes["data-id"] ?? "").hasPrefix("row-") }
            #expect(steps.count == chart.pages[index].rows.count)
            let offPage = xml.elements.filter { $0.attributes["class"] == "sop-shape sop-offPageConnector" }
            numbers.append(offPage.compactMap { $0.attributes["data-id"] }.map { $0.split(separator: "-")[1] }.map(String.init).sorted())
        }
        #expect(!numbers[0].isEmpty)
        #expect(numbers[0] == numbers[1], "the same numbers on both pages")
        // A page that does not exist is an empty, valid drawing.
        #expect(SOPSVGCollector.parse(SOPFlowchartSVG.render(chart, page: 9)) != nil)
    }

    @Test func legendSymbolsDraw() throws {
        #expect(SOPLegend.entries.map(\.symbol) == SOPLegend.Symbol.allCases)
        for entry in SOPLegend.entries {
            let svg = SOPFlowchartSVG.legendSymbol(entry.symbol)
            let xml = try #require(SOPSVGCollector.parse(svg), "\(entry.symbol)")
            #expect(xml.texts.first == entry.name)
            #expect(xml.elements.count >= 3, "\(entry.symbol) draws something")
        }
    }

    @Test func numbersAreShort() {
        #expect(SOPFlowchartSVG.number(12) == "12")
        #expect(SOPFlowchartSVG.number(12.5) == "12.5")
        #expect(SOPFlowchartSVG.number(1.0 / 3.0) == "0.33")
        #expect(SOPFlowchartSVG.number(.nan) == "0")
    }
}
