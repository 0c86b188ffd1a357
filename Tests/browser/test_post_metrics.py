"""Post performance (issue 15, item 2): on a published item the publisher records figures by hand
in the "Kinerja" section (the H+1 and H+7 days are hinted; the server runs on the real clock, so the
H+1 reading is entered as of today, the publishing day, the latest day the form accepts), a bad
number is refused with the form kept; then a Meta-shaped insights CSV (`Tests/shared/insights/
insights-meta.csv`, its permalink pointed at this test's post) with one row not in the archive is
uploaded at /evaluasi/kinerja, the preview lists the match and the unmatched row with its reason,
and after the confirmation the post heads its channel's ranking."""

import os

from harness import BrowserTestCase, By, ContentItemPages, text, today, token, write_temp

FIXTURES = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "shared", "insights")


class PostMetricsTests(ContentItemPages, BrowserTestCase):

    def test_figures_by_hand_then_a_meta_csv_with_preview_and_ranking(self):
        # setup: a published item with an Instagram link unique to this run
        self.allow_status(422)
        mark = token(4)
        code = "CKinerja%s" % mark
        title = "Kinerja %s — Rapat koordinasi" % mark
        instagram = "https://www.instagram.com/p/%s/" % code
        item_id = self.published_item(title, {"instagram": instagram})
        self.as_user("admin-medsos")
        self.go(self.item_path(item_id))

        # check: the section lists the link with no figures yet, and the form hints H+1 and H+7
        section = self.css("section#kinerja")
        self.assertEqual(section.find_element(By.TAG_NAME, "h2").text, text("id", "metrics_item_heading"))
        block = self.css("section#kinerja section.metrics-link")
        block_id = block.get_attribute("id")
        self.assertIn(text("id", "metrics_none_yet"), block.text)
        block.find_element(By.TAG_NAME, "summary").click()
        hint = block.find_element(By.CSS_SELECTOR, "p.hint").text
        self.assertTrue(hint.startswith("Biasanya dibaca H+1 ("), hint)
        self.assertEqual(block.find_element(By.CSS_SELECTOR, "input[name=as_of]").get_attribute("value"), today().isoformat())

        # action: a bad number
        prefix = "#%s-" % block_id
        self.fill(prefix + "reach", "1.204")
        self.fill(prefix + "likes", "banyak")
        self.fill(prefix + "comments", "8")
        self.click_and_wait(block.find_element(By.CSS_SELECTOR, "button[type=submit]"))
        # check: refused in words, what was typed kept
        self.assertEqual(self.status(), 422)
        errors = self.css("#%s .alert.error" % block_id).text
        self.assertIn(text("id", "metrics_bad_number", field=text("id", "metrics_likes"), value="banyak"), errors)
        self.assertEqual(self.css(prefix + "reach").get_attribute("value"), "1.204")
        self.assertEqual(self.css(prefix + "likes").get_attribute("value"), "banyak")

        # action: corrected
        self.fill(prefix + "likes", "150")
        self.fill(prefix + "shares", "9")
        self.click_and_wait(self.css("#%s button[type=submit]" % block_id))
        # check: saved, shown in the link's table with its engagement rate
        self.assertEqual(self.path(), "%s?ok=metrics_saved" % self.item_path(item_id), self.error_text())
        self.assertEqual(self.flash(), text("id", "flash_metrics_saved"))
        cells = [td.text for td in self.css_all("#%s table.metrics tbody tr td" % block_id)]
        self.assertEqual(cells[:7], ["1.204", "–", "150", "8", "9", "–", "–"])
        self.assertEqual(cells[7], "13,9%", "(150 + 8 + 9) ÷ 1204 = 0.1387")

        # action: a Meta-shaped export, its first row pointed at this post, its second not in the archive
        with open(os.path.join(FIXTURES, "insights-meta.csv"), "rb") as f:
            data = f.read().replace(b"/p/Cabc123/", ("/p/%s/" % code).encode()).replace(b"/p/Czzz999/", ("/p/CLain%s/" % mark).encode())
        path = write_temp("insights-meta-%s.csv" % mark, data)
        self.go("/evaluasi/kinerja")
        self.assertEqual(self.h1(), text("id", "metrics_page_title"))
        self.css("input#import-file").send_keys(path)
        self.click_and_wait(self.css('form[action="/evaluasi/kinerja/impor"] button[type=submit]'))
        # check: the preview, nothing saved yet
        self.assertEqual(self.status(), 200, self.error_text())
        preview = self.css("#import-preview").text
        self.assertIn(text("id", "metrics_import_summary", matched="1", unmatched="1"), preview)
        matched = self.css_all("#preview-matched tbody tr")
        self.assertEqual(len(matched), 1)
        self.assertIn(title, matched[0].text)
        unmatched = self.css_all("#preview-unmatched tbody tr")
        self.assertEqual(len(unmatched), 1)
        self.assertIn(text("id", "metrics_unmatched_not_archived", link="https://www.instagram.com/p/CLain%s/" % mark), unmatched[0].text)
        status, _, body = self.fetch(self.item_path(item_id))
        self.assertEqual(status, 200)
        self.assertNotIn(b"1.912", body, "the preview saved something")

        # action: confirm
        self.click_and_wait(self.css("#confirm-import"))
        # check: saved (today's row replaced by the file's figures), and the post in the ranking
        self.assertEqual(self.flash(), text("id", "flash_metrics_imported"))
        ranking = self.css('table.ranking[data-group="perf-instagram-kegiatan"]')
        titles = [a.text for a in ranking.find_elements(By.CSS_SELECTOR, "tbody tr td a")]
        self.assertIn(title, titles)
        self.go(self.item_path(item_id))
        cells = [td.text for td in self.css_all("#%s table.metrics tbody tr td" % block_id)]
        self.assertEqual(cells[:7], ["1.912", "–", "231", "12", "17", "40", "2.480"])
        self.assertIn(text("id", "metrics_source_import"), cells[-1])
        self.assert_clean_console("post metrics")
