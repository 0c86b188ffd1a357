"""An item sent back ("Kembalikan", issue 13 item 6): the approver returns it with a reason in the
browser; its creator then reads "Dikembalikan oleh ⟨name, role⟩: ⟨reason⟩" in "Konten saya", with a
badge beside "Tugas saya" in the navigation, and the same at the top of the item, until it moves on."""

from harness import BrowserTestCase, ContentItemPages, token


class ReturnedTests(ContentItemPages, BrowserTestCase):

    def returned_count(self):
        """The badge beside "Tugas saya": the creator's own items sent back (0 when absent)."""
        badges = self.css_all('nav a[href="/"] #nav-returned')
        return int(badges[0].text) if badges else 0

    def mine_row(self, item_id):
        """The item's line in "Konten saya", or None."""
        rows = [li for li in self.css_all("#mine-heading ~ ul.item-list > li")
                if li.find_elements("css selector", 'a[href="%s"]' % self.item_path(item_id))]
        return rows[0] if rows else None

    def test_the_creator_reads_who_returned_the_item_and_why_until_it_moves_on(self):
        # setup: an item of admin-medsos, handed on to step 2
        title = "Uji dikembalikan " + token()
        reason = "Sebutkan nama mitra dan ganti foto utamanya."
        item_id = self.created_item(title, submitted=True)
        self.as_user("admin-medsos")
        before = self.returned_count()

        # action: Tim Pengelola opens it from Tugas saya and sends it back with the reason
        self.as_user("tim-pengelola")
        self.open_from_tasks(item_id, title, 2)
        self.fill("#reason", reason)
        self.click_and_wait(self.css('form[action="/content/%d/reject"] button[type=submit]' % item_id))
        self.assertEqual(self.path(), "/content/%d?ok=content_reject" % item_id, self.error_text())
        self.assertEqual(self.returned_count(), 0, "the one who sent it back got the badge")

        # check: the creator's home says who, in which role, and why; the badge counts it
        self.as_user("admin-medsos")
        notice = self.t("content_returned_notice", actor=self.display_name("tim-pengelola"),
                        role="Tim Pengelola Media Sosial", reason=reason)
        row = self.mine_row(item_id)
        self.assertIsNotNone(row, "the item is not in Konten saya")
        self.assertIn("returned", row.get_attribute("class").split())
        self.assertEqual(row.find_element("css selector", ".returned-notice").text, notice)
        self.assertTrue(row.find_element("css selector", ".returned-notice").is_displayed())
        self.assertEqual(self.returned_count(), before + 1)
        self.assertEqual(self.returned_count(), len(self.css_all("#mine-heading ~ ul.item-list > li.returned")),
                         "the badge differs from the returned lines of Konten saya")
        badge = self.css("#nav-returned")
        self.assertTrue(badge.is_displayed())
        self.assertEqual(badge.get_attribute("aria-label"), "%s %d" % (self.t("nav_returned_label"), before + 1))

        # check: the item page, for the holder of the step it went back to, opens with the notice
        self.click_and_wait(row.find_element("css selector", 'a[href="%s"]' % self.item_path(item_id)))
        box = self.css("#rejection")
        self.assertTrue(box.is_displayed())
        self.assertEqual(self.css("#rejection .rejection-reason").text, reason)
        self.assertIn("Tim Pengelola Media Sosial", self.css("#rejection .rejection-title").text)
        self.assertLess(box.location["y"], self.css("#step-heading").location["y"], "the notice is not at the top")
        self.assertEqual(self.returned_count(), before + 1, "the badge is on every page")

        # action: handed on again
        self.click_and_wait(self.css('form[action="/content/%d/submit"] button[type=submit]' % item_id))
        # check: the notice and its share of the badge are gone
        self.assertFalse(self.css_all("#rejection"))
        self.go("/")
        self.assertEqual(self.returned_count(), before)
        row = self.mine_row(item_id)
        self.assertIsNotNone(row)
        self.assertFalse(row.find_elements("css selector", ".returned-notice"))
