"""CPU per request of the live desk, the desk search and the writes, in process, on a seeded copy.

`python -m bench.writes_cpu --database-url sqlite:////tmp/x-s10k.sqlite3 --runs 15` signs in
as the seeded editor and asks each request as the wrk benchmark does (`bench.writes`,
`bench.endpoints`, `bench.more_requests`): the live desk with 1,000 posts, posting to it and
commenting through htmx (and `comment-post-stamped`, from the story's desk page its earlier
answers kept current), an autosave of a draft, the editor's heartbeat, a transition (submit,
then return, drafts in turn), a claim's verdict (as wrk sends it, and `claim-verdict-stamped` as a
browser sends it from a desk page its earlier verdicts kept current; both to the ledger's claims
in turn, the ledger put back as seeded after the run), a breaking headline, the
desk search through htmx, and `transition-409`: a return refused 409 (a draft, no longer in
edit, as a return that lost its race to a submit). It prints each one's median CPU
(`time.process_time`, so another job on a shared machine does not count) and its statement
count. The writes add rows to the copy (run it on a copy, never a seed). `--profile KEY`
prints cProfile's top functions for one of them; `--save DIR` writes each answer's body, asked
at a frozen time, to DIR/KEY.html, so two versions of the code can be compared byte for byte.

Run "before" and "after" (a `git archive` of the older commit through `PYTHONPATH`) in turn,
each on its own copy, rounds interleaved: the machine is shared and noisy.
"""

from __future__ import annotations

import argparse
import cProfile
import itertools
import pstats
import re
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from flask import Flask
from flask.testing import FlaskClient

from bench.claims import ledger_claim_ids, remove_bench_checks
from bench.cpu import signed_in
from bench.more_requests import BENCH_TRANSITION_NOTE, drafts_for_transitions
from bench.seed import Targets, targets
from bench.writes import BENCH_HEADLINE, editor_form
from bench.wrk import VARY
from editorial import clock
from editorial.board_version import board_version
from editorial.database import counted_statements
from editorial.extensions import db
from editorial.page_cache import site_version

REFUSED = {"transition-409": (409,)}  # the keys answered with a refusal, and its status
FROZEN = datetime(2026, 12, 6, 3, 0, tzinfo=UTC)
Request = Callable[[int], tuple[str, str, dict[str, str], str | None]]


def csrf_of(client: FlaskClient, path: str) -> str:
    page = client.get(path).get_data(as_text=True)
    found = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    if found is None:
        raise SystemExit(f"No CSRF token on {path}")
    return found.group(1)


