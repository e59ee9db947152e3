"""Planning and execution time of every statement a reader's page sends when it is redrawn, on
PostgreSQL (`EXPLAIN ANALYZE`).

    .venv/bin/python -m bench.page_plans --database-url \\
        postgresql+psycopg://postgres@127.0.0.1:5432/pg_100k --path / [--plans]

Asks the page once (page cache off, the clock frozen at `--at`), moves the site's version on
(every kept part is drawn again, as after any change a reader could see), asks it again and
records each statement sent through SQLAlchemy with its values; then runs `EXPLAIN (ANALYZE,
BUFFERS)` of each three times and prints the best planning and execution times, and their
totals (`--plans`: each plan too). Statements sent past SQLAlchemy (the site's version,
`raw_reads`) are not in it. The page's statements are planned at every run here: psycopg
drops its prepared statements at every rollback (bench:pgpages). Moves the database's site
version: give it a copy.
"""

from __future__ import annotations

import argparse
import re
from datetime import UTC, datetime
from typing import Any

import psycopg
from sqlalchemy import event

from bench.public_cpu import FROZEN
from editorial import clock, create_app
from editorial.extensions import db

_PLANNING = re.compile(r"Planning Time: ([\d.]+)")
_EXECUTION = re.compile(r"Execution Time: ([\d.]+)")


def sent(url: str, path: str, at: datetime) -> list[tuple[str, Any]]:
    """The statements and values `path`'s redraw sends through SQLAlchemy."""
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": "bench-page-plans",
            "SCHEDULER_ENABLED": False,
            "PUBLIC_PAGE_CACHE_SECONDS": 0,
        }
    )
    seen: list[tuple[str, Any]] = []
    with clock.frozen(at):
        client = app.test_client()
        client.get(path)
        with psycopg.connect(_plain(url), autocommit=True) as connection:
            connection.execute("UPDATE site_version SET number = number + 1 WHERE id = 1")
        with app.app_context():

            def keep(_conn: Any, _cursor: Any, statement: str, values: Any, *_: Any) -> None:
                seen.append((statement, values))

            event.listen(db.engine, "before_cursor_execute", keep)
        client.get(path)
    return seen


def _plain(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


def main(argv: list[str] | None = None) -> None:
    """Measure; see the module docstring."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--path", default="/")
    parser.add_argument("--at", type=datetime.fromisoformat, default=FROZEN)
    parser.add_argument("--plans", action="store_true")
    args = parser.parse_args(argv)
    statements = sent(args.database_url, args.path, args.at.replace(tzinfo=UTC))
    planned = executed = 0.0
    with psycopg.connect(_plain(args.database_url), autocommit=True) as connection:
        literal = psycopg.ClientCursor(connection)
        for statement, values in statements:
            sql = literal.mogrify(statement, values)
            best: tuple[float, float, list[str]] | None = None
            for _ in range(3):
                rows = connection.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}").fetchall()
                lines = [str(row[0]) for row in rows]
                text = "\n".join(lines)
                plan, run = (float(p.search(text).group(1)) for p in (_PLANNING, _EXECUTION))  # type: ignore[union-attr]
                if best is None or plan + run < best[0] + best[1]:
                    best = (plan, run, lines)
            assert best is not None  # noqa: S101
            planned, executed = planned + best[0], executed + best[1]
            shown = " ".join(statement.split())[:120]
            print(f"plan {best[0]:7.3f} ms  run {best[1]:7.3f} ms  {shown}")
            if args.plans:
                print("\n".join(best[2]))
    total = f"planning {planned:.2f} ms, running {executed:.2f} ms"
    print(f"{args.path}: {len(statements)} statements, {total}")


if __name__ == "__main__":
    main()
