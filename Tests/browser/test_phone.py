"""On the phone (issue 13): every page at 390×844 and 1366×768 without sideways scrolling and with
zero axe-core violations at WCAG 2.1 AA; the item page showing the caption before the decision,
and the decision bar at the bottom of the screen approving and sending back in a real browser; the
menu button, the compact month calendar with the chosen day's list, the "Saring" disclosure that
remembers being open, labelled values in Tugas saya and the history, and "Cetak" buttons."""

from harness import LINKS, BrowserTestCase, By, ContentItemPages, month_of, today, token
from harness.axe import violations

PHONE = (390, 844)
DESKTOP = (1366, 768)
DEFAULT = (1280, 900)  # the run's window size (harness.browser.Browser)


class PhoneTestCase(BrowserTestCase, ContentItemPages):

    def setUp(self):
        super().setUp()
        self.addCleanup(self.size, DEFAULT)

    def size(self, size):
        """The page's viewport (not the window) at width × height, as a phone or a laptop shows it."""
        width, height = size
        self.d.set_window_size(width, height)
        inner = self.d.execute_script("return [window.innerWidth, window.innerHeight];")
        self.d.set_window_size(width + (width - inner[0]), height + (height - inner[1]))
        self.wait(lambda d: d.execute_script("return window.innerWidth;") == width, "the viewport did not take %d px" % width)

    def login_as(self, username):
        """A fresh session as username (no logout: on a phone it is behind the menu)."""
        self.d.delete_all_cookies()
        self.login(username, expect_path="/")

    def shown(self, selector):
        """Whether the element renders (checkVisibility: Selenium's is_displayed() does not see a
        closed <details> hiding its content)."""
        return self.d.execute_script("return document.querySelector(arguments[0]).checkVisibility();", selector)

    def check_page(self, path, sizes=(PHONE, DESKTOP), status=200):
        """At each size: no sideways scrolling and no axe violations."""
        problems = []
        for size in sizes:
            self.size(size)
            self.go(path)
            self.assertEqual(self.status(), status, "%s answered %s" % (path, self.status()))
            scroll, inner = self.d.execute_script("return [document.documentElement.scrollWidth, window.innerWidth];")
            if scroll > inner:
                wide = self.d.execute_script(
                    "var w = window.innerWidth; return Array.prototype.filter.call(document.querySelectorAll('body *'),"
                    " function (e) { var r = e.getBoundingClientRect(); return r.right > w + 1 && r.width > 0; })"
                    ".slice(-3).map(function (e) { return e.tagName + '.' + e.className; });")
                problems.append("%s at %dx%d scrolls sideways: %d > %d (%s)" % (path, size[0], size[1], scroll, inner, wide))
            found = violations(self.d)
            if found:
                problems.append("%s at %dx%d: axe\n    %s" % (path, size[0], size[1], "\n    ".join(found)))
        return problems

    def check_pages(self, paths):
        problems = []
        for path in paths:
            problems += self.check_page(path)
        self.assertEqual(problems, [], "\n".join(problems))


