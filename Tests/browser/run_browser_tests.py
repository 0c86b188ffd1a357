#!/usr/bin/python3
"""Real-browser and system tests for Warta.

Run (from the project folder; `make test` does this):

    /usr/bin/python3 Tests/browser/run_browser_tests.py --binary .build/debug/warta --resources .

Use the Debian Python (/usr/bin/python3): it has python3-selenium. Needs chromium and
chromium-driver (and python3-icalendar for the calendar feed test). Standard library `unittest` +
selenium only.

The tests are in the test_*.py files beside this one, one file per page or flow (test_login.py,
test_workflow.py, test_calendar.py, ..., test_system.py and test_system_edge.py for the system tests);
harness/ holds what they share: the settings, the server and the HTTP client, the catalogue lookup
text(), BrowserTestCase with its helpers, and this runner.

Every browser test gets a `warta serve` of its own on a fresh copy of the demo database (what
`warta serve --demo` seeds, seeded once per run; the next test's server starts while a test runs),
and the one headless Chromium of the run, with no cookies. Browser tests check what the pages show,
never the database. Waits are explicit WebDriver waits on conditions, never pauses. The system tests (command line, backup, kill -9 durability, shutdown,
the server's edge) start servers and databases of their own and may read the files they are about.
Each test body marks its phases with `# setup`, `# action` and `# check` comments.

The runner always stops every server and browser it started and prints as its last line
`browser: N passed, N failed` (`, N skipped` when some were skipped). The exit status is non-zero
when anything failed.

Options: `-k TEXT` runs only tests whose id (module.Class.test_name, e.g. test_login.LoginTests.
test_logout) contains TEXT (repeatable; `-k test_archive.` runs one file); `--keep-temp` keeps the
temporary folder (databases, server logs) for inspection; `-q` prints less.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from harness.runner import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
