#!/usr/bin/env python3
"""Upload throughput and memory: `make bench-upload`.

Starts the release binary on a fresh demo database (loopback only), signs in as the drafter, and
streams multipart uploads of the content form to it over one connection:
  - a video of SIZE_MB (default 100) MB: time to the answer, MB/s, and the server's RSS growth,
    sampled every 20 ms from /proc;
  - an image one megabyte over the limit: how long the refusal (413) takes;
  - a body whose file is a non-media type (415), refused after the first bytes.
The video's bytes are random, so the multipart parser meets a CR byte every 256 bytes on average,
as it does with real video. Results go to standard output and bench/results/upload.txt.
"""
import http.client
import os
import re
import secrets
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.environ.get("BIN", os.path.join(ROOT, ".build/release/warta"))
SIZE_MB = int(os.environ.get("SIZE_MB", "100"))
HOST = "127.0.0.1"


def free_port():
    import socket
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def rss_kb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


class Session:
    def __init__(self, port):
        self.port = port
        self.cookies = {}

    def conn(self):
        return http.client.HTTPConnection(HOST, self.port, timeout=600)

    def cookie_header(self):
        return "; ".join("%s=%s" % kv for kv in self.cookies.items())

    def remember(self, response):
        for key, value in response.getheaders():
            if key.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";")[0]

    def get(self, path):
        c = self.conn()
        c.request("GET", path, headers={"Cookie": self.cookie_header()})
        r = c.getresponse()
        body = r.read().decode("utf-8", "replace")
        self.remember(r)
        c.close()
        return r.status, body

    def post_form(self, path, fields):
        c = self.conn()
        body = urllib.parse.urlencode(fields)
        c.request("POST", path, body=body, headers={"Cookie": self.cookie_header(),
                                                  "Content-Type": "application/x-www-form-urlencoded"})
        r = c.getresponse()
        r.read()
        self.remember(r)
        c.close()
        return r.status, r.getheader("Location")


def csrf(html):
    m = re.search(r'name="csrf_token" value="([^"]+)"', html)
    if not m:
        raise SystemExit("no csrf_token on the page")
    return m.group(1)


def multipart_upload(session, token, fields, file_name, file_head, file_size, chunk=1 << 20):
    """Streams a multipart body with a generated file; returns (status, seconds, peak RSS growth kB)."""
    boundary = "----warta-bench-" + secrets.token_hex(8)
    pre = "".join('--%s\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n' % (boundary, k, v)
                  for k, v in [("csrf_token", token)] + fields)
    pre += '--%s\r\nContent-Disposition: form-data; name="media"; filename="%s"\r\nContent-Type: application/octet-stream\r\n\r\n' % (boundary, file_name)
    post = "\r\n--%s--\r\n" % boundary
    pre_b, post_b = pre.encode(), post.encode()
    length = len(pre_b) + file_size + len(post_b)
    block = os.urandom(chunk)
    c = session.conn()
    c.putrequest("POST", "/content")
    c.putheader("Cookie", session.cookie_header())
    c.putheader("Content-Type", "multipart/form-data; boundary=" + boundary)
    c.putheader("Content-Length", str(length))
    c.endheaders()
    start = time.perf_counter()
    c.send(pre_b)
    sent = 0
    try:
        first = file_head + block[len(file_head):]
        while sent < file_size:
            piece = (first if sent == 0 else block)[: file_size - sent]
            c.send(piece)
            sent += len(piece)
        c.send(post_b)
    except (BrokenPipeError, ConnectionResetError):
        pass  # the server answered and closed early (a refusal): read that answer
    r = c.getresponse()
    r.read()
    elapsed = time.perf_counter() - start
    c.close()
    return r.status, elapsed, sent


def main():
    if not os.path.exists(BIN):
        raise SystemExit("%s missing: swift build -c release --product warta" % BIN)
    tmp = tempfile.mkdtemp(prefix="warta-bench-upload-")
    port = free_port()
    db = os.path.join(tmp, "bench.sqlite")
    proc = subprocess.Popen([BIN, "serve", "--demo", "--preset", "dki-ksd", "--db", db, "--port", str(port), "--host", HOST,
                             "--resources", ROOT, "--bcrypt-cost", "10", "--log-level", "warning"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=tmp)
    accounts = {}
    for raw in proc.stdout:
        line = raw.decode()
        m = re.match(r"^  (\S+)\s+(\S+)  \S", line)
        if m:
            accounts[m.group(1)] = m.group(2)
        if line.startswith("Warta: http://"):
            break
    threading.Thread(target=lambda: [None for _ in proc.stdout], daemon=True).start()
    try:
        s = Session(port)
        for _ in range(100):
            try:
                if s.get("/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.05)
        status, page = s.get("/login")
        user = "admin-medsos"  # the first step of the dki-ksd SOP drafts
        st, _ = s.post_form("/login", [("csrf_token", csrf(page)), ("username", user), ("password", accounts[user])])
        if st != 303:
            raise SystemExit("login as %s failed: %s" % (user, st))
        _, form = s.get("/content/new")
        token = csrf(form)
        fields = [("title", "Uji unggah"), ("kind", "kegiatan"), ("source", "agenda-harian"), ("caption", "Uji unggah video."),
                  ("event_at", "2026-11-21T09:00"), ("publish_at", "2026-11-21T13:00"), ("channels", "instagram")]

        lines = []
        mp4_head = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00"
        size = SIZE_MB * 1024 * 1024
        samples = []
        stop = threading.Event()
        base_rss = rss_kb(proc.pid)

        def sample():
            while not stop.is_set():
                samples.append(rss_kb(proc.pid))
                time.sleep(0.02)
        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        status, seconds, _ = multipart_upload(s, token, fields, "video.mp4", mp4_head, size)
        stop.set()
        sampler.join()
        peak = max(samples or [base_rss])
        lines.append("video %d MB: HTTP %d in %.2f s = %.1f MB/s; server RSS %d MB before, peak %d MB (growth %d MB)"
                     % (SIZE_MB, status, seconds, SIZE_MB / seconds, base_rss // 1024, peak // 1024, (peak - base_rss) // 1024))

        jpeg_head = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"
        over = 11 * 1024 * 1024
        status, seconds, sent = multipart_upload(s, token, fields, "besar.jpg", jpeg_head, over)
        lines.append("image 11 MB (limit 10 MB): HTTP %d in %.2f s (%.1f MB sent before the answer)" % (status, seconds, sent / 1048576))

        status, seconds, sent = multipart_upload(s, token, fields, "skrip.exe", b"MZ\x90\x00" + b"\x00" * 12, 20 * 1024 * 1024)
        lines.append("not media, 20 MB: HTTP %d in %.2f s" % (status, seconds))
        report = "\n".join(lines)
        print(report)
        os.makedirs(os.path.join(ROOT, "bench/results"), exist_ok=True)
        with open(os.path.join(ROOT, "bench/results/upload.txt"), "w") as f:
            f.write(report + "\n")
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


if __name__ == "__main__":
    sys.exit(main())
