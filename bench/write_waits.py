"""How long writes wait for each other: threads of one process posting at once, as waitress's.

`python -m bench.write_waits --database-url sqlite:////tmp/x-s10k.sqlite3 --threads 8
--requests 40` signs in one test client per thread as the seeded editor and has every thread
post `--requests` writes back to back (a comment and a live post in turn, as
`bench.writes_cpu` asks them), then prints the wall time of the requests (p50, p90, p99,
max), how many were answered a second and each status's count (`--kinds transition`: the
threads take the drafts' submits and returns in one rotation, as wrk's one counter hands them
out, so a return can race its submit; a refused one answers 409). What it shows is the spread:
SQLite's busy handler sleeps a writer that found the lock taken (up to 100 ms a try), so some
writes wait many times longer than the rest. The writes add rows: run it on a copy, never a
seed.
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import threading
import time
from collections import Counter
from collections.abc import Iterator
from typing import Any

from bench.cpu import signed_in
from bench.more_requests import drafts_for_transitions
from bench.seed import LOGINS, PASSWORD
from bench.session import sign_in_client
from bench.writes_cpu import Request, csrf_of, requests, send, transition_turn
from editorial.models import Role

KINDS = ("comment-post", "live-post")


def main(argv: list[str] | None = None) -> None:
    """Measure; see the module docstring."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--kinds", default=",".join(KINDS))
    args = parser.parse_args(argv)
    app, first = signed_in(args.database_url)
    clients = [first]
    for _ in range(args.threads - 1):
        client = app.test_client()
        if sign_in_client(client, LOGINS[Role.EDITOR], PASSWORD) != 302:
            raise SystemExit("sign-in failed")
        clients.append(client)
    asked = [requests(app, client) for client in clients]
    _share_the_transitions(app, clients, asked)
    kinds = args.kinds.split(",")
    waits: list[float] = []
    statuses: Counter[int] = Counter()
    lock = threading.Lock()
    start = threading.Barrier(args.threads)

    def work(index: int) -> None:
        mine: list[float] = []
        seen: Counter[int] = Counter()
        start.wait()
        for turn in range(args.requests):
            kind = kinds[(turn + index) % len(kinds)]
            began = time.perf_counter()
            _spent, answer = send(clients[index], asked[index][kind], index * 100_000 + turn)
            mine.append((time.perf_counter() - began) * 1000)
            seen[answer.status_code] += 1
        with lock:
            waits.extend(mine)
            statuses.update(seen)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(args.threads)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    spent = time.perf_counter() - began
    waits.sort()
    cuts = statistics.quantiles(waits, n=100)
    print(
        f"{len(waits)} writes on {args.threads} threads in {spent:.1f} s"
        f" ({len(waits) / spent:.0f}/s);"
        f" ms p50 {cuts[49]:.0f}, p90 {cuts[89]:.0f}, p99 {cuts[98]:.0f}, max {waits[-1]:.0f};"
        f" p99/p50 {cuts[98] / cuts[49]:.1f};"
        f" statuses {dict(sorted(statuses.items()))}"
    )


def _share_the_transitions(app: Any, clients: list[Any], asked: list[dict[str, Request]]) -> None:
    """Every thread's transition takes the next turn of one rotation (each client its own CSRF
    token), as wrk's script sends them over its connections."""
    drafts, moves = drafts_for_transitions(app), itertools.count()
    for client, mine in zip(clients, asked, strict=True):
        token = csrf_of(client, f"/articles/{drafts[0]}")
        headers = {"HX-Request": "true", "X-CSRFToken": token}
        mine["transition"] = _turns(drafts, moves, headers)


def _turns(drafts: list[int], moves: Iterator[int], headers: dict[str, str]) -> Request:
    """wrk's rotation (`bench.more_requests.transition_turns`): every draft submitted, then
    every one returned, so a story's next move is sent `len(drafts)` requests after its last.
    (`transition_turn` alone returns each draft right after its submit, which in flight at once
    raced: ~18 % of these threads' transitions were refused 409, against one in a few hundred
    in wrk's runs.)"""

    def turn(n: int) -> tuple[str, str, dict[str, str], str | None]:
        move = next(moves) % (2 * len(drafts))
        returning = move >= len(drafts)
        return transition_turn(drafts, 2 * (move % len(drafts)) + returning, n, headers)

    return turn


if __name__ == "__main__":
    main()
