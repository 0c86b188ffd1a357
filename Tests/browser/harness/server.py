"""`warta serve` processes: one per browser test (a fresh copy of the demo database each), started
one test ahead."""

import os
import re
import shutil
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.request

from .settings import Settings, clean_env, free_port, new_temp_dir


class ServerError(Exception):
    pass


class Server:
    """One `warta serve` process on a free loopback port."""

    running = []  # every server started and not yet stopped, for the final clean-up
    _lock = threading.Lock()

    def __init__(self, db, demo=True, name="server", extra_args=(), accounts=None):
        self.db = db
        self.demo = demo
        self.name = name
        self.extra_args = list(extra_args)  # more `serve` options, e.g. ["--header-timeout", "3"]
        self.process = None
        self.port = None
        self.known_accounts = dict(accounts or {})  # username -> password, when the database has them already
        self.accounts = {}      # username -> password (the demo accounts, from the server's output or known)
        self.stdout_lines = []
        self.log_path = None
        self._ready_line = threading.Event()

    @classmethod
    def fresh(cls, name="server", demo=True, extra_args=()):
        """A server on a new database in a folder of its own (not started)."""
        return cls(os.path.join(new_temp_dir(name + "-"), "warta.sqlite"), demo=demo, name=name, extra_args=extra_args)

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
        self.accounts = dict(self.known_accounts)
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
        with Server._lock:
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
                with urllib.request.urlopen(self.base + "/healthz", timeout=5) as response:
                    if response.status == 200:
                        break
            except (OSError, urllib.error.URLError):
                pass
            if time.monotonic() > deadline:
                raise ServerError("%s: /healthz not 200 within %ss:\n%s" % (self.name, timeout, self.log_tail()))
            time.sleep(0.05)  # polling interval while the server comes up (not a page-load wait)
        if (self.demo or self.known_accounts) and not self.accounts:
            raise ServerError("%s: no demo accounts found in its output:\n%s" % (self.name, "\n".join(self.stdout_lines)))

    def _read_stdout(self, process):
        # "  admin-medsos   CUxLQv39Tcr5vnpy  Admin Medsos": username, password, role.
        account = re.compile(r"^  (\S+)\s+(\S+)  \S")
        for raw in process.stdout:
            line = raw.decode("utf-8", "replace").rstrip("\n")
            self.stdout_lines.append(line)
            match = account.match(line)
            if match and not self._ready_line.is_set():
                self.accounts[match.group(1)] = match.group(2)
            if line.startswith("Warta: http://"):
                self._ready_line.set()

    def log_tail(self, lines=25):
        try:
            with open(self.log_path, encoding="utf-8", errors="replace") as f:
                return "".join(f.readlines()[-lines:])
        except OSError:
            return "(no log)"

    def check_running(self):
        if self.process is None or self.process.poll() is not None:
            raise ServerError("%s has exited (%s):\n%s" % (self.name, self.process and self.process.returncode, self.log_tail()))

    def stop(self, timeout=5):
        """SIGTERM, then wait; returns the exit status (None if it had to be killed). The shutdown
        itself is tested (within 10 s) by test_system.py; clean-up does not wait that long."""
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
        with Server._lock:
            if self in Server.running:
                Server.running.remove(self)

    @classmethod
    def stop_all(cls):
        for server in list(cls.running):
            server.stop()


class DemoDatabase:
    """The database `warta serve --demo` seeds (the dki-ksd institution, one account per role, four
    sample items), made once per run: a server is started with --demo on a new database and stopped,
    and its database copied whole with `warta backup`. Every browser test's server starts on a copy
    of that file: a database of its own, in the state of a freshly seeded one, with the passwords
    printed at seeding, without seeding again (six bcrypt hashes and the sample items) for each test.
    (`--demo` does nothing else than seed: Sources/warta/Serve.swift.)"""

    path = None
    accounts = None
    error = None
    _lock = threading.Lock()

    @classmethod
    def copy(cls):
        """A new copy of the seeded database, in a folder of its own: (path, {username: password})."""
        with cls._lock:
            if cls.error is not None:
                raise cls.error
            if cls.path is None:
                try:
                    cls._seed()
                except Exception as error:
                    cls.error = error
                    raise
        db = os.path.join(new_temp_dir("demo-"), "warta.sqlite")
        shutil.copyfile(cls.path, db)
        return db, dict(cls.accounts)

    @classmethod
    def _seed(cls):
        seeder = Server.fresh("demo-seed").start()
        accounts = dict(seeder.accounts)
        status = seeder.stop(timeout=30)
        if status != 0:
            raise ServerError("the seeding server exited with %r:\n%s" % (status, seeder.log_tail()))
        target = os.path.join(new_temp_dir("demo-seeded-"), "warta.sqlite")
        result = subprocess.run([Settings.binary, "backup", "--db", seeder.db, "--to", target], capture_output=True,
                                text=True, timeout=120, cwd=Settings.temp, env=clean_env())
        if result.returncode != 0:
            raise ServerError("warta backup of the seeded database failed (%s): %s" % (result.returncode, result.stderr))
        cls.path, cls.accounts = target, accounts


class ServerPool:
    """Servers for the browser tests, one per test, each on a fresh copy of the demo database. While
    a test runs, the next test's server starts in a background thread, so a test seldom waits for
    one. Nothing depends on how long that takes: take() waits for the start to finish, however long."""

    # True: start every test's server with --demo on an empty database instead (seeding each time).
    # The same state, slower; kept for comparing the two.
    seed_each_test = False

    remaining = 0      # servers still to hand out in this run (set by the runner)
    _next = None       # (thread, result dict) of the server starting for the next test
    _lock = threading.Lock()

    @classmethod
    def expect(cls, count):
        cls.remaining = count

    @classmethod
    def _start_in_background(cls):
        result = {}

        def run():
            try:
                if cls.seed_each_test:
                    result["server"] = Server.fresh("demo").start()
                else:
                    db, accounts = DemoDatabase.copy()
                    result["server"] = Server(db, demo=False, name="demo", accounts=accounts).start()
            except Exception as error:  # noqa: BLE001 - handed to the test that takes it
                result["error"] = error

        thread = threading.Thread(target=run, daemon=True)
        thread.start()
        return thread, result

    @classmethod
    def take(cls):
        """A started server on a fresh copy of the demo database; the caller stops it."""
        with cls._lock:
            pending = cls._next or cls._start_in_background()
            cls.remaining = max(0, cls.remaining - 1)
            cls._next = cls._start_in_background() if cls.remaining > 0 else None
        thread, result = pending
        thread.join()
        if "error" in result:
            raise result["error"]
        return result["server"]

    @classmethod
    def close(cls):
        with cls._lock:
            pending, cls._next = cls._next, None
        if pending is not None:
            thread, result = pending
            thread.join()
            if "server" in result:
                result["server"].stop()
