#!/usr/bin/python3
"""Real-browser and system tests for Warta.

Run (from the project folder; `make test` does this):

    /usr/bin/python3 Tests/browser/run_browser_tests.py --binary .build/debug/warta --resources .

Use the Debian Python (/usr/bin/python3): it has python3-selenium. Needs chromium and
chromium-driver. Standard library `unittest` + selenium only.

The runner starts its own servers on free loopback ports with temporary databases, drives one
headless Chromium against a shared server (every test uses its own accounts, or for the workflow
tests its own content items, so they do not interfere), runs the system tests (crash durability,
backup, CLI, shutdown) against servers and databases of their own, always stops every server and
browser it started, and prints as its last line `browser: N passed, N failed` (`, N skipped` when
some were skipped). The exit status is non-zero when anything failed.

Options: `-k TEXT` runs only tests whose id contains TEXT (repeatable); `--keep-temp` keeps the
temporary folder (databases, server logs) for inspection; `-q` prints less.
"""

import argparse
import atexit
import csv
import datetime
import hashlib
import html
import http.client
import http.cookiejar
import io
import json
import os
import re
import secrets
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import urllib.error
import urllib.parse
import urllib.request
import zipfile
import zoneinfo

try:
    from selenium import webdriver
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import Select, WebDriverWait

    SELENIUM_ERROR = None
except ImportError as error:  # reported by every browser test, not silently skipped
    SELENIUM_ERROR = error


# ---------------------------------------------------------------------------------------------
# Settings (filled in by main())

class Settings:
    binary = None          # absolute path of the warta executable
    resources = None       # absolute path of the folder holding Views/, Public/, Locales/
    chromedriver = "/usr/bin/chromedriver"
    temp = None            # temporary folder for databases and logs
    texts = {}             # Locales/{id,en}.json
    wait = 10              # seconds for explicit waits


def text(lang, key, **values):
    """A message from the app's own catalogue, with {placeholders} filled."""
    message = Settings.texts[lang][key]
    for name, value in values.items():
        message = message.replace("{" + name + "}", str(value))
    return message


def text_prefix(lang, key):
    """The part of a message before its first {placeholder}."""
    return Settings.texts[lang][key].split("{", 1)[0]


def clean_env():
    """The environment for the processes we start: no WARTA_* settings leaking in from outside."""
    return {k: v for k, v in os.environ.items() if not k.startswith("WARTA_")}


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def new_temp_dir(prefix):
    return tempfile.mkdtemp(prefix=prefix, dir=Settings.temp)


# ---------------------------------------------------------------------------------------------
# Servers

class ServerError(Exception):
    pass


class Server:
    """One `warta serve` process on a free loopback port."""

    running = []  # every server started and not yet stopped, for the final clean-up

    def __init__(self, db, demo=True, name="server", extra_args=()):
        self.db = db
        self.demo = demo
        self.name = name
        self.extra_args = list(extra_args)  # more `serve` options, e.g. ["--header-timeout", "3"]
        self.process = None
        self.port = None
        self.accounts = {}      # username -> password (demo accounts)
        self.stdout_lines = []
        self.log_path = None
        self._ready_line = threading.Event()

    @property
    def base(self):
        return "http://127.0.0.1:%d" % self.port

    def start(self, timeout=60):
        last_error = None
        for _ in range(3):  # a port taken between free_port() and bind: try another
            try:
                self._start_once(timeout)
                return self
            except ServerError as error:
                last_error = error
                self._reap()
                if "address already in use" not in str(error).lower():
                    break
        raise last_error

    def _start_once(self, timeout):
        self.port = free_port()
        self.accounts = {}
        self.stdout_lines = []
        self._ready_line = threading.Event()
        self.log_path = os.path.join(os.path.dirname(self.db), "%s-%d.log" % (self.name, self.port))
        args = [Settings.binary, "serve", "--db", self.db, "--port", str(self.port), "--host", "127.0.0.1",
                "--resources", Settings.resources, "--bcrypt-cost", "10"]
        if self.demo:
            args.append("--demo")
        args += self.extra_args
        log = open(self.log_path, "ab")
        try:
            self.process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=log, stdin=subprocess.DEVNULL,
                                            cwd=os.path.dirname(self.db), env=clean_env())
        finally:
            log.close()
        Server.running.append(self)
        threading.Thread(target=self._read_stdout, args=(self.process,), daemon=True).start()

        deadline = time.monotonic() + timeout
        while not self._ready_line.wait(0.05):
            if self.process.poll() is not None:
                raise ServerError("%s exited with %s before it was ready:\n%s" % (self.name, self.process.returncode, self.log_tail()))
            if time.monotonic() > deadline:
                raise ServerError("%s printed no 'Warta: http://' line within %ss:\n%s" % (self.name, timeout, self.log_tail()))
        while True:
            if self.process.poll() is not None:
                raise ServerError("%s exited with %s:\n%s" % (self.name, self.process.returncode, self.log_tail()))
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=2) as response:
                    if response.status == 200:
                        break
            except (OSError, urllib.error.URLError):
                pass
            if time.monotonic() > deadline:
                raise ServerError("%s: /healthz not 200 within %ss:\n%s" % (self.name, timeout, self.log_tail()))
            time.sleep(0.05)  # polling interval while the server comes up (not a page-load wait)
        if self.demo and not self.accounts:
            raise ServerError("%s: no demo accounts found in its output:\n%s" % (self.name, "\n".join(self.stdout_lines)))

    def _read_stdout(self, process):
        account = re.compile(r"^  (\S+)\s+(\S+)  \S")
        for raw in process.stdout:
            line = raw.decode("utf-8", "replace").rstrip("\n")
            self.stdout_lines.append(line)
            match = account.match(line)
            if match:
                self.accounts[match.group(1)] = match.group(2)
            if line.startswith("Warta: http://"):
                self._ready_line.set()

    def log_tail(self, lines=25):
        try:
            with open(self.log_path, encoding="utf-8", errors="replace") as f:
                return "".join(f.readlines()[-lines:])
        except OSError:
            return "(no log)"

    def stop(self, timeout=5):
        """SIGTERM, then wait; returns the exit status (None if it had to be killed). The shutdown
        itself is tested (within 10 s) by SystemTests; clean-up does not wait that long."""
        if self.process is None:
            return None
        status = None
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                status = self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        else:
            status = self.process.returncode
        self._reap()
        return status

    def kill9(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)
        self._reap()

    def _reap(self):
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        if self in Server.running:
            Server.running.remove(self)

    @classmethod
    def stop_all(cls):
        for server in list(cls.running):
            server.stop()


# ---------------------------------------------------------------------------------------------
# A small HTTP client with cookies that does not follow redirects

class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    @property
    def location(self):
        """The Location header as path?query (absolute or relative both accepted)."""
        value = self.headers.get("Location")
        if value is None:
            return None
        parts = urllib.parse.urlsplit(value)
        return parts.path + ("?" + parts.query if parts.query else "")

    def __repr__(self):
        return "<Response %s location=%r>" % (self.status, self.location)


CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_token(page_html):
    match = CSRF.search(page_html)
    if not match:
        raise AssertionError("no csrf_token in the page")
    return html.unescape(match.group(1))


class Http:
    def __init__(self, base):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect)

    def request(self, method, path, fields=None, timeout=20, headers=None):
        data = None
        if fields is not None:
            data = urllib.parse.urlencode(fields, doseq=True).encode()
        req = urllib.request.Request(self.base + path, data=data, method=method)
        if data is not None:
            req.add_header("Content-Type", "application/x-www-form-urlencoded")
        for name, value in (headers or {}).items():
            req.add_header(name, value)
        try:
            with self.opener.open(req, timeout=timeout) as r:
                return Response(r.status, r.headers, r.read().decode("utf-8", "replace"))
        except urllib.error.HTTPError as error:
            body = error.read().decode("utf-8", "replace")
            return Response(error.code, error.headers, body)

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, fields):
        return self.request("POST", path, fields)

    def post_form(self, page_path, action, fields):
        """GETs page_path for its csrf_token, then POSTs fields to action."""
        page = self.get(page_path)
        if page.status != 200:
            raise AssertionError("GET %s: %s" % (page_path, page.status))
        return self.post(action, [("csrf_token", csrf_token(page.body))] + list(fields))

    def login(self, username, password, next_path=""):
        return self.post_form("/login", "/login", [("username", username), ("password", password), ("next", next_path)])

    def logout(self):
        return self.post_form("/", "/logout", [])

    def cookie(self, name):
        for c in self.jar:
            if c.name == name:
                return c.value
        return None

    def create_user(self, username, display_name, roles, password, must_change=False, language="id"):
        """As a logged-in admin: the new-user form. Returns the new user's id."""
        fields = [("username", username), ("display_name", display_name)]
        fields += [("role", role) for role in roles]
        fields += [("language", language), ("password", password)]
        if must_change:
            fields.append(("must_change", "1"))
        r = self.post_form("/admin/users/new", "/admin/users", fields)
        match = re.fullmatch(r"/admin/users/(\d+)\?ok=user_created", r.location or "")
        if r.status != 303 or not match:
            raise AssertionError("creating %s: %s %r" % (username, r.status, r.location))
        return int(match.group(1))


def new_password():
    return "Uji-" + secrets.token_urlsafe(9)


def query_db(path, sql, args=()):
    """Reads the database directly (read-only), beside a running server."""
    connection = sqlite3.connect("file:%s?mode=ro" % urllib.parse.quote(path), uri=True, timeout=10)
    try:
        return connection.execute(sql, args).fetchall()
    finally:
        connection.close()


def run_cli(*args, stdin=None, timeout=60, cwd=None):
    """Runs `warta ARGS`; the working folder is a temporary one so nothing lands in the project."""
    return subprocess.run([Settings.binary] + [str(a) for a in args], input=stdin, capture_output=True, text=True,
                          timeout=timeout, cwd=cwd or Settings.temp, env=clean_env())


# ---------------------------------------------------------------------------------------------
# Shared fixtures: one server and one browser for the browser tests (started on first use)

class Shared:
    server = None
    server_error = None
    admin_http = None
    driver = None
    driver_error = None

    @classmethod
    def main_server(cls):
        if cls.server_error:
            raise cls.server_error
        if cls.server is None:
            try:
                folder = new_temp_dir("main-")
                cls.server = Server(os.path.join(folder, "warta.sqlite"), demo=True, name="main").start()
            except Exception as error:
                cls.server_error = error
                raise
        return cls.server

    @classmethod
    def admin(cls):
        """A urllib session of the demo administrator on the main server, for setting things up."""
        if cls.admin_http is None:
            server = cls.main_server()
            client = Http(server.base)
            r = client.login("admin", server.accounts["admin"])
            if r.status != 303:
                raise AssertionError("admin login for set-up failed: %s" % r.status)
            cls.admin_http = client
        return cls.admin_http

    @classmethod
    def browser(cls):
        if SELENIUM_ERROR is not None:
            raise RuntimeError("selenium is not importable with %s: %s" % (sys.executable, SELENIUM_ERROR))
        if cls.driver_error:
            raise cls.driver_error
        if cls.driver is None:
            try:
                options = webdriver.ChromeOptions()
                for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                             "--window-size=1280,900"):
                    options.add_argument(flag)
                options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
                cls.driver = webdriver.Chrome(service=Service(Settings.chromedriver), options=options)
                cls.driver.set_page_load_timeout(30)
            except Exception as error:
                cls.driver_error = error
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
        if cls.server is not None:
            status = cls.server.stop()
            if status != 0:
                print("note: the main server exited with status %r on SIGTERM" % status)
            cls.server = None


def cleanup():
    Shared.close()
    Server.stop_all()


# ---------------------------------------------------------------------------------------------
# Browser tests

class BrowserTestCase(unittest.TestCase):
    """Helpers for one test in the shared browser. Each test starts with no cookies."""

    def setUp(self):
        self.server = Shared.main_server()
        if self.server.process.poll() is not None:
            raise ServerError("the main server has exited (%s):\n%s" % (self.server.process.returncode, self.server.log_tail()))
        self.d = Shared.browser()
        self.base = self.server.base
        # Severe console entries that this test expects (error statuses of pages it means to get).
        self.allowed_console = []
        self.d.get(self.base + "/healthz")
        self.d.delete_all_cookies()
        self.d.get_log("browser")  # drop whatever an earlier test left

    def tearDown(self):
        if self.d is None:
            return
        try:  # a test that failed with a dialog open must not break the next one
            self.d.switch_to.alert.dismiss()
        except Exception:
            pass
        self.assert_clean_console()

    # -- console

    def allow_status(self, *codes):
        for code in codes:
            self.allowed_console.append(r"Failed to load resource: the server responded with a status of %d\b" % code)

    def assert_clean_console(self):
        entries = self.d.get_log("browser")
        severe = [e for e in entries if e.get("level") == "SEVERE"
                  and not any(re.search(p, e.get("message", "")) for p in self.allowed_console)]
        self.assertEqual(severe, [], "console errors or CSP violations in the browser")

    # -- navigation

    def go(self, path):
        self.d.get(self.base + path)
        self.wait_ready()

    def wait(self, condition, message="", timeout=None):
        return WebDriverWait(self.d, timeout or Settings.wait).until(condition, message)

    def wait_ready(self):
        self.wait(lambda d: d.execute_script("return document.readyState") == "complete", "page did not finish loading")

    def click_and_wait(self, element):
        """Clicks something that submits a form and waits for the next page."""
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

    def path(self):
        parts = urllib.parse.urlsplit(self.d.current_url)
        return parts.path + ("?" + parts.query if parts.query else "")

    def css(self, selector):
        return self.d.find_element(By.CSS_SELECTOR, selector)

    def css_all(self, selector):
        return self.d.find_elements(By.CSS_SELECTOR, selector)

    def h1(self):
        return self.css("h1").text.strip()

    def html_lang(self):
        return self.css("html").get_attribute("lang")

    def fill(self, selector, value):
        field = self.css(selector)
        field.clear()
        field.send_keys(value)
        return field

    # -- sessions

    def login(self, username, password, expect_path=None, reload=True):
        """Logs in through the form: a freshly loaded /login, or the form on the page (reload=False)."""
        if reload:
            self.go("/login")
        self.fill("#username", username)
        self.fill("#password", password)
        self.click_and_wait(self.css('form[action="/login"] button[type=submit]'))
        if expect_path is not None:
            self.assertEqual(self.path(), expect_path, "after logging in as %s" % username)

    def logout(self):
        self.click_and_wait(self.css('form[action="/logout"] button'))
        self.assertEqual(self.path(), "/login?out=1")

    def display_name(self, username):
        rows = query_db(self.server.db, "SELECT displayName FROM user WHERE username = ?", (username,))
        self.assertTrue(rows, "no user %s in the database" % username)
        return rows[0][0]

    def pw(self, username):
        return self.server.accounts[username]


class BrowserTests(BrowserTestCase):
    """All against one server and one browser. Mind the per-address login throttle (20 failures in
    15 minutes from 127.0.0.1 lock every login): these tests fail about 11 logins in all."""

    def test_login_success(self):
        self.go("/")
        self.assertEqual(self.path(), "/login", "anonymous / must land on the login page")
        self.assertEqual(self.html_lang(), "id")
        self.assertEqual(self.h1(), "Masuk ke Warta")
        self.login("kepala-bagian", self.pw("kepala-bagian"), expect_path="/")
        self.assertEqual(self.h1(), "Selamat datang, " + self.display_name("kepala-bagian"))
        self.assertEqual(self.css(".user-name").text, self.display_name("kepala-bagian"))
        self.assertTrue(self.css_all('form[action="/logout"] button'), "no logout button in the header")
        session = self.d.get_cookie("warta_session")
        self.assertIsNotNone(session, "no session cookie after login")
        self.assertTrue(session.get("httpOnly"), "session cookie must be HttpOnly")
        # Visiting /login while logged in goes home.
        self.go("/login")
        self.assertEqual(self.path(), "/")

    def test_login_returns_to_requested_page(self):
        self.go("/admin/users")
        parts = urllib.parse.urlsplit(self.d.current_url)
        self.assertEqual((parts.path, urllib.parse.parse_qs(parts.query)), ("/login", {"next": ["/admin/users"]}))
        self.assertEqual(self.css('form[action="/login"] input[name=next]').get_attribute("value"), "/admin/users")
        self.login("admin", self.pw("admin"), expect_path="/admin/users", reload=False)
        self.assertEqual(self.h1(), text("id", "users_title"))

    def test_login_wrong_password(self):
        self.allow_status(401)
        self.go("/login")
        self.login("kasubbag-tu", "salah-" + secrets.token_hex(4), expect_path="/login")
        error = self.css("p.error#login-error")
        self.assertEqual(error.text, "Nama pengguna atau kata sandi salah.")
        self.assertEqual(self.css("#username").get_attribute("value"), "kasubbag-tu", "username must be kept")
        self.assertEqual(self.css("#password").get_attribute("value"), "", "password must not be sent back")
        self.assertIsNone(self.d.get_cookie("warta_session"), "no session after a failed login")
        self.assertEqual(self.css("#username").get_attribute("aria-describedby"), "login-error")
        # Trying again from the re-shown form works (its token is still good).
        self.login("kasubbag-tu", "salah-lagi-" + secrets.token_hex(4), expect_path="/login", reload=False)
        self.assertEqual(self.css("#login-error").text, "Nama pengguna atau kata sandi salah.")
        # The status is 401 (the browser does not expose it; ask over HTTP, an unknown user).
        r = Http(self.base).login("tidak-ada-" + secrets.token_hex(3), "salah-salah")
        self.assertEqual(r.status, 401)
        # The form still works after the failure.
        self.login("kasubbag-tu", self.pw("kasubbag-tu"), expect_path="/")

    def test_login_lockout_after_five_failures(self):
        self.allow_status(429)
        password = new_password()
        Shared.admin().create_user("uji-kunci", "Uji Kunci", ["kepala-bagian"], password)
        client = Http(self.base)
        for attempt in range(5):
            r = client.login("uji-kunci", "salah-" + str(attempt) + secrets.token_hex(3))
            self.assertEqual(r.status, 401, "failure %d" % (attempt + 1))
        # Locked now: even the right password is refused, in the browser too.
        self.go("/login")
        self.login("uji-kunci", password, expect_path="/login")
        self.assertIn(text_prefix("id", "login_locked_username"), self.css("#login-error").text)
        self.assertIsNone(self.d.get_cookie("warta_session"))
        r = Http(self.base).login("uji-kunci", password)
        self.assertEqual(r.status, 429)
        retry = int(r.headers.get("Retry-After", "0"))
        self.assertTrue(0 < retry <= 15 * 60, "Retry-After %r" % retry)

    def test_stale_login_form_is_refused(self):
        """A login form whose pre-session cookie is gone (cookies cleared) is refused, with a message."""
        self.allow_status(403)
        self.go("/login")
        self.d.delete_all_cookies()
        self.login("kepala-bagian", self.pw("kepala-bagian"), reload=False)
        self.assertEqual(self.css("h1#error-heading").text, "Akses ditolak")
        self.assertIn(text("id", "error_csrf"), self.css(".error-page").text)
        self.assertIsNone(self.d.get_cookie("warta_session"))
        # Reloading the form, as the message says, works.
        self.login("kepala-bagian", self.pw("kepala-bagian"), expect_path="/")

    def test_logout(self):
        self.login("tim-pengelola", self.pw("tim-pengelola"), expect_path="/")
        old_session = self.d.get_cookie("warta_session")["value"]
        self.logout()
        self.assertEqual(self.css("p.notice").text, "Anda telah keluar.")
        self.assertIsNone(self.d.get_cookie("warta_session"), "session cookie must be removed")
        self.go("/")
        self.assertEqual(self.path(), "/login")
        self.assertEqual(self.h1(), "Masuk ke Warta")
        # The old session ID is dead on the server too, not just forgotten by the browser.
        r = Http(self.base).request("GET", "/", headers={"Cookie": "warta_session=" + old_session})
        self.assertEqual(r.status, 303)
        self.assertTrue((r.location or "").startswith("/login"), r.location)

    def test_admin_creates_user_who_must_change_password(self):
        self.allow_status(401, 422)
        username, display = "uji-baru", "Uji Pengguna Baru"
        first, second = new_password(), new_password()

        self.login("admin", self.pw("admin"), expect_path="/")
        self.go("/admin/users")
        self.click_and_wait(self.d.find_element(By.LINK_TEXT, "Tambah pengguna"))
        self.assertEqual(self.path(), "/admin/users/new")
        self.fill("#username", username)
        self.fill("#display_name", display)
        self.css('input[name=role][value="kepala-biro"]').click()
        Select(self.css("select#language")).select_by_value("id")
        self.fill("#password", first)
        self.assertTrue(self.css("input[name=must_change]").is_selected(), "must_change should be checked by default")
        self.click_and_wait(self.css("button.primary"))
        self.assertRegex(self.path(), r"^/admin/users/\d+\?ok=user_created$")
        self.assertEqual(self.css("p.flash").text, text("id", "flash_user_created"))
        self.assertTrue(self.css('input[name=role][value="kepala-biro"]').is_selected())
        self.assertFalse(self.css('input[name=role][value="admin"]').is_selected())

        self.go("/admin/users")
        row = self.d.find_element(By.XPATH, "//table[contains(@class,'users')]//tr[td/a[text()='%s']]" % username)
        self.assertIn(display, row.text)
        self.assertTrue(row.find_elements(By.CSS_SELECTOR, ".badge.warn"), "the must-change badge is missing")
        self.logout()

        # The new user must change the temporary password first.
        self.login(username, first, expect_path="/account/password")
        self.assertEqual(self.css("p.notice").text, text("id", "password_must_change"))
        self.go("/")
        self.assertEqual(self.path(), "/account/password", "every page leads to the password form first")
        self.go("/admin/users")
        self.assertEqual(self.path(), "/account/password")
        # A mismatch is refused, and nothing changes.
        self.fill("#current_password", first)
        self.fill("#new_password", second)
        self.fill("#confirm_password", second + "x")
        self.click_and_wait(self.css("button.primary"))
        self.assertEqual(self.path(), "/account/password")
        self.assertIn(text("id", "password_mismatch"), self.css("#password-errors").text)
        # Now properly.
        self.fill("#current_password", first)
        self.fill("#new_password", second)
        self.fill("#confirm_password", second)
        self.click_and_wait(self.css("button.primary"))
        self.assertEqual(self.path(), "/?ok=password_changed")
        self.assertEqual(self.css("p.flash").text, "Kata sandi berhasil diganti.")
        self.assertEqual(self.h1(), "Selamat datang, " + display)
        self.logout()

        # The old password no longer works; the new one does.
        self.login(username, first, expect_path="/login")
        self.assertEqual(self.css("#login-error").text, "Nama pengguna atau kata sandi salah.")
        self.login(username, second, expect_path="/")
        self.assertEqual(self.h1(), "Selamat datang, " + display)
        self.logout()

    def test_admin_disables_and_enables_user_with_confirm_dialog(self):
        self.allow_status(401)
        password = new_password()
        user_id = Shared.admin().create_user("uji-nonaktif", "Uji Nonaktif", ["tim-pengelola"], password)
        victim = Http(self.base)
        self.assertEqual(victim.login("uji-nonaktif", password).status, 303)
        self.assertEqual(victim.get("/").status, 200)

        self.login("admin", self.pw("admin"), expect_path="/")
        self.go("/admin/users/%d" % user_id)
        disable = self.css("form[data-confirm] button")
        # Cancel the dialog: nothing happens, and the button still works afterwards.
        disable.click()
        alert = self.wait(EC.alert_is_present(), "no confirm() dialog")
        self.assertEqual(alert.text, text("id", "users_disable_confirm"))
        alert.dismiss()
        self.assertEqual(self.path(), "/admin/users/%d" % user_id)
        self.assertTrue(disable.is_enabled(), "a cancelled submit must not disable the button")
        self.assertEqual(victim.get("/").status, 200, "cancelled: the account must still work")
        # Accept it this time.
        self.mark_page()
        disable.click()
        self.wait(EC.alert_is_present(), "no confirm() dialog the second time").accept()
        self.wait_new_page()
        self.assertEqual(self.path(), "/admin/users/%d?ok=user_disabled" % user_id)
        self.assertEqual(self.css("p.flash").text, text("id", "flash_user_disabled"))
        self.assertEqual(self.css("p.notice").text, text("id", "users_is_disabled"))
        # Its session ended, and it cannot log in.
        r = victim.get("/")
        self.assertEqual(r.status, 303)
        self.assertTrue(r.location.startswith("/login"), r.location)
        self.assertEqual(Http(self.base).login("uji-nonaktif", password).status, 401)
        # Enable again.
        self.click_and_wait(self.css('form[action="/admin/users/%d/enable"] button' % user_id))
        self.assertEqual(self.path(), "/admin/users/%d?ok=user_enabled" % user_id)
        self.assertEqual(Http(self.base).login("uji-nonaktif", password).status, 303)

    def test_non_admin_gets_403(self):
        self.allow_status(403)
        self.login("kepala-biro", self.pw("kepala-biro"), expect_path="/")
        self.assertFalse(self.css_all('a[href="/admin/users"]'), "a non-admin should not see the user admin link")
        for path in ("/admin/users", "/admin/users/new", "/admin/audit"):
            self.go(path)
            self.assertEqual(self.path(), path)
            self.assertEqual(self.css("h1#error-heading").text, "Akses ditolak", path)
            self.assertEqual(self.css(".status-code").text, "403", path)
            self.assertFalse(self.css_all("table.users"), "the user list leaked on " + path)
        r = Http(self.base)
        self.assertEqual(r.login("kepala-biro", self.pw("kepala-biro")).status, 303)
        self.assertEqual(r.get("/admin/users").status, 403)

    def test_language_switch_anonymous(self):
        self.go("/login")
        self.assertEqual(self.html_lang(), "id")
        self.assertEqual(self.h1(), "Masuk ke Warta")
        self.click_and_wait(self.css("form.lang-switch button[name=lang][value=en]"))
        self.assertEqual(self.path(), "/login", "switching language should stay on the page")
        self.assertEqual(self.html_lang(), "en")
        self.assertEqual(self.h1(), "Log in to Warta")
        self.assertEqual(self.css('label[for="username"]').text, text("en", "login_username"))
        self.assertEqual(self.css("button[name=lang][value=en]").get_attribute("aria-pressed"), "true")
        self.assertEqual(self.d.get_cookie("warta_lang")["value"], "en")
        # Remembered on the next visit.
        self.go("/login")
        self.assertEqual(self.h1(), "Log in to Warta")
        self.click_and_wait(self.css("form.lang-switch button[name=lang][value=id]"))
        self.assertEqual(self.html_lang(), "id")
        self.assertEqual(self.h1(), "Masuk ke Warta")
        self.assertEqual(self.css("button[name=lang][value=id]").get_attribute("aria-pressed"), "true")

    def test_language_switch_logged_in_is_stored_in_account(self):
        username = "admin-medsos"
        name = self.display_name(username)
        self.login(username, self.pw(username), expect_path="/")
        self.assertEqual(self.h1(), "Selamat datang, " + name)
        self.click_and_wait(self.css("form.lang-switch button[name=lang][value=en]"))
        self.assertEqual(self.path(), "/")
        self.assertEqual(self.html_lang(), "en")
        self.assertEqual(self.h1(), "Welcome, " + name)
        self.logout()
        self.assertEqual(self.css("p.notice").text, text("en", "login_logged_out"))

        # Without any cookie (another browser): the login page is Indonesian, the account English.
        self.d.delete_all_cookies()
        self.go("/login")
        self.assertEqual(self.h1(), "Masuk ke Warta")
        self.login(username, self.pw(username), expect_path="/")
        self.assertEqual(self.html_lang(), "en")
        self.assertEqual(self.h1(), "Welcome, " + name)

        # And back.
        self.click_and_wait(self.css("form.lang-switch button[name=lang][value=id]"))
        self.assertEqual(self.html_lang(), "id")
        self.assertEqual(self.h1(), "Selamat datang, " + name)
        self.logout()
        self.d.delete_all_cookies()
        self.login(username, self.pw(username), expect_path="/")
        self.assertEqual(self.h1(), "Selamat datang, " + name)

    def test_double_submit_guard(self):
        username = "uji-ganda"
        password = new_password()
        Shared.admin().create_user(username, "Uji Ganda", ["kepala-bagian"], password)
        count_sql = "SELECT count(*) FROM auditEvent WHERE action = 'login.success' AND actorUsername = ?"
        before = query_db(self.server.db, count_sql, (username,))[0][0]

        self.go("/login")
        # Record, in sessionStorage (it survives the navigation), what happens: whether the button
        # is disabled shortly after the first submit, and whether a second submit is cancelled.
        self.d.execute_script("""
            sessionStorage.clear();
            window.addEventListener('submit', function (event) {
              var form = event.target;
              var n = Number(sessionStorage.getItem('submits') || 0) + 1;
              sessionStorage.setItem('submits', String(n));
              sessionStorage.setItem('prevented' + n, String(event.defaultPrevented));
              if (n === 1) {
                setTimeout(function () {
                  var button = form.querySelector('button[type=submit]');
                  sessionStorage.setItem('disabled', String(button.disabled));
                  form.requestSubmit();
                }, 50);
              }
            });
        """)
        self.fill("#username", username)
        self.fill("#password", password)
        # Slow the request down so the page is still there while the first submit is on its way.
        self.d.set_network_conditions(offline=False, latency=400, download_throughput=10 ** 7, upload_throughput=10 ** 7)
        try:
            self.click_and_wait(self.css('form[action="/login"] button[type=submit]'))
            self.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "h1") and self.path() == "/", "login did not finish")
        finally:
            self.d.delete_network_conditions()
        record = json.loads(self.d.execute_script("return JSON.stringify(sessionStorage)"))
        self.d.execute_script("sessionStorage.clear()")
        self.assertEqual(record.get("prevented1"), "false", "the first submit must go through: %r" % record)
        self.assertEqual(record.get("disabled"), "true", "submit button not disabled after submitting: %r" % record)
        self.assertEqual(record.get("submits"), "2", record)
        self.assertEqual(record.get("prevented2"), "true", "a second submit was not cancelled: %r" % record)
        self.assertEqual(self.h1(), "Selamat datang, Uji Ganda")
        after = query_db(self.server.db, count_sql, (username,))[0][0]
        self.assertEqual(after - before, 1, "exactly one login request should have reached the server")

    def test_pages_load_without_console_errors(self):
        """Every page an admin can reach, plus error pages: CSS and JS load, nothing blocked by CSP."""
        self.allow_status(404)
        self.go("/login")
        self.assert_assets_loaded()
        self.login("admin", self.pw("admin"), expect_path="/")
        admin_id = query_db(self.server.db, "SELECT id FROM user WHERE username = 'admin'")[0][0]
        other_id = query_db(self.server.db, "SELECT id FROM user WHERE username = 'kepala-biro'")[0][0]
        for path in ("/", "/admin/users", "/admin/users/new", "/admin/users/%d" % admin_id,
                     "/admin/users/%d" % other_id, "/admin/audit", "/admin/audit?action=login.success",
                     "/account/password", "/tidak-ada-halaman", "/admin/users/999999"):
            self.go(path)
            self.assert_assets_loaded()
            self.assert_clean_console_on(path)
        self.go("/tidak-ada-halaman")
        self.assertEqual(self.css(".status-code").text, "404")
        self.logout()
        self.assert_assets_loaded()

    def assert_clean_console_on(self, path):
        entries = self.d.get_log("browser")
        severe = [e for e in entries if e.get("level") == "SEVERE"
                  and not any(re.search(p, e.get("message", "")) for p in self.allowed_console)]
        self.assertEqual(severe, [], "console errors on " + path)

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

    def test_audit_log_shows_security_events(self):
        self.allow_status(401)
        username, first, second = "uji-audit", new_password(), new_password()
        Shared.admin().create_user(username, "Uji Audit", ["kasubbag-tu"], first, must_change=True)
        user = Http(self.base)
        r = user.login(username, first)
        self.assertEqual((r.status, r.location), (303, "/account/password"))
        r = user.post_form("/account/password", "/account/password", [
            ("current_password", first), ("new_password", second), ("confirm_password", second)])
        self.assertEqual((r.status, r.location), (303, "/?ok=password_changed"))
        self.assertEqual(user.logout().status, 303)
        self.assertEqual(user.login(username, "salah-" + secrets.token_hex(3)).status, 401)

        self.login("admin", self.pw("admin"), expect_path="/")
        self.go("/admin/audit")
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
        # The filter shows one kind only.
        Select(self.css("select#action")).select_by_value("login.failure")
        self.click_and_wait(self.css('form[action="/admin/audit"] button[type=submit]'))
        self.assertEqual(self.path(), "/admin/audit?action=login.failure")
        kinds = {s.get_attribute("data-action") for s in self.css_all("table.audit span[data-action]")}
        self.assertEqual(kinds, {"login.failure"})


