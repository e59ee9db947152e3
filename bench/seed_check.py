"""What a seeded database holds, table by table: row counts and a checksum of every row, so two
seedings (before and after a change to `bench.seed`) can be compared line by line.

`python -m bench.seed_check --database-url URL --seed --articles 10000` seeds the (migrated,
empty) database with the clock held at `AT` (every time the seed writes comes from it) and prints
one line per table: its name, its rows and a SHA-256 of its rows (each row's values as the
driver returns them, the rows sorted), the search index's rows included (SQLite's FTS5 table as
its columns read back, not its internal segments). Without `--seed` it only prints. `diff` two
outputs: the same lines, the same database. Left out: each person's password hash (argon2 salts
every hash anew), and SQLite's internal tables but its
planner's statistics (`sqlite_stat1`).
"""

from __future__ import annotations

import argparse
import hashlib
from datetime import UTC, datetime

from sqlalchemy import Connection, inspect

from bench import seed as seeding
from editorial import clock
from editorial.extensions import db

AT = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
SKIPPED_COLUMNS = {("users", "password_hash")}


def _tables(connection: Connection) -> list[str]:
    names = set(inspect(connection).get_table_names()) | {"article_search"}
    if connection.dialect.name == "sqlite":  # the planner's statistics (`ANALYZE`) too
        names = {n for n in names if not n.startswith("article_search_")} | {"sqlite_stat1"}
    return sorted(names)


def checksums(connection: Connection) -> list[str]:
    """One line per table: name, rows, SHA-256 of its sorted rows."""
    lines = []
    for name in _tables(connection):
        fts = name == "article_search" and connection.dialect.name == "sqlite"
        rowid = "rowid, " if fts else ""
        result = connection.exec_driver_sql(f'SELECT {rowid}* FROM "{name}"')  # noqa: S608
        keep = [n for n, key in enumerate(result.keys()) if (name, key) not in SKIPPED_COLUMNS]
        rows = sorted(repr(tuple(row[n] for n in keep)) for row in result)
        digest = hashlib.sha256("\n".join(rows).encode()).hexdigest()[:16]
        lines.append(f"{name} {len(rows)} {digest}")
    return lines


def main(argv: list[str] | None = None) -> None:
    """`python -m bench.seed_check`: (seed and) print the tables' checksums."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--seed", action="store_true", help="seed it first, the clock held")
    parser.add_argument("--articles", type=int, default=seeding.ARTICLES)
    parser.add_argument("--desk-of", type=int, help=seeding.DESK_OF_HELP)
    args = parser.parse_args(argv)
    app = seeding.seeding_app(args.database_url)
    with app.app_context():
        if args.seed:
            with clock.frozen(AT):
                seeding.seed(args.articles, desk_of=args.desk_of)
        with db.engine.connect() as connection:
            print("\n".join(checksums(connection)))


if __name__ == "__main__":
    main()
