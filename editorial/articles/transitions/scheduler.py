"""Scheduled work inside the served app: a daemon thread that releases due articles.

Safe in every process of a multi-process deployment (and beside cron's `flask publish-due`),
because each release is claimed atomically in the database; see `service.release_due`.
"""

from __future__ import annotations

import threading
import time

from flask import Flask

from editorial.alarm import service as alarm
from editorial.articles.transitions.service import release_due
from editorial.database import refresh_statistics
from editorial.deadlines import service as deadlines
from editorial.extensions import db
from editorial.fronts import service as fronts

_JOBS_STARTED: set[int] = set()
STATISTICS_EVERY_SECONDS = 6 * 3600


def run_due_work(app: Flask) -> int:
    """One pass: publish the scheduled articles whose time has come, then raise (or clear) the
    missed-publish alarm for whatever is still late a minute on, then send the deadlines'
    escalation steps whose time has come, then publish the fronts' scheduled changes whose time
    has come (each once, however many loops race). Returns how many articles it published."""
    with app.app_context():
        try:
            released = release_due()
            alarm.sound()
            deadlines.escalate()
            fronts.release_due()
            return released
        finally:
            db.session.remove()


def _refresh_statistics(app: Flask) -> None:
    """The planner's table statistics, at start and every few hours as the archive grows."""
    with app.app_context():
        try:
            refresh_statistics()
        except Exception:  # statistics are an optimisation; never stop publishing for them
            app.logger.exception("Refreshing the database statistics failed")
        finally:
            db.session.remove()


def start(app: Flask) -> threading.Thread | None:
    """Start the background thread for `app` once per process (no-op if already running)."""
    if id(app) in _JOBS_STARTED:
        return None
    _JOBS_STARTED.add(id(app))
    stop = threading.Event()
    interval = float(app.config["SCHEDULER_INTERVAL_SECONDS"])

    def loop() -> None:
        statistics_due = 0.0
        while True:
            if time.monotonic() >= statistics_due:
                statistics_due = time.monotonic() + STATISTICS_EVERY_SECONDS
                _refresh_statistics(app)
            if stop.wait(interval):
                return
            try:
                count = run_due_work(app)
            except Exception:  # a failed pass must not kill the thread; the next one retries
                app.logger.exception("Scheduled publishing pass failed")
                continue
            if count:
                app.logger.info("Published %d scheduled article(s)", count)

    thread = threading.Thread(target=loop, name="editorial-scheduler", daemon=True)
    thread.start()
    app.extensions["editorial.scheduler.stop"] = stop
    return thread


def init_scheduler(app: Flask) -> None:
    """Let `flask serve` (and gunicorn's post_worker_init) start the thread; start nothing here."""
    app.extensions["editorial.scheduler"] = start
