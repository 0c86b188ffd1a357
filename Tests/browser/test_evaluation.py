"""The evaluation report (issue 15): an admin opens the quarter's evaluation from the navigation and
sees the per-step table with a rejection's reason, the step-time chart (an SVG that parses as XML)
with its table of figures, and a "Catat temuan" link per figure row that carries the period and a
subject. An ordinary user sees only their own figures. (test_findings.py follows the slowest step's
link on to the finding and the workflow edit citing it.)"""

import urllib.parse
import xml.dom.minidom

from harness import BrowserTestCase, ContentItemPages, By


class EvaluationTests(ContentItemPages, BrowserTestCase):

    def test_admin_opens_the_quarter_and_sees_steps_and_a_chart(self):
        item = self.published_after_a_rejection()
        self.as_user("admin")
        self.go("/")
        link = self.css("nav a[href='/evaluasi']")
        self.assertEqual(link.text, self.t("nav_evaluation"))
        self.click_and_wait(link)
        self.assertEqual(self.path(), "/evaluasi")
        self.assertEqual(self.status(), 200)
        self.assertIn(self.t("evaluation_heading"), self.h1())

        # The per-step table: every step of the workflow, the rejecting step with its reason.
        rows = self.css_all("#eval-steps tbody tr")
        self.assertGreaterEqual(len(rows), 6)
        table = self.css("#eval-steps").text
        self.assertIn(item["reason"] + " (1)", table)

        # The step-time chart: drawn by the server, well-formed, with its figures in a table.
        svg = self.css("#eval-chart-steps svg")
        markup = svg.get_attribute("outerHTML")
        xml.dom.minidom.parseString(markup)  # raises on anything that is not well-formed
        self.assertEqual(svg.get_attribute("role"), "img")
        self.assertGreaterEqual(len(self.css_all("#eval-chart-steps-data tbody tr")), len(rows))
        self.assertTrue(self.css_all("#eval-chart-months svg"))

        # "Catat temuan" on each step row: the period and a short subject for the finding's form.
        finding = rows[0].find_element(By.CSS_SELECTOR, "a.finding-link")
        self.assertEqual(finding.text, self.t("evaluation_finding"))
        href = urllib.parse.urlparse(finding.get_attribute("href"))
        self.assertEqual(href.path, "/evaluasi/temuan/baru")
        query = urllib.parse.parse_qs(href.query)
        for key in ("from", "to", "subject", "step", "version"):
            self.assertIn(key, query)

        # The CSV export carries the same figures.
        status, headers, body = self.fetch("/evaluasi.csv")
        self.assertEqual(status, 200)
        self.assertIn(item["reason"], body[3:].decode("utf-8"))

    def test_an_ordinary_user_sees_only_their_own_figures(self):
        self.published_after_a_rejection()
        self.as_user("tim-pengelola")
        self.go("/evaluasi")
        self.assertEqual(self.status(), 200)
        self.assertFalse(self.css_all("#eval-steps"))
        self.assertTrue(self.css_all("#eval-own-note"))
        names = [row.find_element(By.TAG_NAME, "th").text for row in self.css_all("#eval-people tbody tr")]
        self.assertEqual(names, [self.display_name("tim-pengelola")])
