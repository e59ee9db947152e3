"""The curated front page's cost (issue 23): `python -m bench.fronts`.

Seeds the large newsroom (`bench.pages.seeded_app`), times the automatic front page, arranges
the front page through the fronts' service (a lead with a picture, four top stories, three in
"Also today"), then times `/` for an anonymous reader with the page cache off (every request
renders: the front resolved at read time) and on (a second app on the same database, as another
process would be).
"""

from __future__ import annotations

import argparse

from bench.front_seed import curate_front
from bench.pages import measure, seeded_app
from editorial import create_app
from editorial.extensions import db


def main(argv: list[str] | None = None) -> None:
    """Seed, curate, then print `/`'s median and p90 ms and statements, cache off and on."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--database-url", help="a fresh PostgreSQL database to create and drop")
    args = parser.parse_args(argv)
    with seeded_app(args.database_url, args.articles, "fronts", curate=False) as app:
        print(f"\n{'front page':<26}{'median ms':>10}{'p90 ms':>9}{'SQL':>7}{'KB':>9}")
        print(f"{'automatic, cache off':<26}{measure(app, app.test_client(), '/', {}, args.runs)}")
        with app.app_context():
            curate_front()
            db.session.commit()
        cached = create_app({**app.config, "PUBLIC_PAGE_CACHE_SECONDS": 30})
        off = measure(app, app.test_client(), "/", {}, args.runs)
        print(f"{'curated, cache off':<26}{off}")
        on = measure(cached, cached.test_client(), "/", {}, args.runs)
        print(f"{'curated, cache on':<26}{on}")


if __name__ == "__main__":
    main()
