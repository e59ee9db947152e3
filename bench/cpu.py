"""CPU per page on already seeded databases, the databases interleaved request by request.

`python -m bench.cpu --database-url sqlite:////tmp/s10k.sqlite3 --database-url
sqlite:////tmp/d100k.sqlite3 --runs 15` signs in as the seeded editor on each database (seeded
with `bench.seed`, e.g. 10,000 and 100,000 `--desk-of 10000`) and asks each page through Flask's
test client, one request on each database in turn, timing the process's CPU
(`time.process_time`, so another job on a shared machine does not count), and prints the median
per database and each one's growth over the first. Flask's test client runs the whole request
(the session check, the views, the templates) but no server.

`--cold` forgets the fragment cache (and the kept searches) before each request, so a kept
board (`desk.views.kept_board`) is drawn every time: the path of the first request after any
change on the desk, or of a new minute. Without it the page is asked as wrk asks it, a kept
board reused. `--statements` prints, for one request per database, each SQL statement with its
wall time (and SQLite's EXPLAIN QUERY PLAN with `--plans`): what grows between the databases.
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event
from werkzeug.test import TestResponse

from bench.claims import ledger_claim_ids, remove_bench_checks
from bench.seed import LOGINS, PASSWORD, targets
from bench.session import sign_in_client
from editorial import clock, create_app, newsroom
from editorial.extensions import db
from editorial.fragment_cache import fragment_cache
from editorial.models import Role

SEARCHES = "editorial.search_kept"  # `search.kept.EXTENSION` (an older tree has none)


def pages(app: Flask) -> dict[str, str]:
    """The pages issue 28's growth run found growing, as the wrk benchmark asks them."""
    with app.app_context():
        seeded = targets()
        today = clock.to_local(clock.now(), newsroom.zone()).date().isoformat()
    return {
        "desk": "/desk/",
        "desk-filter": f"/desk/?section={seeded.section_id}",
        "editor": f"/articles/{seeded.editor_draft_id}/edit",
        "article-desk": f"/articles/{seeded.presence_draft_id}",
        "claims-ledger": f"/articles/{seeded.ledger_article_id}",
        # A write, as wrk posts it (htmx from the ledger's page): `ask` posts a "POST " path,
        # to the ledger's claims in turn (`send`).
        "claim-verdict": f"POST /articles/{seeded.ledger_article_id}/claims/",
        "factcheck-queue": "/factcheck",
        "queue": "/queue/",
        "calendar-month": "/calendar/?view=month",
        "budget-day": f"/plans/budget?day={today}",
        "search": "/search?q=minister",
        "search-two": "/search?q=ceasefire+talks&page=3",
        "insights": "/insights/?period=90",
        "desk-search": "/desk/search?q=minister",
    }


def signed_in(url: str) -> tuple[Flask, FlaskClient]:
    """An app on `url` (page cache, scheduler and rate limits off) and a client signed in as the
    seeded editor, as the wrk benchmark signs in."""
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": "bench-cpu-only",
            "SCHEDULER_ENABLED": False,
            "PUBLIC_PAGE_CACHE_SECONDS": 0,
            "RATELIMIT_ENABLED": False,
        }
    )
    client = app.test_client()
    signed = sign_in_client(client, LOGINS[Role.EDITOR], PASSWORD)
    if signed != 302:
        raise SystemExit(f"{url}: sign-in answered {signed}")
    return app, client


def send(client: FlaskClient, path: str) -> TestResponse:
    """GET `path`, or for "POST <page>/claims/" a claim's verdict as the wrk benchmark posts it:
    htmx from the story's desk page, the CSRF token in its header, a fresh note each time, to
    the ledger's claims in turn (all on one, each verdict read and drew a history that grew
    with the copy's use, bench:verdict10; `main` puts the ledger back as seeded)."""
    if not path.startswith("POST "):
        return client.get(path)
    page = path.removeprefix("POST ").split("/claims/")[0]
    if client not in _TOKENS:  # the session's token, read once from the page
        html = client.get(page).get_data(as_text=True)
        _TOKENS[client] = html.split('"X-CSRFToken": "')[1].split('"')[0]
        with client.application.app_context():
            ledger = int(page.rsplit("/", 1)[1])
            _TURNS[client] = itertools.cycle(ledger_claim_ids(ledger))
            db.session.rollback()
    token = _TOKENS[client]
    address = f"{page}/claims/{next(_TURNS[client])}"
    headers = {
        "HX-Request": "true",
        "HX-Current-URL": "http://localhost" + page,
        "X-CSRFToken": token,
    }
    form = {
        "verdict": "verified",
        "sources": "https://example.org/bench-source",
        "note": f"bench {next(_NOTES)}",
    }
    return client.post(address, data=form, headers=headers)