# ---------------------------------------------------------------------------------------------
# Workflow tests (browser): the approval chain of the dki-ksd preset that `--demo` sets up

class WorkflowBrowserTests(BrowserTestCase):
    """Content items going through the dki-ksd workflow, driven by the demo accounts (one per role)
    in the shared browser. Every test works on an item of its own, with a random token in its title,
    so the tests do not depend on each other or on what else is on the server. No test here fails a
    login (the throttle counts failures only)."""

    # (step name, role key, step kind) of the dki-ksd preset, in order.
    STEPS = [
        ("Serahkan konsep dokumentasi + narasi", "admin-medsos", "work"),
        ("Tanggapi dan koreksi", "tim-pengelola", "decide"),
        ("Terima konten, putuskan platform", "kasubbag-tu", "decide"),
        ("Kontrol dan setujui konten", "kepala-bagian", "decide"),
        ("Persetujuan akhir", "kepala-biro", "decide"),
        ("Unggah materi publikasi", "admin-medsos", "publish"),
    ]
    ACTIONS = ("submit", "approve", "reject", "publish")
    LINKS = {"instagram": "https://www.instagram.com/p/Cabc123/",
             "facebook": "https://www.facebook.com/biroksd/posts/42"}

    # What test_workflow_chain_* published, for test_workflow_published_* to look at (None until then).
    published = None

    # -- texts

    def t(self, key, **values):
        """A message in the language of the page shown now (the account's language)."""
        return text(self.html_lang(), key, **values)

    @staticmethod
    def token():
        return secrets.token_hex(3)

    # -- the item page

    def item_path(self, item_id):
        return "/content/%d" % item_id

    def action_forms(self):
        return self.css_all(", ".join('form[action$="/%s"]' % action for action in self.ACTIONS))

    def action_form_kinds(self):
        return sorted(form.get_attribute("action").rsplit("/", 1)[1] for form in self.action_forms())

    def assert_item_at(self, item_id, position, status_key):
        """The item page shows the item at step `position` of 6 with the given status."""
        self.assertEqual(urllib.parse.urlsplit(self.d.current_url).path, self.item_path(item_id))
        name = self.STEPS[position - 1][0]
        self.assertEqual(self.css("#step-heading").text,
                         "%s: %s" % (self.t("content_step_of", n=position, total=len(self.STEPS)), name))
        status = self.css(".page-head span.status")
        self.assertEqual(status.text, self.t("status_" + status_key))
        self.assertIn("status-" + status_key, status.get_attribute("class").split())

    def act(self, item_id, action, **fields):
        """Fills the action form's fields (textarea or input ids) and clicks its button; checks the
        redirect to the item and the flash message."""
        form = self.css('form[action="/content/%d/%s"]' % (item_id, action))
        for field_id, value in fields.items():
            field = form.find_element(By.ID, field_id)
            field.clear()
            field.send_keys(value)
        self.click_and_wait(form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
        self.assertEqual(self.path(), "/content/%d?ok=content_%s" % (item_id, action),
                         "after %s: %s" % (action, self.error_text()))
        self.assertEqual(self.css("p.flash").text, self.t("flash_content_" + action))

    def error_text(self):
        boxes = self.css_all("#action-errors, #conflict, #content-errors, .error-page")
        return " | ".join(box.text for box in boxes) or "(no error shown)"

    def item_json(self, item_id):
        """GET /content/{id} with Accept: application/json, from the page, with the browser's session."""
        self.d.set_script_timeout(Settings.wait)
        result = self.d.execute_async_script("""
            var done = arguments[arguments.length - 1];
            fetch(arguments[0], {headers: {Accept: 'application/json'}, credentials: 'same-origin'})
              .then(function (r) { return r.text().then(function (body) {
                done({status: r.status, type: r.headers.get('Content-Type'), body: body}); }); })
              .catch(function (e) { done({status: 0, type: '', body: String(e)}); });
        """, self.item_path(item_id))
        self.assertEqual(result["status"], 200, result["body"][:300])
        self.assertTrue((result["type"] or "").startswith("application/json"), result["type"])
        return json.loads(result["body"])

    # -- Tugas saya

    def nav_task_count(self):
        counts = self.css_all('nav a[href="/"] span.count')
        return int(counts[0].text) if counts else 0

    def task_link(self, item_id):
        links = self.css_all('table.tasks a[href="%s"]' % self.item_path(item_id))
        return links[0] if links else None

    def task_link_on_home(self, item_id):
        self.go("/")
        return self.task_link(item_id) is not None

    def open_from_tasks(self, item_id, title, position):
        """On Tugas saya: the item is listed at its step, the nav count matches the list; opens it."""
        self.assertEqual(self.path(), "/")
        link = self.task_link(item_id)
        self.assertIsNotNone(link, "item %d is not in Tugas saya (step %d)" % (item_id, position))
        self.assertEqual(link.text, title)
        row = link.find_element(By.XPATH, "./ancestor::tr[1]")
        self.assertIn("%d. %s" % (position, self.STEPS[position - 1][0]), row.text)
        rows = len(self.css_all("table.tasks tbody tr"))
        self.assertEqual(self.nav_task_count(), rows, "the count beside the nav link differs from the task list")
        self.click_and_wait(link)

    def as_user(self, username):
        """Logs the browser out (when logged in) and in as `username`."""
        if self.css_all('form[action="/logout"] button'):
            self.logout()
        self.login(username, self.pw(username), expect_path="/")

    # -- set-up over HTTP (for tests whose subject is not the creation or the earlier steps)

    def http_as(self, username):
        client = Http(self.base)
        r = client.login(username, self.pw(username))
        if r.status != 303:
            raise AssertionError("set-up login of %s: %s" % (username, r.status))
        return client

    def http_create(self, client, title, channels, caption="Rapat koordinasi Biro KSD dengan mitra kota kembar."):
        r = client.post_form("/content/new", "/content", [
            ("title", title), ("kind", "kegiatan"), ("source", "agenda-harian"), ("caption", caption)]
            + [("channels", c) for c in channels]
            + [("media_links", ""), ("event_at", "2026-11-21T09:00"), ("publish_at", ""), ("notes", "")])
        match = re.fullmatch(r"/content/(\d+)\?ok=content_created", r.location or "")
        if r.status != 303 or not match:
            raise AssertionError("set-up: creating %r: %s %r" % (title, r.status, r.location))
        return int(match.group(1))

    def http_act(self, client, item_id, action, fields=()):
        page = client.get(self.item_path(item_id))
        version = re.search(r'name="version" value="(\d+)"', page.body)
        if page.status != 200 or not version:
            raise AssertionError("set-up: item %d page %s, no version field" % (item_id, page.status))
        r = client.post("/content/%d/%s" % (item_id, action),
                        [("csrf_token", csrf_token(page.body)), ("version", version.group(1))] + list(fields))
        if (r.status, r.location) != (303, "/content/%d?ok=content_%s" % (item_id, action)):
            raise AssertionError("set-up: %s on item %d: %s %r" % (action, item_id, r.status, r.location))

    def publish_over_http(self):
        """The item test_workflow_chain publishes in the browser, made the same way over HTTP."""
        title = "Uji alur HTTP " + self.token()
        reason = "Foto utama kurang tajam, ganti dengan yang lain."
        comment = "Narasi sudah dikoreksi."
        medsos = self.http_as("admin-medsos")
        item_id = self.http_create(medsos, title, list(self.LINKS))
        self.http_act(medsos, item_id, "submit")
        self.http_act(self.http_as("tim-pengelola"), item_id, "approve", [("comment", comment)])
        self.http_act(self.http_as("kasubbag-tu"), item_id, "approve")
        bagian, biro = self.http_as("kepala-bagian"), self.http_as("kepala-biro")
        self.http_act(bagian, item_id, "approve")
        self.http_act(biro, item_id, "reject", [("reason", reason)])
        self.http_act(bagian, item_id, "approve")
        self.http_act(biro, item_id, "approve")
        self.http_act(medsos, item_id, "publish", [("link_" + c, url) for c, url in self.LINKS.items()])
        return {"id": item_id, "title": title, "reason": reason, "comment": comment}

    # -- tests

    def test_four_eyes_the_submitter_holding_the_next_role_is_told_why_and_offered_no_decision(self):
        """Issue 10: admin-medsos holds Tim Pengelola for today by delegation and hands an item on;
        on the item page the four-eyes notice says why, and no decision or correction is offered.
        A colleague of the role gets the forms as usual."""
        # Set-up over HTTP: the delegation (revoked at the end) and a submitted item.
        admin = Shared.admin()
        page = admin.get("/delegations")
        today = re.search(r'id="starts_on" name="starts_on" type="date" value="([0-9-]+)"', page.body).group(1)
        ids = dict(query_db(self.server.db, "SELECT username, id FROM user WHERE username IN ('admin-medsos', 'tim-pengelola')"))
        r = admin.post_form("/delegations", "/delegations", [
            ("from_user", str(ids["tim-pengelola"])), ("role", "tim-pengelola"), ("to_user", str(ids["admin-medsos"])),
            ("starts_on", today), ("ends_on", today)])
        self.assertEqual(r.status, 303, "set-up: delegation")
        delegation = query_db(self.server.db, "SELECT max(id) FROM delegation")[0][0]
        self.addCleanup(lambda: Shared.admin().post_form("/delegations", "/delegations/%d/revoke" % delegation, []))
        medsos = self.http_as("admin-medsos")
        item_id = self.http_create(medsos, "Uji empat mata " + self.token(), ["instagram"])
        self.http_act(medsos, item_id, "submit")

        # In the browser, as the one who handed it on.
        self.as_user("admin-medsos")
        self.go(self.item_path(item_id))
        self.assert_item_at(item_id, 2, "in_review")
        notice = self.css("#four-eyes").text
        self.assertIn(self.t("content_four_eyes_note_authored", role="Tim Pengelola Media Sosial"), notice)
        self.assertEqual(self.action_form_kinds(), [], "a decision is offered to whoever handed the item on")
        self.assertFalse(self.css_all('a[href="/content/%d/edit"]' % item_id), "a correction is offered at the decide step")

        # A colleague of the step's role decides.
        self.as_user("tim-pengelola")
        self.go(self.item_path(item_id))
        self.assertFalse(self.css_all("#four-eyes"))
        self.assertEqual(self.action_form_kinds(), ["approve", "reject"])

    def test_workflow_chain_with_rejection_through_publish(self):
        """One item through all six steps with six users, one rejection (5 → 4) on the way."""
        title = "Uji alur kunjungan kota kembar " + self.token()
        caption = "**Kunjungan kerja** Biro KSD ke kota kembar: penandatanganan kerja sama pendidikan."
        comment = "Narasi sudah dikoreksi, siap diteruskan."
        reason = "Foto utama kurang tajam, ganti dengan yang lain."

        # 1. admin-medsos creates the item with two channels, then hands it on.
        self.as_user("admin-medsos")
        self.click_and_wait(self.css('a[href="/content/new"]'))
        self.assertEqual(self.path(), "/content/new")
        self.fill("#title", title)
        Select(self.css("select#kind")).select_by_value("kegiatan")
        Select(self.css("select#source")).select_by_value("agenda-harian")
        self.fill("#caption", caption)
        boxes = self.css_all("input[name=channels]")
        self.assertEqual({b.get_attribute("value") for b in boxes},
                         {"instagram", "instagram-story", "youtube", "facebook", "tiktok"})
        self.assertTrue(all(b.is_selected() for b in boxes), "every channel should be ticked on a new item")
        for box in boxes:
            if box.get_attribute("value") not in self.LINKS:
                box.click()
        self.assertEqual({b.get_attribute("value") for b in boxes if b.is_selected()}, set(self.LINKS))
        self.fill("#media_links", "https://drive.google.com/drive/folders/uji-kunjungan")
        self.d.execute_script("document.getElementById('event_at').value = '2026-11-21T09:00';"
                              "document.getElementById('publish_at').value = '2026-11-21T12:00';")
        self.click_and_wait(self.css("form.content-form button.primary"))
        match = re.fullmatch(r"/content/(\d+)\?ok=content_created", self.path())
        self.assertTrue(match, "creating did not lead to the new item: %s (%s)" % (self.path(), self.error_text()))
        item_id = int(match.group(1))
        self.assertEqual(self.css("p.flash").text, self.t("flash_content_created"))
        self.assertEqual(self.h1(), title)
        self.assertEqual([tag.text for tag in self.css_all("dl.details span.tag")], ["Instagram", "Facebook"])
        self.assert_item_at(item_id, 1, "draft")
        self.assertEqual(self.action_form_kinds(), ["submit"])
        self.assertEqual(self.css('form[action$="/submit"] button').text, self.t("content_action_submit"))
        self.act(item_id, "submit")
        self.assert_item_at(item_id, 2, "in_review")
        self.assertEqual(self.action_form_kinds(), [], "admin-medsos still has action forms at step 2")

        # 2. tim-pengelola approves with a comment.
        self.as_user("tim-pengelola")
        self.open_from_tasks(item_id, title, 2)
        self.assert_item_at(item_id, 2, "in_review")
        self.assertEqual(self.action_form_kinds(), ["approve", "reject"])
        self.act(item_id, "approve", comment=comment)
        self.assert_item_at(item_id, 3, "in_review")
        self.assertEqual(self.action_form_kinds(), [])
        approved = self.css_all("table.history tr.event-approve")
        self.assertEqual(len(approved), 1)
        self.assertIn(comment, approved[0].text)
        self.assertIn(self.display_name("tim-pengelola"), approved[0].text)

        # 3.-4. kasubbag-tu and kepala-bagian approve without comment.
        for position, username in ((3, "kasubbag-tu"), (4, "kepala-bagian")):
            self.as_user(username)
            self.open_from_tasks(item_id, title, position)
            self.act(item_id, "approve")
            self.assert_item_at(item_id, position + 1, "in_review")

        # 5. kepala-biro rejects: the reason is required (the browser will not send an empty one).
        self.as_user("kepala-biro")
        self.open_from_tasks(item_id, title, 5)
        self.assertEqual(self.action_form_kinds(), ["approve", "reject"])
        reject_form = self.css('form[action$="/reject"]')
        self.assertFalse(self.d.execute_script("return arguments[0].checkValidity();", reject_form),
                         "the reject form is valid with an empty reason")
        self.act(item_id, "reject", reason=reason)
        self.assert_item_at(item_id, 4, "in_review")
        self.assertIn(reason, self.css("table.history tr.event-reject").text)
        self.assertFalse(self.task_link_on_home(item_id), "a rejected item stays in the rejecter's Tugas saya")

        # Back at step 4: kepala-bagian has it again, with the reason shown, and approves again.
        self.as_user("kepala-bagian")
        self.open_from_tasks(item_id, title, 4)
        self.assert_item_at(item_id, 4, "in_review")
        boxes = self.css_all("#rejection")
        self.assertTrue(boxes and boxes[0].is_displayed(), "kepala-bagian does not see the rejection box")
        rejection = boxes[0]
        self.assertEqual(self.css("#rejection .rejection-reason").text, reason)
        self.assertIn(self.display_name("kepala-biro"), rejection.text)
        self.assertEqual(self.action_form_kinds(), ["approve", "reject"])
        self.act(item_id, "approve")
        self.assert_item_at(item_id, 5, "in_review")

        # 5 again: kepala-biro approves this time.
        self.as_user("kepala-biro")
        self.open_from_tasks(item_id, title, 5)
        self.act(item_id, "approve")
        self.assert_item_at(item_id, 6, "ready_to_publish")
        self.assertEqual(self.action_form_kinds(), [])

        # 6. admin-medsos publishes with one live link per chosen channel.
        self.as_user("admin-medsos")
        self.open_from_tasks(item_id, title, 6)
        self.assert_item_at(item_id, 6, "ready_to_publish")
        self.assertEqual(self.action_form_kinds(), ["publish"])
        fields = self.css_all('form[action$="/publish"] input[name^="link_"]')
        self.assertEqual(sorted(f.get_attribute("name") for f in fields), sorted("link_" + c for c in self.LINKS),
                         "the publish form should ask for a link per chosen channel, no more")
        self.act(item_id, "publish", **{"link_" + c: url for c, url in self.LINKS.items()})
        status = self.css(".page-head span.status")
        self.assertEqual(status.text, self.t("status_published"))
        self.assertFalse(self.task_link_on_home(item_id), "a published item is still in Tugas saya")
        WorkflowBrowserTests.published = {"id": item_id, "title": title, "reason": reason, "comment": comment}

    def test_workflow_published_item_page(self):
        """The published item: status Tayang, live links, no actions left, history and JSON. It is the
        item the chain test published; when that one did not run or did not get that far, an item
        made the same way over HTTP."""
        item = WorkflowBrowserTests.published or self.publish_over_http()
        item_id = item["id"]
        self.as_user("admin-medsos")  # the role of the publish step: had forms there until now
        self.go(self.item_path(item_id))
        self.assertEqual(self.h1(), item["title"])
        status = self.css(".page-head span.status")
        self.assertEqual(status.text, self.t("status_published"))
        self.assertIn("status-published", status.get_attribute("class").split())
        self.assertEqual(self.action_form_kinds(), [], "action forms on a published item")
        self.assertFalse(self.css_all("#step-heading"), "a published item still shows a current step")
        self.assertFalse(self.css_all('a[href="/content/%d/edit"]' % item_id), "a published item can still be edited")
        self.assertFalse(self.css_all("#rejection"), "the old rejection is still shown on the published item")

        # The live links, as links one can click.
        self.assertEqual(self.css("h2#links-heading").text, self.t("content_links"))
        anchors = self.css_all('section[aria-labelledby="links-heading"] ul.links a')
        self.assertEqual(sorted(a.get_attribute("href") for a in anchors), sorted(self.LINKS.values()))
        for anchor in anchors:
            self.assertEqual(anchor.text, anchor.get_attribute("href"))
            self.wait(EC.element_to_be_clickable(anchor), "live link not clickable: " + anchor.text)
            on_top = self.d.execute_script("""
                var a = arguments[0];
                a.scrollIntoView({block: 'center'});
                var r = a.getBoundingClientRect();
                var hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
                return r.width > 0 && r.height > 0 && (hit === a || a.contains(hit));
            """, anchor)
            self.assertTrue(on_top, "live link %s is covered by something else" % anchor.text)

        # History: the whole way, one rejection and one publication.
        rows = self.css_all("table.history tbody tr")
        kinds = [next(c for c in r.get_attribute("class").split() if c.startswith("event-")) for r in rows]
        self.assertEqual(kinds, ["event-create", "event-submit", "event-approve", "event-approve", "event-approve",
                                 "event-reject", "event-approve", "event-approve", "event-publish"])
        self.assertEqual(len(self.css_all("table.history tr.event-reject")), 1)
        self.assertEqual(len(self.css_all("table.history tr.event-publish")), 1)
        reject_row = self.css("table.history tr.event-reject")
        self.assertIn(item["reason"], reject_row.text)
        self.assertIn(self.display_name("kepala-biro"), reject_row.text)
        self.assertIn(self.display_name("admin-medsos"), self.css("table.history tr.event-publish").text)

        # The same over JSON.
        data = self.item_json(item_id)
        self.assertEqual(data["id"], item_id)
        self.assertEqual(data["title"], item["title"])
        self.assertEqual(data["status"], "published")
        self.assertEqual(sorted(data["channels"]), sorted(self.LINKS))
        self.assertEqual(sorted((l["channel"], l["url"]) for l in data["links"]), sorted(self.LINKS.items()))
        history = [(e["action"], e["step_position"]) for e in data["history"]]
        self.assertEqual(history, [("create", 1), ("submit", 1), ("approve", 2), ("approve", 3), ("approve", 4),
                                   ("reject", 5), ("approve", 4), ("approve", 5), ("publish", 6)])
        rejected = data["history"][5]
        self.assertEqual((rejected["to_position"], rejected["comment"], rejected["actor"]),
                         (4, item["reason"], self.display_name("kepala-biro")))
        self.assertEqual(data["history"][2]["comment"], item["comment"])
        self.assertEqual([e["actor"] for e in data["history"][1:]],
                         [self.display_name(u) for u in ("admin-medsos", "tim-pengelola", "kasubbag-tu", "kepala-bagian",
                                                         "kepala-biro", "kepala-bagian", "kepala-biro", "admin-medsos")])

    def test_workflow_caption_too_long_keeps_the_form(self):
        self.allow_status(422)
        title = "Uji keterangan panjang " + self.token()
        first = "**Rapat koordinasi** Biro KSD dengan mitra kota kembar membahas kerja sama pendidikan."
        first_plain = first.replace("**", "")
        filler = "Dokumentasi lengkap ada di tautan media. " * 6
        second = filler[:213 - len(first_plain) - 2 - 1].rstrip() + "."
        caption = first + "\n\n" + second
        count = len(first_plain) + 2 + len(second)
        self.assertEqual(count, 213, "the test's own caption arithmetic")
        kept_channels = {"instagram", "tiktok"}
        media = "https://drive.google.com/drive/folders/uji-panjang\nhttps://example.org/foto/2.jpg"
        notes = "Mohon tayang sebelum jam 10."

        self.as_user("admin-medsos")
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
                              "document.getElementById('publish_at').value = '2026-11-22T10:30';")
        self.fill("#notes", notes)
        self.click_and_wait(self.css("form.content-form button.primary"))

        status = self.d.execute_script("return performance.getEntriesByType('navigation')[0].responseStatus;")
        self.assertEqual(status, 422)
        self.assertEqual(self.path(), "/content")
        errors = self.css("#content-errors")
        self.assertIn(self.t("content_error_caption_long", count=213, limit=200, excess=13), errors.text)
        self.assertIn("213", self.css("#caption-count .count-value").text)
        self.assertIn("over", self.css("#caption-count").get_attribute("class").split())
        # Everything typed is still there.
        self.assertEqual(self.css("#title").get_attribute("value"), title)
        self.assertEqual(Select(self.css("select#kind")).first_selected_option.get_attribute("value"), "ucapan")
        self.assertEqual(Select(self.css("select#source")).first_selected_option.get_attribute("value"), "koordinasi")
        self.assertEqual(self.css("#caption").get_property("value"), caption)
        self.assertEqual({b.get_attribute("value") for b in self.css_all("input[name=channels]") if b.is_selected()},
                         kept_channels)
        self.assertEqual(self.css("#media_links").get_property("value"), media)
        self.assertEqual(self.css("#event_at").get_property("value"), "2026-11-21T09:00")
        self.assertEqual(self.css("#publish_at").get_property("value"), "2026-11-22T10:30")
        self.assertEqual(self.css("#notes").get_property("value"), notes)
        self.assertEqual(query_db(self.server.db, "SELECT count(*) FROM contentItem WHERE title = ?", (title,))[0][0], 0,
                         "the refused item was stored")

        # Shortened, the same form goes through, with what was kept.
        self.fill("#caption", first)
        self.click_and_wait(self.css("form.content-form button.primary"))
        match = re.fullmatch(r"/content/(\d+)\?ok=content_created", self.path())
        self.assertTrue(match, "the corrected form was refused: %s" % self.error_text())
        self.assertEqual(self.h1(), title)
        self.assertEqual([tag.text for tag in self.css_all("dl.details span.tag")], ["Instagram", "TikTok"])
        self.assertEqual(self.css("p.caption-count").text, "%d / 200 %s" % (len(first_plain), self.t("content_characters")))
        data = self.item_json(int(match.group(1)))
        self.assertEqual((data["kind"], sorted(data["channels"])), ("ucapan", sorted(kept_channels)))

    def test_workflow_no_action_forms_without_the_role(self):
        title = "Uji tanpa peran " + self.token()
        medsos = self.http_as("admin-medsos")
        item_id = self.http_create(medsos, title, ["instagram"])
        self.http_act(medsos, item_id, "submit")  # now at step 2, tim-pengelola's

        self.as_user("kepala-biro")
        self.assertIsNone(self.task_link(item_id), "an item at step 2 is in kepala-biro's Tugas saya")
        self.go(self.item_path(item_id))
        self.assertEqual(self.h1(), title)
        self.assert_item_at(item_id, 2, "in_review")
        self.assertEqual(self.action_form_kinds(), [], "kepala-biro sees action forms at step 2")
        self.assertFalse(self.css_all("#comment, #reason, input[name^='link_']"))
        self.assertFalse(self.css_all('a[href="/content/%d/edit"]' % item_id), "kepala-biro may edit at step 2")
        # Posting anyway is refused, and nothing moves.
        before = self.item_json(item_id)
        biro = self.http_as("kepala-biro")
        page = biro.get(self.item_path(item_id))
        r = biro.post("/content/%d/approve" % item_id,
                      [("csrf_token", csrf_token(page.body)), ("version", str(before["version"]))])
        self.assertEqual(r.status, 403, "kepala-biro approving step 2 over HTTP")
        after = self.item_json(item_id)
        self.assertEqual((after["version"], after["step_position"], [e["action"] for e in after["history"]]),
                         (before["version"], 2, ["create", "submit"]))

        # The holder of the role does see them (so the absence above means something).
        self.as_user("tim-pengelola")
        self.open_from_tasks(item_id, title, 2)
        self.assertEqual(self.action_form_kinds(), ["approve", "reject"])


