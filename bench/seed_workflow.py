#!/usr/bin/python3
"""Fills an initialised Warta database with a workload for bench/workflow.sh.

    /usr/bin/python3 bench/seed_workflow.py --db PATH --biro-user kabiro --approver-user pengelola

The database must have been set up with `warta init --preset dki-ksd` and hold the two login
accounts (created with `warta user add`): the only kepala-biro, and a tim-pengelola approver.
The server must not be running (or at least not writing) while this runs.

It adds, in one transaction:
  * accounts up to --users in total (default 50), spread over the roles; their password hash is
    not a bcrypt hash, so nobody can log in with them. The login kepala-biro stays the only one.
  * --items items in flight (default 5,000) on workflow version 1, spread over the six steps:
    exactly --biro-items (200) wait at step 5 (kepala-biro), --step2-items (3,000) at step 2
    (tim-pengelola, for the approve benchmark), the rest evenly over steps 1, 3, 4 and 6.
    Each item has its first revision and a history consistent with its position: `create`, then
    `submit` at step 1 and one `approve` per later step passed, so version == number of events.
    Items are created and handed on by admin-medsos accounts, approved by seeded accounts of each
    step's role (step 5: the login kepala-biro, the only one); the login approver never appears
    in the seeded history (its approvals are the benchmark's, and it submitted nothing).
  * stepEnteredAt in the past (from a few minutes to --max-age-days ago), so waiting times and
    overdue flags are computed; waitedMinutes in the history are office minutes (office hours and
    days of the institution, holidays from the `holiday` table when it is filled).

Prints one line `SEED users=N items=N step2=N step5=N ...` at the end. Exit status 2 on a setup
problem (missing account, database already seeded, unknown preset).
"""

import argparse
import datetime as dt
import json
import random
import sqlite3
import sys

KINDS = ["kegiatan", "infografis-rencana", "ucapan", "informasi", "repost"]
TOPICS = [
    "Rapat koordinasi kerja sama daerah", "Kunjungan kerja ke Kepulauan Seribu", "Ucapan Hari Pahlawan",
    "Infografis rencana forum kerja sama", "Penandatanganan nota kesepakatan", "Sosialisasi layanan publik",
    "Pelatihan pengembangan SDM", "Forum komunikasi antardaerah", "Rilis capaian program triwulan",
    "Peringatan Hari Kesehatan Nasional", "Audiensi dengan mitra swasta", "Rapat evaluasi kinerja",
]
# Accounts besides the two login accounts: (role, how many). 2 + 16 + 14 + 8 + 8 = 48.
EXTRA_ROLES = [("admin", 2), ("admin-medsos", 16), ("tim-pengelola", 14), ("kasubbag-tu", 8), ("kepala-bagian", 8)]


def fail(message):
    print(f"seed_workflow: {message}", file=sys.stderr)
    sys.exit(2)


def stamp(t):
    """GRDB's text form of a Date: UTC, milliseconds."""
    t = t.astimezone(dt.timezone.utc)
    return t.strftime("%Y-%m-%d %H:%M:%S.") + f"{t.microsecond // 1000:03d}"


