"""In process: how long /insights takes over 90 days at 10,000 stories (issue 27's cost).

`python -m bench.insights [--articles 10000] [--runs 10] [--database-url postgresql+psycopg://...]
[--keep FILE.sqlite3 [--per-day 100]] [--profile N]` seeds the large newsroom (`bench.seed`, as
`bench.pages` does), signs in as the editor and asks `/insights/?period=90` through Flask's test
client: one warm-up, then `--runs` timed requests. Prints the median and 90th percentile in
milliseconds, wall clock and this process's CPU time (`time.process_time`: the machine is shared,
so the wall clock also counts other people's work; a query's time inside PostgreSQL's server is
not this process's), and the SQL statements of one request.

`--keep FILE` seeds a SQLite file once and keeps it (`--keep postgresql+psycopg://...` an
existing PostgreSQL database); a later run with the same one reuses it
(the seeding of 100,000 stories takes minutes); with `--per-day N` the seeding (the first, with
`--keep`) spreads the published stories at N a day with a 10,000-story newsroom's desk (the
archive's size apart from the period's: at 100 a day, 90 days hold about 9,000 of 100,000).
Each timed request forgets the kept figures first (`insights.views.kept_figures`), so the
report is built and drawn every time: the cost of the first load in a minute or after a change.
`--profile N` prints cProfile's N costliest functions (cumulative) of one more request.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import func, select

from bench.pages import median_p90, seeded_app
from bench.seed import LOGINS, PASSWORD, describe, seed
from editorial import create_app
from editorial.database import counted_statements
from editorial.extensions import db
from editorial.fragment_cache import fragment_cache
from editorial.models import Article, Role
from editorial.taxonomy.service import seed_taxonomy

ADDRESS = "/insights/?period=90"


@contextmanager
def kept_app(kept: Path | str, articles: int, per_day: int = 0) -> Iterator[Flask]:
    """An app on `kept` (a SQLite file, or a PostgreSQL database's URL, the database created
    beforehand), seeded with `articles` stories the first time, when it holds none (with
    `per_day`, a realistic archive: the desk of a 10,000-story newsroom and `per_day` stories
    published a day, going back as far as that takes)."""
    url = str(kept) if "://" in str(kept) else f"sqlite:///{Path(kept).resolve()}"
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": "bench-insights-only",
            "SCHEDULER_ENABLED": False,
            "PUBLIC_PAGE_CACHE_SECONDS": 0,
            "RATELIMIT_ENABLED": False,
            "WTF_CSRF_ENABLED": False,
        }
    )
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
        if not db.session.scalar(select(func.count(Article.id))):
            seed_taxonomy()
            db.session.commit()
            print(f"{kept}: seeding…")
            if per_day:
                days = max(1, articles // per_day)
                print(describe(seed(articles, desk_of=10_000, archive_days=days)))
            else:
                print(describe(seed(articles)))
        else:
            print(f"{kept}: reusing the newsroom seeded before")
    try:
        yield app
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def main(argv: list[str] | None = None) -> None:
    """Seed, then time the insights page."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--database-url", help="a fresh PostgreSQL database to create and drop")
    parser.add_argument(
        "--keep",
        help="a SQLite file (or an existing PostgreSQL database's URL) to seed once and reuse",
    )
    parser.add_argument("--profile", type=int, default=0, help="print the N costliest functions")
    parser.add_argument("--address", default=ADDRESS)
    parser.add_argument(
        "--per-day",
        type=int,
        default=0,
        help="seed a realistic archive, this many stories published a day",
    )
    args = parser.parse_args(argv)
    address = args.address
    realistic: dict[str, Any] = (
        {"desk_of": 10_000, "archive_days": max(1, args.articles // args.per_day)}
        if args.per_day
        else {}
    )
    apps = (
        kept_app(args.keep, args.articles, args.per_day)
        if args.keep
        else seeded_app(
            args.database_url, args.articles, "insights", WTF_CSRF_ENABLED=False, **realistic
        )
    )
    with apps as app:
        client = app.test_client()
        signed = client.post("/login", data={"email": LOGINS[Role.EDITOR], "password": PASSWORD})
        if signed.status_code != 302:
            raise SystemExit(f"Sign-in answered {signed.status_code}")
        warm = client.get(address)
        if warm.status_code != 200:
            raise SystemExit(f"{address} answered {warm.status_code}")
        timings, cpu = [], []
        for _ in range(args.runs):
            with app.app_context():
                fragment_cache().clear()  # the report drawn, not the kept figures
            with counted_statements(app) as statements:
                started, used = time.perf_counter(), time.process_time()
                client.get(address)
                timings.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - used) * 1000)
        median, p90 = median_p90(timings)
        cpu_median, cpu_p90 = median_p90(cpu)
        print(
            f"{address} at {args.articles:,} stories: median {median:.0f} ms, "
            f"p90 {p90:.0f} ms (CPU median {cpu_median:.0f} ms, p90 {cpu_p90:.0f} ms), "
            f"{len(statements)} SQL statements, {len(warm.get_data()) / 1024:.0f} KB; "
            f"CPU ms of each run in order: {', '.join(f'{c:.0f}' for c in cpu)}"
        )
        if args.profile:
            with app.app_context():
                fragment_cache().clear()
            profiler = cProfile.Profile()
            profiler.enable()
            client.get(address)
            profiler.disable()
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(args.profile)


if __name__ == "__main__":
    main()