# ---------------------------------------------------------------------------------------------
# System tests (no browser)

class CaptionCounterBrowserTests(BrowserTestCase):
    """The live caption counter (Public/js/caption.js) against the shared case table that the
    Swift tests also check the server with (Tests/shared/caption-cases.json)."""

    def cases(self):
        with open(os.path.join(Settings.resources, "Tests", "shared", "caption-cases.json"), encoding="utf-8") as f:
            return json.load(f)["cases"]

    def test_js_counter_matches_the_shared_table(self):
        self.go("/login")
        cases = self.cases()
        self.assertGreaterEqual(len(cases), 30)
        results = self.d.execute_script(
            "return arguments[0].map(function (c) { var p = window.WartaCaption.plainText(c.markdown);"
            " return {plain: p, count: window.WartaCaption.count(p)}; });", cases)
        mismatches = ["%s: got %r (%d), expected %r (%d)" % (c["name"], r["plain"], r["count"], c["plain"], c["count"])
                      for c, r in zip(cases, results) if r["plain"] != c["plain"] or r["count"] != c["count"]]
        self.assertEqual(mismatches, [])

    def test_counter_turns_red_past_the_limit_and_the_server_refuses(self):
        self.allow_status(422)
        self.login("admin-medsos", self.pw("admin-medsos"))
        self.go("/content/new")
        counter = self.css("#caption-count")
        self.assertEqual(self.css("#caption-count .count-value").text, "0")
        caption = "**Rapat** " + "kerja sama daerah " * 11  # 5 + 1 + 198 visible characters, trimmed: 203
        self.css("#caption").send_keys(caption)
        self.wait(lambda d: self.css("#caption-count .count-value").text == "203", "the counter did not follow the typing")
        self.assertIn("over", counter.get_attribute("class").split())
        # Each ticked channel shows its own limit, counted on the same text.
        instagram = self.css('.platform-counts [data-channel="instagram"]')
        self.assertEqual(instagram.find_element(By.CSS_SELECTOR, ".count-value").text, "203")
        self.assertNotIn("over", instagram.get_attribute("class").split(), "203 is within Instagram's 2,200")
        self.css('input[name="channels"][value="instagram"]').click()
        self.wait(lambda d: not instagram.is_displayed(), "an unticked channel's count still shows")
        self.css('input[name="channels"][value="instagram"]').click()
        self.fill("#title", "Uji penghitung")
        self.click_and_wait(self.css("form.content-form button.primary"))
        self.assertIn("203", self.css("#content-errors").text, "the server counts the same")
        self.assertEqual(self.css("#caption").get_property("value"), caption, "the text is kept")
        self.assertEqual(self.css("#caption-count .count-value").text, "203")
        # Shortening it below the limit turns the counter back.
        field = self.css("#caption")
        field.send_keys(Keys.END)
        for _ in range(10):
            field.send_keys(Keys.BACKSPACE)
        self.wait(lambda d: "over" not in self.css("#caption-count").get_attribute("class").split(), "still red after shortening")


class ReviewBrowserTests(BrowserTestCase):
    """What approvers review: an uploaded image in the Instagram preview, and a rejection reason
    shown to the author."""

    PNG = bytes([
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01,
        0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4, 0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41,
        0x54, 0x78, 0x9C, 0x63, 0xF8, 0xCF, 0xC0, 0xF0, 0x1F, 0x00, 0x05, 0x00, 0x01, 0xFF, 0x89, 0x99, 0x3D, 0x1D, 0x00, 0x00,
        0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82])

    def test_upload_an_image_see_it_in_the_instagram_preview_and_read_a_rejection_as_author(self):
        title = "Uji unggah " + secrets.token_hex(4)
        image = os.path.join(Settings.temp, "foto-%s.jpg" % secrets.token_hex(4))  # a PNG with a .jpg name
        with open(image, "wb") as f:
            f.write(self.PNG)
        self.login("admin-medsos", self.pw("admin-medsos"))
        self.go("/content/new")
        self.fill("#title", title)
        self.fill("#caption", "Rapat koordinasi #KerjaSamaDaerah bersama @pemprovdki")
        self.css("#media_files").send_keys(image)
        self.click_and_wait(self.css("form.content-form button.primary"))
        self.assertRegex(self.path(), r"^/content/\d+\?ok=content_created$")
        item = self.path().split("?")[0]
        preview = self.css(".preview-instagram")
        img = preview.find_element(By.CSS_SELECTOR, ".pv-media img")
        self.wait(lambda d: d.execute_script("return arguments[0].complete && arguments[0].naturalWidth > 0;", img), "the uploaded image did not load")
        self.assertEqual(preview.find_element(By.CSS_SELECTOR, ".pv-tag").text, "#KerjaSamaDaerah")
        # Hand on; the next level sends it back with a reason; the author reads it.
        self.click_and_wait(self.css('form[action$="/submit"] button'))
        self.logout()
        self.login("tim-pengelola", self.pw("tim-pengelola"))
        self.go(item)
        self.fill("#reason", "Fotonya kurang terang, ganti yang lain.")
        self.click_and_wait(self.css('form[action$="/reject"] button'))
        self.logout()
        self.login("admin-medsos", self.pw("admin-medsos"))
        self.go(item)
        notice = self.css("#rejection")
        self.assertIn("Fotonya kurang terang, ganti yang lain.", notice.text)
        self.assertTrue(notice.is_displayed())


