"""`python -m loadtest`: set up, serve, load (with one SIGKILL and restart), stop, verify, report.

    python -m loadtest [--seconds 60] [--database sqlite|postgresql] [--server waitress|gunicorn]
                       [--workers 4] [--kill-at 0.5] [--report FILE] [--keep]

Exit status: 0 when every target is met, 1 when one is missed, 2 when the run could not be set up.
Everything happens on 127.0.0.1; every loop is bounded by the deadline and the request budget,
and a watchdog ends the whole process (and the server) if the run overstays by minutes.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import sys
import tempfile
import threading
import time
import traceback
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from editorial.models import Article, User
from loadtest.actors import (
    Account,
    Actor,
    DeskEditor,
    Editor,
    FactChecker,
    Known,
    Poller,
    Reader,
    Registry,
    Reporter,
    World,
)
from loadtest.ledger import Ledger
from loadtest.report import render, targets
from loadtest.server import DEMO_PASSWORD, PASSWORD, ZONE, Instance, Server, free_port
from loadtest.verify import read_baseline, verify

SCHEDULER_INTERVAL = 2.0  # seconds between the in-app scheduler's passes during the run
KILL_IN_FLIGHT = 3  # writes in flight the kill waits for (at most 5 s)
JOIN_SECONDS = 45.0  # how long actors may take to finish their last request after the deadline
# The demo's people by role (README); more are made with `flask create-user` when needed.
DEMO_PEOPLE = {
    "reporter": ["reporter@example.com", "reporter2@example.com", "reporter3@example.com"],
    "editor": ["editor@example.com", "editor2@example.com"],
    "fact_checker": ["checker@example.com", "checker2@example.com"],
    "admin": ["admin@example.com", "admin2@example.com"],
}


@dataclass(frozen=True)
class Plan:
    """How many of each actor, and how long."""

    seconds: float
    database: str
    server: str
    workers: int
    kill_at: float
    reporters: int
    editors: int
    checkers: int
    desks: int
    pollers: int
    readers: int
    max_requests: int
    seed: int

    @property
    def title(self) -> str:
        """What the run was, for the report's heading."""
        served = f"{self.server}" + (
            f", {self.workers} workers" if self.server == "gunicorn" else ""
        )
        kill = f", SIGKILL at {self.kill_at:.0%}" if self.kill_at else ", no kill"
        return f"Load test: {self.database} under {served}, {self.seconds:.0f} s{kill}"


def parse(argv: list[str] | None) -> tuple[Plan, argparse.Namespace]:
    """The command line."""
    parser = argparse.ArgumentParser(prog="python -m loadtest", description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="length of the load")
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument(
        "--server",
        choices=("waitress", "gunicorn"),
        help="default: waitress for SQLite, gunicorn for PostgreSQL",
    )
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument(
        "--kill-at",
        type=float,
        default=0.5,
        help="when to SIGKILL and restart the server, as a fraction of the run (0: never)",
    )
    parser.add_argument("--reporters", type=int, default=4)
    parser.add_argument("--editors", type=int, default=2)
    parser.add_argument("--checkers", type=int, default=2)
    parser.add_argument("--desks", type=int, default=2, help="BREAKING desk editors")
    parser.add_argument("--pollers", type=int, default=2, help="staff with pages left open")
    parser.add_argument("--readers", type=int, default=3, help="anonymous readers")
    parser.add_argument("--max-requests", type=int, default=200_000, help="request budget")
    parser.add_argument("--seed", type=int, default=None, help="random seed (default: random)")
    parser.add_argument("--report", type=Path, help="also write the report to this file")
    parser.add_argument("--keep", action="store_true", help="keep the run's folder and logs")
    args = parser.parse_args(argv)
    if not 0 <= args.kill_at < 1:
        parser.error("--kill-at is a fraction of the run: 0 (no kill) up to, not including, 1")
    if args.seconds <= 0 or args.seconds > 3600:
        parser.error("--seconds must be more than 0 and at most 3600")
    plan = Plan(
        seconds=args.seconds,
        database=args.database,
        server=args.server or ("gunicorn" if args.database == "postgresql" else "waitress"),
        workers=args.workers,
        kill_at=args.kill_at,
        reporters=args.reporters,
        editors=args.editors,
        checkers=args.checkers,
        desks=args.desks,
        pollers=args.pollers,
        readers=args.readers,
        max_requests=args.max_requests,
        seed=args.seed if args.seed is not None else secrets.randbelow(1_000_000),
    )
    return plan, args


def cast_people(
    plan: Plan,
) -> tuple[list[tuple[type[Actor], str, str]], list[tuple[str, str, str]]]:
    """Who plays whom: (actor class, email, role) for each actor, and the accounts to create."""
    pools = {role: list(emails) for role, emails in DEMO_PEOPLE.items()}
    cast_list: list[tuple[type[Actor], str, str]] = []
    extra: list[tuple[str, str, str]] = []

    def take(cls: type[Actor], count: int, roles: tuple[str, ...], new_role: str) -> None:
        for number in range(1, count + 1):
            role = next((r for r in roles if pools[r]), None)
            if role is not None:
                cast_list.append((cls, pools[role].pop(0), role))
                continue
            email = f"lt-{cls.kind}{number}@example.com"
            extra.append((email, f"Load Test {cls.kind.title()} {number}", new_role))
            cast_list.append((cls, email, new_role))

    take(Reporter, plan.reporters, ("reporter",), "reporter")
    take(Editor, plan.editors, ("editor",), "editor")
    take(FactChecker, plan.checkers, ("fact_checker",), "fact_checker")
    take(DeskEditor, plan.desks, ("admin", "editor"), "editor")
    take(Poller, plan.pollers, ("admin", "editor"), "editor")
    return cast_list, extra


