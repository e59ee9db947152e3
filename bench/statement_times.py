"""Each SQL statement a page sends, with its median time, on each seed: what grows with the archive.

`python -m bench.statement_times --page live-desk --mode changed --runs 31
sqlite:////tmp/a-10k.sqlite3 sqlite:////tmp/a-100k.sqlite3` asks `bench.ab`'s page (signed in
as the seeded editor, `bench.cpu.signed_in`) on each database in turn and prints, per database,
the request's median process CPU, the statements per request, and each statement (parameters
aside) with its median wall time and how many times a request sends it, slowest first; a
statement sent at one seed and not the other shows as such. `--mode kept` asks the page as it
is (its kept parts kept), `changed` moves the desk's version first (as any write on the desk
does, so the kept parts are drawn again), `cold` forgets the fragment cache first, `fresh` also
insights' kept closed days (a process's first drawing of the figures). The request's median wall
time is printed beside its CPU (a query's time in PostgreSQL's server is wall, not this
process's CPU). Statements
sent past SQLAlchemy's execution (`connections.read_one`, `raw_reads`) are not timed here.

Give each database its own copy: `changed` writes the desk's version.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import time
from collections import defaultdict
from typing import Any

from sqlalchemy import event

from bench.ab import _pages
from bench.cpu import signed_in
from bench.seed import targets
from editorial.extensions import db
from editorial.fragment_cache import fragment_cache


def measure(
    url: str, key: str, mode: str, runs: int
) -> tuple[float, float, dict[str, list[float]]]:
    """The median CPU and wall ms of `key`'s request on `url`, and each statement's wall ms,
    all runs."""
    app, client = signed_in(url)
    with app.app_context():
        path = _pages(targets())[key]
        engine = db.engine
    timings: dict[str, list[float]] = defaultdict(list)
    watching = [False]

    def before(conn: Any, *_args: Any) -> None:
        conn.info["bench.started"] = time.perf_counter()

    def after(conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if watching[0]:
            spent = (time.perf_counter() - conn.info["bench.started"]) * 1000
            timings[" ".join(statement.split())].append(spent)

    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "after_cursor_execute", after)
    for _ in range(3):
        client.get(path)
    spent: list[float] = []
    walls: list[float] = []
    for _ in range(runs):
        if mode == "changed":
            connection = sqlite3.connect(url.removeprefix("sqlite:///"))
            connection.execute("UPDATE site_version SET number = number + 1 WHERE id = 2")
            connection.commit()
            connection.close()
        elif mode in ("cold", "fresh"):
            with app.app_context():
                fragment_cache().clear()
            if mode == "fresh":
                app.extensions.pop("editorial.insights_closed_days", None)
        watching[0] = True
        started, wall = time.process_time(), time.perf_counter()
        answer = client.get(path)
        spent.append((time.process_time() - started) * 1000)
        walls.append((time.perf_counter() - wall) * 1000)
        watching[0] = False
        if answer.status_code != 200:
            raise SystemExit(f"{url}: {path} answered {answer.status_code}")
    return statistics.median(spent), statistics.median(walls), timings


def main(argv: list[str] | None = None) -> None:
    """Measure; see the module docstring."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("urls", nargs="+", help="one SQLite URL per seed (a copy each)")
    parser.add_argument("--page", default="live-desk", help="a page key of bench.ab")
    parser.add_argument("--mode", choices=("kept", "changed", "cold", "fresh"), default="changed")
    parser.add_argument("--runs", type=int, default=31)
    parser.add_argument("--width", type=int, default=150, help="characters of each statement")
    args = parser.parse_args(argv)
    for url in args.urls:
        cpu, wall, timings = measure(url, args.page, args.mode, args.runs)
        sent = sum(len(each) for each in timings.values()) / args.runs
        print(
            f"{url} {args.page} ({args.mode}): CPU {cpu:.2f} ms, wall {wall:.2f} ms, "
            f"{sent:.1f} statements"
        )
        for statement, spent in sorted(timings.items(), key=lambda kv: -sum(kv[1])):
            each = len(spent) / args.runs
            median = statistics.median(spent)
            print(f"  {median:7.3f} ms ×{each:4.1f}  {statement[: args.width]}")


if __name__ == "__main__":
    main()