class AdminFlowsBrowserTests(BrowserTestCase):
    """The administration and delegation pages in a real browser: the workflow editor, delegations,
    days off and the institution settings. Every test puts back what it changed (the workflow keeps
    its six steps throughout: only a standard time changes, and changes back), since the other tests
    share the server."""

    PNG = ReviewBrowserTests.PNG

    def t(self, key, **values):
        """A message in the language of the page shown now (the account's language)."""
        return text(self.html_lang(), key, **values)

    def status(self):
        """The HTTP status of the page shown now."""
        return self.d.execute_script("return performance.getEntriesByType('navigation')[0].responseStatus;")

    def set_date(self, selector, value):
        """Sets a date field as a person picking a date does: the value, then a change event."""
        self.d.execute_script("var f = document.querySelector(arguments[0]); f.value = arguments[1];"
                              " f.dispatchEvent(new Event('change', {bubbles: true}));", selector, value)

    def as_user(self, username):
        if self.css_all('form[action="/logout"] button'):
            self.logout()
        self.login(username, self.pw(username), expect_path="/")

    # -- 1. workflow editor

    def version_items(self):
        return [li.text for li in self.css_all("ul.item-list li")]

    def workflow_table(self):
        return [[td.text for td in tr.find_elements(By.TAG_NAME, "td")] for tr in self.css_all("table.workflow tbody tr")]

    def test_admin_workflow_standard_time_new_version_invalid_edit_and_restore(self):
        self.allow_status(422)
        token = secrets.token_hex(3)
        note = "Uji standar waktu " + token
        names = [step[0] for step in WorkflowBrowserTests.STEPS]
        self.as_user("admin")

        self.go("/workflow")
        before = self.version_items()
        self.assertTrue(before, "no versions listed on /workflow")
        current = int(re.match(r"%s (\d+)" % re.escape(self.t("workflow_version")), before[0]).group(1))
        self.assertEqual([row[1] for row in self.workflow_table()], names, "the workflow is not the dki-ksd preset")

        self.go("/admin/workflow")
        self.assertEqual(self.h1(), self.t("workflow_edit_title"))
        self.assertEqual(len(self.css_all("table.workflow-edit tbody tr")), len(names) + 2, "six steps and two blank rows")
        self.assertEqual(len(self.css_all("table.workflow-edit tr.new-step")), 2)
        original = self.css('input[name="step_1_minutes"]').get_attribute("value")
        changed = "45" if original != "45" else "50"
        self.fill('input[name="step_1_minutes"]', changed)
        self.fill("#note", note)
        self.click_and_wait(self.css("button.primary"))
        self.assertEqual(self.path(), "/admin/workflow?ok=workflow_saved", self.error_text())
        self.assertEqual(self.css("p.flash").text, self.t("flash_workflow_saved"))
        self.assertEqual(self.css('input[name="step_1_minutes"]').get_attribute("value"), changed)

        self.go("/workflow")
        self.assertEqual(self.css(".page-head .tag").text,
                         "%s %d · %s" % (self.t("workflow_version"), current + 1, self.t("workflow_current")))
        after = self.version_items()
        self.assertEqual(len(after), len(before) + 1)
        self.assertTrue(after[0].startswith("%s %d" % (self.t("workflow_version"), current + 1)), after[0])
        self.assertIn(self.t("workflow_current"), after[0])
        self.assertTrue(after[0].endswith("— " + note), "the note is not in the newest version: %r" % after[0])
        self.assertEqual(len(self.css_all("ul.item-list .badge.ok")), 1, "more than one version marked current")
        table = self.workflow_table()
        self.assertEqual([row[1] for row in table], names, "a standard-time edit changed the steps")
        self.assertEqual(table[1][4], self.t("minutes_value", n=changed))

        # Invalid edits are refused with the reason, and nothing is saved.
        for field, value, problem in (
                ('input[name="step_2_reject"]', "5", self.t("workflow_problem_reject_backwards", n=3, target=5)),
                ('select[name="step_5_kind"]', "decide", self.t("workflow_problem_no_publish"))):
            with self.subTest(field=field, value=value):
                self.go("/admin/workflow")
                if field.startswith("select"):
                    Select(self.css(field)).select_by_value(value)
                else:
                    self.fill(field, value)
                self.fill("#note", "Uji tidak sah " + token)
                self.click_and_wait(self.css("button.primary"))
                self.assertEqual(self.status(), 422)
                self.assertEqual(self.path(), "/admin/workflow")
                errors = self.css("#workflow-errors")
                self.assertIn(self.t("workflow_refused"), errors.text)
                self.assertIn(problem, [li.text for li in errors.find_elements(By.TAG_NAME, "li")])
                kept = self.css(field)
                self.assertEqual(Select(kept).first_selected_option.get_attribute("value") if field.startswith("select")
                                 else kept.get_attribute("value"), value, "the typed value is not kept")
                self.assertEqual(len(self.version_items()), len(after), "a refused edit made a version")
        self.go("/workflow")
        self.assertEqual(self.version_items(), after, "a refused edit changed the versions")

        # Back to the original standard time: another version, the same as the one before.
        self.go("/admin/workflow")
        self.fill('input[name="step_1_minutes"]', original)
        self.fill("#note", "Uji selesai, standar waktu dikembalikan " + token)
        self.click_and_wait(self.css("button.primary"))
        self.assertEqual(self.path(), "/admin/workflow?ok=workflow_saved", self.error_text())
        self.go("/workflow")
        restored = self.version_items()
        self.assertEqual(len(restored), len(before) + 2)
        self.assertTrue(restored[0].startswith("%s %d" % (self.t("workflow_version"), current + 2)), restored[0])
        self.go("/workflow?version=%d" % current)
        old = self.workflow_table()
        self.go("/workflow")
        self.assertEqual(self.workflow_table(), old, "the restored workflow differs from the one before the test")

    def error_text(self):
        boxes = self.css_all("#workflow-errors, #delegation-errors, #holiday-errors, #settings-errors, .error-page")
        return " | ".join(box.text for box in boxes) or "(no error shown)"

    # -- 2. delegation

    def delegation_row(self, action):
        return self.css('form[action="%s"]' % action).find_element(By.XPATH, "./ancestor::tr[1]")

    def delegation_notices(self):
        return " ".join(p.text for p in self.css_all("p.notice"))

    def test_delegation_for_today_shows_on_the_delegate_home_until_revoked(self):
        self.allow_status(422)
        biro, bagian = self.display_name("kepala-biro"), self.display_name("kepala-bagian")
        bagian_id = query_db(self.server.db, "SELECT id FROM user WHERE username = 'kepala-bagian'")[0][0]
        revoke = {"action": None, "done": False}

        def revoke_if_left():  # a failed test must not leave kepala-bagian holding Kepala Biro
            if revoke["action"] and not revoke["done"]:
                Shared.admin().post_form("/delegations", revoke["action"], [])
        self.addCleanup(revoke_if_left)

        self.as_user("kepala-bagian")
        self.assertNotIn(text_prefix(self.html_lang(), "home_delegated_role"), self.delegation_notices())

        self.as_user("kepala-biro")
        self.go("/delegations")
        self.assertEqual(self.h1(), self.t("delegations_title"))
        today = self.css("#starts_on").get_attribute("value")
        self.assertRegex(today, r"^\d{4}-\d{2}-\d{2}$")
        self.assertEqual(self.css("#ends_on").get_attribute("value"), today)
        self.assertFalse(self.css_all("#from_user"), "a non-administrator may choose whom to delegate for")
        self.assertNotIn(biro, [o.text for o in Select(self.css("#to_user")).options], "one may delegate to oneself")
        rows_before = len(self.css_all("table tbody tr"))

        # The end before the start: refused, with the form kept.
        Select(self.css("#role")).select_by_value("kepala-biro")
        role = Select(self.css("#role")).first_selected_option.text
        Select(self.css("#to_user")).select_by_visible_text(bagian)
        self.assertEqual(Select(self.css("#to_user")).first_selected_option.get_attribute("value"), str(bagian_id))
        self.set_date("#starts_on", "2026-12-10")
        # The browser now refuses this itself (min on the end date); the server must too.
        self.d.execute_script("document.getElementById('ends_on').removeAttribute('min');")
        self.set_date("#ends_on", "2026-12-09")
        self.click_and_wait(self.css("button.primary"))
        self.assertEqual(self.status(), 422)
        self.assertEqual(self.path(), "/delegations")
        self.assertIn(self.t("delegation_error_range"), self.css("#delegation-errors").text)
        self.assertEqual(Select(self.css("#to_user")).first_selected_option.text, bagian, "the delegate is not kept")
        self.assertEqual(self.css("#starts_on").get_attribute("value"), "2026-12-10")
        self.assertEqual(self.css("#ends_on").get_attribute("value"), "2026-12-09")
        self.assertEqual(len(self.css_all("table tbody tr")), rows_before, "the refused delegation was stored")

        # Today only: in force at once.
        self.set_date("#starts_on", today)
        self.set_date("#ends_on", today)
        self.click_and_wait(self.css("button.primary"))
        self.assertEqual(self.path(), "/delegations?ok=delegation_created", self.error_text())
        self.assertEqual(self.css("p.flash").text, self.t("flash_delegation_created"))
        rows = [tr for tr in self.css_all("table tbody tr")
                if [td.text for td in tr.find_elements(By.TAG_NAME, "td")][:3] == [biro, bagian, role]
                and tr.find_elements(By.CSS_SELECTOR, 'form[action$="/revoke"]')]
        self.assertEqual(len(rows), 1, "want one revocable row %s → %s (%s)" % (biro, bagian, role))
        revoke["action"] = rows[0].find_element(By.CSS_SELECTOR, 'form[action$="/revoke"]').get_attribute("action")
        revoke["action"] = urllib.parse.urlsplit(revoke["action"]).path
        self.assertEqual(rows[0].find_element(By.CSS_SELECTOR, ".badge").text, self.t("delegation_state_active"))

        self.as_user("kepala-bagian")
        self.assertIn(self.t("home_delegated_role", role=role), self.delegation_notices())

        self.as_user("kepala-biro")
        self.go("/delegations")
        self.click_and_wait(self.css('form[action="%s"] button' % revoke["action"]))
        self.assertEqual(self.path(), "/delegations?ok=delegation_revoked", self.error_text())
        revoke["done"] = True
        self.assertEqual(self.css("p.flash").text, self.t("flash_delegation_revoked"))
        revoked = [tr for tr in self.css_all("table tbody tr")
                   if [td.text for td in tr.find_elements(By.TAG_NAME, "td")][:3] == [biro, bagian, role]]
        self.assertEqual([tr.find_element(By.CSS_SELECTOR, ".badge").text for tr in revoked], [self.t("delegation_state_revoked")])
        self.assertFalse(revoked[0].find_elements(By.CSS_SELECTOR, 'form[action$="/revoke"]'), "a revoked delegation can be revoked again")

        self.as_user("kepala-bagian")
        self.assertNotIn(self.t("home_delegated_role", role=role), self.delegation_notices())

    # -- 3. days off

    def holiday_rows(self, day):
        return self.css_all('table tbody tr:has(time[datetime="%s"])' % day)

    def test_holiday_add_refuse_empty_name_and_delete_with_confirm(self):
        self.allow_status(422)
        day, name = "2027-08-16", "Uji hari libur " + secrets.token_hex(3)
        added = {"action": None, "done": False}

        def delete_if_left():
            if added["action"] and not added["done"]:
                Shared.admin().post_form("/admin/holidays?year=2027", added["action"], [])
        self.addCleanup(delete_if_left)

        self.as_user("admin")
        self.go("/admin/holidays?year=2027")
        self.assertEqual(self.h1(), self.t("holidays_title"))
        self.assertEqual(self.holiday_rows(day), [], "%s is already a day off" % day)

        # A name of blanks: the browser's pattern refuses it, and so must the server.
        self.set_date("#day", day)
        self.assertEqual(self.css("#name").get_attribute("pattern"), ".*\\S.*")
        self.d.execute_script("document.getElementById('name').removeAttribute('pattern');")
        self.fill("#name", "   ")
        Select(self.css("#kind")).select_by_value("cuti_bersama")
        self.click_and_wait(self.css("button.primary"))
        self.assertEqual(self.status(), 422)
        self.assertEqual(self.path(), "/admin/holidays")
        self.assertIn(self.t("holiday_error_name"), self.css("#holiday-errors").text)
        self.assertEqual(self.css("#day").get_attribute("value"), day, "the date is not kept")
        self.assertEqual(Select(self.css("#kind")).first_selected_option.get_attribute("value"), "cuti_bersama")
        self.assertEqual(self.holiday_rows(day), [], "the refused day off was stored")

        self.fill("#name", name)
        self.click_and_wait(self.css("button.primary"))
        self.assertEqual(self.path(), "/admin/holidays?year=2027&ok=holiday_added", self.error_text())
        self.assertEqual(self.css("p.flash").text, self.t("flash_holiday_added"))
        rows = self.holiday_rows(day)
        self.assertEqual(len(rows), 1, "the new day off is not listed once")
        cells = rows[0].find_elements(By.TAG_NAME, "td")
        self.assertEqual(cells[1].text, name)
        self.assertEqual(cells[2].text, self.t("holiday_kind_cuti_bersama"))
        form = rows[0].find_element(By.CSS_SELECTOR, "form[data-confirm]")
        added["action"] = urllib.parse.urlsplit(form.get_attribute("action")).path

        # Deleting asks first; cancelling keeps the day.
        button = form.find_element(By.TAG_NAME, "button")
        question = self.t("holidays_delete_confirm")  # the page cannot be read while the dialog is open
        button.click()
        alert = self.wait(EC.alert_is_present(), "no confirm() dialog")
        self.assertEqual(alert.text, question)
        alert.dismiss()
        self.assertEqual(self.path(), "/admin/holidays?year=2027&ok=holiday_added")
        self.assertEqual(len(self.holiday_rows(day)), 1)
        self.mark_page()
        button.click()
        self.wait(EC.alert_is_present(), "no confirm() dialog the second time").accept()
        self.wait_new_page("no new page after deleting the day off")
        self.assertEqual(self.path(), "/admin/holidays?year=2027&ok=holiday_deleted", self.error_text())
        added["done"] = True
        self.assertEqual(self.css("p.flash").text, self.t("flash_holiday_deleted"))
        self.assertEqual(self.holiday_rows(day), [], "the deleted day off is still listed")

    # -- 4. settings: account name and avatar in the previews

    def settings_snapshot(self):
        """Everything on the settings form except the account name and the avatar."""
        return self.d.execute_script("""
            var form = document.querySelector('form[action="/admin/settings"]'), out = {};
            Array.prototype.forEach.call(form.elements, function (e) {
              if (!e.name || e.name === 'csrf_token' || e.name === 'account_name' || e.type === 'file'
                  || e.name === 'remove_avatar') return;
              if (e.type === 'checkbox') { if (e.checked) (out[e.name] = out[e.name] || []).push(e.value); }
              else out[e.name] = e.value;
            });
            return out;
        """)

    def instagram_head(self):
        preview = self.css(".preview-instagram")
        return preview.find_element(By.CSS_SELECTOR, ".pv-head strong").text, preview.find_element(By.CSS_SELECTOR, ".pv-avatar")

    def test_settings_account_name_and_avatar_show_in_the_instagram_preview(self):
        account = "uji_akun_" + secrets.token_hex(3)
        title = "Uji akun pratinjau " + secrets.token_hex(3)
        image = os.path.join(Settings.temp, "avatar-%s.png" % secrets.token_hex(4))
        with open(image, "wb") as f:
            f.write(self.PNG)
        medsos = Http(self.base)
        self.assertEqual(medsos.login("admin-medsos", self.pw("admin-medsos")).status, 303)
        r = medsos.post_form("/content/new", "/content", [
            ("title", title), ("kind", "kegiatan"), ("source", "agenda-harian"), ("caption", "Rapat koordinasi."),
            ("channels", "instagram"), ("media_links", ""), ("event_at", "2026-11-21T09:00"), ("publish_at", ""), ("notes", "")])
        self.assertRegex(r.location or "", r"^/content/\d+\?ok=content_created$", "set-up: creating the item: %s" % r.status)

        self.as_user("admin")
        self.go("/admin/settings")
        self.assertEqual(self.h1(), self.t("settings_title"))
        institution = self.css("#name").get_attribute("value")
        before = self.settings_snapshot()
        self.assertEqual(self.css("#account_name").get_attribute("value"), "", "an account name is already set")
        restored = []

        def restore_if_left():  # a failed test must not leave the account name and avatar behind
            if not restored:
                fields = [(k, x) for k, v in before.items() for x in (v if isinstance(v, list) else [v])]
                Shared.admin().post_form("/admin/settings", "/admin/settings",
                                         fields + [("account_name", ""), ("remove_avatar", "1")])
        self.addCleanup(restore_if_left)
        self.fill("#account_name", account)
        self.css("#avatar").send_keys(image)
        self.click_and_wait(self.css("button.primary"))
        self.assertEqual(self.path(), "/admin/settings?ok=settings_saved", self.error_text())
        self.assertEqual(self.css("p.flash").text, self.t("flash_settings_saved"))
        self.assertEqual(self.css("#account_name").get_attribute("value"), account)
        self.assertEqual(self.settings_snapshot(), before, "saving the account name changed other settings")
        thumb = self.css("p.uploads img.thumb")
        thumb_src = urllib.parse.urlsplit(thumb.get_attribute("src")).path
        self.wait(lambda d: d.execute_script("return arguments[0].complete && arguments[0].naturalWidth > 0;", thumb),
                  "the avatar does not load on the settings page")

        self.go("/content")
        self.click_and_wait(self.d.find_element(By.LINK_TEXT, title))
        self.assertRegex(self.path(), r"^/content/\d+$")
        name, avatar = self.instagram_head()
        self.assertEqual(name, account)
        self.assertIn(account, self.css(".preview-instagram .pv-caption").text)
        img = avatar.find_element(By.TAG_NAME, "img")
        self.wait(lambda d: d.execute_script("return arguments[0].complete && arguments[0].naturalWidth > 0;", img),
                  "the uploaded avatar did not load in the Instagram preview")
        self.assertEqual(urllib.parse.urlsplit(img.get_attribute("src")).path, thumb_src, "the preview shows another picture")
        item = self.path()

        # Back: no account name, no avatar; the preview falls back to the institution's name.
        self.go("/admin/settings")
        self.fill("#account_name", "")
        self.css('input[name="remove_avatar"]').click()
        self.click_and_wait(self.css("button.primary"))
        self.assertEqual(self.path(), "/admin/settings?ok=settings_saved", self.error_text())
        restored.append(True)
        self.assertEqual(self.css("#account_name").get_attribute("value"), "")
        self.assertFalse(self.css_all("p.uploads img.thumb"), "the avatar was not removed")
        self.assertEqual(self.settings_snapshot(), before)
        self.go(item)
        name, avatar = self.instagram_head()
        self.assertEqual(name, institution)
        self.assertFalse(avatar.find_elements(By.TAG_NAME, "img"), "the removed avatar is still in the preview")
        self.assertEqual(avatar.text, "".join(w[0] for w in institution.split()[:2]).upper())


# ---------------------------------------------------------------------------------------------
# Content calendar (browser): the agenda, planning from it, greetings, iCalendar import and feed

