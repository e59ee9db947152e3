"""`make bench` / `python -m bench`: seed the large newsroom, serve it, measure it with wrk.

A growth series (issue 28): the same measuring at each seed in turn, one after the other on the
same machine: 10,000 articles, 100,000, and 100,000 with 10,000 of them on the desk (`--seeds`;
`--articles N [--desk-of M]` alone measures that one seed). After the last seed, each endpoint's
growth (its cost at a larger seed over its cost at the first, from the ratios to hello world, so
drift cancels: `bench.growth`) is printed beside the ratios, and > 1.25× is marked.

Defaults chosen to keep a whole `make bench` on SQLite under about 45 minutes (47 endpoints,
three seeds, two servers): 16 connections only, at every seed (the growth needs the same count at
each seed, the p99 target is judged at 16, and contention is what grows with the archive), runs of
4 s per endpoint and 2 s per hello world, 1 s of warm-up: about 7 s per endpoint, 5.7 minutes
per server and seed, 34 minutes of measuring in all; about 40 with the seedings (a minute or two
at 100,000), the servers' starts and the board poll's wait for a fresh minute. `--connections
1,16` adds about 30.

One seed: a fresh database (SQLite, or PostgreSQL given `--database-url`/`DATABASE_URL`; created
and dropped by the run), `flask --app wsgi init`, the seeding (`bench.seed`), then for each
server (waitress, then gunicorn with 2 workers): hello world and the app on free loopback ports,
one staff sign-in, and for each connection count every endpoint measured between two
hello-world runs (hello, endpoint, hello, endpoint, ..., hello; hello's runs are half as long by
default: thousands of requests each, enough for its rate). The app runs twice per server:
with `PUBLIC_PAGE_CACHE_SECONDS = 0` (in its instance/config.py) for everything but the cached
public pages, and with the default page cache for those. The table goes to stdout and, for a
run of every endpoint, to BENCHMARKS.md.

Examples: `python -m bench --only desk --server waitress --duration 2` (quick iteration; prints
only), `python -m bench --database-url postgresql+psycopg://postgres@127.0.0.1:5432/bench_pg`.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

from bench import databases, endpoints, growth, report, servers, wrk
from bench.endpoints import ENDPOINTS, Context, Endpoint
from bench.report import Measured, Run, ServerMemory
from bench.seed import DESK_OF_HELP, LOGINS, PASSWORD, describe, seed, seeding_app, targets
from editorial.extensions import db
from editorial.models import Role

ROOT = Path(__file__).resolve().parent.parent
# Settings from the caller's environment that would change what is measured.
DROPPED_SETTINGS = (
    "PREFER_HTTPS",
    "PROXY_FIX_X_FOR",
    "RATELIMIT_STORAGE_URI",
    "SCHEDULER_ENABLED",
    "FLASK_APP",
)
SIGN_IN_ROLE = Role.EDITOR


@dataclass(frozen=True)
class Options:
    """The command line, parsed."""

    seeds: list[growth.Seed]
    duration: float
    hello_duration: float
    warmup: float
    connections: list[int]
    servers: list[str]
    only: list[Endpoint]
    database_url: str | None
    output: Path | None
    keep: bool


def parse(argv: list[str] | None) -> Options:
    """Read the options (`--help` lists them)."""
    parser = argparse.ArgumentParser(
        prog="python -m bench", description=(__doc__ or "").splitlines()[0]
    )
    parser.add_argument(
        "--seeds",
        default=",".join(seed.argument for seed in growth.DEFAULT_SEEDS),
        help="the seeds measured in turn, comma-separated, ARTICLES or ARTICLES/DESK_OF, either "
        "with @PER_DAY (published a day; without it, 180 days at every size); growth is from "
        "the first (default %(default)s)",
    )
    parser.add_argument("--articles", type=int, help="measure this one seed instead")
    parser.add_argument("--desk-of", type=int, help=DESK_OF_HELP + " (with --articles)")
    parser.add_argument("--duration", type=float, default=4, help="seconds per endpoint run")
    parser.add_argument(
        "--hello-duration", type=float, help="seconds per hello-world run (default: half)"
    )
    parser.add_argument("--warmup", type=float, default=1, help="seconds of warm-up per endpoint")
    parser.add_argument(
        "--connections", default="16", help="connection counts, comma-separated (16)"
    )
    parser.add_argument(
        "--server", action="append", choices=servers.SERVERS, help="only this server (repeatable)"
    )
    parser.add_argument(
        "--only",
        action="append",
        metavar="ENDPOINT",
        help="only these endpoints (repeatable or comma-separated): "
        + ", ".join(e.key for e in ENDPOINTS),
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL") or None,
        help="a PostgreSQL database to create and drop (default: $DATABASE_URL, else SQLite)",
    )
    parser.add_argument(
        "--output",
        type=Path,
        help="where to write the Markdown (default BENCHMARKS.md; none for an --only run)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the work directory (logs)")
    args = parser.parse_args(argv)
    keys = [key.strip() for item in args.only or [] for key in item.split(",") if key.strip()]
    unknown = [key for key in keys if key not in endpoints.BY_KEY]
    if unknown:
        parser.error(f"unknown endpoint(s) {', '.join(unknown)}")
    only = [endpoints.BY_KEY[key] for key in keys]
    if args.desk_of is not None and args.articles is None:
        parser.error("--desk-of goes with --articles (or write ARTICLES/DESK_OF in --seeds)")
    try:
        seeds = (
            [growth.Seed(args.articles, args.desk_of)]
            if args.articles is not None
            else [growth.Seed.parse(item) for item in args.seeds.split(",") if item.strip()]
        )
    except ValueError as problem:
        parser.error(str(problem))
    output = args.output
    if output is None and not only:
        output = ROOT / "BENCHMARKS.md"
    return Options(
        seeds=seeds,
        duration=args.duration,
        hello_duration=args.hello_duration or max(1.0, args.duration / 2),
        warmup=args.warmup,
        connections=[int(n) for n in args.connections.split(",")],
        servers=args.server or list(servers.SERVERS),
        only=only,
        database_url=args.database_url,
        output=output,
        keep=args.keep,
    )


def _stop_on_sigterm() -> None:
    """SIGTERM ends the run like Ctrl-C: through the `finally` blocks that stop the servers."""

    def handler(_signum: int, _frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, handler)


def server_env(database_url: str, instance: Path, secret: str) -> dict[str, str]:
    """The environment the app's servers run with: the run's database, secret and instance/."""
    env = {k: v for k, v in os.environ.items() if k not in DROPPED_SETTINGS}
    env.update(
        DATABASE_URL=database_url,
        SECRET_KEY=secret,
        EDITORIAL_INSTANCE_PATH=str(instance),
        PYTHONUNBUFFERED="1",
    )
    return env


def instance_dir(workdir: Path, page_cache: bool) -> Path:
    """An instance/ folder: the cache-off one has `PUBLIC_PAGE_CACHE_SECONDS = 0` in config.py."""
    path = workdir / ("instance-cache-on" if page_cache else "instance-cache-off")
    path.mkdir(exist_ok=True)
    if not page_cache:
        (path / "config.py").write_text("PUBLIC_PAGE_CACHE_SECONDS = 0\n")
    return path


def _say(message: str) -> None:
    print(message, flush=True)


class Bench:
    """One run: the servers it starts, the runs it makes, what it measured."""

    def __init__(self, options: Options, run: Run, workdir: Path, stack: ExitStack) -> None:
        self.options, self.run, self.workdir, self.stack = options, run, workdir, stack
        self.logs = workdir / "logs"
        self.logs.mkdir()
        self.script = workdir / "run.lua"
        self.secret = secrets.token_urlsafe(32)

    def wrk(
        self, server: servers.Server, request: wrk.HttpRequest, conns: int, seconds: float
    ) -> wrk.WrkResult:
        """One measured wrk run."""
        return wrk.run(server.base_url, request, conns, seconds, self.script)

    def measure_server(self, kind: str, database_url: str, chosen: list[Endpoint]) -> None:
        """The endpoints on `kind`, alternating with hello world at each connection count."""
        hello = servers.hello_server(kind, server_env(database_url, self.workdir, ""), self.logs)
        self.stack.enter_context(hello)
        self._command(f"hello world, {kind}", servers.shown(servers.hello_command(kind, "PORT")))
        hello_request = endpoints.hello_request()
        if self.options.warmup:
            wrk.run(hello.base_url, hello_request, 4, self.options.warmup, self.script)
        for page_cache in (False, True):
            group = [e for e in chosen if e.page_cache == page_cache]
            if group:
                self._measure_app(kind, database_url, page_cache, group, hello)
        rss, pss = hello.memory_mb()
        self.run.memory.append(ServerMemory(kind, "hello world", rss, pss))
        hello.stop()

    def _measure_app(
        self,
        kind: str,
        database_url: str,
        page_cache: bool,
        group: list[Endpoint],
        hello: servers.Server,
    ) -> None:
        label = "page cache on" if page_cache else "page cache off"
        env = server_env(database_url, instance_dir(self.workdir, page_cache), self.secret)
        app_server = servers.app_server(kind, env, self.logs, label.replace(" ", "-"))
        self._command(f"app, {kind}", servers.shown(servers.app_command(kind, "PORT")))
        with app_server:
            _say(f"\n{app_server.name} on {app_server.base_url} (started in "
                 f"{app_server.started_in:.1f} s), hello world on {hello.base_url}")  # fmt: skip
            staff = endpoints.sign_in(app_server.base_url, LOGINS[SIGN_IN_ROLE], PASSWORD)
            ctx = Context(app_server.base_url, staff, self.targets, self.app, self.run.notes)
            if self.options.warmup:
                for endpoint in group:
                    request = endpoint.build(ctx)
                    wrk.run(app_server.base_url, request, 4, self.options.warmup, self.script)
                    if endpoint.after:
                        endpoint.after(ctx)
            hello_request = endpoints.hello_request()
            for conns in self.options.connections:
                before = self.wrk(hello, hello_request, conns, self.options.hello_duration)
                for endpoint in group:
                    request = endpoint.build(ctx)
                    result = self.wrk(app_server, request, conns, self.options.duration)
                    app_server.settle()  # what the run left queued, before anything is timed
                    if endpoint.after:
                        endpoint.after(ctx)
                    after = self.wrk(hello, hello_request, conns, self.options.hello_duration)
                    measured = Measured(endpoint, kind, conns, result, before, after, request)
                    self.run.measured.append(measured)
                    self._print(measured)
                    before = after
            rss, pss = app_server.memory_mb()
            self.run.memory.append(ServerMemory(kind, f"app, {label}", rss, pss))

    def _print(self, m: Measured) -> None:
        failed = m.failures()
        verdict = "ok" if not failed else "missed: " + ", ".join(failed)
        _say(
            f"  {m.server:<8} c={m.connections:<2} {m.endpoint.key:<20} {m.rate:8,.0f} req/s  "
            f"p50 {m.result.p50_ms:7.2f} ms  p99 {m.result.p99_ms:7.2f} ms  "
            f"hello {m.hello_rate:7,.0f}  ratio {m.ratio:.3f} (≥ {m.endpoint.target:g}) "
            f"{verdict}  [{m.statuses()}]"
        )

    def _command(self, what: str, command: str) -> None:
        if (what, command) not in self.run.commands:
            self.run.commands.append((what, command))

    def prepare(self, database: databases.Database, seeding: growth.Seed) -> None:
        """Migrate and seed the database, then open the harness's own app on it."""
        env = server_env(database.url, instance_dir(self.workdir, False), self.secret)
        command = [sys.executable, "-m", "flask", "--app", "wsgi", "init"]
        _say(f"Database: {database.description}\n$ {servers.shown(command)}")
        subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True)
        self._command("schema and taxonomy", servers.shown(command))
        os.environ["EDITORIAL_INSTANCE_PATH"] = str(self.workdir / "instance-harness")
        self.app = seeding_app(database.url)
        self.stack.callback(self._dispose)
        _say(f"Seeding {seeding.label} articles…")
        with self.app.app_context():
            seeded = seed(
                seeding.articles, desk_of=seeding.desk_of, archive_days=seeding.archive_days
            )
            self.targets = targets()
        self.run.seeding = describe(seeded)
        self.run.seed_seconds = seeded.seconds
        self._command("seeding", "bench.seed.seed() in the harness (alone: python -m bench.seed)")
        _say(f"Seeded {self.run.seeding}.")

    def _dispose(self) -> None:
        with self.app.app_context():
            db.session.remove()
            db.engine.dispose()


