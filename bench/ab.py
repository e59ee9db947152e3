"""CPU per request of two versions of the code, interleaved request by request.

`python -m bench.ab --side before=/tmp/main-tree=sqlite:////tmp/a.sqlite3 --side
after=.=sqlite:////tmp/b.sqlite3 --runs 21 --pages editor,article-desk,changed:article-desk`
starts one process per side, each importing `editorial` from its own tree (a `git archive` of
main, this worktree) through PYTHONPATH, signed in as the seeded editor on its database, and asks
them in turn, one request each, so that the shared machine's load falls on both alike. Each side
times its request with `time.process_time` around Flask's test client and the medians are
printed with the ratio to the first side.

A page's key may carry a prefix: `changed:` moves the desk's version (`board_version`, as any
write on the desk does) before the request, outside the timing, so a kept part is drawn again;
`cold:` forgets the fragment cache first; `fresh:` also forgets insights' kept closed days
(`insights.closed_days`), the first build of a day; `after-WRITE:` sends the write WRITE
(below) first, outside the timing: what a page costs on the load after that write.
`write:KEY` sends `bench.writes_cpu`'s request KEY (every write wrk measures, each with a fresh
text; the tree needs this worktree's `bench/writes_cpu.py`, copied in). `claim-verdict` posts a
verdict (htmx from the ledger's page, as wrk does) to the ledger's claims in turn; each post
adds a line to its claim's history, so give each side its own copy of the database (each side
puts the ledger back as seeded when it ends).

On PostgreSQL each side's connections carry `application_name=ab-NAME`, and the CPU the
database server's backends of that side spent during each request (/proc/PID/schedstat, as
`bench.round_trips` reads it; the server must run on this machine) is printed beside the app's,
with their sum's ratio: what a statement's parse and planning cost is spent there, not here.

The process side runs this file as a script (`--serve`) and needs nothing of `bench` the older
tree lacks: `bench.cpu.signed_in`, `bench.seed.targets` and `bench.claims`.
"""

from __future__ import annotations

import argparse
import itertools
import os
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any


def _pages(targets: Any) -> dict[str, str]:
    return {
        "editor": f"/articles/{targets.editor_draft_id}/edit",
        "article-desk": f"/articles/{targets.presence_draft_id}",
        "claims-ledger": f"/articles/{targets.ledger_article_id}",
        "claim-verdict": f"POST /articles/{targets.ledger_article_id}/claims/",
        "live-desk": f"/articles/{targets.live_article_id}/live",
        "desk": "/desk/",
        "desk-filter": f"/desk/?section={targets.section_id}",
        "desk-search": "HX /desk/search?q=minister",  # htmx asks it, as wrk does
        "insights": "/insights/?period=90",
        "queue": "/queue/",
    }


def server_clock(url: str) -> Any:
    """On PostgreSQL, a function answering the CPU ns this side's backends (by the URL's
    `application_name`) have spent so far; elsewhere one answering 0."""
    if not url.startswith("postgresql"):
        return lambda: 0
    import psycopg

    base, _, query = url.partition("?")
    name = dict(part.split("=", 1) for part in query.split("&") if part)["application_name"]
    probe = psycopg.connect(base.replace("postgresql+psycopg://", "postgresql://"), autocommit=True)
    finding = "SELECT pid FROM pg_stat_activity WHERE application_name = %s"

    def spent() -> int:
        total = 0
        for (pid,) in probe.execute(finding, (name,)).fetchall():
            try:
                total += int(Path(f"/proc/{pid}/schedstat").read_text().split()[0])
            except OSError:
                continue
        return total

    return spent


def serve(url: str) -> None:
    """One side: read page keys on stdin, answer each request's CPU ms and its server's CPU ms
    (0 off PostgreSQL), or "ERR status"."""
    from bench.cpu import signed_in
    from bench.seed import targets
    from editorial.fragment_cache import fragment_cache

    app, client = signed_in(url)
    server = server_clock(url)
    with app.app_context():
        seeded = targets()
        pages = _pages(seeded)
    verdicts = ledger_verdicts(app, seeded.ledger_article_id)
    notes = itertools.count()
    token: str | None = None

    def send(path: str) -> Any:
        nonlocal token
        if path.startswith("HX "):
            return client.get(path.removeprefix("HX "), headers={"HX-Request": "true"})
        if not path.startswith("POST "):
            return client.get(path)
        address = path.removeprefix("POST ") + str(next(verdicts))
        page = address.split("/claims/")[0]
        if token is None:
            html = client.get(page).get_data(as_text=True)
            token = html.split('"X-CSRFToken": "')[1].split('"')[0]
        headers = {
            "HX-Request": "true",
            "HX-Current-URL": "http://localhost" + page,
            "X-CSRFToken": token,
        }
        form = {
            "verdict": "verified",
            "sources": "https://example.org/bench-source",
            "note": f"bench {next(notes)}",
        }
        return client.post(address, data=form, headers=headers)

    writes: dict[str, Any] = {}
    turn = itertools.count(int(time.time()) * 2)

    def write(key: str) -> Any:
        from bench import writes_cpu

        if not writes:
            writes.update(writes_cpu.requests(app, client))
        return writes_cpu.send(client, writes[key], next(turn))

    print("ready", flush=True)
    for line in sys.stdin:
        key = line.strip()
        if key.startswith("write:"):
            served = server()
            spent, answer = write(key.removeprefix("write:"))
            served = server() - served
            ok = answer.status_code in (200, 302)
            print(f"{spent:.3f} {served / 1e6:.3f}" if ok else f"ERR {answer.status_code}")
            sys.stdout.flush()
            continue
        if key.startswith("changed:") and url.startswith("sqlite:///"):
            connection = sqlite3.connect(url.removeprefix("sqlite:///"))
            connection.execute("UPDATE site_version SET number = number + 1 WHERE id = 2")
            connection.commit()
            connection.close()
        if key.startswith("after-"):  # after-WRITE:page: a write first, outside the timing
            write(key.split(":")[0].removeprefix("after-"))
        if key.startswith(("cold:", "fresh:")):
            with app.app_context():
                fragment_cache().clear()
        if key.startswith("fresh:"):  # insights' closed days too (a tree without: nothing)
            app.extensions.pop("editorial.insights_closed_days", None)
        path = pages[key.split(":")[-1]]
        served = server()
        started = time.process_time()
        answer = send(path)
        spent = (time.process_time() - started) * 1000
        served = server() - served
        ok = answer.status_code == 200
        print(f"{spent:.3f} {served / 1e6:.3f}" if ok else f"ERR {answer.status_code}", flush=True)
    put_back_ledger(app, seeded.ledger_article_id)


