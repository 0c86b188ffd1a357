"""Control and improvement (issue 15), the acceptance flow in one test: an administrator opens the
quarter's evaluation from the navigation (/evaluasi is the quarter), follows the "Catat temuan" link
of the slowest step (the step row with the largest p90, then median; the first such row on a tie),
saves the finding the link pre-filled (subject, step and workflow version carried through), edits
the workflow in /admin/workflow citing it (refused without a reason, saved with one), and the version
history on /admin/workflow and /workflow, the SOP document's revisions and the finding itself say
why. Every test has a server of its own, so the changed workflow is not put back.

Office minutes run on the real clock and the set-up's actions follow each other within seconds, so
most steps show 0 minutes: which row is the slowest is read from the page, never assumed."""

import datetime
import re
import urllib.parse

from harness import BrowserTestCase, By, ContentItemPages, today, token

MINUTES = re.compile(r"^(?:(\d+) jam)?\s*(?:(\d+) menit)?$")


def minutes(value):
    """"1 jam 30 menit" → 90, "45 menit" → 45, "2 jam" → 120; None for "–" (no passes)."""
    match = MINUTES.match(value.strip())
    if not value.strip() or not match or not any(match.groups()):
        return None
    return int(match.group(1) or 0) * 60 + int(match.group(2) or 0)


def quarter_of(day):
    first_month = (day.month - 1) // 3 * 3 + 1
    first = day.replace(month=first_month, day=1)
    after = first.replace(year=first.year + 1, month=1) if first_month == 10 else first.replace(month=first_month + 3)
    return first.isoformat(), (after - datetime.timedelta(days=1)).isoformat()


