"""In process: insights' latencies over a window, as wrk's 16 connections see them after a write
(issue 28's p99 < 10x p50), for one or more `INSIGHTS_FRESH_WAIT`s, interleaved round by round.

    PYTHONPATH=TREE .venv/bin/python -m bench.insights_window \
        --database-url sqlite:////tmp/d100k.sqlite3 --waits 1.0,0.25 --rounds 3 \
        [--clients 16 --threads 8 --seconds 3]

Signs in as the seeded editor (`bench.cpu.signed_in`), draws the page once under a frozen
clock, freezes the collector as `flask serve` does. Each round then moves the clock to a new
minute (5 minutes on) and insights' version (a counted write, as the writes' warm-ups do before
wrk's insights window), so the figures kept are stale, as in the benchmark; then `--clients`
threads (one session, a test client each) ask `/insights/?period=90` over and over for
`--seconds`, at most `--threads` at once (waitress's eight: a client waiting for one is
waiting, as a connection queued in waitress is). Each request's time counts from when the
client asks to when the answer is read. Prints, per round and wait: requests, p50, p99, max,
p99 over p50, how many took over 10x p50, and how many answered the new minute's figures.
A drawing still running at a round's end is waited for before the next round.
"""

from __future__ import annotations

import argparse
import queue
import statistics
import threading
import time
from datetime import timedelta
from typing import Any

from sqlalchemy import text

from bench.cpu import signed_in
from editorial import clock, collector
from editorial.extensions import db
from editorial.insights import views

PAGE = "/insights/?period=90"
INSIGHTS_ROW = 4  # site_version's row of insights' version (`board_version.INSIGHTS_ROW`)


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile of `values` (share in 0..1)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def one_round(app: Any, clients: list[Any], threads: int, seconds: float, mark: str) -> str:
    """The clients asking for `seconds`, answered by `threads` workers taking the requests in
    the order they came (waitress's task queue: a lock or semaphore is not fair, and starved
    some clients for seconds); the round's line."""
    tasks: queue.Queue[tuple[Any, list[Any], threading.Event] | None] = queue.Queue()
    times: list[float] = []
    fresh = [0]
    deadline = time.monotonic() + seconds

    def work() -> None:
        while (task := tasks.get()) is not None:
            client, answer, done = task
            answer.append(client.get(PAGE).get_data(as_text=True))
            done.set()

    def ask(client: Any) -> None:
        while time.monotonic() < deadline:
            started = time.perf_counter()
            answer: list[str] = []
            done = threading.Event()
            tasks.put((client, answer, done))
            done.wait()
            times.append(time.perf_counter() - started)
            if mark in answer[0]:
                fresh[0] += 1

    workers = [threading.Thread(target=work) for _ in range(threads)]
    askers = [threading.Thread(target=ask, args=(c,)) for c in clients]
    for thread in (*workers, *askers):
        thread.start()
    for asker in askers:
        asker.join()
    for _ in workers:
        tasks.put(None)
    for worker in workers:
        worker.join()
    for drawing in list(views.DRAWINGS):
        drawing.join()
    p50, p99 = statistics.median(times) * 1000, percentile(times, 0.99) * 1000
    slow = sum(1 for t in times if t * 1000 > 10 * p50)
    return (
        f"{len(times)} requests, p50 {p50:.1f} ms, p99 {p99:.1f} ms, max "
        f"{max(times) * 1000:.0f} ms, p99/p50 {p99 / p50:.1f}, over 10x p50 {slow}, "
        f"the new figures {fresh[0]}"
    )


def main(argv: list[str] | None = None) -> None:
    """Measure; see the module docstring."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument(
        "--waits", default="0,1.0", help="INSIGHTS_FRESH_WAIT values (0: the app's)"
    )
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=3)
    args = parser.parse_args(argv)
    waits = [float(w) for w in args.waits.split(",")]
    app, client = signed_in(args.database_url)
    cookie = client.get_cookie("editorial_session")
    if cookie is None:
        raise SystemExit("no session cookie after the sign-in")
    at = clock.now()
    with clock.frozen(at):
        client.get(PAGE)
    collector.freeze_loaded()
    clients = []
    for _ in range(args.clients):
        other = app.test_client()
        other.set_cookie("editorial_session", cookie.value)
        clients.append(other)
    for number in range(1, args.rounds + 1):
        for wait in waits:
            at += timedelta(minutes=5)
            app.config["INSIGHTS_FRESH_WAIT"] = wait
            with app.app_context():
                db.session.execute(
                    text("UPDATE site_version SET number = number + 1 WHERE id = :id"),
                    {"id": INSIGHTS_ROW},
                )
                db.session.commit()
            mark = f'datetime="{clock.as_utc(at).strftime("%Y-%m-%dT%H:%M")}'
            with clock.frozen(at):
                line = one_round(app, clients, args.threads, args.seconds, mark)
            print(f"round {number}, wait {wait:g} s: {line}", flush=True)


if __name__ == "__main__":
    main()
