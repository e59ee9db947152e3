"""Search's own costs on the large newsroom: queries, one story's index write, a full rebuild.

`python -m bench.search` seeds the large newsroom into a temporary SQLite database (or a fresh
PostgreSQL one with `--database-url`), then times, in-process and with no server in between:
each query through `search.index.search` as a reader, an editor and a reporter sees it
(median and p90 of `--runs`), the page around it (`/search`, through Flask's test client), one
story's index write, and `reindex_all` over every story. The SQL is the engine's own (FTS5
`bm25`, or `tsvector` `@@` with `ts_rank_cd` on the GIN index), so this is where a slow plan shows.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import Any

from sqlalchemy import select

from bench.pages import median_p90, seeded_app
from bench.seed import LOGINS
from editorial.extensions import db
from editorial.models import Article, Role, User, publicly_visible
from editorial.permissions import visible_articles
from editorial.search import index as search_index
from editorial.search import upkeep as search_upkeep

QUERIES = (
    ("one word", "minister"),
    ("two words", "ceasefire talks"),
    ("two words, page 3", "ceasefire talks"),
    ("a word in most stories", "said"),
    ("no match", "zzyzx"),
    ("syntax characters", '"minister" NEAR(*) -('),
)


def timed(work: Callable[[], Any], runs: int) -> tuple[float, float]:
    """Median and p90 milliseconds of `work` over `runs` (after one warm-up)."""
    work()
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        timings.append((time.perf_counter() - started) * 1000)
    return median_p90(timings)


def main(argv: list[str] | None = None) -> None:
    """Seed, then print the table."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--database-url", help="a fresh PostgreSQL database to create and drop")
    args = parser.parse_args(argv)
    with seeded_app(args.database_url, args.articles, "search") as app, app.app_context():
        _measure(app, args.runs)


def _measure(app: Any, runs: int) -> None:
    editor = db.session.scalar(select(User).where(User.email == LOGINS[Role.EDITOR]))
    reporter = db.session.scalar(select(User).where(User.email == LOGINS[Role.REPORTER]))
    if editor is None or reporter is None:
        raise SystemExit("The seeded editor and reporter are missing.")
    who = {
        "reader": publicly_visible,
        "editor": lambda: visible_articles(editor),
        "reporter": lambda: visible_articles(reporter),
    }
    print(f"\n{'query':<26}{'as':<10}{'found':>7}{'median ms':>11}{'p90 ms':>9}")
    for name, query in QUERIES:
        page = 3 if "page 3" in name else 1
        for role, visible in who.items():

            def run(query: str = query, visible: Any = visible, page: int = page) -> Any:
                db.session.rollback()  # a fresh snapshot each time, as a request has
                return search_index.search(query, visible(), page=page, per_page=10)

            found = run().total
            median, p90 = timed(run, runs)
            print(f"{name:<26}{role:<10}{found:>7}{median:>11.1f}{p90:>9.1f}")
    client = app.test_client()
    for name, path in (
        ("/search one word", "/search?q=minister"),
        ("/search no match", "/search?q=zzyzx"),
    ):

        def get(path: str = path) -> Any:
            return client.get(path)

        median, p90 = timed(get, runs)
        print(f"{name + ' (page)':<26}{'reader':<10}{'':>7}{median:>11.1f}{p90:>9.1f}")

    story = db.session.scalars(select(Article).order_by(Article.id.desc()).limit(1)).one()

    def write_one() -> None:
        search_upkeep.index_article(story)
        db.session.rollback()

    median, p90 = timed(write_one, runs)
    print(f"{'index one story':<26}{'':<10}{'':>7}{median:>11.1f}{p90:>9.1f}")
    started = time.perf_counter()
    count = search_upkeep.reindex_all(db.session.connection())
    db.session.commit()
    print(f"reindex_all: {count} stories in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