class FindingsTests(ContentItemPages, BrowserTestCase):

    def test_finding_raised_from_the_slowest_step_cited_by_a_workflow_edit(self):
        # setup: the quarter has passes of every step (one item through the chain, with a rejection)
        mark = token()
        self.published_after_a_rejection()
        self.as_user("admin")

        # action: the evaluation from the navigation: /evaluasi is this quarter
        self.click_and_wait(self.css("nav a[href='/evaluasi']"))
        self.assertEqual(self.path(), "/evaluasi")
        self.assertEqual(self.status(), 200)
        first, last = quarter_of(today())
        self.assertEqual((self.value("#eval-period input[name=from]"), self.value("#eval-period input[name=to]")), (first, last))
        self.assertIn("Q%d %d" % ((today().month - 1) // 3 + 1, today().year), self.css(".doc-period").text)

        # the slowest step: the largest p90, then the largest median (first row on a tie)
        rows = []
        for row in self.css_all("#eval-steps tbody tr"):
            cells = row.find_elements(By.TAG_NAME, "td")
            name = row.find_element(By.TAG_NAME, "th").text.split("\n")[0]
            badges = row.find_elements(By.CSS_SELECTOR, "th .badge")
            if badges:
                name = name[:-len(badges[0].text)].strip()
            rows.append({
                "row": row, "number": int(cells[0].text), "name": name,
                "passes": int(cells[1].find_element(By.CSS_SELECTOR, ".fig-now").text),
                "median": minutes(cells[2].find_element(By.CSS_SELECTOR, ".fig-now").text),
                "p90": minutes(cells[3].find_element(By.CSS_SELECTOR, ".fig-now").text),
                "standard": minutes(cells[4].text),
            })
        self.assertGreaterEqual(len(rows), 6, "a row per step")
        self.assertTrue(all(r["passes"] >= 1 for r in rows), "every step has passes this quarter: %s"
                        % [(r["name"], r["passes"]) for r in rows])
        slowest = max(rows, key=lambda r: (r["p90"] if r["p90"] is not None else -1,
                                           r["median"] if r["median"] is not None else -1))
        # what the link should carry as its subject
        p90, standard = slowest["p90"], slowest["standard"]
        if p90 is not None and standard and p90 > standard:
            ratio = p90 / standard
            ratio_text = str(round(ratio)) if ratio >= 10 or ratio == round(ratio) else "%.1f" % ratio
            subject = self.t("evaluation_subject_p90", step=slowest["name"], ratio=ratio_text)
        else:
            subject = self.t("evaluation_subject_step", step=slowest["name"])
        link = slowest["row"].find_element(By.CSS_SELECTOR, "a.finding-link")
        self.assertEqual(link.text, self.t("evaluation_finding"))
        self.assertEqual(link.get_attribute("aria-label"), self.t("evaluation_finding_label", subject=subject))
        workflow_version = int(urllib.parse.parse_qs(urllib.parse.urlsplit(link.get_attribute("href")).query)["version"][0])

        # action: "Catat temuan" on that row
        self.click_and_wait(link)
        # check: the form pre-filled from the figure: subject, period, step and version
        self.assertEqual(urllib.parse.urlsplit(self.d.current_url).path, "/evaluasi/temuan/baru")
        self.assertEqual(self.h1(), self.t("finding_new_title"))
        self.assertEqual(self.value("#subject"), subject)
        self.assertEqual(self.value('input[name="step"]'), str(slowest["number"]))
        self.assertEqual(self.value('input[name="workflow_version"]'), str(workflow_version))
        self.assertEqual((self.value("#period_from"), self.value("#period_to")), (first, last))
        self.assertIn(str(today().year), self.css('output[for="period_to"]').text)
        step_note = self.css("#finding-step").text
        self.assertIn(self.t("finding_step"), step_note)
        self.assertIn(slowest["name"], step_note)
        self.assertIn(str(workflow_version), step_note)
        self.assertTrue(self.css('output[for="due_on"]').text, "the due date has no words beside it")

        # action: a cause, and save
        self.fill("#cause", "Bahan ditunggu terlalu lama di langkah ini " + mark)
        self.click_and_wait(self.css("form.finding-form button.primary"))
        # check
        self.assertRegex(self.path(), r"^/evaluasi/temuan/\d+\?ok=finding_created$", self.error_text())
        self.assertEqual(self.flash(), self.t("flash_finding_created"))
        finding_path = self.path().split("?")[0]
        number = int(finding_path.rsplit("/", 1)[1])
        self.assertEqual(self.css("#finding-subject").text, subject)
        self.assertEqual(self.css("#finding-status").text, self.t("finding_status_open"))
        self.assertIn(slowest["name"], self.css(".finding-facts").text)
        cited_text = "%s #%d: %s" % (self.t("workflow_changed_for_finding"), number, subject)

        # action: the workflow edit that answers it: the step's Mutu Baku, citing the finding, no reason
        self.go("/admin/workflow")
        finding_box = '#cited-findings input[name="finding"][value="%d"]' % number
        self.set_checked(finding_box, True)
        minutes_field = 'input[name="step_%d_minutes"]' % (slowest["number"] - 1)
        original = self.value(minutes_field)
        changed = "55" if original != "55" else "50"
        self.fill(minutes_field, changed)
        self.fill("#note", "")
        self.allow_status(422)
        self.click_and_wait(self.css("button.primary"))
        # check: refused, nothing lost
        self.assertEqual(self.status(), 422)
        self.assertIn(self.t("workflow_error_reason_for_findings"), self.error_items("#workflow-errors"))
        self.assertTrue(self.css(finding_box).is_selected(), "the cited finding stays ticked")
        self.assertEqual(self.value(minutes_field), changed)
        # action: with a reason
        self.fill("#note", "Standar waktu disesuaikan dengan temuan " + mark)
        self.click_and_wait(self.css("button.primary"))
        self.assertEqual(self.path(), "/admin/workflow?ok=workflow_saved", self.error_text())

        # check: the version history on /admin/workflow says why, and links the finding
        newest = self.css("ul.item-list li")
        self.assertIn(cited_text, newest.text)
        self.assertTrue(newest.find_elements(By.CSS_SELECTOR, 'a[href="%s"]' % finding_path))
        version = int(re.match(r"%s (\d+)" % re.escape(self.t("workflow_version")), newest.text).group(1))
        self.assertGreater(version, workflow_version)
        # ... and on /workflow, which shows the new Mutu Baku
        self.go("/workflow")
        newest = self.css("ul.item-list li")
        self.assertIn(cited_text, newest.text)
        self.assertIn("Standar waktu disesuaikan dengan temuan " + mark, newest.text)
        link = newest.find_element(By.CSS_SELECTOR, 'a[href="%s"]' % finding_path)
        self.assertEqual(link.text, "#%d: %s" % (number, subject))
        # ... and in the SOP document's revisions
        self.click_and_wait(self.css("#sop-link"))
        self.assertEqual(urllib.parse.urlsplit(self.d.current_url).path, "/workflow/sop")
        revisions = [li.text for li in self.css_all(".sop-tools ul.item-list li")]
        answered = [text for text in revisions if cited_text in text]
        self.assertEqual(len(answered), 1, revisions)
        self.assertTrue(answered[0].startswith("%s %d" % (self.t("workflow_version"), version)), answered)

        # check: the finding names the version that answered it, and is in progress now
        self.click_and_wait(self.css('.sop-tools a[href="%s"]' % finding_path))
        self.assertEqual(self.path(), finding_path)
        self.assertIn("%s %d" % (self.t("finding_answered_by_version"), version), self.css("#finding-answers").text)
        self.assertEqual(self.css("#finding-status").text, self.t("finding_status_in_progress"))

        # check: it is the admin's own, so it waits in "Tugas saya"
        self.go("/")
        self.assertTrue(self.css_all('#finding-tasks a[href="%s"]' % finding_path), "the finding is not in Tugas saya")

        # action: close it
        self.go(finding_path)
        self.fill("#corrective_action", "Batas waktu bahan ditetapkan " + mark)
        self.set_value("#status", "done")
        self.click_and_wait(self.css("form.finding-form button.primary"))
        # check: done, and no longer offered to the next workflow edit
        self.assertEqual(self.css("#finding-status").text, self.t("finding_status_done"), self.error_text())
        self.go("/admin/workflow")
        self.assertEqual(self.css_all(finding_box), [], "a done finding is not offered for citing")
