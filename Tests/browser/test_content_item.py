"""/content/new and the item page as their author and reviewers see them: the live caption counter
(Public/js/caption.js), a refused form keeping everything typed, an uploaded image in the Instagram
preview, and a rejection reason shown to the author."""

import json
import os
import re

from harness import PNG, TESTS_DIR, BrowserTestCase, By, ContentItemPages, Keys, Select, token, write_temp


class CaptionCounterTests(BrowserTestCase):
    """The counter against the shared case table that the Swift tests also check the server with
    (Tests/shared/caption-cases.json, read from the project beside these tests)."""

    @staticmethod
    def cases():
        with open(os.path.join(TESTS_DIR, "shared", "caption-cases.json"), encoding="utf-8") as f:
            return json.load(f)["cases"]

    def test_js_counter_matches_the_shared_table(self):
        # setup
        self.go("/login")
        cases = self.cases()
        self.assertGreaterEqual(len(cases), 30)
        # action
        results = self.d.execute_script(
            "return arguments[0].map(function (c) { var p = window.WartaCaption.plainText(c.markdown);"
            " return {plain: p, count: window.WartaCaption.count(p)}; });", cases)
        # check
        mismatches = ["%s: got %r (%d), expected %r (%d)" % (c["name"], r["plain"], r["count"], c["plain"], c["count"])
                      for c, r in zip(cases, results) if r["plain"] != c["plain"] or r["count"] != c["count"]]
        self.assertEqual(mismatches, [])

    def test_counter_turns_red_past_the_limit_and_the_server_saves_with_a_warning(self):
        # setup
        self.login("admin-medsos")
        self.go("/content/new")
        counter = self.css("#caption-count")
        self.assertEqual(self.css("#caption-count .count-value").text, "0")
        caption = "**Rapat** " + "kerja sama daerah " * 11  # 5 + 1 + 198 visible characters, trimmed: 203

        # action
        self.css("#caption").send_keys(caption)
        # check
        self.wait(lambda d: self.css("#caption-count .count-value").text == "203", "the counter did not follow the typing")
        self.assertIn("over", counter.get_attribute("class").split())
        # check: each ticked channel shows its own limit, counted on the same text
        instagram = self.css('.platform-counts [data-channel="instagram"]')
        self.assertEqual(instagram.find_element(By.CSS_SELECTOR, ".count-value").text, "203")
        self.assertNotIn("over", instagram.get_attribute("class").split(), "203 is within Instagram's 2,200")

        # action: untick and tick Instagram
        self.css('input[name="channels"][value="instagram"]').click()
        # check
        self.wait(lambda d: not instagram.is_displayed(), "an unticked channel's count still shows")
        self.css('input[name="channels"][value="instagram"]').click()

        # action: shortening it below the limit
        field = self.css("#caption")
        field.send_keys(Keys.END)
        for _ in range(10):
            field.send_keys(Keys.BACKSPACE)
        # check: turns the counter back
        self.wait(lambda d: "over" not in self.css("#caption-count").get_attribute("class").split(), "still red after shortening")

        # action: over again, and saved
        self.fill("#caption", caption)
        self.wait(lambda d: self.css("#caption-count .count-value").text == "203", "the counter did not follow")
        self.fill("#title", "Uji penghitung")
        self.click_and_wait(self.css("form.content-form button.primary"))
        # check: a draft may be long; the item page says how much to cut, counted as the form counts
        self.assertRegex(self.path(), r"^/content/\d+\?ok=content_created$", self.error_text())
        self.assertIn("203 / 200", self.css("p.caption-count").text)
        prefix, suffix = self.t("content_caption_over_warning", limit=200, channels="\x00", excess=3).split("\x00")
        warning = self.css("#caption-warning").text
        self.assertTrue(warning.startswith(prefix) and warning.endswith(suffix), warning)
        self.assertIn("Instagram", warning)


