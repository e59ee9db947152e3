"""Background jobs on Huey: work that must not run inside a request, or must be retried.

Why Huey: it is an established queue with retries, backoff and periodic tasks, small enough to
read, and it keeps its queue in SQLite under instance/ (so `make run` needs nothing more on a
laptop) or in Redis (`JOBS_URL=redis://...`) when several machines serve.

A feature declares a job with `@jobs.job("name", retries=..., retry_delay=..., backoff=...)` and
queues it with `.enqueue(*args)`; a periodic one with `@jobs.periodic("name", minutes=1)`. Every
job runs in an app context of its own, in a write transaction (`database.writing()`) committed at
its end. Jobs must be idempotent: a job queued twice has the effect of one (the webhooks' delivery
claims its row with a conditional UPDATE). A job that raises is retried after `retry_delay`
seconds, each wait `backoff` times the one before; one that fails every try is kept as a
`JobFailure` row with its error (shown to admins on the webhooks page) and in the audit log, and
the job's `gave_up` (if it has one) is called with its arguments in the same transaction, so the
feature can say so where its people look (a picture marked "failed").

Tests run jobs at once, in the request that queued them (Huey's immediate mode, with the queue in
memory): `JOBS_IMMEDIATE` defaults to the app's `TESTING`. The worker: `flask jobs-worker`,
started beside the server by `flask serve` under the same supervision.
"""

from __future__ import annotations

import logging
import subprocess
import sys
import threading
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from sqlalchemy import event, select
from sqlalchemy.orm import Session, SessionTransaction

from editorial import supervisor
from editorial.audit import record
from editorial.database import writing
from editorial.extensions import db
from editorial.job_queue import Huey, MemoryHuey, RedisHuey, SqliteHuey, crontab
from editorial.models import JobFailure

_KEY = "editorial.jobs"


@dataclass(frozen=True)
class Job:
    """A job as declared: its name, its function and how it is retried."""

    name: str
    func: Callable[..., Any]
    retries: int = 3
    retry_delay: int = 60
    backoff: float = 2.0
    every_minutes: int | None = None  # a periodic job: run by the worker every so many minutes
    gave_up: Callable[..., Any] | None = None  # called with the args after the last try failed

    def enqueue(self, *args: Any) -> None:
        """Queue the job with `args` (run at once in immediate mode, as in tests)."""
        _task(current_app._get_current_object(), self)(*args)  # type: ignore[attr-defined]

    def __call__(self, *args: Any) -> Any:
        """Run it here and now (tests, the sweep called by hand)."""
        return self.func(*args)


_REGISTRY: dict[str, Job] = {}


def job(
    name: str,
    *,
    retries: int = 3,
    retry_delay: int = 60,
    backoff: float = 2.0,
    gave_up: Callable[..., Any] | None = None,
) -> Callable[[Callable[..., Any]], Job]:
    """Declare a job (see the module's docstring for what a job promises)."""

    def decorator(func: Callable[..., Any]) -> Job:
        declared = Job(name, func, retries, retry_delay, backoff, gave_up=gave_up)
        _REGISTRY[name] = declared
        return declared

    return decorator


def periodic(name: str, *, minutes: int = 1) -> Callable[[Callable[[], Any]], Job]:
    """Declare a job the worker runs every `minutes` minutes (never retried: the next run is)."""

    def decorator(func: Callable[[], Any]) -> Job:
        declared = Job(name, func, retries=0, every_minutes=minutes)
        _REGISTRY[name] = declared
        return declared

    return decorator


_AFTER_COMMIT = "editorial.jobs.after_commit"


def after_commit(declared: Job, *args: Any) -> None:
    """Queue `declared` with `args` once the current transaction commits; never if it rolls back.

    For work that tells the world of a change (a webhook): queued before the commit, a worker
    could run it before the change is visible, or for a change that then rolled back.
    """
    db.session.connection()  # tied to a transaction, so a rollback (its end) forgets it
    db.session().info.setdefault(_AFTER_COMMIT, []).append((declared, args))


def _committed(session: Session) -> None:
    waiting = session.info.pop(_AFTER_COMMIT, None)
    for declared, args in waiting or ():
        try:
            declared.enqueue(*args)
        except Exception:  # the change is committed; the sweep finds what was not queued
            current_app.logger.exception("Could not queue the job %s%r", declared.name, args)


