"""Content items and the approval chain of the dki-ksd preset that `--demo` sets up: reading the item
page and Tugas saya in the browser, and moving items along over HTTP for tests whose subject is a
later step."""

import json
import urllib.parse

from .browser import By
from .settings import token

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
APPROVERS = ["tim-pengelola", "kasubbag-tu", "kepala-bagian", "kepala-biro"]  # steps 2-5
LINKS = {"instagram": "https://www.instagram.com/p/Cabc123/",
         "facebook": "https://www.facebook.com/biroksd/posts/42"}


class ContentItemPages:
    """A mixin for BrowserTestCase."""

    STEPS = STEPS

    # -- the item page

    @staticmethod
    def item_path(item_id):
        return "/content/%d" % item_id

    def action_forms(self):
        return self.css_all(", ".join('form[action$="/%s"]' % action for action in ACTIONS))

    def action_form_kinds(self):
        return sorted(form.get_attribute("action").rsplit("/", 1)[1] for form in self.action_forms())

    def assert_item_at(self, item_id, position, status_key):
        """The item page shows the item at step `position` of 6 with the given status."""
        self.assertEqual(urllib.parse.urlsplit(self.d.current_url).path, self.item_path(item_id))
        name = STEPS[position - 1][0]
        self.assertEqual(self.css("#step-heading").text,
                         "%s: %s" % (self.t("content_step_of", n=position, total=len(STEPS)), name))
        status = self.css(".page-head span.status")
        self.assertEqual(status.text, self.t("status_" + status_key))
        self.assertIn("status-" + status_key, status.get_attribute("class").split())

    def act(self, item_id, action, **fields):
        """Fills the action form's fields (textarea or input ids) and clicks its button; checks the
        redirect to the item and the flash message."""
        form = self.css('form[action="/content/%d/%s"]' % (item_id, action))
        for field_id, value in fields.items():
            field = form.find_element(By.ID, field_id)
            self.reveal(field)
            field.clear()
            field.send_keys(value)
        self.click_and_wait(form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
        self.assertEqual(self.path(), "/content/%d?ok=content_%s" % (item_id, action),
                         "after %s: %s" % (action, self.error_text()))
        self.assertEqual(self.css("p.flash").text, self.t("flash_content_" + action))

    def reveal(self, element):
        """Opens the closed disclosures around an element as a person would, by clicking their
        summaries (outermost first): the decision bar keeps the reason and the comment folded."""
        for details in element.find_elements(By.XPATH, "ancestor::details"):
            if details.get_attribute("open") is None:
                details.find_element(By.XPATH, "./summary").click()
                self.wait(lambda d: details.get_attribute("open") is not None, "the disclosure did not open")

    def item_json(self, item_id):
        """GET /content/{id} with Accept: application/json, from the page, with the browser's session."""
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
        self.assertIn("%d. %s" % (position, STEPS[position - 1][0]), row.text)
        rows = len(self.css_all("table.tasks tbody tr"))
        self.assertEqual(self.nav_task_count(), rows, "the count beside the nav link differs from the task list")
        self.click_and_wait(link)

    # -- set-up over HTTP (for tests whose subject is not the creation or the earlier steps)

    def created_item(self, title, channels=("instagram",), submitted=False):
        """A new item of admin-medsos; handed on to step 2 when `submitted`."""
        medsos = self.http_as("admin-medsos")
        item_id = medsos.create_item(title, list(channels))
        if submitted:
            medsos.act(item_id, "submit")
        return item_id

    def approve_to_publish_step(self, item_id):
        """From step 1: admin-medsos submits, steps 2-5 approve; the item waits at step 6."""
        self.http_as("admin-medsos").act(item_id, "submit")
        for username in APPROVERS:
            self.http_as(username).act(item_id, "approve")

    def item_at_publish_step(self, title, channels):
        item_id = self.created_item(title, channels)
        self.approve_to_publish_step(item_id)
        return item_id

    def published_item(self, title, links):
        item_id = self.item_at_publish_step(title, list(links))
        self.http_as("admin-medsos").act(item_id, "publish", [("link_" + c, u) for c, u in links.items()])
        return item_id

    def published_after_a_rejection(self):
        """An item taken through the whole chain with a comment at step 2 and one rejection (5 → 4)."""
        title = "Uji alur HTTP " + token()
        reason = "Foto utama kurang tajam, ganti dengan yang lain."
        comment = "Narasi sudah dikoreksi."
        medsos = self.http_as("admin-medsos")
        item_id = medsos.create_item(title, list(LINKS))
        medsos.act(item_id, "submit")
        self.http_as("tim-pengelola").act(item_id, "approve", [("comment", comment)])
        self.http_as("kasubbag-tu").act(item_id, "approve")
        bagian, biro = self.http_as("kepala-bagian"), self.http_as("kepala-biro")
        bagian.act(item_id, "approve")
        biro.act(item_id, "reject", [("reason", reason)])
        bagian.act(item_id, "approve")
        biro.act(item_id, "approve")
        medsos.act(item_id, "publish", [("link_" + c, url) for c, url in LINKS.items()])
        return {"id": item_id, "title": title, "reason": reason, "comment": comment}