def read_newsroom(url: str) -> tuple[dict[str, int], list[Known]]:
    """Account ids by email, and the seeded articles with their states."""
    engine = create_engine(url)
    try:
        with Session(engine) as session:
            ids = {email: id_ for id_, email in session.execute(select(User.id, User.email))}
            known = [
                Known(id_, state, slug)
                for id_, state, slug in session.execute(
                    select(Article.id, Article.state, Article.slug)
                )
            ]
    finally:
        engine.dispose()
    return ids, known


class Watchdog:
    """Ends the process (and the server) if the run goes on far longer than it should."""

    def __init__(self, seconds: float) -> None:
        self.server: Server | None = None
        self.instance: Instance | None = None
        self.timer = threading.Timer(seconds, self.fire)
        self.timer.daemon = True

    def fire(self) -> None:
        """Out of time: kill the server, drop the database, exit."""
        print("loadtest: the run overstayed its bounds; stopping everything", file=sys.stderr)
        try:
            if self.server is not None:
                self.server.kill()
            if self.instance is not None:
                self.instance.drop()
        finally:
            os._exit(3)


def run(plan: Plan, args: argparse.Namespace) -> int:
    """One configuration, start to finish. Returns the exit status."""
    run_id = secrets.token_hex(4)
    folder = Path(tempfile.mkdtemp(prefix=f"loadtest-{plan.database}-"))
    watchdog = Watchdog(plan.seconds + 300)
    watchdog.timer.start()
    instance: Instance | None = None
    server: Server | None = None
    status = 2
    say = print
    try:
        say(f"loadtest: {plan.title} (seed {plan.seed}); working in {folder}", flush=True)
        instance = Instance.create(folder / "instance", plan.database, run_id, SCHEDULER_INTERVAL)
        watchdog.instance = instance
        cast_list, extra = cast_people(plan)
        instance.seed(extra)
        ids, known = read_newsroom(instance.database_url)
        baseline = read_baseline(instance.database_url)
        server = Server(instance, plan.server, plan.workers, free_port(), folder)
        watchdog.server = server
        ready = server.start()
        say(f"loadtest: {plan.server} up on 127.0.0.1:{server.port} in {ready:.1f} s", flush=True)

        ledger = Ledger(deadline=time.monotonic() + plan.seconds, max_requests=plan.max_requests)
        world = World(server.port, ledger, Registry(known), ZONE, run_id)
        actors: list[Actor] = []
        for number, (cls, email, role) in enumerate(cast_list, start=1):
            password = PASSWORD if any(email == e for e, _, _ in extra) else DEMO_PASSWORD
            account = Account(email, password, ids[email], role)
            actors.append(cls(world, account, number, plan.seed * 100 + number))
        for number in range(1, plan.readers + 1):
            actors.append(Reader(world, None, number, plan.seed * 100 + 50 + number))
        started = time.time()
        began = time.monotonic()
        for actor in actors:
            actor.start()

        if plan.kill_at:
            ledger.stop.wait(plan.seconds * plan.kill_at)
            # Kill while writes are in flight (a few, if they come within 5 s): the point is
            # what happens to a write the server was busy with.
            waited = time.monotonic()
            while ledger.writing < KILL_IN_FLIGHT and time.monotonic() - waited < 5:
                time.sleep(0.005)
            if ledger.running():
                in_flight = ledger.writing
                ledger.kill_at = time.time()
                server.kill()
                say(
                    f"loadtest: SIGKILL at +{ledger.kill_at - started:.1f} s "
                    f"with {in_flight} writes in flight",
                    flush=True,
                )
                back = server.start()
                ledger.back_at = time.time()
                say(f"loadtest: restarted, answering after {back:.1f} s", flush=True)
        ledger.stop.wait(max(0.0, ledger.deadline - time.monotonic()))
        ledger.stop.set()
        for actor in actors:
            actor.join(timeout=max(1.0, JOIN_SECONDS - (time.monotonic() - began - plan.seconds)))
        stuck = [a.name for a in actors if a.is_alive()]
        if stuck:
            ledger.harness_error(f"actors still running after the deadline: {stuck}")
        load_seconds = time.monotonic() - began
        load_end = datetime.now(UTC)
        # Two scheduler passes and a margin, so stories due by the end are released.
        time.sleep(SCHEDULER_INTERVAL * 2 + 1.5)
        server.stop()
        log = server.log_text()
        findings = verify(
            instance.database_url, ledger, baseline, due_cutoff=load_end, server_log=log
        )
        goal = targets(ledger, findings, log)
        report = render(plan.title, ledger, findings, goal, seconds=load_seconds, started=started)
        say(report, flush=True)
        if args.report:
            args.report.write_text(report)
        status = 0 if goal.met else 1
    except Exception:  # noqa: BLE001 - a setup failure is reported, with exit status 2
        traceback.print_exc()
        status = 2
    finally:
        if server is not None:
            server.stop()
        if instance is not None:
            try:
                instance.drop()
            except Exception:  # noqa: BLE001 - reported; the run's result stands
                traceback.print_exc()
        watchdog.timer.cancel()
        if status == 0 and not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
        else:
            say(f"loadtest: the run's folder (instance, server logs) is kept: {folder}")
    return status


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run."""
    plan, args = parse(argv)
    return run(plan, args)


if __name__ == "__main__":
    sys.exit(main())
