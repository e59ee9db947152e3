"""The settings accessor's cost per request: kept (one version lookup) against re-read after a
change (the version and the row).

`python -m bench.settings_accessor [--requests 2000]` makes a fresh SQLite database (or
`--database-url`, a PostgreSQL database it creates and drops), then runs `newsroom.current()` in
that many request contexts: once with nothing changing between requests (the kept settings), once
with the site version moved on before each (every request reads the row again). It prints the
microseconds per request and the SQL statements each one sent. A benchmark, not a test: timings
depend on the machine.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import event, text

from bench import databases
from editorial import create_app, newsroom
from editorial.extensions import db
from editorial.page_cache import bump_site_version
from editorial.site_settings.service import save_settings


def _run(app: Flask, requests: int, *, changing: bool) -> tuple[float, float]:
    """Microseconds per request and statements per request for `requests` request contexts."""
    statements = 0

    def count(*_args: Any) -> None:
        nonlocal statements
        statements += 1

    with app.app_context():
        engine = db.engine
    spent = 0.0
    for _ in range(requests):
        if changing:
            with app.app_context():
                bump_site_version()
                db.session.commit()
        with app.test_request_context("/"):
            # The request's transaction is open already (a real request has read something by
            # then), so what is timed is the accessor, not the connection's checkout.
            db.session.execute(text("SELECT 1"))
            event.listen(engine, "before_cursor_execute", count)
            start = time.perf_counter()
            newsroom.current()
            newsroom.current()  # a second ask in the same request costs nothing
            spent += time.perf_counter() - start
            event.remove(engine, "before_cursor_execute", count)
            db.session.remove()
    return spent / requests * 1e6, statements / requests


def main(argv: list[str] | None = None) -> None:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--database-url", help="a fresh PostgreSQL database to create and drop")
    args = parser.parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="editorial-settings-"))
    try:
        with databases.fresh(args.database_url, workdir) as database:
            app = create_app(
                {
                    "SQLALCHEMY_DATABASE_URI": database.url,
                    "SECRET_KEY": "bench-settings-only",
                    "SCHEDULER_ENABLED": False,
                }
            )
            with app.app_context():
                upgrade(directory=app.extensions["migrate"].directory)
                save_settings(
                    {"newsroom_name": "Bench Gazette", "about_md": "x" * 5000}, actor=None
                )
                db.session.commit()
            print(f"{database.description}, {args.requests} requests each")
            for label, changing in (("kept", False), ("re-read after a change", True)):
                micros, per_request = _run(app, args.requests, changing=changing)
                print(f"  {label:<24} {micros:8.1f} µs/request  {per_request:.2f} statements")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
