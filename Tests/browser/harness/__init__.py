"""The harness of Warta's browser and system tests (Tests/browser/test_*.py); run_browser_tests.py
runs them. See run_browser_tests.py for how."""

from .browser import EC, Browser, BrowserTestCase, By, Keys, Select
from .client import Http, Response, csrf_token, fetch, new_password
from .content import ACTIONS, APPROVERS, LINKS, STEPS, ContentItemPages
from .server import Server, ServerError, ServerPool
from .settings import (PNG, TESTS_DIR, ZONE, Settings, iso_week, long_date, month_of, new_temp_dir, text, text_prefix,
                       today, token, write_temp)

__all__ = [
    "EC", "Browser", "BrowserTestCase", "By", "Keys", "Select",
    "Http", "Response", "csrf_token", "fetch", "new_password",
    "ACTIONS", "APPROVERS", "LINKS", "STEPS", "ContentItemPages",
    "Server", "ServerError", "ServerPool",
    "PNG", "TESTS_DIR", "ZONE", "Settings", "iso_week", "long_date", "month_of", "new_temp_dir", "text", "text_prefix",
    "today", "token", "write_temp",
]
