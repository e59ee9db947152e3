"""Background jobs on Huey (issue 26): queued after the commit, run once when queued twice,
retried with backoff, kept and shown to admins when they keep failing, and the worker started
beside the server under the same supervision."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from huey import MemoryHuey, RedisHuey, SqliteHuey
from sqlalchemy import func, select

from editorial import create_app, jobs, supervisor
from editorial.articles.transitions.service import apply
from editorial.database import reading
from editorial.extensions import db
from editorial.models import AuditEvent, JobFailure, Role, User, WebhookDelivery
from editorial.webhooks import service
from tests.factories import make_article, make_user
from tests.helpers import POSTGRES_URL, app_config
from tests.receiver import Receiver

ROOT = Path(__file__).resolve().parent.parent

RAN: list[Any] = []


@jobs.job("tests.count", retries=0)
def count(value: int) -> None:
    """Counts once per key: a row-free stand-in for the delivery's conditional claim."""
    if value not in RAN:
        RAN.append(value)


@jobs.job("tests.poisoned", retries=2, retry_delay=10, backoff=3.0)
def poisoned(value: int) -> None:
    """Always fails."""
    RAN.append(("tried", value))
    raise RuntimeError(f"the receiver's certificate is not valid ({value})")


@pytest.fixture(autouse=True)
def _forget() -> None:
    RAN.clear()


def test_the_queue_follows_the_settings(tmp_path: Path) -> None:
    testing = create_app(app_config(tmp_path))
    assert isinstance(jobs.queue(testing), MemoryHuey) and jobs.queue(testing).immediate
    real = create_app(app_config(tmp_path, JOBS_IMMEDIATE=False))
    huey = jobs.queue(real)
    assert isinstance(huey, SqliteHuey) and not huey.immediate
    redis = create_app(
        app_config(tmp_path, JOBS_IMMEDIATE=False, JOBS_URL="redis://127.0.0.1:6379/0")
    )
    assert isinstance(jobs.queue(redis), RedisHuey)


def test_queued_after_commit_and_never_after_a_rollback(app: Flask) -> None:
    jobs.after_commit(count, 1)
    assert RAN == []  # not before the commit
    db.session.commit()
    assert RAN == [1]
    jobs.after_commit(count, 2)
    db.session.rollback()
    db.session.commit()
    assert RAN == [1]


def test_a_job_queued_twice_has_the_effect_of_one(app: Flask) -> None:
    count.enqueue(7)
    count.enqueue(7)
    assert RAN == [7]


def test_a_failing_job_is_retried_with_backoff_then_kept_for_admins(
    app: Flask, client_as: Any
) -> None:
    huey = jobs.queue(app)
    poisoned.enqueue(3)
    assert RAN == [("tried", 3)]
    # Huey keeps the retry in its schedule: 10 s, then 3 times that.
    [retry] = huey.scheduled()
    assert retry.retries == 1 and retry.retry_delay == 30
    waited = retry.eta - huey._get_timestamp()
    assert timedelta(seconds=8) < waited <= timedelta(seconds=10)
    assert db.session.scalar(select(func.count(JobFailure.id))) == 0  # not yet given up
    db.session.commit()  # as a worker would find it: no transaction of the test's open
    # The worker runs each when its time comes.
    huey.storage.flush_schedule()
    before = huey._get_timestamp()
    huey.execute(retry, timestamp=retry.eta)
    after = huey._get_timestamp()
    [again] = huey.scheduled()
    assert again.retries == 0  # its last try, 30 s after the second failed
    assert before + timedelta(seconds=30) <= again.eta <= after + timedelta(seconds=30)
    huey.storage.flush_schedule()
    huey.execute(again, timestamp=again.eta)
    assert RAN == [("tried", 3)] * 3 and huey.scheduled() == []

    db.session.expire_all()
    [kept] = db.session.scalars(select(JobFailure)).all()
    assert kept.name == "tests.poisoned" and kept.tries == 3 and kept.arguments == "3"
    assert "certificate is not valid (3)" in kept.error
    audited = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "job.failed")).one()
    assert audited.details["job"] == "tests.poisoned"

    admin = make_user(Role.ADMIN)
    page = client_as(admin).get("/admin/webhooks").text
    assert "Background jobs that kept failing" in page
    assert "tests.poisoned" in page and "certificate is not valid (3)" in page
    editor: User = make_user(Role.EDITOR)
    assert client_as(editor).get("/admin/webhooks").status_code == 403


