"""Where `bench.seed`'s time goes: each phase's wall time, the seed's own CPU and, on PostgreSQL,
the server's CPU for this database's backends.

`python -m bench.seed_profile --database-url URL --articles 100000 --desk-of 10000` seeds an
empty, migrated database as `python -m bench.seed` does, timing each of `seed`'s steps (wrapped
where `bench.seed` calls them), and prints a table: wall seconds, the seed process's CPU (user +
system, `os.times`: SQLite's work is in it) and, on PostgreSQL, the CPU of every server backend
connected to the database (user + system from `/proc/<pid>/stat`, read at each phase's start and
end: a backend that starts and ends within a phase, a parallel index worker, is not counted; the
server must run on this machine; the two rebuilds, side by side on PostgreSQL, each count both's
CPU over their time). On a machine shared with other jobs, wall time moves with their load; CPU
much less: compare CPU, and interleave runs. `--cprofile FILE` also writes a cProfile of the
whole seeding (`python -m pstats FILE`; the main thread's only).
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text

from bench import seed as seeding
from bench import seed_rebuilds
from editorial.extensions import db

# The steps `bench.seed.seed` calls, by the names it calls them (module globals it looks up).
PHASES = (
    "_seed_people",
    "seed_tags",
    "seed_articles",
    "_advance_sequences",
    "seed_arabic",
    "seed_reads",
    "seed_headlines",
    "seed_claims",
    "seed_plans",
    "seed_live",
    "curate_front",
    "analyze",
    "refresh_marks",
    "record",
    "rebuild_and_commit",
    "refresh_statistics",
    "_analyze_postgresql",
)
# The rebuilds' steps (`bench.seed_rebuilds`): on PostgreSQL side by side, in two threads, so
# each one's seed and server CPU is both's over its time; `rebuild_and_commit` is their whole.
REBUILD_PHASES = ("reindex_all", "rebuild_summary")
_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class Phase:
    """One step's totals over every call."""

    name: str
    calls: int = 0
    wall: float = 0.0
    cpu: float = 0.0
    server: float = 0.0


def _backend_cpu() -> dict[int, float]:
    """CPU seconds (user + system) of each server backend connected to this database now."""
    if db.engine.dialect.name != "postgresql":
        return {}
    with db.engine.connect() as connection:
        pids = connection.scalars(
            text("SELECT pid FROM pg_stat_activity WHERE datname = current_database()")
        ).all()
    found = {}
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile, or on another machine
        found[pid] = (int(fields[11]) + int(fields[12])) / _TICKS
    return found


def _since(before: dict[int, float]) -> float:
    """The backends' CPU since `before` (a backend new since then: all of its CPU)."""
    return sum(cpu - before.get(pid, 0.0) for pid, cpu in _backend_cpu().items())


def _own_cpu() -> float:
    times = os.times()
    return times.user + times.system


class Profile:
    """The phases' totals, in the order first seen."""

    def __init__(self) -> None:
        self.phases: dict[str, Phase] = {}

    @contextmanager
    def phase(self, name: str) -> Iterator[None]:
        """Time the block as (part of) the phase `name`."""
        server, cpu, wall = _backend_cpu(), _own_cpu(), time.perf_counter()
        try:
            yield
        finally:
            wall, cpu, spent = time.perf_counter() - wall, _own_cpu() - cpu, _since(server)
            found = self.phases.setdefault(name, Phase(name))
            found.calls += 1
            found.wall += wall
            found.cpu += cpu
            found.server += spent

    def wrap(self, name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        """`function`, each call timed as the phase `name`."""

        @functools.wraps(function)
        def timed(*args: Any, **kwargs: Any) -> Any:
            with self.phase(name):
                return function(*args, **kwargs)

        return timed

    def table(
        self, total_wall: float, total_cpu: float, total_server: float, inside: tuple[str, ...] = ()
    ) -> str:
        """The phases as a Markdown table, with the rest (between phases) and the total; the
        phases `inside` another (timed within it) shown as such and left out of the sums."""
        lines = [
            "| phase | calls | wall s | seed CPU s | server CPU s |",
            "| --- | --- | --- | --- | --- |",
        ]
        for p in self.phases.values():
            name = f"({p.name}, inside)" if p.name in inside else p.name
            lines.append(f"| {name} | {p.calls} | {p.wall:.1f} | {p.cpu:.1f} | {p.server:.1f} |")
        summed = [p for p in self.phases.values() if p.name not in inside]
        rest = [
            total_wall - sum(p.wall for p in summed),
            total_cpu - sum(p.cpu for p in summed),
            total_server - sum(p.server for p in summed),
        ]
        lines.append(f"| (between) | | {rest[0]:.1f} | {rest[1]:.1f} | {max(rest[2], 0):.1f} |")
        lines.append(
            f"| **total** | | **{total_wall:.1f}** | **{total_cpu:.1f}** | **{total_server:.1f}** |"
        )
        return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """`python -m bench.seed_profile`: seed, timing each phase."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--articles", type=int, default=seeding.ARTICLES)
    parser.add_argument("--desk-of", type=int, help=seeding.DESK_OF_HELP)
    parser.add_argument("--cprofile", help="also write a cProfile of the seeding to this file")
    args = parser.parse_args(argv)
    profile = Profile()
    for module, names in ((seeding, PHASES), (seed_rebuilds, REBUILD_PHASES)):
        for name in names:
            if hasattr(module, name):
                setattr(module, name, profile.wrap(name, getattr(module, name)))
    app = seeding.seeding_app(args.database_url)
    with app.app_context():
        server, cpu, wall = _backend_cpu(), _own_cpu(), time.perf_counter()
        profiler = cProfile.Profile() if args.cprofile else None
        if profiler:
            profiler.enable()
        report = seeding.seed(args.articles, desk_of=args.desk_of)
        if profiler:
            profiler.disable()
            profiler.dump_stats(args.cprofile)
        wall, cpu, spent = time.perf_counter() - wall, _own_cpu() - cpu, _since(server)
        print(seeding.describe(report))
        print(profile.table(wall, cpu, spent, inside=REBUILD_PHASES))


if __name__ == "__main__":
    main()
