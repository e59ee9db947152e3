"""Each round trip a reader's page sends to PostgreSQL, with its wall time, kept or redrawn.

    .venv/bin/python -m bench.page_trips --database-url \
        postgresql+psycopg://postgres@127.0.0.1:5432/pg_10k --pages home,article,search-two \
        --runs 11 [--changed] [--at 2026-12-06T23:50:00]

The pages are `bench.public_cpu`'s keys (with the page cache off, the clock frozen at `--at`),
asked through the WSGI app as a server asks them. Every message psycopg waits on is counted
(`BEGIN`, `ROLLBACK` and the pool's ping `;` too: each is a round trip to a server sharing the
CPUs) with its wall time, and printed per request with how many times a request sends it.
Without `--changed` the page is asked as it is (its parts kept: what wrk measures); with it the
site's version is moved first (on a connection of its own, outside the timing), as any change a
reader could see moves it, so every kept part is drawn again. A `BEGIN`'s time is counted in
the statement it comes before (one wait). Run it with PYTHONPATH set to another tree to count
that tree's; it needs nothing of `bench` but `public_cpu`'s worker.
"""

from __future__ import annotations

import argparse
import statistics
import threading
import time
from collections import defaultdict
from datetime import UTC, datetime
from typing import Any

import psycopg
from psycopg import _connection_base, _cursor_base, generators

from bench import public_cpu

_seen: dict[str, Any] = {"on": False, "log": []}
_label = threading.local()


def _watch() -> None:
    """Count every result psycopg waits for, and time each wait on a connection."""
    execute = generators.execute

    def counted(pgconn: Any, *args: Any, **kwargs: Any) -> Any:
        results = yield from execute(pgconn, *args, **kwargs)
        if _seen["on"]:
            _seen["log"].append([getattr(_label, "sql", "?"), 0.0])
        return results

    # Patched in place for this measuring process only (psycopg's own generator and wait).
    setattr(generators, "execute", counted)  # noqa: B010
    setattr(_cursor_base, "execute", counted)  # noqa: B010
    command = _connection_base.BaseConnection._exec_command  # noqa: SLF001

    def labelled_command(self: Any, sql: Any, *args: Any, **kwargs: Any) -> Any:
        _label.sql = sql.decode() if isinstance(sql, bytes) else str(sql)
        return command(self, sql, *args, **kwargs)

    setattr(_connection_base.BaseConnection, "_exec_command", labelled_command)  # noqa: B010
    prepare = _cursor_base.BaseCursor._maybe_prepare_gen  # noqa: SLF001

    def labelled_query(self: Any, query: Any, *args: Any, **kwargs: Any) -> Any:
        _label.sql = query.query.decode()
        return prepare(self, query, *args, **kwargs)

    setattr(_cursor_base.BaseCursor, "_maybe_prepare_gen", labelled_query)  # noqa: B010
    wait = psycopg.Connection.wait

    def timed(self: Any, gen: Any, *args: Any, **kwargs: Any) -> Any:
        began, before = time.perf_counter(), len(_seen["log"])
        try:
            return wait(self, gen, *args, **kwargs)
        finally:
            if _seen["on"] and len(_seen["log"]) > before:
                _seen["log"][-1][1] += (time.perf_counter() - began) * 1000

    setattr(psycopg.Connection, "wait", timed)  # noqa: B010


def _bump(url: str) -> None:
    """Move the site's version on, as a change readers could see does."""
    database = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(database, autocommit=True) as connection:
        connection.execute("UPDATE site_version SET number = number + 1 WHERE id = 1")


def measure(url: str, key: str, runs: int, changed: bool, worker: Any) -> None:
    """Print `key`'s round trips per request, and each statement's."""
    run = worker.prepare(key)
    for _ in range(3):
        run()
    requests: list[list[list[Any]]] = []
    walls: list[float] = []
    for _ in range(runs):
        if changed:
            _bump(url)
        _seen["log"], _seen["on"] = [], True
        began = time.perf_counter()
        status = run()[0]
        walls.append((time.perf_counter() - began) * 1000)
        _seen["on"] = False
        requests.append(_seen["log"])
    trips = statistics.median(len(sent) for sent in requests)
    waited = statistics.median(sum(ms for _, ms in sent) for sent in requests)
    print(
        f"== {key} {status}: {trips:g} round trips a request, wall {statistics.median(walls):.2f}"
        f" ms, waiting on them {waited:.2f} ms (medians of {runs})"
    )
    each: dict[str, list[float]] = defaultdict(list)
    for sent in requests:
        for sql, ms in sent:
            each[" ".join(sql.split())[:160]].append(ms)
    for sql, times in sorted(each.items(), key=lambda item: -sum(item[1])):
        print(f"  {len(times) / runs:4.1f}x {statistics.median(times):7.3f} ms  {sql}")


def main(argv: list[str] | None = None) -> None:
    """Measure; see the module docstring."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--pages", default="home,section,article,live,api-breaking,search-two")
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--changed", action="store_true", help="move the site's version first")
    parser.add_argument("--at", type=datetime.fromisoformat, default=public_cpu.FROZEN)
    args = parser.parse_args(argv)
    _watch()
    worker = public_cpu.Worker(args.database_url, False, args.at.replace(tzinfo=UTC))
    for key in args.pages.split(","):
        measure(args.database_url, key, args.runs, args.changed, worker)


if __name__ == "__main__":
    main()