def test_flask_serve_supervises_the_worker_beside_the_server(
    app: Flask, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    started: list[list[str]] = []

    class Child:
        def __init__(self, command: list[str]) -> None:
            started.append(command)

        def poll(self) -> int | None:
            return None

        def terminate(self) -> None:
            started.append(["terminated"])

        def wait(self, timeout: float) -> int:
            return 0

    monkeypatch.setattr(jobs.subprocess, "Popen", Child)
    monkeypatch.setattr(sys, "argv", ["flask", "--app", "wsgi", "serve", "--port", "5001"])
    with jobs.worker_beside(app, tmp_path / "crash.log"):
        assert started[0][-4:] == ["--app", "wsgi", "jobs-worker", "--supervise"]
    assert started[-1] == ["terminated"]


def test_a_crashed_worker_is_restarted_and_logged(tmp_path: Path) -> None:
    crash_log = tmp_path / "crash.log"
    marker = tmp_path / "ran"
    # Crashes the first time, then exits cleanly: the supervisor restarts it once.
    script = (
        "import pathlib, sys; p = pathlib.Path(sys.argv[1]);"
        "first = not p.exists(); p.write_text('x'); sys.exit(3 if first else 0)"
    )
    said: list[str] = []
    status = supervisor.supervise(
        [sys.executable, "-c", script, str(marker)],
        crash_log,
        say=said.append,
        delay=0,
        label="the jobs worker",
    )
    assert status == 0
    assert "the jobs worker stopped (exit status 3)" in crash_log.read_text()
    assert said and "restarting it" in said[0]


@pytest.mark.slow
@pytest.mark.skipif(bool(POSTGRES_URL), reason="the worker process is given the SQLite file")
def test_the_real_worker_sends_one_delivery_for_one_publish(make_app: Any, tmp_path: Path) -> None:
    """No immediate mode: the commit queues the job in instance/jobs.sqlite3 and `flask
    jobs-worker`, another process, sends it, once."""
    queue_file = f"sqlite:///{tmp_path / 'jobs.sqlite3'}"
    app = make_app(JOBS_IMMEDIATE=False, JOBS_URL=queue_file, WEBHOOKS_ALLOW_PRIVATE=True)
    receiver = Receiver()
    worker = None
    try:
        with app.app_context():
            admin, editor = make_user(Role.ADMIN), make_user(Role.EDITOR)
            made = service.register(receiver.url, "", ["article.published"], actor=admin)
            db.session.commit()
            receiver.secret = made.secret
            article = make_article("ready")
            apply(article, "publish", editor)
            db.session.commit()
            assert receiver.received == []  # queued, not sent in the request
            assert jobs.queue(app).pending_count() == 1
        env = {
            **os.environ,
            "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
            "JOBS_URL": queue_file,
            "WEBHOOKS_ALLOW_PRIVATE": "on",
            "EDITORIAL_INSTANCE_PATH": str(tmp_path / "instance"),
            "SECRET_KEY": "worker-test",
            "PUBLIC_BASE_URL": "http://localhost",
        }
        worker = subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "wsgi", "jobs-worker", "--workers", "1"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        assert receiver.arrived.wait(timeout=60), "the worker sent nothing"
        [got] = receiver.received
        assert got["verified"] and got["body"]["type"] == "article.published"
        with app.app_context():
            # The receiver answered; the worker writes the outcome just after (another process).
            deadline = time.monotonic() + 30
            while True:
                with reading():  # never the write lock the worker needs
                    row = db.session.scalars(select(WebhookDelivery)).one()
                    status, attempts = row.status, row.attempts
                    db.session.commit()
                if status != "sending" or time.monotonic() > deadline:
                    break
                threading.Event().wait(0.1)
            assert status == "delivered" and attempts == 1
            assert len(receiver.received) == 1
    finally:
        if worker is not None:
            worker.terminate()
            worker.wait(timeout=30)
        receiver.close()
