"""/admin/holidays as the administrator: days off added, refused, corrected and deleted (after a
confirm() question), the office calendar following at once; commemoration days every year; the CSV
import (a whole file or nothing); and non-administrators refused the days and settings pages.
What is stored is read from the page's lists (in another tab when the test is in a form)."""

import datetime
import re
import urllib.parse

from harness import EC, BrowserTestCase, By, Select, text, token, write_temp


class AdminDaysTests(BrowserTestCase):

    YEAR = 2031

    # -- the lists on /admin/holidays

    def holiday_rows(self, day):
        return self.css_all('table tbody tr:has(time[datetime="%s"])' % day)

    def commemoration_rows(self, month_day, mark=""):
        """The commemorations table's rows on a month-day whose text holds `mark`."""
        return [tr for tr in self.css_all('table tbody tr:has(span[data-month-day="%s"])' % month_day) if mark in tr.text]

    @staticmethod
    def row_id(row, pattern):
        """The id in the action of a row's delete form (/admin/holidays/ID/delete, /admin/commemorations/ID/delete)."""
        action = urllib.parse.urlsplit(row.find_element(By.CSS_SELECTOR, "form[data-confirm]").get_attribute("action")).path
        match = re.fullmatch(pattern, action)
        if not match:
            raise AssertionError("delete form action %r is not %s" % (action, pattern))
        return int(match.group(1))

    # (Read in one script, not cell by cell: the lists have dozens of rows.)
    ROWS_SCRIPT = """
        var keySelector = arguments[0], keyAttribute = arguments[1], rows = [];
        document.querySelectorAll('table tbody tr').forEach(function (tr) {
          var key = tr.querySelector(keySelector);
          if (key) { rows.push([key.getAttribute(keyAttribute), tr.cells[1].innerText.trim()]); }
        });
        return rows;
    """

    def listed_holidays(self, mark):
        """(date, name) of the days off of YEAR whose name holds `mark`, as the list shows them."""
        with self.other_tab("/admin/holidays?year=%d" % self.YEAR):
            rows = self.d.execute_script(self.ROWS_SCRIPT, "time[datetime]", "datetime")
        return sorted((day, name) for day, name in rows if mark in name)

    def listed_commemorations(self, mark):
        """(month-day, name) of the commemoration days whose name holds `mark`, as the list shows them."""
        with self.other_tab("/admin/holidays"):
            rows = self.d.execute_script(self.ROWS_SCRIPT, "span[data-month-day]", "data-month-day")
        return sorted((month_day, name) for month_day, name in rows if mark in name)

    def click_confirmed(self, row, what):
        """Deletes a row after the confirm() question."""
        form = row.find_element(By.CSS_SELECTOR, "form[data-confirm]")
        question = self.t("holidays_delete_confirm")  # the page cannot be read while the dialog is open
        self.assertEqual(form.get_attribute("data-confirm"), question)
        self.confirm_and_wait(form.find_element(By.TAG_NAME, "button"), question, what)

    def follow(self, link):
        self.click_and_wait(link)

    # -- the calendar

    def day_cell(self, day):
        cells = self.css_all('table.month-grid td[data-day="%s"]' % day)
        self.assertEqual(len(cells), 1, "want one calendar cell for %s on %s" % (day, self.path()))
        return cells[0]

    def is_day_off(self, day):
        return "day-off" in self.day_cell(day).get_attribute("class").split()

    def titles(self, day, *kinds):
        """The titles of the national-day entries of these kinds in the month grid's cell of a day."""
        found = []
        for kind in kinds:
            for li in self.day_cell(day).find_elements(By.CSS_SELECTOR, 'li.entry[data-kind="%s"]' % kind):
                self.assertEqual(li.get_attribute("data-date"), day, "an entry in the wrong day's cell")
                found.append(li.find_element(By.CSS_SELECTOR, ".title").text)
        return found

    def national_titles_with(self, mark):
        return [li.text for li in self.css_all('li.entry[data-kind="libur"], li.entry[data-kind="cuti_bersama"],'
                                               ' li.entry[data-kind="peringatan"]') if mark in li.text]

    # -- 1. a day off added and deleted

    def test_holiday_add_refuse_empty_name_and_delete_with_confirm(self):
        # setup
        self.allow_status(422)
        day, name = "2027-08-16", "Uji hari libur " + token()
        self.as_user("admin")
        self.go("/admin/holidays?year=2027")
        self.assertEqual(self.h1(), self.t("holidays_title"))
        self.assertEqual(self.holiday_rows(day), [], "%s is already a day off" % day)

        # action: a name of blanks (the browser's pattern refuses it; the server must too)
        self.set_value("#day", day)
        self.assertEqual(self.css("#name").get_attribute("pattern"), ".*\\S.*")
        self.d.execute_script("document.getElementById('name').removeAttribute('pattern');")
        self.fill("#name", "   ")
        Select(self.css("#kind")).select_by_value("cuti_bersama")
        self.click_and_wait(self.css("button.primary"))
        # check
        self.assertEqual(self.status(), 422)
        self.assertEqual(self.path(), "/admin/holidays")
        self.assertIn(self.t("holiday_error_name"), self.css("#holiday-errors").text)
        self.assertEqual(self.css("#day").get_attribute("value"), day, "the date is not kept")
        self.assertEqual(Select(self.css("#kind")).first_selected_option.get_attribute("value"), "cuti_bersama")
        self.assertEqual(self.holiday_rows(day), [], "the refused day off was stored")

        # action: with a name
        self.fill("#name", name)
        self.click_and_wait(self.css("button.primary"))
        # check
        self.assertEqual(self.path(), "/admin/holidays?year=2027&ok=holiday_added", self.error_text())
        self.assertEqual(self.css("p.flash").text, self.t("flash_holiday_added"))
        rows = self.holiday_rows(day)
        self.assertEqual(len(rows), 1, "the new day off is not listed once")
        cells = rows[0].find_elements(By.TAG_NAME, "td")
        self.assertEqual(cells[1].text, name)
        self.assertEqual(cells[2].text, self.t("holiday_kind_cuti_bersama"))

        # action: delete, but cancel the question
        form = rows[0].find_element(By.CSS_SELECTOR, "form[data-confirm]")
        button = form.find_element(By.TAG_NAME, "button")
        question = self.t("holidays_delete_confirm")  # the page cannot be read while the dialog is open
        button.click()
        alert = self.wait(EC.alert_is_present(), "no confirm() dialog")
        self.assertEqual(alert.text, question)
        alert.dismiss()
        # check: the day is kept
        self.assertEqual(self.path(), "/admin/holidays?year=2027&ok=holiday_added")
        self.assertEqual(len(self.holiday_rows(day)), 1)

        # action: delete, accepting the question
        self.confirm_and_wait(button, question, "deleting the day off")
        # check
        self.assertEqual(self.path(), "/admin/holidays?year=2027&ok=holiday_deleted", self.error_text())
        self.assertEqual(self.css("p.flash").text, self.t("flash_holiday_deleted"))
        self.assertEqual(self.holiday_rows(day), [], "the deleted day off is still listed")

    # -- 2. a day off corrected: the office calendar follows; then deleted

    def test_holiday_corrected_moves_on_the_office_calendar_then_deleted(self):
        # setup
        self.allow_status(422)
        mark = token()
        old_day, new_day = "%d-03-12" % self.YEAR, "%d-03-14" % self.YEAR  # a Wednesday and a Friday
        old_name, new_name = "Uji libur lama " + mark, "Uji libur koreksi " + mark
        month = "%d-03" % self.YEAR
        self.as_user("admin")
        self.go("/admin/holidays?year=%d" % self.YEAR)
        self.assertEqual(self.h1(), self.t("holidays_title"))
        self.assertEqual((self.holiday_rows(old_day), self.holiday_rows(new_day)), ([], []), "the test's dates are already days off")
        self.assertEqual(self.css("#holiday-form").get_attribute("action"), self.base + "/admin/holidays")

        # action: an empty name (the browser would not send it: required, pattern)
        self.set_value("#day", old_day)
        self.d.execute_script("var n = document.getElementById('name'); n.removeAttribute('required'); n.removeAttribute('pattern');")
        self.fill("#name", "")
        self.click_and_wait(self.css("#holiday-form button.primary"))
        # check: the server refuses it too, keeping the typed date
        self.assertEqual(self.status(), 422)
        self.assertEqual(self.path(), "/admin/holidays")
        self.assertIn(self.t("form_has_errors"), self.css("#holiday-errors").text)
        self.assertEqual(self.error_items("#holiday-errors"), [self.t("holiday_error_name")])
        self.assertEqual(self.css("#day").get_attribute("value"), old_day, "the typed date is not kept")
        self.assertEqual(self.css("#holiday-form h2").text, self.t("holidays_add"))
        self.assertEqual(self.listed_holidays(mark), [], "the refused day off was stored")

        # action: added
        self.fill("#name", old_name)
        Select(self.css("#kind")).select_by_value("libur")
        self.click_and_wait(self.css("#holiday-form button.primary"))
        # check
        self.assertEqual(self.path(), "/admin/holidays?year=%d&ok=holiday_added" % self.YEAR, self.error_text())
        self.assertEqual(self.flash(), self.t("flash_holiday_added"))
        rows = self.holiday_rows(old_day)
        self.assertEqual(len(rows), 1)
        self.assertEqual(self.cells(rows[0])[1:3], [old_name, self.t("holiday_kind_libur")])
        self.go("/calendar?month=" + month)
        self.assertEqual(self.titles(old_day, "libur", "cuti_bersama"), [old_name])
        self.assertTrue(self.is_day_off(old_day), "the office clock does not skip the new day off")
        self.assertFalse(self.is_day_off(new_day), "%s is a day off before the test" % new_day)

        # action: corrected through its "Ubah" link (the government moved it)
        self.go("/admin/holidays?year=%d" % self.YEAR)
        row = self.holiday_rows(old_day)[0]
        holiday_id = self.row_id(row, r"/admin/holidays/(\d+)/delete")
        link = row.find_element(By.LINK_TEXT, self.t("holidays_correct_link"))
        self.assertEqual(urllib.parse.urlsplit(link.get_attribute("href"))[2:],
                         ("/admin/holidays", "year=%d&edit=%d" % (self.YEAR, holiday_id), "holiday-form"))
        self.follow(link)
        # check: the form corrects that day
        self.assertEqual(self.path(), "/admin/holidays?year=%d&edit=%d" % (self.YEAR, holiday_id))
        form = self.css("#holiday-form")
        self.assertEqual(form.find_element(By.TAG_NAME, "h2").text, self.t("holidays_correct"))
        self.assertEqual(form.get_attribute("action"), "%s/admin/holidays/%d" % (self.base, holiday_id))
        self.assertEqual((self.css("#day").get_attribute("value"), self.css("#name").get_attribute("value")), (old_day, old_name))
        self.assertEqual(Select(self.css("#kind")).first_selected_option.get_attribute("value"), "libur")
        save = form.find_element(By.CSS_SELECTOR, "button.primary")
        self.assertEqual(save.text, self.t("holidays_correct_button"))
        # action
        self.set_value("#day", new_day)
        self.fill("#name", new_name)
        self.click_and_wait(save)
        # check
        self.assertEqual(self.path(), "/admin/holidays?year=%d&ok=holiday_corrected" % self.YEAR, self.error_text())
        self.assertEqual(self.flash(), self.t("flash_holiday_corrected"))
        self.assertEqual(self.holiday_rows(old_day), [], "the old date is still listed")
        rows = self.holiday_rows(new_day)
        self.assertEqual(len(rows), 1, "the corrected day is not listed once")
        self.assertEqual(self.cells(rows[0])[1:3], [new_name, self.t("holiday_kind_libur")])
        self.assertEqual(self.row_id(rows[0], r"/admin/holidays/(\d+)/delete"), holiday_id, "not corrected in place")
        self.assertEqual(self.css("#holiday-form h2").text, self.t("holidays_add"), "the form still corrects after saving")
        self.assertEqual(self.listed_holidays(mark), [(new_day, new_name)], "not corrected in place")

        # check: the office calendar follows at once, the new date off, the old one a working day again
        self.go("/calendar?month=" + month)
        self.assertEqual(self.titles(new_day, "libur", "cuti_bersama"), [new_name])
        self.assertEqual(self.css_all('li.entry[data-kind="libur"][data-date="%s"]' % new_day)[0].find_element(By.CSS_SELECTOR, ".title").text,
                         new_name)
        self.assertEqual(self.titles(old_day, "libur", "cuti_bersama"), [], "the old date still shows the day off")
        self.assertEqual(self.css_all('li.entry[data-date="%s"]' % old_day), [], "something is still on the old date")
        self.assertEqual(self.national_titles_with(old_name), [], "the old name is still on the calendar")
        self.assertTrue(self.is_day_off(new_day), "the office clock does not skip the corrected date")
        self.assertFalse(self.is_day_off(old_day), "the office clock still skips the old date")

        # action: deleted, after the confirm() question
        self.go("/admin/holidays?year=%d" % self.YEAR)
        self.click_confirmed(self.holiday_rows(new_day)[0], "deleting the corrected day off")
        # check
        self.assertEqual(self.path(), "/admin/holidays?year=%d&ok=holiday_deleted" % self.YEAR, self.error_text())
        self.assertEqual(self.flash(), self.t("flash_holiday_deleted"))
        self.assertEqual(self.holiday_rows(new_day), [])
        self.assertEqual(self.listed_holidays(mark), [])
        self.go("/calendar?month=" + month)
        self.assertEqual(self.national_titles_with(mark), [], "the deleted day off is still on the calendar")
        self.assertFalse(self.is_day_off(new_day), "the office clock still skips the deleted day off")

    # -- 3. commemoration days on the admin page

    def add_commemoration(self, month_day, name, basis):
        self.go("/admin/holidays")
        self.fill("#month_day", month_day)
        self.fill("#commemoration_name", name)
        self.fill("#basis", basis)
        self.click_and_wait(self.css("#commemoration-form button.primary"))
        self.assertEqual(self.path(), "/admin/holidays?ok=commemoration_saved", self.error_text())
        self.assertEqual(urllib.parse.urlsplit(self.d.current_url).fragment, "commemorations")
        self.assertEqual(self.flash(), self.t("flash_commemoration_saved"))

    def open_commemoration_edit(self, month_day, mark):
        """Follows the "Ubah" link of the commemoration day; returns its id."""
        rows = self.commemoration_rows(month_day, mark)
        self.assertEqual(len(rows), 1, "want one commemoration %s with %s" % (month_day, mark))
        day_id = self.row_id(rows[0], r"/admin/commemorations/(\d+)/delete")
        link = rows[0].find_element(By.LINK_TEXT, self.t("holidays_correct_link"))
        href = urllib.parse.urlsplit(link.get_attribute("href"))
        self.assertEqual((href.path, href.fragment), ("/admin/holidays", "commemoration-form"))
        self.assertIn("edit_commemoration=%d" % day_id, href.query.split("&"))
        self.follow(link)
        self.assertRegex(self.path(), r"^/admin/holidays\?year=\d{4}&edit_commemoration=%d$" % day_id)
        return day_id

    def assert_correcting(self, day_id):
        form = self.css("#commemoration-form")
        self.assertEqual(form.find_element(By.TAG_NAME, "h3").text, self.t("commemorations_correct"))
        self.assertEqual(form.get_attribute("action"), "%s/admin/commemorations/%d" % (self.base, day_id))

    def test_commemoration_day_refused_added_corrected_and_deleted(self):
        # setup
        self.allow_status(422)
        mark = token()
        first, second = "06-09", "06-10"
        name, corrected = "Uji Hari Peringatan " + mark, "Uji Hari Peringatan Koreksi " + mark
        basis, corrected_basis = "Keppres Uji %s/2031" % mark, "Perpres Uji %s/2031" % mark
        self.as_user("admin")
        self.go("/admin/holidays")
        self.assertEqual((self.commemoration_rows(first), self.commemoration_rows(second)), ([], []),
                         "the test's month-days are already commemoration days")
        form = self.css("#commemoration-form")
        self.assertEqual(form.find_element(By.TAG_NAME, "h3").text, self.t("commemorations_add"))
        self.assertEqual(form.get_attribute("action"), self.base + "/admin/commemorations")

        # action: 02-30 matches the field's pattern, so the browser sends it
        self.fill("#month_day", "02-30")
        self.fill("#commemoration_name", name)
        self.fill("#basis", basis)
        self.click_and_wait(self.css("#commemoration-form button.primary"))
        # check: the server refuses it and keeps what was typed
        self.assertEqual(self.status(), 422)
        self.assertEqual(self.path(), "/admin/commemorations")
        self.assertEqual(self.error_items("#holiday-errors"), [self.t("commemoration_error_day")])
        self.assertEqual(self.css("#month_day").get_attribute("value"), "02-30")
        self.assertEqual(self.css("#commemoration_name").get_attribute("value"), name, "the typed name is not kept")
        self.assertEqual(self.css("#basis").get_attribute("value"), basis)
        self.assertEqual(self.css("#commemoration-form h3").text, self.t("commemorations_add"))
        self.assertEqual(self.listed_commemorations(mark), [], "the refused day was stored")

        # action: added from the kept form
        self.fill("#month_day", first)
        self.click_and_wait(self.css("#commemoration-form button.primary"))
        # check
        self.assertEqual(self.path(), "/admin/holidays?ok=commemoration_saved", self.error_text())
        self.assertEqual(self.flash(), self.t("flash_commemoration_saved"))
        rows = self.commemoration_rows(first, mark)
        self.assertEqual(len(rows), 1, "the new commemoration day is not listed once")
        self.assertEqual(self.cells(rows[0])[:3], ["9 Juni", name, basis])
        self.assertEqual(self.listed_commemorations(mark), [(first, name)])

        # action: its "Ubah" link; a bad month-day while correcting
        day_id = self.open_commemoration_edit(first, mark)
        self.assert_correcting(day_id)
        self.assertEqual([self.css(s).get_attribute("value") for s in ("#month_day", "#commemoration_name", "#basis")],
                         [first, name, basis])
        self.fill("#month_day", "13-01")
        self.fill("#commemoration_name", corrected)
        self.click_and_wait(self.css("#commemoration-form button.primary"))
        # check: refused, keeping the correction form
        self.assertEqual(self.status(), 422)
        self.assertEqual(self.error_items("#holiday-errors"), [self.t("commemoration_error_day")])
        self.assert_correcting(day_id)
        self.assertEqual(self.css("#commemoration_name").get_attribute("value"), corrected)
        self.assertEqual(self.listed_commemorations(mark), [(first, name)], "the refused correction was stored")

        # action: corrected
        self.fill("#month_day", second)
        self.fill("#basis", corrected_basis)
        self.click_and_wait(self.css("#commemoration-form button.primary"))
        # check: in place
        self.assertEqual(self.path(), "/admin/holidays?ok=commemoration_saved", self.error_text())
        self.assertEqual(self.flash(), self.t("flash_commemoration_saved"))
        self.assertEqual(self.css("#commemoration-form h3").text, self.t("commemorations_add"), "the form still corrects after saving")
        self.assertEqual(self.commemoration_rows(first, mark), [], "the old month-day is still listed")
        rows = self.commemoration_rows(second, mark)
        self.assertEqual(len(rows), 1)
        self.assertEqual(self.cells(rows[0])[:3], ["10 Juni", corrected, corrected_basis])
        self.assertEqual(self.row_id(rows[0], r"/admin/commemorations/(\d+)/delete"), day_id, "not corrected in place")
        self.assertEqual(self.listed_commemorations(mark), [(second, corrected)])

        # action: deleted, after the confirm() question
        self.click_confirmed(rows[0], "deleting the commemoration day")
        # check
        self.assertEqual(self.path(), "/admin/holidays?ok=commemoration_deleted", self.error_text())
        self.assertEqual(self.flash(), self.t("flash_commemoration_deleted"))
        self.assertEqual(self.commemoration_rows(second, mark), [])
        self.assertEqual(self.listed_commemorations(mark), [])

    # -- 4. commemoration days on the calendar, every year

    def commemoration_on_calendars(self, day_of_year, mark):
        """{year: titles with the mark on that month-day} for two years, from the month view."""
        seen = {}
        for year in (self.YEAR, self.YEAR + 2):
            day = "%d-%s" % (year, day_of_year)
            self.go("/calendar?month=%s" % day[:7])
            seen[year] = [title for title in self.titles(day, "peringatan") if mark in title]
            weekend = datetime.date.fromisoformat(day).isoweekday() >= 6
            self.assertEqual(self.is_day_off(day), weekend, "a commemoration day changes the office clock on %s" % day)
        return seen

    def test_commemoration_day_from_the_form_on_the_calendar_every_year(self):
        """Saving and deleting a commemoration day reload the institution's snapshot the calendar reads
        (it once kept showing the old days until something else reloaded it)."""
        # setup
        mark = token()
        first, second = "06-11", "06-12"
        name, corrected = "Uji Peringatan Kalender " + mark, "Uji Peringatan Kalender Koreksi " + mark
        self.as_user("admin")
        self.assertEqual(self.commemoration_on_calendars(first, mark), {self.YEAR: [], self.YEAR + 2: []})

        # action
        self.add_commemoration(first, name, "")
        # check
        self.assertEqual(self.commemoration_on_calendars(first, mark), {self.YEAR: [name], self.YEAR + 2: [name]},
                         "the new commemoration day is not on the calendar every year")

        # action: corrected
        self.go("/admin/holidays")
        self.open_commemoration_edit(first, mark)
        self.fill("#month_day", second)
        self.fill("#commemoration_name", corrected)
        self.click_and_wait(self.css("#commemoration-form button.primary"))
        # check
        self.assertEqual(self.path(), "/admin/holidays?ok=commemoration_saved", self.error_text())
        self.assertEqual(self.commemoration_on_calendars(second, mark), {self.YEAR: [corrected], self.YEAR + 2: [corrected]},
                         "the corrected commemoration day is not on its new date")
        self.assertEqual(self.commemoration_on_calendars(first, mark), {self.YEAR: [], self.YEAR + 2: []},
                         "the corrected commemoration day is still on its old date")

        # action: deleted
        self.go("/admin/holidays")
        self.click_confirmed(self.commemoration_rows(second, mark)[0], "deleting the commemoration day")
        # check
        self.assertEqual(self.path(), "/admin/holidays?ok=commemoration_deleted", self.error_text())
        self.assertEqual(self.commemoration_on_calendars(second, mark), {self.YEAR: [], self.YEAR + 2: []},
                         "the deleted commemoration day is still on the calendar")

    # -- 5. CSV import: a whole file or nothing

    def import_csv(self, content):
        path = write_temp("hari-%s.csv" % token(4), content)
        self.css("#days-import input[type=file][name=file]").send_keys(path)
        self.click_and_wait(self.css("#days-import button[type=submit]"))

    def test_csv_import_adds_days_refuses_a_file_with_one_bad_row_and_adds_commemorations(self):
        # setup
        self.allow_status(422)
        mark = token()
        a, b = ("%d-04-07" % self.YEAR, "Uji impor A " + mark), ("%d-04-08" % self.YEAR, "Uji impor B " + mark)
        c, d = ("%d-05-06" % self.YEAR, "Uji impor C " + mark), ("%d-02-30" % self.YEAR, "Uji impor D " + mark)
        remembered = ("04-03", "Uji impor peringatan " + mark, "Keppres Uji %s" % mark)
        self.as_user("admin")
        self.go("/admin/holidays?year=%d" % self.YEAR)
        self.assertEqual([self.holiday_rows(day) for day, _ in (a, b, c)], [[], [], []], "the test's dates are already days off")

        # action: two days off, as a spreadsheet saves them (byte order mark, CRLF)
        self.import_csv("\ufeffdate,name_id,kind\r\n%s,%s,libur\r\n%s,\"%s\",cuti_bersama\r\n" % (a + b))
        # check
        self.assertEqual(self.path(), "/admin/holidays?year=%d&ok=days_imported" % self.YEAR, self.error_text())
        self.assertEqual(self.flash(), self.t("flash_days_imported"))
        for (day, name), kind in ((a, "libur"), (b, "cuti_bersama")):
            rows = self.holiday_rows(day)
            self.assertEqual(len(rows), 1, "%s is not listed once after the import" % day)
            self.assertEqual(self.cells(rows[0])[1:3], [name, self.t("holiday_kind_" + kind)])
        self.assertEqual(self.listed_holidays(mark), [a, b])
        self.go("/calendar?month=%d-04" % self.YEAR)
        self.assertEqual((self.titles(a[0], "libur"), self.titles(b[0], "cuti_bersama")), ([a[1]], [b[1]]))
        self.assertTrue(self.is_day_off(a[0]) and self.is_day_off(b[0]), "the imported days do not stop the office clock")

        # action: one good row, then a date that does not exist
        self.go("/admin/holidays?year=%d" % self.YEAR)
        self.import_csv("date,name_id,kind\n%s,%s,libur\n%s,%s,libur\n" % (c + d))
        # check: the row is named, and nothing is added
        self.assertEqual(self.status(), 422)
        self.assertEqual(self.path(), "/admin/holidays/import")
        message = self.t("days_import_row", row=2, field=self.t("days_import_field_tanggal"))
        self.assertTrue(message.startswith("Baris data ke-2"), message)
        self.assertEqual(self.error_items("#holiday-errors"), [message])
        self.assertEqual(self.listed_holidays(mark), [a, b], "a row of the refused file was stored")
        self.go("/admin/holidays?year=%d" % self.YEAR)
        self.assertEqual(self.holiday_rows(c[0]), [], "the good row of the refused file is listed")
        self.assertEqual([len(self.holiday_rows(day)) for day, _ in (a, b)], [1, 1])

        # action: a commemoration file
        self.import_csv("month_day,name_id,kind,basis\n%s,%s,peringatan,%s\n" % remembered)
        # check
        self.assertRegex(self.path(), r"^/admin/holidays\?year=\d{4}&ok=days_imported$", self.error_text())
        self.assertEqual(self.flash(), self.t("flash_days_imported"))
        rows = self.commemoration_rows(remembered[0], mark)
        self.assertEqual(len(rows), 1, "the imported commemoration day is not listed once")
        self.assertEqual(self.cells(rows[0])[:3], ["3 April", remembered[1], remembered[2]])
        self.assertEqual(self.listed_commemorations(mark), [remembered[:2]])
        self.go("/calendar?month=%d-04" % self.YEAR)
        self.assertEqual(self.titles("%d-%s" % (self.YEAR, remembered[0]), "peringatan"), [remembered[1]])

        # action: the imported days deleted through the page
        self.go("/admin/holidays?year=%d" % self.YEAR)
        for day, _ in (a, b):
            self.click_confirmed(self.holiday_rows(day)[0], "deleting an imported day off")
            self.assertEqual(self.path(), "/admin/holidays?year=%d&ok=holiday_deleted" % self.YEAR, self.error_text())
        self.click_confirmed(self.commemoration_rows(remembered[0], mark)[0], "deleting the imported commemoration day")
        # check
        self.assertEqual(self.path(), "/admin/holidays?ok=commemoration_deleted", self.error_text())
        self.assertEqual((self.listed_holidays(mark), self.listed_commemorations(mark)), ([], []))

    # -- 6. not for others

    def test_non_admin_is_refused_the_days_and_settings_pages(self):
        # setup
        self.allow_status(403)
        self.login("kepala-biro", expect_path="/")
        # check
        self.assertFalse(self.css_all('a[href="/admin/holidays"], a[href="/admin/settings"]'), "a non-admin sees the admin links")
        for path in ("/admin/holidays", "/admin/holidays?year=%d" % self.YEAR, "/admin/settings"):
            # action
            self.go(path)
            # check
            self.assertEqual(self.status(), 403, path)
            self.assertEqual(self.html_lang(), "id")
            self.assertEqual(self.css("h1#error-heading").text, text("id", "error_title_403"), path)
            self.assertEqual(self.css(".status-code").text, "403", path)
            self.assertFalse(self.css_all("#holiday-form, #commemoration-form, #days-import, #timing-rules"), "the admin form leaked on " + path)
        # (Posting the day-off and commemoration forms anyway over HTTP, refused with 403: moved to a
        # router test, see the issue 12 notes.)
