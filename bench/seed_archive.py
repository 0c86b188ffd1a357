#!/usr/bin/python3
"""Fills a Warta demo database with a year of published posts for bench/archive.sh.

    /usr/bin/python3 bench/seed_archive.py --db PATH [--links 100000] [--months 12] [--publisher admin-medsos]

The database must have been set up by `warta serve --demo --preset dki-ksd` (started once and
stopped): the institution, workflow version 1 and the demo accounts. The server must not be
running (or at least not writing) while this runs.

It adds, in one transaction:
  * published items on workflow version 1, so that contentLink holds exactly --links rows in all
    (the demo's own published item keeps its 2 links; 49,999 items are added for 100,000):
    status `published`, position = the publish step, stepRoleKey NULL, stepEnteredAt, updatedAt
    and publishedAt = the publication, created 1–5 days before; one revision each (number 1, same
    title, kind and channels). No history events: the archive never reads them.
  * two links per item (its two channels), recorded at the item's publishedAt by the --publisher
    account, as `recordLinks` does at publication. Publications are spread evenly over the last
    --months months (ids grow with time, as in real use), at office-ish hours in Jakarta, so a
    calendar month holds about 100,000 / 12 ≈ 8,300 links. Channels of the dki-ksd preset:
    Instagram on most posts (with Facebook, YouTube, TikTok or the Instagram story), links in the
    normalised form PlatformLinks produces (`https://www.instagram.com/p/CODE/` …).
  * link statuses as the checker would leave them: none checked in the first day, the rest of the
    last week mostly `belum-dicek`; older links ~85 % `aktif` (HTTP 200), ~9 %
    `tidak-dapat-dicek` (403/429/500 or no answer), ~2 % `mati` (404/410), ~4 % never checked;
    checkedAt between the publication and now. No linkCheck history rows (the archive list and
    CSV do not read them), no replaced links.

Titles are Indonesian ("Liputan Rapat Koordinasi …", "Selamat Hari …"), some with emoji; about
a quarter contain "rapat". Dates are stored like GRDB stores a Date: UTC text
`YYYY-MM-DD HH:MM:SS.SSS` (checked against the demo's own rows first). Afterwards `ANALYZE` runs (unless --no-analyze), so SQLite plans
with statistics; the app itself never runs ANALYZE.

Prints one line `SEED items=N links=N months=N first=… last=… rapat=N busiest_month=… analyze=1`
at the end. Exit status 2 on a setup problem (no demo database, already seeded).
"""

import argparse
import datetime as dt
import json
import random
import re
import sqlite3
import string
import sys
import time

# Channel pairs of the dki-ksd preset (instagram, instagram-story, youtube, facebook, tiktok) and their weights.
PAIRS = [
    (("instagram", "facebook"), 50), (("instagram", "youtube"), 15), (("instagram", "tiktok"), 15),
    (("instagram", "instagram-story"), 10), (("facebook", "youtube"), 10),
]
ACCOUNT = "biroksddki"
FB_PAGE = "BiroKSDDKI"

PARTNERS = ["Pemerintah Kota Surabaya", "Pemerintah Provinsi Jawa Barat", "Kota Tokyo", "Kota Seoul", "Pemerintah Kota Bandung",
            "Provinsi Banten", "Kabupaten Bogor", "Kota Bekasi", "Kota Tangerang", "Kota Depok", "Kota Rotterdam",
            "Kota Berlin", "Bank DKI", "PT MRT Jakarta", "Universitas Indonesia", "Kementerian Dalam Negeri"]
TOPICS = ["Kerja Sama Daerah", "Kerja Sama Luar Negeri", "Pengelolaan Sampah Terpadu", "Transportasi Publik",
          "Penanganan Banjir", "Pengembangan SDM Aparatur", "Jakarta Kota Global", "Sister City", "Penataan Kawasan Pesisir",
          "Ketahanan Pangan", "Pelayanan Terpadu Satu Pintu", "Pariwisata dan Ekonomi Kreatif", "Smart City"]
PLACES = ["Balai Kota", "Kepulauan Seribu", "Jakarta Utara", "Jakarta Timur", "Jakarta Selatan", "Jakarta Barat",
          "Jakarta Pusat", "Gedung Blok G", "Taman Ismail Marzuki", "Jakarta International Stadium"]
DAYS = [("Pahlawan", "🇮🇩"), ("Kemerdekaan Republik Indonesia ke-81", "🇮🇩🎉"), ("Guru Nasional", "🙏"), ("Ibu", "💐"),
        ("Kartini", "🌸"), ("Pendidikan Nasional", "📚"), ("Kebangkitan Nasional", "🇮🇩"), ("Lingkungan Hidup Sedunia", "🌱"),
        ("Ulang Tahun Jakarta ke-499", "🎂"), ("Raya Idulfitri 1447 H", "🌙✨"), ("Natal", "🎄"), ("Tahun Baru 2026", "🎆"),
        ("Sumpah Pemuda", "✊"), ("Kesaktian Pancasila", ""), ("Batik Nasional", ""), ("Santri Nasional", ""),
        ("Anak Nasional", "🧒"), ("Kesehatan Nasional", "🩺")]
