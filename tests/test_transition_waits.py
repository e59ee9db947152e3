"""A transition waits for one of the same story still in flight (bench:pgtransition9).

On SQLite writers take their turns for the write lock, so a transition always starts from the
state the one before it committed. On PostgreSQL two requests run at once: a return sent while
its submit was still committing read the draft and was refused 409. The transition now reads
the story with its row held (`FOR NO KEY UPDATE`), so it waits for the submit and returns the
story.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select, text, update

from editorial.database import counted_statements
from editorial.extensions import db
from editorial.models import Article, AuditEvent, Role, User
from tests.factories import make_article, make_user
from tests.helpers import HX, POSTGRES_URL, fresh

postgresql = pytest.mark.skipif(
    not POSTGRES_URL, reason="two transactions at once (SQLite's writers take turns)"
)
HEADERS = {**HX, "HX-Target": "article-actions", "HX-Current-URL": "http://localhost/desk/"}
WAITED = text("SELECT count(*) FROM pg_stat_activity WHERE :holder = ANY(pg_blocking_pids(pid))")


@postgresql
def test_a_return_sent_while_its_submit_commits_waits_and_returns_the_story(
    client_as: Any, reporter: User
) -> None:
    article = make_article("draft", authors=[reporter])
    editor = make_user(Role.EDITOR)
    db.session.commit()
    client = client_as(editor)
    answered: list[int] = []

    def send_return() -> None:
        data = {"note": "Needs a second source."}
        response = client.post(
            f"/articles/{article.id}/transition/return", data=data, headers=HEADERS
        )
        answered.append(response.status_code)

    with db.engine.connect() as submitting, db.engine.connect() as watching:
        # The submit, moved but not yet committed: its row held, as a request's would be.
        holder = submitting.exec_driver_sql("SELECT pg_backend_pid()").scalar()
        submitting.execute(update(Article).where(Article.id == article.id).values(state="edit"))
        sender = threading.Thread(target=send_return)
        sender.start()
        waiting, tries = 0, 0
        while sender.is_alive() and not waiting and tries < 400:
            tries += 1
            sender.join(0.05)  # either it answers (without waiting) or it queues behind the row
            waiting = watching.execute(WAITED, {"holder": holder}).scalar() or 0
            watching.rollback()
        submitting.commit()
        sender.join(30)
    assert waiting == 1
    assert answered == [200]
    assert fresh(article.id).state == "draft"


def test_a_transition_reads_its_story_once_held_on_postgresql(
    app: Flask, client_as: Any, reporter: User
) -> None:
    """One read of the story's row before it moves (on PostgreSQL the held one): the permission
    check finds it in the session, not a second read."""
    article = make_article("draft", authors=[reporter])
    db.session.commit()
    path = f"/articles/{article.id}/transition/submit"  # read here, not in the count
    client = client_as(reporter)
    with counted_statements(app) as sent:
        response = client.post(path, data={"note": ""}, headers=HEADERS)
    assert response.status_code == 200
    moved = next(n for n, s in enumerate(sent) if s.startswith("UPDATE articles SET state="))
    before_the_move = sent[:moved]
    reads = [
        s for s in before_the_move if s.startswith("SELECT articles.id,") and "articles.id =" in s
    ]
    assert len(reads) == 1, reads
    # The UPDATE's own lock: a comment's foreign key check (`FOR KEY SHARE`) does not wait.
    assert reads[0].rstrip().endswith("FOR NO KEY UPDATE") == bool(POSTGRES_URL)


def _denials() -> list[tuple[int | None, str]]:
    db.session.expire_all()
    rows = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "access.denied"))
    return [(row.actor_id, row.details["permission"]) for row in rows]


def test_a_role_that_may_never_take_the_step_is_refused_without_holding_the_story(
    app: Flask, client_as: Any, reporter: User
) -> None:
    """A reporter's "return" (an editor's step, whatever the story) holds no row: the refusal
    reads the story as any page does, and says and audits the same 403 as before."""
    article = make_article("edit", authors=[reporter])
    db.session.commit()
    client = client_as(reporter)
    path = f"/articles/{article.id}/transition/return"
    with counted_statements(app) as sent:
        response = client.post(path, data={"note": "Not mine to return."}, headers=HEADERS)
    assert response.status_code == 403
    assert "Your role doesn" in response.get_data(as_text=True)
    assert not [s for s in sent if "FOR UPDATE" in s or "FOR NO KEY UPDATE" in s], sent
    assert _denials() == [(reporter.id, "transition:return")]
    assert fresh(article.id).state == "edit"


@postgresql
def test_a_refused_role_does_not_wait_for_a_transition_in_flight(
    client_as: Any, reporter: User
) -> None:
    """With the story's row held by a transition still committing, a reporter's "return" is
    refused at once instead of queueing behind it (it would hold the row next)."""
    article = make_article("edit", authors=[reporter])
    db.session.commit()
    client = client_as(reporter)
    answered: list[int] = []

    def send_return() -> None:
        data = {"note": "Not mine to return."}
        response = client.post(
            f"/articles/{article.id}/transition/return", data=data, headers=HEADERS
        )
        answered.append(response.status_code)

    with db.engine.connect() as moving, db.engine.connect() as watching:
        holder = moving.exec_driver_sql("SELECT pg_backend_pid()").scalar()
        moving.execute(update(Article).where(Article.id == article.id).values(version=99))
        sender = threading.Thread(target=send_return)
        sender.start()
        waiting, tries = 0, 0
        while sender.is_alive() and not waiting and tries < 400:
            tries += 1
            sender.join(0.05)
            waiting = watching.execute(WAITED, {"holder": holder}).scalar() or 0
            watching.rollback()
        moving.rollback()
        sender.join(30)
    assert waiting == 0
    assert answered == [403]