def estimate(options: Options, chosen: list[Endpoint]) -> float:
    """Roughly how long the measuring takes, in seconds."""
    per_server = 0.0
    for page_cache in (False, True):
        group = [e for e in chosen if e.page_cache == page_cache]
        if group:
            hello = (len(group) + 1) * options.hello_duration
            runs = len(options.connections) * (len(group) * options.duration + hello)
            per_server += runs + len(group) * options.warmup + 5
    return per_server * len(options.servers)


def measure_seed(
    options: Options, seeding: growth.Seed, chosen: list[Endpoint], argv: list[str]
) -> Run:
    """One seed: a fresh database, seeded, served and measured on each server; dropped after."""
    run = report.Run(
        database="",
        dialect="",
        started=report.now(),
        argv=argv,
        duration=options.duration,
        hello_duration=options.hello_duration,
        seeding="",
        seed_seconds=0.0,
        articles=seeding.articles,
        load_before=report.load_average(),
        partial=bool(options.only) or options.servers != list(servers.SERVERS),
        seed_label=seeding.label if len(options.seeds) > 1 else "",
    )
    workdir = Path(tempfile.mkdtemp(prefix="editorial-bench-"))
    try:
        with ExitStack() as stack:
            database = stack.enter_context(databases.fresh(options.database_url, workdir))
            run.database, run.dialect = database.description, database.dialect
            bench = Bench(options, run, workdir, stack)
            bench.prepare(database, seeding)
            _say(f"Measuring {seeding.label} for about {estimate(options, chosen) / 60:.1f} min.")
            for kind in options.servers:
                bench.measure_server(kind, database.url, chosen)
    finally:
        if options.keep:
            _say(f"Work directory kept: {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    run.load_after = report.load_average()
    shown_args = " ".join(argv)
    run.commands.insert(0, ("this run", f"python -m bench {shown_args}".strip()))
    return run


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark; see the module docstring."""
    options = parse(argv)
    if not wrk.available():
        raise SystemExit("wrk is not installed: apt-get install wrk")
    _stop_on_sigterm()
    chosen = options.only or list(ENDPOINTS)
    shown = sys.argv[1:] if argv is None else argv
    started = time.perf_counter()
    minutes = estimate(options, chosen) * len(options.seeds) / 60
    _say(f"Seeds: {'; '.join(s.label for s in options.seeds)} (about {minutes:.0f} min measuring)")
    runs: list[Run] = []
    try:
        for seeding in options.seeds:
            runs.append(measure_seed(options, seeding, chosen, shown))
    except KeyboardInterrupt:
        _say("\nInterrupted: servers stopped, database dropped.")
        raise SystemExit(130) from None
    text = growth.database_section(options.seeds, runs)
    print("\n" + text)
    if options.output is not None:
        report.write(options.output, runs[0].dialect, text)
        _say(f"Written to {options.output} ({time.perf_counter() - started:.0f} s in all).")
    else:
        _say("Partial run: nothing written (give --output FILE to keep it).")