class CalendarBrowserTests(BrowserTestCase):
    """The content calendar (issue 5) in a real browser: agenda items typed in and imported from
    iCalendar files, coverage planned from an agenda item, greeting reminders on Tugas saya, the
    month, week and list views, and the secret iCalendar feed on /account. Every test works with
    accounts of its own (a fresh drafter: the dki-ksd workflow's first step is admin-medsos) and
    items with a random token in their titles and UIDs. Dates are computed from today in the
    institution's time zone (the server runs on the real clock), never hard-coded."""

    ZONE = "Asia/Jakarta"
    DAY_NAMES = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]  # Monday first
    MONTH_NAMES = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
                   "Oktober", "November", "Desember"]

    # -- dates

    @classmethod
    def today(cls):
        return datetime.datetime.now(zoneinfo.ZoneInfo(cls.ZONE)).date()

    @staticmethod
    def month_of(day):
        return "%04d-%02d" % (day.year, day.month)

    @staticmethod
    def iso_week(day):
        year, week, _ = day.isocalendar()
        return "%04d-W%02d" % (year, week)

    @classmethod
    def long_date(cls, day):
        """"Rabu, 2 Desember 2026", as the pages write a day."""
        return "%s, %d %s %d" % (cls.DAY_NAMES[day.weekday()], day.day, cls.MONTH_NAMES[day.month - 1], day.year)

    # -- accounts and pages

    @staticmethod
    def token():
        return secrets.token_hex(3)

    def new_user(self, prefix, roles):
        """A fresh account with the given roles; returns (username, password)."""
        username, password = "%s-%s" % (prefix, self.token()), new_password()
        Shared.admin().create_user(username, "Uji " + username, roles, password)
        return username, password

    def drafter(self):
        """A fresh account that may create content (the first step's role) and logs in with it."""
        username, password = self.new_user("uji-kal", ["admin-medsos"])
        self.login(username, password, expect_path="/")
        return username, password

    def status(self):
        return self.d.execute_script("return performance.getEntriesByType('navigation')[0].responseStatus;")

    def set_value(self, selector, value):
        """Sets a date or datetime-local field as picking a value does: the value, then a change event."""
        self.d.execute_script("var f = document.querySelector(arguments[0]); f.value = arguments[1];"
                              " f.dispatchEvent(new Event('change', {bubbles: true}));", selector, value)

    def value(self, selector):
        return self.css(selector).get_property("value")

    def query(self):
        return urllib.parse.parse_qs(urllib.parse.urlsplit(self.d.current_url).query)

    def error_text(self):
        boxes = self.css_all("#agenda-errors, #content-errors, #import-errors, .error-page")
        return " | ".join(box.text for box in boxes) or "(no error shown)"

    def save_content_form(self, caption):
        """Types a caption into the (prefilled) content form and saves it; returns the new item's id."""
        self.fill("#caption", caption)
        self.click_and_wait(self.css("form.content-form button.primary"))
        match = re.fullmatch(r"/content/(\d+)\?ok=content_created", self.path())
        self.assertTrue(match, "saving the planned item did not lead to it: %s (%s)" % (self.path(), self.error_text()))
        self.assertEqual(self.css("p.flash").text, text("id", "flash_content_created"))
        return int(match.group(1))

    def entries(self, container_selector, day, kind):
        """The calendar entries of a kind on a day, in the cell (month) or block (week, list) of that day."""
        containers = self.css_all('%s[data-day="%s"]' % (container_selector, day.isoformat()))
        self.assertEqual(len(containers), 1, "want one %s for %s on %s" % (container_selector, day, self.path()))
        found = containers[0].find_elements(By.CSS_SELECTOR, 'li.entry[data-kind="%s"]' % kind)
        for li in found:
            self.assertEqual(li.get_attribute("data-date"), day.isoformat(), "an entry in the wrong day's box")
        return found

    @staticmethod
    def entry_hrefs(entries):
        hrefs = []
        for li in entries:
            hrefs += [urllib.parse.urlsplit(a.get_attribute("href")).path for a in li.find_elements(By.CSS_SELECTOR, ":scope > a")]
        return hrefs

    @staticmethod
    def entry_title(li):
        titles = li.find_elements(By.CSS_SELECTOR, ":scope > a, :scope > span.title")
        return titles[0].text if titles else ""

    def agenda_rows(self, month):
        """The rows of /agenda?month=…: (date, time, title, href, owner, location, row text)."""
        self.go("/agenda?month=" + month)
        rows = []
        for tr in self.css_all("table.agenda-table tbody tr"):
            cells = tr.find_elements(By.TAG_NAME, "td")
            link = cells[2].find_element(By.TAG_NAME, "a")
            rows.append({"date": cells[0].text, "time": cells[1].text, "title": link.text,
                         "href": urllib.parse.urlsplit(link.get_attribute("href")).path,
                         "owner": cells[3].text, "location": cells[4].text, "text": tr.text})
        return rows

    # -- 1. agenda item → coverage → calendar

    def test_agenda_item_then_coverage_then_calendar(self):
        token = self.token()
        title = "Uji rapat koordinasi kota kembar " + token
        day = self.today() + datetime.timedelta(days=10)
        date = day.isoformat()
        self.drafter()

        # The agenda form.
        self.go("/agenda?month=" + self.month_of(day))
        self.click_and_wait(self.css("a#agenda-new"))
        self.assertEqual(self.path(), "/agenda/new")
        self.assertFalse(self.css_all("#agenda-plans"), "a new, unsaved agenda item offers plans")
        self.fill("#title", title)
        self.set_value("#starts_at", date + "T13:00")
        self.set_value("#ends_at", date + "T15:00")
        self.fill("#location", "Balai Kota, Ruang Pola")
        self.fill("#owner", "Gubernur")
        self.css('input[name="needs_coverage"]').click()
        self.click_and_wait(self.css("#agenda-form button.primary"))
        match = re.fullmatch(r"/agenda/(\d+)\?ok=agenda_saved", self.path())
        self.assertTrue(match, "saving the agenda item: %s (%s)" % (self.path(), self.error_text()))
        agenda_id = int(match.group(1))
        self.assertEqual(self.css("p.flash").text, text("id", "flash_agenda_saved"))
        self.assertEqual(self.value("#starts_at"), date + "T13:00", "the saved start is not shown back")
        self.assertEqual(self.value("#ends_at"), date + "T15:00")
        self.assertTrue(self.css('input[name="needs_coverage"]').is_selected())

        # Listed in its month, at the right day and time.
        rows = [r for r in self.agenda_rows(self.month_of(day)) if r["title"] == title]
        self.assertEqual(len(rows), 1, "the new agenda item is not listed once in its month")
        self.assertEqual((rows[0]["date"], rows[0]["time"], rows[0]["href"], rows[0]["owner"], rows[0]["location"]),
                         (self.long_date(day), "13.00–15.00", "/agenda/%d" % agenda_id, "Gubernur", "Balai Kota, Ruang Pola"))
        self.assertIn(text("id", "agenda_needs_coverage_short"), rows[0]["text"])
        other_month = self.month_of(day + datetime.timedelta(days=40))
        self.assertFalse([r for r in self.agenda_rows(other_month) if r["title"] == title], "listed in another month too")

        # Open it; plan the coverage.
        self.go("/agenda?month=" + self.month_of(day))
        self.click_and_wait(self.d.find_element(By.LINK_TEXT, title))
        self.assertEqual(self.path(), "/agenda/%d" % agenda_id)
        plans = self.css("#agenda-plans")
        hrefs = {a.text: a.get_attribute("href") for a in plans.find_elements(By.CSS_SELECTOR, "a.button")}
        self.assertEqual(sorted(hrefs), sorted([text("id", "plan_coverage"), text("id", "plan_infographic")]))
        self.assertEqual(urllib.parse.urlsplit(hrefs[text("id", "plan_infographic")]).query,
                         "agenda=%d&plan=infografis" % agenda_id)
        self.click_and_wait(plans.find_element(By.LINK_TEXT, text("id", "plan_coverage")))
        self.assertEqual(self.path(), "/content/new?agenda=%d&plan=liputan" % agenda_id)
        self.assertEqual(self.value("#title"), text("id", "plan_coverage_title", title=title))
        self.assertEqual(Select(self.css("select#kind")).first_selected_option.get_attribute("value"), "kegiatan")
        self.assertEqual(self.value("#event_at"), date + "T13:00")
        self.assertEqual(self.value("#event_end_at"), date + "T15:00")
        self.assertEqual(self.value("#publish_at"), date + "T16:00", "coverage goes out an hour after the event ends")
        self.assertEqual(self.value("#due_on"), "")
        self.assertEqual(self.css('input[type=hidden][name="agenda_id"]').get_attribute("value"), str(agenda_id))
        self.assertIn(title, " ".join(p.text for p in self.css_all("form.content-form p.notice")),
                      "the form does not say which agenda item it covers")
        item_id = self.save_content_form("Liputan rapat koordinasi Biro KSD dengan mitra kota kembar.")
        self.assertEqual(self.h1(), text("id", "plan_coverage_title", title=title))

        # The agenda item now lists the planned item.
        self.go("/agenda/%d" % agenda_id)
        linked = [urllib.parse.urlsplit(a.get_attribute("href")).path for a in self.css_all("#agenda-plans ul.plain a:not(.button)")]
        self.assertIn("/content/%d" % item_id, linked, "the agenda item does not list its coverage")

        # Month view: the agenda item and the coverage on the same day, each linking to itself.
        self.go("/calendar?month=" + self.month_of(day))
        self.assertEqual(self.status(), 200)
        agenda = [li for li in self.entries("td.day", day, "agenda") if self.entry_title(li) == title]
        self.assertEqual(len(agenda), 1, "the agenda item is not on its day in the month view")
        self.assertIn("/agenda/%d" % agenda_id, self.entry_hrefs(agenda))
        self.assertIn("13.00–15.00", agenda[0].text)
        content = [li for li in self.entries("td.day", day, "content") if "/content/%d" % item_id in self.entry_hrefs([li])]
        self.assertEqual(len(content), 1, "the coverage is not on its day in the month view")
        self.assertEqual(self.entry_title(content[0]), text("id", "plan_coverage_title", title=title))
        self.assertIn("16.00", content[0].find_element(By.CSS_SELECTOR, ".time").text)
        self.assertFalse([li for li in self.css_all('li.entry[data-kind="content"]')
                          if "/content/%d" % item_id in self.entry_hrefs([li]) and li.get_attribute("data-date") != date],
                         "the coverage shows on another day too")

        # The filters (a plain GET form): another kind hides the coverage but not the agenda.
        Select(self.css('form.filters select[name="kind"]')).select_by_value("ucapan")
        self.click_and_wait(self.css("form.filters button[type=submit]"))
        self.assertEqual(self.query().get("kind"), ["ucapan"])
        self.assertEqual(self.query().get("month"), [self.month_of(day)])
        self.assertFalse([li for li in self.entries("td.day", day, "content") if "/content/%d" % item_id in self.entry_hrefs([li])],
                         "kind=ucapan still shows a kegiatan item")
        self.assertTrue([li for li in self.entries("td.day", day, "agenda") if self.entry_title(li) == title])
        Select(self.css('form.filters select[name="kind"]')).select_by_value("kegiatan")
        self.click_and_wait(self.css("form.filters button[type=submit]"))
        self.assertTrue([li for li in self.entries("td.day", day, "content") if "/content/%d" % item_id in self.entry_hrefs([li])],
                        "kind=kegiatan hides the kegiatan item")

        # Week view of that day: the same two entries.
        week = self.iso_week(day)
        self.go("/calendar?week=" + week)
        self.assertEqual(self.status(), 200)
        blocks = [s.get_attribute("data-day") for s in self.css_all("section.day-block")]
        monday = day - datetime.timedelta(days=day.weekday())
        self.assertEqual(blocks, [(monday + datetime.timedelta(days=n)).isoformat() for n in range(7)], "the week is not Monday to Sunday")
        agenda = [li for li in self.entries("section.day-block", day, "agenda") if self.entry_title(li) == title]
        self.assertEqual(len(agenda), 1, "the agenda item is not on its day in week %s" % week)
        self.assertIn("/agenda/%d" % agenda_id, self.entry_hrefs(agenda))
        content = [li for li in self.entries("section.day-block", day, "content") if "/content/%d" % item_id in self.entry_hrefs([li])]
        self.assertEqual(len(content), 1, "the coverage is not on its day in week %s" % week)

        # The current month marks today.
        self.go("/calendar")
        self.assertEqual([td.get_attribute("data-day") for td in self.css_all("td.day.today")], [self.today().isoformat()])

    # -- 2. greeting reminder

    def test_greeting_reminder_for_next_commemoration(self):
        self.drafter()
        today = self.today()
        self.go("/")
        due = self.css_all("#greetings-due li.greeting-due")
        if not due:
            # Only acceptable when nothing in the next 30 days is worth a greeting.
            last = (today + datetime.timedelta(days=29)).isoformat()
            holidays = query_db(self.server.db, "SELECT count(*) FROM holiday WHERE kind = 'libur' AND day >= ? AND day <= ?",
                                (today.isoformat(), last))[0][0]
            days = {(today + datetime.timedelta(days=n)).strftime("%m-%d") for n in range(30)}
            commemorations = [r for r in query_db(self.server.db, "SELECT monthDay FROM commemoration") if r[0] in days]
            self.assertFalse(holidays or commemorations, "no greeting reminders on / although days are coming up")
            self.skipTest("no commemoration day or public holiday in the next 30 days")
        first = due[0]
        date = first.get_attribute("data-date")
        name = first.find_element(By.TAG_NAME, "strong").text
        day = datetime.date.fromisoformat(date)
        self.assertTrue(today <= day <= today + datetime.timedelta(days=29), "reminder for %s, outside the next 30 days" % date)
        self.assertEqual([li.get_attribute("data-date") for li in due], sorted(li.get_attribute("data-date") for li in due),
                         "the reminders are not in date order")
        self.assertIn(self.long_date(day), first.text)

        # "Buat ucapan": the greeting form, prefilled for that day.
        self.click_and_wait(first.find_element(By.LINK_TEXT, text("id", "plan_greeting")))
        self.assertEqual(urllib.parse.urlsplit(self.d.current_url).path, "/content/new")
        self.assertEqual(self.query().get("date"), [date])
        self.assertEqual(Select(self.css("select#kind")).first_selected_option.get_attribute("value"), "ucapan")
        self.assertEqual(self.value("#due_on"), date)
        self.assertEqual(self.value("#title"), text("id", "plan_greeting_title", name=name))
        self.assertEqual(self.value("#publish_at"), date + "T06:00")
        self.assertEqual([f.get_attribute("value") for f in self.css_all('input[name="agenda_id"]')], [""] * len(self.css_all('input[name="agenda_id"]')),
                         "a greeting form names an agenda item")
        item_id = self.save_content_form("Selamat memperingati %s. Mari terus berkarya untuk Jakarta." % name)
        self.assertEqual(self.h1(), text("id", "plan_greeting_title", name=name))

        # Tugas saya no longer reminds of that day.
        self.go("/")
        left = self.css_all('#greetings-due li.greeting-due[data-date="%s"]' % date)
        self.assertEqual(left, [], "the day still has a reminder after its greeting was planned")
        self.assertNotIn(name, [li.find_element(By.TAG_NAME, "strong").text for li in self.css_all("#greetings-due li.greeting-due")])

        # The calendar of that month: the greeting on the day, and the day marked as greeted.
        self.go("/calendar?month=" + self.month_of(day))
        content = [li for li in self.entries("td.day", day, "content") if "/content/%d" % item_id in self.entry_hrefs([li])]
        self.assertEqual(len(content), 1, "the greeting is not on its day in the month view")
        self.assertIn("06.00", content[0].text)
        named = [li for kind in ("peringatan", "libur") for li in self.entries("td.day", day, kind) if self.entry_title(li) == name]
        self.assertTrue(named, "%s is not on %s in the calendar" % (name, date))
        self.assertIn(text("id", "calendar_has_greeting"), named[0].text)
        self.assertFalse(named[0].find_elements(By.LINK_TEXT, text("id", "plan_greeting")),
                         "the calendar still offers a greeting for a day that has one")

    # -- 3. iCalendar import

    @staticmethod
    def fold(line):
        """RFC 5545 folding at 75 octets, between characters."""
        out, current = [], b""
        for char in line:
            encoded = char.encode("utf-8")
            if len(current) + len(encoded) > (75 if not out else 74):
                out.append(current)
                current = b""
            current += encoded
        out.append(current)
        return b"\r\n ".join(out)

    def ics(self, events):
        """A calendar file (CRLF, folded) from events given as lists of unfolded lines."""
        lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Pemprov DKI//e-Office Uji//ID", "CALSCALE:GREGORIAN",
                 "BEGIN:VTIMEZONE", "TZID:Asia/Makassar", "BEGIN:STANDARD", "DTSTART:19700101T000000",
                 "TZOFFSETFROM:+0800", "TZOFFSETTO:+0800", "TZNAME:WITA", "END:STANDARD", "END:VTIMEZONE"]
        for event in events:
            lines += ["BEGIN:VEVENT"] + event + ["END:VEVENT"]
        lines.append("END:VCALENDAR")
        return b"\r\n".join(self.fold(line) for line in lines) + b"\r\n"

    def write_temp(self, name, data):
        path = os.path.join(new_temp_dir("ics-"), name)
        with open(path, "wb") as f:
            f.write(data)
        return path

    def import_file(self, path, owner=""):
        self.go("/agenda")
        form = self.css("form#agenda-import")
        if owner:
            self.fill("#import-owner", owner)
        form.find_element(By.CSS_SELECTOR, "input#ics-file").send_keys(path)
        self.click_and_wait(form.find_element(By.CSS_SELECTOR, "button[type=submit]"))

    def imported_count(self, token):
        return query_db(self.server.db, "SELECT count(*) FROM agendaItem WHERE uid LIKE ?", ("%" + token + "%",))[0][0]

    def test_agenda_import_ics_file(self):
        self.allow_status(422)
        token = self.token()
        today = self.today()
        base = today + datetime.timedelta(days=35)

        def d(n):
            return base + datetime.timedelta(days=n)

        def stamp(day):
            return day.strftime("%Y%m%d")

        long_title = ("Peringatan Hari Pahlawan — Surabaya 🇮🇩 upacara bendera bersama veteran, pimpinan daerah, "
                      "pelajar dan warga di halaman Tugu Pahlawan Surabaya " + token)
        self.assertGreater(len(("SUMMARY:" + long_title).encode()), 150, "the summary must need folding twice")
        titles = {"wita": "Rapat koordinasi BKSD wilayah timur " + token, "long": long_title,
                  "allday": "Rakor kerja sama daerah dua hari " + token, "weekly": "Rapat mingguan pimpinan " + token}
        events = [
            ["UID:wita-%s@eoffice.uji" % token, "DTSTAMP:20260101T000000Z", "SUMMARY:" + titles["wita"],
             "DTSTART;TZID=Asia/Makassar:%sT100000" % stamp(d(0)), "DTEND;TZID=Asia/Makassar:%sT113000" % stamp(d(0)),
             "LOCATION:Kantor Gubernur\\, Makassar"],
            ["UID:pahlawan-%s@eoffice.uji" % token, "DTSTAMP:20260101T000000Z", "SUMMARY:" + long_title,
             "DTSTART;TZID=Asia/Jakarta:%sT080000" % stamp(d(1)), "DTEND;TZID=Asia/Jakarta:%sT100000" % stamp(d(1)),
             "DESCRIPTION:Upacara\\; lalu ramah tamah.\\nPakaian: PDH."],
            ["UID:rakor-%s@eoffice.uji" % token, "DTSTAMP:20260101T000000Z", "SUMMARY:" + titles["allday"],
             "DTSTART;VALUE=DATE:" + stamp(d(2)), "DTEND;VALUE=DATE:" + stamp(d(4))],
            ["UID:mingguan-%s@eoffice.uji" % token, "DTSTAMP:20260101T000000Z", "SUMMARY:" + titles["weekly"],
             "DTSTART;TZID=Asia/Jakarta:%sT140000" % stamp(d(0)), "DTEND;TZID=Asia/Jakarta:%sT150000" % stamp(d(0)),
             "RRULE:FREQ=WEEKLY;COUNT=3"],
        ]
        data = self.ics(events)
        self.assertIn(b"\r\n ", data, "the test file is not folded")
        path = self.write_temp("agenda-%s.ics" % token, data)
        self.drafter()

        # First import: four new items, back on the agenda of the earliest one's month.
        self.import_file(path, owner="Kepala Biro")
        self.assertEqual(urllib.parse.urlsplit(self.d.current_url).path, "/agenda", self.error_text())
        self.assertEqual({k: v for k, v in self.query().items()},
                         {"month": [self.month_of(d(0))], "ok": ["agenda_imported"], "added": ["4"], "updated": ["0"], "unchanged": ["0"]})
        summary = self.css("#import-summary")
        self.assertEqual(summary.text, text("id", "agenda_import_summary", added=4, updated=0, unchanged=0))
        self.assertFalse(self.css_all("#import-errors"))
        self.assertEqual(self.imported_count(token), 4)

        # The agenda list: WITA shown in WIB (an hour earlier), the long title whole, all-day as such.
        # (An item running into the next month is listed there too, under its first day: count it once.)
        rows, seen = {}, set()
        for month in sorted({self.month_of(d(n)) for n in range(0, 15)}):
            for row in self.agenda_rows(month):
                if (row["title"], row["date"], row["time"]) not in seen:
                    seen.add((row["title"], row["date"], row["time"]))
                    rows.setdefault(row["title"], []).append(row)
        wita = rows.get(titles["wita"], [])
        self.assertEqual(len(wita), 1, "the Asia/Makassar event is not listed once: %r" % sorted(rows))
        self.assertEqual((wita[0]["date"], wita[0]["time"], wita[0]["location"], wita[0]["owner"]),
                         (self.long_date(d(0)), "09.00–10.30", "Kantor Gubernur, Makassar", "Kepala Biro"))
        self.assertIn(text("id", "agenda_imported"), wita[0]["text"])
        self.assertEqual([(r["date"], r["time"]) for r in rows.get(long_title, [])], [(self.long_date(d(1)), "08.00–10.00")],
                         "the folded non-ASCII summary was not read back whole: %r" % [t for t in rows if token in t])
        self.assertEqual([(r["date"], r["time"]) for r in rows.get(titles["allday"], [])], [(self.long_date(d(2)), text("id", "agenda_all_day"))])
        weekly = rows.get(titles["weekly"], [])
        self.assertEqual([(r["date"], r["time"]) for r in weekly], [(self.long_date(d(n)), "14.00–15.00") for n in (0, 7, 14)],
                         "the weekly rule with COUNT=3 is not three occurrences")
        self.assertTrue(all(text("id", "agenda_recurring") in r["text"] for r in weekly))

        # The imported item keeps its text as written.
        long_href = rows[long_title][0]["href"]
        self.go(long_href)
        self.assertEqual(self.value("#title"), long_title)
        self.assertEqual(self.value("#notes"), "Upacara; lalu ramah tamah.\nPakaian: PDH.")
        self.assertEqual(self.value("#starts_at"), d(1).isoformat() + "T08:00")

        # The calendar's list view over the range: every day where it belongs, and nowhere else.
        self.go("/calendar?view=list&from=%s&to=%s" % (d(-1).isoformat(), d(21).isoformat()))
        self.assertEqual(self.status(), 200)
        placed = {}
        for li in self.css_all('li.entry[data-kind="agenda"]'):
            title = self.entry_title(li)
            if token in title:
                placed.setdefault(title, []).append((li.get_attribute("data-date"), li.find_elements(By.CSS_SELECTOR, ".time")))
        days = {t: sorted(date for date, _ in v) for t, v in placed.items()}
        self.assertEqual(days.get(titles["wita"]), [d(0).isoformat()])
        self.assertEqual(days.get(long_title), [d(1).isoformat()])
        self.assertEqual(days.get(titles["allday"]), [d(2).isoformat(), d(3).isoformat()],
                         "a 2-day all-day event (DTEND exclusive) should be on exactly two days")
        self.assertEqual(days.get(titles["weekly"]), [d(n).isoformat() for n in (0, 7, 14)])
        self.assertEqual([times[0].text for _, times in placed[titles["wita"]]], ["09.00–10.30"])
        self.assertEqual([times for _, times in placed[titles["allday"]]], [[], []], "an all-day event shows a time")

        # The same file again: nothing new.
        self.import_file(path)
        self.assertEqual(self.query().get("added"), ["0"], self.error_text())
        self.assertEqual(self.css("#import-summary").text, text("id", "agenda_import_summary", added=0, updated=0, unchanged=4))
        self.assertEqual(self.imported_count(token), 4, "importing the same file twice duplicated items")
        rows_again = [r for r in self.agenda_rows(self.month_of(d(2))) if r["title"] == titles["allday"]]
        self.assertEqual(len(rows_again), 1)

        # The e-office moved one meeting and renamed it: re-importing updates that item in place.
        moved = "Rapat koordinasi BKSD wilayah timur (diundur) " + token
        events[0] = [line.replace(titles["wita"], moved).replace("T100000", "T130000").replace("T113000", "T143000")
                     for line in events[0]]
        self.import_file(self.write_temp("agenda-%s-ubah.ics" % token, self.ics(events)))
        self.assertEqual(self.css("#import-summary").text, text("id", "agenda_import_summary", added=0, updated=1, unchanged=3),
                         self.error_text())
        self.assertEqual(self.imported_count(token), 4)
        listed = {r["title"]: r for r in self.agenda_rows(self.month_of(d(0)))}
        self.assertNotIn(titles["wita"], listed, "the old title is still listed after the update")
        self.assertEqual(listed.get(moved, {}).get("time"), "12.00–13.30", "the moved meeting (13.00 WITA) is not at 12.00 WIB")
        self.assertEqual(listed.get(moved, {}).get("owner"), "Kepala Biro", "re-importing without an owner dropped the owner")

        # A web page saved with an .ics name: refused, with the reason, and nothing changes.
        before = query_db(self.server.db, "SELECT count(*) FROM agendaItem")[0][0]
        page = self.write_temp("agenda-palsu-%s.ics" % token,
                               ("<!DOCTYPE html>\n<html lang=\"id\"><head><title>Agenda</title></head><body>"
                                "<p>SUMMARY:Bukan kalender %s</p></body></html>\n" % token).encode())
        self.import_file(page)
        self.assertEqual(self.status(), 422)
        self.assertEqual(self.path(), "/agenda/import")
        errors = self.css("#import-errors")
        self.assertTrue(errors.is_displayed())
        self.assertIn(text("id", "agenda_import_refused"), errors.text)
        self.assertIn(text("id", "ics_error_not_calendar"), errors.text)
        self.assertIn("agenda-palsu-%s.ics" % token, errors.text, "the refusal does not name the file")
        self.assertFalse(self.css_all("#import-summary"))
        self.assertEqual(query_db(self.server.db, "SELECT count(*) FROM agendaItem")[0][0], before, "a refused file changed the agenda")
        # The form is still there to try again.
        self.assertTrue(self.css_all("form#agenda-import input#ics-file"))

    def test_agenda_import_fold_inside_a_utf8_character(self):
        """Some writers fold at exactly 75 octets, splitting a multi-byte character across the fold:
        the file is not valid UTF-8 until it is unfolded, and must still import, with the title whole."""
        self.allow_status(422)
        token = self.token()
        day = self.today() + datetime.timedelta(days=45)
        title = "Peringatan Hari Pahlawan — Surabaya, upacara bersama veteran 🇮🇩 dan pimpinan " + token
        line = ("SUMMARY:" + title).encode()
        cut = line.index("🇮🇩".encode()) + 2  # inside the first regional-indicator letter
        self.assertLessEqual(cut, 75)
        lines = [b"BEGIN:VCALENDAR", b"VERSION:2.0", b"PRODID:-//uji//lipat//EN", b"BEGIN:VEVENT",
                 ("UID:lipat-%s@uji" % token).encode(), b"DTSTAMP:20260101T000000Z",
                 ("DTSTART;TZID=Asia/Jakarta:%sT090000" % day.strftime("%Y%m%d")).encode(),
                 ("DTEND;TZID=Asia/Jakarta:%sT100000" % day.strftime("%Y%m%d")).encode(),
                 line[:cut] + b"\r\n " + line[cut:], b"END:VEVENT", b"END:VCALENDAR"]
        path = self.write_temp("lipat-%s.ics" % token, b"\r\n".join(lines) + b"\r\n")
        self.drafter()
        self.import_file(path)
        self.assertEqual(self.query().get("added"), ["1"], self.error_text())
        self.assertIn(title, [r["title"] for r in self.agenda_rows(self.month_of(day))])

    def test_imported_all_day_item_stays_all_day_when_edited(self):
        """Ticking "perlu liputan" on an imported all-day event and saving the form keeps it all-day
        (it once became a timed event from 00.00 to 00.00)."""
        token = self.token()
        title = "Uji rakor sepanjang hari " + token
        day = self.today() + datetime.timedelta(days=50)
        data = self.ics([["UID:sehari-%s@eoffice.uji" % token, "DTSTAMP:20260101T000000Z", "SUMMARY:" + title,
                          "DTSTART;VALUE=DATE:" + day.strftime("%Y%m%d"),
                          "DTEND;VALUE=DATE:" + (day + datetime.timedelta(days=2)).strftime("%Y%m%d")]])
        self.drafter()
        self.import_file(self.write_temp("sehari-%s.ics" % token, data))
        self.assertEqual(self.query().get("added"), ["1"], self.error_text())
        rows = [r for r in self.agenda_rows(self.month_of(day)) if r["title"] == title]
        self.assertEqual([r["time"] for r in rows], [text("id", "agenda_all_day")])

        self.go(rows[0]["href"])
        self.css('input[name="needs_coverage"]').click()
        self.click_and_wait(self.css("#agenda-form button.primary"))
        self.assertRegex(self.path(), r"^/agenda/\d+\?ok=agenda_saved$", self.error_text())
        rows = [r for r in self.agenda_rows(self.month_of(day)) if r["title"] == title]
        self.assertEqual(len(rows), 1)
        self.assertIn(text("id", "agenda_needs_coverage_short"), rows[0]["text"])
        self.assertEqual(rows[0]["time"], text("id", "agenda_all_day"), "ticking perlu liputan made the all-day item a timed one")
        self.go("/calendar?view=list&from=%s&to=%s" % (day.isoformat(), (day + datetime.timedelta(days=2)).isoformat()))
        placed = [(li.get_attribute("data-date"), [s.text for s in li.find_elements(By.CSS_SELECTOR, ".time")])
                  for li in self.css_all('li.entry[data-kind="agenda"]') if self.entry_title(li) == title]
        self.assertEqual(placed, [(day.isoformat(), []), ((day + datetime.timedelta(days=1)).isoformat(), [])])

    # -- 3c. a planned item outlives its agenda item

    def test_coverage_can_be_edited_after_its_agenda_item_is_deleted(self):
        """Deleting an agenda item leaves its coverage (contentItem.agendaId becomes NULL); editing the
        coverage afterwards drops the stale agenda id from the form instead of writing it back (it
        once failed with a 500, FOREIGN KEY constraint failed)."""
        token = self.token()
        title = "Uji rapat dihapus " + token
        day = self.today() + datetime.timedelta(days=15)
        username, password = self.drafter()
        client = Http(self.base)
        self.assertEqual(client.login(username, password).status, 303)
        r = client.post_form("/agenda/new", "/agenda", [
            ("title", title), ("starts_at", day.isoformat() + "T09:00"), ("ends_at", day.isoformat() + "T11:00"),
            ("location", ""), ("owner", ""), ("notes", ""), ("needs_coverage", "1")])
        self.assertRegex(r.location or "", r"^/agenda/\d+\?ok=agenda_saved$", "set-up: the agenda item: %s" % r.status)
        agenda_path = r.location.split("?")[0]

        self.go(agenda_path)
        self.click_and_wait(self.css("#agenda-plans").find_element(By.LINK_TEXT, text("id", "plan_coverage")))
        item_id = self.save_content_form("Liputan rapat yang kemudian dibatalkan.")

        # Delete the agenda item (it asks first).
        self.go(agenda_path)
        self.mark_page()
        self.css('form[action$="/delete"][data-confirm] button').click()
        self.wait(EC.alert_is_present(), "no confirm() dialog before deleting the agenda item").accept()
        self.wait_new_page("no new page after deleting the agenda item")
        self.assertEqual(self.path(), "/agenda?month=%s&ok=agenda_deleted" % self.month_of(day))
        self.assertNotIn(title, [r["title"] for r in self.agenda_rows(self.month_of(day))])

        # The coverage is still there, and can still be edited.
        self.go("/content/%d/edit" % item_id)
        self.assertEqual(self.status(), 200)
        self.fill("#caption", "Liputan rapat yang kemudian dibatalkan; keterangan diperbarui.")
        self.click_and_wait(self.css("form.content-form button.primary"))
        self.assertEqual(self.status(), 200, "saving the edit: %s" % self.error_text())
        self.assertEqual(self.path(), "/content/%d?ok=content_saved" % item_id, self.error_text())
        self.go("/calendar?month=" + self.month_of(day))
        self.assertTrue([li for li in self.entries("td.day", day, "content") if "/content/%d" % item_id in self.entry_hrefs([li])])

    # -- 4. the secret iCalendar feed

    @staticmethod
    def fetch(url):
        """GET without any cookie: (status, content type, body)."""
        try:
            with urllib.request.urlopen(url, timeout=20) as r:
                return r.status, r.headers.get("Content-Type", ""), r.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("Content-Type", ""), error.read()

    @staticmethod
    def categories(event):
        value = event.get("CATEGORIES")
        if value is None:
            return ""
        values = value if isinstance(value, list) else [value]
        return ",".join(v.to_ical().decode() if hasattr(v, "to_ical") else str(v) for v in values)

    def test_calendar_feed_subscribe_and_revoke(self):
        try:
            import icalendar
        except ImportError as error:
            self.fail("python3-icalendar is needed for this test: %s" % error)
        token = self.token()
        title = "Uji agenda umpan " + token
        day = self.today() + datetime.timedelta(days=12)
        username, password = self.new_user("uji-umpan", ["kepala-bagian"])  # any account has a feed
        client = Http(self.base)
        self.assertEqual(client.login(username, password).status, 303)
        r = client.post_form("/agenda/new", "/agenda", [
            ("title", title), ("starts_at", day.isoformat() + "T10:00"), ("ends_at", day.isoformat() + "T12:00"),
            ("location", "Ruang Rapat Biro KSD"), ("owner", "Kepala Biro"), ("notes", "")])
        self.assertRegex(r.location or "", r"^/agenda/\d+\?ok=agenda_saved$", "set-up: the agenda item: %s" % r.status)
        agenda_path = r.location.split("?")[0]

        self.login(username, password, expect_path="/")
        # Not a drafter: no greeting reminders, no planning from the agenda (the control for tests 1 and 2).
        self.assertFalse(self.css_all("#greetings-due"), "greeting reminders for an account that cannot create content")
        self.go(agenda_path)
        self.assertEqual(self.value("#title"), title)
        self.assertFalse(self.css_all("#agenda-plans"), "planning offered to an account that cannot create content")
        self.go("/calendar?month=" + self.month_of(day))
        self.assertFalse(self.css_all('a[href^="/content/new"]'), "the calendar offers content creation to a non-drafter")
        self.assertTrue([li for li in self.entries("td.day", day, "agenda") if self.entry_title(li) == title])

        self.go("/account")
        self.assertFalse(self.css_all("#feed a#feed-link"), "a feed exists before one was made")
        self.click_and_wait(self.css("#feed button#feed-create"))
        self.assertEqual(self.path(), "/account?ok=feed_renewed")
        self.assertEqual(self.css("p.flash").text, text("id", "flash_feed_renewed"))
        href = self.css("#feed a#feed-link").get_attribute("href")
        url = urllib.parse.urlsplit(href)
        self.assertEqual((url.scheme, url.netloc, url.path), ("http", "127.0.0.1:%d" % self.server.port, "/calendar.ics"))
        secret = urllib.parse.parse_qs(url.query).get("token", [""])[0]
        self.assertGreaterEqual(len(secret), 20, "the feed token is too short to be secret: %r" % secret)
        self.assertEqual(self.value("#feed-url"), href, "the address to copy differs from the link")
        # Shown once: only the token's hash is kept, so coming back to the page no longer shows it.
        self.go("/account")
        self.assertFalse(self.css_all("#feed a#feed-link"), "the secret address is shown a second time")
        self.assertTrue(self.css_all("#feed #feed-active"), "the page does not say the subscription is on")

        # Fetched the way a calendar program does: no cookie.
        status, kind, body = self.fetch(href)
        self.assertEqual(status, 200)
        self.assertTrue(kind.startswith("text/calendar"), kind)
        calendar = icalendar.Calendar.from_ical(body)
        events = calendar.walk("VEVENT")
        uids = [str(e.get("UID")) for e in events]
        self.assertEqual(len(uids), len(set(uids)), "UIDs repeat in the feed: %r" % sorted(u for u in uids if uids.count(u) > 1))
        mine = [e for e in events if str(e.get("SUMMARY")) == title]
        self.assertEqual(len(mine), 1, "the agenda item made in this test is not in the feed once")
        start = mine[0].decoded("DTSTART")
        jakarta = zoneinfo.ZoneInfo(self.ZONE)
        self.assertIsInstance(start, datetime.datetime)
        self.assertEqual(start, datetime.datetime(day.year, day.month, day.day, 10, 0, tzinfo=jakarta))
        self.assertEqual(mine[0].decoded("DTEND"), datetime.datetime(day.year, day.month, day.day, 12, 0, tzinfo=jakarta))
        self.assertEqual(str(mine[0].get("LOCATION")), "Ruang Rapat Biro KSD")
        self.assertEqual(urllib.parse.urlsplit(str(mine[0].get("URL"))).path, agenda_path)
        # National days: all-day events, the commemorations always, public holidays when the range has some.
        national = [e for e in events if text("id", "calendar_kind_peringatan") in self.categories(e)]
        self.assertTrue(national, "no commemoration days in the feed")
        self.assertTrue(all(type(e.decoded("DTSTART")) is datetime.date for e in national), "a commemoration is not all-day")
        first, last = self.today() - datetime.timedelta(days=92), self.today() + datetime.timedelta(days=366)
        holidays = query_db(self.server.db, "SELECT name, day FROM holiday WHERE kind = 'libur' AND day >= ? AND day <= ? ORDER BY day",
                            (first.isoformat(), last.isoformat()))
        if holidays:
            name, holiday = holidays[0]
            found = [e for e in events if str(e.get("SUMMARY")).startswith(name)
                     and e.decoded("DTSTART") == datetime.date.fromisoformat(holiday)]
            self.assertTrue(found, "the public holiday %s (%s) is not in the feed" % (name, holiday))
            self.assertEqual(found[0].decoded("DTEND"), datetime.date.fromisoformat(holiday) + datetime.timedelta(days=1))

        # Again: the same events keep their UIDs.
        status, _, again = self.fetch(href)
        self.assertEqual(status, 200)
        self.assertEqual(sorted(str(e.get("UID")) for e in icalendar.Calendar.from_ical(again).walk("VEVENT")), sorted(uids))

        # A wrong or missing token is a plain 404.
        wrong = secret[:-1] + ("A" if secret[-1] != "A" else "B")
        for bad in ("/calendar.ics?token=" + urllib.parse.quote(wrong), "/calendar.ics", "/calendar.ics?token="):
            self.assertEqual(self.fetch(self.base + bad)[0], 404, bad)

        # A new address stops the old one.
        self.click_and_wait(self.css('#feed form[action="/account/calendar-feed"] button'))
        self.assertEqual(self.path(), "/account?ok=feed_renewed")
        renewed = self.css("#feed a#feed-link").get_attribute("href")
        self.assertNotEqual(renewed, href)
        self.assertEqual(self.fetch(href)[0], 404, "the old address still works after renewing")
        self.assertEqual(self.fetch(renewed)[0], 200)

        # Switched off: the address is dead, and the page offers a new one.
        self.click_and_wait(self.css('#feed form[action="/account/calendar-feed/revoke"] button'))
        self.assertEqual(self.path(), "/account?ok=feed_revoked")
        self.assertEqual(self.css("p.flash").text, text("id", "flash_feed_revoked"))
        self.assertFalse(self.css_all("#feed a#feed-link"))
        self.assertTrue(self.css_all("#feed button#feed-create"))
        self.assertEqual(self.fetch(renewed)[0], 404, "the revoked address still works")


