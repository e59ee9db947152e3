"""CPU per public page in process, signed out, two versions of the code interleaved request by
request (issue 28's readers' pages).

    .venv/bin/python -m bench.public_cpu --database-url sqlite:////tmp/s10k.sqlite3 \
        --before /work/main --runs 20

Each code tree (this one, and `--before`'s if given) runs in a worker process of its own
(`--before-database-url`: the database the other tree reads, one at its own schema); the
driver asks each worker for one page in turn, and each worker times only its own CPU
(`time.process_time`, and the wall time beside it: on PostgreSQL a request also waits for the
server's round trips) around the WSGI app called as a server calls it (the poll gate included,
no test client), with the clock frozen at the same instant in both, so both draw the same
page: the SHA-256 of the status, the headers in order and the bytes are compared, and any
difference is printed. Requests are as wrk sends them (`bench.run`'s list: only a
User-Agent; `--gzip` adds `Accept-Encoding: gzip`). "KEY" is asked of an app with
`PUBLIC_PAGE_CACHE_SECONDS = 0`, "KEY@on" of one with 30 (asked once first, so the rest are
hits), "KEY@304" sends the page's ETag back (cache off); "ticker@poll" and "live-poll@poll"
are the public polls as wrk asks them, with the ETag their first answer gave (cache off), and
"@stale" with an ETag from before a change (their 200, as every open page gets once); the
cheap ones are timed 20 at a time. Hello world (`bench.hello`) is timed the same way in each
worker, for the ratio.
`--tick S` moves both trees' frozen clock on by S seconds before every request (0.004: a
page asked 250 times a second, as under wrk, so the page cache's 5-second slot and whatever
else the clock keys move on as they do there; each request is then one timing, and the bytes
are compared request by request). `--profile KEY` prints cProfile's top functions for one
page in this tree instead;
`--rollover KEY` times eight threads asking it at once as the time slot moves on (every kept
part expires), in the tree on PYTHONPATH.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import hashlib
import json
import os
import pstats
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from werkzeug.test import EnvironBuilder

USER_AGENT = "editorial-bench/1 (wrk on loopback)"
FROZEN = datetime(2026, 12, 6, 4, 0, 7, tzinfo=UTC)  # the clock both trees hold still
# A seed made later than FROZEN has its newest stories in the future there (a 410, not the
# page): `--at 2026-12-06T06:00:07` holds both trees at that instant instead.
POLL_HEADERS = {
    "ticker": {
        "HX-Request": "true",
        "HX-Target": "breaking-ticker",
        "HX-Current-URL": "http://127.0.0.1/",
    }
}
# Requests per timing for the cheap answers.
REPEAT = {"on": 20, "304": 20, "poll": 20, "stale": 20, "hello": 50}


def _apps(url: str) -> dict[str, Any]:
    from bench import hello
    from editorial import create_app

    base = {
        "SQLALCHEMY_DATABASE_URI": url,
        "SECRET_KEY": "bench-public-cpu",
        "SCHEDULER_ENABLED": False,
        "RATELIMIT_ENABLED": False,
    }
    return {
        "off": create_app({**base, "PUBLIC_PAGE_CACHE_SECONDS": 0}),
        "on": create_app({**base, "PUBLIC_PAGE_CACHE_SECONDS": 30}),
        "hello": hello.app,
    }


def _paths(app: Any) -> dict[str, str]:
    from sqlalchemy import select

    from bench.seed import targets
    from editorial.extensions import db
    from editorial.models import Article, Section

    with app.app_context():
        found = targets()
        section = db.session.scalar(select(Section.slug).where(Section.id == found.section_id))
        # The default edition's newest story with a region, as `targets()` picks it now (an
        # older tree's picked an Arabic one at 100,000: a 301), so both trees ask the same.
        article = db.session.scalar(
            select(Article.slug)
            .where(
                Article.state == "published",
                Article.region_id.is_not(None),
                Article.language == "en",
            )
            .order_by(Article.published_at.desc())
            .limit(1)
        )
        # The third edition, where a database publishes one (`--pages es-home,...`).
        spanish = db.session.scalar(
            select(Article.slug)
            .where(Article.state == "published", Article.language == "es")
            .order_by(Article.published_at.desc())
            .limit(1)
        )
        db.session.remove()
    return {
        "es-home": "/es/",
        "es-section": f"/es/section/{section}",
        "es-article": f"/es/news/{spanish}",
        "home": "/",
        "section": f"/section/{section}",
        "article": f"/news/{article}",
        "live": f"/news/{found.live_slug}",
        "ar-home": "/ar/",
        "ar-article": f"/ar/news/{found.arabic_article_slug}",
        "ar-live": f"/ar/news/{found.arabic_live_slug}",
        "search": "/search?q=minister",
        "search-two": "/search?q=ceasefire+talks&page=3",
        "api-breaking": "/api/breaking",
        "ticker": "/breaking/ticker",
        "live-poll": f"/news/{found.live_slug}/live/updates?since=0",
    }


def _environ(path: str, headers: dict[str, str]) -> dict[str, Any]:
    sent: dict[str, str] = {"User-Agent": USER_AGENT, **headers}
    return EnvironBuilder(path=path, headers=list(sent.items())).get_environ()


def _call(app: Any, environ: dict[str, Any]) -> tuple[str, list[tuple[str, str]], bytes]:
    seen: list[Any] = []

    def start_response(status: str, headers: Any, _info: Any = None) -> None:
        seen.append((status, list(headers)))

    answer = app(dict(environ), start_response)
    body = b"".join(answer)
    getattr(answer, "close", lambda: None)()
    return seen[0][0], seen[0][1], body


class Worker:
    """One code tree's apps, answering the driver's asks."""

    def __init__(self, url: str, gzip: bool, at: datetime = FROZEN, tick: float = 0.0) -> None:
        from editorial import clock

        self.freeze = clock.frozen(at)
        self.clock = self.freeze.__enter__()
        self.tick = tick
        self.apps = _apps(url)
        self.paths = _paths(self.apps["off"])
        self.headers = {"Accept-Encoding": "gzip"} if gzip else {}
        self.prepared: dict[str, Callable[[], tuple[str, list[tuple[str, str]], bytes]]] = {}

    def prepare(self, key: str) -> Callable[[], tuple[str, list[tuple[str, str]], bytes]]:
        """The request for `key` ("home", "home@on", "article@304", "hello")."""
        page, _, mode = key.partition("@")
        mode = mode or "off"
        if page == "hello":
            app, environ = self.apps["hello"], _environ("/", {})
        elif mode in ("poll", "stale"):
            # As wrk asks them (`bench.run`): the ticker as htmx, the live poll plain.
            app, extra = self.apps["off"], dict(POLL_HEADERS.get(page, {}))
            status, headers, _ = _call(app, _environ(self.paths[page], {**self.headers, **extra}))
            fresh = dict(headers).get("ETag", "")
            extra["If-None-Match"] = fresh if mode == "poll" else '"an-older-answer"'
            environ = _environ(self.paths[page], {**self.headers, **extra})
        elif mode == "304":
            app = self.apps["off"]
            status, headers, _ = _call(app, _environ(self.paths[page], self.headers))
            etag = dict(headers).get("ETag", "")
            environ = _environ(self.paths[page], {**self.headers, "If-None-Match": etag})
        else:
            app, environ = self.apps[mode], _environ(self.paths[page], self.headers)
            _call(app, environ)  # warm (and keep, with the cache on)
        return lambda: _call(app, environ)

    def ask(self, key: str) -> dict[str, Any]:
        """Time `key` once (or a batch of cheap ones): CPU ms per request, status, digest."""
        if key not in self.prepared:
            self.prepared[key] = self.prepare(key)
        run = self.prepared[key]
        mode = key.partition("@")[2] if key != "hello" else "hello"
        times = 1 if self.tick else REPEAT.get(mode, 1)
        if self.tick:
            self.clock.tick(seconds=self.tick)
        started, began = time.process_time(), time.perf_counter()
        for _ in range(times):
            status, headers, body = run()
        spent = (time.process_time() - started) * 1000 / times
        wall = (time.perf_counter() - began) * 1000 / times
        # The status line, every header in order and the bytes: what a client receives.
        sent = repr((status, headers)).encode() + body
        digest = hashlib.sha256(sent).hexdigest()[:16]
        return {"ms": spent, "wall": wall, "status": status, "sha": digest}


def serve(url: str, gzip: bool, at: datetime, tick: float = 0.0) -> None:
    """The worker's loop: a key a line in, a JSON line out."""
    worker = Worker(url, gzip, at, tick)
    print("ready", flush=True)
    for line in sys.stdin:
        print(json.dumps(worker.ask(line.strip())), flush=True)


