"""Settings of one run, the app's own message catalogues, and small helpers for files and dates."""

import datetime
import os
import secrets
import socket
import tempfile
import zoneinfo

# Tests/ of the project (this file is Tests/browser/harness/settings.py).
TESTS_DIR = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


class Settings:
    """Filled in by the runner (harness.runner.main) before any test runs."""
    binary = None          # absolute path of the warta executable
    resources = None       # absolute path of the folder holding Public/, Data/, Locales/
    chromedriver = "/usr/bin/chromedriver"
    temp = None            # temporary folder for databases, logs and files the tests write
    texts = {}             # Locales/{id,en}.json
    wait = 20              # seconds an explicit wait may take at most (a bound, never a pause)
    axe = None             # axe.min.js to inject (None: looked up under resources, see harness.axe)


def text(lang, key, **values):
    """A message from the app's own catalogue, with {placeholders} filled."""
    message = Settings.texts[lang][key]
    for name, value in values.items():
        message = message.replace("{" + name + "}", str(value))
    return message


def text_prefix(lang, key):
    """The part of a message before its first {placeholder}."""
    return Settings.texts[lang][key].split("{", 1)[0]


def clean_env():
    """The environment for the processes we start: no WARTA_* settings leaking in from outside."""
    return {k: v for k, v in os.environ.items() if not k.startswith("WARTA_")}


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def new_temp_dir(prefix):
    return tempfile.mkdtemp(prefix=prefix, dir=Settings.temp)


def write_temp(name, data):
    """Writes bytes (or text, as UTF-8) to a file of that name in a new temporary folder; its path."""
    path = os.path.join(new_temp_dir("file-"), name)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def token(n=3):
    """A random hex string for titles, names and links a test makes."""
    return secrets.token_hex(n)


# -- dates, as the institution (Asia/Jakarta) sees them; the server runs on the real clock

ZONE = "Asia/Jakarta"
DAY_NAMES = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]  # Monday first
MONTH_NAMES = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
               "Oktober", "November", "Desember"]


def today():
    return datetime.datetime.now(zoneinfo.ZoneInfo(ZONE)).date()


def month_of(day):
    return "%04d-%02d" % (day.year, day.month)


def iso_week(day):
    year, week, _ = day.isocalendar()
    return "%04d-W%02d" % (year, week)


def long_date(day):
    """"Rabu, 2 Desember 2026", as the pages write a day."""
    return "%s, %d %s %d" % (DAY_NAMES[day.weekday()], day.day, MONTH_NAMES[day.month - 1], day.year)


# A 1×1 PNG, for uploads.
PNG = bytes([
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01,
    0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4, 0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41,
    0x54, 0x78, 0x9C, 0x63, 0xF8, 0xCF, 0xC0, 0xF0, 0x1F, 0x00, 0x05, 0x00, 0x01, 0xFF, 0x89, 0x99, 0x3D, 0x1D, 0x00, 0x00,
    0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82])
