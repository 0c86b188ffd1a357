"""/login and /logout: logging in and out through the form, the messages on failure, the lockout,
a stale form, and the double-submit guard of Public/js/app.js."""

import secrets
import urllib.parse

from harness import BrowserTestCase, By, Http, text, text_prefix


class LoginTests(BrowserTestCase):

    def test_login_success(self):
        # setup: nothing but the test's own server, and no cookies
        # action
        self.go("/")
        # check: anonymous / lands on the login page
        self.assertEqual(self.path(), "/login", "anonymous / must land on the login page")
        self.assertEqual(self.html_lang(), "id")
        self.assertEqual(self.h1(), "Masuk ke Warta")
        # action
        self.login("kepala-bagian", expect_path="/")
        # check
        self.assertEqual(self.h1(), "Selamat datang, " + self.display_name("kepala-bagian"))
        self.assertEqual(self.css(".user-name").text, self.display_name("kepala-bagian"))
        self.assertTrue(self.css_all('form[action="/logout"] button'), "no logout button in the header")
        session = self.d.get_cookie("warta_session")
        self.assertIsNotNone(session, "no session cookie after login")
        self.assertTrue(session.get("httpOnly"), "session cookie must be HttpOnly")
        # action: visiting /login while logged in
        self.go("/login")
        # check: goes home
        self.assertEqual(self.path(), "/")

    def test_login_returns_to_requested_page(self):
        # setup: nothing but the test's own server, and no cookies
        # action
        self.go("/admin/users")
        # check
        parts = urllib.parse.urlsplit(self.d.current_url)
        self.assertEqual((parts.path, urllib.parse.parse_qs(parts.query)), ("/login", {"next": ["/admin/users"]}))
        self.assertEqual(self.css('form[action="/login"] input[name=next]').get_attribute("value"), "/admin/users")
        # action
        self.login("admin", expect_path="/admin/users", reload=False)
        # check
        self.assertEqual(self.h1(), text("id", "users_title"))

    def test_login_wrong_password(self):
        # setup
        self.allow_status(401)
        self.go("/login")
        # action
        self.login("kasubbag-tu", "salah-" + secrets.token_hex(4), expect_path="/login")
        # check
        self.assertEqual(self.status(), 401)
        error = self.css("p.error#login-error")
        self.assertEqual(error.text, "Nama pengguna atau kata sandi salah.")
        self.assertEqual(self.css("#username").get_attribute("value"), "kasubbag-tu", "username must be kept")
        self.assertEqual(self.css("#password").get_attribute("value"), "", "password must not be sent back")
        self.assertIsNone(self.d.get_cookie("warta_session"), "no session after a failed login")
        self.assertEqual(self.css("#username").get_attribute("aria-describedby"), "login-error")
        # action: trying again from the re-shown form (its token is still good)
        self.login("kasubbag-tu", "salah-lagi-" + secrets.token_hex(4), expect_path="/login", reload=False)
        # check
        self.assertEqual(self.status(), 401)
        self.assertEqual(self.css("#login-error").text, "Nama pengguna atau kata sandi salah.")
        # action: an unknown user
        self.login("tidak-ada-" + secrets.token_hex(3), "salah-salah", expect_path="/login", reload=False)
        # check: the same answer, so that it does not tell which usernames exist
        self.assertEqual(self.status(), 401)
        self.assertEqual(self.css("#login-error").text, "Nama pengguna atau kata sandi salah.")
        # action: the form still works after the failures
        self.login("kasubbag-tu", expect_path="/")
        # check
        self.assertEqual(self.h1(), "Selamat datang, " + self.display_name("kasubbag-tu"))

    def test_login_lockout_after_five_failures(self):
        # setup: five failed logins of one account, over HTTP
        self.allow_status(429)
        password = self.new_user("uji-kunci", ["kepala-bagian"], "Uji Kunci")
        client = Http(self.base)
        for attempt in range(5):
            r = client.login("uji-kunci", "salah-" + str(attempt) + secrets.token_hex(3))
            self.assertEqual(r.status, 401, "set-up: failure %d" % (attempt + 1))
        # action: the right password, in the browser
        self.go("/login")
        self.login("uji-kunci", password, expect_path="/login")
        # check: locked, even with the right password
        self.assertEqual(self.status(), 429)
        self.assertIn(text_prefix("id", "login_locked_username"), self.css("#login-error").text)
        self.assertIsNone(self.d.get_cookie("warta_session"))

    def test_stale_login_form_is_refused(self):
        """A login form whose pre-session cookie is gone (cookies cleared) is refused, with a message."""
        # setup
        self.allow_status(403)
        self.go("/login")
        self.d.delete_all_cookies()
        # action
        self.login("kepala-bagian", reload=False)
        # check
        self.assertEqual(self.status(), 403)
        self.assertEqual(self.css("h1#error-heading").text, "Akses ditolak")
        self.assertIn(text("id", "error_csrf"), self.css(".error-page").text)
        self.assertIsNone(self.d.get_cookie("warta_session"))
        # action: reloading the form, as the message says
        self.login("kepala-bagian", expect_path="/")
        # check
        self.assertEqual(self.h1(), "Selamat datang, " + self.display_name("kepala-bagian"))

    def test_logout(self):
        # setup
        self.login("tim-pengelola", expect_path="/")
        old_session = self.d.get_cookie("warta_session")["value"]
        # action
        self.logout()
        # check
        self.assertEqual(self.css("p.notice").text, "Anda telah keluar.")
        self.assertIsNone(self.d.get_cookie("warta_session"), "session cookie must be removed")
        self.go("/")
        self.assertEqual(self.path(), "/login")
        self.assertEqual(self.h1(), "Masuk ke Warta")
        # action: the browser presents the old session ID again
        self.d.add_cookie({"name": "warta_session", "value": old_session, "path": "/", "httpOnly": True})
        self.go("/")
        # check: it is dead on the server too, not just forgotten by the browser
        self.assertEqual(urllib.parse.urlsplit(self.d.current_url).path, "/login")
        self.assertEqual(self.h1(), "Masuk ke Warta")
        self.assertFalse(self.css_all('form[action="/logout"] button'), "the old session still logs in")

    def test_double_submit_guard(self):
        """A second submit while the first is on its way does nothing; the button is disabled.

        The first submit is held on the page: a listener of the test's own, on window (it runs after
        the app's listener on document), records whether the app let it through and then cancels the
        navigation. So a second submit meets the page in exactly the state a second click would,
        whatever the speed of the network or the machine: nothing here races a request."""
        # setup
        username = "uji-ganda"
        password = self.new_user(username, ["kepala-bagian"], "Uji Ganda")
        self.go("/login")
        self.d.execute_script("""
            window.__submits = [];
            window.addEventListener('submit', function (event) {
              window.__submits.push(event.defaultPrevented);
              if (window.__submits.length === 1) { event.preventDefault(); }
            });
        """)
        self.fill("#username", username)
        self.fill("#password", password)
        button = self.css('form[action="/login"] button[type=submit]')
        # action: the first click
        button.click()
        # check: the app let it through, and disables the button
        self.wait(lambda d: d.execute_script("return window.__submits.length;") >= 1, "no submit event")
        self.assertEqual(self.d.execute_script("return window.__submits;"), [False], "the first submit must go through")
        self.wait(lambda d: button.get_property("disabled"), "submit button not disabled after submitting")
        # action: a second submit of the same form (the button can no longer be clicked)
        self.d.execute_script("document.querySelector('form[action=\"/login\"]').requestSubmit();")
        # check: cancelled by the app
        self.assertEqual(self.d.execute_script("return window.__submits;"), [False, True], "a second submit was not cancelled")
        # action: the held first request goes out, once, as it would have (form.submit() fires no event)
        self.mark_page()
        self.d.execute_script("HTMLFormElement.prototype.submit.call(document.querySelector('form[action=\"/login\"]'));")
        self.wait_new_page("the login did not finish")
        # check
        self.assertEqual(self.path(), "/")
        self.assertEqual(self.h1(), "Selamat datang, Uji Ganda")
        # check: exactly one login of the account reached the server (the security log, as the admin sees it)
        self.as_user("admin")
        self.go("/admin/audit?action=login.success")
        actors = [row.find_elements(By.TAG_NAME, "td")[1].text for row in self.css_all("table.audit tbody tr")]
        self.assertEqual(actors.count(username), 1, "want one login.success of %s: %r" % (username, actors))

