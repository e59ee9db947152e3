"""Scheduled publishing: local times, visibility by the clock, and exactly-once release."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import func, select

from editorial import clock
from editorial.articles.transitions.service import release_due
from editorial.extensions import db
from editorial.models import Article, ArticleTransition, AuditEvent, Role, publicly_visible
from tests.factories import make_article, make_user

ROOT = Path(__file__).parent.parent


def _visible(article_id: int) -> bool:
    return (
        db.session.scalar(select(Article.id).where(Article.id == article_id, publicly_visible()))
        is not None
    )


def test_schedule_takes_local_time_in_the_newsrooms_zone(client_as, editor) -> None:  # type: ignore[no-untyped-def]
    article = make_article("ready")
    page = client_as(editor).get(f"/articles/{article.id}").get_data(as_text=True)
    assert "Publish at (Asia/Beirut)" in page
    response = client_as(editor).post(
        f"/articles/{article.id}/transition/schedule", data={"publish_at": "2099-01-01T09:30"}
    )
    assert response.status_code == 302
    db.session.refresh(article)
    assert article.state == "scheduled"
    # Beirut is UTC+2 in winter.
    assert article.published_at == datetime(2099, 1, 1, 7, 30, tzinfo=UTC)


def test_a_nonsense_time_is_a_clear_message(client_as, editor) -> None:  # type: ignore[no-untyped-def]
    article = make_article("ready")
    response = client_as(editor).post(
        f"/articles/{article.id}/transition/schedule", data={"publish_at": "next tuesday"}
    )
    assert response.status_code == 422
    assert "YYYY-MM-DD HH:MM" in response.get_data(as_text=True)


def test_visibility_follows_the_clock_before_the_scheduler_runs(editor) -> None:  # type: ignore[no-untyped-def]
    at = datetime(2030, 5, 1, 12, 0, tzinfo=UTC)
    article = make_article("scheduled", published_at=at)
    with clock.frozen(at - timedelta(seconds=1)) as frozen:
        assert not _visible(article.id)
        assert release_due() == 0
        frozen.set(at)
        assert _visible(article.id)  # public already, though still "scheduled"
        db.session.refresh(article)
        assert article.state == "scheduled"
        frozen.tick(seconds=1)
        assert release_due() == 1
    db.session.refresh(article)
    assert article.state == "published"
    assert article.published_at == at  # published as of its scheduled time
    step = db.session.scalar(select(ArticleTransition).where(ArticleTransition.name == "release"))
    assert step.actor_id is None and step.from_state == "scheduled"


def test_release_skips_articles_unscheduled_meanwhile(editor) -> None:  # type: ignore[no-untyped-def]
    at = datetime(2030, 5, 1, 12, 0, tzinfo=UTC)
    article = make_article("ready", published_at=None)
    with clock.frozen(at + timedelta(minutes=5)):
        assert release_due() == 0
    db.session.refresh(article)
    assert article.state == "ready"


def test_publish_due_command(app: Flask) -> None:
    make_article("scheduled", published_at=clock.now() - timedelta(minutes=1))
    make_article("scheduled", published_at=clock.now() + timedelta(hours=1))
    result = app.test_cli_runner().invoke(args=["publish-due"])
    assert result.exit_code == 0
    assert "Published 1 scheduled article(s)." in result.output


def _worker_env(app: Flask, start: float) -> dict[str, str]:
    config = {key: app.config[key] for key in ("SQLALCHEMY_DATABASE_URI", "SECRET_KEY", "TESTING")}
    config["SQLALCHEMY_ENGINE_OPTIONS"] = {
        k: v for k, v in app.config["SQLALCHEMY_ENGINE_OPTIONS"].items() if k != "creator"
    }
    config["SCHEDULER_ENABLED"] = False
    return {
        **os.environ,
        "EDITORIAL_WORKER_CONFIG": json.dumps(config),
        "EDITORIAL_WORKER_START": str(start),
        "PYTHONPATH": str(ROOT),
    }


def _run_workers(app: Flask, task: str, amount: int, processes: int) -> list[str]:
    env = _worker_env(app, time.time() + 2.0)
    running = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.workers", task, str(amount)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(processes)
    ]
    outputs = []
    for process in running:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        assert "database is locked" not in err
        outputs.append(out.strip())
    return outputs


def test_two_processes_release_each_article_exactly_once(app: Flask) -> None:
    due = [
        make_article("scheduled", published_at=clock.now() - timedelta(seconds=n + 1)).id
        for n in range(12)
    ]
    db.session.commit()
    counts = _run_workers(app, "release", 3, processes=2)
    assert sum(int(c) for c in counts) == len(due)
    db.session.expire_all()
    states = set(db.session.scalars(select(Article.state).where(Article.id.in_(due))))
    assert states == {"published"}
    releases = db.session.scalar(
        select(func.count())
        .select_from(ArticleTransition)
        .where(ArticleTransition.name == "release")
    )
    audits = db.session.scalar(
        select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "article.release")
    )
    assert releases == audits == len(due)


def test_several_processes_write_at_once_without_locking_errors(app: Flask) -> None:
    make_user(Role.EDITOR)
    db.session.commit()
    counts = _run_workers(app, "write", 15, processes=4)
    assert [int(c) for c in counts] == [15, 15, 15, 15]
    moved = db.session.scalar(
        select(func.count())
        .select_from(ArticleTransition)
        .where(ArticleTransition.name == "reopen")
    )
    assert moved == 60


def test_scheduler_thread_publishes_in_the_background(make_app: Any) -> None:
    from editorial.articles.transitions import scheduler

    app = make_app(SCHEDULER_INTERVAL_SECONDS=0.2)
    with app.app_context():
        article_id = make_article("scheduled", published_at=clock.now() - timedelta(seconds=1)).id
    scheduler.start(app)
    try:
        deadline = time.time() + 10
        state = "scheduled"
        while time.time() < deadline and state != "published":
            time.sleep(0.1)
            with app.app_context():
                state = db.session.scalar(select(Article.state).where(Article.id == article_id))
        assert state == "published"
    finally:
        app.extensions["editorial.scheduler.stop"].set()
