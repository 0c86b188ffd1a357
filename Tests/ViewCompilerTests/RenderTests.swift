import Testing
import ViewRuntime
@testable import ViewFixtures

/// The fixture templates (Tests/ViewFixtures/Views), compiled by the plugin, rendered to bytes.
@Suite struct RenderTests {
    let chrome = Chrome(lang: "id", title: "Beranda <&>")

    func render(_ page: HomePage, t: Texts = .id) -> String {
        var out = HTMLWriter()
        Templates.home(page: page, chrome: chrome, t: t, into: &out)
        return out.string
    }

    @Test func rendersThePageInItsLayoutEscapingEverything() {
        // setup
        let page = HomePage(
            userName: "Ani \"<script>\" & 'co'",
            tasks: [
                .init(title: "Rilis <b>", href: "/content/1?a=1&b=2", overdue: true, due: 3),
                .init(title: "Ucapan", href: "/content/2", overdue: false, due: nil),
            ],
            range: .init(first: "1", last: "2", total: "<9>"),
            note: nil,
            captionHTML: SafeHTML(trusted: "<em>aman</em>"))
        // action
        let html = render(page)
        // check
        #expect(html == """
        <!doctype html>
        <html lang="id">
        <title>Beranda &lt;&amp;&gt; · Warta</title>
        <main>
        <h1>Selamat datang, Ani &quot;&lt;script&gt;&quot; &amp; &#39;co&#39;</h1>
        <h2>Tugas</h2>
        <ul>
          <li class="overdue" data-i="0"><a href="/content/1?a=1&amp;b=2">Rilis &lt;b&gt;</a> <span>3</span></li>
          <li class="ok" data-i="1"><a href="/content/2">Ucapan</a></li>
        </ul>
        <p>1–2 dari &lt;9&gt;</p>
        <p>no note</p>
        <div><em>aman</em></div>
        </main>
        </html>

        """)
    }

    /// The `{{#let}}` and `{{#unless}}` lines write nothing here but keep their newlines: only a
    /// line holding nothing but one block tag disappears.
    @Test func elseBranchesAndTheOtherLanguage() {
        let page = HomePage(userName: "Ani", tasks: [], range: nil, note: "n", captionHTML: .empty)
        #expect(render(page, t: .en) == """
        <!doctype html>
        <html lang="id">
        <title>Beranda &lt;&amp;&gt; · Warta</title>
        <main>
        <h1>Welcome, Ani</h1>
        <p>—</p>


        <div></div>
        </main>
        </html>

        """)
    }

    @Test func textsAreTyped() {
        #expect(Texts.en.pager_range(first: "1", last: "10", total: "99") == "1–10 of 99")
        #expect(Texts.id.kind_siaran_pers == "Siaran pers")
    }

    @Test func writerEscapesOnBytes() {
        var out = HTMLWriter(reservingCapacity: 64)
        out.escaped("a&b<c>d\"e'f — ü")
        out.escaped("xy<z"[...])
        out.escaped(-42)
        out.raw("<br>")
        #expect(out.string == "a&amp;b&lt;c&gt;d&quot;e&#39;f — üxy&lt;z-42<br>")
    }

    /// A quote followed by a combining mark is one Character to Swift; escaping works on bytes, so
    /// it cannot hide the quote (an attribute value cannot be closed that way).
    @Test func aCombiningMarkCannotHideAQuote() {
        var out = HTMLWriter()
        out.escaped("x\"\u{301} onmouseover=alert(1) '\u{308}<\u{338}")
        #expect(out.string == "x&quot;\u{301} onmouseover=alert(1) &#39;\u{308}&lt;\u{338}")
        #expect(!out.string.utf8.contains(UInt8(ascii: "\"")))
    }

    @Test func conditionsByType() {
        #expect(viewCondition(true) && !viewCondition(false))
        #expect(viewCondition(Optional(0)) && !viewCondition(Int?.none))
        #expect(viewCondition([1]) && !viewCondition([Int]()))
        #expect(viewCondition("x") && !viewCondition(""))
        #expect(viewCondition(Optional([Int]())))  // an Optional is about nil, not emptiness
        #expect(!viewCondition(SafeHTML.empty))
    }
}
