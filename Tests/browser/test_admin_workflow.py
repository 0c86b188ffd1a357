"""/workflow and /admin/workflow: the administrator changes a standard time (a new version of the
workflow), invalid edits are refused with the reason and change nothing, and the change is undone
as another version."""

import re

from harness import STEPS, BrowserTestCase, By, Select, token


class AdminWorkflowTests(BrowserTestCase):

    def version_items(self):
        return [li.text for li in self.css_all("ul.item-list li")]

    def workflow_table(self):
        return [self.cells(tr) for tr in self.css_all("table.workflow tbody tr")]

    def test_admin_workflow_standard_time_new_version_invalid_edit_and_restore(self):
        # setup
        self.allow_status(422)
        mark = token()
        note = "Uji standar waktu " + mark
        names = [step[0] for step in STEPS]
        self.as_user("admin")
        self.go("/workflow")
        before = self.version_items()
        self.assertTrue(before, "no versions listed on /workflow")
        current = int(re.match(r"%s (\d+)" % re.escape(self.t("workflow_version")), before[0]).group(1))
        self.assertEqual([row[1] for row in self.workflow_table()], names, "the workflow is not the dki-ksd preset")

        # action: a new standard time for step 1
        self.go("/admin/workflow")
        self.assertEqual(self.h1(), self.t("workflow_edit_title"))
        self.assertEqual(len(self.css_all("table.workflow-edit tbody tr")), len(names) + 2, "six steps and two blank rows")
        self.assertEqual(len(self.css_all("table.workflow-edit tr.new-step")), 2)
        original = self.css('input[name="step_1_minutes"]').get_attribute("value")
        changed = "45" if original != "45" else "50"
        self.fill('input[name="step_1_minutes"]', changed)
        self.fill("#note", note)
        self.click_and_wait(self.css("button.primary"))
        # check
        self.assertEqual(self.path(), "/admin/workflow?ok=workflow_saved", self.error_text())
        self.assertEqual(self.css("p.flash").text, self.t("flash_workflow_saved"))
        self.assertEqual(self.css('input[name="step_1_minutes"]').get_attribute("value"), changed)
        # check: a new version, current, with the note
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

        for field, value, problem in (
                ('input[name="step_2_reject"]', "5", self.t("workflow_problem_reject_backwards", n=3, target=5)),
                ('select[name="step_5_kind"]', "decide", self.t("workflow_problem_no_publish"))):
            with self.subTest(field=field, value=value):
                # action: an invalid edit
                self.go("/admin/workflow")
                if field.startswith("select"):
                    Select(self.css(field)).select_by_value(value)
                else:
                    self.fill(field, value)
                self.fill("#note", "Uji tidak sah " + mark)
                self.click_and_wait(self.css("button.primary"))
                # check: refused with the reason, and nothing is saved
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

        # action: back to the original standard time
        self.go("/admin/workflow")
        self.fill('input[name="step_1_minutes"]', original)
        self.fill("#note", "Uji selesai, standar waktu dikembalikan " + mark)
        self.click_and_wait(self.css("button.primary"))
        # check: another version, the same as the one before
        self.assertEqual(self.path(), "/admin/workflow?ok=workflow_saved", self.error_text())
        self.go("/workflow")
        restored = self.version_items()
        self.assertEqual(len(restored), len(before) + 2)
        self.assertTrue(restored[0].startswith("%s %d" % (self.t("workflow_version"), current + 2)), restored[0])
        self.go("/workflow?version=%d" % current)
        old = self.workflow_table()
        self.go("/workflow")
        self.assertEqual(self.workflow_table(), old, "the restored workflow differs from the one before the test")
