"""/content/{id} through the approval chain of the dki-ksd preset that `--demo` sets up: six steps,
one demo account per role, rejection, publication with live links, the four-eyes rule, and no
action forms for whoever does not hold the step's role."""

import re

from harness import EC, LINKS, BrowserTestCase, ContentItemPages, Select, token


class WorkflowTests(ContentItemPages, BrowserTestCase):

    def test_four_eyes_the_submitter_holding_the_next_role_is_told_why_and_offered_no_decision(self):
        """Issue 10: admin-medsos holds Tim Pengelola for today by delegation and hands an item on;
        on the item page the four-eyes notice says why, and no decision or correction is offered.
        A colleague of the role gets the forms as usual."""
        # setup over HTTP: the delegation and a submitted item
        admin = self.admin_http()
        page = admin.get("/delegations")
        today = re.search(r'id="starts_on" name="starts_on" type="date" value="([0-9-]+)"', page.body).group(1)
        r = admin.post_form("/delegations", "/delegations", [
            ("from_user", str(self.user_id("tim-pengelola"))), ("role", "tim-pengelola"),
            ("to_user", str(self.user_id("admin-medsos"))), ("starts_on", today), ("ends_on", today)])
        self.assertEqual(r.status, 303, "set-up: delegation")
        item_id = self.created_item("Uji empat mata " + token(), submitted=True)

        # action: in the browser, as the one who handed it on
        self.as_user("admin-medsos")
        self.go(self.item_path(item_id))
        # check
        self.assert_item_at(item_id, 2, "in_review")
        notice = self.css("#four-eyes").text
        self.assertIn(self.t("content_four_eyes_note_authored", role="Tim Pengelola Media Sosial"), notice)
        self.assertEqual(self.action_form_kinds(), [], "a decision is offered to whoever handed the item on")
        self.assertFalse(self.css_all('a[href="/content/%d/edit"]' % item_id), "a correction is offered at the decide step")

        # action: a colleague of the step's role
        self.as_user("tim-pengelola")
        self.go(self.item_path(item_id))
        # check: decides as usual
        self.assertFalse(self.css_all("#four-eyes"))
        self.assertEqual(self.action_form_kinds(), ["approve", "reject"])

    def test_workflow_chain_with_rejection_through_publish(self):
        """One item through all six steps with six users, one rejection (5 → 4) on the way."""
        # setup
        title = "Uji alur kunjungan kota kembar " + token()
        caption = "**Kunjungan kerja** Biro KSD ke kota kembar: penandatanganan kerja sama pendidikan."
        comment = "Narasi sudah dikoreksi, siap diteruskan."
        reason = "Foto utama kurang tajam, ganti dengan yang lain."
        self.as_user("admin-medsos")

        # action: 1. admin-medsos creates the item with two channels
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
            if box.get_attribute("value") not in LINKS:
                box.click()
        self.assertEqual({b.get_attribute("value") for b in boxes if b.is_selected()}, set(LINKS))
        self.fill("#media_links", "https://drive.google.com/drive/folders/uji-kunjungan")
        self.d.execute_script("document.getElementById('event_at').value = '2026-11-21T09:00';"
                              "document.getElementById('publish_at').value = '2026-11-21T12:00';")
        self.click_and_wait(self.css("form.content-form button.primary"))
        # check
        match = re.fullmatch(r"/content/(\d+)\?ok=content_created", self.path())
        self.assertTrue(match, "creating did not lead to the new item: %s (%s)" % (self.path(), self.error_text()))
        item_id = int(match.group(1))
        self.assertEqual(self.css("p.flash").text, self.t("flash_content_created"))
        self.assertEqual(self.h1(), title)
        self.assertEqual([tag.text for tag in self.css_all("dl.details span.tag")], ["Instagram", "Facebook"])
        self.assert_item_at(item_id, 1, "draft")
        self.assertEqual(self.action_form_kinds(), ["submit"])
        self.assertEqual(self.css('form[action$="/submit"] button').text, self.t("content_action_submit"))

        # action: ... and hands it on
        self.act(item_id, "submit")
        # check
        self.assert_item_at(item_id, 2, "in_review")
        self.assertEqual(self.action_form_kinds(), [], "admin-medsos still has action forms at step 2")

        # action: 2. tim-pengelola approves with a comment
        self.as_user("tim-pengelola")
        self.open_from_tasks(item_id, title, 2)
        self.assert_item_at(item_id, 2, "in_review")
        self.assertEqual(self.action_form_kinds(), ["approve", "reject"])
        self.act(item_id, "approve", comment=comment)
        # check
        self.assert_item_at(item_id, 3, "in_review")
        self.assertEqual(self.action_form_kinds(), [])
        approved = self.css_all("table.history tr.event-approve")
        self.assertEqual(len(approved), 1)
        self.assertIn(comment, approved[0].text)
        self.assertIn(self.display_name("tim-pengelola"), approved[0].text)

        # action and check: 3.-4. kasubbag-tu and kepala-bagian approve without comment
        for position, username in ((3, "kasubbag-tu"), (4, "kepala-bagian")):
            self.as_user(username)
            self.open_from_tasks(item_id, title, position)
            self.act(item_id, "approve")
            self.assert_item_at(item_id, position + 1, "in_review")

        # action: 5. kepala-biro rejects
        self.as_user("kepala-biro")
        self.open_from_tasks(item_id, title, 5)
        self.assertEqual(self.action_form_kinds(), ["approve", "reject"])
        reject_form = self.css('form[action$="/reject"]')
        # check: the reason is required (the browser will not send an empty one)
        self.assertFalse(self.d.execute_script("return arguments[0].checkValidity();", reject_form),
                         "the reject form is valid with an empty reason")
        self.act(item_id, "reject", reason=reason)
        # check
        self.assert_item_at(item_id, 4, "in_review")
        self.assertIn(reason, self.css("table.history tr.event-reject").text)
        self.assertFalse(self.task_link_on_home(item_id), "a rejected item stays in the rejecter's Tugas saya")

        # action: back at step 4, kepala-bagian has it again
        self.as_user("kepala-bagian")
        self.open_from_tasks(item_id, title, 4)
        # check: with the reason shown
        self.assert_item_at(item_id, 4, "in_review")
        boxes = self.css_all("#rejection")
        self.assertTrue(boxes and boxes[0].is_displayed(), "kepala-bagian does not see the rejection box")
        rejection = boxes[0]
        self.assertEqual(self.css("#rejection .rejection-reason").text, reason)
        self.assertIn(self.display_name("kepala-biro"), rejection.text)
        self.assertEqual(self.action_form_kinds(), ["approve", "reject"])
        # action: approves again
        self.act(item_id, "approve")
        # check
        self.assert_item_at(item_id, 5, "in_review")

        # action: 5 again, kepala-biro approves this time
        self.as_user("kepala-biro")
        self.open_from_tasks(item_id, title, 5)
        self.act(item_id, "approve")
        # check
        self.assert_item_at(item_id, 6, "ready_to_publish")
        self.assertEqual(self.action_form_kinds(), [])

        # action: 6. admin-medsos publishes with one live link per chosen channel
        self.as_user("admin-medsos")
        self.open_from_tasks(item_id, title, 6)
        self.assert_item_at(item_id, 6, "ready_to_publish")
        self.assertEqual(self.action_form_kinds(), ["publish", "reject"], "the publisher publishes, or sends it back")
        fields = self.css_all('form[action$="/publish"] input[name^="link_"]')
        self.assertEqual(sorted(f.get_attribute("name") for f in fields), sorted("link_" + c for c in LINKS),
                         "the publish form should ask for a link per chosen channel, no more")
        self.act(item_id, "publish", **{"link_" + c: url for c, url in LINKS.items()})
        # check
        status = self.css(".page-head span.status")
        self.assertEqual(status.text, self.t("status_published"))
        self.assertFalse(self.task_link_on_home(item_id), "a published item is still in Tugas saya")

    def test_workflow_published_item_page(self):
        """The published item: status Tayang, live links, no actions left, history and JSON. The item
        went the way test_workflow_chain_with_rejection_through_publish takes one, made over HTTP."""
        # setup
        item = self.published_after_a_rejection()
        item_id = item["id"]
        self.as_user("admin-medsos")  # the role of the publish step: had forms there until now

        # action
        self.go(self.item_path(item_id))
        # check
        self.assertEqual(self.h1(), item["title"])
        status = self.css(".page-head span.status")
        self.assertEqual(status.text, self.t("status_published"))
        self.assertIn("status-published", status.get_attribute("class").split())
        self.assertEqual(self.action_form_kinds(), [], "action forms on a published item")
        self.assertFalse(self.css_all("#step-heading"), "a published item still shows a current step")
        self.assertFalse(self.css_all('a[href="/content/%d/edit"]' % item_id), "a published item can still be edited")
        self.assertFalse(self.css_all("#rejection"), "the old rejection is still shown on the published item")

        # check: the live links, as links one can click
        self.assertEqual(self.css("h2#links-heading").text, self.t("content_links"))
        anchors = self.css_all('section[aria-labelledby="links-heading"] ul.links a')
        self.assertEqual(sorted(a.get_attribute("href") for a in anchors), sorted(LINKS.values()))
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

        # check: the history, the whole way, one rejection and one publication
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

        # check: the same over JSON
        data = self.item_json(item_id)
        self.assertEqual(data["id"], item_id)
        self.assertEqual(data["title"], item["title"])
        self.assertEqual(data["status"], "published")
        self.assertEqual(sorted(data["channels"]), sorted(LINKS))
        self.assertEqual(sorted((l["channel"], l["url"]) for l in data["links"]), sorted(LINKS.items()))
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

    def test_workflow_no_action_forms_without_the_role(self):
        # setup: an item at step 2, tim-pengelola's
        title = "Uji tanpa peran " + token()
        item_id = self.created_item(title, submitted=True)

        # action
        self.as_user("kepala-biro")
        # check
        self.assertIsNone(self.task_link(item_id), "an item at step 2 is in kepala-biro's Tugas saya")
        # action
        self.go(self.item_path(item_id))
        # check
        self.assertEqual(self.h1(), title)
        self.assert_item_at(item_id, 2, "in_review")
        self.assertEqual(self.action_form_kinds(), [], "kepala-biro sees action forms at step 2")
        self.assertFalse(self.css_all("#comment, #reason, input[name^='link_']"))
        self.assertFalse(self.css_all('a[href="/content/%d/edit"]' % item_id), "kepala-biro may edit at step 2")
        # (Posting the approval anyway over HTTP, refused with 403: moved to a router test, see
        # the issue 12 notes.)

        # action: the holder of the role
        self.as_user("tim-pengelola")
        self.open_from_tasks(item_id, title, 2)
        # check: does see them (so the absence above means something)
        self.assertEqual(self.action_form_kinds(), ["approve", "reject"])
