"""Posting a comment writes its audit row at once (`audit.record_at_once`): the notifications
are then the only rows left to the unit of work, flushed once at the commit, and the audit row
says what `audit.record` said."""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import select

from editorial import workflow
from editorial.extensions import db
from editorial.models import AuditEvent, Notification, User
from tests.factories import make_article
from tests.helpers import HX
from tests.test_autosave_rows import flushes_with_work


def test_a_comment_leaves_only_its_notifications_to_the_commits_flush(
    app: Flask, client_as: Any, editor: User, reporter: User
) -> None:
    article = make_article(workflow.EDIT, authors=[reporter])
    client = client_as(editor)
    with flushes_with_work() as flushed:
        response = client.post(
            f"/articles/{article.id}/comments",
            data={"body": "Who is the source for the second quote?", "parent_id": ""},
            headers=HX | {"HX-Target": "comment-thread"},
        )
    assert response.status_code == 200
    # The comment's own flush (its id for the audit row and the notifications), then the
    # commit's: the notification. The audit row was a flush of its own.
    assert [n for n in flushed if n] == [1, 1]
    audit = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "comment.posted"))
    rows = [(a.actor_id, a.actor_label, a.object_type, a.ip, a.details) for a in audit]
    comment_id = db.session.scalar(select(Notification.comment_id))
    assert rows == [
        (
            editor.id,
            editor.email,
            "comment",
            "127.0.0.1",
            {"article_id": article.id, "reply": False},
        )
    ]
    assert comment_id is not None
    told = db.session.scalars(select(Notification.recipient_id)).all()
    assert told == [reporter.id]
