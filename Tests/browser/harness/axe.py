"""axe-core in the real browser: the axe.min.js (4.x) that PyPI's axe-playwright-python bundles,
injected through Selenium and run at WCAG 2.1 AA. `make test-deps` installs the wheel (without its
Playwright dependency) into the tools venv under .build/; `--axe PATH` names another copy."""

import glob
import os

from .settings import Settings

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
_source = None


def axe_path():
    if Settings.axe:
        return Settings.axe
    pattern = os.path.join(Settings.resources, ".build", "vnu-venv", "lib", "python3*", "site-packages",
                           "axe_playwright_python", "axe.min.js")
    found = sorted(glob.glob(pattern))
    return found[-1] if found else None


def axe_source():
    global _source
    if _source is None:
        path = axe_path()
        if not path or not os.path.exists(path):
            raise AssertionError("axe.min.js not found (run `make test-deps`, or pass --axe PATH): looked for %s"
                                 % (path or "axe_playwright_python/axe.min.js under .build/vnu-venv"))
        with open(path, encoding="utf-8") as f:
            _source = f.read()
    return _source


def violations(driver):
    """The WCAG 2.1 AA violations axe finds on the page shown now, as readable lines."""
    if not driver.execute_script("return typeof window.axe === 'object';"):
        driver.execute_script(axe_source())
    result = driver.execute_async_script(
        "var done = arguments[arguments.length - 1];"
        "window.axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})"
        ".then(function (r) { done(r.violations.map(function (v) {"
        "  return {id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map(function (n) {"
        "    return n.target.join(' ') + ' :: ' + (n.failureSummary || '').replace(/\\s+/g, ' '); })}; })); },"
        " function (e) { done([{id: 'axe-error', impact: 'error', help: String(e), nodes: []}]); });", TAGS)
    return ["%s (%s): %s\n      %s" % (v["id"], v["impact"], v["help"], "\n      ".join(v["nodes"])) for v in result]