class ContentFormTests(ContentItemPages, BrowserTestCase):

    def test_workflow_refused_form_keeps_everything_even_an_over_long_caption(self):
        # setup
        self.allow_status(422)
        title = "Uji keterangan panjang " + token()
        first = "**Rapat koordinasi** Biro KSD dengan mitra kota kembar membahas kerja sama pendidikan."
        first_plain = first.replace("**", "")
        filler = "Dokumentasi lengkap ada di tautan media. " * 6
        second = filler[:213 - len(first_plain) - 2 - 1].rstrip() + "."
        caption = first + "\n\n" + second
        count = len(first_plain) + 2 + len(second)
        self.assertEqual(count, 213, "the test's own caption arithmetic")
        kept_channels = {"instagram", "tiktok"}
        media = "https://drive.google.com/drive/folders/uji-panjang\nbukan-tautan"
        notes = "Mohon tayang sebelum jam 10."
        self.as_user("admin-medsos")

        # action
        self.go("/content/new")
        self.fill("#title", title)
        Select(self.css("select#kind")).select_by_value("ucapan")
        Select(self.css("select#source")).select_by_value("koordinasi")
        self.fill("#caption", caption)
        for box in self.css_all("input[name=channels]"):
            if box.is_selected() != (box.get_attribute("value") in kept_channels):
                box.click()
        self.fill("#media_links", media)
        self.d.execute_script("document.getElementById('event_at').value = '2026-11-21T09:00';"
                              "document.getElementById('publish_at').value = '2026-11-22T10:30';"
                              "document.getElementById('due_on').value = '2026-11-25';")
        self.fill("#notes", notes)
        self.click_and_wait(self.css("form.content-form button.primary"))

        # check
        self.assertEqual(self.status(), 422)
        self.assertEqual(self.path(), "/content")
        errors = self.css("#content-errors")
        self.assertIn(self.t("content_error_media_link", link="bukan-tautan"), errors.text)
        self.assertIn("213", self.css("#caption-count .count-value").text)
        self.assertIn("over", self.css("#caption-count").get_attribute("class").split())
        # check: everything typed is still there
        self.assertEqual(self.css("#title").get_attribute("value"), title)
        self.assertEqual(Select(self.css("select#kind")).first_selected_option.get_attribute("value"), "ucapan")
        self.assertEqual(Select(self.css("select#source")).first_selected_option.get_attribute("value"), "koordinasi")
        self.assertEqual(self.css("#caption").get_property("value"), caption)
        self.assertEqual({b.get_attribute("value") for b in self.css_all("input[name=channels]") if b.is_selected()},
                         kept_channels)
        self.assertEqual(self.css("#media_links").get_property("value"), media)
        self.assertEqual(self.css("#event_at").get_property("value"), "2026-11-21T09:00")
        self.assertEqual(self.css("#publish_at").get_property("value"), "2026-11-22T10:30")
        self.assertEqual(self.css("#due_on").get_property("value"), "2026-11-25")
        self.assertEqual(self.css("#notes").get_property("value"), notes)
        # check: the refused item was not stored (the content list, in another tab, does not have it)
        with self.other_tab("/content"):
            self.assertEqual(self.h1(), self.t("content_list_title"))
            self.assertFalse(self.css_all(".pager a[rel=next]"), "the list has more pages: this page is not all items")
            self.assertNotIn(title, [a.text for a in self.css_all("main table a")], "the refused item was stored")

        # action: the link corrected and the caption shortened, the same form goes through, with what was kept
        self.fill("#media_links", "https://drive.google.com/drive/folders/uji-panjang")
        self.fill("#caption", first)
        self.click_and_wait(self.css("form.content-form button.primary"))
        # check
        match = re.fullmatch(r"/content/(\d+)\?ok=content_created", self.path())
        self.assertTrue(match, "the corrected form was refused: %s" % self.error_text())
        self.assertEqual(self.h1(), title)
        self.assertEqual([tag.text for tag in self.css_all("dl.details span.tag")], ["Instagram", "TikTok"])
        self.assertEqual(self.css("p.caption-count").text, "%d / 200 %s" % (len(first_plain), self.t("content_characters")))
        data = self.item_json(int(match.group(1)))
        self.assertEqual((data["kind"], sorted(data["channels"])), ("ucapan", sorted(kept_channels)))
        with self.other_tab("/content"):
            self.assertEqual([a.text for a in self.css_all("main table a")].count(title), 1, "the item is not listed once")

    def test_upload_an_image_see_it_in_the_instagram_preview_and_read_a_rejection_as_author(self):
        # setup
        title = "Uji unggah " + token(4)
        image = write_temp("foto-%s.jpg" % token(4), PNG)  # a PNG with a .jpg name
        self.login("admin-medsos")

        # action
        self.go("/content/new")
        self.fill("#title", title)
        self.fill("#caption", "Rapat koordinasi #KerjaSamaDaerah bersama @pemprovdki")
        self.css("#media_files").send_keys(image)
        self.click_and_wait(self.css("form.content-form button.primary"))
        # check
        self.assertRegex(self.path(), r"^/content/\d+\?ok=content_created$")
        item = self.path().split("?")[0]
        preview = self.css(".preview-instagram")
        img = preview.find_element(By.CSS_SELECTOR, ".pv-media img")
        self.wait_image_loaded(img, "the uploaded image did not load")
        self.assertEqual(preview.find_element(By.CSS_SELECTOR, ".pv-tag").text, "#KerjaSamaDaerah")

        # action: hand on; the next level sends it back with a reason; the author reads it
        self.click_and_wait(self.css('form[action$="/submit"] button'))
        self.logout()
        self.login("tim-pengelola")
        self.go(item)
        self.reveal(self.css("#reason"))
        self.fill("#reason", "Fotonya kurang terang, ganti yang lain.")
        self.click_and_wait(self.css('form[action$="/reject"] button'))
        self.logout()
        self.login("admin-medsos")
        self.go(item)
        # check
        notice = self.css("#rejection")
        self.assertIn("Fotonya kurang terang, ganti yang lain.", notice.text)
        self.assertTrue(notice.is_displayed())


