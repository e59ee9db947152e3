"""CPU per unchanged poll in process, with the poll gate (`editorial.fast_polls`) and without it.

Issue 28: an unchanged poll should cost at most twice a Flask hello world. Each poll is asked
once for its ETag, then `--requests` times with `If-None-Match`, each timed with
`time.process_time` around the test client (CPU of this one process: the machine is shared).
"Flask" is the same app with the gate taken off (`Gate.wrapped`), so the two differ only by the
gate; rounds interleave hello world, Flask and the gate. Prints only.

    .venv/bin/python -m bench.poll_path --articles 1000 --requests 300 --rounds 3
    .venv/bin/python -m bench.poll_path --direct   # the WSGI app called as a server calls it
    .venv/bin/python -m bench.poll_path --profile comments   # cProfile of the gate's 304
    PROFILE_SORT=tottime .venv/bin/python -m bench.poll_path --direct --profile comments
    .venv/bin/python -m bench.poll_path --direct --database postgresql+psycopg://postgres@127.0.0.1:5432/bench_polls
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import time
from collections.abc import Callable
from functools import partial
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from bench import hello
from bench.pages import seeded_app
from bench.seed import LOGINS, PASSWORD, targets
from editorial import clock
from editorial.extensions import db
from editorial.fast_polls import Gate
from editorial.models import Role

HX = {"HX-Request": "true"}


def polls(app: Flask) -> dict[str, tuple[str, bool]]:
    """Each poll's address, and whether it is asked signed in."""
    with app.app_context():
        found = targets()
    return {
        "inbox badge": ("/inbox/badge", True),
        "board refresh": ("/desk/refresh", True),
        "comments": (f"/articles/{found.presence_draft_id}/comments", True),
        "presence": (f"/articles/{found.presence_draft_id}/presence", True),
        "alarm banner": ("/alarms/banner?next=%2Fdesk%2F", True),
        "breaking lists": ("/breaking", True),
        "live desk stream": (f"/articles/{found.live_article_id}/live/stream", True),
        "ticker (signed out)": ("/breaking/ticker", False),
        "public article revalidated": (f"/news/{found.article_slug}", False),
    }


def flask_and_gate(
    app: Flask,
    gate: Gate,
    askers: dict[str, Callable[[], Any]],
    hello_ask: Callable[[], Any],
    rounds: int,
    requests: int,
) -> tuple[float, dict[str, dict[str, list[float]]]]:
    """Each request asked through Flask alone and then through the gate, rounds interleaved with
    hello world: the median hello world (CPU ms) and each request's "flask" and "gate" runs."""
    hellos: list[float] = []
    results: dict[str, dict[str, list[float]]] = {}
    for _round in range(rounds):
        hellos.append(per_request(hello_ask, requests))
        for name, ask in askers.items():
            app.wsgi_app = gate.wrapped  # type: ignore[method-assign]
            flask_ms = per_request(ask, requests)
            app.wsgi_app = gate  # type: ignore[method-assign]
            gate_ms = per_request(ask, requests)
            row = results.setdefault(name, {})
            row.setdefault("flask", []).append(flask_ms)
            row.setdefault("gate", []).append(gate_ms)
    return statistics.median(hellos), results


def per_request(ask: Callable[[], Any], requests: int) -> float:
    """Median CPU milliseconds of one request."""
    timings = []
    for _ in range(requests):
        start = time.process_time()
        ask()
        timings.append(time.process_time() - start)
    return statistics.median(timings) * 1000


def _asker(client: FlaskClient, url: str, htmx: bool, direct: bool) -> Callable[[], Any]:
    first = client.get(url, headers=HX if htmx else {})
    etag = first.headers["ETag"]
    headers = {**(HX if htmx else {}), "If-None-Match": etag}
    if direct:
        asked = client.get(url, headers=headers)
        return direct_asker(client.application, dict(asked.request.environ), True)

    def ask() -> Any:
        answer = client.get(url, headers=headers)
        if answer.status_code != 304:
            raise RuntimeError(f"{url} answered {answer.status_code}, not 304")

    return ask


def direct_asker(app: Flask, environ: dict[str, Any], expect_304: bool) -> Callable[[], Any]:
    """The app called as a WSGI server calls it (with a request's environ), without the test
    client's own work."""
    seen: list[str] = []

    def start_response(status: str, _headers: Any, _info: Any = None) -> Any:
        seen.append(status)
        return None

    def ask() -> Any:
        seen.clear()
        body = app(dict(environ), start_response)
        for _chunk in body:
            pass
        getattr(body, "close", lambda: None)()
        if expect_304 and not seen[0].startswith("304"):
            raise RuntimeError(f"{environ['PATH_INFO']} answered {seen[0]}, not 304")

    return ask


def main() -> None:
    """Seed, sign in, then time hello world, Flask's 304 and the gate's 304 in turn."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--profile", help="profile this poll's gate 304 instead (cProfile)")
    parser.add_argument(
        "--database", help="a PostgreSQL URL to seed a fresh database in (default: SQLite)"
    )
    parser.add_argument(
        "--direct", action="store_true", help="call the WSGI app directly (no test client)"
    )
    arguments = parser.parse_args()
    seeding = seeded_app(arguments.database, arguments.articles, "pollpath", WTF_CSRF_ENABLED=False)
    # The clock held still: a page's ETag carries a 5-second slot, the board's the minute.
    with seeding as app, clock.frozen(clock.now()):
        gate = app.wsgi_app
        if not isinstance(gate, Gate):
            raise RuntimeError("The poll gate is off (FAST_POLLS)")
        staff = app.test_client()
        signed = staff.post("/login", data={"email": LOGINS[Role.EDITOR], "password": PASSWORD})
        if signed.status_code != 302:
            raise RuntimeError(f"Signing in answered {signed.status_code}")
        reader = app.test_client()
        hello_ask = (
            direct_asker(hello.app, dict(hello.app.test_client().get("/").request.environ), False)
            if arguments.direct
            else partial(hello.app.test_client().get, "/")
        )
        with app.app_context():
            db.session.remove()
        askers = {
            name: _asker(
                staff if signed_in else reader,
                url,
                not url.startswith("/news/"),
                arguments.direct,
            )
            for name, (url, signed_in) in polls(app).items()
        }
        if arguments.profile:
            _profile(askers[arguments.profile], arguments.requests)
            return
        hello_ms, results = flask_and_gate(
            app, gate, askers, hello_ask, arguments.rounds, arguments.requests
        )
        how = "called directly" if arguments.direct else "test client"
        print(f"hello world ({how}): {hello_ms:.3f} ms CPU")
        print("| poll | Flask ms | gate ms | ratio to hello world, Flask → gate |")
        print("| --- | ---: | ---: | ---: |")
        for name, row in results.items():
            flask_ms, gate_ms = statistics.median(row["flask"]), statistics.median(row["gate"])
            print(
                f"| {name} | {flask_ms:.3f} | {gate_ms:.3f} | "
                f"{hello_ms / flask_ms:.2f} → {hello_ms / gate_ms:.2f} |"
            )


def _profile(ask: Callable[[], Any], requests: int) -> None:
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(requests):
        ask()
    profile.disable()
    stats = pstats.Stats(profile).sort_stats(os.environ.get("PROFILE_SORT", "cumulative"))
    stats.print_stats(25)
    stats.print_callees("fast_polls.py.*answer|fast_sessions.py.*person|ticker_version|live_items")


if __name__ == "__main__":
    main()
