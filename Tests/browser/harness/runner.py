"""The runner: finds the tests in Tests/browser/test_*.py, runs them, always stops every server and
the browser it started, and prints as its last line `browser: N passed, N failed` (`, N skipped` when
some were skipped). The exit status is non-zero when anything failed."""

import argparse
import atexit
import glob
import importlib
import json
import os
import shutil
import signal
import sys
import tempfile
import time
import traceback
import types
import unittest

from .browser import Browser
from .server import Server, ServerPool
from .settings import Settings

BROWSER_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class CountingResult(unittest.TextTestResult):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.passed = 0
        self.started = {}

    def startTest(self, test):
        self.started[test.id()] = time.monotonic()
        super().startTest(test)

    def addSuccess(self, test):
        super().addSuccess(test)
        self.passed += 1

    def stopTest(self, test):
        super().stopTest(test)
        if self.showAll:
            elapsed = time.monotonic() - self.started.get(test.id(), time.monotonic())
            self.stream.writeln("    (%.1f s)" % elapsed)


def test_modules():
    """Every test_*.py beside the runner, imported by its name (test_login, test_archive, ...)."""
    if BROWSER_DIR not in sys.path:
        sys.path.insert(0, BROWSER_DIR)
    names = sorted(os.path.splitext(os.path.basename(p))[0] for p in glob.glob(os.path.join(BROWSER_DIR, "test_*.py")))
    modules = []
    for name in names:
        try:
            modules.append(importlib.import_module(name))
        except Exception:  # noqa: BLE001 - a file that does not load is a failed test, not a crash
            modules.append(_failed_import(name, traceback.format_exc()))
    return modules


def _failed_import(name, message):
    """A stand-in module with one failing test that reports why `name` did not load."""
    def test_import(self):
        self.fail("%s.py did not load:\n%s" % (name, message))

    module = types.ModuleType(name)
    module.ImportFailed = type("ImportFailed", (unittest.TestCase,), {"test_import": test_import, "__module__": name})
    return module


def selected_tests(patterns):
    """The tests whose id (module.Class.test_name) contains one of the patterns (all without any)."""
    loader = unittest.TestLoader()
    suite = unittest.TestSuite()
    for module in test_modules():
        for test in loader.loadTestsFromModule(module):
            for case in _flatten(test):
                if not patterns or any(p in case.id() for p in patterns):
                    suite.addTest(case)
    return suite


def _flatten(suite):
    if isinstance(suite, unittest.TestSuite):
        for item in suite:
            yield from _flatten(item)
    else:
        yield suite


def cleanup():
    ServerPool.close()
    Browser.close()
    Server.stop_all()


def main(argv=None):
    parser = argparse.ArgumentParser(description="Warta browser and system tests")
    parser.add_argument("--binary", default=".build/debug/warta")
    parser.add_argument("--resources", default=".")
    parser.add_argument("--chromedriver", default="/usr/bin/chromedriver")
    parser.add_argument("-k", dest="patterns", action="append", default=[],
                        help="run tests whose id (module.Class.test_name) contains this; repeatable")
    parser.add_argument("--keep-temp", action="store_true", help="keep the temporary folder (databases, server logs)")
    parser.add_argument("--axe", default=None,
                        help="axe.min.js (axe-core 4.x) to inject; by default the one `make test-deps` installs from"
                             " PyPI's axe-playwright-python into .build/vnu-venv under --resources")
    parser.add_argument("-q", "--quiet", action="store_true")
    options = parser.parse_args(argv)

    Settings.binary = os.path.abspath(options.binary)
    Settings.resources = os.path.abspath(options.resources)
    Settings.chromedriver = options.chromedriver
    Settings.axe = options.axe and os.path.abspath(options.axe)
    if not os.access(Settings.binary, os.X_OK):
        print("warta binary not found at %s (build it with 'swift build')" % Settings.binary)
        print("browser: 0 passed, 1 failed")
        return 2
    try:
        for lang in ("id", "en"):
            with open(os.path.join(Settings.resources, "Locales", lang + ".json"), encoding="utf-8") as f:
                Settings.texts[lang] = json.load(f)
    except (OSError, ValueError) as error:
        print("cannot read the message catalogues under %s: %s" % (Settings.resources, error))
        print("browser: 0 passed, 1 failed")
        return 2

    Settings.temp = tempfile.mkdtemp(prefix="warta-browser-")
    atexit.register(cleanup)

    def on_signal(signum, frame):
        raise KeyboardInterrupt("signal %d" % signum)

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGHUP, on_signal)

    started = time.monotonic()
    runner = unittest.TextTestRunner(stream=sys.stdout, verbosity=1 if options.quiet else 2,
                                     resultclass=CountingResult)
    result = None
    try:
        suite = selected_tests(options.patterns)
        ServerPool.expect(sum(1 for test in suite if getattr(test, "uses_demo_server", False)))
        result = runner.run(suite)
    except KeyboardInterrupt:
        pass
    finally:
        cleanup()
        if options.keep_temp:
            print("temporary files kept in %s" % Settings.temp)
        else:
            shutil.rmtree(Settings.temp, ignore_errors=True)
    if result is None:
        print("interrupted")
        print("browser: 0 passed, 1 failed")
        return 130
    # Count tests, not problems: a test failing in its body and again in tearDown is one failed test.
    failed_ids = {getattr(test, "test_case", test).id() for test, _ in result.failures + result.errors}
    failed_ids |= {test.id() for test in result.unexpectedSuccesses}
    failed = len(failed_ids)
    skipped = len(result.skipped)
    print("total time %.1f s" % (time.monotonic() - started))
    summary = "browser: %d passed, %d failed" % (result.passed, failed)
    if skipped:
        summary += ", %d skipped" % skipped
    sys.stdout.flush()
    print(summary)
    sys.stdout.flush()
    return 1 if failed or result.passed == 0 else 0
