"""Deadlines escalate exactly once under racing scheduler loops (issue 22): several processes,
each with its own app and engine as gunicorn workers have, run the escalation at the same moment;
every step is sent by exactly one of them, to the right people, once. Runs on SQLite, and on
PostgreSQL with EDITORIAL_TEST_DATABASE_URL."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from sqlalchemy import func, select

from editorial import clock
from editorial.deadlines.service import set_deadline
from editorial.extensions import db
from editorial.models import AuditEvent, Notification, Role, User
from editorial.models.planning import DeadlineWarning
from tests.factories import make_article, make_user
from tests.test_scheduling import _run_workers


def _count(model: type, *where: object) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where)) or 0


def _told(person: User) -> int:
    return _count(Notification, Notification.recipient_id == person.id,
                  Notification.kind == "deadline")  # fmt: skip


def test_racing_loops_send_each_step_exactly_once(app: Flask) -> None:
    now = clock.now()
    reporter = make_user(Role.REPORTER)
    editor = make_user(Role.EDITOR)
    checker = make_user(Role.FACT_CHECKER)
    on_duty = [make_user(Role.EDITOR, on_duty=True), make_user(Role.ADMIN, on_duty=True)]
    # Two hours overdue in edit: all three steps (editor, editor as desk owner, the two on duty).
    late = make_article("edit", authors=[reporter], editor=editor)
    # Ten minutes to go in draft: the byline is warned.
    soon = make_article("draft", authors=[reporter], editor=editor)
    # Five minutes past in fact-check: the checker warned, the editor (desk owner) told.
    checking = make_article("fact_check", authors=[reporter], editor=editor, fact_checker=checker)
    # A deadline of a stage the story has left: nothing.
    left = make_article("ready", authors=[reporter], editor=editor)
    # Warned of once already; the deadline was moved since: warned again, once.
    moved = make_article("edit", authors=[reporter], editor=editor)
    set_deadline(late, "edit", now - timedelta(hours=2), None, origin="plan")
    set_deadline(soon, "draft", now + timedelta(minutes=10), None, origin="plan")
    set_deadline(checking, "fact_check", now - timedelta(minutes=5), None, origin="plan")
    set_deadline(left, "edit", now - timedelta(hours=3), None, origin="plan")
    set_deadline(moved, "edit", now + timedelta(minutes=20), None, origin="plan")
    db.session.add(
        DeadlineWarning(
            article_id=moved.id,
            stage="edit",
            step="soon",
            due_at=(now - timedelta(hours=1)).replace(microsecond=0),
        )  # fmt: skip
    )
    db.session.commit()

    counts = _run_workers(app, "escalate", 4, processes=3)

    steps = 3 + 1 + 2 + 0 + 1
    assert sum(int(count) for count in counts) == steps, counts
    db.session.expire_all()
    assert _count(DeadlineWarning) == steps + 1
    escalated = AuditEvent.action == "deadline.escalated"
    assert _count(AuditEvent, escalated) == steps
    assert _told(editor) == 1 + 1 + 1 + 1  # late (soon, due), checking (due), moved (soon)
    assert _told(reporter) == 1  # soon's draft
    assert _told(checker) == 1
    assert [_told(person) for person in on_duty] == [1, 1]
