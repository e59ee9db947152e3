"""What a request costs on PostgreSQL: the app's CPU and wall time, the database server's CPU,
and the statements the server receives, for two checkouts interleaved (bench:pgtrips).

`python -m bench.round_trips --side before=/tmp/main-tree=postgresql+psycopg://postgres@
127.0.0.1:5432/a --side after=.=postgresql+psycopg://postgres@127.0.0.1:5432/b --rounds 15
--batch 20` starts one process per side (each importing `editorial` from its own tree, as
`bench.ab` does), each on a copy of a seeded database (`bench.seed`), and asks each side in
turn for a batch of one kind of request, called as a WSGI server calls the app (the environ of
a test client's request), the clock held still (a kept page's key carries a time slot):

- `kept`: a reader's story page the page cache keeps, sent by the poll gate;
- `public-304`: the same page revalidated (`If-None-Match`), the gate's 304;
- `comments-304`, `badge-304`, `board-304`, `presence-304`, `media-304`, `stream-304`: the
  editor's unchanged polls, the gate's 304 (the picture: the harness's own, "processing"; the
  live desk's stream);
- `article`, `home`, `section`: a reader's story, front and section page, page cache off;
- `desk`, `editor`: the editor's desk board and a draft's editor;
- `mixed`: those in turn on one pool (`MIXED`, each poll twice), as a desk's day mixes them.

A side's psycopg settings may be given as JSON in `ROUND_TRIPS_CONNECT_ARGS_<NAME>` (e.g.
`'{"prepare_threshold": null}'` for a side named `none`).

Each side's requests are timed with `time.process_time` (the app's CPU) and
`time.perf_counter` (wall, which holds the round trips' waits); the server's CPU is what its
backends for that side (found by `application_name`) spent, from /proc/PID/schedstat, over the
batch, the sides taking turns at going first. The medians of the app's CPU and wall, and the
server's CPU per request, are printed;
on SQLite (a file copy per side), the app's CPU and wall alone. With `--statements`, each
side's connections log every statement (`log_statement = all`, set per connection; needs a
superuser and the server's log, `--log`), and the statements a request sends are counted
there instead (the timings are then not printed: logging costs).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

LOG = "/var/log/postgresql/postgresql-15-main.log"
KEYS = (
    "kept,public-304,comments-304,badge-304,board-304,presence-304,media-304,stream-304,"
    "article,home,section,desk,editor,mixed"
)
MIXED = ("badge-304", "kept", "comments-304", "desk", "board-304", "article", "editor")


def serve(url: str, name: str, statements: bool) -> None:
    """One side: read "KEY N" on stdin, answer the medians of N requests (or count them)."""
    import psycopg
    from sqlalchemy import select

    from bench.seed import LOGINS, PASSWORD, targets
    from bench.session import sign_in_client
    from editorial import clock, create_app
    from editorial.extensions import db
    from editorial.models import Image, Role, Section, User

    application = f"roundtrips-{name}"
    options: dict[str, Any] = {"application_name": application}
    # A side's own psycopg settings (e.g. '{"prepare_threshold": null}'), as JSON.
    options.update(json.loads(os.environ.get("ROUND_TRIPS_CONNECT_ARGS", "{}")))
    if statements:
        options["options"] = "-c log_statement=all"
    base = {
        "SQLALCHEMY_DATABASE_URI": url,
        "SECRET_KEY": "bench-round-trips-only",
        "SCHEDULER_ENABLED": False,
        "RATELIMIT_ENABLED": False,
    }
    if url.startswith("postgresql"):
        base["SQLALCHEMY_ENGINE_OPTIONS"] = {"connect_args": options}
    kept_app = create_app({**base, "PUBLIC_PAGE_CACHE_SECONDS": 30})
    drawn_app = create_app({**base, "PUBLIC_PAGE_CACHE_SECONDS": 0})
    dsn = url.replace("postgresql+psycopg://", "postgresql://")
    probe = None  # SQLite: the app's CPU and wall alone (no server, no log)
    if url.startswith("postgresql"):
        probe = psycopg.connect(
            dsn,
            autocommit=True,
            application_name=f"{application}-probe",
            options="-c log_statement=all" if statements else "",
        )
    with kept_app.app_context():
        found = targets()
        section = db.session.scalar(select(Section.slug).where(Section.id == found.section_id))
        image = db.session.scalar(select(Image.id).where(Image.file_key == "round-trips"))
        if image is None:  # the harness's own picture, "processing" (a copy of a seed)
            owner = db.session.scalar(select(User.id).where(User.email == LOGINS[Role.EDITOR]))
            picture = Image(
                file_key="round-trips",
                extension="jpg",
                width=4000,
                height=3000,
                variant_widths=[],
                uploaded_by_id=owner,
                status="processing",
            )
            db.session.add(picture)
            db.session.commit()
            image = picture.id
        db.session.remove()
    with clock.frozen(clock.now()):
        staff = kept_app.test_client()
        if sign_in_client(staff, LOGINS[Role.EDITOR], PASSWORD) != 302:
            raise SystemExit(f"{name}: sign-in failed")
        reader, drawn = kept_app.test_client(), drawn_app.test_client()
        story = f"/news/{found.article_slug}"
        hx = {"HX-Request": "true"}

        def environ(client: Any, path: str, headers: dict[str, str], etag: bool = False) -> Any:
            first = client.get(path, headers=headers)
            if etag:
                headers = {**headers, "If-None-Match": first.headers["ETag"]}
            return dict(client.get(path, headers=headers).request.environ)

        comments = f"/articles/{found.presence_draft_id}/comments"
        presence = f"/articles/{found.presence_draft_id}/presence"
        stream = f"/articles/{found.live_article_id}/live/stream"
        editor = f"/articles/{found.editor_draft_id}/edit"
        asks = {
            "kept": (kept_app, environ(reader, story, {}), 200),
            "public-304": (kept_app, environ(reader, story, {}, True), 304),
            "comments-304": (kept_app, environ(staff, comments, hx, True), 304),
            "badge-304": (kept_app, environ(staff, "/inbox/badge", hx, True), 304),
            "board-304": (kept_app, environ(staff, "/desk/refresh", hx, True), 304),
            "presence-304": (kept_app, environ(staff, presence, hx, True), 304),
            "media-304": (kept_app, environ(staff, f"/media/{image}/state", hx, True), 304),
            "stream-304": (kept_app, environ(staff, stream, hx, True), 304),
            "article": (drawn_app, environ(drawn, story, {}), 200),
            "home": (drawn_app, environ(drawn, "/", {}), 200),
            "section": (drawn_app, environ(drawn, f"/section/{section}", {}), 200),
            "desk": (kept_app, environ(staff, "/desk/", {}), 200),
            "editor": (kept_app, environ(staff, editor, {}), 200),
        }
        askers = {key: asker(app, env, status) for key, (app, env, status) in asks.items()}
        # A desk's day: polls, a reader's pages and staff pages on one pool, in turn.
        turns = itertools.cycle(
            [askers[key] for key in MIXED for _ in range(2 if key.endswith("304") else 1)]
        )
        askers["mixed"] = lambda: next(turns)()
        print("ready", flush=True)
        for line in sys.stdin:
            key, count = line.split()
            ask = askers[key]
            if statements and probe is not None:
                probe.execute(f"SELECT 'MARK {name} {key} start'")  # noqa: S608  (our own words)
                for _ in range(int(count)):
                    ask()
                probe.execute(f"SELECT 'MARK {name} {key} end'")  # noqa: S608
                print("counted", flush=True)
                continue
            before = backend_ns(probe, application)
            cpu, wall = [], []
            for _ in range(int(count)):
                started, started_wall = time.process_time(), time.perf_counter()
                ask()
                cpu.append(time.process_time() - started)
                wall.append(time.perf_counter() - started_wall)
            after = backend_ns(probe, application)
            server = sum(after.get(pid, 0) - spent for pid, spent in before.items())
            server += sum(spent for pid, spent in after.items() if pid not in before)
            print(" ".join(f"{value:.6f}" for value in [*cpu, *wall]), server, flush=True)


def asker(app: Any, environ: dict[str, Any], status: int) -> Any:
    """The app called with `environ` as a WSGI server calls it; raises on another status."""
    seen: list[str] = []

    def start_response(given: str, _headers: Any, _info: Any = None) -> None:
        seen.append(given)

    def ask() -> None:
        seen.clear()
        body = app(dict(environ), start_response)
        for _chunk in body:
            pass
        getattr(body, "close", lambda: None)()
        if not seen[0].startswith(str(status)):
            raise RuntimeError(f"{environ['PATH_INFO']} answered {seen[0]}, not {status}")

    return ask


def backend_ns(probe: Any, application: str) -> dict[int, int]:
    """The CPU time (ns, /proc/PID/schedstat) each server process of this side has spent."""
    if probe is None:
        return {}
    pids = [
        row[0]
        for row in probe.execute(
            "SELECT pid FROM pg_stat_activity WHERE application_name = %s", (application,)
        )
    ]
    spent = {}
    for pid in pids:
        try:
            spent[pid] = int(Path(f"/proc/{pid}/schedstat").read_text().split()[0])
        except OSError:
            continue
    return spent


def counted(log: str, start: int, names: list[str], keys: list[str], batch: int) -> None:
    """The statements per request each side's batches sent, from the server's log."""
    found: dict[tuple[str, str], list[str]] = {}
    current: tuple[str, str] | None = None
    with open(log, errors="replace") as lines:
        for number, line in enumerate(lines):
            if number < start:
                continue
            mark = re.search(r"'MARK (\S+) (\S+) (start|end)'", line)
            if mark:
                current = (mark[1], mark[2]) if mark[3] == "start" else None
                found[(mark[1], mark[2])] = found.get((mark[1], mark[2]), [])
                continue
            if current and re.search(r"LOG:\s+(statement|execute)", line):
                found[current].append(re.sub(r"^.*?LOG:\s+", "", line).strip()[:70])
    print(f"statements the server received per request (batches of {batch})")
    print("| request | " + " | ".join(names) + " |")
    print("| --- |" + " ---: |" * len(names))
    for key in keys:
        cells = [f"{len(found.get((name, key), [])) / batch:.2f}" for name in names]
        print(f"| {key} | " + " | ".join(cells) + " |")
    for key in keys:
        for name in names:
            kinds: dict[str, int] = {}
            for text in found.get((name, key), []):
                kinds[text] = kinds.get(text, 0) + 1
            shown = "; ".join(f"{n}× {text}" for text, n in sorted(kinds.items()))
            print(f"  {key} {name}: {shown}")


def main(argv: list[str] | None = None) -> None:
    """Measure; see the module docstring."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--side", action="append", help="NAME=TREE=DATABASE_URL")
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--batch", type=int, default=20)
    parser.add_argument("--keys", default=KEYS)
    parser.add_argument("--statements", action="store_true", help="count them (server's log)")
    parser.add_argument("--log", default=LOG)
    parser.add_argument("--serve", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve:
        serve(args.serve[0], args.serve[1], args.serve[2] == "count")
        return
    keys = args.keys.split(",")
    sides = []
    for spec in args.side or []:
        name, tree, url = spec.split("=", 2)
        tree = str(Path(tree).resolve())
        given = os.environ.get(f"ROUND_TRIPS_CONNECT_ARGS_{name.upper()}", "{}")
        mode = "count" if args.statements else "time"
        process = subprocess.Popen(  # noqa: S603  (this interpreter, this file)
            [sys.executable, str(Path(__file__).resolve()), "--serve", url, name, mode],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=dict(os.environ, PYTHONPATH=tree, ROUND_TRIPS_CONNECT_ARGS=given),
            cwd=tree,
        )
        if process.stdout is None or process.stdout.readline().strip() != "ready":
            raise SystemExit(f"{name}: the side did not start")
        sides.append((name, process))

    def ask(process: subprocess.Popen[str], key: str, count: int) -> str:
        if process.stdin is None or process.stdout is None:
            raise SystemExit("a side has no pipes")
        process.stdin.write(f"{key} {count}\n")
        process.stdin.flush()
        return process.stdout.readline().strip()

    names = [name for name, _ in sides]
    if args.statements:
        start = sum(1 for _ in open(args.log, errors="replace"))  # noqa: SIM115
        for key in keys:
            for _, process in sides:
                ask(process, key, args.batch)
        time.sleep(1)  # the server's log written
        counted(args.log, start, names, keys, args.batch)
    else:
        print(f"per request: medians of {args.rounds} rounds of {args.batch}, sides interleaved")
        print("| request | side | app CPU ms | wall ms | server CPU ms | app + server × first |")
        print("| --- | --- | ---: | ---: | ---: | ---: |")
        for key in keys:
            for _, process in sides:
                ask(process, key, args.batch)  # warm
            cpu: dict[str, list[float]] = {name: [] for name in names}
            wall: dict[str, list[float]] = {name: [] for name in names}
            server: dict[str, int] = dict.fromkeys(names, 0)
            for turn in range(args.rounds):
                # Each side first in every other round: the side asked second read faster
                # under load whichever it was (bench:pgpolls).
                for name, process in sides if turn % 2 == 0 else sides[::-1]:
                    *values, spent = ask(process, key, args.batch).split()
                    numbers = [float(value) for value in values]
                    cpu[name] += numbers[: args.batch]
                    wall[name] += numbers[args.batch :]
                    server[name] += int(spent)
            totals = {}
            for name in names:
                requests = args.rounds * args.batch
                app_ms = statistics.median(cpu[name]) * 1000
                server_ms = server[name] / requests / 1e6
                totals[name] = app_ms + server_ms
                share = totals[name] / totals[names[0]]
                print(
                    f"| {key} | {name} | {app_ms:.3f} | {statistics.median(wall[name]) * 1000:.3f}"
                    f" | {server_ms:.3f} | {share:.2f}× |",
                    flush=True,
                )
    for _, process in sides:
        if process.stdin is not None:
            process.stdin.close()
        process.wait()


if __name__ == "__main__":
    main()
