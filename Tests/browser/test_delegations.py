"""/delegations: a role handed to a colleague for a period, refused when it ends before it starts,
in force at once for today (the delegate's Tugas saya says so), until it is revoked."""

import urllib.parse

from harness import BrowserTestCase, By, Select, text_prefix


class DelegationTests(BrowserTestCase):

    def delegation_notices(self):
        return " ".join(p.text for p in self.css_all("p.notice"))

    def rows_of(self, biro, bagian, role):
        return [tr for tr in self.css_all("table tbody tr") if self.cells(tr)[:3] == [biro, bagian, role]]

    def test_delegation_for_today_shows_on_the_delegate_home_until_revoked(self):
        # setup
        self.allow_status(422)
        biro, bagian = self.display_name("kepala-biro"), self.display_name("kepala-bagian")
        bagian_id = self.user_id("kepala-bagian")
        self.as_user("kepala-bagian")
        self.assertNotIn(text_prefix(self.html_lang(), "home_delegated_role"), self.delegation_notices())
        self.as_user("kepala-biro")

        # action
        self.go("/delegations")
        # check: the form for one's own roles, from today to today
        self.assertEqual(self.h1(), self.t("delegations_title"))
        today = self.css("#starts_on").get_attribute("value")
        self.assertRegex(today, r"^\d{4}-\d{2}-\d{2}$")
        self.assertEqual(self.css("#ends_on").get_attribute("value"), today)
        self.assertFalse(self.css_all("#from_user"), "a non-administrator may choose whom to delegate for")
        self.assertNotIn(biro, [o.text for o in Select(self.css("#to_user")).options], "one may delegate to oneself")
        rows_before = len(self.css_all("table tbody tr"))

        # action: the end before the start (the browser now refuses this itself with min on the end
        # date; the server must too)
        Select(self.css("#role")).select_by_value("kepala-biro")
        role = Select(self.css("#role")).first_selected_option.text
        Select(self.css("#to_user")).select_by_visible_text(bagian)
        self.assertEqual(Select(self.css("#to_user")).first_selected_option.get_attribute("value"), str(bagian_id))
        self.set_value("#starts_on", "2026-12-10")
        self.d.execute_script("document.getElementById('ends_on').removeAttribute('min');")
        self.set_value("#ends_on", "2026-12-09")
        self.click_and_wait(self.css("button.primary"))
        # check: refused, with the form kept
        self.assertEqual(self.status(), 422)
        self.assertEqual(self.path(), "/delegations")
        self.assertIn(self.t("delegation_error_range"), self.css("#delegation-errors").text)
        self.assertEqual(Select(self.css("#to_user")).first_selected_option.text, bagian, "the delegate is not kept")
        self.assertEqual(self.css("#starts_on").get_attribute("value"), "2026-12-10")
        self.assertEqual(self.css("#ends_on").get_attribute("value"), "2026-12-09")
        self.assertEqual(len(self.css_all("table tbody tr")), rows_before, "the refused delegation was stored")

        # action: today only
        self.set_value("#starts_on", today)
        self.set_value("#ends_on", today)
        self.click_and_wait(self.css("button.primary"))
        # check: in force at once
        self.assertEqual(self.path(), "/delegations?ok=delegation_created", self.error_text())
        self.assertEqual(self.css("p.flash").text, self.t("flash_delegation_created"))
        rows = [tr for tr in self.rows_of(biro, bagian, role) if tr.find_elements(By.CSS_SELECTOR, 'form[action$="/revoke"]')]
        self.assertEqual(len(rows), 1, "want one revocable row %s → %s (%s)" % (biro, bagian, role))
        revoke = urllib.parse.urlsplit(rows[0].find_element(By.CSS_SELECTOR, 'form[action$="/revoke"]').get_attribute("action")).path
        self.assertEqual(rows[0].find_element(By.CSS_SELECTOR, ".badge").text, self.t("delegation_state_active"))
        self.as_user("kepala-bagian")
        self.assertIn(self.t("home_delegated_role", role=role), self.delegation_notices())

        # action: revoked
        self.as_user("kepala-biro")
        self.go("/delegations")
        self.click_and_wait(self.css('form[action="%s"] button' % revoke))
        # check
        self.assertEqual(self.path(), "/delegations?ok=delegation_revoked", self.error_text())
        self.assertEqual(self.css("p.flash").text, self.t("flash_delegation_revoked"))
        revoked = self.rows_of(biro, bagian, role)
        self.assertEqual([tr.find_element(By.CSS_SELECTOR, ".badge").text for tr in revoked], [self.t("delegation_state_revoked")])
        self.assertFalse(revoked[0].find_elements(By.CSS_SELECTOR, 'form[action$="/revoke"]'), "a revoked delegation can be revoked again")
        self.as_user("kepala-bagian")
        self.assertNotIn(self.t("home_delegated_role", role=role), self.delegation_notices())
