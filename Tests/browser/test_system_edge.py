"""System tests of the server's edge, run by run_browser_tests.py (`make test`), with the helpers of
harness/ (Server, Http, ...). Run alone:

    /usr/bin/python3 Tests/browser/run_browser_tests.py --binary .build/debug/warta --resources . -k Edge

Everything is written as a client on the wire would send it, with raw sockets where a well-behaved
HTTP library would not misbehave enough. Loopback only. Timings are asserted by waiting on the
socket for the server's own close, never by sleeping and then looking.
"""

import json
import os
import queue
import re
import secrets
import select
import socket
import sqlite3
import threading
import time
import unittest
import urllib.parse

from harness import Http, Server, csrf_token, new_temp_dir, text
from harness.system import query_db

HEADER_TIMEOUT = 3       # seconds, --header-timeout of the timeout server
MIN_UPLOAD_RATE = 1024   # bytes/s, --min-upload-rate of the timeout server
CLOSE_MARGIN = 5         # seconds past the deadline within which the close must have come


def wait_for_close(sock, limit):
    """Reads (and returns) what the server sends until it closes the connection; fails with
    AssertionError when it is still open after `limit` seconds. Returns (bytes, seconds waited)."""
    started = time.monotonic()
    received = b""
    while True:
        left = limit - (time.monotonic() - started)
        if left <= 0:
            raise AssertionError("still open after %.1f s; received %r" % (limit, received[:200]))
        sock.settimeout(left)
        try:
            chunk = sock.recv(65536)
        except socket.timeout:
            continue
        except (ConnectionResetError, BrokenPipeError):
            break
        if not chunk:
            break
        received += chunk
    return received, time.monotonic() - started


