"""On paper and in a spreadsheet (issue 13, items 13-16). Chromium prints the monthly report and a
control sheet to PDF through the DevTools protocol (`Page.printToPDF`, A4 as the page asks, as the
print dialog does); `pdfinfo` and `pdftotext` (poppler-utils) read the PDF back: the page count, the
total once, no blank page, and none of Chromium's own header and footer (date, URL) even when they
are switched on. The `.xlsx` exports are read back with openpyxl, an independent reader: dates are
typed (datetime cells), links are hyperlinks, Indonesian text is intact."""

import base64
import datetime
import io
import os
import re
import subprocess
import tempfile

from harness import APPROVERS, BrowserTestCase, ContentItemPages, month_of, text, today, token

try:
    import openpyxl
except ImportError:  # make test installs it (python3-openpyxl); a clear failure otherwise
    openpyxl = None


class PrintTests(ContentItemPages, BrowserTestCase):

    # A4 in PostScript points, as pdfinfo reports it.
    A4 = (595.0, 842.0)

    def sessions(self):
        if not hasattr(self, "_sessions"):
            self._sessions = {name: self.http_as(name) for name in ["admin-medsos"] + APPROVERS}
        return self._sessions

    def publish(self, title, channel="instagram"):
        """An item taken through the chain over HTTP and published with one fresh link."""
        s = self.sessions()
        item_id = s["admin-medsos"].create_item(title, [channel])
        s["admin-medsos"].act(item_id, "submit")
        for name in APPROVERS:
            s[name].act(item_id, "approve")
        url = "https://www.instagram.com/p/C%s/" % token(5)
        s["admin-medsos"].act(item_id, "publish", [("link_" + channel, url)])
        return item_id, url

    def print_pdf(self, path, **options):
        """The page at path printed by Chromium to a PDF file; returns its path."""
        self.go(path)
        self.wait_ready()
        settings = {"preferCSSPageSize": True}
        settings.update(options)
        result = self.d.execute_cdp_cmd("Page.printToPDF", settings)
        handle, name = tempfile.mkstemp(suffix=".pdf")
        with os.fdopen(handle, "wb") as out:
            out.write(base64.b64decode(result["data"]))
        self.addCleanup(os.remove, name)
        return name

    def pdf_info(self, name):
        out = subprocess.run(["pdfinfo", name], check=True, capture_output=True, text=True).stdout
        pages = int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))
        size = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", out, re.M)
        return pages, (round(float(size.group(1))), round(float(size.group(2))))

    def page_texts(self, name, pages):
        texts = []
        for number in range(1, pages + 1):
            texts.append(subprocess.run(["pdftotext", "-layout", "-f", str(number), "-l", str(number), name, "-"],
                                        check=True, capture_output=True, text=True).stdout)
        return texts

    def assert_printed_well(self, name):
        """A4, no blank page, no header or footer of the browser's own; returns (pages, page texts)."""
        pages, size = self.pdf_info(name)
        self.assertEqual(size, (round(self.A4[0]), round(self.A4[1])), "not A4")
        texts = self.page_texts(name, pages)
        for number, page in enumerate(texts, 1):
            body = re.sub(r"\s*\d+ ?/ ?\d+\s*$", "", page.strip())  # our own page number
            self.assertTrue(body.strip(), "page %d of %d is blank" % (number, pages))
            self.assertNotIn(self.base, page, "the browser's footer (the URL) is printed on page %d" % number)
            self.assertRegex(page, r"\b%d ?/ ?%d\s*$" % (number, pages), "our page number at the foot of page %d" % number)
        return pages, texts

    # -- the monthly report

    def test_monthly_report_prints_on_a4_with_letterhead_signatures_and_no_blank_page(self):
        # setup: a letterhead, the head's name and NIP, the preparer's NIP
        self.login("admin")
        self.go("/admin/settings")
        self.fill("#letterhead_address", "Jalan Medan Merdeka Selatan No. 8-9\nJakarta Pusat 10110")
        self.fill("#head_name", "Dr. Siti Rahmawati, M.Si.")
        self.fill("#head_nip", "19700101 199503 2 001")
        self.click_and_wait(self.css("form[action='/admin/settings'] button[type=submit]"))
        self.assertEqual(self.path(), "/admin/settings?ok=settings_saved", self.error_text())
        self.logout()
        self.login("kepala-bagian")
        self.go("/account")
        self.fill("#nip-input", "19800202 200604 1 002")
        self.click_and_wait(self.css("#nip button[type=submit]"))
        self.assertEqual(self.path(), "/account?ok=nip_saved")

        # A month without posts: one page, the signatures on it.
        empty = self.print_pdf("/archive/report?month=2020-01")
        pages, texts = self.assert_printed_well(empty)
        self.assertEqual(pages, 1, "an empty month fits one page")
        self.assertIn("Jalan Medan Merdeka Selatan", texts[0])
        self.assertIn("Dibuat oleh", texts[0])
        self.assertIn("Mengetahui", texts[0])
        self.assertIn("NIP. 19800202 200604 1 002", texts[0])
        self.assertIn("NIP. 19700101 199503 2 001", texts[0])

        # This month with 30 more posts: each link on one line, the totals once.
        month = month_of(today())
        for index in range(30):
            self.publish("Laporan cetak %02d %s" % (index, token()))
        name = self.print_pdf("/archive/report?month=" + month)
        pages, texts = self.assert_printed_well(name)
        whole = "\n".join(texts)
        self.go("/archive/report?month=" + month)
        links = int(self.css("#report-total-links").text)
        self.assertEqual(links, 32, "the demo's two links this month and our 30")
        self.assertEqual(whole.count("Jumlah tautan:"), 1, "the totals once")
        self.assertEqual(len(re.findall(r"https://www\.instagram\.com/p/C[0-9a-f]{10}/", whole)), 30,
                         "every link printed whole on one line")
        self.assertRegex(whole, r"\d\d-\d\d-\d{4} \d\d\.\d\d", "short dates")
        # 32 posts, each on two lines (the link on its own), the letterhead and the totals: three A4
        # pages (it was five with the narrow link column, the last of them blank).
        self.assertEqual(pages, 3, "the page count for %d links" % links)
        self.assertIn("Mengetahui", texts[-1], "the signatures on the last page")

        # With the browser's own header and footer switched on, ours replace them.
        self.assert_printed_well(self.print_pdf("/archive/report?month=2020-01", displayHeaderFooter=True))

    # -- the incoming-information report (issue 14)

    def test_incoming_report_prints_on_a4_with_its_total_and_no_blank_page(self):
        # setup
        self.login("admin")
        # action
        name = self.print_pdf("/pesan/laporan?month=2020-01")
        # check: one A4 page, the total once, the letterhead's title and both signatures
        pages, texts = self.assert_printed_well(name)
        whole = "\n".join(texts)
        self.assertEqual(pages, 1, "an empty month fits one page")
        self.assertEqual(whole.count("Jumlah informasi masuk:"), 1, "the total once")
        self.assertRegex(whole, r"Jumlah informasi masuk:\s+0")
        self.assertIn("LAPORAN INFORMASI MASUK", whole)
        self.assertIn("Dibuat oleh", texts[-1])
        self.assertIn("Mengetahui", texts[-1])
        self.assert_printed_well(self.print_pdf("/pesan/laporan?month=2020-01", displayHeaderFooter=True))

    # -- the control sheet

    def test_control_sheet_prints_total_once_and_headings_with_their_tables(self):
        # setup: an item sent back and forth until its history runs over a page
        s = self.sessions()
        title = "Lembar cetak " + token()
        item_id = s["admin-medsos"].create_item(title, ["instagram"])
        for round_ in range(12):
            s["admin-medsos"].act(item_id, "submit")
            s["tim-pengelola"].act(item_id, "reject", [("reason", "Perbaiki foto ke-%d." % (round_ + 1))])
        s["admin-medsos"].act(item_id, "submit")
        for name in APPROVERS:
            s[name].act(item_id, "approve")
        s["admin-medsos"].act(item_id, "publish", [("link_instagram", "https://www.instagram.com/p/C%s/" % token(5))])
        self.login("kepala-biro")
        # action
        name = self.print_pdf("/content/%d/sheet" % item_id)
        # check
        pages, texts = self.assert_printed_well(name)
        self.assertGreaterEqual(pages, 2, "the history runs over a page")
        whole = "\n".join(texts)
        self.assertEqual(len(re.findall(r"^\s*Jumlah\b", whole, re.M)), 1, "the total row once, at the end")
        self.assertIn("Paraf", texts[0])
        for number, page in enumerate(texts, 1):
            lines = [line.strip() for line in page.strip().splitlines() if line.strip()]
            lines = [line for line in lines if not re.fullmatch(r"\d+ ?/ ?\d+", line)]
            for heading in ("Langkah dan keputusan", "Langkah menurut SOP", "Tautan aktif"):
                self.assertNotEqual(lines[-1], heading, "the heading %r is stranded at the foot of page %d" % (heading, number))
        self.assertRegex(whole, r"\d\d-\d\d-\d{4} \d\d\.\d\d", "short dates")

    # -- the workbooks, read by openpyxl

    def test_workbooks_open_in_openpyxl_with_typed_dates_and_links(self):
        self.assertIsNotNone(openpyxl, "openpyxl is missing: make test-deps installs python3-openpyxl")
        title = "Rapat koordinasi — Sinergi Jakarta–Bandung 🇮🇩 " + token()
        item_id, url = self.publish(title)
        self.login("admin-medsos")
        for path, sheet_title in (("/archive.xlsx?q=" + title.rsplit(" ", 1)[1], "Arsip tautan aktif"),
                                  ("/archive/report.xlsx?month=" + month_of(today()), "Daftar unggahan")):
            status, headers, body = self.fetch(path)
            self.assertEqual(status, 200, body[:300])
            self.assertEqual(headers.get("Content-Type"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            book = openpyxl.load_workbook(io.BytesIO(body))
            sheet = book.worksheets[0]
            self.assertEqual(sheet.title, sheet_title)
            header = [cell.value for cell in sheet[1]]
            self.assertIn("Tanggal tayang", header)
            self.assertIn("Dipublikasikan oleh", header)
            rows = [row for row in sheet.iter_rows(min_row=2) if any(cell.value == title for cell in row)]
            self.assertEqual(len(rows), 1, "%s: the item's row" % path)
            row = rows[0]
            when = row[header.index("Tanggal tayang")].value
            self.assertIsInstance(when, datetime.datetime, "%s: the date is typed" % path)
            now = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=7))).replace(tzinfo=None)
            self.assertLess(abs((now - when).total_seconds()), 600, "%s: the wall clock of Jakarta" % path)
            link = row[header.index("Tautan")]
            self.assertIsNotNone(link.hyperlink, "%s: the link is clickable" % path)
            self.assertEqual(link.hyperlink.target, url)
            self.assertEqual(link.value, url)
        # the archive page and the report link to their workbooks
        self.go("/archive")
        self.assertTrue(self.css("a#archive-xlsx").get_attribute("href").endswith("/archive.xlsx"))
        self.go("/archive/report")
        self.assertIn("/archive/report.xlsx?month=", self.css("a#report-xlsx").get_attribute("href"))
