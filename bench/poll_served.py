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

Prints only. The polls write nothing (the alarm's quiet poll included); sign-in writes a session.
"""

from __future__ import annotations

import argparse
import secrets
import statistics
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

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
    return parser.parse_args(argv)


def served(root: Path, label: str, env: dict[str, str], workdir: Path) -> servers.Server:
    """The app of the checkout at `root`, served with its own virtualenv's Python."""
    server = servers.app_server("waitress", env, workdir, label)
    python = str(root / ".venv" / "bin" / "python")
    command = [python if word == sys.executable else word for word in server.command]
    return replace(server, command=command, cwd=root)


def cpu_per_answer(
    server: servers.Server, request: HttpRequest, args: argparse.Namespace, expected: frozenset[int]
) -> float:
    """Server CPU milliseconds per answer over one run of `request`; every answer one of
    `expected` (a poll whose ETag moved on, the board's at the turn of a minute, would measure
    renders)."""
    server.settle()
    before = server.cpu_seconds()
    result = drive.run(server.base_url, request, args.connections, args.seconds)
    server.settle()
    used = server.cpu_seconds() - before
    if not result.requests or not set(result.statuses) <= expected:
        raise RuntimeError(f"{request.path}: {result.statuses}, not only {sorted(expected)}")
    if args.verbose:
        print(f"  {server.name} {request.path}: {result.requests} answers, "
              f"{result.requests / result.seconds:.0f}/s, {used * 1000:.0f} ms CPU")  # fmt: skip
    return used / result.requests * 1000


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
    env = server_env(args.database_url, instance_dir(workdir, False), "")
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
        runs: dict[tuple[str, str], list[float]] = {}
        for turn in range(args.rounds):
            hellos.append(cpu_per_answer(hello, hello_request, args, frozenset({200})))
            for endpoint in chosen:
                for label, server in apps.items():
                    # Built again for each run: the board's and the desk's ETags hold the minute.
                    request = endpoint.build(contexts[label])
                    ms = cpu_per_answer(server, request, args, endpoint.expected)
                    runs.setdefault((label, endpoint.key), []).append(ms)
            print(f"round {turn + 1} done", flush=True)
        hello_ms = statistics.median(hellos)
        print(f"hello world: {hello_ms:.3f} ms server CPU per answer "
              f"({args.connections} connections, {args.seconds:g} s runs, "
              f"{args.rounds} rounds, medians)")  # fmt: skip
        labels = list(apps)
        print("| endpoint | " + " | ".join(f"{label} ms (ratio)" for label in labels) + " |")
        print("| --- |" + " ---: |" * len(labels))
        for endpoint in chosen:
            cells = []
            for label in labels:
                ms = statistics.median(runs[label, endpoint.key])
                cells.append(f"{ms:.3f} ({hello_ms / ms:.2f})")
            print(f"| {endpoint.key} | " + " | ".join(cells) + " |")
    finally:
        for server in [hello, *apps.values()]:
            server.stop()


if __name__ == "__main__":
    main()