class ArchiveBrowserTests(BrowserTestCase):
    """The publishing archive (issue 6) in a real browser: per-platform checks of the live links at
    the publish step (a wrong link is refused naming the form expected, what was typed is kept, a
    valid one is stored normalised), /archive with its filters, the CSV export (BOM, one header row,
    every cell quoted, formula guard), the control sheet and record.zip, and an update after
    publishing through the workflow that keeps the replaced link in the archive. Every test works on
    items of its own, with a random token in their titles and links; the approval steps are done
    over HTTP (their own subject is WorkflowBrowserTests), the publish step in the browser."""

    # The dki-ksd workflow helpers, borrowed (not inherited: WorkflowBrowserTests' tests must not run twice).
    STEPS = WorkflowBrowserTests.STEPS
    ACTIONS = WorkflowBrowserTests.ACTIONS
    t = WorkflowBrowserTests.t
    item_path = WorkflowBrowserTests.item_path
    action_forms = WorkflowBrowserTests.action_forms
    action_form_kinds = WorkflowBrowserTests.action_form_kinds
    assert_item_at = WorkflowBrowserTests.assert_item_at
    act = WorkflowBrowserTests.act
    error_text = WorkflowBrowserTests.error_text
    item_json = WorkflowBrowserTests.item_json
    as_user = WorkflowBrowserTests.as_user
    http_as = WorkflowBrowserTests.http_as
    http_create = WorkflowBrowserTests.http_create
    http_act = WorkflowBrowserTests.http_act

    CHANNELS = ["instagram", "facebook"]
    APPROVERS = ["tim-pengelola", "kasubbag-tu", "kepala-bagian", "kepala-biro"]  # steps 2-5
    # PlatformLinks.expectedForm in Indonesian, as the hints and the errors show it.
    EXPECTED = {
        "instagram": "https://www.instagram.com/p/KODE/ · /reel/KODE/ · /tv/KODE/",
        "facebook": "https://www.facebook.com/HALAMAN/posts/ID · /HALAMAN/videos/ID · /reel/ID · /watch/?v=ID"
                    " · /share/p/KODE · https://fb.watch/KODE/",
    }
    CSV_HEADER = ["tanggal_tayang", "judul", "jenis", "kanal", "tautan", "dipublikasikan_oleh", "status_tautan",
                  "dicek_terakhir", "diganti_pada"]
    QUOTED_ROW = re.compile(r'"(?:[^"]|"")*"(?:,"(?:[^"]|"")*")*')

    @staticmethod
    def token():
        return secrets.token_hex(4)

    @staticmethod
    def today():
        return datetime.datetime.now(zoneinfo.ZoneInfo("Asia/Jakarta")).date()

    def status(self):
        return self.d.execute_script("return performance.getEntriesByType('navigation')[0].responseStatus;")

    # -- set-up over HTTP

    def approve_to_publish_step(self, item_id):
        """From step 1: admin-medsos submits, steps 2-5 approve; the item waits at step 6."""
        self.http_act(self.http_as("admin-medsos"), item_id, "submit")
        for username in self.APPROVERS:
            self.http_act(self.http_as(username), item_id, "approve")

    def item_at_publish_step(self, title):
        item_id = self.http_create(self.http_as("admin-medsos"), title, self.CHANNELS)
        self.approve_to_publish_step(item_id)
        return item_id

    def published_item(self, title, links):
        item_id = self.item_at_publish_step(title)
        self.http_act(self.http_as("admin-medsos"), item_id, "publish", [("link_" + c, u) for c, u in links.items()])
        return item_id

    # -- downloads with the browser's session

    def fetch(self, path, with_cookies=True):
        """GET path with the browser's cookies (not following redirects): (status, headers, bytes)."""
        request = urllib.request.Request(self.base + path)
        if with_cookies:
            request.add_header("Cookie", "; ".join("%s=%s" % (c["name"], c["value"]) for c in self.d.get_cookies()))
        opener = urllib.request.build_opener(NoRedirect)
        try:
            with opener.open(request, timeout=20) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()

    def href_path(self, element):
        parts = urllib.parse.urlsplit(element.get_attribute("href"))
        return parts.path + ("?" + parts.query if parts.query else "")

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
        return list(csv.reader(io.StringIO(content, newline="")))

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
        self.allow_status(422)
        token = self.token()
        title = "Arsip %s — Selamat Hari Guru 🇮🇩" % token
        item_id = self.item_at_publish_step(title)
        medsos = self.display_name("admin-medsos")

        self.as_user("admin-medsos")
        self.go(self.item_path(item_id))
        self.assertEqual(self.h1(), title)
        self.assert_item_at(item_id, 6, "ready_to_publish")
        self.assertEqual(self.action_form_kinds(), ["publish"])
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

        facebook_typed = "https://M.Facebook.com/biroksd/posts/%d/?mibextid=wwXIfr&utm_source=fb" % (4200 + int(token, 16) % 1000)
        facebook_stored = "https://www.facebook.com/biroksd/posts/%d" % (4200 + int(token, 16) % 1000)

        # 1. A YouTube link in the Instagram field: refused, the platform and its form named.
        youtube = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
        publish(youtube, facebook_typed)
        self.assertEqual(self.status(), 422)
        self.assertEqual(self.path(), "/content/%d/publish" % item_id)
        errors = self.css("#action-errors").text
        self.assertIn(text("id", "link_error_host", channel="Instagram", hosts="instagram.com",
                           expected=self.EXPECTED["instagram"]), errors)
        self.assertNotIn("Facebook", errors, "the valid Facebook link was refused too")
        self.assertEqual(self.css("#link_instagram").get_attribute("value"), youtube, "the typed Instagram link is gone")
        self.assertEqual(self.css("#link_facebook").get_attribute("value"), facebook_typed, "the typed Facebook link is gone")
        self.assertEqual(self.css(".page-head span.status").text, text("id", "status_ready_to_publish"))
        self.assertEqual(self.action_form_kinds(), ["publish"], "the publish form is not shown again")

        # 2. An Instagram profile, not a post: refused as the wrong form.
        profile = "https://www.instagram.com/biroksd/"
        publish(profile, facebook_typed)
        self.assertEqual(self.status(), 422)
        errors = self.css("#action-errors").text
        self.assertIn(text("id", "link_error_form", channel="Instagram", expected=self.EXPECTED["instagram"]), errors)
        self.assertEqual(self.css("#link_instagram").get_attribute("value"), profile)
        self.assertEqual(self.css("#link_facebook").get_attribute("value"), facebook_typed)
        self.assertEqual(query_db(self.server.db, "SELECT count(*) FROM contentLink WHERE itemId = ?", (item_id,))[0][0], 0,
                         "a refused publication stored links")
        self.assertEqual(self.item_json(item_id)["status"], "ready_to_publish")

        # 3. Valid links with tracking parameters and odd case: published, stored normalised.
        code = "C%sArsip" % token
        instagram_typed = "https://WWW.Instagram.COM/p/%s/?igsh=abc&utm_source=ig" % code
        instagram_stored = "https://www.instagram.com/p/%s/" % code
        stored = {"instagram": instagram_stored, "facebook": facebook_stored}
        publish(instagram_typed, facebook_typed)
        self.assertEqual(self.path(), "/content/%d?ok=content_publish" % item_id, self.error_text())
        self.assertEqual(self.css("p.flash").text, text("id", "flash_content_publish"))
        self.assertEqual(self.css(".page-head span.status").text, text("id", "status_published"))
        links = self.css_all('section[aria-labelledby="links-heading"] ul.links li')
        self.assertEqual(sorted(li.find_element(By.TAG_NAME, "a").get_attribute("href") for li in links),
                         sorted(stored.values()))
        self.assertEqual({li.get_attribute("data-link-status") for li in links}, {"belum-dicek"})
        self.assertEqual(self.href_path(self.css("#sheet-link")), "/content/%d/sheet" % item_id)
        self.assertEqual(self.href_path(self.css("#record-link")), "/content/%d/record.zip" % item_id)
        self.assertEqual(sorted(query_db(self.server.db, "SELECT channel, url FROM contentLink WHERE itemId = ?", (item_id,))),
                         sorted(stored.items()))

        # The archive, searched by the token: one row per channel, not checked yet.
        self.open_archive("q=" + token)
        self.assertEqual(self.css('form[action="/archive"] input[name=q]').get_attribute("value"), token)
        self.assertEqual(self.css('form[action="/archive"] input[name=month]').get_attribute("type"), "month")
        rows = self.archive_rows()
        self.assertEqual(sorted(r["channel"] for r in rows), ["Facebook", "Instagram"], rows)
        by_channel = {r["channel"]: r for r in rows}
        today = self.today()
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
            self.assertTrue(row["published"].startswith(today.isoformat()), row["published"])
            self.assertFalse(row["replaced_class"] or row["badge"], "a first link is marked replaced")
        month = "%04d-%02d" % (today.year, today.month)
        csv_href = self.href_path(self.css("a#archive-csv"))
        self.assertEqual(csv_href, "/archive.csv?q=" + token)
        self.assertEqual(self.href_path(self.css("a#archive-report")), "/archive/report?month=" + month)
        sort_links = self.css_all("p.sort-links a")
        self.assertEqual(len(sort_links), 4)
        for link in sort_links:
            self.assertEqual(urllib.parse.parse_qs(urllib.parse.urlsplit(link.get_attribute("href")).query).get("q"), [token],
                             "a sort link loses the search: " + link.get_attribute("href"))

        # The filter form (GET): a channel narrows to one row and keeps the search and the month.
        Select(self.css('form[action="/archive"] select[name=channel]')).select_by_value("instagram")
        self.d.execute_script("document.querySelector('form[action=\"/archive\"] input[name=month]').value = arguments[0];", month)
        self.click_and_wait(self.css('form[action="/archive"] button[type=submit]'))
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(self.d.current_url).query)
        self.assertEqual((query.get("channel"), query.get("q"), query.get("month")), (["instagram"], [token], [month]))
        self.assertEqual([r["url"] for r in self.archive_rows()], [instagram_stored])
        self.assertEqual(urllib.parse.parse_qs(urllib.parse.urlsplit(self.css("a#archive-csv").get_attribute("href")).query),
                         {"month": [month], "channel": ["instagram"], "q": [token]}, "the CSV button lost the filter")
        self.open_archive("q=%s&month=%04d-%02d" % (token, today.year - 1, today.month))
        self.assertEqual(self.archive_rows(), [], "last year's month lists a link published today")
        self.assertIn(text("id", "archive_empty"), self.css("main").text)

        # The CSV of the search: BOM, one header row, both links, the title with its emoji.
        self.assertEqual(self.fetch(csv_href, with_cookies=False)[0], 303, "the CSV is served without a session")
        table = self.csv_rows(csv_href)
        self.assertEqual(table[0], self.CSV_HEADER)
        self.assertNotIn(self.CSV_HEADER, table[1:], "more than one header row")
        body = table[1:]
        self.assertEqual(len(body), 2, body)
        self.assertEqual({r[1] for r in body}, {title}, "the title did not survive the CSV (UTF-8, emoji)")
        self.assertEqual(sorted((r[3], r[4]) for r in body), [("Facebook", facebook_stored), ("Instagram", instagram_stored)])
        for r in body:
            self.assertEqual(len(r), len(self.CSV_HEADER))
            self.assertRegex(r[0], r"\A%s \d\d:\d\d" % today.isoformat())
            self.assertEqual((r[2], r[5], r[6], r[7], r[8]), (text("id", "kind_kegiatan"), medsos,
                                                              text("id", "link_status_belum-dicek"), "", ""))

        # The monthly report (print) lists both links of the item.
        self.open_archive("q=" + token)
        self.click_and_wait(self.css("a#archive-report"))
        self.assertEqual(self.path(), "/archive/report?month=" + month)
        posts = [[td.text for td in tr.find_elements(By.TAG_NAME, "td")] for tr in self.css_all("table.report-posts tbody tr")]
        self.assertEqual(sorted((p[4], p[5]) for p in posts if p[2] == title),
                         [("Facebook", facebook_stored), ("Instagram", instagram_stored)], posts)

        # The control sheet, from the archive row's link.
        self.open_archive("q=" + token)
        sheet_link = self.css('table.archive-table a[href="/content/%d/sheet"]' % item_id)
        self.click_and_wait(sheet_link)
        self.assertEqual(self.path(), "/content/%d/sheet" % item_id)
        sheet = self.css("article#control-sheet")
        self.assertIn(title, sheet.find_element(By.CSS_SELECTOR, "table.facts-table").text)
        self.assertIn(text("id", "status_published"), sheet.find_element(By.CSS_SELECTOR, "table.facts-table").text)
        steps = self.css_all("#sheet-step-table tbody tr")
        actions = [next(c for c in tr.get_attribute("class").split() if c.startswith("action-")) for tr in steps]
        self.assertEqual(actions, ["action-create", "action-submit"] + ["action-approve"] * 4 + ["action-publish"])
        actors = ["admin-medsos", "admin-medsos"] + self.APPROVERS + ["admin-medsos"]
        for number, (tr, username) in enumerate(zip(steps, actors), 1):
            cells = [td.text for td in tr.find_elements(By.TAG_NAME, "td")]
            self.assertEqual(len(cells), 9, cells)
            self.assertEqual(cells[0], str(number))
            self.assertEqual(cells[3], self.display_name(username), "actor of sheet row %d" % number)
            self.assertRegex(cells[4], r"\b%d\b" % today.year, "time of sheet row %d" % number)
            self.assertRegex(cells[4], r"\d\d[.:]\d\d", "time of sheet row %d" % number)
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

        # record.zip: caption, control sheet and links, readable offline.
        record = self.href_path(self.css("a#record-zip"))
        self.assertEqual(record, "/content/%d/record.zip" % item_id)
        status, headers, body = self.fetch(record)
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
        self.assertEqual(self.fetch(record, with_cookies=False)[0], 303, "record.zip is served without a session")

    def test_csv_neutralises_formula_like_titles(self):
        """A title that a spreadsheet would run as a formula is exported with a leading apostrophe;
        the page shows it as typed."""
        token = self.token()
        title = '=HYPERLINK("http://contoh.invalid/";"klik") Arsip %s' % token
        item_id = self.published_item(title, {"instagram": "https://www.instagram.com/p/F%s/" % token,
                                              "facebook": "https://www.facebook.com/biroksd/posts/%d" % int(token, 16)})
        self.as_user("admin-medsos")
        self.open_archive("q=" + token)
        rows = self.archive_rows()
        self.assertEqual([r["title"] for r in rows], [title, title])
        self.assertEqual({r["item_href"] for r in rows}, {self.item_path(item_id)})
        table = self.csv_rows(self.href_path(self.css("a#archive-csv")))
        self.assertEqual(table[0], self.CSV_HEADER)
        self.assertEqual([r[1] for r in table[1:]], ["'" + title] * 2, "the formula-like title is not neutralised")

    def test_update_after_publishing_keeps_old_link(self):
        """The publisher starts an update (policy: through the workflow): the item goes back to step 1
        with the reason; published again with a new Instagram link, the archive keeps the old link
        marked replaced, the Facebook link stays one row."""
        token = self.token()
        title = "Arsip pemutakhiran %s" % token
        old = {"instagram": "https://www.instagram.com/p/C%sLama/" % token,
               "facebook": "https://www.facebook.com/biroksd/posts/%d" % int(token, 16)}
        new_typed = "https://instagram.com/reels/C%sBaru/?igsh=xyz" % token
        new_instagram = "https://www.instagram.com/reel/C%sBaru/" % token
        reason = "Foto utama diganti atas arahan pimpinan."
        item_id = self.published_item(title, old)

        # Only the publishing role may start an update.
        biro = self.http_as("kepala-biro")
        page = biro.get(self.item_path(item_id))
        self.assertEqual(page.status, 200)
        self.assertNotIn('id="update-published"', page.body, "kepala-biro is offered the update")
        before = query_db(self.server.db, "SELECT version FROM contentItem WHERE id = ?", (item_id,))[0][0]
        r = biro.post("/content/%d/reopen" % item_id, [("csrf_token", csrf_token(page.body)), ("version", str(before)),
                                                       ("reason", "bukan peran saya")])
        self.assertEqual(r.status, 403, "kepala-biro reopening over HTTP")

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
        self.assertEqual(self.path(), "/content/%d?ok=content_reopened" % item_id, self.error_text())
        self.assertEqual(self.css("p.flash").text, text("id", "flash_content_reopened"))
        self.assert_item_at(item_id, 1, "draft")
        self.assertFalse(self.css_all("#update-published"), "the update section is still offered on a draft")
        reopen_rows = self.css_all("table.history tr.event-reopen")
        self.assertEqual(len(reopen_rows), 1)
        self.assertIn(reason, reopen_rows[0].text)
        self.assertIn(self.display_name("admin-medsos"), reopen_rows[0].text)
        # Until published again, the old links stay current.
        self.open_archive("q=" + token)
        self.assertEqual(sorted((r["url"], r["replaced_class"]) for r in self.archive_rows()),
                         sorted((u, False) for u in old.values()))

        # Through the workflow again; at the publish step the current links are prefilled.
        self.approve_to_publish_step(item_id)
        self.go(self.item_path(item_id))
        self.assert_item_at(item_id, 6, "ready_to_publish")
        self.assertEqual(self.css("#link_instagram").get_attribute("value"), old["instagram"])
        self.assertEqual(self.css("#link_facebook").get_attribute("value"), old["facebook"])
        self.act(item_id, "publish", link_instagram=new_typed)
        self.assertEqual(self.css(".page-head span.status").text, text("id", "status_published"))

        # The archive: the old Instagram link marked replaced, the new one, Facebook once.
        self.open_archive("q=" + token)
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

        # The same in the CSV: the replacement date only on the old link.
        table = self.csv_rows(self.href_path(self.css("a#archive-csv")))
        replaced_at = {r[4]: r[8] for r in table[1:]}
        self.assertEqual(set(replaced_at), {old["instagram"], new_instagram, old["facebook"]})
        self.assertRegex(replaced_at[old["instagram"]], r"\A%s \d\d:\d\d" % self.today().isoformat())
        self.assertEqual((replaced_at[new_instagram], replaced_at[old["facebook"]]), ("", ""))

        # The item page and the control sheet keep the whole story.
        self.go(self.item_path(item_id))
        items = self.css_all('section[aria-labelledby="links-heading"] ul.links li')
        marked = {li.find_element(By.TAG_NAME, "a").get_attribute("href"): "replaced" in (li.get_attribute("class") or "")
                  for li in items}
        self.assertEqual(marked, {old["instagram"]: True, new_instagram: False, old["facebook"]: False})
        self.assertTrue(self.css_all("#update-published"), "the update section is gone after publishing again")
        self.click_and_wait(self.css("#sheet-link"))
        actions = [next(c for c in tr.get_attribute("class").split() if c.startswith("action-"))
                   for tr in self.css_all("#sheet-step-table tbody tr")]
        self.assertEqual(actions, ["action-create", "action-submit"] + ["action-approve"] * 4 + ["action-publish", "action-reopen",
                                   "action-submit"] + ["action-approve"] * 4 + ["action-publish"])
        reopen = self.css("#sheet-step-table tr.action-reopen")
        self.assertIn(reason, reopen.text)
        sheet_links = {tr.find_element(By.CSS_SELECTOR, "a").get_attribute("href"): tr.find_elements(By.TAG_NAME, "td")[3].text
                       for tr in self.css_all("#sheet-link-table tbody tr")}
        self.assertEqual(set(sheet_links), {old["instagram"], new_instagram, old["facebook"]})
        self.assertNotEqual(sheet_links[old["instagram"]], "–", "the control sheet does not show when the old link was replaced")
        self.assertEqual((sheet_links[new_instagram], sheet_links[old["facebook"]]), ("–", "–"))


# ---------------------------------------------------------------------------------------------
# Days off, commemoration days, their CSV import and the institution settings (browser, admin)

