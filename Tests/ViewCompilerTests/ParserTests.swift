import Testing
@testable import ViewCompilerCore

/// Scanner and parser: the tree a template becomes.
@Suite struct ParserTests {
    @Test func scannerSplitsTextAndTags() throws {
        let tokens = try scan("a{{ page.x }}b{{{ page.y }}}", file: "f.html")
        #expect(tokens == [
            .text("a", line: 1), .tag("page.x", triple: false, line: 1),
            .text("b", line: 1), .tag("page.y", triple: true, line: 1),
        ])
    }

    @Test func standaloneSectionLinesVanish() throws {
        // setup
        let source = "<ul>\n  {{#each page.xs as x}}\n  <li>{{ x }}</li>\n  {{/each}}\n</ul>\n"
        // action
        let tokens = try scan(source, file: "f.html")
        // check: the lines holding only a section tag are gone, indentation and newline included
        #expect(tokens == [
            .text("<ul>\n", line: 1), .tag("#each page.xs as x", triple: false, line: 2),
            .text("  <li>", line: 3), .tag("x", triple: false, line: 3), .text("</li>\n", line: 3),
            .tag("/each", triple: false, line: 4), .text("</ul>\n", line: 5),
        ])
    }

    @Test func aPartialStaysWhereItsTagIs() throws {
        // A partial tag writes something, so its line keeps its indentation and newline.
        let tokens = try scan("<select>\n  {{> partials/options options: page.xs }}\n</select>\n", file: "f.html")
        #expect(tokens == [
            .text("<select>\n  ", line: 1), .tag("> partials/options options: page.xs", triple: false, line: 2),
            .text("\n</select>\n", line: 2),
        ])
    }

    @Test func aPartialEndsWhereItsLastLineEnds() throws {
        // The file's final newline is not part of a partial; a page keeps its own.
        let partial = try Parser.parse("{{! x: Int }}\n<b>{{ x }}</b>\n", name: "partials/b", file: "b.html")
        let page = try Parser.parse("{{! none }}\n<b></b>\n", name: "plain", file: "plain.html")
        #expect(partial.body.last == .text("</b>", line: 2))
        #expect(page.body.last == .text("<b></b>\n", line: 2))
    }

    @Test func inlineSectionsKeepTheirLine() throws {
        let tokens = try scan("a {{#if page.x}}b{{/if}}\n", file: "f.html")
        #expect(tokens.first == .text("a ", line: 1))
        #expect(tokens.last == .text("\n", line: 1))
    }

    @Test func parsesBlocksPartialsAndTexts() throws {
        let source = """
        {{! page: P }}
        {{#if page.a}}A{{else}}B{{/if}}{{#unless page.b}}C{{/unless}}
        {{#each page.rows as row, i}}{{ row.name }}{{ i }}{{/each}}
        {{#let page.range as r}}{{ t.pager(first: r.first) }}{{/let}}
        {{> partials/row row: page.top }}
        """
        let template = try Parser.parse(source, name: "p", file: "p.html")
        #expect(template.parameters == [Parameter(name: "page", type: "P")])
        #expect(template.layout == nil)
        #expect(template.body == [
            .condition(.path(["page", "a"]), negated: false, then: [.text("A", line: 2)], otherwise: [.text("B", line: 2)], line: 2),
            .condition(.path(["page", "b"]), negated: true, then: [.text("C", line: 2)], otherwise: [], line: 2),
            .text("\n", line: 2),
            .each(.path(["page", "rows"]), item: "row", index: "i",
                  body: [.escaped(.path(["row", "name"]), line: 3), .escaped(.path(["i"]), line: 3)], otherwise: [], line: 3),
            .text("\n", line: 3),
            .bind(.path(["page", "range"]), name: "r",
                  body: [.escaped(.textCall(name: "pager", arguments: [.init(label: "first", value: .path(["r", "first"]))]), line: 4)],
                  otherwise: [], line: 4),
            .text("\n", line: 4),
            .partial(name: "partials/row", arguments: [.init(label: "row", value: .path(["page", "top"]))], line: 5),
        ])
    }

    @Test func layoutPageAndSlot() throws {
        let page = try Parser.parse("{{! page: P }}\n{{< layout }}\n<p>{{ page.x }}</p>\n{{/layout}}\n", name: "p", file: "p.html")
        #expect(page.layout == "layout")
        #expect(page.body == [.text("<p>", line: 3), .escaped(.path(["page", "x"]), line: 3), .text("</p>\n", line: 3)])
        let layout = try Parser.parse("{{! layout }}\n<main>\n{{$content}}\n</main>\n", name: "layout", file: "layout.html")
        #expect(layout.isLayout)
        #expect(layout.body == [.text("<main>\n", line: 2), .slot(line: 3), .text("</main>\n", line: 4)])
    }

    @Test func loopNamesAreNotVisibleOutside() {
        #expect(throws: Diagnostic(file: "p.html", line: 2, message: "bad expression 'row.name': unknown name 'row'; names here are page, chrome, t")) {
            try Parser.parse("{{! page: P }}{{#each page.rows as row}}{{/each}}\n{{ row.name }}", name: "p", file: "p.html")
        }
    }
}
