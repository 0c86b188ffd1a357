"""What every page has: the language switch (anonymous, and stored in the account), the stylesheet
and app.js loading under the Content-Security-Policy, and a console without errors."""


from harness import BrowserTestCase, text


class LayoutTests(BrowserTestCase):

    def test_language_switch_anonymous(self):
        # setup
        self.go("/login")
        self.assertEqual(self.html_lang(), "id")
        self.assertEqual(self.h1(), "Masuk ke Warta")
        # action
        self.click_and_wait(self.css("form.lang-switch button[name=lang][value=en]"))
        # check
        self.assertEqual(self.path(), "/login", "switching language should stay on the page")
        self.assertEqual(self.html_lang(), "en")
        self.assertEqual(self.h1(), "Log in to Warta")
        self.assertEqual(self.css('label[for="username"]').text, text("en", "login_username"))
        self.assertEqual(self.css("button[name=lang][value=en]").get_attribute("aria-pressed"), "true")
        self.assertEqual(self.d.get_cookie("warta_lang")["value"], "en")
        # action: the next visit
        self.go("/login")
        # check: remembered
        self.assertEqual(self.h1(), "Log in to Warta")
        # action: back
        self.click_and_wait(self.css("form.lang-switch button[name=lang][value=id]"))
        # check
        self.assertEqual(self.html_lang(), "id")
        self.assertEqual(self.h1(), "Masuk ke Warta")
        self.assertEqual(self.css("button[name=lang][value=id]").get_attribute("aria-pressed"), "true")

    def test_language_switch_logged_in_is_stored_in_account(self):
        # setup
        username = "admin-medsos"
        name = self.display_name(username)
        self.login(username, expect_path="/")
        self.assertEqual(self.h1(), "Selamat datang, " + name)
        # action
        self.click_and_wait(self.css("form.lang-switch button[name=lang][value=en]"))
        # check
        self.assertEqual(self.path(), "/")
        self.assertEqual(self.html_lang(), "en")
        self.assertEqual(self.h1(), "Welcome, " + name)
        self.logout()
        self.assertEqual(self.css("p.notice").text, text("en", "login_logged_out"))

        # action: without any cookie (another browser)
        self.d.delete_all_cookies()
        self.go("/login")
        # check: the login page is Indonesian, the account English
        self.assertEqual(self.h1(), "Masuk ke Warta")
        self.login(username, expect_path="/")
        self.assertEqual(self.html_lang(), "en")
        self.assertEqual(self.h1(), "Welcome, " + name)

        # action: and back
        self.click_and_wait(self.css("form.lang-switch button[name=lang][value=id]"))
        # check
        self.assertEqual(self.html_lang(), "id")
        self.assertEqual(self.h1(), "Selamat datang, " + name)
        self.logout()
        self.d.delete_all_cookies()
        self.login(username, expect_path="/")
        self.assertEqual(self.h1(), "Selamat datang, " + name)

    def test_pages_load_without_console_errors(self):
        """Every page an admin can reach, plus error pages: CSS and JS load, nothing blocked by CSP."""
        # setup
        self.allow_status(404)
        self.go("/login")
        self.assert_assets_loaded()
        self.login("admin", expect_path="/")
        self.go("/admin/users")
        user_links = {a.text: self.href_path(a) for a in self.css_all("table.users a")}
        admin_page, other_page = user_links["admin"], user_links["kepala-biro"]
        self.assertRegex(admin_page, r"^/admin/users/\d+$")
        self.assertRegex(other_page, r"^/admin/users/\d+$")
        for path in ("/", "/admin/users", "/admin/users/new", admin_page, other_page, "/admin/audit",
                     "/admin/audit?action=login.success", "/account/password", "/tidak-ada-halaman",
                     "/admin/users/999999"):
            # action
            self.go(path)
            # check
            self.assert_assets_loaded()
            self.assert_clean_console(path)
        # action
        self.go("/tidak-ada-halaman")
        # check
        self.assertEqual(self.status(), 404)
        self.assertEqual(self.css(".status-code").text, "404")
        # action
        self.logout()
        # check
        self.assert_assets_loaded()

    def assert_assets_loaded(self):
        """The stylesheet is applied and app.js was fetched with 200 (not blocked, not missing)."""
        state = self.d.execute_script("""
            var sheets = Array.prototype.map.call(document.styleSheets, function (s) {
              try { return s.cssRules.length; } catch (e) { return -1; } });
            var scripts = performance.getEntriesByType('resource')
              .filter(function (r) { return r.name.indexOf('/static/js/app.js') >= 0; })
              .map(function (r) { return r.responseStatus; });
            return {sheets: sheets, scripts: scripts};
        """)
        self.assertTrue(state["sheets"] and state["sheets"][0] > 0, "stylesheet not applied: %r" % state)
        self.assertTrue(state["scripts"] and all(code == 200 for code in state["scripts"]), "app.js not loaded: %r" % state)