class AdminDaysBrowserTests(BrowserTestCase):
    """/admin/holidays and /admin/settings as the administrator: correcting a day off and seeing the
    office calendar follow, commemoration days every year, the CSV import (a whole file or nothing),
    and the settings that other tests rely on (put back at the end). Dates are in 2031 and on
    month-days that nothing else uses; every test deletes what it added, even when it fails."""

    YEAR = 2031
    RULES = ["kegiatan-hari-sama", "infografis-3-hari", "ucapan-sebelum-hari"]

    def t(self, key, **values):
        return text(self.html_lang(), key, **values)

    def status(self):
        return self.d.execute_script("return performance.getEntriesByType('navigation')[0].responseStatus;")

    def set_date(self, selector, value):
        self.d.execute_script("var f = document.querySelector(arguments[0]); f.value = arguments[1];"
                              " f.dispatchEvent(new Event('change', {bubbles: true}));", selector, value)

    def as_admin(self):
        self.login("admin", self.pw("admin"), expect_path="/")

    def error_text(self):
        boxes = self.css_all("#holiday-errors, #settings-errors, .error-page")
        return " | ".join(box.text for box in boxes) or "(no error shown)"

    def error_items(self, selector):
        return [li.text for li in self.css(selector).find_elements(By.TAG_NAME, "li")]

    def flash(self):
        flashes = self.css_all("p.flash")
        return flashes[0].text if flashes else "(no flash)"

    def holiday_rows(self, day):
        return self.css_all('table tbody tr:has(time[datetime="%s"])' % day)

    def commemoration_rows(self, month_day, token):
        """The commemorations table's rows on a month-day whose name holds the token."""
        return [tr for tr in self.css_all('table tbody tr:has(span[data-month-day="%s"])' % month_day) if token in tr.text]

    @staticmethod
    def cells(row):
        return [td.text for td in row.find_elements(By.TAG_NAME, "td")]

    def follow(self, link):
        href = link.get_attribute("href") or ""
        self.mark_page()
        link.click()
        self.wait_new_page("no new page after following " + href)

    def click_confirmed(self, row, what):
        """Clicks the delete button of a row's data-confirm form, accepts the confirm() dialog and waits
        for the next page."""
        form = row.find_element(By.CSS_SELECTOR, "form[data-confirm]")
        question = self.t("holidays_delete_confirm")  # the page cannot be read while the dialog is open
        self.assertEqual(form.get_attribute("data-confirm"), question)
        self.mark_page()
        form.find_element(By.TAG_NAME, "button").click()
        alert = self.wait(EC.alert_is_present(), "no confirm() dialog when " + what)
        self.assertEqual(alert.text, question)
        alert.accept()
        self.wait_new_page("no new page after " + what)

    def stored(self, table, token):
        column = "day" if table == "holiday" else "monthDay"
        return sorted(query_db(self.server.db, "SELECT %s, name FROM %s WHERE name LIKE ?" % (column, table), ("%" + token + "%",)))

    def delete_left_over_days(self, token):
        """Clean-up for a failed test: every day off and commemoration day whose name holds the token."""
        admin = Shared.admin()
        for (holiday_id,) in query_db(self.server.db, "SELECT id FROM holiday WHERE name LIKE ?", ("%" + token + "%",)):
            admin.post_form("/admin/holidays", "/admin/holidays/%d/delete" % holiday_id, [])
        for (day_id,) in query_db(self.server.db, "SELECT id FROM commemoration WHERE name LIKE ?", ("%" + token + "%",)):
            admin.post_form("/admin/holidays", "/admin/commemorations/%d/delete" % day_id, [])

    # -- the calendar

    def day_cell(self, day):
        cells = self.css_all('table.month-grid td[data-day="%s"]' % day)
        self.assertEqual(len(cells), 1, "want one calendar cell for %s on %s" % (day, self.path()))
        return cells[0]

    def is_day_off(self, day):
        return "day-off" in self.day_cell(day).get_attribute("class").split()

    def titles(self, day, *kinds):
        """The titles of the national-day entries of these kinds in the month grid's cell of a day."""
        found = []
        for kind in kinds:
            for li in self.day_cell(day).find_elements(By.CSS_SELECTOR, 'li.entry[data-kind="%s"]' % kind):
                self.assertEqual(li.get_attribute("data-date"), day, "an entry in the wrong day's cell")
                found.append(li.find_element(By.CSS_SELECTOR, ".title").text)
        return found

    def national_titles_with(self, token):
        return [li.text for li in self.css_all('li.entry[data-kind="libur"], li.entry[data-kind="cuti_bersama"],'
                                               ' li.entry[data-kind="peringatan"]') if token in li.text]

    # -- 1. a day off corrected: the office calendar follows; then deleted

    def test_holiday_corrected_moves_on_the_office_calendar_then_deleted(self):
        self.allow_status(422)
        token = secrets.token_hex(3)
        old_day, new_day = "%d-03-12" % self.YEAR, "%d-03-14" % self.YEAR  # a Wednesday and a Friday
        old_name, new_name = "Uji libur lama " + token, "Uji libur koreksi " + token
        month = "%d-03" % self.YEAR
        self.addCleanup(self.delete_left_over_days, token)

        self.as_admin()
        self.go("/admin/holidays?year=%d" % self.YEAR)
        self.assertEqual(self.h1(), self.t("holidays_title"))
        self.assertEqual((self.holiday_rows(old_day), self.holiday_rows(new_day)), ([], []), "the test's dates are already days off")
        self.assertEqual(self.css("#holiday-form").get_attribute("action"), self.base + "/admin/holidays")

        # An empty name: the browser would not send it (required, pattern); the server refuses it too,
        # keeping the typed date.
        self.set_date("#day", old_day)
        self.d.execute_script("var n = document.getElementById('name'); n.removeAttribute('required'); n.removeAttribute('pattern');")
        self.fill("#name", "")
        self.click_and_wait(self.css("#holiday-form button.primary"))
        self.assertEqual(self.status(), 422)
        self.assertEqual(self.path(), "/admin/holidays")
        self.assertIn(self.t("form_has_errors"), self.css("#holiday-errors").text)
        self.assertEqual(self.error_items("#holiday-errors"), [self.t("holiday_error_name")])
        self.assertEqual(self.css("#day").get_attribute("value"), old_day, "the typed date is not kept")
        self.assertEqual(self.css("#holiday-form h2").text, self.t("holidays_add"))
        self.assertEqual(self.stored("holiday", token), [], "the refused day off was stored")

        # Added.
        self.fill("#name", old_name)
        Select(self.css("#kind")).select_by_value("libur")
        self.click_and_wait(self.css("#holiday-form button.primary"))
        self.assertEqual(self.path(), "/admin/holidays?year=%d&ok=holiday_added" % self.YEAR, self.error_text())
        self.assertEqual(self.flash(), self.t("flash_holiday_added"))
        rows = self.holiday_rows(old_day)
        self.assertEqual(len(rows), 1)
        self.assertEqual(self.cells(rows[0])[1:3], [old_name, self.t("holiday_kind_libur")])

        self.go("/calendar?month=" + month)
        self.assertEqual(self.titles(old_day, "libur", "cuti_bersama"), [old_name])
        self.assertTrue(self.is_day_off(old_day), "the office clock does not skip the new day off")
        self.assertFalse(self.is_day_off(new_day), "%s is a day off before the test" % new_day)

        # Corrected through its "Ubah" link: the government moved it.
        self.go("/admin/holidays?year=%d" % self.YEAR)
        holiday_id = query_db(self.server.db, "SELECT id FROM holiday WHERE name = ?", (old_name,))[0][0]
        link = self.holiday_rows(old_day)[0].find_element(By.LINK_TEXT, self.t("holidays_correct_link"))
        self.assertEqual(urllib.parse.urlsplit(link.get_attribute("href"))[2:],
                         ("/admin/holidays", "year=%d&edit=%d" % (self.YEAR, holiday_id), "holiday-form"))
        self.follow(link)
        self.assertEqual(self.path(), "/admin/holidays?year=%d&edit=%d" % (self.YEAR, holiday_id))
        form = self.css("#holiday-form")
        self.assertEqual(form.find_element(By.TAG_NAME, "h2").text, self.t("holidays_correct"))
        self.assertEqual(form.get_attribute("action"), "%s/admin/holidays/%d" % (self.base, holiday_id))
        self.assertEqual((self.css("#day").get_attribute("value"), self.css("#name").get_attribute("value")), (old_day, old_name))
        self.assertEqual(Select(self.css("#kind")).first_selected_option.get_attribute("value"), "libur")
        save = form.find_element(By.CSS_SELECTOR, "button.primary")
        self.assertEqual(save.text, self.t("holidays_correct_button"))
        self.set_date("#day", new_day)
        self.fill("#name", new_name)
        self.click_and_wait(save)
        self.assertEqual(self.path(), "/admin/holidays?year=%d&ok=holiday_corrected" % self.YEAR, self.error_text())
        self.assertEqual(self.flash(), self.t("flash_holiday_corrected"))
        self.assertEqual(self.holiday_rows(old_day), [], "the old date is still listed")
        rows = self.holiday_rows(new_day)
        self.assertEqual(len(rows), 1, "the corrected day is not listed once")
        self.assertEqual(self.cells(rows[0])[1:3], [new_name, self.t("holiday_kind_libur")])
        self.assertEqual(self.css("#holiday-form h2").text, self.t("holidays_add"), "the form still corrects after saving")
        self.assertEqual(self.stored("holiday", token), [(new_day, new_name)], "not corrected in place")
        self.assertEqual(query_db(self.server.db, "SELECT id FROM holiday WHERE name = ?", (new_name,)), [(holiday_id,)])

        # The office calendar follows at once: the new date is off, the old one a working day again.
        self.go("/calendar?month=" + month)
        self.assertEqual(self.titles(new_day, "libur", "cuti_bersama"), [new_name])
        self.assertEqual(self.css_all('li.entry[data-kind="libur"][data-date="%s"]' % new_day)[0].find_element(By.CSS_SELECTOR, ".title").text,
                         new_name)
        self.assertEqual(self.titles(old_day, "libur", "cuti_bersama"), [], "the old date still shows the day off")
        self.assertEqual(self.css_all('li.entry[data-date="%s"]' % old_day), [], "something is still on the old date")
        self.assertEqual(self.national_titles_with(old_name), [], "the old name is still on the calendar")
        self.assertTrue(self.is_day_off(new_day), "the office clock does not skip the corrected date")
        self.assertFalse(self.is_day_off(old_day), "the office clock still skips the old date")

        # Deleted, after the confirm() question.
        self.go("/admin/holidays?year=%d" % self.YEAR)
        self.click_confirmed(self.holiday_rows(new_day)[0], "deleting the corrected day off")
        self.assertEqual(self.path(), "/admin/holidays?year=%d&ok=holiday_deleted" % self.YEAR, self.error_text())
        self.assertEqual(self.flash(), self.t("flash_holiday_deleted"))
        self.assertEqual(self.holiday_rows(new_day), [])
        self.assertEqual(self.stored("holiday", token), [])
        self.go("/calendar?month=" + month)
        self.assertEqual(self.national_titles_with(token), [], "the deleted day off is still on the calendar")
        self.assertFalse(self.is_day_off(new_day), "the office clock still skips the deleted day off")

    # -- 2. commemoration days on the admin page

    def add_commemoration(self, month_day, name, basis):
        self.go("/admin/holidays")
        self.fill("#month_day", month_day)
        self.fill("#commemoration_name", name)
        self.fill("#basis", basis)
        self.click_and_wait(self.css("#commemoration-form button.primary"))
        self.assertEqual(self.path(), "/admin/holidays?ok=commemoration_saved", self.error_text())
        self.assertEqual(urllib.parse.urlsplit(self.d.current_url).fragment, "commemorations")
        self.assertEqual(self.flash(), self.t("flash_commemoration_saved"))

    def open_commemoration_edit(self, month_day, token):
        rows = self.commemoration_rows(month_day, token)
        self.assertEqual(len(rows), 1, "want one commemoration %s with %s" % (month_day, token))
        day_id = query_db(self.server.db, "SELECT id FROM commemoration WHERE monthDay = ? AND name LIKE ?",
                          (month_day, "%" + token + "%"))[0][0]
        link = rows[0].find_element(By.LINK_TEXT, self.t("holidays_correct_link"))
        href = urllib.parse.urlsplit(link.get_attribute("href"))
        self.assertEqual((href.path, href.fragment), ("/admin/holidays", "commemoration-form"))
        self.assertIn("edit_commemoration=%d" % day_id, href.query.split("&"))
        self.follow(link)
        self.assertRegex(self.path(), r"^/admin/holidays\?year=\d{4}&edit_commemoration=%d$" % day_id)
        return day_id

    def assert_correcting(self, day_id):
        form = self.css("#commemoration-form")
        self.assertEqual(form.find_element(By.TAG_NAME, "h3").text, self.t("commemorations_correct"))
        self.assertEqual(form.get_attribute("action"), "%s/admin/commemorations/%d" % (self.base, day_id))

    def test_commemoration_day_refused_added_corrected_and_deleted(self):
        self.allow_status(422)
        token = secrets.token_hex(3)
        first, second = "06-09", "06-10"
        name, corrected = "Uji Hari Peringatan " + token, "Uji Hari Peringatan Koreksi " + token
        basis, corrected_basis = "Keppres Uji %s/2031" % token, "Perpres Uji %s/2031" % token
        self.addCleanup(self.delete_left_over_days, token)
        self.assertEqual(query_db(self.server.db, "SELECT name FROM commemoration WHERE monthDay IN (?, ?)", (first, second)), [],
                         "the test's month-days are already commemoration days")

        self.as_admin()
        self.go("/admin/holidays")
        form = self.css("#commemoration-form")
        self.assertEqual(form.find_element(By.TAG_NAME, "h3").text, self.t("commemorations_add"))
        self.assertEqual(form.get_attribute("action"), self.base + "/admin/commemorations")

        # 02-30 matches the field's pattern, so the browser sends it; the server refuses it and keeps
        # what was typed.
        self.fill("#month_day", "02-30")
        self.fill("#commemoration_name", name)
        self.fill("#basis", basis)
        self.click_and_wait(self.css("#commemoration-form button.primary"))
        self.assertEqual(self.status(), 422)
        self.assertEqual(self.path(), "/admin/commemorations")
        self.assertEqual(self.error_items("#holiday-errors"), [self.t("commemoration_error_day")])
        self.assertEqual(self.css("#month_day").get_attribute("value"), "02-30")
        self.assertEqual(self.css("#commemoration_name").get_attribute("value"), name, "the typed name is not kept")
        self.assertEqual(self.css("#basis").get_attribute("value"), basis)
        self.assertEqual(self.css("#commemoration-form h3").text, self.t("commemorations_add"))
        self.assertEqual(self.stored("commemoration", token), [], "the refused day was stored")

        # Added from the kept form.
        self.fill("#month_day", first)
        self.click_and_wait(self.css("#commemoration-form button.primary"))
        self.assertEqual(self.path(), "/admin/holidays?ok=commemoration_saved", self.error_text())
        self.assertEqual(self.flash(), self.t("flash_commemoration_saved"))
        rows = self.commemoration_rows(first, token)
        self.assertEqual(len(rows), 1, "the new commemoration day is not listed once")
        self.assertEqual(self.cells(rows[0])[:3], ["9 Juni", name, basis])
        self.assertEqual(self.stored("commemoration", token), [(first, name)])

        # Corrected through its "Ubah" link; a bad month-day while correcting keeps the correction form.
        day_id = self.open_commemoration_edit(first, token)
        self.assert_correcting(day_id)
        self.assertEqual([self.css(s).get_attribute("value") for s in ("#month_day", "#commemoration_name", "#basis")],
                         [first, name, basis])
        self.fill("#month_day", "13-01")
        self.fill("#commemoration_name", corrected)
        self.click_and_wait(self.css("#commemoration-form button.primary"))
        self.assertEqual(self.status(), 422)
        self.assertEqual(self.error_items("#holiday-errors"), [self.t("commemoration_error_day")])
        self.assert_correcting(day_id)
        self.assertEqual(self.css("#commemoration_name").get_attribute("value"), corrected)
        self.assertEqual(self.stored("commemoration", token), [(first, name)], "the refused correction was stored")

        self.fill("#month_day", second)
        self.fill("#basis", corrected_basis)
        self.click_and_wait(self.css("#commemoration-form button.primary"))
        self.assertEqual(self.path(), "/admin/holidays?ok=commemoration_saved", self.error_text())
        self.assertEqual(self.flash(), self.t("flash_commemoration_saved"))
        self.assertEqual(self.css("#commemoration-form h3").text, self.t("commemorations_add"), "the form still corrects after saving")
        self.assertEqual(self.commemoration_rows(first, token), [], "the old month-day is still listed")
        rows = self.commemoration_rows(second, token)
        self.assertEqual(len(rows), 1)
        self.assertEqual(self.cells(rows[0])[:3], ["10 Juni", corrected, corrected_basis])
        self.assertEqual(query_db(self.server.db, "SELECT id, monthDay, name, basis FROM commemoration WHERE name LIKE ?", ("%" + token + "%",)),
                         [(day_id, second, corrected, corrected_basis)], "not corrected in place")

        # Deleted, after the confirm() question.
        self.click_confirmed(rows[0], "deleting the commemoration day")
        self.assertEqual(self.path(), "/admin/holidays?ok=commemoration_deleted", self.error_text())
        self.assertEqual(self.flash(), self.t("flash_commemoration_deleted"))
        self.assertEqual(self.commemoration_rows(second, token), [])
        self.assertEqual(self.stored("commemoration", token), [])

    # -- 3. commemoration days on the calendar, every year

    def commemoration_on_calendars(self, day_of_year, token):
        """{year: titles with the token on that month-day} for two years, from the month view."""
        seen = {}
        for year in (self.YEAR, self.YEAR + 2):
            day = "%d-%s" % (year, day_of_year)
            self.go("/calendar?month=%s" % day[:7])
            seen[year] = [title for title in self.titles(day, "peringatan") if token in title]
            weekend = datetime.date.fromisoformat(day).isoweekday() >= 6
            self.assertEqual(self.is_day_off(day), weekend, "a commemoration day changes the office clock on %s" % day)
        return seen

    # Saving and deleting a commemoration day reload the institution's snapshot the calendar reads
    # (it once kept showing the old days until something else reloaded it).
    def test_commemoration_day_from_the_form_on_the_calendar_every_year(self):
        token = secrets.token_hex(3)
        first, second = "06-11", "06-12"
        name, corrected = "Uji Peringatan Kalender " + token, "Uji Peringatan Kalender Koreksi " + token
        self.addCleanup(self.delete_left_over_days, token)

        self.as_admin()
        self.assertEqual(self.commemoration_on_calendars(first, token), {self.YEAR: [], self.YEAR + 2: []})
        self.add_commemoration(first, name, "")
        self.assertEqual(self.commemoration_on_calendars(first, token), {self.YEAR: [name], self.YEAR + 2: [name]},
                         "the new commemoration day is not on the calendar every year")

        self.go("/admin/holidays")
        self.open_commemoration_edit(first, token)
        self.fill("#month_day", second)
        self.fill("#commemoration_name", corrected)
        self.click_and_wait(self.css("#commemoration-form button.primary"))
        self.assertEqual(self.path(), "/admin/holidays?ok=commemoration_saved", self.error_text())
        self.assertEqual(self.commemoration_on_calendars(second, token), {self.YEAR: [corrected], self.YEAR + 2: [corrected]},
                         "the corrected commemoration day is not on its new date")
        self.assertEqual(self.commemoration_on_calendars(first, token), {self.YEAR: [], self.YEAR + 2: []},
                         "the corrected commemoration day is still on its old date")

        self.go("/admin/holidays")
        self.click_confirmed(self.commemoration_rows(second, token)[0], "deleting the commemoration day")
        self.assertEqual(self.path(), "/admin/holidays?ok=commemoration_deleted", self.error_text())
        self.assertEqual(self.commemoration_on_calendars(second, token), {self.YEAR: [], self.YEAR + 2: []},
                         "the deleted commemoration day is still on the calendar")

    # -- 4. CSV import: a whole file or nothing

    def import_csv(self, content):
        path = os.path.join(Settings.temp, "hari-%s.csv" % secrets.token_hex(4))
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(content)
        self.css("#days-import input[type=file][name=file]").send_keys(path)
        self.click_and_wait(self.css("#days-import button[type=submit]"))

    def test_csv_import_adds_days_refuses_a_file_with_one_bad_row_and_adds_commemorations(self):
        self.allow_status(422)
        token = secrets.token_hex(3)
        a, b = ("%d-04-07" % self.YEAR, "Uji impor A " + token), ("%d-04-08" % self.YEAR, "Uji impor B " + token)
        c, d = ("%d-05-06" % self.YEAR, "Uji impor C " + token), ("%d-02-30" % self.YEAR, "Uji impor D " + token)
        remembered = ("04-03", "Uji impor peringatan " + token, "Keppres Uji %s" % token)
        self.addCleanup(self.delete_left_over_days, token)

        self.as_admin()
        self.go("/admin/holidays?year=%d" % self.YEAR)
        self.assertEqual([self.holiday_rows(day) for day, _ in (a, b, c)], [[], [], []], "the test's dates are already days off")

        # Two days off, as a spreadsheet saves them (byte order mark, CRLF).
        self.import_csv("\ufeffdate,name_id,kind\r\n%s,%s,libur\r\n%s,\"%s\",cuti_bersama\r\n" % (a + b))
        self.assertEqual(self.path(), "/admin/holidays?year=%d&ok=days_imported" % self.YEAR, self.error_text())
        self.assertEqual(self.flash(), self.t("flash_days_imported"))
        for (day, name), kind in ((a, "libur"), (b, "cuti_bersama")):
            rows = self.holiday_rows(day)
            self.assertEqual(len(rows), 1, "%s is not listed once after the import" % day)
            self.assertEqual(self.cells(rows[0])[1:3], [name, self.t("holiday_kind_" + kind)])
        self.assertEqual(self.stored("holiday", token), [a, b])
        self.go("/calendar?month=%d-04" % self.YEAR)
        self.assertEqual((self.titles(a[0], "libur"), self.titles(b[0], "cuti_bersama")), ([a[1]], [b[1]]))
        self.assertTrue(self.is_day_off(a[0]) and self.is_day_off(b[0]), "the imported days do not stop the office clock")

        # One good row, then a date that does not exist: the row is named, and nothing is added.
        self.go("/admin/holidays?year=%d" % self.YEAR)
        self.import_csv("date,name_id,kind\n%s,%s,libur\n%s,%s,libur\n" % (c + d))
        self.assertEqual(self.status(), 422)
        self.assertEqual(self.path(), "/admin/holidays/import")
        message = self.t("days_import_row", row=2, field=self.t("days_import_field_tanggal"))
        self.assertTrue(message.startswith("Baris data ke-2"), message)
        self.assertEqual(self.error_items("#holiday-errors"), [message])
        self.assertEqual(self.stored("holiday", token), [a, b], "a row of the refused file was stored")
        self.go("/admin/holidays?year=%d" % self.YEAR)
        self.assertEqual(self.holiday_rows(c[0]), [], "the good row of the refused file is listed")
        self.assertEqual([len(self.holiday_rows(day)) for day, _ in (a, b)], [1, 1])

        # A commemoration file.
        self.import_csv("month_day,name_id,kind,basis\n%s,%s,peringatan,%s\n" % remembered)
        self.assertRegex(self.path(), r"^/admin/holidays\?year=\d{4}&ok=days_imported$", self.error_text())
        self.assertEqual(self.flash(), self.t("flash_days_imported"))
        rows = self.commemoration_rows(remembered[0], token)
        self.assertEqual(len(rows), 1, "the imported commemoration day is not listed once")
        self.assertEqual(self.cells(rows[0])[:3], ["3 April", remembered[1], remembered[2]])
        self.assertEqual(self.stored("commemoration", token), [remembered[:2]])
        self.go("/calendar?month=%d-04" % self.YEAR)
        self.assertEqual(self.titles("%d-%s" % (self.YEAR, remembered[0]), "peringatan"), [remembered[1]])

        # Clean up through the page: both days off and the commemoration day.
        self.go("/admin/holidays?year=%d" % self.YEAR)
        for day, _ in (a, b):
            self.click_confirmed(self.holiday_rows(day)[0], "deleting an imported day off")
            self.assertEqual(self.path(), "/admin/holidays?year=%d&ok=holiday_deleted" % self.YEAR, self.error_text())
        self.click_confirmed(self.commemoration_rows(remembered[0], token)[0], "deleting the imported commemoration day")
        self.assertEqual(self.path(), "/admin/holidays?ok=commemoration_deleted", self.error_text())
        self.assertEqual((self.stored("holiday", token), self.stored("commemoration", token)), ([], []))

    # -- 5. settings: city, domains, update policy, timing rules (put back)

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

    def restore_settings_at_the_end(self, before):
        """A failed test must not leave other tests with changed settings: unless the test appends to
        the list returned, the clean-up posts the form as it was."""
        restored = []

        def restore_if_left():
            if not restored:
                fields = [(k, x) for k, v in before.items() for x in (v if isinstance(v, list) else [v])]
                r = Shared.admin().post_form("/admin/settings", "/admin/settings", fields)
                if r.status != 303:
                    print("note: restoring the settings failed with %s" % r.status)
        self.addCleanup(restore_if_left)
        return restored

    def set_checked(self, selector, checked):
        box = self.css(selector)
        if box.is_selected() != checked:
            box.click()
        self.assertEqual(box.is_selected(), checked, selector)

    def test_settings_city_domains_policy_and_timing_rules_are_kept_then_restored(self):
        self.allow_status(422)
        token = secrets.token_hex(3)
        city = "Kota Uji " + token
        self.as_admin()
        self.go("/admin/settings")
        self.assertEqual(self.h1(), self.t("settings_title"))
        before = self.settings_form()
        self.assertEqual((before["city"], before["website_domains"], before["update_policy"], before["timing_rules"]),
                         ("Jakarta", "", "workflow", self.RULES), "the dki-ksd defaults are not in place before the test")
        self.assertEqual(sorted(e.get_attribute("value") for e in self.css_all('#update-policy input[type=radio][name="update_policy"]')),
                         ["direct", "workflow"])
        self.assertEqual([e.get_attribute("value") for e in self.css_all('#timing-rules input[type=checkbox][name="timing_rules"]')], self.RULES)
        restored = self.restore_settings_at_the_end(before)

        self.fill("#city", city)
        self.fill("#website_domains", "Humas-Uji.Jakarta.go.id\nhttps://www.biroksd-uji.jakarta.go.id/berita")
        self.set_checked('#timing-rules input[value="infografis-3-hari"]', False)
        self.set_checked('#update-policy input[value="direct"]', True)
        self.click_and_wait(self.css('form[action="/admin/settings"] button.primary'))
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
        self.assertEqual({k: v for k, v in saved.items() if k not in ("city", "website_domains", "timing_rules", "update_policy")},
                         {k: v for k, v in before.items() if k not in ("city", "website_domains", "timing_rules", "update_policy")},
                         "saving changed other settings")

        # The city is written above the signature of the monthly report.
        month = datetime.datetime.now(zoneinfo.ZoneInfo("Asia/Jakarta")).strftime("%Y-%m")
        self.go("/archive/report?month=" + month)
        self.assertTrue([p for p in self.css_all("p") if p.text.startswith(city + ", ")], "the city is not above the signature")

        # More than 20 domains are refused, keeping what was typed; nothing changes.
        self.go("/admin/settings")
        too_many = "\n".join("unit%02d.uji-%s.go.id" % (n, token) for n in range(21))
        self.fill("#city", "Kota Tolak " + token)
        self.fill("#website_domains", too_many)
        self.click_and_wait(self.css('form[action="/admin/settings"] button.primary'))
        self.assertEqual(self.status(), 422)
        self.assertEqual(self.path(), "/admin/settings")
        self.assertEqual(self.error_items("#settings-errors"), [self.t("settings_error_domains")])
        self.assertEqual(self.css("#city").get_attribute("value"), "Kota Tolak " + token, "the typed city is not kept")
        self.assertEqual(self.css("#website_domains").get_attribute("value"), too_many)
        self.assertTrue(self.css('#update-policy input[value="direct"]').is_selected(), "the chosen policy is not kept")
        self.go("/admin/settings")
        self.assertEqual(self.settings_form(), saved, "the refused form changed the settings")

        # Back to what it was, through the form.
        self.fill("#city", before["city"])
        self.fill("#website_domains", before["website_domains"])
        for rule in self.RULES:
            self.set_checked('#timing-rules input[value="%s"]' % rule, rule in before["timing_rules"])
        self.set_checked('#update-policy input[value="%s"]' % before["update_policy"], True)
        self.click_and_wait(self.css('form[action="/admin/settings"] button.primary'))
        self.assertEqual(self.path(), "/admin/settings?ok=settings_saved", self.error_text())
        restored.append(True)
        self.go("/admin/settings")
        self.assertEqual(self.settings_form(), before, "the settings are not as they were")

    # "humas" or "humas_ksd.jakarta.go.id" is not a host name: the settings are refused with the message
    # and the typed text kept (they were once dropped silently, leaving "every address accepted").
    def test_settings_refuse_a_website_domain_that_is_not_a_host_name(self):
        self.allow_status(422)
        self.as_admin()
        self.go("/admin/settings")
        before = self.settings_form()
        restored = self.restore_settings_at_the_end(before)
        try:
            self.fill("#website_domains", "humas")
            self.click_and_wait(self.css('form[action="/admin/settings"] button.primary'))
            self.assertEqual(self.path(), "/admin/settings", "a domain without a dot was accepted: %s" % self.flash())
            self.assertEqual(self.status(), 422)
            self.assertEqual(self.error_items("#settings-errors"), [self.t("settings_error_domain_invalid", domain="humas")])
            self.assertEqual(self.css("#website_domains").get_attribute("value"), "humas")
        finally:
            self.go("/admin/settings")
            if self.settings_form() == before:
                restored.append(True)

    # -- 6. not for others

    def test_non_admin_is_refused_the_days_and_settings_pages(self):
        self.allow_status(403)
        token = secrets.token_hex(3)
        self.addCleanup(self.delete_left_over_days, token)
        self.login("kepala-biro", self.pw("kepala-biro"), expect_path="/")
        self.assertFalse(self.css_all('a[href="/admin/holidays"], a[href="/admin/settings"]'), "a non-admin sees the admin links")
        for path in ("/admin/holidays", "/admin/holidays?year=%d" % self.YEAR, "/admin/settings"):
            self.go(path)
            self.assertEqual(self.status(), 403, path)
            self.assertEqual(self.html_lang(), "id")
            self.assertEqual(self.css("h1#error-heading").text, text("id", "error_title_403"), path)
            self.assertEqual(self.css(".status-code").text, "403", path)
            self.assertFalse(self.css_all("#holiday-form, #commemoration-form, #days-import, #timing-rules"), "the admin form leaked on " + path)
        client = Http(self.base)
        self.assertEqual(client.login("kepala-biro", self.pw("kepala-biro")).status, 303)
        token_page = client.get("/")
        r = client.post("/admin/holidays", [("csrf_token", csrf_token(token_page.body)), ("day", "%d-07-07" % self.YEAR),
                                            ("name", "Uji bukan admin " + token), ("kind", "libur")])
        self.assertEqual(r.status, 403)
        r = client.post("/admin/commemorations", [("csrf_token", csrf_token(token_page.body)), ("month_day", "07-07"),
                                                  ("name", "Uji bukan admin " + token), ("basis", "")])
        self.assertEqual(r.status, 403)
        self.assertEqual((self.stored("holiday", token), self.stored("commemoration", token)), ([], []))


