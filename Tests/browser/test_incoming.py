"""Incoming messages on a phone (issue 14), on a Kendal server (the preset whose SOP has them): the
monitor logs two messages from the phone form (one by pasting its comment link), forwards the
complaint to a division; the division's member answers from "Tugas saya"; the monitor records the
posted reply's link; the message shows as closed. No page scrolls sideways at 390 px. The inbox's
CSV and workbook are read back (csv with ";", openpyxl)."""

import csv
import datetime
import io

from harness import BrowserTestCase, Select, Server, text, token

try:
    import openpyxl
except ImportError:  # make test installs it (python3-openpyxl); a clear failure otherwise
    openpyxl = None

PHONE = (390, 844)
DEFAULT = (1280, 900)


def use_kendal_server(test):
    """Points `test` at a server of its own seeded with the Kendal demo (accounts named after the
    roles: pengelola-ti, bidang, …; Bidang Perpustakaan and Kearsipan with "bidang" in both)."""
    server = Server.fresh("kendal", extra_args=["--preset", "kendal"]).start()
    test.addCleanup(server.stop)
    test.server = server
    test.base = server.base
    test._admin_http = None
    test._users = None
    test.d.get(test.base + "/healthz")
    test.d.delete_all_cookies()


class IncomingPhoneTests(BrowserTestCase):

    def setUp(self):
        super().setUp()
        use_kendal_server(self)
        self.addCleanup(self.d.set_window_size, *DEFAULT)
        width, height = PHONE
        self.d.set_window_size(width, height)
        inner = self.d.execute_script("return [window.innerWidth, window.innerHeight];")
        self.d.set_window_size(width + (width - inner[0]), height + (height - inner[1]))

    def assert_no_sideways_scroll(self):
        scroll, inner = self.d.execute_script("return [document.documentElement.scrollWidth, window.innerWidth];")
        self.assertLessEqual(scroll, inner, "%s scrolls sideways" % self.path())

    def as_user_fresh(self, username):
        self.d.delete_all_cookies()
        self.login(username, expect_path="/")

    def log_message(self, sender, message, category, paste=None):
        self.go("/pesan/baru")
        self.assertEqual(self.status(), 200)
        self.assert_no_sideways_scroll()
        if paste:
            self.fill("#paste", paste)
            # The small script fills the channel and the link as the link is pasted.
            self.wait(lambda d: self.css("#link").get_attribute("value") == paste, "the link was not filled in")
            self.assertEqual(Select(self.css("#channel")).first_selected_option.get_attribute("value"), "instagram")
        self.fill("#sender", sender)
        self.fill("#text", message)
        Select(self.css("#category")).select_by_value(category)
        self.click_and_wait(self.css('form.incoming-form button[type=submit]'))
        self.assertRegex(self.path(), r"^/pesan/\d+\?ok=incoming_logged$", self.error_text())
        self.assertEqual(self.flash(), text("id", "flash_incoming_logged"))
        return int(self.path().split("/")[2].split("?")[0])

    def test_log_forward_answer_post_on_a_phone(self):
        # setup
        stamp = token()
        link = "https://www.instagram.com/p/DUji%s/c/17900000000000077/" % stamp[:6]
        # action: the monitor logs two messages
        self.as_user_fresh("pengelola-ti")
        complaint = self.log_message("@warga" + stamp, "Rak buku anak roboh " + stamp, "keluhan", paste=link)
        question = self.log_message("@tanya" + stamp, "Jam buka hari Sabtu? " + stamp, "pertanyaan")
        self.assertNotEqual(complaint, question)
        # check: both in the inbox
        self.go("/pesan?q=" + stamp)
        self.assert_no_sideways_scroll()
        self.assertEqual(len(self.css_all("table.incoming-table tbody tr")), 2)
        # action: forward the complaint to the library
        self.go("/pesan/%d" % complaint)
        self.assertIn(link, self.css("section.card").text)
        Select(self.css("#division")).select_by_visible_text("Bidang Perpustakaan")
        self.click_and_wait(self.css("#form-forward button[type=submit]"))
        self.assertEqual(self.flash(), text("id", "flash_incoming_forward"))
        self.assertEqual(self.css("#message-status").text, text("id", "followup_status_forwarded"))
        self.assert_no_sideways_scroll()
        # action: the division's member answers from Tugas saya
        self.as_user_fresh("bidang")
        task = self.css('#incoming-tasks a[href="/pesan/%d"]' % complaint)
        self.click_and_wait(task)
        self.assert_no_sideways_scroll()
        self.fill("#answer-text", "Rak sudah diperbaiki, terima kasih. " + stamp)
        self.click_and_wait(self.css("#form-answer button[type=submit]"))
        self.assertEqual(self.flash(), text("id", "flash_incoming_answer"))
        # action: the monitor records the posted reply
        self.as_user_fresh("pengelola-ti")
        self.go("/pesan/%d" % complaint)
        self.fill("#post-link", "https://www.instagram.com/p/DUji%s/c/17900000000000078/" % stamp[:6])
        self.click_and_wait(self.css("#form-post button[type=submit]"))
        # check: closed, with the reply's link and the whole history
        self.assertEqual(self.flash(), text("id", "flash_incoming_post"))
        self.assertTrue(self.css("#message-status").text.startswith(text("id", "followup_status_closed")))
        self.assertTrue(self.css("#reply-link").get_attribute("href").endswith("/c/17900000000000078/"))
        self.assertEqual(len(self.css_all("table.history tbody tr")), 4)
        self.assertEqual(self.css_all("form.decision"), [])
        self.assert_no_sideways_scroll()
        # check: the exports of the inbox, read back by independent readers
        status, headers, body = self.fetch("/pesan.csv?q=" + stamp)
        self.assertEqual(status, 200, body[:300])
        self.assertTrue(body.startswith(b"\xef\xbb\xbf"), "no byte order mark")
        rows = list(csv.reader(io.StringIO(body[3:].decode("utf-8"), newline=""), delimiter=";"))
        self.assertEqual(rows[0][:4], ["No. pesan", "Diterima", "Saluran", "Pengirim"])
        self.assertEqual(sorted(int(row[0]) for row in rows[1:]), sorted([complaint, question]))
        self.assertIsNotNone(openpyxl, "openpyxl is missing: make test-deps installs python3-openpyxl")
        status, headers, body = self.fetch("/pesan.xlsx?q=" + stamp)
        self.assertEqual(status, 200, body[:300])
        sheet = openpyxl.load_workbook(io.BytesIO(body)).worksheets[0]
        self.assertEqual(sheet.title, text("id", "inbox_title"))
        header = [cell.value for cell in sheet[1]]
        lines = [row for row in sheet.iter_rows(min_row=2) if row[0].value == complaint]
        self.assertEqual(len(lines), 1)
        line = lines[0]
        self.assertIsInstance(line[header.index("Diterima")].value, datetime.datetime, "the received time is typed")
        self.assertEqual(line[header.index("Tautan pesan")].hyperlink.target, link)
        self.assertTrue(line[header.index("Tautan balasan")].value.endswith("/c/17900000000000078/"))