ROMAN = ["I", "II", "III", "IV"]


def title_for(rng):
    """(title, kind): Indonesian post titles, about a quarter of them with "rapat"."""
    r = rng.random()
    if r < 0.18:
        return f"Liputan Rapat Koordinasi {rng.choice(TOPICS)} di {rng.choice(PLACES)}", "kegiatan"
    if r < 0.26:
        return f"Rapat Evaluasi {rng.choice(TOPICS)} Triwulan {rng.choice(ROMAN)}", "kegiatan"
    if r < 0.44:
        day, emoji = rng.choice(DAYS)
        return (f"Selamat Hari {day} {emoji}".strip(), "ucapan")
    if r < 0.58:
        return f"Kunjungan Kerja Delegasi {rng.choice(PARTNERS)} ke {rng.choice(PLACES)}", "kegiatan"
    if r < 0.68:
        return f"Penandatanganan Nota Kesepakatan dengan {rng.choice(PARTNERS)}", "kegiatan"
    if r < 0.80:
        return f"Infografis: Rencana Forum {rng.choice(TOPICS)} 📊", "infografis-rencana"
    if r < 0.92:
        return f"Informasi: Sosialisasi {rng.choice(TOPICS)} untuk Warga {rng.choice(PLACES)}", "informasi"
    return f"Repost: {rng.choice(PARTNERS)} tentang {rng.choice(TOPICS)}", "repost"


def fail(message):
    print(f"seed_archive: {message}", file=sys.stderr)
    sys.exit(2)


def stamp(t):
    """GRDB's text form of a Date: UTC, milliseconds."""
    t = t.astimezone(dt.timezone.utc)
    return t.strftime("%Y-%m-%d %H:%M:%S.") + f"{t.microsecond // 1000:03d}"


def link_url(rng, channel, n):
    """A link in the form PlatformLinks normalises to; unique per (channel, n)."""
    digits = lambda k: "".join(rng.choice(string.digits) for _ in range(k))
    code = "".join(rng.choice(string.ascii_letters + string.digits + "_-") for _ in range(6)) + f"{n:05d}"[-5:]
    if channel == "instagram":
        return f"https://www.instagram.com/{'reel' if rng.random() < 0.3 else 'p'}/C{code}/"
    if channel == "instagram-story":
        return f"https://www.instagram.com/stories/{ACCOUNT}/3{digits(12)}{n:06d}/"
    if channel == "facebook":
        return f"https://www.facebook.com/{FB_PAGE}/{'videos' if rng.random() < 0.2 else 'posts'}/1{digits(9)}{n:06d}"
    if channel == "youtube":
        return f"https://www.youtube.com/{'shorts/' if rng.random() < 0.5 else 'watch?v='}{code}"
    if channel == "tiktok":
        return f"https://www.tiktok.com/@{ACCOUNT}/video/7{digits(12)}{n:06d}"
    raise ValueError(channel)


