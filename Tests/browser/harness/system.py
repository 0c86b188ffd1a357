"""For the system tests only (test_system.py, test_system_edge.py): the command line, and reading the
database or backup file a test is about. Browser tests check what pages show, never the database."""

import sqlite3
import subprocess
import time
import unittest
import urllib.parse

from .server import DemoDatabase, Server
from .settings import Settings, clean_env


def run_cli(*args, stdin=None, timeout=60, cwd=None):
    """Runs `warta ARGS`; the working folder is a temporary one so nothing lands in the project."""
    return subprocess.run([Settings.binary] + [str(a) for a in args], input=stdin, capture_output=True, text=True,
                          timeout=timeout, cwd=cwd or Settings.temp, env=clean_env())


def query_db(path, sql, args=()):
    """Reads a database file directly (read-only), beside a running server or after it stopped."""
    connection = sqlite3.connect("file:%s?mode=ro" % urllib.parse.quote(path), uri=True, timeout=10)
    try:
        return connection.execute(sql, args).fetchall()
    finally:
        connection.close()


def _tcp_sockets():
    """(local port, remote port, state, receive queue) of every IPv4 TCP socket of this machine."""
    found = []
    with open("/proc/net/tcp") as f:
        for line in f.read().splitlines()[1:]:
            fields = line.split()
            local, remote, state = fields[1], fields[2], fields[3]
            rx_queue = int(fields[4].split(":")[1], 16)
            found.append((int(local.split(":")[1], 16), int(remote.split(":")[1], 16), state, rx_queue))
    return found


def server_has_read(server_port, client_socket):
    """True once the server's end of this connection has no unread bytes left (it read what was sent)."""
    client_port = client_socket.getsockname()[1]
    return any(local == server_port and remote == client_port and rx_queue == 0
               for local, remote, _, rx_queue in _tcp_sockets())


def is_listening(port):
    """True while something listens on the port (state 0A is LISTEN in /proc/net/tcp)."""
    return any(local == port and state == "0A" for local, _, state, _ in _tcp_sockets())


class SystemTestCase(unittest.TestCase):

    def assert_one_line_error(self, result, what):
        self.assertNotEqual(result.returncode, 0, "%s: should fail; stdout=%r" % (what, result.stdout))
        lines = result.stderr.strip("\n").split("\n")
        self.assertEqual(len(lines), 1, "%s: want exactly one stderr line, got %r" % (what, result.stderr))
        self.assertTrue(lines[0].startswith("warta:"), "%s: stderr %r" % (what, result.stderr))

    def wait_until(self, condition, message, timeout=30):
        """Polls a condition (every 20 ms) until it holds; fails after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                self.fail(message)
            time.sleep(0.02)

    def demo_server(self, name):
        """A server on a fresh copy of the demo database (as the browser tests get), stopped when the
        test ends."""
        db, accounts = DemoDatabase.copy()
        server = Server(db, demo=False, name=name, accounts=accounts).start()
        self.addCleanup(server.stop)
        return server


__all__ = ["run_cli", "query_db", "server_has_read", "is_listening", "SystemTestCase"]