class OfficeClock:
    """Office minutes between two instants, like Domain's OfficeCalendar.officeMinutes."""

    def __init__(self, conn):
        tz_name, opens, closes, days = conn.execute(
            "SELECT timeZone, officeOpens, officeCloses, officeDays FROM institution").fetchone()
        try:
            from zoneinfo import ZoneInfo
            self.tz = ZoneInfo(tz_name)
        except Exception:
            self.tz = dt.timezone(dt.timedelta(hours=7))
        self.opens, self.closes = opens, closes
        # Calendar weekday numbers (1 = Sunday ... 7 = Saturday) -> Python's (0 = Monday ... 6 = Sunday)
        self.days = {(int(d) + 5) % 7 for d in days.split()}
        self.holidays = {row[0] for row in conn.execute("SELECT day FROM holiday")}

    def minutes(self, start, end):
        if end <= start:
            return 0
        total = 0.0
        day = start.astimezone(self.tz).date()
        last = end.astimezone(self.tz).date()
        while day <= last:
            if day.weekday() in self.days and day.isoformat() not in self.holidays:
                midnight = dt.datetime(day.year, day.month, day.day, tzinfo=self.tz)
                lo = max(midnight + dt.timedelta(minutes=self.opens), start)
                hi = min(midnight + dt.timedelta(minutes=self.closes), end)
                if hi > lo:
                    total += (hi - lo).total_seconds()
            day += dt.timedelta(days=1)
        return int(total // 60)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--biro-user", required=True, help="the login kepala-biro account")
    parser.add_argument("--approver-user", required=True, help="the login tim-pengelola account")
    parser.add_argument("--users", type=int, default=50, help="accounts in total (default 50)")
    parser.add_argument("--items", type=int, default=5000, help="items in flight (default 5000)")
    parser.add_argument("--biro-items", type=int, default=200, help="items waiting at step 5 (default 200)")
    parser.add_argument("--step2-items", type=int, default=3000, help="items waiting at step 2 (default 3000)")
    parser.add_argument("--max-age-days", type=float, default=21.0, help="oldest time at the current step (default 21 days)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    args = parser.parse_args()

    rest = args.items - args.biro_items - args.step2_items
    if min(args.items, args.biro_items, args.step2_items) < 0 or rest < 0:
        fail("--items must be at least --biro-items + --step2-items")
    rng = random.Random(args.seed)
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)

    conn = sqlite3.connect(args.db, isolation_level=None, timeout=30)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = 30000")

    # ------------------------------------------------------------ what `warta init` left
    row = conn.execute("SELECT steps FROM workflowVersion WHERE number = 1").fetchone()
    if row is None:
        fail("no workflow version 1: run `warta init --preset dki-ksd` first")
    steps = json.loads(row[0])
    expected = ["admin-medsos", "tim-pengelola", "kasubbag-tu", "kepala-bagian", "kepala-biro", "admin-medsos"]
    if [s["roleKey"] for s in steps] != expected:
        fail(f"workflow version 1 is not the dki-ksd chain: {[s['roleKey'] for s in steps]}")
    statuses = {1: "draft", 2: "in_review", 3: "in_review", 4: "in_review", 5: "in_review", 6: "ready_to_publish"}
    roles = {r[0] for r in conn.execute("SELECT key FROM role")}
    missing = {role for role, _ in EXTRA_ROLES} - roles
    if missing:
        fail(f"roles missing: {sorted(missing)}")
    if conn.execute("SELECT count(*) FROM contentItem").fetchone()[0]:
        fail("the database already has content items: seed a fresh one")

    def login_account(username, role):
        found = conn.execute("SELECT id FROM user WHERE username = ?", (username,)).fetchone()
        if found is None:
            fail(f"account '{username}' not found: create it with `warta user add` first")
        if not conn.execute("SELECT 1 FROM userRole WHERE userId = ? AND roleKey = ?", (found[0], role)).fetchone():
            fail(f"account '{username}' does not hold the role {role}")
        return found[0]

    biro_id = login_account(args.biro_user, "kepala-biro")
    approver_id = login_account(args.approver_user, "tim-pengelola")
    others = conn.execute("SELECT count(*) FROM userRole WHERE roleKey = 'kepala-biro' AND userId != ?", (biro_id,)).fetchone()[0]
    if others:
        fail("another account holds kepala-biro: the login account must be the only one")

    clock = OfficeClock(conn)
    conn.execute("BEGIN IMMEDIATE")
    try:
        # -------------------------------------------------------- accounts
        existing = conn.execute("SELECT count(*) FROM user").fetchone()[0]
        wanted = max(0, args.users - existing)
        plan = [role for role, count in EXTRA_ROLES for _ in range(count)]
        while len(plan) < wanted:                       # more than 50 asked for: cycle the roles
            plan += [role for role, count in EXTRA_ROLES for _ in range(count)]
        plan = plan[:wanted]
        created = stamp(now - dt.timedelta(days=90))
        next_user = (conn.execute("SELECT coalesce(max(id), 0) FROM user").fetchone()[0]) + 1
        users, user_roles = [], []
        by_role = {}
        for n, role in enumerate(plan):
            uid = next_user + n
            username = f"bench-{role}-{n + 1:02d}"
            users.append((uid, username, f"Bench {role} {n + 1}", "!bench: no login", created, created, created))
            user_roles.append((uid, role))
            by_role.setdefault(role, []).append(uid)
        conn.executemany(
            "INSERT INTO user (id, username, displayName, passwordHash, isActive, language, mustChangePassword, isDemo, "
            "passwordChangedAt, createdAt, updatedAt) VALUES (?, ?, ?, ?, 1, 'id', 0, 0, ?, ?, ?)", users)
        conn.executemany("INSERT INTO userRole (userId, roleKey) VALUES (?, ?)", user_roles)
        by_role["kepala-biro"] = [biro_id]  # the only one: step-6 items passed step 5 through them
        for role in ("admin-medsos", "tim-pengelola", "kasubbag-tu", "kepala-bagian"):
            if not by_role.get(role):
                fail(f"no seeded account holds {role}: raise --users")

        # -------------------------------------------------------- items
        per_rest = [rest // 4 + (1 if i < rest % 4 else 0) for i in range(4)]
        counts = {1: per_rest[0], 2: args.step2_items, 3: per_rest[1], 4: per_rest[2], 5: args.biro_items, 6: per_rest[3]}
        positions = [p for p in (1, 2, 3, 4, 5, 6) for _ in range(counts[p])]
        rng.shuffle(positions)  # ids of different steps interleave, as in real use
        max_age = dt.timedelta(days=args.max_age_days)
        min_age = dt.timedelta(minutes=3)
        seen_at_step = {p: 0 for p in counts}

        next_item = conn.execute("SELECT coalesce(max(id), 0) FROM contentItem").fetchone()[0] + 1
        items, revisions, events = [], [], []
        for n, position in enumerate(positions):
            item_id = next_item + n
            # Time at the current step: spread from a few minutes to max_age, evenly per step so
            # that every list has both fresh and long-overdue items.
            k = seen_at_step[position]
            seen_at_step[position] += 1
            fraction = (k + rng.random()) / counts[position]
            entered = now - (min_age + (max_age - min_age) * fraction)
            # Earlier moves, backwards: a few minutes to two days between events.
            times = [entered]
            for _ in range(position - 1):
                times.append(times[-1] - dt.timedelta(minutes=rng.randint(5, 2 * 24 * 60)))
            times.reverse()  # times[0] = create, times[i] = the move from step i to i + 1
            creator = rng.choice(by_role["admin-medsos"])
            title = f"{rng.choice(TOPICS)} #{n + 1}"
            kind = rng.choice(KINDS)
            publish_at = stamp(now + dt.timedelta(days=rng.randint(1, 14), hours=rng.randint(0, 8)))
            event_at = stamp(times[0] - dt.timedelta(hours=rng.randint(1, 72)))
            items.append((item_id, position, statuses[position], steps[position - 1]["roleKey"], stamp(entered), position,
                          title, kind, publish_at, creator, stamp(times[0]), stamp(entered)))
            revisions.append((item_id, creator, stamp(times[0]), title, kind,
                              f"{title}. Bersama mitra kerja sama daerah. #KerjaSamaDaerah #Bench", event_at, publish_at))
            events.append((item_id, "create", 1, 1, steps[0]["name"], creator, stamp(times[0]), None, None))
            for step in range(1, position):  # the move from `step` to `step + 1`
                if step == 1:
                    action, actor = "submit", creator
                else:
                    action, actor = "approve", rng.choice(by_role[steps[step - 1]["roleKey"]])
                events.append((item_id, action, step, step + 1, steps[step - 1]["name"], actor, stamp(times[step]),
                               clock.minutes(times[step - 1], times[step]), steps[step - 1].get("standardMinutes")))

        conn.executemany(
            "INSERT INTO contentItem (id, workflowVersion, position, status, stepRoleKey, stepEnteredAt, version, revision, "
            "title, kind, publishAt, createdBy, createdAt, updatedAt, publishedAt) "
            "VALUES (?, 1, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, NULL)", items)
        conn.executemany(
            "INSERT INTO contentRevision (itemId, number, authorId, createdAt, title, kind, caption, channels, mediaLinks, "
            "source, eventAt, publishAt, notes) VALUES (?, 1, ?, ?, ?, ?, ?, 'instagram facebook', '', 'agenda-harian', ?, ?, '')",
            revisions)
        conn.executemany(
            "INSERT INTO contentEvent (itemId, action, fromPosition, toPosition, stepName, actorId, onBehalfOfId, revision, "
            "comment, at, waitedMinutes, standardMinutes) VALUES (?, ?, ?, ?, ?, ?, NULL, 1, NULL, ?, ?, ?)", events)

        # -------------------------------------------------------- checks, inside the transaction
        bad = conn.execute("""
            SELECT count(*) FROM contentItem i
            WHERE i.version != (SELECT count(*) FROM contentEvent e WHERE e.itemId = i.id)
            """).fetchone()[0]
        if bad:
            raise RuntimeError(f"{bad} items whose version differs from their number of events")
        if conn.execute("PRAGMA foreign_key_check").fetchall():
            raise RuntimeError("foreign key check failed")
        if conn.execute("SELECT count(*) FROM contentEvent WHERE actorId = ?", (approver_id,)).fetchone()[0]:
            raise RuntimeError("the login approver appears in the seeded history")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    # No ANALYZE: the app never runs it, so a real database has no statistics either.

    total_users = conn.execute("SELECT count(*) FROM user").fetchone()[0]
    waiting = dict(conn.execute("SELECT position, count(*) FROM contentItem GROUP BY position").fetchall())
    n_events = conn.execute("SELECT count(*) FROM contentEvent").fetchone()[0]
    conn.close()
    print(f"SEED users={total_users} items={len(items)} events={n_events} "
          + " ".join(f"step{p}={waiting.get(p, 0)}" for p in range(1, 7)))


if __name__ == "__main__":
    main()
