#!/usr/bin/python3
"""Fills a demo Warta database with a year of calendar data for bench/calendar.sh.

    /usr/bin/python3 bench/seed_calendar.py --db PATH [--year 2026] [--items 3000] [--agenda 1000]

The database must come from `warta serve --demo --preset dki-ksd` (started once and stopped):
the migrations, the demo accounts (one per role), workflow version 1 of dki-ksd, the national
days (holidays and joint leave days, commemorations) and the demo's few items are there. The
server must not be running while this runs.

It adds, in one transaction:
  * --agenda agenda items (default 1,000) over the year, in the institution's time zone: mostly
    on working days between 07:00 and 17:00, 30 minutes to 4 hours long; 5 % all-day, 2 % all-day
    over 2-3 days; 40 % need coverage; from iCalendar (`ics`) or typed in (`manual`), no RRULE.
  * content items up to --items in total (default 3,000, the demo's included), each with its
    first revision, a history consistent with its position (create, submit, one approve per step
    passed, publish; version == number of events) and, once published, one live link per channel:
      - `ucapan` for about three quarters of the year's national days (dueOn = the day, published
        that morning or the evening before; a few after the day, which breaks the timing rule);
        the other days keep their "plan a greeting" link on the calendar;
      - `kegiatan` (45 % of the rest) covering an agenda item (agendaId, eventAt/eventEndAt), out
        20 minutes to 3 hours after it ends; a few the next day or before it ends (warnings);
      - `infografis-rencana` (15 %) announcing an agenda item 3-10 days before (a few at H-1/H-2);
      - `informasi` (25 %) and `repost` (15 %) at any time of the year.
    publishAt always falls in --year. Statuses follow the publish time and the real clock: items
    due in the past are published (92 %) or stuck at some step (late); items due in the next days
    are at every step, items due later mostly drafts. Statuses in use: draft (step 1), in_review
    (steps 2-5), ready_to_publish (step 6), published.

Prints one line `SEED agenda=N items=N published=N draft=N ...` at the end. Exit status 2 on a
setup problem (not a dki-ksd demo database, or one that was already seeded).
"""

import argparse
import datetime as dt
import json
import random
import sqlite3
import sys

from seed_workflow import OfficeClock, stamp  # same folder

AGENDA_TITLES = [
    "Rapat koordinasi kerja sama daerah", "Penandatanganan nota kesepakatan", "Audiensi dengan mitra swasta",
    "Forum komunikasi antardaerah", "Kunjungan kerja ke Kepulauan Seribu", "Rapat evaluasi kinerja triwulan",
    "Sosialisasi kerja sama luar negeri", "Penerimaan delegasi kota kembar", "Rapat pimpinan Sekretariat Daerah",
    "Pembahasan rancangan perjanjian kerja sama", "Monitoring pelaksanaan kerja sama", "Seminar kerja sama antarkota",
    "Rapat dengar pendapat dengan DPRD", "Pelatihan pengembangan SDM", "Peninjauan lokasi proyek bersama",
]
OWNERS = ["Kepala Biro", "Kepala Bagian Kerja Sama Dalam Negeri", "Kepala Bagian Kerja Sama Luar Negeri",
          "Kepala Subbagian Tata Usaha", "Sekretaris Daerah", "Asisten Pemerintahan"]
LOCATIONS = ["Balai Kota, Ruang Rapat Lt. 2", "Balai Agung", "Gedung Blok G Lt. 9", "Hotel Borobudur", "Daring (Zoom)",
             "Kantor Kemendagri", "Pulau Pramuka", "Ruang Pola Blok G", ""]
INFO_TITLES = [
    "Rilis capaian program triwulan", "Informasi layanan kerja sama daerah", "Sosialisasi layanan publik",
    "Profil mitra kerja sama", "Tanya jawab kerja sama daerah", "Rekap kegiatan pekan ini", "Kilas balik forum kerja sama",
]
REPOST_TITLES = ["Repost: pengumuman Pemprov DKI", "Repost: informasi Diskominfotik", "Repost: kegiatan Gubernur",
                 "Repost: agenda Sekretariat Daerah"]