def link_status(rng, published, now):
    """(status, httpStatus, checkedAt) as the checker leaves them: never checked in the first day."""
    age = now - published
    if age < dt.timedelta(days=1) or (age < dt.timedelta(days=7) and rng.random() < 0.6):
        return "belum-dicek", None, None
    r = rng.random()
    if r < 0.04:
        return "belum-dicek", None, None
    checked = published + age * rng.uniform(0.1, 1.0)
    if r < 0.89:
        return "aktif", 200, checked
    if r < 0.98:
        return "tidak-dapat-dicek", rng.choice([403, 429, 429, 500, 503, None]), checked
    return "mati", rng.choice([404, 404, 404, 410]), checked


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--links", type=int, default=100_000, help="links in contentLink afterwards, in all (default 100000)")
    parser.add_argument("--months", type=int, default=12, help="publications spread over the last N months (default 12)")
    parser.add_argument("--publisher", default="admin-medsos", help="account that records the links (default admin-medsos)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--no-analyze", action="store_true", help="do not run ANALYZE afterwards")
    args = parser.parse_args()
    if args.links < 2 or args.months < 1:
        fail("--links must be at least 2 and --months at least 1")

    started = time.monotonic()
    rng = random.Random(args.seed)
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    conn = sqlite3.connect(args.db, isolation_level=None, timeout=30)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = 30000")

    # ------------------------------------------------------------ what the demo left
    row = conn.execute("SELECT steps FROM workflowVersion WHERE number = 1").fetchone()
    if row is None:
        fail("no workflow version 1: start `warta serve --demo --preset dki-ksd` once first")
    steps = json.loads(row[0])
    publish = [i + 1 for i, s in enumerate(steps) if s.get("kind") == "publish"]
    if len(publish) != 1:
        fail(f"workflow version 1 has no single publish step: {[s.get('kind') for s in steps]}")
    publish_position = publish[0]
    found = conn.execute("SELECT id FROM user WHERE username = ?", (args.publisher,)).fetchone()
    if found is None:
        fail(f"account '{args.publisher}' not found: is this a --demo database of the dki-ksd preset?")
    publisher = found[0]
    sample = conn.execute("SELECT createdAt FROM user WHERE id = ?", (publisher,)).fetchone()[0]
    if not re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}", str(sample)):
        fail(f"dates are not stored as GRDB text 'YYYY-MM-DD HH:MM:SS.SSS' here (user.createdAt = {sample!r})")
    existing = conn.execute("SELECT count(*) FROM contentLink").fetchone()[0]
    if existing > 10:
        fail(f"the database already has {existing} links: seed a fresh demo database")
    wanted = args.links - existing
    n_items = (wanted + 1) // 2          # the last item gets one link when the count is odd

    # ------------------------------------------------------------ rows
    start = now - dt.timedelta(days=round(args.months * 365.25 / 12))
    end = now - dt.timedelta(hours=1)
    first_item = conn.execute("SELECT coalesce(max(id), 0) FROM contentItem").fetchone()[0] + 1
    first_link = conn.execute("SELECT coalesce(max(id), 0) FROM contentLink").fetchone()[0] + 1
    jakarta = dt.timezone(dt.timedelta(hours=7))
    items, revisions, links = [], [], []
    rapat = 0
    months = {}
    link_n = 0
    for n in range(n_items):
        item_id = first_item + n
        # Evenly over the period (ids grow with time), at 06:00–21:59 Jakarta time, seconds random.
        base = start + (end - start) * ((n + rng.random()) / n_items)
        local = base.astimezone(jakarta)
        local = local.replace(hour=rng.choice(range(6, 22)), minute=rng.randrange(60), second=rng.randrange(60),
                              microsecond=rng.randrange(1000) * 1000)
        published = local.astimezone(dt.timezone.utc)
        if published > end:
            published = end - dt.timedelta(minutes=rng.randrange(1, 600), milliseconds=rng.randrange(1000))
        created = published - dt.timedelta(days=1 + rng.random() * 4)
        event_at = published - dt.timedelta(hours=rng.randint(1, 30))
        title, kind = title_for(rng)
        if "rapat" in title.lower():
            rapat += 1
        pair = rng.choices([p for p, _ in PAIRS], weights=[w for _, w in PAIRS])[0]
        if n == n_items - 1 and wanted % 2:
            pair = pair[:1]
        channels = " ".join(pair)
        p, c, e = stamp(published), stamp(created), stamp(event_at)
        items.append((item_id, publish_position, p, title, kind, p, publisher, c, p, p, channels, e))
        revisions.append((item_id, publisher, c, title, kind,
                          f"{title}. Bersama mitra kerja sama daerah. #KerjaSamaDaerah #JakartaKotaGlobal", channels, e, p))
        month = local.strftime("%Y-%m")
        for channel in pair:
            status, http, checked = link_status(rng, published, now)
            links.append((first_link + link_n, item_id, channel, link_url(rng, channel, link_n), publisher, p,
                          status, http, stamp(checked) if checked else None))
            link_n += 1
            months[month] = months.get(month, 0) + 1

    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.executemany(
            "INSERT INTO contentItem (id, workflowVersion, position, status, stepRoleKey, stepEnteredAt, version, revision, "
            "title, kind, publishAt, createdBy, createdAt, updatedAt, publishedAt, channels, eventAt) "
            "VALUES (?, 1, ?, 'published', NULL, ?, 1, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?)", items)
        conn.executemany(
            "INSERT INTO contentRevision (itemId, number, authorId, createdAt, title, kind, caption, channels, mediaLinks, "
            "source, eventAt, publishAt, notes) VALUES (?, 1, ?, ?, ?, ?, ?, ?, '', 'agenda-harian', ?, ?, '')", revisions)
        conn.executemany(
            "INSERT INTO contentLink (id, itemId, channel, url, createdBy, createdAt, status, httpStatus, checkedAt) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", links)
        total = conn.execute("SELECT count(*) FROM contentLink").fetchone()[0]
        if total != args.links:
            raise RuntimeError(f"{total} links, expected {args.links}")
        if conn.execute("SELECT count(*) FROM (SELECT url FROM contentLink GROUP BY url HAVING count(*) > 1)").fetchone()[0]:
            raise RuntimeError("duplicate link URLs")
        if conn.execute("PRAGMA foreign_key_check").fetchall():
            raise RuntimeError("foreign key check failed")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    analyze = 0
    if not args.no_analyze:
        conn.execute("ANALYZE")
        analyze = 1
    span = conn.execute("SELECT min(createdAt), max(createdAt) FROM contentLink WHERE id >= ?", (first_link,)).fetchone()
    conn.close()
    busiest = max(months.items(), key=lambda kv: kv[1])
    print(f"SEED items={len(items)} links={total} seeded_links={len(links)} months={args.months} "
          f"first={span[0][:10]} last={span[1][:10]} rapat_items={rapat} busiest_month={busiest[0]}:{busiest[1]} "
          f"analyze={analyze} seconds={time.monotonic() - started:.1f}")


if __name__ == "__main__":
    main()
