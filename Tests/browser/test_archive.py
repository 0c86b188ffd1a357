"""The publishing archive (issue 6): per-platform checks of the live links at the publish step (a
wrong link is refused naming the form expected, what was typed is kept, a valid one is stored
normalised), /archive with its filters, the CSV export (BOM, one header row, every cell quoted,
formula guard), the monthly report, the control sheet and record.zip, and an update after publishing
through the workflow that keeps the replaced link in the archive. The approval steps are done over
HTTP (their own subject is test_workflow.py), the publish step in the browser. Downloads (CSV, zip)
are fetched with the browser's cookies."""

import csv
import html
import io
import re
import urllib.parse
import zipfile

from harness import APPROVERS, BrowserTestCase, By, ContentItemPages, Select, text, text_prefix, today, token


class ArchiveTests(ContentItemPages, BrowserTestCase):

    CHANNELS = ["instagram", "facebook"]
    # PlatformLinks.expectedForm in Indonesian, as the hints and the errors show it.
    EXPECTED = {
        "instagram": "https://www.instagram.com/p/KODE/ · /reel/KODE/ · /tv/KODE/",
        "facebook": "https://www.facebook.com/HALAMAN/posts/ID · /HALAMAN/videos/ID · /reel/ID · /watch/?v=ID"
                    " · /share/p/KODE · https://fb.watch/KODE/",
    }
    # In people's words, ;-separated: what an Excel set to Indonesian splits on (issue 13, item 16).
    CSV_HEADER = ["Tanggal tayang", "Judul", "Jenis konten", "Kanal", "Tautan", "Dipublikasikan oleh", "Status tautan",
                  "Terakhir dicek", "Diganti pada"]
    QUOTED_ROW = re.compile(r'"(?:[^"]|"")*"(?:;"(?:[^"]|"")*")*')

    # -- downloads

    def csv_rows(self, path):
        """The CSV at path: checks the byte order mark, CRLF rows and that every cell is quoted; returns
        the rows (the header first)."""
        status, headers, body = self.fetch(path)
        self.assertEqual(status, 200, body[:300])
        self.assertTrue(headers.get("Content-Type", "").startswith("text/csv"), headers.get("Content-Type"))
        self.assertIn("attachment", headers.get("Content-Disposition", ""))
        self.assertTrue(body.startswith(b"\xef\xbb\xbf"), "the CSV does not start with a UTF-8 byte order mark: %r" % body[:10])
        self.assertFalse(body[3:].startswith(b"\xef\xbb\xbf"), "two byte order marks")
        content = body[3:].decode("utf-8")  # strict: any broken UTF-8 fails here
        self.assertTrue(content.endswith("\r\n"), "the last row does not end in CRLF")
        for line in content[:-2].split("\r\n"):  # no cell here holds a line break
            self.assertRegex(line, r"\A%s\Z" % self.QUOTED_ROW.pattern, "a CSV line with an unquoted cell")
        return list(csv.reader(io.StringIO(content, newline=""), delimiter=";"))

    # -- the archive page

    def archive_rows(self):
        """The rows of the /archive page shown now, as dicts."""
        rows = []
        for tr in self.css_all("table.archive-table tbody tr"):
            cells = tr.find_elements(By.TAG_NAME, "td")
            self.assertEqual(len(cells), 7, tr.get_attribute("outerHTML")[:300])
            title_links = cells[1].find_elements(By.TAG_NAME, "a")
            url = cells[4].find_element(By.CSS_SELECTOR, "a.url")
            badges = cells[4].find_elements(By.CSS_SELECTOR, ".badge")
            rows.append({
                "status": tr.get_attribute("data-link-status"),
                "replaced_class": "replaced" in (tr.get_attribute("class") or "").split(),
                "published": cells[0].find_element(By.TAG_NAME, "time").get_attribute("datetime"),
                "title": title_links[0].text, "item_href": self.href_path(title_links[0]),
                "sheet_text": title_links[1].text if len(title_links) > 1 else None,
                "sheet_href": self.href_path(title_links[1]) if len(title_links) > 1 else None,
                "kind": cells[2].text, "channel": cells[3].text,
                "url": url.get_attribute("href"), "url_text": url.text,
                "badge": badges[0].text if badges else None,
                "publisher": cells[5].text, "check": cells[6].text,
            })
        return rows

    def open_archive(self, query):
        self.go("/archive?" + query)
        self.assertEqual(self.h1(), text("id", "archive_title"))

    # -- tests

    def test_publish_then_archive_csv_and_control_sheet(self):
        """A wrong link is refused (422, the channel and the form named, typed values kept); valid
        links with tracking parameters are stored normalised; the archive lists one row per channel;
        the CSV, the control sheet and record.zip hold the item, its emoji title intact."""
        # setup: an item at the publish step
        self.allow_status(422)
        mark = token(4)
        title = "Arsip %s — Selamat Hari Guru 🇮🇩" % mark
        item_id = self.item_at_publish_step(title, self.CHANNELS)
        medsos = self.display_name("admin-medsos")
        self.as_user("admin-medsos")
        self.go(self.item_path(item_id))
        self.assertEqual(self.h1(), title)
        self.assert_item_at(item_id, 6, "ready_to_publish")
        self.assertEqual(self.action_form_kinds(), ["publish", "reject"], "publish, or send back from the publish step")
        for channel in self.CHANNELS:
            field = self.css("#link_" + channel)
            self.assertEqual(field.get_attribute("name"), "link_" + channel)
            self.assertEqual(field.get_attribute("value"), "", "a link is prefilled before the first publication")
            hint = self.css("#link_%s-hint" % channel)
            self.assertEqual(field.get_attribute("aria-describedby"), "link_%s-hint" % channel)
            self.assertEqual(hint.text, "%s %s" % (text("id", "link_expected"), self.EXPECTED[channel]))

        def publish(instagram, facebook):
            self.fill("#link_instagram", instagram)
            self.fill("#link_facebook", facebook)
            self.click_and_wait(self.css('form[action="/content/%d/publish"] button[type=submit]' % item_id))

        facebook_typed = "https://M.Facebook.com/biroksd/posts/%d/?mibextid=wwXIfr&utm_source=fb" % (4200 + int(mark, 16) % 1000)
        facebook_stored = "https://www.facebook.com/biroksd/posts/%d" % (4200 + int(mark, 16) % 1000)

        # action: 1. a YouTube link in the Instagram field
        youtube = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
        publish(youtube, facebook_typed)
        # check: refused, the platform and its form named
        self.assertEqual(self.status(), 422)
        self.assertEqual(self.path(), "/content/%d/publish" % item_id)
        errors = self.css("#action-errors").text
        self.assertIn(text("id", "link_error_host", channel="Instagram", hosts="instagram.com",
                           expected=self.EXPECTED["instagram"]), errors)
        self.assertNotIn("Facebook", errors, "the valid Facebook link was refused too")
        self.assertEqual(self.css("#link_instagram").get_attribute("value"), youtube, "the typed Instagram link is gone")
        self.assertEqual(self.css("#link_facebook").get_attribute("value"), facebook_typed, "the typed Facebook link is gone")
        self.assertEqual(self.css(".page-head span.status").text, text("id", "status_ready_to_publish"))
        self.assertEqual(self.action_form_kinds(), ["publish", "reject"], "the publish form is not shown twice")

        # action: 2. an Instagram profile, not a post
        profile = "https://www.instagram.com/biroksd/"
        publish(profile, facebook_typed)
        # check: refused as the wrong form, nothing stored
        self.assertEqual(self.status(), 422)
        errors = self.css("#action-errors").text
        self.assertIn(text("id", "link_error_form", channel="Instagram", expected=self.EXPECTED["instagram"]), errors)
        self.assertEqual(self.css("#link_instagram").get_attribute("value"), profile)
        self.assertEqual(self.css("#link_facebook").get_attribute("value"), facebook_typed)
        data = self.item_json(item_id)
        self.assertEqual((data["status"], data["links"]), ("ready_to_publish", []), "a refused publication stored links")

        # action: 3. valid links with tracking parameters and odd case
        code = "C%sArsip" % mark
        instagram_typed = "https://WWW.Instagram.COM/p/%s/?igsh=abc&utm_source=ig" % code
        instagram_stored = "https://www.instagram.com/p/%s/" % code
        stored = {"instagram": instagram_stored, "facebook": facebook_stored}
        publish(instagram_typed, facebook_typed)
        # check: published, stored normalised
        self.assertEqual(self.path(), "/content/%d?ok=content_publish" % item_id, self.error_text())
        self.assertEqual(self.css("p.flash").text, text("id", "flash_content_publish"))
        self.assertEqual(self.css(".page-head span.status").text, text("id", "status_published"))
        links = self.css_all('section[aria-labelledby="links-heading"] ul.links li')
        self.assertEqual(sorted(li.find_element(By.TAG_NAME, "a").get_attribute("href") for li in links),
                         sorted(stored.values()))
        self.assertEqual({li.get_attribute("data-link-status") for li in links}, {"belum-dicek"})
        self.assertEqual(self.href_path(self.css("#sheet-link")), "/content/%d/sheet" % item_id)
        self.assertEqual(self.href_path(self.css("#record-link")), "/content/%d/record.zip" % item_id)
        self.assertEqual(sorted((l["channel"], l["url"]) for l in self.item_json(item_id)["links"]), sorted(stored.items()))

        # action: the archive, searched by the mark
        self.open_archive("q=" + mark)
        # check: one row per channel, not checked yet
        self.assertEqual(self.css('form[action="/archive"] input[name=q]').get_attribute("value"), mark)
        self.assertEqual(self.css('form[action="/archive"] select[name=month]').get_property("value"), "", "a month is chosen")
        rows = self.archive_rows()
        self.assertEqual(sorted(r["channel"] for r in rows), ["Facebook", "Instagram"], rows)
        by_channel = {r["channel"]: r for r in rows}
        day = today()
        for channel, name in (("instagram", "Instagram"), ("facebook", "Facebook")):
            row = by_channel[name]
            self.assertEqual(row["status"], "belum-dicek")
            self.assertEqual(row["check"], text("id", "link_status_belum-dicek"))
            self.assertEqual((row["url"], row["url_text"]), (stored[channel], stored[channel]))
            self.assertEqual(row["title"], title)
            self.assertEqual(row["item_href"], self.item_path(item_id))
            self.assertEqual((row["sheet_text"], row["sheet_href"]), (text("id", "sheet_short"), "/content/%d/sheet" % item_id))
            self.assertEqual(row["kind"], text("id", "kind_kegiatan"))
            self.assertEqual(row["publisher"], medsos)
            self.assertTrue(row["published"].startswith(day.isoformat()), row["published"])
            self.assertFalse(row["replaced_class"] or row["badge"], "a first link is marked replaced")
        month = "%04d-%02d" % (day.year, day.month)
        csv_href = self.href_path(self.css("a#archive-csv"))
        self.assertEqual(csv_href, "/archive.csv?q=" + mark)
        self.assertEqual(self.href_path(self.css("a#archive-report")), "/archive/report?month=" + month)
        sort_links = self.css_all("p.sort-links a")
        self.assertEqual(len(sort_links), 4)
        for link in sort_links:
            self.assertEqual(urllib.parse.parse_qs(urllib.parse.urlsplit(link.get_attribute("href")).query).get("q"), [mark],
                             "a sort link loses the search: " + link.get_attribute("href"))

        # action: the filter form (GET), a channel
        Select(self.css('form[action="/archive"] select[name=channel]')).select_by_value("instagram")
        Select(self.css('form[action="/archive"] select[name=month]')).select_by_value(month)
        self.click_and_wait(self.css('form[action="/archive"] button[type=submit]'))
        # check: narrows to one row and keeps the search and the month
        query = self.query()
        self.assertEqual((query.get("channel"), query.get("q"), query.get("month")), (["instagram"], [mark], [month]))
        self.assertEqual([r["url"] for r in self.archive_rows()], [instagram_stored])
        self.assertEqual(urllib.parse.parse_qs(urllib.parse.urlsplit(self.css("a#archive-csv").get_attribute("href")).query),
                         {"month": [month], "channel": ["instagram"], "q": [mark]}, "the CSV button lost the filter")
        # action: last year's month
        self.open_archive("q=%s&month=%04d-%02d" % (mark, day.year - 1, day.month))
        # check
        self.assertEqual(self.archive_rows(), [], "last year's month lists a link published today")
        self.assertIn(text("id", "archive_empty"), self.css("main").text)

        # action: the CSV of the search
        table = self.csv_rows(csv_href)
        # check: BOM, one header row, both links, the title with its emoji
        self.assertEqual(table[0], self.CSV_HEADER)
        self.assertNotIn(self.CSV_HEADER, table[1:], "more than one header row")
        body = table[1:]
        self.assertEqual(len(body), 2, body)
        self.assertEqual({r[1] for r in body}, {title}, "the title did not survive the CSV (UTF-8, emoji)")
        self.assertEqual(sorted((r[3], r[4]) for r in body), [("Facebook", facebook_stored), ("Instagram", instagram_stored)])
        for r in body:
            self.assertEqual(len(r), len(self.CSV_HEADER))
            self.assertRegex(r[0], r"\A%s \d\d:\d\d" % day.isoformat())
            self.assertEqual((r[2], r[5], r[6], r[7], r[8]), (text("id", "kind_kegiatan"), medsos,
                                                              text("id", "link_status_belum-dicek"), "", ""))

        # action: the monthly report (print)
        self.open_archive("q=" + mark)
        self.click_and_wait(self.css("a#archive-report"))
        # check: lists both links of the item
        self.assertEqual(self.path(), "/archive/report?month=" + month)
        # Each post is a tbody of two rows: number, date, title, kind, channel; then the link on its own.
        posts = []
        for body in self.css_all("table.report-posts tbody.report-post"):
            first, link = body.find_elements(By.TAG_NAME, "tr")
            posts.append(self.cells(first) + self.cells(link))
        self.assertEqual(sorted((p[4], p[5]) for p in posts if p[2] == title),
                         [("Facebook", facebook_stored), ("Instagram", instagram_stored)], posts)

        # action: the control sheet, from the archive row's link
        self.open_archive("q=" + mark)
        self.click_and_wait(self.css('table.archive-table a[href="/content/%d/sheet"]' % item_id))
        # check
        self.assertEqual(self.path(), "/content/%d/sheet" % item_id)
        sheet = self.css("article#control-sheet")
        self.assertIn(title, sheet.find_element(By.CSS_SELECTOR, "table.facts-table").text)
        self.assertIn(text("id", "status_published"), sheet.find_element(By.CSS_SELECTOR, "table.facts-table").text)
        steps = self.css_all("#sheet-step-table tbody tr:not(.total-row)")
        self.assertEqual(len(self.css_all("#sheet-step-table tbody tr.total-row")), 1, "the total once, the table's last row")
        actions = [next(c for c in tr.get_attribute("class").split() if c.startswith("action-")) for tr in steps]
        self.assertEqual(actions, ["action-create", "action-submit"] + ["action-approve"] * 4 + ["action-publish"])
        actors = ["admin-medsos", "admin-medsos"] + APPROVERS + ["admin-medsos"]
        for number, (tr, username) in enumerate(zip(steps, actors), 1):
            cells = self.cells(tr)
            self.assertEqual(len(cells), 10, cells)  # the last: paraf, empty for the pen
            self.assertEqual(cells[9], "", "the paraf cell is left blank")
            self.assertEqual(cells[0], str(number))
            self.assertEqual(cells[3], self.display_name(username), "actor of sheet row %d" % number)
            self.assertRegex(cells[4], r"\A\d\d-\d\d-%d \d\d\.\d\d\Z" % day.year, "short time of sheet row %d" % number)
            self.assertEqual(cells[5], "1", "revision of sheet row %d" % number)
            self.assertTrue(cells[6] and cells[7], "standard and actual time of sheet row %d: %r" % (number, cells))
        self.assertEqual(steps[-1].find_elements(By.TAG_NAME, "td")[2].text, text("id", "content_event_publish"))
        link_rows = self.css_all("#sheet-link-table tbody tr")
        self.assertEqual(sorted(tr.find_element(By.CSS_SELECTOR, "a").get_attribute("href") for tr in link_rows),
                         sorted(stored.values()))
        self.assertEqual({tr.get_attribute("data-link-status") for tr in link_rows}, {"belum-dicek"})
        for tr in link_rows:
            self.assertIn(medsos, tr.text)
            self.assertEqual(tr.find_elements(By.TAG_NAME, "td")[3].text, "–", "a first link shows a replacement date")

        # action: record.zip, from the sheet's link
        record = self.href_path(self.css("a#record-zip"))
        self.assertEqual(record, "/content/%d/record.zip" % item_id)
        status, headers, body = self.fetch(record)
        # check: caption, control sheet and links, readable offline
        self.assertEqual(status, 200, body[:300])
        self.assertEqual(headers.get("Content-Type"), "application/zip")
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            self.assertIsNone(archive.testzip(), "a damaged entry in record.zip")
            names = archive.namelist()
            for name in ("keterangan.txt", "lembar-kendali.html", "tautan.csv"):
                self.assertIn(name, names)
            sheet_html = archive.read("lembar-kendali.html").decode("utf-8")
            self.assertIn(html.escape(title, quote=False), sheet_html)
            self.assertIn('id="control-sheet"', sheet_html)
            self.assertRegex(sheet_html, r"<style>[^<]{100,}</style>", "the offline control sheet has no stylesheet inside")
            self.assertNotRegex(sheet_html, r'(?:href|src)="/', "the offline control sheet points at the server")
            self.assertIn("Rapat koordinasi Biro KSD dengan mitra kota kembar.", archive.read("keterangan.txt").decode("utf-8"))
            links_csv = archive.read("tautan.csv")
            self.assertTrue(links_csv.startswith(b"\xef\xbb\xbf"))
            links_text = links_csv.decode("utf-8-sig")
            for url in stored.values():
                self.assertIn(url, links_text)
        # (The CSV and record.zip refused without a session, 303 to /login: moved to a router test,
        # see the issue 12 notes.)

    def test_csv_neutralises_formula_like_titles(self):
        """A title that a spreadsheet would run as a formula is exported with a leading apostrophe;
        the page shows it as typed."""
        # setup
        mark = token(4)
        title = '=HYPERLINK("http://contoh.invalid/";"klik") Arsip %s' % mark
        item_id = self.published_item(title, {"instagram": "https://www.instagram.com/p/F%s/" % mark,
                                              "facebook": "https://www.facebook.com/biroksd/posts/%d" % int(mark, 16)})
        self.as_user("admin-medsos")
        # action
        self.open_archive("q=" + mark)
        # check
        rows = self.archive_rows()
        self.assertEqual([r["title"] for r in rows], [title, title])
        self.assertEqual({r["item_href"] for r in rows}, {self.item_path(item_id)})
        # action
        table = self.csv_rows(self.href_path(self.css("a#archive-csv")))
        # check
        self.assertEqual(table[0], self.CSV_HEADER)
        self.assertEqual([r[1] for r in table[1:]], ["'" + title] * 2, "the formula-like title is not neutralised")

    def test_update_after_publishing_keeps_old_link(self):
        """The publisher starts an update (policy: through the workflow): the item goes back to step 1
        with the reason; published again with a new Instagram link, the archive keeps the old link
        marked replaced, the Facebook link stays one row."""
        # setup: a published item
        mark = token(4)
        title = "Arsip pemutakhiran %s" % mark
        old = {"instagram": "https://www.instagram.com/p/C%sLama/" % mark,
               "facebook": "https://www.facebook.com/biroksd/posts/%d" % int(mark, 16)}
        new_typed = "https://instagram.com/reels/C%sBaru/?igsh=xyz" % mark
        new_instagram = "https://www.instagram.com/reel/C%sBaru/" % mark
        reason = "Foto utama diganti atas arahan pimpinan."
        item_id = self.published_item(title, old)

        # action: another role looks at it
        self.as_user("kepala-biro")
        self.go(self.item_path(item_id))
        # check: only the publishing role may start an update
        self.assertEqual(self.h1(), title)
        self.assertFalse(self.css_all("#update-published"), "kepala-biro is offered the update")
        # (Posting the update anyway over HTTP, refused with 403: moved to a router test, see the
        # issue 12 notes.)

        # action: the publisher starts the update
        self.as_user("admin-medsos")
        self.go(self.item_path(item_id))
        section = self.css("#update-published")
        self.assertEqual(section.find_element(By.TAG_NAME, "h2").text, text("id", "update_title"))
        self.assertIn(text("id", "update_workflow_hint"), section.text)
        form = section.find_element(By.CSS_SELECTOR, 'form[action="/content/%d/reopen"]' % item_id)
        self.assertFalse(self.d.execute_script("return arguments[0].checkValidity();", form),
                         "the update form is valid without a reason")
        button = form.find_element(By.CSS_SELECTOR, "button[type=submit]")
        self.assertEqual(button.text, text("id", "update_workflow_button"))
        self.fill("#reopen-reason", reason)
        self.click_and_wait(button)
        # check: back at step 1, with the reason in the history
        self.assertEqual(self.path(), "/content/%d?ok=content_reopened" % item_id, self.error_text())
        self.assertEqual(self.css("p.flash").text, text("id", "flash_content_reopened"))
        self.assert_item_at(item_id, 1, "draft")
        self.assertFalse(self.css_all("#update-published"), "the update section is still offered on a draft")
        reopen_rows = self.css_all("table.history tr.event-reopen")
        self.assertEqual(len(reopen_rows), 1)
        self.assertIn(reason, reopen_rows[0].text)
        self.assertIn(self.display_name("admin-medsos"), reopen_rows[0].text)
        # check: until published again, the old links stay current
        self.open_archive("q=" + mark)
        self.assertEqual(sorted((r["url"], r["replaced_class"]) for r in self.archive_rows()),
                         sorted((u, False) for u in old.values()))

        # action: through the workflow again (over HTTP)
        self.approve_to_publish_step(item_id)
        self.go(self.item_path(item_id))
        # check: at the publish step the current links are prefilled
        self.assert_item_at(item_id, 6, "ready_to_publish")
        self.assertEqual(self.css("#link_instagram").get_attribute("value"), old["instagram"])
        self.assertEqual(self.css("#link_facebook").get_attribute("value"), old["facebook"])
        # action: published with a new Instagram link
        self.act(item_id, "publish", link_instagram=new_typed)
        # check
        self.assertEqual(self.css(".page-head span.status").text, text("id", "status_published"))

        # action
        self.open_archive("q=" + mark)
        # check: the old Instagram link marked replaced, the new one, Facebook once
        rows = self.archive_rows()
        self.assertEqual(len(rows), 3, rows)
        instagram = {r["url"]: r for r in rows if r["channel"] == "Instagram"}
        facebook = [r for r in rows if r["channel"] == "Facebook"]
        self.assertEqual(set(instagram), {old["instagram"], new_instagram})
        self.assertEqual([r["url"] for r in facebook], [old["facebook"]], "the unchanged Facebook link was recorded again")
        replaced = instagram[old["instagram"]]
        self.assertTrue(replaced["replaced_class"], "the old Instagram row is not marked replaced")
        self.assertTrue((replaced["badge"] or "").startswith(text_prefix("id", "archive_replaced_at")), replaced["badge"])
        self.assertRegex(replaced["badge"], r"\d\d[.:]\d\d")
        for current in (instagram[new_instagram], facebook[0]):
            self.assertFalse(current["replaced_class"] or current["badge"], "a current link is marked replaced: %r" % current)
        self.assertEqual({r["status"] for r in rows}, {"belum-dicek"})

        # action: the CSV
        table = self.csv_rows(self.href_path(self.css("a#archive-csv")))
        # check: the replacement date only on the old link
        replaced_at = {r[4]: r[8] for r in table[1:]}
        self.assertEqual(set(replaced_at), {old["instagram"], new_instagram, old["facebook"]})
        self.assertRegex(replaced_at[old["instagram"]], r"\A%s \d\d:\d\d" % today().isoformat())
        self.assertEqual((replaced_at[new_instagram], replaced_at[old["facebook"]]), ("", ""))

        # action: the item page and the control sheet
        self.go(self.item_path(item_id))
        # check: they keep the whole story
        items = self.css_all('section[aria-labelledby="links-heading"] ul.links li')
        marked = {li.find_element(By.TAG_NAME, "a").get_attribute("href"): "replaced" in (li.get_attribute("class") or "")
                  for li in items}
        self.assertEqual(marked, {old["instagram"]: True, new_instagram: False, old["facebook"]: False})
        self.assertTrue(self.css_all("#update-published"), "the update section is gone after publishing again")
        self.click_and_wait(self.css("#sheet-link"))
        actions = [next(c for c in tr.get_attribute("class").split() if c.startswith("action-"))
                   for tr in self.css_all("#sheet-step-table tbody tr:not(.total-row)")]
        self.assertEqual(actions, ["action-create", "action-submit"] + ["action-approve"] * 4 + ["action-publish", "action-reopen",
                                   "action-submit"] + ["action-approve"] * 4 + ["action-publish"])
        reopen = self.css("#sheet-step-table tr.action-reopen")
        self.assertIn(reason, reopen.text)
        sheet_links = {tr.find_element(By.CSS_SELECTOR, "a").get_attribute("href"): tr.find_elements(By.TAG_NAME, "td")[3].text
                       for tr in self.css_all("#sheet-link-table tbody tr")}
        self.assertEqual(set(sheet_links), {old["instagram"], new_instagram, old["facebook"]})
        self.assertNotEqual(sheet_links[old["instagram"]], "–", "the control sheet does not show when the old link was replaced")
        self.assertEqual((sheet_links[new_instagram], sheet_links[old["facebook"]]), ("–", "–"))
