"""PostgreSQL's plans for the pages issue 28 names, on a seeded database: every statement a page
runs, EXPLAIN ANALYZE'd, with its time and the sequential scans in its plan.

`python -m bench.plans --database-url postgresql+psycopg://postgres@127.0.0.1:5432/DB` on a
migrated and seeded database (`flask --app wsgi init`, then `python -m bench.seed --articles
100000 --desk-of 10000`): the board (all, one section, "mine"), My queue, the fact-check queue,
the editor, the public article (related, most read, read next), public search. An editor's
pages are requested in-process as the seeded editor (signed in through the test client's
session), each once first, so the kept board is reused as a server's later requests find it
(`--cold`: forgotten, so the board is drawn). Prints, per page, each statement
that takes over `--slower-than` ms or scans a large table (over 10,000 rows) sequentially, and
the page's total.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import Flask
from sqlalchemy import event, text

from bench.seed import LOGINS, PASSWORD, seeding_app, targets
from bench.session import sign_in_client
from editorial.extensions import db
from editorial.fragment_cache import fragment_cache
from editorial.models import Role

SEQ_SCAN = re.compile(r"Seq Scan on (\w+)")
EXECUTION = re.compile(r"Execution Time: ([\d.]+) ms")
LARGE = 10_000  # rows: a table this size is one the archive grows


@contextmanager
def captured(app: Flask) -> Iterator[list[tuple[str, Any]]]:
    """The statements (and parameters) the app sends while the block runs."""
    statements: list[tuple[str, Any]] = []

    def remember(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if statement.lstrip().upper().startswith(("SELECT", "WITH")):
            statements.append((statement, parameters))

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", remember)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", remember)


def explain(app: Flask, statement: str, parameters: Any) -> tuple[float, list[str], str]:
    """The statement's execution time (ms), the tables it scans sequentially, and its plan."""
    with app.app_context():
        connection = db.engine.raw_connection()
        try:
            cursor = connection.cursor()
            cursor.execute("EXPLAIN (ANALYZE, COSTS OFF) " + statement, parameters)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            connection.rollback()
        finally:
            connection.close()
    found = EXECUTION.search(plan)
    return (float(found.group(1)) if found else 0.0), SEQ_SCAN.findall(plan), plan


def large_tables(app: Flask, rows: int = LARGE) -> set[str]:
    """The tables holding more than `rows` rows (PostgreSQL's estimate): a sequential scan of one
    of them grows with the archive; of a small one (sections, users) it is the right plan."""
    with app.app_context():
        found = db.session.execute(
            text("SELECT relname FROM pg_stat_user_tables WHERE n_live_tup > :rows"), {"rows": rows}
        )
        names = {name for (name,) in found}
        db.session.rollback()
    return names


def pages(app: Flask) -> list[tuple[str, str]]:
    """(name, path) of what is explained."""
    with app.app_context():
        seeded = targets()
    return [
        ("board", "/desk/"),
        ("board, one section", f"/desk/?section={seeded.section_id}"),
        ("board, mine", "/desk/?mine=y"),
        ("My queue", "/queue/"),
        ("fact-check queue", "/factcheck"),
        ("editor page", f"/articles/{seeded.editor_draft_id}/edit"),
        ("public article", f"/news/{seeded.article_slug}"),
        ("public search", "/search?q=minister"),
        ("public search, two words, page 3", "/search?q=ceasefire+talks&page=3"),
        ("public search, a word in no story", "/search?q=quokka"),
    ]


def main(argv: list[str] | None = None) -> None:
    """Explain every statement of each page; see the module docstring."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--slower-than", type=float, default=2.0, help="ms (default 2)")
    parser.add_argument("--plans", action="store_true", help="print the whole plans shown")
    parser.add_argument(
        "--cold", action="store_true", help="forget the kept board (fragment cache) first"
    )
    args = parser.parse_args(argv)
    app = seeding_app(args.database_url)
    app.config.update(PUBLIC_PAGE_CACHE_SECONDS=0)
    client = app.test_client()
    signed = sign_in_client(client, LOGINS[Role.EDITOR], PASSWORD)
    if signed != 302:
        raise SystemExit(f"Sign-in answered {signed}")
    large = large_tables(app)
    for name, path in pages(app):
        client.get(path)  # warm the caches the app keeps, as a server's later requests find them
        if args.cold:  # a board drawn afresh: the first request after a change, or a new minute
            with app.app_context():
                fragment_cache().clear()
        with captured(app) as statements:
            status = client.get(path).status_code
        total, shown = 0.0, []
        for statement, parameters in statements:
            ms, scans, plan = explain(app, statement, parameters)
            scans = [table for table in scans if table in large]
            total += ms
            if ms >= args.slower_than or scans:
                shown.append((ms, scans, statement, plan))
        print(f"\n== {name}: GET {path} -> {status}, {len(statements)} statements, {total:.1f} ms")
        for ms, scans, statement, plan in shown:
            first = " ".join(statement.split())[:160]
            print(f"  {ms:8.2f} ms  seq scans: {', '.join(scans) or '-'}  {first}")
            if args.plans:
                print("    " + plan.replace("\n", "\n    "))


if __name__ == "__main__":
    main()
