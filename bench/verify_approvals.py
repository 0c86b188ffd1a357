#!/usr/bin/python3
"""Checks in SQLite what the approve run of bench/workflow.sh did.

    /usr/bin/python3 bench/verify_approvals.py --db PATH --approver-user U --after-event-id N --wrk-ids FILE

FILE is what bench/approve.lua wrote: lines `ok ID` (the request for ID got the success
redirect) and `issued ID` (a request for ID was handed to wrk). N is max(contentEvent.id) before
the run: every later event is the run's.

Every success must have exactly one new `approve` event (no lost write), no item may have two
(no double application), every approved item must now wait at step 3 with version 3, and the
new events must all be the approver's step-2 approvals. An approval that was applied but not
answered in time (the request was in flight when wrk stopped) is allowed, and counted, only for
an id that was handed out and got no success.

Prints `VERIFY result=OK|BAD events=N ok=N applied_unanswered=N lost=N double=N wrong_state=N
unexpected=N` and exits 0 when OK, 1 when not, 2 on a setup problem.
"""

import argparse
import sqlite3
import sys
from collections import Counter


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--approver-user", required=True)
    parser.add_argument("--after-event-id", type=int, required=True)
    parser.add_argument("--wrk-ids", required=True)
    args = parser.parse_args()

    ok, issued = [], []
    try:
        with open(args.wrk_ids) as f:
            for line in f:
                kind, _, value = line.strip().partition(" ")
                if kind == "ok":
                    ok.append(int(value))
                elif kind == "issued":
                    issued.append(int(value))
    except OSError as error:
        print(f"verify_approvals: {error}", file=sys.stderr)
        return 2

    conn = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True, timeout=30)
    row = conn.execute("SELECT id FROM user WHERE username = ?", (args.approver_user,)).fetchone()
    if row is None:
        print(f"verify_approvals: no account {args.approver_user}", file=sys.stderr)
        return 2
    approver = row[0]
    events = conn.execute(
        "SELECT id, itemId, action, fromPosition, toPosition, actorId, revision FROM contentEvent WHERE id > ? ORDER BY id",
        (args.after_event_id,)).fetchall()

    problems = []
    unexpected = [e for e in events if (e[2], e[3], e[4], e[5], e[6]) != ("approve", 2, 3, approver, 1)]
    if unexpected:
        problems.append(f"{len(unexpected)} new events that are not the approver's step-2 approvals, e.g. {unexpected[:3]}")
    per_item = Counter(e[1] for e in events)
    approved = set(per_item)
    double = sorted(i for i, n in per_item.items() if n > 1)
    ok_counts = Counter(ok)
    double += sorted(i for i, n in ok_counts.items() if n > 1 and i not in double)
    if double:
        problems.append(f"{len(double)} items approved (or answered) twice, e.g. {double[:5]}")
    ok_set = set(ok)
    lost = sorted(ok_set - approved)
    if lost:
        problems.append(f"{len(lost)} successes without an approve event (lost writes), e.g. {lost[:5]}")
    extra = approved - ok_set
    issued_set = set(issued)
    never_sent = sorted(extra - issued_set)
    if never_sent:
        problems.append(f"{len(never_sent)} items approved that the run never sent, e.g. {never_sent[:5]}")
    applied_unanswered = len(extra & issued_set)

    wrong_state = []
    for item_id in sorted(approved):
        state = conn.execute("SELECT position, version, status, stepRoleKey FROM contentItem WHERE id = ?", (item_id,)).fetchone()
        if state != (3, 3, "in_review", "kasubbag-tu"):
            wrong_state.append((item_id, state))
    for item_id in sorted(issued_set - approved):
        state = conn.execute("SELECT position, version FROM contentItem WHERE id = ?", (item_id,)).fetchone()
        if state != (2, 2):
            wrong_state.append((item_id, state))
    if wrong_state:
        problems.append(f"{len(wrong_state)} items in an unexpected state, e.g. {wrong_state[:3]}")
    conn.close()

    for problem in problems:
        print(f"verify_approvals: {problem}", file=sys.stderr)
    result = "OK" if not problems and len(events) == len(ok) + applied_unanswered else "BAD"
    print(f"VERIFY result={result} events={len(events)} ok={len(ok)} applied_unanswered={applied_unanswered} "
          f"lost={len(lost)} double={len(double)} wrong_state={len(wrong_state)} unexpected={len(unexpected) + len(never_sent)}")
    return 0 if result == "OK" else 1


if __name__ == "__main__":
    sys.exit(main())
