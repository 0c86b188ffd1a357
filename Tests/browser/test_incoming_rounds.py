"""Monitoring and follow-up on a phone (issue 14), the acceptance flow in one test, on a Kendal
server (rounds on; Bidang Perpustakaan with the "bidang" account in it): at 390×844 the monitor
(pengelola-ti) records the pagi round with two new messages from Tugas saya's reminder, logs the two
messages, forwards the complaint (keluhan) to Bidang Perpustakaan; the division's member answers from
Tugas saya; the monitor records the posted reply's link; the round shows done on the calendar, and
the monthly report shows the round, the message closed in its row, and the message counted in the
office minutes of each step it went through. No page scrolls sideways.

The server runs on the real clock, so the administrator first widens the pagi window to the whole
day and removes the other two rounds; on a day off there are no rounds and the test is skipped (the
messages alone are tested on any day by test_incoming.py)."""

import unittest

from harness import Browser, BrowserTestCase, By, Select, Server, month_of, today, token

PHONE = (390, 844)
DEFAULT = (1280, 900)


class IncomingRoundsPhoneTests(BrowserTestCase):

    uses_demo_server = False  # a Kendal server of its own, not the pool's dki-ksd copy

    def setUp(self):
        self.server = Server.fresh("kendal", extra_args=["--preset", "kendal"]).start()
        self.addCleanup(self.server.stop)
        self.base = self.server.base
        self._admin_http = None
        self._users = None
        self.d = Browser.get()
        self.allowed_console = []
        self.d.get(self.base + "/healthz")
        self.d.delete_all_cookies()
        self.d.get_log("browser")
        self.addCleanup(self.size, DEFAULT)

    def size(self, size):
        width, height = size
        self.d.set_window_size(width, height)
        inner = self.d.execute_script("return [window.innerWidth, window.innerHeight];")
        self.d.set_window_size(width + (width - inner[0]), height + (height - inner[1]))
        self.wait(lambda d: d.execute_script("return window.innerWidth;") == width, "the viewport did not take %d px" % width)

    def assert_no_sideways_scroll(self):
        scroll, inner = self.d.execute_script("return [document.documentElement.scrollWidth, window.innerWidth];")
        self.assertLessEqual(scroll, inner, "%s scrolls sideways on a phone" % self.path())

    def as_user_fresh(self, username):
        self.d.delete_all_cookies()
        self.login(username, expect_path="/")

    def log_message(self, sender, message, category, paste=None):
        """The phone form /pesan/baru; returns the new message's number."""
        self.go("/pesan/baru")
        self.assert_no_sideways_scroll()
        if paste:
            self.fill("#paste", paste)
            # The small script fills the channel and the link as the link is pasted.
            self.wait(lambda d: self.css("#link").get_attribute("value") == paste, "the link was not filled in")
        self.fill("#sender", sender)
        self.fill("#text", message)
        Select(self.css("#category")).select_by_value(category)
        self.click_and_wait(self.css("form.incoming-form button[type=submit]"))
        self.assertRegex(self.path(), r"^/pesan/\d+\?ok=incoming_logged$", self.error_text())
        self.assertEqual(self.flash(), self.t("flash_incoming_logged"))
        return int(self.path().split("/")[2].split("?")[0])

    def report_step_counts(self):
        """{step name: count} of the monthly report's office-minutes table shown now."""
        counts = {}
        for row in self.css_all("#report-steps tbody tr"):
            cells = self.cells(row)
            counts[cells[1]] = int(cells[2])
        return counts

    def test_round_messages_forward_answer_post_and_monthly_report_on_a_phone(self):
        # setup: the pagi window over the whole day
        stamp = token()
        self.login("admin")
        self.go("/admin/pesan")
        self.fill("#round_start_0", "00:00")
        self.fill("#round_end_0", "24:00")
        # siang and sore removed: on the real clock one of them could be due now too, and Tugas
        # saya would rightly go on asking for it after pagi is recorded
        for index in ("1", "2"):
            box = self.css("input[name=round_remove][value='%s']" % index)
            if not box.is_selected():
                self.d.execute_script("arguments[0].click();", box)
        self.click_and_wait(self.css("#incoming-settings button[type=submit]"))
        self.assertEqual(self.path(), "/admin/pesan?ok=settings_saved", self.error_text())
        self.d.delete_all_cookies()
        self.size(PHONE)
        self.login("pengelola-ti", expect_path="/")
        self.go("/pesan/ronde")
        if not self.css_all("#rounds-today"):
            raise unittest.SkipTest("today is not an office day in Kendal: no rounds")
        day = today().isoformat()
        month = month_of(today())
        self.go("/pesan/laporan?month=" + month)
        steps_before = self.report_step_counts()
        total_before = int(self.css("#report-total").text)

        # action: from Tugas saya's reminder to the round form: pagi, two new messages
        self.go("/")
        reminder = self.css("#round-due")
        self.assertEqual(reminder.get_attribute("data-round"), "pagi")
        self.click_and_wait(self.css("#round-due a"))
        self.assertEqual(self.path(), "/pesan/ronde")
        self.assertEqual(Select(self.css("#round")).first_selected_option.get_attribute("value"), "pagi")
        self.fill("#new_messages", "2")
        self.click_and_wait(self.css("#round-form button[type=submit]"))
        # check
        self.assertEqual(self.path(), "/pesan/ronde?ok=round_recorded", self.error_text())
        self.assertEqual(self.css("li[data-round=pagi]").get_attribute("data-status"), "done")
        self.assert_no_sideways_scroll()
        self.go("/")
        self.assertEqual(self.css_all("#round-due"), [], "Tugas saya stops asking once recorded")

        # action: the two new messages logged: a complaint (its comment link pasted) and a question
        link = "https://www.instagram.com/p/DUji%s/c/17900000000000077/" % stamp[:6]
        complaint = self.log_message("@warga" + stamp, "Rak buku anak roboh " + stamp, "keluhan", paste=link)
        question = self.log_message("@tanya" + stamp, "Jam buka hari Sabtu? " + stamp, "pertanyaan")
        self.assertNotEqual(complaint, question)
        self.go("/pesan?q=" + stamp)
        self.assertEqual(len(self.css_all("table.incoming-table tbody tr")), 2)
        self.assert_no_sideways_scroll()

        # action: the complaint forwarded to Bidang Perpustakaan
        self.go("/pesan/%d" % complaint)
        Select(self.css("#division")).select_by_visible_text("Bidang Perpustakaan")
        self.click_and_wait(self.css("#form-forward button[type=submit]"))
        self.assertEqual(self.flash(), self.t("flash_incoming_forward"))
        self.assertEqual(self.css("#message-status").text, self.t("followup_status_forwarded"))
        self.assert_no_sideways_scroll()

        # action: the division's member answers from Tugas saya
        self.as_user_fresh("bidang")
        self.click_and_wait(self.css('#incoming-tasks a[href="/pesan/%d"]' % complaint))
        self.assert_no_sideways_scroll()
        self.fill("#answer-text", "Rak sudah diperbaiki, terima kasih. " + stamp)
        self.click_and_wait(self.css("#form-answer button[type=submit]"))
        self.assertEqual(self.flash(), self.t("flash_incoming_answer"))

        # action: the monitor records the posted reply's link
        self.as_user_fresh("pengelola-ti")
        self.go("/pesan/%d" % complaint)
        reply = "https://www.instagram.com/p/DUji%s/c/17900000000000078/" % stamp[:6]
        self.fill("#post-link", reply)
        self.click_and_wait(self.css("#form-post button[type=submit]"))
        # check: closed, with the reply's link, and the office minutes of each step in its history
        self.assertEqual(self.flash(), self.t("flash_incoming_post"))
        self.assertTrue(self.css("#message-status").text.startswith(self.t("followup_status_closed")))
        self.assertEqual(self.css("#reply-link").get_attribute("href"), reply)
        history = self.css_all("table.history tbody tr")
        self.assertEqual(len(history), 4, "logged, forwarded, answered, posted")
        taken = [row.find_element(By.CSS_SELECTOR, "td[data-label='%s']" % self.t("content_time_taken")).text
                 for row in history]
        self.assertTrue(all(value.endswith(("menit", "jam")) for value in taken[1:]),
                        "office minutes for each step after logging: %s" % taken)
        self.assertEqual(self.css_all("form.decision"), [])
        self.assert_no_sideways_scroll()

        if month_of(today()) != month:
            raise unittest.SkipTest("the month turned during the test: the report's before and after differ in month")

        # check: the round done on the calendar
        self.go("/calendar?month=" + month)
        done = self.css_all(".entry.status-round-done[data-kind=ronde][data-date='%s']" % day)
        # (the month view shows each entry in its grid cell and again in the day list)
        self.assertTrue(done, "the pagi round done on the calendar")
        self.assertTrue(all("Pagi" in entry.get_attribute("textContent") for entry in done))

        # check: the monthly report, from the rounds page's link
        self.go("/pesan/ronde")
        self.click_and_wait(self.css("a[href='/pesan/laporan?month=%s']" % month))
        self.assertEqual(self.status(), 200)
        cells = [cell.text for cell in self.css_all("#report-rounds tr[data-day='%s'] td" % day)]
        self.assertEqual(cells[1], "1", "one round done today in the report: %s" % cells)
        self.assertEqual(int(self.css("#report-total").text), total_before + 2)
        rows = [row for row in self.css_all("#report-messages tbody tr")
                if row.find_elements(By.CSS_SELECTOR, "a[href='/pesan/%d']" % complaint)]
        self.assertEqual(len(rows), 1, "the complaint has one row in the report")
        row = self.cells(rows[0])
        self.assertTrue(row[1], "the received time")
        self.assertEqual(row[3:7], [self.t("message_category_keluhan"),
                                    "@warga" + stamp, "Bidang Perpustakaan", self.t("followup_status_closed")])
        # its own times: each of the four steps with its office minutes, in order
        times = row[7].split(", ")
        labels = [self.t("followup_step_log"), self.t("followup_step_forward"),
                  self.t("followup_step_follow_up"), self.t("followup_step_post")]
        self.assertEqual(len(times), 4, row[7])
        self.assertTrue(all(part.startswith(label + " ") for part, label in zip(times, labels)), row[7])
        self.assertTrue(all(part.rstrip("*").endswith(("menit", "jam")) for part in times), row[7])
        # each step the complaint went through counts it (logging counts both messages)
        steps_after = self.report_step_counts()
        added = {name: steps_after[name] - steps_before.get(name, 0) for name in steps_after}
        self.assertEqual(list(added.values()), [2, 1, 1, 1], "log, forward, answer, post counted: %s" % added)
        for row in self.css_all("#report-steps tbody tr"):
            cells = self.cells(row)
            if added[cells[1]]:
                self.assertTrue(cells[3].endswith(("menit", "jam")), "median office minutes of %s: %s" % (cells[1], cells))
        self.assert_no_sideways_scroll()