def spawn(
    tree: str, url: str, gzip: bool, at: datetime = FROZEN, tick: float = 0.0
) -> subprocess.Popen[str]:
    """A worker running the code in `tree` (its `editorial` and `bench`)."""
    env = {**os.environ, "PYTHONPATH": tree}
    # This file runs in every tree (an older tree may not have it); PYTHONPATH picks the code.
    command = [sys.executable, os.path.abspath(__file__), "--worker", "--database-url", url]
    command += ["--at", at.isoformat()] + (["--tick", str(tick)] if tick else [])
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
        command + (["--gzip"] if gzip else []),
        cwd=tree,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None  # noqa: S101
    line = process.stdout.readline()
    if line.strip() != "ready":
        raise SystemExit(f"{tree}: the worker did not start")
    return process


def asked(process: subprocess.Popen[str], key: str) -> dict[str, Any]:
    """One answer of a worker."""
    assert process.stdin is not None and process.stdout is not None  # noqa: S101
    process.stdin.write(key + "\n")
    process.stdin.flush()
    return dict(json.loads(process.stdout.readline()))


def profile(url: str, key: str, gzip: bool, runs: int, at: datetime = FROZEN) -> None:
    """cProfile's view of `runs` requests for `key` in this tree."""
    worker = Worker(url, gzip, at)
    run = worker.prepare(key)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(runs):
        run()
    profiler.disable()
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)
    pstats.Stats(profiler).sort_stats("tottime").print_stats(30)


