"""The SOP document (issue 16) on paper and through a revision. Chromium prints the dki-ksd
document to PDF through the DevTools protocol (`Page.printToPDF`, the page's own A4 landscape size);
`pdfinfo` and `pdftotext` read it back: the SOP number, every activity and every Mutu Baku time, and
the page count the layout promises (the front page, one page per table page, the legend). Then an
administrator changes a step's standard time: the document is a new revision with the new time, and
the comparison names the change."""

import base64
import os
import re
import subprocess
import tempfile

from harness import BrowserTestCase, Select, token


def squeeze(value):
    return re.sub(r"\s+", " ", value).strip()


class SOPDocumentTests(BrowserTestCase):

    # A4 landscape in PostScript points, as pdfinfo reports it.
    A4_LANDSCAPE = (842, 595)

    def print_pdf(self, path):
        self.go(path)
        self.wait_ready()
        result = self.d.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True})
        handle, name = tempfile.mkstemp(suffix=".pdf")
        with os.fdopen(handle, "wb") as out:
            out.write(base64.b64decode(result["data"]))
        self.addCleanup(os.remove, name)
        return name

    def cells(self, selector):
        return [squeeze(cell.get_attribute("textContent")) for cell in self.css_all(selector)]

    def test_dki_document_prints_every_activity_and_time_on_a4_landscape(self):
        # setup
        self.as_user("admin-medsos")
        self.go("/workflow/sop")
        number = squeeze(self.css("#sop-number").text)
        activities = self.cells("table.sop-activities td.sop-activity")
        times = [squeeze(span.get_attribute("textContent")) for span in self.css_all("table.sop-activities td.sop-time .sop-line")]
        table_pages = len(self.css_all("section.sop-table-page"))
        self.assertEqual(number, "1/OT.05.00")
        self.assertEqual(len(activities), 6, "the six steps of dki-ksd")
        self.assertTrue(times, "no Mutu Baku times")
        # action
        name = self.print_pdf("/workflow/sop")
        # check
        info = subprocess.run(["pdfinfo", name], check=True, capture_output=True, text=True).stdout
        pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
        size = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", info, re.M)
        self.assertEqual((round(float(size.group(1))), round(float(size.group(2)))), self.A4_LANDSCAPE, "not A4 landscape")
        self.assertEqual(pages, 1 + table_pages + 1, "the front page, one page per table page, the legend")
        # Each row has its own height (issue 16): the long first row and the short second one share
        # a page, the other four the next one. (With one height for all rows it was 8 pages.)
        self.assertEqual(pages, 4, "front, two table pages, legend")
        printed = squeeze(subprocess.run(["pdftotext", name, "-"], check=True, capture_output=True, text=True).stdout)
        # Words broken over lines in narrow cells: compare without spaces and soft hyphens.
        flat = printed.replace(" ", "")
        self.assertIn(number, printed)
        for activity in activities:
            self.assertIn(activity.replace(" ", ""), flat, "activity not printed: %s" % activity)
        for time in times:
            # A long rule wraps in its narrow column, and pdftotext reads its lines interleaved with
            # the next column's: its words in order, whatever stands between them.
            at = 0
            for word in time.split():
                found = flat.find(word, at)
                self.assertGreaterEqual(found, 0, "Mutu Baku time not printed: %s (at %r)" % (time, word))
                at = found + len(word)
        self.assertIn("Jumlah waktu", printed)
        self.assertIn("Terminator", printed, "the legend page")

    def test_every_row_is_as_tall_as_the_drawing_gives_it_on_screen_and_in_print(self):
        # setup
        self.as_user("admin-medsos")
        self.go("/workflow/sop")
        script = (
            "return Array.from(document.querySelectorAll('table.sop-activities tr.sop-row')).map(function (row) {"
            " var c = Array.from(row.classList).filter(function (n) { return /^sop-h\\d+$/.test(n); })[0];"
            " return [c ? parseInt(c.slice(5), 10) : 0, row.getBoundingClientRect().height]; });")
        for media in ("screen", "print"):
            # action
            self.d.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": media})
            rows = self.d.execute_script(script)
            # check: no row grew past its height (its texts fit), so the drawing stays level
            self.assertEqual(len(rows), 6)
            self.assertGreater(len(set(wanted for wanted, _ in rows)), 1, "rows of different heights")
            for index, (wanted, actual) in enumerate(rows):
                self.assertTrue(wanted > 0, "row %d has no height class" % (index + 1))
                self.assertLessEqual(abs(actual - wanted), 1.5, "%s: row %d is %.1f px, the drawing gives it %d" % (media, index + 1, actual, wanted))
            svgs = self.d.execute_script(
                "return Array.from(document.querySelectorAll('table.sop-activities td.sop-chart')).map(function (cell) {"
                " var rows = Array.from(cell.closest('tbody').querySelectorAll('tr.sop-row'));"
                " return [cell.querySelector('svg').getBoundingClientRect().height,"
                " rows.reduce(function (sum, row) { return sum + row.getBoundingClientRect().height; }, 0)]; });")
            for drawing, table in svgs:
                self.assertLessEqual(abs(drawing - table), 3, "%s: drawing %.1f px beside rows of %.1f px" % (media, drawing, table))
        self.d.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})

    def test_an_edited_standard_time_is_a_new_revision_and_the_comparison_names_it(self):
        # setup
        self.as_user("admin")
        self.go("/admin/workflow")
        original = self.css('input[name="step_1_minutes"]').get_attribute("value")
        changed = "45" if original != "45" else "50"
        step = self.css('input[name="step_1_name"]').get_attribute("value")
        self.go("/workflow/sop")
        before = int(re.search(r"(\d+)\)", self.css("#sop-revised-on").text).group(1))
        # action
        self.go("/admin/workflow")
        self.fill('input[name="step_1_minutes"]', changed)
        self.fill("#note", "Uji SOP " + token())
        self.click_and_wait(self.css("button.primary"))
        self.assertEqual(self.path(), "/admin/workflow?ok=workflow_saved", self.error_text())
        # check: the document is the new revision with the new time
        self.go("/workflow/sop")
        self.assertIn("%s %d)" % (self.t("workflow_version"), before + 1), self.css("#sop-revised-on").text)
        times = self.cells("table.sop-activities td.sop-time")
        self.assertEqual(times[1], self.t("minutes_value", n=changed))
        # action: compare the two revisions from the form
        Select(self.css("#compare-from")).select_by_value(str(before))
        Select(self.css("#compare-to")).select_by_value(str(before + 1))
        self.click_and_wait(self.css("#sop-compare-form button[type=submit]"))
        # check
        self.assertEqual(self.path(), "/workflow/sop/compare?from=%d&to=%d" % (before, before + 1))
        changes = self.cells("#sop-changes li")
        old_time = self.t("minutes_value", n=original) if int(original) < 60 else None
        self.assertTrue(any(change.startswith(step + ": ") and change.endswith(self.t("minutes_value", n=changed)) for change in changes),
                        changes)
        if old_time:
            self.assertIn(old_time, " ".join(changes))
        # the earlier revision still shows the earlier time
        self.go("/workflow/sop?version=%d" % before)
        self.assertNotEqual(self.cells("table.sop-activities td.sop-time")[1], self.t("minutes_value", n=changed))
        # restore
        self.go("/admin/workflow")
        self.fill('input[name="step_1_minutes"]', original)
        self.click_and_wait(self.css("button.primary"))
