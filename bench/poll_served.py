"""Server CPU per answer of the unchanged polls as `flask serve` serves them, against hello world
on the same server: what wrk's ratios are made of, without wrk (issue 28, bench:polls3).

`bench.poll_path` times the app called in process, where an unchanged poll's 304 costs less
than hello world; wrk read the same polls at half of hello world. The rest was the server's:
waitress closed the connection after every 304 (no Content-Length), so each poll paid for a TCP
connection of its own (`editorial/serving.py`). This serves a copy of a seeded database as the
benchmark serves it (`bench.servers`: `flask --app wsgi serve`, 8 threads; hello world under
waitress with the same threads), sends each endpoint's own request (`bench.endpoints`, as wrk
sends it) from Python threads (`bench.drive`), and reads the server process's CPU time (user and
system, /proc) per answer. The driver's CPU is not counted, so a shared machine changes little;
rounds interleave hello world and each endpoint on each checkout served (`--before`: another
checkout's code, e.g. main's, on the same database).

    .venv/bin/python -m bench.poll_served --database-url sqlite:////tmp/copy.sqlite3 \
        [--before /work/main] [--only comment-poll,presence-poll] [--connections 8] \
        [--seconds 2] [--rounds 3]

On PostgreSQL each checkout's connections carry `application_name=served-LABEL`, and the CPU
its server backends spent over each run is printed beside the app server's (the database's
share of an answer: a statement's parse, plan and execution, its messages). `--page-cache`
serves with the page cache on (the kept public pages: `home-cached`, `article-cached`...).

Prints only. The polls write nothing (the alarm's quiet poll included); sign-in writes a session.
"""

from __future__ import annotations

import argparse
import secrets
import statistics
import sys
import tempfile
import threading
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from bench import drive, endpoints, servers
from bench.endpoints import ENDPOINTS, Context, Endpoint
from bench.run import SIGN_IN_ROLE, instance_dir, server_env
from bench.seed import LOGINS, PASSWORD, seeding_app, targets
from bench.session import fetch
from bench.wrk import HttpRequest

POLLS = (
    "ticker",
    "comment-poll",
    "inbox-badge",
    "presence-poll",
    "desk-refresh",
    "live-poll",
    "live-stream",
    "alarm-banner",
    "media-state",
    "breaking-lists",
    "article-conditional",
)


def parse(argv: list[str] | None) -> argparse.Namespace:
    """Read the options (`--help` lists them)."""
    parser = argparse.ArgumentParser(
        prog="python -m bench.poll_served", description=(__doc__ or "").splitlines()[0]
    )
    parser.add_argument("--database-url", required=True, help="a seeded database (a copy)")
    parser.add_argument("--before", type=Path, help="another checkout to serve beside this one")
    parser.add_argument("--only", help="these endpoints, comma-separated (default: the polls)")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=2)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--verbose", action="store_true", help="each run's count and CPU")
    parser.add_argument("--page-cache", action="store_true", help="serve with the page cache on")
    return parser.parse_args(argv)


def served(root: Path, label: str, env: dict[str, str], workdir: Path) -> servers.Server:
    """The app of the checkout at `root`, served with its own virtualenv's Python, its
    database connections named after `label` (`named`)."""
    env = dict(env, DATABASE_URL=named(env["DATABASE_URL"], label))
    server = servers.app_server("waitress", env, workdir, label)
    python = str(root / ".venv" / "bin" / "python")
    command = [python if word == sys.executable else word for word in server.command]
    return replace(server, command=command, cwd=root)


def named(url: str, label: str) -> str:
    """`url` with `application_name=served-LABEL` on PostgreSQL (its backends found by it)."""
    if not url.startswith("postgresql"):
        return url
    return url + ("&" if "?" in url else "?") + f"application_name=served-{label}"


class DatabaseCpu:
    """The CPU ns a side's PostgreSQL backends (by `application_name`) spend over a run, each
    backend's /proc/PID/schedstat sampled every 10 ms in a thread: a backend that starts during
    the run counts from nothing (its start-up is the run's), one that ends is counted to its last
    sample, so a pool that opens and closes connections pays for them here."""

    def __init__(self, url: str) -> None:
        import psycopg

        base, _, query = url.partition("?")
        self.name = dict(part.split("=", 1) for part in query.split("&") if part)[
            "application_name"
        ]
        self.probe = psycopg.connect(
            base.replace("postgresql+psycopg://", "postgresql://"), autocommit=True
        )

    def _sample(self) -> dict[int, int]:
        found = {}
        finding = "SELECT pid FROM pg_stat_activity WHERE application_name = %s"
        for (pid,) in self.probe.execute(finding, (self.name,)).fetchall():
            try:
                found[pid] = int(Path(f"/proc/{pid}/schedstat").read_text().split()[0])
            except OSError:
                continue
        return found

    def during(self, work: Callable[[], Any]) -> tuple[Any, int]:
        """`work()`'s answer, and the CPU ns the side's backends spent while it ran."""
        first = self._sample()
        last = dict(first)
        done = threading.Event()

        def watch() -> None:
            while not done.wait(0.01):
                last.update(self._sample())

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        try:
            answer = work()
        finally:
            done.set()
            watcher.join()
        last.update(self._sample())
        return answer, sum(ns - first.get(pid, 0) for pid, ns in last.items())