def rollover(url: str, key: str, at: datetime, threads: int = 8, rounds: int = 8) -> None:
    """What the page costs when the time slot moves on (every kept part expires): `threads`
    threads ask `key` at once just after the clock moved 5 s, `rounds` times; the median CPU of
    each round's requests together and of its slowest request's wall time. The collector is
    frozen first, as `flask serve` does, so only the redraw is timed."""
    from editorial.clock import FrozenClock

    worker = Worker(url, False, at)
    gc.collect()
    gc.freeze()
    app, environ = worker.apps["off"], _environ(worker.paths[key], {})
    for _ in range(5):
        _call(app, environ)
    slowest, spent = [], []
    for _ in range(rounds):
        FrozenClock().tick(seconds=5)
        start = threading.Barrier(threads + 1)
        waits: list[float] = []

        def ask(start: threading.Barrier = start, waits: list[float] = waits) -> None:
            start.wait()
            began = time.perf_counter()
            _call(app, environ)
            waits.append((time.perf_counter() - began) * 1000)

        asking = [threading.Thread(target=ask) for _ in range(threads)]
        for thread in asking:
            thread.start()
        cpu = time.process_time()
        start.wait()
        for thread in asking:
            thread.join()
        spent.append((time.process_time() - cpu) * 1000)
        slowest.append(max(waits))
    cpu_ms, slowest_ms = statistics.median(spent), statistics.median(slowest)
    print(
        f"{key}: {threads} at once after the slot moved on, median of {rounds}: "
        f"CPU {cpu_ms:.1f} ms together, slowest {slowest_ms:.1f} ms"
    )


