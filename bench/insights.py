"""In process: how long /insights takes over 90 days at 10,000 stories (issue 27's cost).

`python -m bench.insights [--articles 10000] [--runs 10] [--database-url postgresql+psycopg://...]`
seeds the large newsroom (`bench.seed`, as `bench.pages` does), signs in as the editor and asks
`/insights/?period=90` through Flask's test client: one warm-up, then `--runs` timed requests.
Prints the median and 90th percentile in milliseconds and the SQL statements of one request.
"""

from __future__ import annotations

import argparse
import time

from bench.pages import median_p90, seeded_app
from bench.seed import LOGINS, PASSWORD
from editorial.database import counted_statements
from editorial.models import Role

ADDRESS = "/insights/?period=90"


def main(argv: list[str] | None = None) -> None:
    """Seed, then time the insights page."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--database-url", help="a fresh PostgreSQL database to create and drop")
    args = parser.parse_args(argv)
    with seeded_app(args.database_url, args.articles, "insights", WTF_CSRF_ENABLED=False) as app:
        client = app.test_client()
        signed = client.post("/login", data={"email": LOGINS[Role.EDITOR], "password": PASSWORD})
        if signed.status_code != 302:
            raise SystemExit(f"Sign-in answered {signed.status_code}")
        warm = client.get(ADDRESS)
        if warm.status_code != 200:
            raise SystemExit(f"{ADDRESS} answered {warm.status_code}")
        timings = []
        for _ in range(args.runs):
            with counted_statements(app) as statements:
                started = time.perf_counter()
                client.get(ADDRESS)
                timings.append((time.perf_counter() - started) * 1000)
        median, p90 = median_p90(timings)
        print(
            f"{ADDRESS} at {args.articles:,} stories: median {median:.0f} ms, "
            f"p90 {p90:.0f} ms, {len(statements)} SQL statements, "
            f"{len(warm.get_data()) / 1024:.0f} KB"
        )


if __name__ == "__main__":
    main()