def requests(app: Flask, client: FlaskClient) -> dict[str, Request]:
    """Each measured request as a function of its turn (so a write's text differs each time)."""
    with app.app_context():
        seeded: Targets = targets()
    live, draft = seeded.live_article_id, seeded.presence_draft_id
    csrf = csrf_of(client, f"/articles/{live}/live")
    htmx = {"HX-Request": "true", "X-CSRFToken": csrf}
    saving = seeded.autosave_draft_ids[0]
    form = editor_form(app, saving, csrf)
    moving, moves = drafts_for_transitions(app), itertools.count()
    ledger = seeded.ledger_article_id
    return {
        "live-desk": lambda n: ("GET", f"/articles/{live}/live", {}, None),
        "live-post": lambda n: (
            "POST",
            f"/articles/{live}/live/posts",
            htmx
            | {
                "HX-Target": "live-desk",
                "HX-Current-URL": f"http://localhost/articles/{live}/live",
            },
            urlencode({"headline": "", "body": f"Bench live post {n}"}),
        ),
        "comment-post": lambda n: (
            "POST",
            f"/articles/{draft}/comments",
            htmx | {"HX-Target": "comment-thread", "HX-Current-URL": "http://localhost/desk/"},
            urlencode({"body": f"Bench comment {n}", "parent_id": ""}),
        ),
        # As a browser sends it from the story's desk page its earlier answers kept current: the
        # page's stamp, so the new thread comes back alone (`articles.comments.views`).
        "comment-post-stamped": lambda n: (
            "POST",
            f"/articles/{draft}/comments",
            htmx
            | {
                "HX-Target": "comment-thread",
                "HX-Current-URL": f"http://localhost/articles/{draft}",
            },
            urlencode(
                {"body": f"Bench comment {n}", "parent_id": "", "desk_seen": _stamp_now(app)}
            ),
        ),
        "autosave": lambda n: (
            "POST",
            f"/articles/{saving}/autosave",
            htmx
            | {
                "HX-Target": "autosave",
                "HX-Current-URL": f"http://localhost/articles/{saving}/edit",
            },
            form.replace(VARY, str(n)),
        ),
        "heartbeat": lambda n: (
            "POST",
            f"/articles/{draft}/presence",
            htmx | {"HX-Target": "presence", "HX-Current-URL": "http://localhost/desk/"},
            "",
        ),
        # As `bench.more_requests.transition`: a draft submitted, then returned, drafts in turn.
        "transition": lambda n: transition_turn(moving, next(moves), n, htmx),
        # A transition refused 409 (the story is no longer where the button was drawn): a draft
        # returned as if it were still in edit, as a return that lost its race to a submit is
        # in wrk's run. Nothing is written; the actions panel comes back with the reason.
        "transition-409": lambda n: (
            "POST",
            f"/articles/{draft}/transition/return",
            htmx | {"HX-Target": "article-actions", "HX-Current-URL": "http://localhost/desk/"},
            urlencode({"note": f"{BENCH_TRANSITION_NOTE} {n}", "next": f"/articles/{draft}"}),
        ),
        **claim_verdicts(app, ledger, htmx),
        "breaking-post": lambda n: (
            "POST",
            "/breaking",
            {},
            urlencode(
                {
                    "csrf_token": csrf,
                    "new-text": f"{BENCH_HEADLINE} {n}",
                    "new-article": "",
                    "new-starts_at": "",
                    "new-ends_at": "",
                }
            ),
        ),
        "search-desk": lambda n: (
            "GET",
            "/desk/search?q=minister",
            {"HX-Request": "true", "HX-Current-URL": "http://localhost/desk/"},
            None,
        ),
    }


def claim_verdicts(app: Flask, ledger: int, htmx: dict[str, str]) -> dict[str, Request]:
    """A verdict as wrk sends it (`bench.writes.claim_verdict`), and as a browser sends it from a
    page its earlier verdicts kept current (the page's stamp, `articles.panels`: only the panels
    a verdict changes come back). Both go to the ledger story's claims in turn, one count for
    the two: all on its first claim, each verdict read and drew a history that grew with every
    request, so the figure grew with the copy's use (`put_back_ledger` puts it back)."""
    with app.app_context():
        turns = itertools.cycle(ledger_claim_ids(ledger))
        db.session.rollback()
    page = {"HX-Current-URL": f"http://localhost/articles/{ledger}"}
    evidence = {"verdict": "verified", "sources": "https://example.org/bench-source"}

    def verdict(n: int, stamped: bool) -> tuple[str, str, dict[str, str], str | None]:
        form: dict[str, Any] = evidence | {"note": n}
        if stamped:
            form["desk_seen"] = _stamp_now(app)
        return "POST", f"/articles/{ledger}/claims/{next(turns)}", htmx | page, urlencode(form)

    return {
        "claim-verdict": lambda n: verdict(n, False),
        "claim-verdict-stamped": lambda n: verdict(n, True),
    }


def put_back_ledger(app: Flask) -> None:
    """The ledger's claims as seeded again (`bench.claims.remove_bench_checks`), after a run
    that sent verdicts: the next run on the copy measures the same ledger."""
    with app.app_context():
        remove_bench_checks(targets().ledger_article_id)
        db.session.commit()


def _stamp_now(app: Flask) -> str:
    """The desk page's stamp now (`articles.panels.desk_stamp`), as the last answer set it."""
    with app.test_request_context():
        stamp = f"{board_version()}.{site_version()}"
        db.session.rollback()
    return stamp