def ledger_verdicts(app: Any, article_id: int) -> Iterator[int]:
    """The ledger story's claims in turn, round again after the last, as wrk's rotation sends
    its verdicts (`bench.writes.claim_verdict`): all on its first claim, each verdict read and
    drew a history that grew with every request, so the figure grew with the copy's use.
    Only `bench.claims.ledger_claim_ids` of the side's tree (main's has it)."""
    from bench.claims import ledger_claim_ids
    from editorial.extensions import db

    with app.app_context():
        claim_ids = ledger_claim_ids(article_id)
        db.session.rollback()
    return itertools.cycle(claim_ids)


def put_back_ledger(app: Any, article_id: int) -> None:
    """The ledger's claims as seeded again after a side's run (`write:claim-verdict` and
    `claim-verdict` both check them): the next run on the copy measures the same ledger."""
    from bench.claims import remove_bench_checks
    from editorial.extensions import db

    with app.app_context():
        remove_bench_checks(article_id)
        db.session.commit()


def main(argv: list[str] | None = None) -> None:
    """Measure; see the module docstring."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--side", action="append", help="NAME=TREE=DATABASE_URL")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--pages", default="editor,article-desk,claims-ledger")
    parser.add_argument("--serve", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve:
        serve(args.serve)
        return
    sides = []
    for spec in args.side or []:
        name, tree, url = spec.split("=", 2)
        tree = str(Path(tree).resolve())
        if url.startswith("postgresql") and "application_name=" not in url:
            url += ("&" if "?" in url else "?") + f"application_name=ab-{name}"
        process = subprocess.Popen(  # noqa: S603  (this interpreter, this file)
            [sys.executable, str(Path(__file__).resolve()), "--serve", url],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=dict(os.environ, PYTHONPATH=tree),
            cwd=tree,
        )
        if process.stdout is None or process.stdout.readline().strip() != "ready":
            raise SystemExit(f"{name}: the side did not start")
        sides.append((name, process))

    def ask(process: subprocess.Popen[str], key: str) -> tuple[float, float]:
        if process.stdin is None or process.stdout is None:
            raise SystemExit("a side has no pipes")
        process.stdin.write(key + "\n")
        process.stdin.flush()
        answer = process.stdout.readline().strip()
        if not answer or answer.startswith("ERR"):
            raise SystemExit(f"{key}: {answer or 'no answer'}")
        app_ms, server_ms = answer.split()
        return float(app_ms), float(server_ms)

    print(f"CPU ms per request, median of {args.runs}, sides interleaved request by request")
    print("(on PostgreSQL: app CPU + its server backends' CPU = total; ratios of the totals)")
    for key in args.pages.split(","):
        for _, process in sides:
            ask(process, key), ask(process, key)  # warm templates and connections
        timings: dict[str, list[tuple[float, float]]] = {name: [] for name, _ in sides}
        for _ in range(args.runs):
            for name, process in sides:
                timings[name].append(ask(process, key))
        print(f"{key:<22} {_cells(timings)}", flush=True)
    for _, process in sides:
        if process.stdin is not None:
            process.stdin.close()
        process.wait()


def _cells(timings: dict[str, list[tuple[float, float]]]) -> str:
    """Each side's median app CPU (and, when its server spent any, the server's and the total's
    medians), with the ratio of its total to the first side's."""
    cells, first = [], 0.0
    for index, (name, spent) in enumerate(timings.items()):
        app_ms = statistics.median(app for app, _ in spent)
        server_ms = statistics.median(server for _, server in spent)
        total = statistics.median(app + server for app, server in spent)
        first = first or total
        shown = f"{name} {app_ms:6.2f}"
        if any(server for _, server in spent):
            shown += f" + {server_ms:5.2f} = {total:6.2f}"
        cells.append(shown + (f" ({total / first:.2f}×)" if index else ""))
    return "  ".join(cells)


if __name__ == "__main__":
    main()
