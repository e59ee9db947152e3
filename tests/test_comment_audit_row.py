"""Posting a new thread writes its comment by one INSERT, its audit row (`audit.record_written`)
and its notifications (`inbox.notify(written=True)`) at once: the commit's flush has nothing left
to write. A reply keeps the ORM's path for itself and its thread's time (one flush), then writes
its audit row and notifications the same way."""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import select

from editorial import workflow
from editorial.board_version import board_version
from editorial.extensions import db
from editorial.models import AuditEvent, Comment, Notification, User
from tests.factories import make_article, make_user
from tests.helpers import HX
from tests.test_autosave_rows import flushes_with_work


def test_a_comment_leaves_nothing_to_the_commits_flush(
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
    # No flush had anything to write: the comment, its audit row and its notification went at
    # once (the notification was the commit's flush before).
    assert [n for n in flushed if n] == []
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
    told = db.session.scalars(select(Notification)).all()
    assert [
        (n.recipient_id, n.kind.value, n.article_id, n.actor_id, n.excerpt, n.read_at) for n in told
    ] == [
        (
            reporter.id,
            "commented",
            article.id,
            editor.id,
            "Who is the source for the second quote?",
            None,
        )
    ]
    assert told[0].created_at is not None
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


def test_a_reply_naming_people_writes_its_notifications_past_the_flush(
    app: Flask, client_as: Any, editor: User, reporter: User, admin: User
) -> None:
    """A reply's one flush is its own row and its thread's time; its notifications (the
    mention, then the byline and the thread's starter) are written at once, in that order, and
    someone named who may not see the story is told nothing."""
    outsider = make_user("reporter", display_name="Rana Outside")
    article = make_article(workflow.EDIT, authors=[reporter])
    client_as(reporter).post(
        f"/articles/{article.id}/comments", data={"body": "First.", "parent_id": ""}
    )
    first = db.session.scalar(select(Comment).where(Comment.article_id == article.id))
    assert first is not None
    db.session.query(Notification).delete()
    db.session.commit()
    client = client_as(editor)
    body = f"@{admin.display_name} and @Rana Outside, see this."
    with flushes_with_work() as flushed:
        response = client.post(
            f"/articles/{article.id}/comments",
            data={"body": body, "parent_id": str(first.id)},
            headers=HX | {"HX-Target": "comment-thread"},
        )
    assert response.status_code == 200
    assert [n for n in flushed if n] == [2]  # the reply and its thread's time, nothing after
    db.session.expire_all()
    reply = db.session.scalar(select(Comment).where(Comment.parent_id == first.id))
    assert reply is not None
    told = db.session.scalars(select(Notification).order_by(Notification.id)).all()
    assert [(n.recipient_id, n.kind.value, n.comment_id, n.excerpt) for n in told] == [
        (admin.id, "mentioned", reply.id, body),
        (reporter.id, "commented", reply.id, body),
    ]
    assert outsider.id not in {n.recipient_id for n in told}
    assert "Rana Outside can't see this article" in response.headers["HX-Trigger"]


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
