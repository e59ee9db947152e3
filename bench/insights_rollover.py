"""In process: several threads asking /insights at once with nothing kept (a new minute, a desk
change), counting the reports built and the CPU they took (issue 28, bench:search-insights).

    PYTHONPATH=TREE .venv/bin/python -m bench.insights_rollover \
        --database-url sqlite:////tmp/d100k.sqlite3 --threads 4 [--minutes N [--write]]

Signs in as the seeded editor (`bench.cpu.signed_in`), asks the page once, freezes the
collector as `flask serve` does, forgets the fragment cache, then lets `--threads` test clients
(one session) ask `/insights/?period=90` at the same moment. Prints the process's CPU, how many
reports were built (`insights.reading._compute` calls) and the slowest request's wall time. Run
it from each tree (PYTHONPATH) to compare; it needs nothing of `bench` an older tree lacks.

`--minutes N` keeps what the first load drew and holds the clock N minutes later instead (the
kept figures N minutes old: the case of a page nobody loaded for a while, or of wrk's window
minutes after its warm-up; bench:pginsights); with `--write` insights' version is moved first
too (a counted write, as the warm-up's transitions do). It then prints each request's wall time
(median, slowest), how many answers said the new minute ("Figures as of" it) or an older one,
and what the load after them says. The CPU counts any drawing still running beside them.
"""

from __future__ import annotations

import argparse
import statistics
import threading
import time
from datetime import timedelta
from typing import Any

from sqlalchemy import text

from bench.cpu import signed_in
from editorial import clock, collector
from editorial.extensions import db
from editorial.fragment_cache import fragment_cache
from editorial.insights import reading, views

PAGE = "/insights/?period=90"
INSIGHTS_ROW = 4  # site_version's row of insights' version (`board_version.INSIGHTS_ROW`)


def main(argv: list[str] | None = None) -> None:
    """Measure; see the module docstring."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--minutes", type=int, default=0)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args(argv)
    app, client = signed_in(args.database_url)
    cookie = client.get_cookie("editorial_session")
    if cookie is None:
        raise SystemExit("no session cookie after the sign-in")
    started_at = clock.now()
    with clock.frozen(started_at):
        client.get(PAGE)
    collector.freeze_loaded()
    builds: list[int] = []
    compute = reading._compute

    def counted(*given: Any, **named: Any) -> Any:
        builds.append(1)
        return compute(*given, **named)

    reading._compute = counted  # counted, then called through
    clients = []
    for _ in range(args.threads):
        other = app.test_client()
        other.set_cookie("editorial_session", cookie.value)
        clients.append(other)
    with app.app_context():
        if not args.minutes:
            fragment_cache().clear()
        if args.write:
            db.session.execute(
                text("UPDATE site_version SET number = number + 1 WHERE id = :id"),
                {"id": INSIGHTS_ROW},
            )
            db.session.commit()
    waits: list[float] = []
    answers: list[str] = []
    later = started_at + timedelta(minutes=args.minutes)
    new_minute = clock.as_utc(later).strftime("%Y-%m-%dT%H:%M")

    def ask(asking: Any) -> None:
        started = time.perf_counter()
        answer = asking.get(PAGE).get_data(as_text=True)
        waits.append(time.perf_counter() - started)
        answers.append(answer)

    threads = [threading.Thread(target=ask, args=(c,)) for c in clients]
    cpu = time.process_time()
    with clock.frozen(later):
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        # A drawing still going on beside them (a tree that draws beside a request) counts too.
        for drawing in list(getattr(views, "DRAWINGS", ())):
            drawing.join()
        spent = time.process_time() - cpu
        next_one = clients[0].get(PAGE).get_data(as_text=True)
    if not args.minutes:
        print(
            f"{args.threads} at once, nothing kept: CPU {spent:.2f} s, "
            f"reports built {len(builds)}, slowest {max(waits):.2f} s"
        )
        return
    mark = f'datetime="{new_minute}'
    fresh = sum(1 for a in answers if mark in a)
    after = ", after a write" if args.write else ""
    print(
        f"{args.threads} at once, kept {args.minutes} min old{after}: "
        f"CPU {spent:.2f} s, reports built {len(builds)}, wall median "
        f"{statistics.median(waits):.3f} s, slowest {max(waits):.3f} s, "
        f"answers of the new minute {fresh}, older {len(answers) - fresh}; the next load "
        f"{'of the new minute' if mark in next_one else 'older'}"
    )


if __name__ == "__main__":
    main()