class EveryPageTests(PhoneTestCase):
    """Every page, at both sizes: no sideways scrolling, no axe violations."""

    def test_pages_without_login(self):
        # setup, action and check
        self.allow_status(404)
        problems = self.check_page("/login") + self.check_page("/no-such-page", status=404)
        self.assertEqual(problems, [], "\n".join(problems))

    def test_drafter_pages(self):
        # setup: a published item (for its control sheet) and one waiting at step 2
        published = self.published_item("Uji ponsel terbit " + token(), LINKS)
        waiting = self.created_item("Uji ponsel " + token(), submitted=True)
        draft = self.created_item("Uji ponsel konsep " + token())
        month = month_of(today())
        self.login_as("admin-medsos")
        # action and check
        self.check_pages(["/", "/content", "/content/new", "/content/%d" % waiting, "/content/%d" % published,
                          "/content/%d" % draft, "/content/%d/edit" % draft, "/content/%d/sheet" % published,
                          "/calendar", "/calendar?view=list", "/calendar?week=" + today().strftime("%G-W%V"),
                          "/agenda", "/agenda/new", "/archive", "/archive/report?month=" + month,
                          "/pesan/ronde", "/pesan/laporan?month=" + month,
                          "/workflow", "/delegations", "/account", "/account/password"])

    def test_approver_pages(self):
        # setup: an item waiting for tim-pengelola, whose history has a step
        waiting = self.created_item("Uji ponsel " + token(), submitted=True)
        self.login_as("tim-pengelola")
        # action and check
        self.check_pages(["/", "/content/%d" % waiting])

    def test_incoming_pages(self):
        # setup: a Kendal server, whose demo has incoming messages in every state (issue 14)
        from test_incoming import use_kendal_server
        use_kendal_server(self)
        self.login_as("pengelola-ti")
        # action and check: the inbox, the form, a logged, a forwarded and a closed message
        self.check_pages(["/", "/pesan", "/pesan/baru", "/pesan/1", "/pesan/2", "/pesan/4"])
        self.login_as("bidang")
        self.check_pages(["/", "/pesan/2"])

    def test_admin_pages(self):
        # setup
        self.login_as("admin")
        user_id = self.user_id("admin-medsos")
        # action and check
        self.check_pages(["/admin/users", "/admin/users/new", "/admin/users/%d" % user_id, "/admin/audit",
                          "/admin/holidays", "/admin/settings", "/admin/workflow", "/admin/pesan"])


class DecisionBarTests(PhoneTestCase):

    def first_screen(self, selector):
        return self.d.execute_script(
            "var r = document.querySelector(arguments[0]).getBoundingClientRect();"
            " return {top: r.top, bottom: r.bottom, inner: window.innerHeight};", selector)

    def test_caption_comes_before_the_decision_in_the_first_screen(self):
        # setup
        item_id = self.created_item("Uji keputusan " + token(), submitted=True)
        self.size(PHONE)
        self.login_as("tim-pengelola")
        # action
        self.go("/content/%d" % item_id)
        # check: the caption is on the first screen, above the buttons; the buttons too, at the bottom
        caption = self.first_screen(".caption-rendered")
        approve = self.first_screen('form[action$="/approve"] button[type=submit]')
        send_back = self.first_screen("details.reject > summary")
        self.assertGreaterEqual(caption["top"], 0)
        self.assertLess(caption["bottom"], caption["inner"], "the caption is not on the first screen")
        self.assertLess(caption["bottom"], approve["top"], "the decision comes before the caption")
        for name, box in (("Setujui", approve), ("Kembalikan", send_back)):
            self.assertLessEqual(box["bottom"], box["inner"], name + " is below the first screen")
            self.assertGreater(box["top"], caption["inner"] / 2, name + " is not in the bar at the bottom")
        # check: in the page's order too, the caption and a preview come before the decision
        order = self.d.execute_script(
            "var a = document.querySelector('.caption-rendered'), p = document.querySelector('[data-preview]'),"
            " b = document.querySelector('#decision');"
            " return [!!(a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING),"
            " !!(p.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING)];")
        self.assertEqual(order, [True, True])
        # check: the reason field is folded until "Kembalikan" is chosen
        self.assertFalse(self.shown("#reason"))

    def test_approve_from_the_bar_on_a_phone(self):
        # setup
        item_id = self.created_item("Uji setujui " + token(), submitted=True)
        self.size(PHONE)
        self.login_as("tim-pengelola")
        self.go("/content/%d" % item_id)
        # action: the comment opens in place, then Setujui
        self.css("details.comment-details > summary").click()
        self.wait(lambda d: self.shown("#comment"), "the comment field did not open")
        self.css("#comment").send_keys("Sudah dibaca di ponsel.")
        self.click_and_wait(self.css('form[action$="/approve"] button[type=submit]'))
        # check
        self.assertEqual(self.path(), "/content/%d?ok=content_approve" % item_id, self.error_text())
        self.assertIn("Sudah dibaca di ponsel.", self.css("table.history tr.event-approve").text)

    def test_send_back_with_a_reason_from_the_bar_on_a_phone(self):
        # setup
        item_id = self.created_item("Uji kembalikan " + token(), submitted=True)
        self.size(PHONE)
        self.login_as("tim-pengelola")
        self.go("/content/%d" % item_id)
        # action: Kembalikan opens the reason field in place, in the bar
        self.assertFalse(self.shown("#reason"))
        self.css("details.reject > summary").click()
        reason = self.wait(lambda d: self.shown("#reason") and self.css("#reason"), "the reason field did not open")
        bar = self.first_screen("#decision")
        field = self.first_screen("#reason")
        self.assertTrue(bar["top"] <= field["top"] and field["bottom"] <= bar["bottom"], "the reason opened outside the bar")
        self.assertLessEqual(field["bottom"], field["inner"], "the reason field is off the screen")
        # check: an empty reason does not send
        send = self.css('form[action$="/reject"] button[type=submit]')
        send.click()
        self.assertEqual(self.path(), "/content/%d" % item_id)
        self.assertTrue(self.d.execute_script("return !document.querySelector('#reason').validity.valid;"))
        # action
        reason.send_keys("Fotonya kurang terang.")
        self.click_and_wait(send)
        # check
        self.assertEqual(self.path(), "/content/%d?ok=content_reject" % item_id, self.error_text())
        self.assertIn("Fotonya kurang terang.", self.css("table.history tr.event-reject").text)