def cpu_per_answer(
    server: servers.Server,
    request: HttpRequest,
    args: argparse.Namespace,
    expected: frozenset[int],
    database: DatabaseCpu | None = None,
) -> tuple[float, float]:
    """Server CPU milliseconds per answer over one run of `request`, and its database
    backends' (`database`; 0 off PostgreSQL); every answer one of `expected` (a poll whose ETag
    moved on, the board's at the turn of a minute, would measure renders)."""
    server.settle()
    before = server.cpu_seconds()

    def run() -> Any:
        result = drive.run(server.base_url, request, args.connections, args.seconds)
        server.settle()
        return result

    result, served = database.during(run) if database is not None else (run(), 0)
    used = server.cpu_seconds() - before
    if not result.requests or not set(result.statuses) <= expected:
        raise RuntimeError(f"{request.path}: {result.statuses}, not only {sorted(expected)}")
    if args.verbose:
        print(f"  {server.name} {request.path}: {result.requests} answers, "
              f"{result.requests / result.seconds:.0f}/s, {used * 1000:.0f} ms CPU, "
              f"{served / 1e6:.0f} ms database")  # fmt: skip
    return used / result.requests * 1000, served / 1e6 / result.requests


def closes(server: servers.Server, request: HttpRequest) -> bool:
    """Whether the server closes the connection after this answer (`Connection: close`)."""
    answer = fetch(server.base_url, request.method, request.path, request.headers)
    return answer.headers.get("connection", "").lower() == "close"


def main(argv: list[str] | None = None) -> None:
    """Serve, drive, print server CPU per answer and the ratio to hello world."""
    args = parse(argv)
    keys = args.only.split(",") if args.only else list(POLLS)
    chosen: list[Endpoint] = [e for e in ENDPOINTS if e.key in keys]
    workdir = Path(tempfile.mkdtemp(prefix="editorial-pollserved-"))
    env = server_env(args.database_url, instance_dir(workdir, args.page_cache), "")
    env["SECRET_KEY"] = secrets.token_urlsafe(32)
    app = seeding_app(args.database_url)
    with app.app_context():
        seeded = targets()
    roots = [("after", servers.ROOT)] + ([("before", args.before)] if args.before else [])
    hello = servers.hello_server("waitress", env, workdir).start()
    apps = {label: served(root, label, env, workdir).start() for label, root in roots}
    try:
        contexts: dict[str, Context] = {}
        for label, server in apps.items():
            staff = endpoints.sign_in(server.base_url, LOGINS[SIGN_IN_ROLE], PASSWORD)
            contexts[label] = ctx = Context(server.base_url, staff, seeded, app)
            for endpoint in chosen:
                request = endpoint.build(ctx)
                print(f"{label} {endpoint.key}: closes after each answer: "
                      f"{closes(server, request)}", flush=True)  # fmt: skip
        hello_request = HttpRequest("GET", "/")
        hellos: list[float] = []
        runs: dict[tuple[str, str], list[tuple[float, float]]] = {}
        databases = {
            label: DatabaseCpu(named(args.database_url, label))
            if args.database_url.startswith("postgresql")
            else None
            for label in apps
        }
        for turn in range(args.rounds):
            hellos.append(cpu_per_answer(hello, hello_request, args, frozenset({200}))[0])
            for endpoint in chosen:
                for label, server in apps.items():
                    # Built again for each run: the board's and the desk's ETags hold the minute.
                    request = endpoint.build(contexts[label])
                    ms = cpu_per_answer(server, request, args, endpoint.expected, databases[label])
                    runs.setdefault((label, endpoint.key), []).append(ms)
            print(f"round {turn + 1} done", flush=True)
        hello_ms = statistics.median(hellos)
        print(f"hello world: {hello_ms:.3f} ms server CPU per answer "
              f"({args.connections} connections, {args.seconds:g} s runs, "
              f"{args.rounds} rounds, medians)")  # fmt: skip
        labels = list(apps)
        with_database = any(db for run in runs.values() for _, db in run)
        shown = "app + database ms (ratio of the sum)" if with_database else "ms (ratio)"
        print("| endpoint | " + " | ".join(f"{label} {shown}" for label in labels) + " |")
        print("| --- |" + " ---: |" * len(labels))
        for endpoint in chosen:
            cells = []
            for label in labels:
                run = runs[label, endpoint.key]
                app_ms = statistics.median(app for app, _ in run)
                if not with_database:
                    cells.append(f"{app_ms:.3f} ({hello_ms / app_ms:.2f})")
                    continue
                db_ms = statistics.median(db for _, db in run)
                total = statistics.median(app + db for app, db in run)
                cells.append(f"{app_ms:.3f} + {db_ms:.3f} ({hello_ms / total:.2f})")
            print(f"| {endpoint.key} | " + " | ".join(cells) + " |")
    finally:
        for server in [hello, *apps.values()]:
            server.stop()


if __name__ == "__main__":
    main()
