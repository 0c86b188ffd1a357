"""Monitoring rounds on a phone (issue 14): on a Kendal server (rounds on), the monitor records
the pagi round with two new messages at 390×844, and the round shows done on the calendar and in
the monthly report. The server runs on the real clock, so the administrator first widens the pagi
window to the whole day and removes the other two rounds; on a day off there are no rounds and the test is skipped."""

import unittest

from harness import Browser, BrowserTestCase, Server, month_of, today

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

    def test_monitor_records_pagi_round_on_a_phone_and_it_shows_done(self):
        # setup: the pagi window over the whole day
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
        # action: from Tugas saya's reminder to the form
        self.go("/")
        reminder = self.css("#round-due")
        self.assertEqual(reminder.get_attribute("data-round"), "pagi")
        self.click_and_wait(self.css("#round-due a"))
        self.assertEqual(self.path(), "/pesan/ronde")
        self.fill("#new_messages", "2")
        self.click_and_wait(self.css("#round-form button[type=submit]"))
        # check
        self.assertEqual(self.path(), "/pesan/ronde?ok=round_recorded", self.error_text())
        self.assertEqual(self.css("li[data-round=pagi]").get_attribute("data-status"), "done")
        scroll, inner = self.d.execute_script("return [document.documentElement.scrollWidth, window.innerWidth];")
        self.assertLessEqual(scroll, inner, "/pesan/ronde scrolls sideways on a phone")
        self.go("/")
        self.assertEqual(self.css_all("#round-due"), [], "Tugas saya stops asking once recorded")
        self.go("/calendar?month=" + month_of(today()))
        done = self.css_all(".entry.status-round-done[data-kind=ronde][data-date='%s']" % day)
        # (the month view shows each entry in its grid cell and again in the day list)
        self.assertTrue(done, "the pagi round done on the calendar")
        self.assertTrue(all("Pagi" in entry.get_attribute("textContent") for entry in done))
        self.go("/pesan/laporan?month=" + month_of(today()))
        cells = [cell.text for cell in self.css_all("#report-rounds tr[data-day='%s'] td" % day)]
        self.assertEqual(cells[1], "1", "one round done today in the report: %s" % cells)