class OverLongCaptionTests(ContentItemPages, BrowserTestCase):
    """Issue 13, item 9: a draft over the caption limit is saved with a warning; handing it on is
    refused in words until it is cut."""

    def test_over_long_draft_is_saved_submit_refused_then_cut_and_submitted(self):
        # setup
        self.allow_status(422)
        title = "Uji caption panjang " + token(4)
        long_caption = "Rapat koordinasi kerja sama daerah. " * 6  # 216 characters, trimmed 215
        self.login("admin-medsos")
        self.go("/content/new")
        self.fill("#title", title)
        self.fill("#caption", long_caption)
        for box in self.css_all("input[name=channels]"):
            if box.is_selected() != (box.get_attribute("value") == "facebook"):
                box.click()

        # action: saved over the limit
        self.click_and_wait(self.css("form.content-form button.primary"))
        # check: stored, with the warning in words
        match = re.fullmatch(r"/content/(\d+)\?ok=content_created", self.path())
        self.assertTrue(match, "the over-long draft was refused: %s" % self.error_text())
        item_id = int(match.group(1))
        self.assertEqual(self.css("p.flash").text, self.t("flash_content_created"))
        self.assertEqual(self.css("#caption-warning").text,
                         self.t("content_caption_over_warning", limit=200, channels="Facebook", excess=15))

        # action: handed on as it is
        self.click_and_wait(self.css('form[action$="/submit"] button'))
        # check: refused with how much to cut, the item page kept, nothing moved
        self.assertEqual(self.status(), 422)
        self.assertIn(self.t("content_error_caption_over_submit", limit=200, channels="Facebook", excess=15),
                      self.css("#action-errors").text)
        self.assertEqual(self.h1(), title)
        self.assertEqual(self.item_json(item_id)["status"], "draft")

        # action: cut, saved, handed on
        self.go("/content/%d/edit" % item_id)
        self.fill("#caption", long_caption[:190])
        self.click_and_wait(self.css("form.content-form button.primary"))
        self.assertEqual(self.path(), "/content/%d?ok=content_saved" % item_id, self.error_text())
        self.assertFalse(self.css_all("#caption-warning"), "the warning stays after the cut")
        self.act(item_id, "submit")
        # check
        self.assertEqual(self.item_json(item_id)["status"], "in_review")


class PublishStepReturnTests(ContentItemPages, BrowserTestCase):
    """Issue 13: the publish step of an item that cannot go out (Instagram without a photo or video)
    sends it back to the drafter with a reason; a confirmed text-only post is said in the history."""

    def test_the_publisher_sends_back_an_item_without_media(self):
        # setup
        self.allow_status(422)
        title = "Uji tanpa foto " + token(4)
        item_id = self.http_as("admin-medsos").create_item(title, ["instagram"], media="")
        self.approve_to_publish_step(item_id)
        self.login("admin-medsos")
        self.go(self.item_path(item_id))
        self.assert_item_at(item_id, 6, "ready_to_publish")
        # check: "Kembalikan" under the publish form, its reason folded away
        summary = self.css(".step-card details.publish-return > summary")
        self.assertEqual(summary.text, self.t("content_action_reject"))

        # action: sent without a reason (the browser's own check set aside)
        self.reveal(self.css("#reason"))
        self.d.execute_script("document.querySelector('#reason').removeAttribute('required');")
        self.click_and_wait(self.css('form[action$="/reject"] button'))
        # check: refused, the item still at the publish step
        self.assertEqual(self.status(), 422)
        self.assertIn(self.t("content_error_reason_required"), self.css("#action-errors").text)
        self.assertEqual(self.item_json(item_id)["status"], "ready_to_publish")

        # action: with the reason
        self.act(item_id, "reject", reason="Belum ada foto untuk Instagram.")
        # check: back at the first step, the drafter reads who and why
        self.assert_item_at(item_id, 1, "draft")
        self.assertIn("Belum ada foto untuk Instagram.", self.css("#rejection").text)
        history = self.item_json(item_id)["history"][-1]
        self.assertEqual((history["action"], history["step_position"], history["to_position"]), ("reject", 6, 1))

    def test_a_text_only_story_is_recorded_as_such(self):
        # setup
        title = "Uji cerita teks " + token(4)
        item_id = self.http_as("admin-medsos").create_item(title, ["instagram-story"], media="")
        self.approve_to_publish_step(item_id)
        self.login("admin-medsos")
        self.go(self.item_path(item_id))
        # action
        self.fill("#link_instagram-story", "https://www.instagram.com/stories/biroksd/3141592653589793/")
        self.css("#text_only").click()
        self.click_and_wait(self.css('form[action$="/publish"] button[type=submit]'))
        # check
        self.assertEqual(self.path(), "/content/%d?ok=content_publish" % item_id, self.error_text())
        self.assertIn(self.t("content_history_text_only"), self.css("main").text)
        self.assertTrue(self.item_json(item_id)["history"][-1]["text_only"])
