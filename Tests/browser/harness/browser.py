"""One headless Chromium for the whole run, and BrowserTestCase: every browser test gets a server of
its own on a fresh copy of the demo database, the shared browser with no cookies, and the helpers
for driving pages (waits are explicit WebDriver waits on conditions, never pauses)."""

import contextlib
import re
import sys
import unittest
import urllib.parse

from .client import Http, fetch, new_password
from .server import ServerPool
from .settings import Settings, text

try:
    from selenium import webdriver
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import Select, WebDriverWait

    SELENIUM_ERROR = None
except ImportError as error:  # reported by every browser test (Browser.get), not silently skipped
    SELENIUM_ERROR = error
    WebDriverException = Exception
    By = EC = Keys = Select = WebDriverWait = None


class Browser:
    """The one headless Chromium of the run, started on first use."""

    driver = None
    error = None

    @classmethod
    def get(cls):
        if SELENIUM_ERROR is not None:
            raise RuntimeError("selenium is not importable with %s: %s" % (sys.executable, SELENIUM_ERROR))
        if cls.error:
            raise cls.error
        if cls.driver is None:
            try:
                options = webdriver.ChromeOptions()
                for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                             "--window-size=1280,900"):
                    options.add_argument(flag)
                options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
                cls.driver = webdriver.Chrome(service=Service(Settings.chromedriver), options=options)
                cls.driver.set_page_load_timeout(60)
                cls.driver.set_script_timeout(Settings.wait)
            except Exception as error:
                cls.error = error
                raise
        return cls.driver

    @classmethod
    def close(cls):
        if cls.driver is not None:
            try:
                cls.driver.quit()
            except Exception:
                pass
            cls.driver = None