def _ended(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:  # the outermost one: after a rollback, nothing is queued
        session.info.pop(_AFTER_COMMIT, None)


def queue(app: Flask) -> Huey:
    """The app's Huey instance, made the first time it is needed (so `create_app` opens no
    queue file), with every declared job registered on it."""
    state = app.extensions[_KEY]
    with state["lock"]:
        if state["huey"] is None:
            huey = make_queue(app)
            _keep_failures(app, huey)
            state["huey"] = huey
    made: Huey = state["huey"]
    return made


def make_queue(app: Flask) -> Huey:
    """A Huey for `app`'s settings: in memory and immediate for tests, Redis for `JOBS_URL`
    redis://..., else SQLite in instance/jobs.sqlite3."""
    immediate = app.config.get("JOBS_IMMEDIATE")
    if immediate is None:
        immediate = bool(app.testing)
    name = str(app.config.get("JOBS_QUEUE_NAME") or "editorial")
    if immediate:
        return MemoryHuey(name, immediate=True, results=False)
    url = str(app.config.get("JOBS_URL") or "")
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisHuey(name, url=url, results=False)
    path = url.removeprefix("sqlite:///") if url else str(Path(app.instance_path) / "jobs.sqlite3")
    return SqliteHuey(name, filename=path, results=False)


def init_jobs(app: Flask) -> None:
    """Give the app its (lazily made) queue, and queue `after_commit` work at commits."""
    app.extensions[_KEY] = {"huey": None, "tasks": {}, "lock": threading.Lock()}
    if not event.contains(Session, "after_commit", _committed):
        event.listen(Session, "after_commit", _committed)
        event.listen(Session, "after_transaction_end", _ended)


def _keep_failures(app: Flask, huey: Huey) -> None:
    """A job that failed its last try is kept as a `JobFailure` row and audited."""

    @huey.post_execute()
    def keep_failure(task: Any, _value: Any, exception: BaseException | None) -> None:
        if exception is None or task.retries:  # done, or tried again later
            return
        declared = _REGISTRY.get(task.name)
        if declared is None or declared.every_minutes:
            return
        text = "".join(traceback.format_exception(exception))[-4000:]
        with app.app_context(), writing():
            failure = JobFailure(
                name=task.name,
                arguments=", ".join(repr(a) for a in task.args or ())[:1000],
                error=text,
                tries=declared.retries + 1,
            )
            db.session.add(failure)
            db.session.flush()
            record("job.failed", failure, actor=None, job=task.name, error=str(exception)[:300])
            if declared.gave_up is not None:
                declared.gave_up(*(task.args or ()))
            db.session.commit()


def _task(app: Flask, declared: Job) -> Any:
    """The Huey task for `declared` on `app`'s queue, registered the first time it is asked."""
    huey = queue(app)
    state = app.extensions[_KEY]
    with state["lock"]:
        if declared.name not in state["tasks"]:
            state["tasks"][declared.name] = _register(app, huey, declared)
        return state["tasks"][declared.name]


def _register(app: Flask, huey: Huey, declared: Job) -> Any:
    def run(*args: Any) -> Any:
        with app.app_context():
            try:
                with writing():
                    result = declared.func(*args)
                    db.session.commit()
                return result
            except BaseException:
                db.session.rollback()
                raise

    if declared.every_minutes:
        every = crontab(minute=f"*/{declared.every_minutes}")
        return huey.periodic_task(every, name=declared.name)(run)
    return huey.task(
        retries=declared.retries,
        retry_delay=declared.retry_delay,
        retry_backoff=declared.backoff,
        name=declared.name,
    )(run)


def failures(limit: int = 20) -> list[JobFailure]:
    """The latest jobs that failed every try, newest first."""
    return list(db.session.scalars(select(JobFailure).order_by(JobFailure.id.desc()).limit(limit)))


@contextmanager
def worker_beside(app: Flask, crash_log: Path) -> Iterator[None]:
    """Run `flask jobs-worker` (itself supervised: restarted after a crash, logged in
    `crash_log`) for as long as the block runs; `flask serve` serves inside it."""
    if app.config.get("JOBS_WORKER_BESIDE_SERVER", True) is False:
        yield
        return
    argv = sys.argv[1:]
    prefix = argv[: argv.index("serve")] if "serve" in argv else ["--app", "wsgi"]
    command = [sys.executable, "-m", "flask", *prefix, "jobs-worker", "--supervise"]
    worker = subprocess.Popen(command)  # noqa: S603 - our own interpreter and app
    try:
        yield
    finally:
        if worker.poll() is None:
            worker.terminate()
            try:
                worker.wait(timeout=15)
            except subprocess.TimeoutExpired:
                worker.kill()


@click.command("jobs-worker")
@with_appcontext
@click.option("--workers", default=2, show_default=True, type=int)
@click.option(
    "--supervise/--no-supervise",
    default=False,
    show_default=True,
    help="Run the worker as a child process, restarted if it crashes.",
)
def worker_command(workers: int, supervise: bool) -> None:
    """Run the background jobs' worker (webhook deliveries and the periodic sweeps)."""
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]  # a proxy's
    crash_log = Path(app.instance_path) / "crash.log"
    if supervise:
        argv = [a for a in sys.argv[1:] if a != "--supervise"]
        child = [sys.executable, "-X", "faulthandler", "-m", "flask", *argv, "--no-supervise"]
        raise SystemExit(supervisor.supervise(child, crash_log, label="the jobs worker"))
    # What the worker does, on stderr (a service manager's log): each job run, retried or failed.
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    huey = queue(app)
    huey.immediate = False
    for declared in list(_REGISTRY.values()):
        _task(app, declared)
    click.echo(f"Running background jobs ({workers} workers, {len(_REGISTRY)} kinds of job)")
    huey.create_consumer(workers=workers, periodic=True).run()
