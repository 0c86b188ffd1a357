"""System tests (no browser): the command line (init, migrate, roles, user add, backup, help, bad
arguments), a backup while the server is busy, a user created on the web surviving kill -9, and
SIGTERM shutting down cleanly, also with a keep-alive connection open and a request in flight. Each
test starts the servers it needs, on databases of its own, and may read the database or backup file
it is about."""

import hashlib
import http.client
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import threading
import time
import urllib.parse
import urllib.request

from harness import Http, Server, csrf_token, new_password, new_temp_dir
from harness.system import SystemTestCase, is_listening, query_db, run_cli, server_has_read


class SystemTests(SystemTestCase):

    def test_user_created_on_web_survives_kill9(self):
        # setup
        server = Server.fresh("crash").start()
        self.addCleanup(server.stop)
        admin = Http(server.base)
        self.assertEqual(admin.login("admin", server.accounts["admin"]).status, 303)
        password = new_password()
        token = csrf_token(admin.get("/admin/users/new").body)
        # action: a new user, then kill -9 right after the 303, before anything else can happen
        r = admin.post("/admin/users", [
            ("csrf_token", token), ("username", "uji-tahan"), ("display_name", "Uji Tahan Banting"),
            ("role", "kepala-bagian"), ("language", "id"), ("password", password)])
        server.kill9()
        self.assertEqual(r.status, 303, r)
        self.assertRegex(r.location, r"^/admin/users/\d+\?ok=user_created$")
        restarted = Server(server.db, demo=False, name="crash-restart").start()
        self.addCleanup(restarted.stop)
        # check: the user can log in after the restart
        user = Http(restarted.base)
        r = user.login("uji-tahan", password)
        self.assertEqual((r.status, r.location), (303, "/"), "the user created before kill -9 cannot log in")
        home = user.get("/")
        self.assertEqual(home.status, 200)
        self.assertIn("Selamat datang, Uji Tahan Banting", home.body)

    def test_backup_while_serving(self):
        # setup
        server = self.demo_server("backup")
        username, password = "uji-cadangan", new_password()
        admin = Http(server.base)
        self.assertEqual(admin.login("admin", server.accounts["admin"]).status, 303)
        admin.create_user(username, "Uji Cadangan", ["kepala-biro"], password)
        target_dir = new_temp_dir("backup-")
        target = os.path.join(target_dir, "cadangan.sqlite")

        # action: a backup while another client keeps the server busy
        with self.busy_server(server, username, password):
            result = run_cli("backup", "--db", server.db, "--to", target)
        # check
        self.assertEqual(result.returncode, 0, "backup to a new file failed: %s" % result.stderr)
        self.assertFalse([n for n in os.listdir(target_dir) if n.endswith(".partial")], "a .partial file was left")
        users = self.check_backup(target)
        self.assertTrue(set(server.accounts) <= users, "demo accounts missing from the backup: %r" % users)
        self.assertIn(username, users)

        # action: a second backup to the same file, without --force
        digest = self.sha256(target)
        again = run_cli("backup", "--db", server.db, "--to", target)
        # check: refused, and it changes nothing
        self.assert_one_line_error(again, "a second backup to the same file without --force")
        self.assertEqual(self.sha256(target), digest, "the refused backup changed the existing file")

    def test_backup_refuses_existing_file_without_force(self):
        # setup
        server = self.demo_server("backup-refuse")
        target_dir = new_temp_dir("backup-refuse-")
        target = os.path.join(target_dir, "ada.sqlite")
        with open(target, "wb") as f:
            f.write(b"an earlier backup")
        # action
        result = run_cli("backup", "--db", server.db, "--to", target)
        # check
        self.assert_one_line_error(result, "backup onto an existing file without --force")
        with open(target, "rb") as f:
            self.assertEqual(f.read(), b"an earlier backup", "the refused backup changed the existing file")
        # action and check: onto its own database; of a missing database
        self.assert_one_line_error(run_cli("backup", "--db", server.db, "--to", server.db), "backup onto its own database")
        self.assert_one_line_error(run_cli("backup", "--db", os.path.join(target_dir, "nope.sqlite"), "--to",
                                           os.path.join(target_dir, "x.sqlite")), "backup of a missing database")
        self.assertFalse(os.path.exists(os.path.join(target_dir, "nope.sqlite")), "backup created the missing database")

    def test_backup_force_replaces_existing_file(self):
        # setup
        server = self.demo_server("backup-force")
        target = os.path.join(new_temp_dir("backup-force-"), "ada.sqlite")
        with open(target, "wb") as f:
            f.write(b"an earlier backup")
        # action
        result = run_cli("backup", "--db", server.db, "--to", target, "--force")
        # check
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

    @staticmethod
    def sha256(path):
        with open(path, "rb") as f:
            return hashlib.sha256(f.read()).hexdigest()

    def test_cli_user_add(self):
        # setup
        server = self.demo_server("cli-user")
        roles = run_cli("roles", "--db", server.db)
        self.assertEqual(roles.returncode, 0, roles.stderr)
        self.assertIn("kepala-biro\tKepala Biro", roles.stdout.splitlines())
        password = new_password()

        # action: an account with two roles, the password on stdin
        added = run_cli("user", "add", "--db", server.db, "--username", "uji-cli", "--display-name", "Uji Baris Perintah",
                        "--role", "kepala-biro", "--role", "kepala-bagian", "--bcrypt-cost", "10", stdin=password + "\n")
        # check: it logs in on the running server, with both roles
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

        # action and check: a short password, an unknown role, a taken username, no password: one line
        # on stderr each, and no account
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
        # setup
        db = os.path.join(new_temp_dir("init-"), "warta.sqlite")
        # action
        first = run_cli("init", "--db", db, "--preset", "dki-ksd", "--name", "Instansi Uji")
        second = run_cli("init", "--db", db, "--preset", "dki-ksd", "--name", "Instansi Lain")
        # check: the second is refused and changes nothing
        self.assertEqual(first.returncode, 0, first.stderr)
        self.assert_one_line_error(second, "a second init")
        self.assertEqual(query_db(db, "SELECT name, presetKey FROM institution"), [("Instansi Uji", "dki-ksd")])
        # action and check: migrate and roles on it
        migrate = run_cli("migrate", "--db", db)
        self.assertEqual(migrate.returncode, 0, migrate.stderr)
        roles = run_cli("roles", "--db", db)
        self.assertEqual(roles.returncode, 0, roles.stderr)
        self.assertIn("kepala-biro", roles.stdout)

    def test_cli_bad_arguments(self):
        # setup
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
                # action
                try:
                    result = run_cli(*args, stdin="", timeout=15)
                except subprocess.TimeoutExpired:
                    self.fail("warta %s did not exit (did it start serving?)" % " ".join(args))
                # check
                self.assert_one_line_error(result, "warta " + " ".join(args))

    def test_cli_help(self):
        # setup: none (every command's --help needs no database)
        for args in ([], ["serve"], ["migrate"], ["init"], ["roles"], ["user"], ["user", "add"], ["backup"],
                     ["bench-hello"]):
            with self.subTest(args=args):
                # action
                result = run_cli(*(args + ["--help"]), timeout=15)
                # check
                self.assertEqual(result.returncode, 0, result.stderr)
                self.assertIn("USAGE", result.stdout.upper())

    def test_sigterm_exits_cleanly(self):
        # setup
        server = Server.fresh("term", demo=False).start()
        self.addCleanup(server.stop)
        with urllib.request.urlopen(server.base + "/login", timeout=5) as r:
            self.assertEqual(r.status, 200)
        # action
        status = self.terminate(server)
        # check: exit status 0 (within 10 s: terminate() fails otherwise)
        self.assertEqual(status, 0)

    def test_sigterm_with_open_keepalive_connection(self):
        # setup: a connection that stays open and idle
        server = Server.fresh("term-ka").start()
        self.addCleanup(server.stop)
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=15)
        self.addCleanup(connection.close)
        connection.request("GET", "/healthz")
        response = connection.getresponse()
        self.assertEqual(response.status, 200)
        response.read()
        # action
        status = self.terminate(server)
        # check: the idle connection does not hold the shutdown up
        self.assertEqual(status, 0)

    def test_sigterm_finishes_request_in_flight(self):
        """A login whose body is still arriving when SIGTERM comes is answered, then the server exits 0.
        The test waits on what it can see, never on a clock: the server has read the request head
        (its end of the connection has nothing unread), and the shutdown has begun (nothing listens
        on the port any more) before the rest of the body is sent."""
        # setup: a login with its head and the first bytes of its body sent
        server = Server.fresh("term-flight").start()
        self.addCleanup(server.stop)
        client = Http(server.base)
        token = csrf_token(client.get("/login").body)
        pre = client.cookie("warta_pre")
        self.assertTrue(pre, "no pre-session cookie")
        body = urllib.parse.urlencode([("csrf_token", token), ("username", "admin"),
                                       ("password", server.accounts["admin"]), ("next", "")]).encode()
        head = ("POST /login HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nCookie: warta_pre=%s\r\n"
                "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n\r\n"
                % (server.port, pre, len(body))).encode()
        connection = socket.create_connection(("127.0.0.1", server.port), timeout=30)
        self.addCleanup(connection.close)
        connection.sendall(head + body[:10])
        self.wait_until(lambda: server_has_read(server.port, connection), "the server did not read the request head")

        # action: SIGTERM, then the rest of the body once the shutdown has begun
        started = time.monotonic()
        server.process.send_signal(signal.SIGTERM)
        self.wait_until(lambda: not is_listening(server.port) or server.process.poll() is not None,
                        "the server still listens after SIGTERM")
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

        # check: the login is answered, and the server exits 0 within 10 s
        status_line = reply.split(b"\r\n", 1)[0].decode("latin-1")
        self.assertEqual(status_line, "HTTP/1.1 303 See Other",
                         "the login in flight at SIGTERM was not answered: %r" % reply[:200])
        try:
            status = server.process.wait(max(0.1, 10 - (time.monotonic() - started)))
        except subprocess.TimeoutExpired:
            server.kill9()
            self.fail("server still running 10 s after SIGTERM (killed it)")
        self.assertEqual(status, 0)

    def terminate(self, server):
        """SIGTERM; the exit status, which must come within 10 s."""
        started = time.monotonic()
        server.process.send_signal(signal.SIGTERM)
        try:
            status = server.process.wait(10)
        except subprocess.TimeoutExpired:
            server.kill9()
            self.fail("server still running 10 s after SIGTERM (killed it)")
        self.assertLess(time.monotonic() - started, 10)
        return status