_NOTES = itertools.count()
_TOKENS: dict[FlaskClient, str] = {}
_TURNS: dict[FlaskClient, Iterator[int]] = {}


def forget(app: Flask) -> None:
    """Forget the kept fragments, and the kept searches (`search.kept`, a cache of their own)."""
    with app.app_context():
        fragment_cache().clear()
        searches = app.extensions.get(SEARCHES)
        if searches is not None:
            searches.clear()


def ask(app: Flask, client: FlaskClient, path: str, cold: bool) -> float:
    """One request's CPU in ms (the fragment cache forgotten first when `cold`)."""
    if cold:
        forget(app)
    started = time.process_time()
    answer = send(client, path)
    spent = (time.process_time() - started) * 1000
    if answer.status_code != 200:
        raise SystemExit(f"{path} answered {answer.status_code}")
    return spent


@contextmanager
def timed_statements(app: Flask) -> Iterator[list[tuple[float, str, Any]]]:
    """(ms, statement, parameters) of every statement the block sends."""
    found: list[tuple[float, str, Any]] = []
    started: list[float] = []

    def before(*_: Any) -> None:
        started.append(time.perf_counter())

    def after(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        found.append(((time.perf_counter() - started.pop()) * 1000, statement, parameters))

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "after_cursor_execute", after)
    try:
        yield found
    finally:
        event.remove(engine, "before_cursor_execute", before)
        event.remove(engine, "after_cursor_execute", after)


def sqlite_plan(app: Flask, statement: str, parameters: Any) -> str:
    """SQLite's EXPLAIN QUERY PLAN of `statement`, one line per step."""
    with app.app_context():
        connection = db.engine.raw_connection()
        try:
            rows = connection.cursor().execute("EXPLAIN QUERY PLAN " + statement, parameters)
            return "\n".join(f"      {row[3]}" for row in rows)
        finally:
            connection.close()


def show_statements(app: Flask, client: FlaskClient, path: str, cold: bool, plans: bool) -> None:
    """Print each statement one request sends, slowest first."""
    if cold:
        forget(app)
    with timed_statements(app) as found:
        send(client, path)
    print(f"    {len(found)} statements, {sum(ms for ms, _, _ in found):.1f} ms")
    for ms, statement, parameters in sorted(found, key=lambda row: -row[0])[:8]:
        print(f"    {ms:7.2f} ms  {' '.join(statement.split())[:150]}")
        if plans and app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
            print(sqlite_plan(app, statement, parameters))


def main(argv: list[str] | None = None) -> None:
    """Measure; see the module docstring."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--database-url", action="append", required=True)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--pages", help="comma-separated keys (default: all)")
    parser.add_argument("--cold", action="store_true", help="forget kept fragments each time")
    parser.add_argument("--statements", action="store_true")
    parser.add_argument("--plans", action="store_true", help="with --statements: SQLite's plans")
    args = parser.parse_args(argv)
    apps = [signed_in(url) for url in args.database_url]
    paths = [pages(app) for app, _ in apps]
    keys = args.pages.split(",") if args.pages else list(paths[0])
    try:
        measure(apps, paths, keys, args)
    finally:
        for app, client in apps:
            if client in _TURNS:  # verdicts were sent: the ledger as seeded again
                with app.app_context():
                    remove_bench_checks(targets().ledger_article_id)
                    db.session.commit()


def measure(
    apps: list[tuple[Flask, FlaskClient]],
    paths: list[dict[str, str]],
    keys: list[str],
    args: argparse.Namespace,
) -> None:
    """Time the pages `keys` on each database in turn (`main`'s options)."""
    mode = "cold (fragment cache forgotten)" if args.cold else "warm (as wrk asks)"
    print(f"CPU ms per request, median of {args.runs}, {mode}; growth over the first database")
    for key in keys:
        timings: list[list[float]] = [[] for _ in apps]
        for (app, client), where in zip(apps, paths, strict=True):
            ask(app, client, where[key], False)  # warm templates and connections
        for _ in range(args.runs):
            for index, ((app, client), where) in enumerate(zip(apps, paths, strict=True)):
                timings[index].append(ask(app, client, where[key], args.cold))
        medians = [statistics.median(t) for t in timings]
        cells = "  ".join(
            f"{m:7.1f}" + (f" ({m / medians[0]:.2f}×)" if i else "") for i, m in enumerate(medians)
        )
        print(f"{key:<16} {cells}")
        if args.statements:
            for (app, client), where, url in zip(apps, paths, args.database_url, strict=True):
                print(f"  {url}: GET {where[key]}")
                show_statements(app, client, where[key], args.cold, args.plans)


if __name__ == "__main__":
    main()