def http_get(port, path="/healthz", source=None, timeout=30):
    """One GET on a new connection (optionally from another loopback address); the status, or
    None when the connection was refused or closed without an answer."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        if source:
            sock.bind((source, 0))
        sock.settimeout(timeout)
        sock.connect(("127.0.0.1", port))
        sock.sendall(("GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nConnection: close\r\n\r\n" % (path, port)).encode())
        reply, _ = wait_for_close(sock, timeout)
    except (ConnectionResetError, BrokenPipeError):
        return None
    finally:
        sock.close()
    match = re.match(rb"HTTP/1\.1 (\d{3}) ", reply)
    return int(match.group(1)) if match else None


class EdgeTimeoutTests(unittest.TestCase):
    """Read timeouts: a half-sent request head, and a body trickling below the minimum rate."""

    server = None

    @classmethod
    def setUpClass(cls):
        db = os.path.join(new_temp_dir("edge-timeouts-"), "warta.sqlite")
        cls.server = Server(db, demo=False, name="edge-timeouts", extra_args=[
            "--header-timeout", str(HEADER_TIMEOUT), "--min-upload-rate", str(MIN_UPLOAD_RATE)]).start()

    @classmethod
    def tearDownClass(cls):
        if cls.server:
            cls.server.stop()

    def connect(self):
        sock = socket.create_connection(("127.0.0.1", self.server.port), timeout=30)
        self.addCleanup(sock.close)
        return sock

    def test_half_sent_head_is_closed_and_others_are_served_meanwhile(self):
        # setup
        port = self.server.port
        slow = []
        # action: five connections send half a request head, and then nothing
        for _ in range(5):
            sock = self.connect()
            sock.sendall(b"GET /login HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Ag")  # and then nothing
            slow.append((sock, time.monotonic()))
        # check: meanwhile other clients are answered, each while the slow connections are still open
        for _ in range(3):
            self.assertEqual(http_get(port, "/healthz"), 200)
            self.assertEqual(http_get(port, "/login"), 200)
        # check: each slow connection is closed at the header timeout, unanswered
        for sock, opened in slow:
            reply, _ = wait_for_close(sock, HEADER_TIMEOUT + CLOSE_MARGIN - (time.monotonic() - opened))
            lasted = time.monotonic() - opened
            self.assertGreaterEqual(lasted, HEADER_TIMEOUT - 0.2, "closed before the header timeout")
            self.assertNotIn(b"200 OK", reply)
        # check: the slow clients change nothing for the next one
        self.assertEqual(http_get(port, "/healthz"), 200)

    def test_head_trickled_byte_by_byte_is_closed_at_the_header_timeout(self):
        """Slowloris: every byte resets no clock; the head must be complete in time."""
        # setup
        sock = self.connect()
        opened = time.monotonic()
        head = b"GET /login HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"a" * 200
        stop = threading.Event()

        def trickle():
            for byte in head:
                if stop.wait(0.2):
                    return
                try:
                    sock.send(bytes([byte]))
                except OSError:
                    return

        # action: the head, one byte every 0.2 s
        thread = threading.Thread(target=trickle, daemon=True)
        thread.start()
        try:
            # check: closed, and not before the header timeout
            wait_for_close(sock, HEADER_TIMEOUT + CLOSE_MARGIN)
        finally:
            stop.set()
            thread.join(5)
        self.assertGreaterEqual(time.monotonic() - opened, HEADER_TIMEOUT - 0.2)

    def test_body_below_the_minimum_rate_is_closed_and_nothing_changes(self):
        # setup
        port = self.server.port
        client = Http(self.server.base)
        token = csrf_token(client.get("/login").body)
        pre = client.cookie("warta_pre")
        counts = "SELECT (SELECT count(*) FROM session), (SELECT count(*) FROM loginFailure), (SELECT count(*) FROM auditEvent)"
        before = query_db(self.server.db, counts)
        sock = self.connect()
        body = urllib.parse.urlencode([("csrf_token", token), ("username", "admin"), ("password", "x" * 30)]).encode()
        body += b"&pad=" + b"p" * 100_000
        # action: a login whose body trickles in at 4 bytes a second
        sock.sendall(("POST /login HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nCookie: warta_pre=%s\r\n"
                      "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n\r\n"
                      % (port, pre, len(body))).encode())
        started = time.monotonic()
        stop = threading.Event()

        def trickle():  # 4 bytes a second, far below 1024
            for offset in range(len(body)):
                if stop.wait(0.25):
                    return
                try:
                    sock.send(body[offset:offset + 1])
                except OSError:
                    return

        thread = threading.Thread(target=trickle, daemon=True)
        thread.start()
        try:
            # check: closed once past the grace; the grace is the header timeout; then the first check finds it behind (checks run every second).
            reply, _ = wait_for_close(sock, HEADER_TIMEOUT + 1 + CLOSE_MARGIN)
        finally:
            stop.set()
            thread.join(5)
        self.assertGreaterEqual(time.monotonic() - started, HEADER_TIMEOUT - 0.2, "closed within the grace")
        self.assertNotIn(b"303", reply.split(b"\r\n", 1)[0])
        # check: nothing was handled (no session, no failed login recorded, nothing in the security log)
        self.assertEqual(query_db(self.server.db, counts), before)
        self.assertEqual(http_get(port, "/healthz"), 200)

    def test_chunked_body_over_the_limit_gets_413_and_changes_nothing(self):
        """No Content-Length to refuse up front: the limit (1 MiB by default) is found while
        reading, and the answer is the same 413 page, not a 500."""
        # setup
        client = Http(self.server.base)
        token = csrf_token(client.get("/login").body)
        pre = client.cookie("warta_pre")
        counts = "SELECT (SELECT count(*) FROM session), (SELECT count(*) FROM loginFailure), (SELECT count(*) FROM auditEvent)"
        before = query_db(self.server.db, counts)
        sock = self.connect()
        # action: a chunked login body of 1.1 MiB
        sock.sendall(("POST /login HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nCookie: warta_pre=%s\r\nConnection: close\r\n"
                      "Content-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n"
                      % (self.server.port, pre)).encode())
        first = urllib.parse.urlencode([("csrf_token", token), ("username", "admin"), ("password", "x" * 30)]).encode() + b"&pad="
        chunks = [first] + [b"p" * 65536] * 18   # 1.1 MiB in all
        try:
            for chunk in chunks:
                sock.sendall(b"%x\r\n" % len(chunk) + chunk + b"\r\n")
            sock.sendall(b"0\r\n\r\n")
        except OSError:
            pass  # the server may answer and close before it has read everything
        reply, _ = wait_for_close(sock, 30)
        # check: the 413 page, and nothing was handled
        self.assertTrue(reply.startswith(b"HTTP/1.1 413 "), reply[:200])
        self.assertIn(text("id", "error_title_413").encode(), reply)
        self.assertEqual(query_db(self.server.db, counts), before)

    def test_body_at_a_fair_rate_is_read_to_the_end(self):
        """A body slower than the network but above the minimum (a phone upload) is not cut, even
        past the grace: 4 KiB/s for longer than the header timeout."""
        # setup
        client = Http(self.server.base)
        token = csrf_token(client.get("/login").body)
        pre = client.cookie("warta_pre")
        body = urllib.parse.urlencode([("csrf_token", token), ("username", "nobody"), ("password", "x" * 30)]).encode()
        body += b"&pad=" + b"p" * (4096 * (HEADER_TIMEOUT + 2))
        sock = self.connect()
        # action: the body at 4 KiB/s
        sock.sendall(("POST /login HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nCookie: warta_pre=%s\r\nConnection: close\r\n"
                      "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n\r\n"
                      % (self.server.port, pre, len(body))).encode())
        for offset in range(0, len(body), 1024):
            sock.sendall(body[offset:offset + 1024])
            time.sleep(0.25)  # the pace of the upload itself (4 KiB/s), not a wait for the server
        reply, _ = wait_for_close(sock, 30)
        # check: answered, and not with a server error
        status = reply.split(b"\r\n", 1)[0]
        self.assertTrue(status.startswith(b"HTTP/1.1 "), "no answer to the slow but fair body: %r" % reply[:200])
        self.assertNotIn(b" 5", status[8:10], status)


class EdgeConnectionCapTests(unittest.TestCase):
    """One address may not hold more than --max-connections-per-address connections."""

    CAP = 6
    # The flood comes from a loopback address nothing else uses (Linux routes all of 127/8 to lo),
    # so no connection of the harness's own start-up checks is still being counted.
    FLOOD_FROM = "127.0.0.3"

    def test_flood_from_one_address_is_refused_beyond_the_cap(self):
        # setup
        db = os.path.join(new_temp_dir("edge-cap-"), "warta.sqlite")
        server = Server(db, demo=False, name="edge-cap", extra_args=[
            "--max-connections-per-address", str(self.CAP), "--header-timeout", "60"]).start()
        self.addCleanup(server.stop)
        port = server.port
        extra = 4
        flood = []
        # action: four connections more than the cap, from one address
        for _ in range(self.CAP + extra):
            sock = socket.create_connection(("127.0.0.1", port), timeout=30, source_address=(self.FLOOD_FROM, 0))
            self.addCleanup(sock.close)
            flood.append(sock)
        # check: the server accepts them in its own time (on two event loops, not in order): the ones over
        # the cap are answered 503 and closed without sending anything. Wait for exactly those.
        open_ones, refused = list(flood), []
        deadline = time.monotonic() + 30
        while len(refused) < extra:
            left = deadline - time.monotonic()
            self.assertGreater(left, 0, "only %d of %d connections over the cap were refused" % (len(refused), extra))
            readable, _, _ = select.select(open_ones, [], [], left)
            for sock in readable:
                reply, _ = wait_for_close(sock, 30)
                self.assertTrue(reply == b"" or reply.startswith(b"HTTP/1.1 503 "), reply[:200])
                open_ones.remove(sock)
                refused.append(sock)
        self.assertEqual(len(open_ones), self.CAP)
        # check: at the cap, one more from this address is refused, one from another address is served.
        self.assertIn(http_get(port, "/healthz", source=self.FLOOD_FROM), (503, None))
        self.assertEqual(http_get(port, "/healthz"), 200)
        # check: the connections held are served normally (and closed by the server: Connection: close).
        request = ("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nConnection: close\r\n\r\n" % port).encode()
        for sock in open_ones:
            sock.sendall(request)
        for sock in open_ones:
            reply, _ = wait_for_close(sock, 30)
            self.assertTrue(reply.startswith(b"HTTP/1.1 200 "), reply[:200])
        # check: once they are closed, the address is served again, as often as it likes one at a time.
        for _ in range(self.CAP + 2):
            self.assertEqual(http_get(port, "/healthz", source=self.FLOOD_FROM), 200)


class EdgeDurabilityTests(unittest.TestCase):
    """Concurrent creates and approvals, kill -9 in the middle; every acknowledged write survives
    exactly once, and the database is sound."""

    LOAD_ACKS = 24        # kill once this many writes were acknowledged...
    LOAD_LIMIT = 15       # ...which must happen within this many seconds

    def test_acknowledged_writes_survive_kill9_under_load(self):
        # setup
        started = time.monotonic()
        db = os.path.join(new_temp_dir("edge-durable-"), "warta.sqlite")
        server = Server(db, demo=True, name="edge-durable").start()
        self.addCleanup(server.stop)
        accounts = dict(server.accounts)
        run = secrets.token_hex(3)
        acks = []                      # (action, item id, title or None), appended when a 303 said so
        acks_lock = threading.Lock()
        submitted = queue.Queue()      # items at the approval step, for the approvers
        stop = threading.Event()
        failures = []

        def ack(action, item_id, title=None):
            with acks_lock:
                acks.append((action, item_id, title))

        def logged_in(username):
            client = Http(server.base)
            r = client.login(username, accounts[username])
            if r.status != 303:
                raise AssertionError("login %s: %s" % (username, r.status))
            return client, csrf_token(client.get("/content/new").body)

        def version(client, item_id):
            r = client.request("GET", "/content/%d" % item_id, headers={"Accept": "application/json"})
            if r.status != 200:
                raise AssertionError("item %d JSON: %s" % (item_id, r.status))
            return json.loads(r.body)["version"]

        def creator(name):
            try:
                client, token = logged_in("admin-medsos")
                n = 0
                while not stop.is_set():
                    n += 1
                    title = "Uji tahan %s %s-%d" % (run, name, n)
                    r = client.post("/content", [
                        ("csrf_token", token), ("title", title), ("kind", "kegiatan"), ("source", "agenda-harian"),
                        ("caption", "Rapat koordinasi %s." % title), ("channels", "instagram"), ("media_links", ""),
                        ("event_at", "2026-11-21T09:00"), ("publish_at", ""), ("notes", "")])
                    match = re.fullmatch(r"/content/(\d+)\?ok=content_created", r.location or "")
                    if r.status != 303 or not match:
                        raise AssertionError("create: %s %r" % (r.status, r.location))
                    item_id = int(match.group(1))
                    ack("create", item_id, title)
                    r = client.post("/content/%d/submit" % item_id, [("csrf_token", token), ("version", version(client, item_id))])
                    if (r.status, r.location) != (303, "/content/%d?ok=content_submit" % item_id):
                        raise AssertionError("submit %d: %s %r" % (item_id, r.status, r.location))
                    ack("submit", item_id)
                    submitted.put(item_id)
            except Exception as error:  # noqa: BLE001 - after the kill every request fails; before, it is a failure
                if not stop.is_set():
                    failures.append("%s: %r" % (name, error))

        def approver(name):
            try:
                client, token = logged_in("tim-pengelola")
                while not stop.is_set():
                    try:
                        item_id = submitted.get(timeout=0.1)
                    except queue.Empty:
                        continue
                    r = client.post("/content/%d/approve" % item_id, [("csrf_token", token), ("version", version(client, item_id))])
                    if (r.status, r.location) != (303, "/content/%d?ok=content_approve" % item_id):
                        raise AssertionError("approve %d: %s %r" % (item_id, r.status, r.location))
                    ack("approve", item_id)
            except Exception as error:  # noqa: BLE001
                if not stop.is_set():
                    failures.append("%s: %r" % (name, error))

        # action: three creators and two approvers, then kill -9 once enough writes were acknowledged
        threads = [threading.Thread(target=creator, args=("c%d" % i,), daemon=True) for i in range(3)]
        threads += [threading.Thread(target=approver, args=("a%d" % i,), daemon=True) for i in range(2)]
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + self.LOAD_LIMIT
        while True:
            with acks_lock:
                enough = len(acks) >= self.LOAD_ACKS and any(a[0] == "approve" for a in acks)
            if enough or failures or time.monotonic() > deadline:
                break
            time.sleep(0.01)  # polling the counter the load threads fill
        # Mid-load: the threads are still sending when the server dies.
        stop.set()
        server.kill9()
        with acks_lock:
            acknowledged = list(acks)
        for thread in threads:
            thread.join(10)
        self.assertEqual(failures, [], "the load failed before the kill")
        self.assertGreaterEqual(len(acknowledged), self.LOAD_ACKS, "too few writes within %d s: %r" % (self.LOAD_LIMIT, acknowledged))

        restarted = Server(db, demo=False, name="edge-durable-restart").start()
        self.addCleanup(restarted.stop)
        # check: the database is sound, and every acknowledged write is in it exactly once
        connection = sqlite3.connect(db, timeout=10)
        try:
            self.assertEqual(connection.execute("PRAGMA integrity_check").fetchall(), [("ok",)])
            self.assertEqual(connection.execute("PRAGMA foreign_key_check").fetchall(), [])
            created = {item_id: title for action, item_id, title in acknowledged if action == "create"}
            for item_id, title in created.items():
                rows = connection.execute("SELECT id FROM contentItem WHERE title = ?", (title,)).fetchall()
                self.assertEqual(rows, [(item_id,)], "item %r after the restart" % title)
            for action, item_id, _ in acknowledged:
                count = connection.execute("SELECT count(*) FROM contentEvent WHERE itemId = ? AND action = ?",
                                           (item_id, action)).fetchone()[0]
                self.assertEqual(count, 1, "%s of item %d recorded %d times" % (action, item_id, count))
        finally:
            connection.close()

        # check: and over HTTP, as the people who made them see it
        client = Http(restarted.base)
        self.assertEqual(client.login("admin-medsos", accounts["admin-medsos"]).status, 303)
        for item_id in created:
            r = client.request("GET", "/content/%d" % item_id, headers={"Accept": "application/json"})
            self.assertEqual(r.status, 200)
            data = json.loads(r.body)
            history = [event["action"] for event in data["history"]]
            wanted = [action for action, acked_id, _ in acknowledged if acked_id == item_id]
            for action in wanted:
                self.assertEqual(history.count(action), 1, "item %d history %r" % (item_id, history))
            if "approve" in wanted:
                self.assertEqual(data["step_position"], 3, data)
        self.assertLess(time.monotonic() - started, 30, "the durability test must stay under 30 s")


CASES = [EdgeTimeoutTests, EdgeConnectionCapTests, EdgeDurabilityTests]
