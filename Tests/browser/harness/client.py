"""A small HTTP client with cookies that does not follow redirects: for setting things up over the
app's own forms (users, content items and their workflow steps, agenda items), and for the system
tests."""

import html
import http.cookiejar
import json
import re
import secrets
import urllib.error
import urllib.parse
import urllib.request


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


def new_password():
    return "Uji-" + secrets.token_urlsafe(9)


def fetch(url, cookie=None):
    """GET url (no redirects followed), with a Cookie header when given: (status, headers, bytes)."""
    request = urllib.request.Request(url)
    if cookie:
        request.add_header("Cookie", cookie)
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


class Http:
    def __init__(self, base):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect)

    def request(self, method, path, fields=None, timeout=30, headers=None):
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

    # -- set-up through the app's forms (each raises AssertionError when the app refuses)

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
            raise AssertionError("set-up: creating %s: %s %r" % (username, r.status, r.location))
        return int(match.group(1))

    def users(self):
        """As a logged-in admin: {username: (id, display name)} from the user list."""
        page = self.get("/admin/users")
        if page.status != 200:
            raise AssertionError("set-up: GET /admin/users: %s" % page.status)
        rows = re.findall(r'<td><a href="/admin/users/(\d+)">([^<]+)</a></td>\s*<td>([^<]*)</td>', page.body)
        return {html.unescape(name): (int(user_id), html.unescape(display)) for user_id, name, display in rows}

    def create_item(self, title, channels, caption="Rapat koordinasi Biro KSD dengan mitra kota kembar.", kind="kegiatan",
                    media="https://drive.google.com/drive/folders/uji-warta"):
        """As a drafter (the workflow's first step): the new-content form. Returns the item's id. The
        media link keeps channels that need a photo or video publishable; pass media="" for none."""
        r = self.post_form("/content/new", "/content", [
            ("title", title), ("kind", kind), ("source", "agenda-harian"), ("caption", caption)]
            + [("channels", c) for c in channels]
            + [("media_links", media), ("event_at", "2026-11-21T09:00"), ("publish_at", ""), ("notes", "")])
        match = re.fullmatch(r"/content/(\d+)\?ok=content_created", r.location or "")
        if r.status != 303 or not match:
            raise AssertionError("set-up: creating %r: %s %r" % (title, r.status, r.location))
        return int(match.group(1))

    def act(self, item_id, action, fields=()):
        """A workflow action (submit, approve, reject, publish) from the item page's form."""
        page = self.get("/content/%d" % item_id)
        version = re.search(r'name="version" value="(\d+)"', page.body)
        if page.status != 200 or not version:
            raise AssertionError("set-up: item %d page %s, no version field" % (item_id, page.status))
        r = self.post("/content/%d/%s" % (item_id, action),
                      [("csrf_token", csrf_token(page.body)), ("version", version.group(1))] + list(fields))
        if (r.status, r.location) != (303, "/content/%d?ok=content_%s" % (item_id, action)):
            raise AssertionError("set-up: %s on item %d: %s %r" % (action, item_id, r.status, r.location))

    def create_agenda_item(self, title, starts_at, ends_at, location="", owner="", needs_coverage=False):
        """The agenda form; returns the agenda item's path (/agenda/ID)."""
        fields = [("title", title), ("starts_at", starts_at), ("ends_at", ends_at),
                  ("location", location), ("owner", owner), ("notes", "")]
        if needs_coverage:
            fields.append(("needs_coverage", "1"))
        r = self.post_form("/agenda/new", "/agenda", fields)
        if r.status != 303 or not re.fullmatch(r"/agenda/\d+\?ok=agenda_saved", r.location or ""):
            raise AssertionError("set-up: the agenda item %r: %s %r" % (title, r.status, r.location))
        return r.location.split("?")[0]

    def item_json(self, item_id):
        r = self.request("GET", "/content/%d" % item_id, headers={"Accept": "application/json"})
        if r.status != 200:
            raise AssertionError("item %d JSON: %s" % (item_id, r.status))
        return json.loads(r.body)
