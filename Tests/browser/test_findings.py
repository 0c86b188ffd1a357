"""Control and improvement (issue 15): an administrator raises a finding from a figure of the
evaluation (the form pre-filled by the report's link), edits the workflow citing it, and the
version history, the SOP document's revisions and the finding itself say why. The merger starts
it from the report page (/evaluasi) once that exists."""

import re
from urllib.parse import quote

from harness import BrowserTestCase, token


class FindingsTests(BrowserTestCase):

    def test_finding_raised_from_a_figure_cited_by_a_workflow_edit(self):
        # setup
        mark = token()
        subject = "Tanggapi dan koreksi: p90 3× Mutu Baku " + mark
        self.as_user("admin")

        # action: the report's "Catat temuan" link
        self.go("/evaluasi/temuan/baru?from=2026-10-01&to=2026-12-31&subject=%s&step=2&version=1" % quote(subject))
        # check: pre-filled from the figure, with the dates in words
        self.assertEqual(self.h1(), self.t("finding_new_title"))
        self.assertEqual(self.value("#subject"), subject)
        self.assertEqual(self.value('input[name="step"]'), "2")
        self.assertEqual(self.value('input[name="workflow_version"]'), "1")
        self.assertEqual(self.value("#period_from"), "2026-10-01")
        self.assertIn("2026", self.css('output[for="period_to"]').text)
        self.assertIn(self.t("finding_step"), self.css("#finding-step").text)
        self.assertTrue(self.css('output[for="due_on"]').text, "the due date has no words beside it")

        # action: cause and save
        self.fill("#cause", "Tim pengelola menunggu bahan dari bidang " + mark)
        self.click_and_wait(self.css("form.finding-form button.primary"))
        # check
        self.assertRegex(self.path(), r"^/evaluasi/temuan/\d+\?ok=finding_created$", self.error_text())
        self.assertEqual(self.flash(), self.t("flash_finding_created"))
        finding_path = self.path().split("?")[0]
        number = int(finding_path.rsplit("/", 1)[1])
        self.assertEqual(self.css("#finding-subject").text, subject)
        self.assertEqual(self.css("#finding-status").text, self.t("finding_status_open"))

        # action: the workflow edit that answers it
        self.go("/admin/workflow")
        box = self.css('#cited-findings input[name="finding"][value="%d"]' % number)
        self.set_checked('#cited-findings input[name="finding"][value="%d"]' % number, True)
        self.assertTrue(box.is_selected())
        original = self.value('input[name="step_1_minutes"]')
        changed = "55" if original != "55" else "50"
        self.fill('input[name="step_1_minutes"]', changed)
        self.fill("#note", "Standar waktu koreksi disesuaikan " + mark)
        self.click_and_wait(self.css("button.primary"))
        # check
        self.assertEqual(self.path(), "/admin/workflow?ok=workflow_saved", self.error_text())

        # check: the version history says why, and links the finding
        self.go("/workflow")
        newest = self.css("ul.item-list li")
        self.assertIn(self.t("workflow_changed_for_finding"), newest.text)
        link = newest.find_element("css selector", 'a[href="%s"]' % finding_path)
        self.assertEqual(link.text, "#%d: %s" % (number, subject))
        version = int(re.match(r"%s (\d+)" % re.escape(self.t("workflow_version")), newest.text).group(1))

        # check: the SOP document's revisions say the same
        self.go("/workflow/sop?version=%d" % version)
        self.assertTrue(self.css_all('.sop-tools a[href="%s"]' % finding_path), "the SOP revisions do not name the finding")

        # check: the finding names the version that answered it, and is in progress now
        self.click_and_wait(self.css('.sop-tools a[href="%s"]' % finding_path))
        self.assertEqual(self.path(), finding_path)
        self.assertIn("%s %d" % (self.t("finding_answered_by_version"), version), self.css("#finding-answers").text)
        self.assertEqual(self.css("#finding-status").text, self.t("finding_status_in_progress"))

        # check: it is the admin's own, so it waits in "Tugas saya"
        self.go("/")
        self.assertTrue(self.css_all('#finding-tasks a[href="%s"]' % finding_path), "the finding is not in Tugas saya")

        # action: close it, and put the standard time back as it was
        self.go(finding_path)
        self.fill("#corrective_action", "Batas waktu bahan dari bidang ditetapkan " + mark)
        self.set_value("#status", "done")
        self.click_and_wait(self.css("form.finding-form button.primary"))
        self.assertEqual(self.css("#finding-status").text, self.t("finding_status_done"), self.error_text())
        self.go("/admin/workflow")
        self.fill('input[name="step_1_minutes"]', original)
        self.fill("#note", "Uji temuan selesai " + mark)
        self.click_and_wait(self.css("button.primary"))
        self.assertEqual(self.path(), "/admin/workflow?ok=workflow_saved", self.error_text())