class BrowserTestCase(unittest.TestCase):
    """A test in the shared browser against a server of its own (a fresh copy of the demo database:
    the dki-ksd institution, one account per role, four sample items)."""

    uses_demo_server = True  # the runner counts these tests to start their servers one test ahead

    # Every box a page shows problems in, for failure messages.
    ERROR_BOXES = ("#action-errors, #conflict, #content-errors, #workflow-errors, #delegation-errors, #holiday-errors,"
                   " #settings-errors, #agenda-errors, #import-errors, #password-errors, #login-error, .error-page")

    def setUp(self):
        self.server = ServerPool.take()
        self.addCleanup(self.server.stop)
        self.base = self.server.base
        self._admin_http = None
        self._users = None
        self.d = Browser.get()
        # Severe console entries that this test expects (error statuses of pages it means to get).
        self.allowed_console = []
        self.d.get(self.base + "/healthz")
        self.d.delete_all_cookies()
        self.d.get_log("browser")  # drop whatever an earlier test left

    def tearDown(self):
        try:  # a test that failed with a dialog or another tab open must not break the next one
            self.d.switch_to.alert.dismiss()
        except Exception:
            pass
        handles = self.d.window_handles
        for handle in handles[1:]:
            self.d.switch_to.window(handle)
            self.d.close()
        self.d.switch_to.window(handles[0])
        self.assert_clean_console()
        self.server.check_running()

    # -- accounts

    def pw(self, username):
        """The password of a demo account (printed by the server at start)."""
        return self.server.accounts[username]

    def display_name(self, username):
        """An account's display name, as the administrator's user list shows it."""
        if self._users is None or username not in self._users:
            self._users = self.admin_http().users()
        return self._users[username][1]

    def user_id(self, username):
        """An account's id, from the administrator's user list (its link /admin/users/ID)."""
        if self._users is None or username not in self._users:
            self._users = self.admin_http().users()
        return self._users[username][0]

    def http_as(self, username, password=None):
        """A urllib session of an account, for setting things up through the app's forms."""
        client = Http(self.base)
        r = client.login(username, password or self.pw(username))
        if r.status != 303:
            raise AssertionError("set-up login of %s: %s" % (username, r.status))
        return client

    def admin_http(self):
        """The demo administrator's urllib session (one per test), for setting things up."""
        if self._admin_http is None:
            self._admin_http = self.http_as("admin")
        return self._admin_http

    def new_user(self, username, roles, display_name=None, must_change=False):
        """A new account made by the administrator; returns its password."""
        password = new_password()
        self.admin_http().create_user(username, display_name or "Uji " + username, roles, password, must_change=must_change)
        return password

    # -- console

    def allow_status(self, *codes):
        for code in codes:
            self.allowed_console.append(r"Failed to load resource: the server responded with a status of %d\b" % code)

    def assert_clean_console(self, where=""):
        entries = self.d.get_log("browser")
        severe = [e for e in entries if e.get("level") == "SEVERE"
                  and not any(re.search(p, e.get("message", "")) for p in self.allowed_console)]
        self.assertEqual(severe, [], "console errors or CSP violations in the browser" + (" on " + where if where else ""))

    # -- navigation

    def go(self, path):
        self.d.get(self.base + path)
        self.wait_ready()

    def wait(self, condition, message="", timeout=None):
        """Waits until condition(driver) is true (looking every 50 ms); fails after Settings.wait seconds."""
        return WebDriverWait(self.d, timeout or Settings.wait, poll_frequency=0.05).until(condition, message)

    def wait_ready(self):
        self.wait(lambda d: d.execute_script("return document.readyState") == "complete", "page did not finish loading")

    def click_and_wait(self, element):
        """Clicks something that submits a form or follows a link, and waits for the next page."""
        described = (element.get_attribute("outerHTML") or "")[:120]
        self.mark_page()
        element.click()
        self.wait_new_page("no new page after clicking " + described)

    def mark_page(self):
        """Marks the current document, so that wait_new_page() can tell when another replaced it."""
        self.d.execute_script("window.__wartaOldPage = true;")

    def wait_new_page(self, message="no new page"):
        def replaced(driver):
            try:
                return driver.execute_script(
                    "return window.__wartaOldPage === undefined && document.readyState === 'complete';")
            except WebDriverException:  # the old document went away under our feet: look again
                return False
        self.wait(replaced, message)

    def confirm_and_wait(self, button, question, what):
        """Clicks a button of a data-confirm form, checks the confirm() question, accepts it and waits
        for the next page."""
        self.mark_page()
        button.click()
        alert = self.wait(EC.alert_is_present(), "no confirm() dialog when " + what)
        self.assertEqual(alert.text, question)
        alert.accept()
        self.wait_new_page("no new page after " + what)

    @contextlib.contextmanager
    def other_tab(self, path):
        """Opens path in a new tab of the same browser (same session) for a look, then closes it and
        comes back to the page as it was (a form being filled in keeps what was typed)."""
        original = self.d.current_window_handle
        self.d.switch_to.new_window("tab")
        try:
            self.go(path)
            yield
        finally:
            self.d.close()
            self.d.switch_to.window(original)

    def path(self):
        parts = urllib.parse.urlsplit(self.d.current_url)
        return parts.path + ("?" + parts.query if parts.query else "")

    def query(self):
        return urllib.parse.parse_qs(urllib.parse.urlsplit(self.d.current_url).query)

    def status(self):
        """The HTTP status of the page shown now."""
        return self.d.execute_script("return performance.getEntriesByType('navigation')[0].responseStatus;")

    @staticmethod
    def href_path(element):
        parts = urllib.parse.urlsplit(element.get_attribute("href"))
        return parts.path + ("?" + parts.query if parts.query else "")

    def fetch(self, path, with_cookies=True):
        """GET path with the browser's cookies (or none), not following redirects: (status, headers, bytes).
        For what the browser would download rather than show (CSV, zip, calendar files)."""
        cookie = "; ".join("%s=%s" % (c["name"], c["value"]) for c in self.d.get_cookies()) if with_cookies else None
        return fetch(self.base + path, cookie)

    # -- reading pages

    def css(self, selector):
        return self.d.find_element(By.CSS_SELECTOR, selector)

    def css_all(self, selector):
        return self.d.find_elements(By.CSS_SELECTOR, selector)

    def h1(self):
        return self.css("h1").text.strip()

    def html_lang(self):
        return self.css("html").get_attribute("lang")

    def t(self, key, **values):
        """A message in the language of the page shown now (the account's language)."""
        return text(self.html_lang(), key, **values)

    def flash(self):
        flashes = self.css_all("p.flash")
        return flashes[0].text if flashes else "(no flash)"

    def error_text(self):
        boxes = self.css_all(self.ERROR_BOXES)
        return " | ".join(box.text for box in boxes) or "(no error shown)"

    def error_items(self, selector):
        return [li.text for li in self.css(selector).find_elements(By.TAG_NAME, "li")]

    def value(self, selector):
        return self.css(selector).get_property("value")

    @staticmethod
    def cells(row):
        return [td.text for td in row.find_elements(By.TAG_NAME, "td")]

    def wait_image_loaded(self, img, message):
        self.wait(lambda d: d.execute_script("return arguments[0].complete && arguments[0].naturalWidth > 0;", img), message)

    # -- forms

    def fill(self, selector, value):
        field = self.css(selector)
        field.clear()
        field.send_keys(value)
        return field

    def set_value(self, selector, value):
        """Sets a date or datetime-local field as picking a value does: the value, then a change event."""
        self.d.execute_script("var f = document.querySelector(arguments[0]); f.value = arguments[1];"
                              " f.dispatchEvent(new Event('change', {bubbles: true}));", selector, value)

    def set_checked(self, selector, checked):
        box = self.css(selector)
        if box.is_selected() != checked:
            box.click()
        self.assertEqual(box.is_selected(), checked, selector)

    # -- sessions

    def login(self, username, password=None, expect_path=None, reload=True):
        """Logs in through the form: a freshly loaded /login, or the form on the page (reload=False).
        Without a password, the demo account's."""
        if reload:
            self.go("/login")
        self.fill("#username", username)
        self.fill("#password", password if password is not None else self.pw(username))
        self.click_and_wait(self.css('form[action="/login"] button[type=submit]'))
        if expect_path is not None:
            self.assertEqual(self.path(), expect_path, "after logging in as %s: %s" % (username, self.error_text()))

    def logout(self):
        self.click_and_wait(self.css('form[action="/logout"] button'))
        self.assertEqual(self.path(), "/login?out=1")

    def as_user(self, username, password=None):
        """Logs the browser out (when logged in) and in as `username`, landing on Tugas saya."""
        if self.css_all('form[action="/logout"] button'):
            self.logout()
        self.login(username, password, expect_path="/")
