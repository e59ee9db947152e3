"""My queue's count (`queue.queries._count`) for the seeded editor, before/after, interleaved.

`python -m bench.queue_count --side before=/tmp/old-tree=sqlite:////tmp/a.sqlite3 --side
after=.=sqlite:////tmp/b.sqlite3 --rounds 7` runs, for each round and each side in turn, a fresh
process on that side's tree (its `editorial` first on the path) and database, which times the
count statement warm (`--calls` after `--warm`), and prints each side's median over the rounds:
the wall and process-CPU microseconds per count (building the statement included), the
statement's own wall time (sent to executed, SQLite in process), the count, and the editor's
translations. No request, no cache: the count as the top bar's "My queue N" and My queue's page
ask it.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

WORKER = """
import json, statistics, sys, time
from sqlalchemy import event, func, select
from bench.seed import LOGINS
from editorial import create_app
from editorial.extensions import db
from editorial.models import Article, Role, User
from editorial.queue.queries import _count
url, warm, calls = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "SCHEDULER_ENABLED":
    False, "PUBLIC_PAGE_CACHE_SECONDS": 0, "RATELIMIT_ENABLED": False})
with app.app_context():
    person = db.session.scalar(select(User).where(User.email == LOGINS[Role.EDITOR]))
    made = db.session.scalar(select(func.count()).where(Article.translator_id == person.id))
    for _ in range(warm):
        count = _count(person)
    walls, cpus, sql, began = [], [], [], []
    event.listen(db.engine, "before_cursor_execute", lambda *a: began.append(time.perf_counter()))
    event.listen(db.engine, "after_cursor_execute",
        lambda *a: sql.append(time.perf_counter() - began.pop()))
    for _ in range(calls):
        w, c = time.perf_counter(), time.process_time()
        _count(person)
        cpus.append(time.process_time() - c)
        walls.append(time.perf_counter() - w)
    print(json.dumps({"wall_us": statistics.median(walls) * 1e6,
        "cpu_us": sum(cpus) / len(cpus) * 1e6, "sql_us": statistics.median(sql) * 1e6,
        "count": count, "translations": made}))
"""


def run(tree: str, url: str, warm: int, calls: int) -> dict[str, float]:
    """One process on `tree` timing the count on `url`."""
    env = {**os.environ, "PYTHONPATH": os.path.abspath(tree)}
    out = subprocess.run(
        [sys.executable, "-c", WORKER, url, str(warm), str(calls)],
        env=env,
        cwd=os.path.abspath(tree),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    result: dict[str, float] = json.loads(out.strip().splitlines()[-1])
    return result


def main() -> None:
    """Parse the sides and print each one's medians."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--side", action="append", required=True, help="label=tree=url")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--warm", type=int, default=50)
    parser.add_argument("--calls", type=int, default=300)
    args = parser.parse_args()
    sides = [side.split("=", 2) for side in args.side]
    results: dict[str, list[dict[str, float]]] = {label: [] for label, _, _ in sides}
    for _ in range(args.rounds):
        for label, tree, url in sides:
            results[label].append(run(tree, url, args.warm, args.calls))
    ended = time.strftime("%H:%M:%S")
    for label, rows in results.items():
        wall = statistics.median(r["wall_us"] for r in rows)
        cpu = statistics.median(r["cpu_us"] for r in rows)
        sql = statistics.median(r["sql_us"] for r in rows)
        print(
            f"{label}: wall {wall:.0f} us, cpu {cpu:.0f} us, statement {sql:.0f} us per count"
            f" (median of {len(rows)}"
            f" rounds); count {rows[0]['count']}, translations {rows[0]['translations']}"
            f" [ended {ended}]"
        )


if __name__ == "__main__":
    main()
