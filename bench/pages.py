"""In-process page costs: median render time and SQL statements per page, no server in between.

`python -m bench.pages` (or `make bench-pages`) seeds the large newsroom into a temporary SQLite
database (or a fresh PostgreSQL one with `--database-url`), then asks each page through Flask's
test client: one warm-up, then `--runs` timed requests. What it shows is the app's own cost
(queries, rendering) without the WSGI server, the network or the other process; the statement
count should not grow with the number of articles (tests/test_public.py checks that on the public
pages). The page cache is off, so every request renders.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import select

from bench import databases
from bench.endpoints import ARABIC_HOME
from bench.live_seed import POSTS as LIVE_POSTS
from bench.seed import DESK_OF_HELP, LOGINS, PASSWORD, Targets, describe, seed, targets
from editorial import create_app
from editorial.database import counted_statements
from editorial.extensions import db
from editorial.models import LivePost, Role
from editorial.taxonomy.service import seed_taxonomy

HX = {"HX-Request": "true"}


def pages(t: Targets, live_middle: int = 0) -> list[tuple[str, bool, str, dict[str, str]]]:
    """(name, signed in, path, headers) of every page measured; `live_middle`: a post half-way
    down the live story, the "older updates" page's `before`."""
    live = f"/news/{t.live_slug}/live/updates"
    live_poll, live_etag = (
        f"{live}?since={t.live_version}",
        f'"live-{t.live_article_id}-{t.live_version}"',
    )
    return [
        ("front page", False, "/", {}),
        ("article page", False, f"/news/{t.article_slug}", {}),
        ("Arabic article page", False, "/ar/news/" + quote(t.arabic_article_slug), {}),
        ("Arabic front page", False, ARABIC_HOME, {}),
        ("section page", False, "/section/politics", {}),
        ("RSS feed", False, "/feeds/rss.xml", {}),
        ("ticker poll (200)", False, "/breaking/ticker", HX),
        ("/api/breaking", False, "/api/breaking", {}),
        ("desk board (editor)", True, "/desk/", {}),
        ("desk board, one filter", True, f"/desk/?section={t.section_id}", {}),
        ("board refresh (htmx)", True, "/desk/refresh", HX),
        ("editor page (draft)", True, f"/articles/{t.editor_draft_id}/edit", {}),
        ("article desk page", True, f"/articles/{t.editor_draft_id}", {}),
        ("breaking desk", True, "/breaking", {}),
        ("calendar, month", True, "/calendar/?view=month", {}),
        ("calendar, week", True, "/calendar/", {}),
        ("budget, today", True, "/plans/budget", {}),
        ("public search, one word", False, "/search?q=minister", {}),
        ("public search, two words, page 3", False, "/search?q=ceasefire+talks&page=3", {}),
        ("public search, no match", False, "/search?q=zzyzx", {}),
        ("public search, Arabic", False, "/search?lang=ar&q=" + quote("مدرسة"), {}),
        ("desk search, one word (htmx)", True, "/desk/search?q=minister", HX),
        ("desk search, common word (htmx)", True, "/desk/search?q=the", HX),
        ("live story (1,000 posts)", False, f"/news/{t.live_slug}", {}),
        ("live story, older updates", False, f"/news/{t.live_slug}?before={live_middle}", {}),
        ("live poll, unchanged (304)", False, live_poll, {"If-None-Match": live_etag}),
        ("live poll, 10 behind", False, f"{live}?since={t.live_version - 10}", {}),
        ("live desk (editor)", True, f"/articles/{t.live_article_id}/live", {}),
    ]


def measure(app: Flask, client: FlaskClient, path: str, headers: dict[str, str], runs: int) -> str:
    """One table row's figures: median and p90 ms over `runs`, statements, bytes."""
    response = client.get(path, headers=headers)  # warm up the templates and caches
    if response.status_code != (304 if "If-None-Match" in headers else 200):
        return f"answered {response.status_code}"
    timings = []
    for _ in range(runs):
        with counted_statements(app) as statements:
            started = time.perf_counter()
            response = client.get(path, headers=headers)
            timings.append((time.perf_counter() - started) * 1000)
    median, p90 = median_p90(timings)
    return f"{median:>10.1f}{p90:>9.1f}{len(statements):>7}{len(response.get_data()) / 1024:>9.0f}"


@contextmanager
def seeded_app(
    database_url: str | None,
    articles: int,
    prefix: str,
    desk_of: int | None = None,
    *,
    curate: bool = True,
    archive_days: int | None = None,
    **config: Any,
) -> Iterator[Flask]:
    """An app on a fresh database holding the large newsroom (`bench.seed`; `archive_days`: the
    published stories spread over that many days), page cache off; the database and its folder
    are gone afterwards. The in-process benchmarks share it."""
    workdir = Path(tempfile.mkdtemp(prefix=f"editorial-{prefix}-"))
    try:
        with databases.fresh(database_url, workdir) as database:
            app = create_app(
                {
                    "SQLALCHEMY_DATABASE_URI": database.url,
                    "SECRET_KEY": f"bench-{prefix}-only",
                    "SCHEDULER_ENABLED": False,
                    "PUBLIC_PAGE_CACHE_SECONDS": 0,
                    "RATELIMIT_ENABLED": False,
                    **config,
                }
            )
            with app.app_context():
                upgrade(directory=app.extensions["migrate"].directory)
                seed_taxonomy()
                db.session.commit()
                print(f"{database.description}: seeding…")
                print(
                    describe(
                        seed(articles, desk_of=desk_of, curate=curate, archive_days=archive_days)
                    )
                )
            try:
                yield app
            finally:
                with app.app_context():
                    db.session.remove()
                    db.engine.dispose()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def median_p90(timings: list[float]) -> tuple[float, float]:
    """The median and the 90th percentile of `timings`."""
    ordered = sorted(timings)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(len(ordered) * 0.9))]


def main(argv: list[str] | None = None) -> None:
    """Seed, then print each page's median time, p90 and SQL statements."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--database-url", help="a fresh PostgreSQL database to create and drop")
    parser.add_argument("--desk-of", type=int, help=DESK_OF_HELP)
    args = parser.parse_args(argv)
    with seeded_app(
        args.database_url, args.articles, "pages", args.desk_of, WTF_CSRF_ENABLED=False
    ) as app:
        with app.app_context():
            chosen = targets()
            live_middle = db.session.scalar(
                select(LivePost.id)
                .where(LivePost.article_id == chosen.live_article_id)
                .order_by(LivePost.id)
                .offset(LIVE_POSTS // 2)
                .limit(1)
            )
        reader, staff = app.test_client(), app.test_client()
        signed = staff.post("/login", data={"email": LOGINS[Role.EDITOR], "password": PASSWORD})
        if signed.status_code != 302:
            raise SystemExit(f"Sign-in answered {signed.status_code}")
        print(f"\n{'page':<26}{'median ms':>10}{'p90 ms':>9}{'SQL':>7}{'KB':>9}")
        for name, signed_in, path, headers in pages(chosen, live_middle or 0):
            client = staff if signed_in else reader
            print(f"{name:<26}{measure(app, client, path, headers, args.runs)}")


if __name__ == "__main__":
    main()