class SystemTests(unittest.TestCase):

    def assert_one_line_error(self, result, what):
        self.assertNotEqual(result.returncode, 0, "%s: should fail; stdout=%r" % (what, result.stdout))
        lines = result.stderr.strip("\n").split("\n")
        self.assertEqual(len(lines), 1, "%s: want exactly one stderr line, got %r" % (what, result.stderr))
        self.assertTrue(lines[0].startswith("warta:"), "%s: stderr %r" % (what, result.stderr))

    def test_user_created_on_web_survives_kill9(self):
        folder = new_temp_dir("crash-")
        db = os.path.join(folder, "warta.sqlite")
        server = Server(db, demo=True, name="crash").start()
        try:
            admin = Http(server.base)
            self.assertEqual(admin.login("admin", server.accounts["admin"]).status, 303)
            password = new_password()
            token = csrf_token(admin.get("/admin/users/new").body)
            r = admin.post("/admin/users", [
                ("csrf_token", token), ("username", "uji-tahan"), ("display_name", "Uji Tahan Banting"),
                ("role", "kepala-bagian"), ("language", "id"), ("password", password)])
            server.kill9()  # right after the 303, before anything else can happen
            self.assertEqual(r.status, 303, r)
            self.assertRegex(r.location, r"^/admin/users/\d+\?ok=user_created$")
        finally:
            server.stop()

        restarted = Server(db, demo=False, name="crash-restart").start()
        try:
            user = Http(restarted.base)
            r = user.login("uji-tahan", password)
            self.assertEqual((r.status, r.location), (303, "/"), "the user created before kill -9 cannot log in")
            home = user.get("/")
            self.assertEqual(home.status, 200)
            self.assertIn("Selamat datang, Uji Tahan Banting", home.body)
        finally:
            restarted.stop()

    def test_backup_while_serving(self):
        server = Shared.main_server()
        username, password = "uji-cadangan", new_password()
        Shared.admin().create_user(username, "Uji Cadangan", ["kepala-biro"], password)
        target_dir = new_temp_dir("backup-")
        target = os.path.join(target_dir, "cadangan.sqlite")

        with self.busy_server(server, username, password):
            result = run_cli("backup", "--db", server.db, "--to", target)
        self.assertEqual(result.returncode, 0, "backup to a new file failed: %s" % result.stderr)
        self.assertFalse([n for n in os.listdir(target_dir) if n.endswith(".partial")], "a .partial file was left")
        users = self.check_backup(target)
        self.assertTrue(set(server.accounts) <= users, "demo accounts missing from the backup: %r" % users)
        self.assertIn(username, users)

        # A second backup to the same file, without --force, is refused and changes nothing.
        digest = self.sha256(target)
        again = run_cli("backup", "--db", server.db, "--to", target)
        self.assert_one_line_error(again, "a second backup to the same file without --force")
        self.assertEqual(self.sha256(target), digest, "the refused backup changed the existing file")

    def test_backup_refuses_existing_file_without_force(self):
        server = Shared.main_server()
        target_dir = new_temp_dir("backup-refuse-")
        target = os.path.join(target_dir, "ada.sqlite")
        with open(target, "wb") as f:
            f.write(b"an earlier backup")
        result = run_cli("backup", "--db", server.db, "--to", target)
        self.assert_one_line_error(result, "backup onto an existing file without --force")
        with open(target, "rb") as f:
            self.assertEqual(f.read(), b"an earlier backup", "the refused backup changed the existing file")
        self.assert_one_line_error(run_cli("backup", "--db", server.db, "--to", server.db), "backup onto its own database")
        self.assert_one_line_error(run_cli("backup", "--db", os.path.join(target_dir, "nope.sqlite"), "--to",
                                           os.path.join(target_dir, "x.sqlite")), "backup of a missing database")
        self.assertFalse(os.path.exists(os.path.join(target_dir, "nope.sqlite")), "backup created the missing database")

    def test_backup_force_replaces_existing_file(self):
        server = Shared.main_server()
        target = os.path.join(new_temp_dir("backup-force-"), "ada.sqlite")
        with open(target, "wb") as f:
            f.write(b"an earlier backup")
        result = run_cli("backup", "--db", server.db, "--to", target, "--force")
        if result.returncode != 0:
            self.fail("backup --force onto an existing file failed (%s); the old file %s: %s" % (
                result.returncode, "still exists" if os.path.exists(target) else "is GONE", result.stderr.strip()))
        users = self.check_backup(target)
        self.assertTrue(set(server.accounts) <= users)

    def busy_server(self, server, username, password):
        """A context in which another thread keeps the server busy with reads and writes (logins write
        sessions and audit rows); on leaving, checks that it kept answering correctly throughout."""
        test = self

        class Busy:
            def __enter__(self):
                self.stop = threading.Event()
                self.results, self.errors = [], []
                self.thread = threading.Thread(target=self.load, daemon=True)
                self.thread.start()
                test.wait_until(lambda: len(self.results) >= 4 or self.errors, "no requests answered before the backup")
                self.before = len(self.results)
                return self

            def load(self):
                client = Http(server.base)
                while not self.stop.is_set():
                    try:
                        self.results.append(client.get("/healthz").status)
                        self.results.append(client.login(username, password).status)
                        self.results.append(client.get("/").status)
                        self.results.append(client.logout().status)
                    except Exception as error:  # noqa: BLE001 - reported in __exit__
                        self.errors.append(repr(error))
                        return

            def __exit__(self, *exc):
                try:
                    if exc[0] is None:
                        test.wait_until(lambda: len(self.results) >= self.before + 4 or self.errors,
                                        "the server stopped answering during the backup")
                finally:
                    self.stop.set()
                    self.thread.join(30)
                if exc[0] is None:
                    test.assertEqual(self.errors, [])
                    test.assertTrue(set(self.results) <= {200, 303},
                                    "unexpected statuses during backup: %r" % sorted(set(self.results)))
                return False

        return Busy()

    def check_backup(self, path):
        """The file alone is a complete, sound database: copied away from any -wal/-shm, it opens and
        passes integrity_check. Returns its usernames."""
        alone = os.path.join(new_temp_dir("backup-copy-"), "copy.sqlite")
        shutil.copyfile(path, alone)
        connection = sqlite3.connect(alone)
        try:
            self.assertEqual(connection.execute("PRAGMA integrity_check").fetchall(), [("ok",)])
            return {row[0] for row in connection.execute("SELECT username FROM user")}
        finally:
            connection.close()

    def test_cli_user_add(self):
        server = Shared.main_server()
        roles = run_cli("roles", "--db", server.db)
        self.assertEqual(roles.returncode, 0, roles.stderr)
        self.assertIn("kepala-biro\tKepala Biro", roles.stdout.splitlines())

        password = new_password()
        added = run_cli("user", "add", "--db", server.db, "--username", "uji-cli", "--display-name", "Uji Baris Perintah",
                        "--role", "kepala-biro", "--role", "kepala-bagian", "--bcrypt-cost", "10", stdin=password + "\n")
        self.assertEqual(added.returncode, 0, added.stderr)
        client = Http(server.base)
        r = client.login("uji-cli", password)
        self.assertEqual((r.status, r.location), (303, "/"), "an account made on the command line cannot log in")
        self.assertIn("Selamat datang, Uji Baris Perintah", client.get("/").body)
        roles = {row[0] for row in query_db(server.db, "SELECT roleKey FROM userRole JOIN user ON user.id = userId "
                                                       "WHERE username = 'uji-cli'")}
        self.assertEqual(roles, {"kepala-biro", "kepala-bagian"})

        def exists(name):
            return bool(query_db(server.db, "SELECT 1 FROM user WHERE username = ?", (name,)))

        short = run_cli("user", "add", "--db", server.db, "--username", "uji-pendek", "--display-name", "Pendek",
                        "--role", "kepala-biro", "--bcrypt-cost", "10", stdin="1234567\n")
        self.assert_one_line_error(short, "a 7-character password")
        self.assertFalse(exists("uji-pendek"))
        unknown = run_cli("user", "add", "--db", server.db, "--username", "uji-peran", "--display-name", "Peran",
                          "--role", "tidak-ada-peran", "--bcrypt-cost", "10", stdin=new_password() + "\n")
        self.assert_one_line_error(unknown, "an unknown role")
        self.assertIn("tidak-ada-peran", unknown.stderr)
        self.assertFalse(exists("uji-peran"))
        taken = run_cli("user", "add", "--db", server.db, "--username", "uji-cli", "--display-name", "Lagi",
                        "--role", "kepala-biro", "--bcrypt-cost", "10", stdin=new_password() + "\n")
        self.assert_one_line_error(taken, "a username that is taken")
        empty = run_cli("user", "add", "--db", server.db, "--username", "uji-kosong", "--display-name", "Kosong",
                        "--role", "kepala-biro", "--bcrypt-cost", "10", stdin="")
        self.assert_one_line_error(empty, "no password on stdin")
        self.assertFalse(exists("uji-kosong"))

    def test_cli_init_twice(self):
        db = os.path.join(new_temp_dir("init-"), "warta.sqlite")
        first = run_cli("init", "--db", db, "--preset", "dki-ksd", "--name", "Instansi Uji")
        self.assertEqual(first.returncode, 0, first.stderr)
        second = run_cli("init", "--db", db, "--preset", "dki-ksd", "--name", "Instansi Lain")
        self.assert_one_line_error(second, "a second init")
        self.assertEqual(query_db(db, "SELECT name, presetKey FROM institution"), [("Instansi Uji", "dki-ksd")])
        migrate = run_cli("migrate", "--db", db)
        self.assertEqual(migrate.returncode, 0, migrate.stderr)
        roles = run_cli("roles", "--db", db)
        self.assertEqual(roles.returncode, 0, roles.stderr)
        self.assertIn("kepala-biro", roles.stdout)

    def test_cli_bad_arguments(self):
        db = os.path.join(new_temp_dir("args-"), "warta.sqlite")
        cases = [
            ["serve", "--port", "notanumber", "--db", db],
            ["nosuchcommand"],
            ["serve", "--port", "70000", "--db", db],
            ["serve", "--nosuchflag", "--db", db],
            ["user", "add", "--db", db, "--display-name", "X", "--role", "admin"],
            ["user", "add", "--db", db, "--username", "A!", "--display-name", "X", "--role", "admin"],
            ["backup", "--db", db],
            ["init", "--db", db, "--preset", "tidak-ada", "--name", "X"],
        ]
        for args in cases:
            with self.subTest(args=args):
                try:
                    result = run_cli(*args, stdin="", timeout=15)
                except subprocess.TimeoutExpired:
                    self.fail("warta %s did not exit (did it start serving?)" % " ".join(args))
                self.assert_one_line_error(result, "warta " + " ".join(args))

    def test_cli_help(self):
        for args in ([], ["serve"], ["migrate"], ["init"], ["roles"], ["user"], ["user", "add"], ["backup"],
                     ["bench-hello"]):
            with self.subTest(args=args):
                result = run_cli(*(args + ["--help"]), timeout=15)
                self.assertEqual(result.returncode, 0, result.stderr)
                self.assertIn("USAGE", result.stdout.upper())

    def test_sigterm_exits_cleanly(self):
        server = Server(os.path.join(new_temp_dir("term-"), "warta.sqlite"), demo=False, name="term").start()
        try:
            with urllib.request.urlopen(server.base + "/login", timeout=5) as r:
                self.assertEqual(r.status, 200)
            status = self.terminate(server)
            self.assertEqual(status, 0)
        finally:
            server.stop()

    def test_sigterm_with_open_keepalive_connection(self):
        server = Server(os.path.join(new_temp_dir("term-ka-"), "warta.sqlite"), demo=True, name="term-ka").start()
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=15)
        try:
            connection.request("GET", "/healthz")
            response = connection.getresponse()
            self.assertEqual(response.status, 200)
            response.read()  # the connection stays open and idle
            self.assertEqual(self.terminate(server), 0)
        finally:
            connection.close()
            server.stop()

    def test_sigterm_finishes_request_in_flight(self):
        """A login whose body is still arriving when SIGTERM comes is answered, then the server exits 0."""
        server = Server(os.path.join(new_temp_dir("term-flight-"), "warta.sqlite"), demo=True, name="term-flight").start()
        try:
            client = Http(server.base)
            token = csrf_token(client.get("/login").body)
            pre = client.cookie("warta_pre")
            self.assertTrue(pre, "no pre-session cookie")
            body = urllib.parse.urlencode([("csrf_token", token), ("username", "admin"),
                                           ("password", server.accounts["admin"]), ("next", "")]).encode()
            head = ("POST /login HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nCookie: warta_pre=%s\r\n"
                    "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n\r\n"
                    % (server.port, pre, len(body))).encode()
            with socket.create_connection(("127.0.0.1", server.port), timeout=15) as connection:
                connection.sendall(head + body[:10])
                # Give the server a moment to read the request head (there is no event to wait for).
                time.sleep(0.3)
                started = time.monotonic()
                server.process.send_signal(signal.SIGTERM)
                time.sleep(0.2)
                try:
                    connection.sendall(body[10:])
                    reply = b""
                    while b"\r\n\r\n" not in reply:
                        chunk = connection.recv(65536)
                        if not chunk:
                            break
                        reply += chunk
                except OSError as error:
                    reply = ("(%r)" % error).encode()
            status_line = reply.split(b"\r\n", 1)[0].decode("latin-1")
            self.assertEqual(status_line, "HTTP/1.1 303 See Other",
                             "the login in flight at SIGTERM was not answered: %r" % reply[:200])
            try:
                status = server.process.wait(max(0.1, 10 - (time.monotonic() - started)))
            except subprocess.TimeoutExpired:
                server.kill9()
                self.fail("server still running 10 s after SIGTERM (killed it)")
            self.assertEqual(status, 0)
        finally:
            server.stop()

    # -- helpers

    def terminate(self, server):
        started = time.monotonic()
        server.process.send_signal(signal.SIGTERM)
        try:
            status = server.process.wait(10)
        except subprocess.TimeoutExpired:
            server.kill9()
            self.fail("server still running 10 s after SIGTERM (killed it)")
        self.assertLess(time.monotonic() - started, 10)
        return status

    def wait_until(self, condition, message, timeout=30):
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                self.fail(message)
            time.sleep(0.02)

    @staticmethod
    def sha256(path):
        with open(path, "rb") as f:
            return hashlib.sha256(f.read()).hexdigest()


# ---------------------------------------------------------------------------------------------
# Runner

class CountingResult(unittest.TextTestResult):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.passed = 0
        self.started = {}

    def startTest(self, test):
        self.started[test.id()] = time.monotonic()
        super().startTest(test)

    def addSuccess(self, test):
        super().addSuccess(test)
        self.passed += 1

    def stopTest(self, test):
        super().stopTest(test)
        if self.showAll:
            elapsed = time.monotonic() - self.started.get(test.id(), time.monotonic())
            self.stream.writeln("    (%.1f s)" % elapsed)


def edge_test_cases():
    """The system tests of the server's edge (read timeouts, the per-address connection cap,
    durability under load) live in test_system_edge.py beside this file and use its helpers."""
    sys.modules.setdefault("run_browser_tests", sys.modules[__name__])  # one copy of Settings, Server, ...
    folder = os.path.dirname(os.path.abspath(__file__))
    if folder not in sys.path:
        sys.path.insert(0, folder)
    import test_system_edge
    return test_system_edge.CASES


def selected_tests(patterns):
    loader = unittest.TestLoader()
    suite = unittest.TestSuite()
    for case in (BrowserTests, WorkflowBrowserTests, CaptionCounterBrowserTests, ReviewBrowserTests, AdminFlowsBrowserTests,
                 CalendarBrowserTests, ArchiveBrowserTests, AdminDaysBrowserTests, SystemTests) + tuple(edge_test_cases()):
        for test in loader.loadTestsFromTestCase(case):
            if not patterns or any(p in test.id() for p in patterns):
                suite.addTest(test)
    return suite


def main():
    parser = argparse.ArgumentParser(description="Warta browser and system tests")
    parser.add_argument("--binary", default=".build/debug/warta")
    parser.add_argument("--resources", default=".")
    parser.add_argument("--chromedriver", default="/usr/bin/chromedriver")
    parser.add_argument("-k", dest="patterns", action="append", default=[], help="run tests whose id contains this")
    parser.add_argument("--keep-temp", action="store_true")
    parser.add_argument("-q", "--quiet", action="store_true")
    options = parser.parse_args()

    Settings.binary = os.path.abspath(options.binary)
    Settings.resources = os.path.abspath(options.resources)
    Settings.chromedriver = options.chromedriver
    if not os.access(Settings.binary, os.X_OK):
        print("warta binary not found at %s (build it with 'swift build')" % Settings.binary)
        print("browser: 0 passed, 1 failed")
        return 2
    try:
        for lang in ("id", "en"):
            with open(os.path.join(Settings.resources, "Locales", lang + ".json"), encoding="utf-8") as f:
                Settings.texts[lang] = json.load(f)
    except (OSError, ValueError) as error:
        print("cannot read the message catalogues under %s: %s" % (Settings.resources, error))
        print("browser: 0 passed, 1 failed")
        return 2

    Settings.temp = tempfile.mkdtemp(prefix="warta-browser-")
    atexit.register(cleanup)

    def on_signal(signum, frame):
        raise KeyboardInterrupt("signal %d" % signum)

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGHUP, on_signal)

    started = time.monotonic()
    runner = unittest.TextTestRunner(stream=sys.stdout, verbosity=1 if options.quiet else 2,
                                     resultclass=CountingResult)
    result = None
    interrupted = False
    try:
        result = runner.run(selected_tests(options.patterns))
    except KeyboardInterrupt:
        interrupted = True
    finally:
        cleanup()
        if options.keep_temp:
            print("temporary files kept in %s" % Settings.temp)
        else:
            shutil.rmtree(Settings.temp, ignore_errors=True)
    if result is None:
        print("interrupted")
        print("browser: 0 passed, 1 failed")
        return 130
    # Count tests, not problems: a test failing in its body and again in tearDown is one failed test.
    failed_ids = {getattr(test, "test_case", test).id() for test, _ in result.failures + result.errors}
    failed_ids |= {test.id() for test in result.unexpectedSuccesses}
    failed = len(failed_ids)
    skipped = len(result.skipped)
    print("total time %.1f s" % (time.monotonic() - started))
    summary = "browser: %d passed, %d failed" % (result.passed, failed)
    if skipped:
        summary += ", %d skipped" % skipped
    sys.stdout.flush()
    print(summary)
    sys.stdout.flush()
    return 1 if failed or result.passed == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
