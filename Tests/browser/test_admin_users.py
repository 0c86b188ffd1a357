"""/admin/users, /admin/users/{id}, /account/password and /admin/audit: the administrator makes,
disables and enables accounts, a new account must change its temporary password first, others
are refused the administration, and the security log shows what happened."""

import secrets

from harness import EC, BrowserTestCase, By, Http, Select, new_password, text


class AdminUsersTests(BrowserTestCase):

    def test_admin_creates_user_who_must_change_password(self):
        # setup
        self.allow_status(401, 422)
        username, display = "uji-baru", "Uji Pengguna Baru"
        first, second = new_password(), new_password()
        self.login("admin", expect_path="/")
        self.go("/admin/users")

        # action: the new-user form
        self.click_and_wait(self.d.find_element(By.LINK_TEXT, "Tambah pengguna"))
        self.assertEqual(self.path(), "/admin/users/new")
        self.fill("#username", username)
        self.fill("#display_name", display)
        self.css('input[name=role][value="kepala-biro"]').click()
        Select(self.css("select#language")).select_by_value("id")
        self.fill("#password", first)
        self.assertTrue(self.css("input[name=must_change]").is_selected(), "must_change should be checked by default")
        self.click_and_wait(self.css("button.primary"))
        # check
        self.assertRegex(self.path(), r"^/admin/users/\d+\?ok=user_created$")
        self.assertEqual(self.css("p.flash").text, text("id", "flash_user_created"))
        self.assertTrue(self.css('input[name=role][value="kepala-biro"]').is_selected())
        self.assertFalse(self.css('input[name=role][value="admin"]').is_selected())
        self.go("/admin/users")
        row = self.d.find_element(By.XPATH, "//table[contains(@class,'users')]//tr[td/a[text()='%s']]" % username)
        self.assertIn(display, row.text)
        self.assertTrue(row.find_elements(By.CSS_SELECTOR, ".badge.warn"), "the must-change badge is missing")
        self.logout()

        # action: the new user logs in
        self.login(username, first, expect_path="/account/password")
        # check: the temporary password must be changed first
        self.assertEqual(self.css("p.notice").text, text("id", "password_must_change"))
        self.go("/")
        self.assertEqual(self.path(), "/account/password", "every page leads to the password form first")
        self.go("/admin/users")
        self.assertEqual(self.path(), "/account/password")

        # action: a mismatch
        self.fill("#current_password", first)
        self.fill("#new_password", second)
        self.fill("#confirm_password", second + "x")
        self.click_and_wait(self.css("button.primary"))
        # check: refused, and nothing changes
        self.assertEqual(self.path(), "/account/password")
        self.assertIn(text("id", "password_mismatch"), self.css("#password-errors").text)

        # action: now properly
        self.fill("#current_password", first)
        self.fill("#new_password", second)
        self.fill("#confirm_password", second)
        self.click_and_wait(self.css("button.primary"))
        # check
        self.assertEqual(self.path(), "/?ok=password_changed")
        self.assertEqual(self.css("p.flash").text, "Kata sandi berhasil diganti.")
        self.assertEqual(self.h1(), "Selamat datang, " + display)
        self.logout()

        # action: the old password
        self.login(username, first, expect_path="/login")
        # check: no longer works
        self.assertEqual(self.css("#login-error").text, "Nama pengguna atau kata sandi salah.")
        # action: the new one
        self.login(username, second, expect_path="/")
        # check: works
        self.assertEqual(self.h1(), "Selamat datang, " + display)
        self.logout()

    def test_admin_disables_and_enables_user_with_confirm_dialog(self):
        # setup: an account that is logged in elsewhere (over HTTP)
        self.allow_status(401)
        password = new_password()
        user_id = self.admin_http().create_user("uji-nonaktif", "Uji Nonaktif", ["tim-pengelola"], password)
        victim = Http(self.base)
        self.assertEqual(victim.login("uji-nonaktif", password).status, 303)
        self.assertEqual(victim.get("/").status, 200)
        self.login("admin", expect_path="/")
        self.go("/admin/users/%d" % user_id)
        disable = self.css("form[data-confirm] button")

        # action: cancel the dialog
        disable.click()
        alert = self.wait(EC.alert_is_present(), "no confirm() dialog")
        self.assertEqual(alert.text, text("id", "users_disable_confirm"))
        alert.dismiss()
        # check: nothing happens, and the button still works afterwards
        self.assertEqual(self.path(), "/admin/users/%d" % user_id)
        self.assertTrue(disable.is_enabled(), "a cancelled submit must not disable the button")
        self.assertEqual(victim.get("/").status, 200, "cancelled: the account must still work")

        # action: accept it this time
        self.confirm_and_wait(disable, text("id", "users_disable_confirm"), "disabling the account")
        # check
        self.assertEqual(self.path(), "/admin/users/%d?ok=user_disabled" % user_id)
        self.assertEqual(self.css("p.flash").text, text("id", "flash_user_disabled"))
        self.assertEqual(self.css("p.notice").text, text("id", "users_is_disabled"))
        # check: its session ended, and it cannot log in
        r = victim.get("/")
        self.assertEqual(r.status, 303)
        self.assertTrue(r.location.startswith("/login"), r.location)
        self.assertEqual(Http(self.base).login("uji-nonaktif", password).status, 401)

        # action: enable again
        self.click_and_wait(self.css('form[action="/admin/users/%d/enable"] button' % user_id))
        # check
        self.assertEqual(self.path(), "/admin/users/%d?ok=user_enabled" % user_id)
        self.assertEqual(Http(self.base).login("uji-nonaktif", password).status, 303)

    def test_non_admin_gets_403(self):
        # setup
        self.allow_status(403)
        self.login("kepala-biro", expect_path="/")
        # check
        self.assertFalse(self.css_all('a[href="/admin/users"]'), "a non-admin should not see the user admin link")
        for path in ("/admin/users", "/admin/users/new", "/admin/audit"):
            # action
            self.go(path)
            # check
            self.assertEqual(self.path(), path)
            self.assertEqual(self.status(), 403, path)
            self.assertEqual(self.css("h1#error-heading").text, "Akses ditolak", path)
            self.assertEqual(self.css(".status-code").text, "403", path)
            self.assertFalse(self.css_all("table.users"), "the user list leaked on " + path)

    def test_audit_log_shows_security_events(self):
        # setup: an account made by the admin changes its password, logs out, fails a login (over HTTP)
        self.allow_status(401)
        username, first, second = "uji-audit", new_password(), new_password()
        self.admin_http().create_user(username, "Uji Audit", ["kasubbag-tu"], first, must_change=True)
        user = Http(self.base)
        r = user.login(username, first)
        self.assertEqual((r.status, r.location), (303, "/account/password"))
        r = user.post_form("/account/password", "/account/password", [
            ("current_password", first), ("new_password", second), ("confirm_password", second)])
        self.assertEqual((r.status, r.location), (303, "/?ok=password_changed"))
        self.assertEqual(user.logout().status, 303)
        self.assertEqual(user.login(username, "salah-" + secrets.token_hex(3)).status, 401)
        self.login("admin", expect_path="/")

        # action
        self.go("/admin/audit")
        # check
        rows = []
        for tr in self.css_all("table.audit tbody tr"):
            cells = tr.find_elements(By.TAG_NAME, "td")
            action = cells[2].find_element(By.CSS_SELECTOR, "span[data-action]").get_attribute("data-action")
            rows.append((action, cells[1].text, cells[3].text, tr.get_attribute("class") or ""))

        def has(action, actor=None, target=None, failure=False):
            return any(a == action and (actor is None or b == actor) and (target is None or t == target)
                       and (("failure" in c) == failure) for a, b, t, c in rows)
        self.assertTrue(has("user.create", actor="admin", target=username), rows[:12])
        self.assertTrue(has("login.success", actor=username), rows[:12])
        self.assertTrue(has("password.change", actor=username, target=username), rows[:12])
        self.assertTrue(has("logout", actor=username), rows[:12])
        self.assertTrue(has("login.failure", target=username, failure=True), rows[:12])

        # action: the filter
        Select(self.css("select#action")).select_by_value("login.failure")
        self.click_and_wait(self.css('form[action="/admin/audit"] button[type=submit]'))
        # check: one kind only
        self.assertEqual(self.path(), "/admin/audit?action=login.failure")
        kinds = {s.get_attribute("data-action") for s in self.css_all("table.audit span[data-action]")}
        self.assertEqual(kinds, {"login.failure"})
