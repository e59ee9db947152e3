"""The server's memory endpoint by endpoint: PSS at start and after each endpoint's requests.

`python -m bench` reads the server's memory once, after all its runs; this says which endpoint
grew it. It serves an already seeded database (`python -m bench.seed`) the way the benchmark
does (`bench.servers`), drives each endpoint with wrk for a few seconds, and reads the server's
PSS (gunicorn: master and workers) after each, then after an idle pause:

    python -m bench.memory --database-url sqlite:////tmp/bench.sqlite3 [--server gunicorn]
        [--page-cache] [--only desk,insights] [--env MALLOC_ARENA_MAX=2] [--driver python]
        [--warmup 1]

`--driver python` sends the requests from Python threads (`bench.drive`) instead of wrk: the
same requests and connections, for a machine others are using (memory depends on what runs at
once, not on the rate; wrk's rates are measured on an idle machine).

`--warmup S` first sends every endpoint S seconds at 4 connections, one after the other and
without waiting for the server to finish (what `python -m bench` does before its measured
runs), and reads the PSS after them: the full run's order, where a drawing started in a warm-up
runs on beside the next endpoints' and the writes' warm-ups move what is kept.

Writes go to that database (each write endpoint's clean-up undoes what it can): use a copy.
"""

from __future__ import annotations

import argparse
import secrets
import tempfile
import time
from pathlib import Path

from bench import drive, endpoints, servers, wrk
from bench.endpoints import ENDPOINTS, Context, Endpoint
from bench.run import SIGN_IN_ROLE, instance_dir, server_env
from bench.seed import LOGINS, PASSWORD, seeding_app, targets


def _say(message: str) -> None:
    print(message, flush=True)


def parse(argv: list[str] | None) -> argparse.Namespace:
    """Read the options (`--help` lists them)."""
    parser = argparse.ArgumentParser(
        prog="python -m bench.memory", description=(__doc__ or "").splitlines()[0]
    )
    parser.add_argument("--database-url", required=True, help="a seeded database (a copy)")
    parser.add_argument("--server", choices=servers.SERVERS, default="waitress")
    parser.add_argument(
        "--page-cache", action="store_true", help="the page-cache-on endpoints, cache on"
    )
    parser.add_argument("--only", help="these endpoints, comma-separated (default: all)")
    parser.add_argument("--seconds", type=float, default=2, help="wrk seconds per endpoint")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument(
        "--driver", choices=("wrk", "python"), default="wrk", help="what sends the requests"
    )
    parser.add_argument(
        "--warmup", type=float, default=0, help="seconds per endpoint of warm-up first (4 conns)"
    )
    parser.add_argument(
        "--env", action="append", default=[], metavar="NAME=VALUE", help="set for the server"
    )
    return parser.parse_args(argv)


def chosen(args: argparse.Namespace) -> list[Endpoint]:
    """The endpoints measured: those of the page cache's side, or the ones named."""
    if args.only:
        return [endpoints.BY_KEY[key.strip()] for key in args.only.split(",") if key.strip()]
    return [e for e in ENDPOINTS if e.page_cache == args.page_cache]


def statuses(result: wrk.WrkResult) -> str:
    """The answers' status codes and counts (0: the connection failed)."""
    return ", ".join(f"{code}×{n}" for code, n in sorted(result.statuses.items()))


def breakdown(server: servers.Server, when: str) -> None:
    """Each process's share: proportional, anonymous or file-backed, shared or its own (MB)."""
    _say(f"\n{when}: " + ", ".join(servers.ROLLUP_FIELDS))
    for pid in server.processes():
        try:
            rollup = servers.rollup_mb(pid)
        except OSError:
            continue
        _say(f"  {pid}: " + ", ".join(f"{rollup.get(k, 0):.1f}" for k in servers.ROLLUP_FIELDS))
    _say("")


def drive_once(
    args: argparse.Namespace,
    base_url: str,
    request: wrk.HttpRequest,
    connections: int,
    seconds: float,
    script: Path,
) -> wrk.WrkResult:
    """One endpoint's requests for `seconds`, from wrk or from Python threads (`--driver`)."""
    if args.driver == "python":
        return drive.run(base_url, request, connections, seconds)
    return wrk.run(base_url, request, connections, seconds, script)


def main(argv: list[str] | None = None) -> None:
    """Serve, drive each endpoint, print PSS after each."""
    args = parse(argv)
    if args.driver == "wrk" and not wrk.available():
        raise SystemExit("wrk is not installed: apt-get install wrk")
    workdir = Path(tempfile.mkdtemp(prefix="editorial-memory-"))
    env = server_env(args.database_url, instance_dir(workdir, args.page_cache), "")
    env["SECRET_KEY"] = secrets.token_urlsafe(32)
    env.update(item.split("=", 1) for item in args.env)
    app = seeding_app(args.database_url)
    with app.app_context():
        seeded = targets()
    script = workdir / "run.lua"
    label = "page-cache-on" if args.page_cache else "page-cache-off"
    with servers.app_server(args.server, env, workdir, label) as server:
        command = servers.shown(servers.app_command(args.server, "PORT"))
        extra = " ".join(args.env)
        _say(f"$ {extra + ' ' if extra else ''}{command}")
        breakdown(server, "At start")
        rss, pss = server.memory_mb()
        _say("| endpoint | requests | statuses | RSS MB | PSS MB | PSS change |")
        _say("| --- | ---: | --- | ---: | ---: | ---: |")
        _say(f"| (started) | 0 | | {rss:.0f} | {pss:.0f} | |")
        staff = endpoints.sign_in(server.base_url, LOGINS[SIGN_IN_ROLE], PASSWORD)
        ctx = Context(server.base_url, staff, seeded, app)
        last = pss
        if args.warmup:
            for endpoint in chosen(args):
                result = drive_once(
                    args, server.base_url, endpoint.build(ctx), 4, args.warmup, script
                )
                if endpoint.after:
                    endpoint.after(ctx)
                rss, pss = server.memory_mb()  # the server may still be busy: no settling
                _say(f"| warm-up: {endpoint.key} | {result.requests:,} | {statuses(result)} | "
                     f"{rss:.0f} | {pss:.0f} | {pss - last:+.0f} |")  # fmt: skip
                last = pss
        for endpoint in chosen(args):
            request = endpoint.build(ctx)
            result = drive_once(
                args, server.base_url, request, args.connections, args.seconds, script
            )
            server.settle()  # what wrk left queued belongs to this endpoint
            if endpoint.after:
                endpoint.after(ctx)
            rss, pss = server.memory_mb()
            _say(
                f"| {endpoint.key} | {result.requests:,} | {statuses(result)} | {rss:.0f} | "
                f"{pss:.0f} | "
                f"{pss - last:+.0f} |"
            )
            last = pss
        time.sleep(5)
        rss, pss = server.memory_mb()
        _say(f"| (idle 5 s) | | | {rss:.0f} | {pss:.0f} | {pss - last:+.0f} |")
        breakdown(server, "At the end")


if __name__ == "__main__":
    main()
