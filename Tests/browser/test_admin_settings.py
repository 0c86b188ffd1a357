"""/admin/settings: the account name and avatar in the Instagram preview, the city above the monthly
report's signature, website domains (normalised, at most 20, host names only), the update policy
and the timing rules: each kept, or refused with the form kept, and changed back through the form."""

import datetime
import urllib.parse
import zoneinfo

from harness import PNG, BrowserTestCase, By, token, write_temp


class AdminSettingsTests(BrowserTestCase):

    RULES = ["kegiatan-hari-sama", "infografis-3-hari", "ucapan-sebelum-hari"]

    def settings_form(self):
        """Every field of the settings form as it would be sent, but the avatar: checkboxes as lists."""
        return self.d.execute_script("""
            var form = document.querySelector('form[action="/admin/settings"]'), out = {};
            Array.prototype.forEach.call(form.elements, function (e) {
              if (!e.name || e.name === 'csrf_token' || e.type === 'file' || e.name === 'remove_avatar') return;
              if (e.type === 'checkbox') { out[e.name] = out[e.name] || []; if (e.checked) out[e.name].push(e.value); }
              else if (e.type === 'radio') { if (e.checked) out[e.name] = e.value; else if (!(e.name in out)) out[e.name] = null; }
              else out[e.name] = e.value;
            });
            return out;
        """)

    def others(self, form, *names):
        """The form without some fields: what must not change when only those are edited."""
        return {k: v for k, v in form.items() if k not in names}

    def save(self):
        self.click_and_wait(self.css('form[action="/admin/settings"] button.primary'))

    @staticmethod
    def href_path_of_src(img):
        return urllib.parse.urlsplit(img.get_attribute("src")).path

    def instagram_head(self):
        preview = self.css(".preview-instagram")
        return preview.find_element(By.CSS_SELECTOR, ".pv-head strong").text, preview.find_element(By.CSS_SELECTOR, ".pv-avatar")

    def test_settings_account_name_and_avatar_show_in_the_instagram_preview(self):
        # setup: an item to preview, made over HTTP
        account = "uji_akun_" + token()
        title = "Uji akun pratinjau " + token()
        image = write_temp("avatar-%s.png" % token(4), PNG)
        self.http_as("admin-medsos").create_item(title, ["instagram"], caption="Rapat koordinasi.")
        self.as_user("admin")
        self.go("/admin/settings")
        self.assertEqual(self.h1(), self.t("settings_title"))
        institution = self.css("#name").get_attribute("value")
        before = self.settings_form()
        self.assertEqual(before["account_name"], "", "an account name is already set")

        # action: an account name and an avatar
        self.fill("#account_name", account)
        self.css("#avatar").send_keys(image)
        self.save()
        # check
        self.assertEqual(self.path(), "/admin/settings?ok=settings_saved", self.error_text())
        self.assertEqual(self.flash(), self.t("flash_settings_saved"))
        self.assertEqual(self.css("#account_name").get_attribute("value"), account)
        self.assertEqual(self.others(self.settings_form(), "account_name"), self.others(before, "account_name"),
                         "saving the account name changed other settings")
        thumb = self.css("p.uploads img.thumb")
        thumb_src = self.href_path_of_src(thumb)
        self.wait_image_loaded(thumb, "the avatar does not load on the settings page")

        # action: the item's page
        self.go("/content")
        self.click_and_wait(self.d.find_element(By.LINK_TEXT, title))
        # check: the preview shows the account name and the avatar
        self.assertRegex(self.path(), r"^/content/\d+$")
        name, avatar = self.instagram_head()
        self.assertEqual(name, account)
        self.assertIn(account, self.css(".preview-instagram .pv-caption").text)
        img = avatar.find_element(By.TAG_NAME, "img")
        self.wait_image_loaded(img, "the uploaded avatar did not load in the Instagram preview")
        self.assertEqual(self.href_path_of_src(img), thumb_src, "the preview shows another picture")
        item = self.path()

        # action: back to no account name and no avatar
        self.go("/admin/settings")
        self.fill("#account_name", "")
        self.css('input[name="remove_avatar"]').click()
        self.save()
        # check
        self.assertEqual(self.path(), "/admin/settings?ok=settings_saved", self.error_text())
        self.assertEqual(self.css("#account_name").get_attribute("value"), "")
        self.assertFalse(self.css_all("p.uploads img.thumb"), "the avatar was not removed")
        self.assertEqual(self.settings_form(), before)
        # check: the preview falls back to the institution's name
        self.go(item)
        name, avatar = self.instagram_head()
        self.assertEqual(name, institution)
        self.assertFalse(avatar.find_elements(By.TAG_NAME, "img"), "the removed avatar is still in the preview")
        self.assertEqual(avatar.text, "".join(w[0] for w in institution.split()[:2]).upper())

    def test_settings_city_domains_policy_and_timing_rules_are_kept_then_restored(self):
        # setup
        self.allow_status(422)
        mark = token()
        city = "Kota Uji " + mark
        self.as_user("admin")
        self.go("/admin/settings")
        self.assertEqual(self.h1(), self.t("settings_title"))
        before = self.settings_form()
        self.assertEqual((before["city"], before["website_domains"], before["update_policy"], before["timing_rules"]),
                         ("Jakarta", "", "workflow", self.RULES), "the dki-ksd defaults are not in place before the test")
        self.assertEqual(sorted(e.get_attribute("value") for e in self.css_all('#update-policy input[type=radio][name="update_policy"]')),
                         ["direct", "workflow"])
        self.assertEqual([e.get_attribute("value") for e in self.css_all('#timing-rules input[type=checkbox][name="timing_rules"]')], self.RULES)

        # action
        self.fill("#city", city)
        self.fill("#website_domains", "Humas-Uji.Jakarta.go.id\nhttps://www.biroksd-uji.jakarta.go.id/berita")
        self.set_checked('#timing-rules input[value="infografis-3-hari"]', False)
        self.set_checked('#update-policy input[value="direct"]', True)
        self.save()
        # check
        self.assertEqual(self.path(), "/admin/settings?ok=settings_saved", self.error_text())
        self.assertEqual(self.flash(), self.t("flash_settings_saved"))
        self.go("/admin/settings")
        saved = self.settings_form()
        self.assertEqual(saved["city"], city)
        self.assertEqual(saved["website_domains"], "humas-uji.jakarta.go.id\nbiroksd-uji.jakarta.go.id",
                         "the domains are not kept (normalised: lower case, no scheme, www. or path)")
        self.assertEqual(saved["timing_rules"], ["kegiatan-hari-sama", "ucapan-sebelum-hari"])
        self.assertEqual(saved["update_policy"], "direct")
        self.assertTrue(self.css('#update-policy input[value="direct"]').is_selected())
        edited = ("city", "website_domains", "timing_rules", "update_policy")
        self.assertEqual(self.others(saved, *edited), self.others(before, *edited), "saving changed other settings")

        # action: the monthly report
        month = datetime.datetime.now(zoneinfo.ZoneInfo("Asia/Jakarta")).strftime("%Y-%m")
        self.go("/archive/report?month=" + month)
        # check: the city is written above the signature
        self.assertTrue([p for p in self.css_all("p") if p.text.startswith(city + ", ")], "the city is not above the signature")

        # action: more than 20 domains
        self.go("/admin/settings")
        too_many = "\n".join("unit%02d.uji-%s.go.id" % (n, mark) for n in range(21))
        self.fill("#city", "Kota Tolak " + mark)
        self.fill("#website_domains", too_many)
        self.save()
        # check: refused, keeping what was typed; nothing changes
        self.assertEqual(self.status(), 422)
        self.assertEqual(self.path(), "/admin/settings")
        self.assertEqual(self.error_items("#settings-errors"), [self.t("settings_error_domains")])
        self.assertEqual(self.css("#city").get_attribute("value"), "Kota Tolak " + mark, "the typed city is not kept")
        self.assertEqual(self.css("#website_domains").get_attribute("value"), too_many)
        self.assertTrue(self.css('#update-policy input[value="direct"]').is_selected(), "the chosen policy is not kept")
        self.go("/admin/settings")
        self.assertEqual(self.settings_form(), saved, "the refused form changed the settings")

        # action: back to what it was, through the form
        self.fill("#city", before["city"])
        self.fill("#website_domains", before["website_domains"])
        for rule in self.RULES:
            self.set_checked('#timing-rules input[value="%s"]' % rule, rule in before["timing_rules"])
        self.set_checked('#update-policy input[value="%s"]' % before["update_policy"], True)
        self.save()
        # check
        self.assertEqual(self.path(), "/admin/settings?ok=settings_saved", self.error_text())
        self.go("/admin/settings")
        self.assertEqual(self.settings_form(), before, "the settings are not as they were")

    def test_settings_refuse_a_website_domain_that_is_not_a_host_name(self):
        """"humas" is not a host name: the settings are refused with the message and the typed text
        kept (they were once dropped silently, leaving "every address accepted")."""
        # setup
        self.allow_status(422)
        self.as_user("admin")
        self.go("/admin/settings")
        before = self.settings_form()
        # action
        self.fill("#website_domains", "humas")
        self.save()
        # check
        self.assertEqual(self.path(), "/admin/settings", "a domain without a dot was accepted: %s" % self.flash())
        self.assertEqual(self.status(), 422)
        self.assertEqual(self.error_items("#settings-errors"), [self.t("settings_error_domain_invalid", domain="humas")])
        self.assertEqual(self.css("#website_domains").get_attribute("value"), "humas")
        self.go("/admin/settings")
        self.assertEqual(self.settings_form(), before, "the refused form changed the settings")