def transition_turn(
    drafts: list[int], move: int, turn: int, htmx: dict[str, str]
) -> tuple[str, str, dict[str, str], str | None]:
    """The `move`th transition: submit a draft, then return it with a note (drafts in turn)."""
    article_id = drafts[(move // 2) % len(drafts)]
    page = f"/articles/{article_id}"
    headers = htmx | {"HX-Target": "article-actions", "HX-Current-URL": "http://localhost/desk/"}
    if move % 2 == 0:
        return "POST", f"{page}/transition/submit", headers, urlencode({"note": "", "next": page})
    note = f"{BENCH_TRANSITION_NOTE} {turn}"
    return "POST", f"{page}/transition/return", headers, urlencode({"note": note, "next": page})


def send(client: FlaskClient, request: Request, turn: int) -> tuple[float, Any]:
    """One request sent: CPU in ms and the answer (`bench.ab`'s writes send theirs this way),
    with the session's cookie as it was before (wrk sends the signed-in cookie every time: a
    flash the answer added, as the breaking headline's redirect adds one, is not sent back, so
    it does not pile up in the cookie and cost the next request its parsing and signing)."""
    method, path, headers, body = request(turn)
    name = client.application.config["SESSION_COOKIE_NAME"]
    cookie = client.get_cookie(name)
    started = time.process_time()
    answer = client.open(
        path,
        method=method,
        headers=headers,
        data=body,
        content_type="application/x-www-form-urlencoded" if body is not None else None,
    )
    spent = (time.process_time() - started) * 1000
    if cookie is not None:  # as wrk, which sends the signed-in cookie every time
        client.set_cookie(name, cookie.value)
    return spent, answer


def ask(
    client: FlaskClient, request: Request, turn: int, ok: tuple[int, ...] = (200, 302)
) -> tuple[float, str, int]:
    """One request: CPU in ms, the body, the status (one of `ok`, else the run stops)."""
    spent, answer = send(client, request, turn)
    if answer.status_code not in ok:
        asked = answer.request
        raise SystemExit(f"{asked.method} {asked.path} answered {answer.status_code}")
    return spent, answer.get_data(as_text=True), answer.status_code


def main(argv: list[str] | None = None) -> None:
    """Measure; see the module docstring."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--keys", help="comma-separated (default: all)")
    parser.add_argument("--profile", help="a key: print cProfile's top functions for it")
    parser.add_argument("--save", help="a folder: each answer at a frozen time, for comparing")
    args = parser.parse_args(argv)
    app, client = signed_in(args.database_url)
    asked = requests(app, client)
    keys = args.keys.split(",") if args.keys else list(asked)
    verdicts = [key for key in (args.profile or "", *keys) if key.startswith("claim-verdict")]
    try:
        measure(app, client, asked, keys, args)
    finally:
        if verdicts:
            put_back_ledger(app)


def measure(
    app: Flask,
    client: FlaskClient,
    asked: dict[str, Request],
    keys: list[str],
    args: argparse.Namespace,
) -> None:
    """Save, profile or time the requests `keys` (`main`'s options)."""
    turn = int(time.time()) * 2  # a fresh text per request, across runs too (even: a submit)
    if args.save:
        folder = Path(args.save)
        folder.mkdir(parents=True, exist_ok=True)
        with clock.frozen(FROZEN):
            for key in keys:  # the same texts on every run, so two runs compare
                _, body, _ = ask(client, asked[key], 0, REFUSED.get(key, (200, 302)))
                (folder / f"{key}.html").write_text(body)
        return
    if args.profile:
        profiler = cProfile.Profile()
        for _ in range(3):
            turn += 1
            ask(client, asked[args.profile], turn, REFUSED.get(args.profile, (200, 302)))
        profiler.enable()
        for _ in range(args.runs):
            turn += 1
            ask(client, asked[args.profile], turn, REFUSED.get(args.profile, (200, 302)))
        profiler.disable()
        stats = pstats.Stats(profiler).sort_stats("cumulative")
        stats.print_stats(45)
        return
    print(f"CPU ms per request, median of {args.runs} after 2 warm-ups; statements per request")
    for key in keys:
        ok = REFUSED.get(key, (200, 302))
        for _ in range(2):
            turn += 1
            ask(client, asked[key], turn, ok)
        timings = []
        for _ in range(args.runs):
            turn += 1
            timings.append(ask(client, asked[key], turn, ok)[0])
        turn += 1
        with counted_statements(app) as counted:
            ask(client, asked[key], turn, ok)
        print(f"{key:<14} {statistics.median(timings):7.1f}  {len(counted):4d}", flush=True)


if __name__ == "__main__":
    main()