def fail(message):
    print(f"seed_calendar: {message}", file=sys.stderr)
    sys.exit(2)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--year", type=int, default=2026)
    parser.add_argument("--items", type=int, default=3000, help="content items in total, the demo's included (default 3000)")
    parser.add_argument("--agenda", type=int, default=1000, help="agenda items (default 1000)")
    parser.add_argument("--greeting-share", type=float, default=0.75, help="share of national days with a greeting item")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    args = parser.parse_args()

    rng = random.Random(args.seed)
    # Whole seconds, rounded up: the demo stamps its events to the millisecond, and one made in this
    # second must not count as "in the future".
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0) + dt.timedelta(seconds=1)
    year = args.year

    conn = sqlite3.connect(args.db, isolation_level=None, timeout=30)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = 30000")

    # ------------------------------------------------------------ what `serve --demo` left
    row = conn.execute("SELECT steps FROM workflowVersion WHERE number = 1").fetchone()
    if row is None:
        fail("no workflow version 1: start `warta serve --demo --preset dki-ksd` once first")
    steps = json.loads(row[0])
    expected = ["admin-medsos", "tim-pengelola", "kasubbag-tu", "kepala-bagian", "kepala-biro", "admin-medsos"]
    if [s["roleKey"] for s in steps] != expected:
        fail(f"workflow version 1 is not the dki-ksd chain: {[s['roleKey'] for s in steps]}")
    if conn.execute("SELECT count(*) FROM agendaItem").fetchone()[0]:
        fail("the database already has agenda items: seed a fresh demo database")
    existing_items = conn.execute("SELECT count(*) FROM contentItem").fetchone()[0]
    new_items = args.items - existing_items
    if new_items < 0:
        fail(f"the database already has {existing_items} items, more than --items {args.items}")
    actor = {}
    for role in set(expected) | {"admin"}:
        found = conn.execute("""
            SELECT u.id FROM user u JOIN userRole r ON r.userId = u.id
            WHERE r.roleKey = ? AND u.isDemo = 1 ORDER BY u.id LIMIT 1""", (role,)).fetchone()
        if found is None:
            fail(f"no demo account holds {role}: start `warta serve --demo --preset dki-ksd` first")
        actor[role] = found[0]
    channels_all = conn.execute("SELECT channels FROM institution").fetchone()[0].split()
    if not channels_all:
        fail("the institution has no channels")

    clock = OfficeClock(conn)
    tz = clock.tz
    statuses = {1: "draft", 2: "in_review", 3: "in_review", 4: "in_review", 5: "in_review", 6: "ready_to_publish"}

    first_day = dt.date(year, 1, 1)
    days_in_year = (dt.date(year + 1, 1, 1) - first_day).days
    year_start = dt.datetime(year, 1, 1, tzinfo=tz)
    year_end = dt.datetime(year + 1, 1, 1, tzinfo=tz)

    def local(day, minutes):
        """An aware instant at `minutes` after local midnight of `day`."""
        return dt.datetime(day.year, day.month, day.day, tzinfo=tz) + dt.timedelta(minutes=minutes)

    def is_working(day):
        return day.weekday() in clock.days and day.isoformat() not in clock.holidays

    # ------------------------------------------------------------ national days of the year
    national = {}  # day -> names
    for day, name in conn.execute("SELECT day, name FROM holiday WHERE day LIKE ?", (f"{year}-%",)):
        national.setdefault(day, []).append(name)
    for month_day, name in conn.execute("SELECT monthDay, name FROM commemoration"):
        try:
            day = dt.date(year, int(month_day[:2]), int(month_day[3:5])).isoformat()
        except ValueError:
            continue  # 29 February in a common year
        national.setdefault(day, []).append(name)
    if not national:
        fail(f"no national days in {year}: the server seeds them at start")

    conn.execute("BEGIN IMMEDIATE")
    try:
        # -------------------------------------------------------- agenda
        next_agenda = conn.execute("SELECT coalesce(max(id), 0) FROM agendaItem").fetchone()[0] + 1
        agenda, agenda_rows = [], []
        for n in range(args.agenda):
            day = first_day + dt.timedelta(days=rng.randrange(days_in_year))
            for _ in range(20):  # mostly working days
                if is_working(day) or rng.random() < 0.1:
                    break
                day = first_day + dt.timedelta(days=rng.randrange(days_in_year))
            roll = rng.random()
            if roll < 0.05 or (roll < 0.07 and day <= dt.date(year, 12, 29)):
                all_day = True
                length = 1 if roll < 0.05 else rng.randint(2, 3)
                start = local(day, 0)
                end = local(day + dt.timedelta(days=length), 0)
            else:
                all_day = False
                start = local(day, rng.randrange(7 * 4, 16 * 4 + 1) * 15)
                end = start + dt.timedelta(minutes=rng.choice([30, 60, 60, 90, 120, 120, 150, 180, 240]))
            agenda_id = next_agenda + n
            created = min(start - dt.timedelta(days=rng.uniform(3, 30)), now)
            source = "ics" if rng.random() < 0.6 else "manual"
            uid = f"bench-agenda-{n + 1}@warta.bench" if source == "ics" else f"manual-bench-{n + 1}@warta"
            title = rng.choice(AGENDA_TITLES)
            needs = rng.random() < 0.4
            agenda.append(dict(id=agenda_id, start=start, end=end, all_day=all_day, title=title, needs=needs))
            agenda_rows.append((agenda_id, uid, title, stamp(start), stamp(end), int(all_day), rng.choice(LOCATIONS),
                                rng.choice(OWNERS), "", int(needs), source, actor["admin-medsos"], stamp(created), stamp(created)))
        conn.executemany(
            "INSERT INTO agendaItem (id, uid, title, startsAt, endsAt, isAllDay, location, owner, notes, needsCoverage, rrule, "
            "exdates, timeZone, source, createdBy, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, '', '', ?, ?, ?, ?)",
            agenda_rows)
        timed = [a for a in agenda if not a["all_day"]]
        covered = [a for a in timed if a["needs"]] or timed

        # -------------------------------------------------------- what each new item is about
        plans = []  # dict(kind, title, publish, event_start, event_end, due, agenda_id, source)
        for day in sorted(national):
            if rng.random() >= args.greeting_share:
                continue
            d = dt.date.fromisoformat(day)
            roll = rng.random()
            if roll < 0.05 and d < dt.date(year, 12, 31):
                publish = local(d + dt.timedelta(days=1), rng.randint(7 * 60, 10 * 60))   # late: breaks the rule
            elif roll < 0.35 and d > first_day:
                publish = local(d - dt.timedelta(days=1), rng.randint(16 * 60, 20 * 60))  # the evening before
            else:
                publish = local(d, rng.randint(5 * 60, 9 * 60))                           # that morning
            plans.append(dict(kind="ucapan", title=f"Ucapan {national[day][0]}", publish=publish, event_start=None,
                              event_end=None, due=day, agenda_id=None, source="rencana-redaksi"))
        plans = plans[:new_items]
        rest = new_items - len(plans)
        mix = ["kegiatan"] * 45 + ["infografis-rencana"] * 15 + ["informasi"] * 25 + ["repost"] * 15
        for _ in range(rest):
            kind = rng.choice(mix)
            for _ in range(50):  # publishAt must fall in the year
                if kind == "kegiatan":
                    a = rng.choice(covered)
                    roll = rng.random()
                    if roll < 0.08:
                        publish = local(a["start"].astimezone(tz).date() + dt.timedelta(days=1), rng.randint(8 * 60, 11 * 60))
                    elif roll < 0.10:
                        publish = a["end"] - dt.timedelta(minutes=rng.randint(5, 30))
                    else:
                        publish = a["end"] + dt.timedelta(minutes=rng.randint(20, 180))
                        if publish.astimezone(tz).date() != a["end"].astimezone(tz).date():
                            publish = a["end"] + dt.timedelta(minutes=5)
                    plan = dict(title=f"Liputan: {a['title']}", event_start=a["start"], event_end=a["end"], due=None,
                                agenda_id=a["id"], source="agenda-harian")
                elif kind == "infografis-rencana":
                    a = rng.choice(timed)
                    before = rng.choice([1, 2]) if rng.random() < 0.1 else rng.randint(3, 10)
                    publish = local(a["start"].astimezone(tz).date() - dt.timedelta(days=before), rng.randint(9 * 4, 15 * 4) * 15)
                    plan = dict(title=f"Infografis rencana: {a['title']}", event_start=a["start"], event_end=a["end"], due=None,
                                agenda_id=a["id"], source="agenda-harian")
                else:
                    d = first_day + dt.timedelta(days=rng.randrange(days_in_year))
                    publish = local(d, rng.randint(7 * 4, 20 * 4) * 15 + rng.randrange(15))
                    plan = dict(title=rng.choice(INFO_TITLES if kind == "informasi" else REPOST_TITLES), event_start=None,
                                event_end=None, due=None, agenda_id=None,
                                source=rng.choice(["siaran-pers", "disposisi-e-office", "kanal-berita-resmi", "koordinasi"]))
                if year_start <= publish < year_end:
                    break
            else:
                fail("could not place an item in the year")
            plan.update(kind=kind, publish=publish)
            plans.append(plan)
        rng.shuffle(plans)  # ids not in date order, as in real use

        # -------------------------------------------------------- items, revisions, history, links
        next_item = conn.execute("SELECT coalesce(max(id), 0) FROM contentItem").fetchone()[0] + 1
        items, revisions, events, links = [], [], [], []
        counts = {}
        for n, plan in enumerate(plans):
            item_id = next_item + n
            publish = plan["publish"].astimezone(dt.timezone.utc)
            ahead = (publish - now).total_seconds() / 86400
            if publish + dt.timedelta(minutes=30) < now:
                # Due in the past: published, or (8 %) stuck at some step, late.
                published = rng.random() < 0.92
                position = 6 if published else rng.randint(1, 6)
            else:
                published = False
                weights = ([1, 2, 2, 2, 3, 4] if ahead <= 3 else [1, 1, 1, 1, 1, 1] if ahead <= 14
                           else [4, 3, 2, 1, 1, 0.5] if ahead <= 45 else [8, 2, 1, 0.5, 0.3, 0.2])
                position = rng.choices(range(1, 7), weights)[0]
            if published:
                position = 6
                end_of_work = publish - dt.timedelta(minutes=rng.randint(10, 240))
                created = end_of_work - dt.timedelta(hours=rng.uniform(12, 240))
                published_at = publish + dt.timedelta(seconds=rng.randint(0, 900))
                moves = 5
            else:
                end_of_work = min(publish - dt.timedelta(minutes=30), now - dt.timedelta(minutes=rng.uniform(3, 2 * 24 * 60)))
                created = end_of_work - dt.timedelta(hours=rng.uniform(2, 240))
                published_at = None
                moves = position - 1
            # times[0] = create, times[k] = the move from step k to k + 1, sorted, the last at end_of_work
            span = (end_of_work - created).total_seconds()
            times = [created] + sorted(created + dt.timedelta(seconds=rng.uniform(0, span)) for _ in range(max(moves - 1, 0)))
            if moves:
                times.append(end_of_work)
            creator = actor["admin-medsos"]
            channels = " ".join(sorted(rng.sample(channels_all, rng.randint(1, 3)), key=channels_all.index))
            event_at = stamp(plan["event_start"]) if plan["event_start"] else None
            event_end = stamp(plan["event_end"]) if plan["event_end"] else None
            status = "published" if published else statuses[position]
            last = published_at or times[-1]
            version = 1 + moves + (1 if published else 0)
            counts[status] = counts.get(status, 0) + 1
            items.append((item_id, position, status, None if published else steps[position - 1]["roleKey"], stamp(times[-1]),
                          version, plan["title"], plan["kind"], stamp(publish), creator, stamp(created), stamp(last),
                          stamp(published_at) if published_at else None, channels, event_at, event_end, plan["due"],
                          plan["agenda_id"]))
            caption = f"{plan['title']}. Bersama mitra kerja sama daerah untuk Jakarta. #KerjaSamaDaerah #Bench{item_id}"
            revisions.append((item_id, creator, stamp(created), plan["title"], plan["kind"], caption, channels,
                              "https://drive.google.com/drive/folders/bench", plan["source"], event_at, stamp(publish),
                              event_end, plan["due"], plan["agenda_id"]))
            events.append((item_id, "create", 1, 1, steps[0]["name"], creator, stamp(created), None, None))
            for step in range(1, moves + 1):  # the move from `step` to `step + 1`
                action, who = ("submit", creator) if step == 1 else ("approve", actor[steps[step - 1]["roleKey"]])
                events.append((item_id, action, step, step + 1, steps[step - 1]["name"], who, stamp(times[step]),
                               clock.minutes(times[step - 1], times[step]), steps[step - 1].get("standardMinutes")))
            if published:
                events.append((item_id, "publish", 6, 6, steps[5]["name"], actor["admin-medsos"], stamp(published_at),
                               clock.minutes(times[-1], published_at), steps[5].get("standardMinutes")))
                for channel in channels.split():
                    links.append((item_id, channel, f"https://example.org/{channel}/bench-{item_id}", actor["admin-medsos"],
                                  stamp(published_at)))

        conn.executemany(
            "INSERT INTO contentItem (id, workflowVersion, position, status, stepRoleKey, stepEnteredAt, version, revision, "
            "title, kind, publishAt, createdBy, createdAt, updatedAt, publishedAt, channels, eventAt, eventEndAt, dueOn, agendaId) "
            "VALUES (?, 1, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", items)
        conn.executemany(
            "INSERT INTO contentRevision (itemId, number, authorId, createdAt, title, kind, caption, channels, mediaLinks, "
            "source, eventAt, publishAt, notes, eventEndAt, dueOn, agendaId) "
            "VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', ?, ?, ?)", revisions)
        conn.executemany(
            "INSERT INTO contentEvent (itemId, action, fromPosition, toPosition, stepName, actorId, onBehalfOfId, revision, "
            "comment, at, waitedMinutes, standardMinutes) VALUES (?, ?, ?, ?, ?, ?, NULL, 1, NULL, ?, ?, ?)", events)
        conn.executemany(
            "INSERT INTO contentLink (itemId, channel, url, createdBy, createdAt) VALUES (?, ?, ?, ?, ?)", links)

        # -------------------------------------------------------- checks, inside the transaction
        bad = conn.execute("""
            SELECT count(*) FROM contentItem i
            WHERE i.version != (SELECT count(*) FROM contentEvent e WHERE e.itemId = i.id)
            """).fetchone()[0]
        if bad:
            raise RuntimeError(f"{bad} items whose version differs from their number of events")
        bad = conn.execute("""
            SELECT count(*) FROM contentItem i JOIN contentRevision r ON r.itemId = i.id AND r.number = i.revision
            WHERE i.id >= ? AND (i.publishAt IS NOT r.publishAt OR i.channels != r.channels OR i.title != r.title
                   OR i.eventAt IS NOT r.eventAt OR i.dueOn IS NOT r.dueOn OR i.agendaId IS NOT r.agendaId)
            """, (next_item,)).fetchone()[0]
        if bad:
            raise RuntimeError(f"{bad} items that differ from their latest revision")
        if conn.execute("SELECT count(*) FROM contentEvent WHERE at > ?", (stamp(now),)).fetchone()[0]:
            raise RuntimeError("history in the future")
        if conn.execute("PRAGMA foreign_key_check").fetchall():
            raise RuntimeError("foreign key check failed")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    # No ANALYZE: the app never runs it, so a real database has no statistics either.

    total = conn.execute("SELECT count(*) FROM contentItem").fetchone()[0]
    in_year = conn.execute("SELECT count(*) FROM contentItem WHERE publishAt >= ? AND publishAt < ?",
                           (stamp(year_start), stamp(year_end))).fetchone()[0]
    by_status = dict(conn.execute("SELECT status, count(*) FROM contentItem GROUP BY status").fetchall())
    by_kind = dict(conn.execute("SELECT kind, count(*) FROM contentItem GROUP BY kind").fetchall())
    n_agenda = conn.execute("SELECT count(*) FROM agendaItem").fetchone()[0]
    holidays = conn.execute("SELECT count(*) FROM holiday").fetchone()[0]
    commemorations = conn.execute("SELECT count(*) FROM commemoration").fetchone()[0]
    conn.close()
    print(f"SEED agenda={n_agenda} items={total} items_in_{year}={in_year} holidays={holidays} commemorations={commemorations} "
          f"national_days_{year}={len(national)} "
          + " ".join(f"{k}={v}" for k, v in sorted(by_status.items())) + " "
          + " ".join(f"{k}={v}" for k, v in sorted(by_kind.items())))


if __name__ == "__main__":
    main()