class PhoneChromeTests(PhoneTestCase):

    def test_menu_button_folds_the_navigation_on_a_phone(self):
        # setup
        self.created_item("Uji menu " + token(), submitted=True)
        self.size(PHONE)
        self.login_as("tim-pengelola")
        # check: the navigation is behind the menu button, whose count matches
        button = self.css(".menu-button")
        self.assertTrue(button.is_displayed())
        self.assertEqual(button.get_attribute("aria-expanded"), "false")
        self.assertFalse(self.css("#site-menu nav").is_displayed())
        self.assertEqual(button.find_element(By.CSS_SELECTOR, ".count").text, self.css("#site-menu nav .count").get_attribute("textContent"))
        header = self.d.execute_script("return document.querySelector('.site-header').getBoundingClientRect().height;")
        self.assertLess(header, 844 * 0.12, "the header takes more than 12% of the screen")
        # action
        button.click()
        # check
        self.wait(lambda d: self.css("#site-menu nav").is_displayed(), "the menu did not open")
        self.assertEqual(button.get_attribute("aria-expanded"), "true")
        self.assertTrue(self.css('form[action="/logout"] button').is_displayed())
        # check: on a laptop there is no menu button, the navigation shows
        self.size(DESKTOP)
        self.go("/")
        self.assertFalse(self.css(".menu-button").is_displayed())
        self.assertTrue(self.css("#site-menu nav").is_displayed())

    def test_tasks_and_history_values_carry_their_labels_on_a_phone(self):
        # setup
        item_id = self.created_item("Uji label " + token(), submitted=True)
        self.size(PHONE)
        self.login_as("tim-pengelola")

        def labels(selector):
            return self.d.execute_script(
                "return Array.prototype.map.call(document.querySelectorAll(arguments[0]), function (td) {"
                " return getComputedStyle(td, '::before').content; });", selector)
        # check: Tugas saya
        row = labels("table.tasks tbody tr:first-child td")
        self.assertEqual(row[1:], ['"%s: "' % self.t(k) for k in ("home_step", "home_waiting", "home_standard_time", "content_creator")])
        self.assertNotIn("⏱", self.d.execute_script("return document.querySelector('table.tasks').innerText;"))
        # check: the history
        self.go("/content/%d" % item_id)
        row = labels("table.history tbody tr:first-child td")
        self.assertIn('"%s: "' % self.t("content_revision"), row)
        self.assertIn('"%s: "' % self.t("audit_actor"), row)

    def test_compact_month_calendar_lists_the_chosen_day(self):
        # setup: an item planned today shows on today's day
        self.size(PHONE)
        self.login_as("admin-medsos")
        title = "Uji kalender " + token()
        self.go("/content/new")
        self.fill("#title", title)
        self.fill("#caption", "Keterangan uji kalender.")
        self.d.execute_script("arguments[0].scrollIntoView({block: 'center'});", self.css('input[name="channels"][value="instagram"]'))
        self.set_checked('input[name="channels"][value="instagram"]', True)
        self.set_value("#publish_at", today().isoformat() + "T23:30")
        self.click_and_wait(self.css(".save-bar button[type=submit]"))
        self.assertIn("ok=content_created", self.path(), self.error_text())
        # action
        self.go("/calendar")
        # check: the same URL, a compact grid, a dot for the entry, today's list under the grid
        self.assertEqual(self.path(), "/calendar")
        cell = self.css('table.month-grid td[data-day="%s"]' % today().isoformat())
        dot = cell.find_element(By.CSS_SELECTOR, "li.entry")
        self.assertLessEqual(dot.size["width"], 12, "the entry is not a dot")
        panel = self.css("#day-panel")
        self.assertEqual(panel.get_attribute("data-day"), today().isoformat())
        self.assertIn(title, panel.text)
        # action: choose another day of the month
        other = [c for c in self.css_all("table.month-grid td[data-day]:not(.outside)")
                 if c.get_attribute("data-day") != today().isoformat()][0]
        other.find_element(By.CSS_SELECTOR, ".day-button").click()
        # check
        self.wait(lambda d: panel.get_attribute("data-day") == other.get_attribute("data-day"), "the chosen day's list did not show")
        self.assertNotIn(title, panel.text)
        self.assertEqual(self.path(), "/calendar")
        # check: at 360 px nothing scrolls sideways either
        self.size((360, 740))
        self.go("/calendar")
        self.assertLessEqual(*self.d.execute_script("return [document.documentElement.scrollWidth, window.innerWidth];"))

    def test_calendar_filters_behind_saring_remember_being_open(self):
        # setup
        self.size(PHONE)
        self.login_as("admin-medsos")
        self.go("/calendar")
        details = self.css("details#calendar-filters")
        self.assertIsNone(details.get_attribute("open"))
        self.assertFalse(self.shown('select[name="channel"]'))
        # action
        details.find_element(By.TAG_NAME, "summary").click()
        self.go("/calendar?view=list")
        # check: still open on the next page
        self.assertIsNotNone(self.css("details#calendar-filters").get_attribute("open"))
        self.assertTrue(self.shown('select[name="channel"]'))
        # action: closed again
        self.css("details#calendar-filters > summary").click()
        self.go("/calendar")
        self.assertIsNone(self.css("details#calendar-filters").get_attribute("open"))

    def test_print_buttons_where_pages_are_printed(self):
        # setup
        published = self.published_item("Uji cetak " + token(), LINKS)
        self.size(PHONE)
        self.login_as("admin-medsos")
        for path in ("/archive/report?month=" + month_of(today()), "/content/%d/sheet" % published, "/calendar"):
            # action
            self.go(path)
            button = self.css("button[data-print]")
            # check: shown, labelled, and it calls window.print()
            self.assertTrue(button.is_displayed(), path)
            self.assertEqual(button.text, self.t("print_button"))
            self.d.execute_script("window.__printed = 0; window.print = function () { window.__printed += 1; };")
            button.click()
            self.assertEqual(self.d.execute_script("return window.__printed;"), 1, path)

    def test_save_bar_stays_on_screen_on_the_long_form(self):
        # setup
        self.size(PHONE)
        self.login_as("admin-medsos")
        # action
        self.go("/content/new")
        # check: the save button is on the first screen although the form is longer
        box = self.d.execute_script(
            "var r = document.querySelector('.save-bar button[type=submit]').getBoundingClientRect();"
            " return [r.top, r.bottom, window.innerHeight, document.documentElement.scrollHeight];")
        self.assertGreater(box[3], box[2] * 1.5, "the form is not long at this size")
        self.assertLessEqual(box[1], box[2], "the save button is below the first screen")

    def test_caption_counter_says_how_many_characters_to_cut(self):
        # setup
        self.size(PHONE)
        self.login_as("admin-medsos")
        self.go("/content/new")
        counter = self.css("[data-caption-count]")
        self.assertEqual(counter.get_attribute("id"), "caption-count")
        cut = counter.find_element(By.CSS_SELECTOR, ".cut-text")
        self.assertFalse(cut.is_displayed())
        live = counter.find_element(By.CSS_SELECTOR, "[aria-live]")
        # action
        self.fill("#caption", "a" * 280)
        # check: in words, in the live region
        self.wait(lambda d: cut.is_displayed(), "no words past the limit")
        self.assertEqual(cut.text, "· %s 80 %s" % (self.t("caption_cut_prefix"), self.t("caption_cut_suffix")))
        self.assertIn(cut.text, live.text)
        self.assertEqual(counter.get_attribute("data-caption-count"), "280")

    def test_date_fields_show_their_value_in_words(self):
        # setup
        self.allow_status(422)
        self.login_as("admin-medsos")
        self.go("/content/new")
        words = self.css('output.date-words[for="publish_at"]')
        self.assertEqual(words.text, "")
        # action
        self.set_value("#publish_at", "2026-12-03T13:00")
        # check: in Indonesian words, not the browser's
        self.assertEqual(words.text, "Kamis, 3 Desember 2026 pukul 13.00 WIB")
        self.set_value("#due_on", "2026-12-01")
        self.assertEqual(self.css('output.date-words[for="due_on"]').text, "Selasa, 1 Desember 2026")
        # action: a refused form (no title) comes back with the words written by the server
        self.fill("#caption", "Keterangan.")
        self.set_checked('input[name="channels"][value="instagram"]', True)
        self.d.execute_script("document.querySelector('#title').removeAttribute('required');")
        self.d.execute_script("document.querySelector('#content-form, form.content-form').noValidate = true;")
        self.click_and_wait(self.css(".save-bar button[type=submit]"))
        # check
        self.assertEqual(self.status(), 422)
        html = self.d.execute_script("return document.querySelector('output.date-words[for=\"publish_at\"]').outerHTML;")
        self.assertIn("Kamis, 3 Desember 2026 pukul 13.00 WIB", html)

    def test_agenda_start_in_indonesian_words_on_an_english_page(self):
        # setup: an English page in a browser whose own language is English (its fields show
        # "12/03/2026, 01:00 PM"); an agenda item stored at 3 December 2026, 09.00
        self.assertTrue(self.d.execute_script("return navigator.language;").startswith("en"), "the run's browser is English")
        path = self.http_as("admin-medsos").create_agenda_item("Rapat kata " + token(), "2026-12-03T09:00", "2026-12-03T10:00")
        self.login_as("admin-medsos")
        self.click_and_wait(self.css("form.lang-switch button[name=lang][value=en]"))
        self.assertEqual(self.html_lang(), "en")
        self.go(path)
        words = self.css('output.date-words[for="starts_at"]')
        # check: written by the server, in Indonesian
        self.assertEqual(words.text, "Kamis, 3 Desember 2026 pukul 09.00 WIB")
        # action: a new start picked
        self.set_value("#starts_at", "2026-12-04T13:30")
        # check: the words follow, still Indonesian, on the English page
        self.assertEqual(words.text, "Jumat, 4 Desember 2026 pukul 13.30 WIB")
        self.assertEqual(self.css('output.date-words[for="ends_at"]').text, "Kamis, 3 Desember 2026 pukul 10.00 WIB")
        # action: an emptied field
        self.set_value("#starts_at", "")
        # check
        self.assertEqual(words.text, "")
        # the account back in Indonesian for the tests that follow
        self.click_and_wait(self.css("form.lang-switch button[name=lang][value=id]"))
