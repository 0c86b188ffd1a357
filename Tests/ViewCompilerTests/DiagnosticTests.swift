import Testing
@testable import ViewCompilerCore

/// Every template and catalogue error, as swiftc would print it: `file:line: error: message`.
@Suite struct DiagnosticTests {
    func error(_ source: String) -> String {
        do {
            _ = try Parser.parse(source, name: "v", file: "Views/v.html")
            return "no error"
        } catch {
            return error.description
        }
    }

    @Test func unknownTag() {
        #expect(error("{{! page: P }}\n\n{{#with page.x}}{{/with}}") ==
            "Views/v.html:3: error: unknown tag {{#with page.x}}: expected #if, #unless, #each or #let")
        #expect(error("{{! page: P }}\n{{^page.x}}{{/page.x}}").hasPrefix(
            "Views/v.html:2: error: unknown tag {{^page.x}}: use {{#unless …}}"))
    }

    @Test func unclosedSection() {
        #expect(error("{{! page: P }}\n{{#if page.x}}\n<p>\n") ==
            "Views/v.html:2: error: unclosed section: {{#if page.x}} has no {{/if}}")
        #expect(error("{{! page: P }}\n{{#if page.x}}\n{{/each}}") ==
            "Views/v.html:3: error: {{/each}} does not close {{#if page.x}} opened at line 2")
        #expect(error("{{! page: P }}\n<p>{{ page.x ") ==
            "Views/v.html:2: error: unclosed tag: '{{' without '}}'")
    }

    @Test func missingHeader() {
        #expect(error("<p>{{ page.x }}</p>").hasPrefix(
            "Views/v.html:1: error: missing header: a template must start with {{! page: TypeName }}"))
        #expect(error("{{! just words }}").hasPrefix("Views/v.html:1: error: missing header: expected {{! name: Type, … }}"))
    }

    @Test func badExpression() {
        #expect(error("{{! page: P }}\n{{ page.count + 1 }}") ==
            "Views/v.html:2: error: bad expression 'page.count + 1': expected a dotted path such as page.title")
        #expect(error("{{! page: P }}\n{{ page.title.uppercased() }}") ==
            "Views/v.html:2: error: bad expression 'page.title.uppercased()': the only calls allowed are on the texts, e.g. t.pager_range(first: a, last: b)")
        #expect(error("{{! page: P }}\n{{ title }}") ==
            "Views/v.html:2: error: bad expression 'title': unknown name 'title'; names here are page, chrome, t")
        #expect(error("{{! page: P }}\n{{.}}") ==
            "Views/v.html:2: error: bad expression '.': expected a dotted path such as page.title")
    }

    func compileErrors(id: String, en: String) -> [String] {
        do {
            _ = try compileViews([], catalogues: [
                CatalogueSource(language: "id", file: "Locales/id.json", source: id),
                CatalogueSource(language: "en", file: "Locales/en.json", source: en),
            ])
            return []
        } catch {
            return error.all.map(\.description)
        }
    }

    @Test func keyMissingInOneLanguage() {
        let errors = compileErrors(id: "{\n  \"a\": \"A\",\n  \"b\": \"B\"\n}", en: "{\n  \"a\": \"A\"\n}")
        #expect(errors == ["Locales/en.json:1: error: key 'b' is missing in en (it is in id at Locales/id.json:3)"])
    }

    @Test func placeholderMismatch() {
        let errors = compileErrors(id: "{\n  \"hi\": \"Halo {name}\"\n}", en: "{\n  \"x\": \"x\",\n  \"hi\": \"Hello {nama}\"\n}")
        #expect(errors.contains("Locales/en.json:3: error: placeholders of 'hi' differ: {nama} in en, {name} in id"))
    }

    @Test func unknownPartialAndWrongArguments() {
        let templates = [
            TemplateSource(name: "page", file: "Views/page.html", source: "{{! page: P }}\n{{> row item: page.x }}\n{{> nothing }}"),
            TemplateSource(name: "row", file: "Views/row.html", source: "{{! row: R }}{{ row.name }}"),
        ]
        do {
            _ = try compileViews(templates, catalogues: [CatalogueSource(language: "id", file: "id.json", source: "{}")])
            Issue.record("compiled")
        } catch {
            #expect(error.all.map(\.description) == [
                "Views/page.html:2: error: partial 'row' takes (row:), given (item:)",
                "Views/page.html:3: error: unknown partial 'nothing'",
            ])
        }
    }
}
