"""Posting a new thread writes its comment by one INSERT and its audit row at once
(`audit.record_written`): the notifications are then the only rows left to the unit of work,
flushed once at the commit; the comment, the audit row, the notification and the desk's version
are what the flushes wrote. A reply keeps the ORM's path (its thread's time moves too)."""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import select

from editorial import workflow
from editorial.board_version import board_version
from editorial.extensions import db
from editorial.models import AuditEvent, Comment, Notification, User
from tests.factories import make_article
from tests.helpers import HX
from tests.test_autosave_rows import flushes_with_work


def test_a_comment_leaves_only_its_notifications_to_the_commits_flush(
    app: Flask, client_as: Any, editor: User, reporter: User
) -> None:
    article = make_article(workflow.EDIT, authors=[reporter])
    client = client_as(editor)
    desk = board_version()
    db.session.rollback()
    with flushes_with_work() as flushed:
        response = client.post(
            f"/articles/{article.id}/comments",
            data={"body": "Who is the source for the second quote?", "parent_id": ""},
            headers=HX | {"HX-Target": "comment-thread"},
        )
    assert response.status_code == 200
    # The commit's flush alone: the notification (the comment and its audit row each had one).
    assert [n for n in flushed if n] == [1]
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
    comment = db.session.get(Comment, comment_id)
    assert comment is not None and comment.body == "Who is the source for the second quote?"
    assert (comment.article_id, comment.actor_id, comment.parent_id) == (
        article.id,
        editor.id,
        None,
    )
    assert comment.at == comment.updated_at and comment.deleted_at is None
    assert board_version() > desk
    assert "Who is the source for the second quote?" in response.get_data(as_text=True)


def test_a_reply_moves_its_thread_and_is_told_to_the_thread_starter(
    app: Flask, client_as: Any, editor: User, reporter: User
) -> None:
    article = make_article(workflow.EDIT, authors=[reporter])
    client_as(reporter).post(
        f"/articles/{article.id}/comments", data={"body": "First.", "parent_id": ""}
    )
    first = db.session.scalar(select(Comment).where(Comment.article_id == article.id))
    assert first is not None
    started = first.updated_at
    response = client_as(editor).post(
        f"/articles/{article.id}/comments",
        data={"body": "A reply.", "parent_id": str(first.id)},
        headers=HX | {"HX-Target": "comment-thread"},
    )
    assert response.status_code == 200
    db.session.expire_all()
    reply = db.session.scalar(select(Comment).where(Comment.parent_id == first.id))
    assert reply is not None and reply.body == "A reply."
    assert first.updated_at >= started and [r.id for r in first.replies] == [reply.id]


def test_a_comment_posted_out_of_a_request_moves_the_versions_as_before(
    app: Flask, editor: User
) -> None:
    """Out of a request (a command, a job) the INSERT goes through the session: the page cache's
    and the desk's listeners note it, and the commit moves both versions."""
    from editorial.articles.comments import service
    from editorial.page_cache import site_version

    article = make_article(workflow.EDIT)
    site, desk = site_version(), board_version()
    db.session.rollback()
    posted = service.post(article, editor, "Posted by a command.")
    db.session.commit()
    assert posted.comment.id is not None
    assert (site_version(), board_version()) > (site, desk)
    assert site_version() > site and board_version() > desk