def main(argv: list[str] | None = None) -> None:
    """Measure; see the module docstring."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--before", help="another code tree to interleave with this one")
    parser.add_argument(
        "--before-database-url", help="the database `--before` reads (default: the same)"
    )
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--pages", help="comma-separated keys (home, home@on, article@304...)")
    parser.add_argument("--gzip", action="store_true")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument(
        "--at", type=datetime.fromisoformat, default=FROZEN, help="the frozen instant (UTC)"
    )
    parser.add_argument("--tick", type=float, default=0.0, help="seconds the clock moves a request")
    parser.add_argument("--profile", help="profile one key in this tree")
    parser.add_argument("--rollover", help="one key asked by 8 threads as the slot moves on")
    args = parser.parse_args(argv)
    if args.worker:
        serve(args.database_url, args.gzip, args.at.replace(tzinfo=UTC), args.tick)
        return
    if args.rollover:
        rollover(args.database_url, args.rollover, args.at.replace(tzinfo=UTC))
        return
    if args.profile:
        profile(args.database_url, args.profile, args.gzip, args.runs, args.at.replace(tzinfo=UTC))
        return
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    trees = ([args.before] if args.before else []) + [here]
    urls = ([args.before_database_url or args.database_url] if args.before else []) + [
        args.database_url
    ]
    at = args.at.replace(tzinfo=UTC)
    workers = [
        spawn(tree, url, args.gzip, at, args.tick) for tree, url in zip(trees, urls, strict=True)
    ]
    keys = (args.pages or "").split(",") if args.pages else DEFAULT_KEYS
    names = ["before", "after"] if args.before else ["this"]
    summary = (
        f"mean of {args.runs}, the clock {args.tick} s on a request"
        if args.tick
        else (f"median of {args.runs}")
    )
    print(f"CPU ms per request, {summary}, {' | '.join(names)}, then wall ms; hello world last")
    for key in [*keys, "hello"]:
        timings: list[list[float]] = [[] for _ in workers]
        walls: list[list[float]] = [[] for _ in workers]
        shas: list[list[str]] = [[] for _ in workers]
        statuses: list[set[str]] = [set() for _ in workers]
        for process in workers:
            asked(process, key)  # warm
        for _ in range(args.runs):
            for index, process in enumerate(workers):
                answer = asked(process, key)
                timings[index].append(answer["ms"])
                walls[index].append(answer.get("wall", 0.0))
                shas[index].append(answer["sha"])
                statuses[index].add(answer["status"].split()[0])
        # With the clock moving, what a slot's or a window's end costs falls on a few requests:
        # the mean is what the page costs over time, not the median.
        middle = statistics.fmean if args.tick else statistics.median
        medians = [middle(t) for t in timings]
        cells = "  ".join(f"{m:8.3f}" for m in medians)
        change = f"  ({medians[-1] / medians[0]:.2f}×)" if len(medians) > 1 else ""
        waited = [middle(w) for w in walls]
        change += "  wall " + "  ".join(f"{m:8.3f}" for m in waited)
        if len(waited) > 1 and waited[0]:
            change += f"  ({waited[-1] / waited[0]:.2f}×)"
        differ = sum(len(set(each)) > 1 for each in zip(*shas, strict=True))
        if not args.tick and len({sha for each in shas for sha in each}) > 1:
            differ = args.runs  # one page asked at one instant: every answer the same
        same = "same bytes" if not differ else f"DIFFERENT in {differ} of {args.runs}"
        print(f"{key:<16} {cells}{change}  {'/'.join(sorted(set().union(*statuses)))}  {same}")
    for process in workers:
        assert process.stdin is not None  # noqa: S101
        process.stdin.close()
        process.wait()


DEFAULT_KEYS = [
    "home",
    "section",
    "article",
    "live",
    "ar-home",
    "ar-article",
    "ar-live",
    "search",
    "search-two",
    "api-breaking",
    "article@304",
    "home@on",
    "article@on",
    "live@on",
]

if __name__ == "__main__":
    main()
