"""`Article.is_author` on a stored story whose byline is not loaded reads its people's ids alone
(`models.byline_ids`, bench:writes9): no `User` built, the same answers, the same refusals."""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import event, insert, inspect, select
from sqlalchemy.orm import Session

from editorial.extensions import db
from editorial.inbox.service import people_on
from editorial.models import Article, Notification, Role, User, article_authors
from editorial.models.byline_ids import byline_of
from editorial.permissions import can
from tests.factories import make_article, make_claim, make_user


def _fresh(article_id: int) -> Article:
    db.session.expire_all()
    return db.session.get(Article, article_id)


def test_the_byline_is_not_loaded_to_ask(app: Flask) -> None:
    """A permission rule asking about the byline leaves it unloaded: failed on main (the
    byline's load built a `User` for each of its people)."""
    writer, other = make_user(Role.REPORTER), make_user(Role.REPORTER)
    article = make_article("draft", authors=[writer])
    story = _fresh(article.id)
    with app.test_request_context():
        assert story.is_author(writer) and not story.is_author(other)
        assert can(writer, "article.view", story) and not can(other, "article.view", story)
        assert "authors" in inspect(story).unloaded


def test_a_loaded_or_changed_byline_is_the_one_asked(app: Flask) -> None:
    """Someone added to the loaded byline (not yet flushed) is on it; after a commit the
    kept ids are forgotten and a byline changed in the database is read again."""
    writer, newcomer = make_user(Role.REPORTER), make_user(Role.REPORTER)
    article = make_article("draft", authors=[writer])
    article_id, newcomer_id = article.id, newcomer.id
    with app.test_request_context():
        story = _fresh(article_id)
        assert not story.is_author(newcomer)
        story.authors.append(db.session.get(User, newcomer_id))
        assert story.is_author(newcomer)
        db.session.rollback()
    with app.test_request_context():
        story = _fresh(article_id)
        assert not story.is_author(newcomer)  # ids now kept on the story
        db.session.execute(
            insert(article_authors).values(article_id=article_id, user_id=newcomer_id, position=1)
        )
        db.session.commit()  # the story expired: its kept ids with it
        assert story.is_author(newcomer)


def test_refusals_on_the_byline_still_refused(app: Flask, client_as: Any) -> None:
    """Through the views: a reporter off the byline cannot see a draft (404), one on it can;
    someone on the byline never gives their own story's verdicts (403)."""
    writer, other = make_user(Role.REPORTER), make_user(Role.REPORTER)
    checking_editor = make_user(Role.EDITOR)
    draft = make_article("draft", authors=[writer])
    checking = make_article("fact_check", authors=[writer, checking_editor])
    claim = make_claim(checking, "Officials said on Thursday")
    draft_id, checking_id, claim_id = draft.id, checking.id, claim.id
    assert client_as(other).get(f"/articles/{draft_id}").status_code == 404
    assert client_as(writer).get(f"/articles/{draft_id}").status_code == 200
    verdict = {"verdict": "verified", "sources": "https://example.org/x", "note": ""}
    own = client_as(checking_editor).post(
        f"/articles/{checking_id}/claims/{claim_id}", data=verdict
    )
    assert own.status_code == 403
    assert client_as(make_user(Role.EDITOR)).post(
        f"/articles/{checking_id}/claims/{claim_id}", data=verdict
    ).status_code in (200, 302)


def test_the_notifications_byline_is_read_past_the_orm(app: Flask) -> None:
    """`inbox.people_on`'s byline: the people in byline order, the session's own person when it
    holds them, set as the loaded byline, no ORM execution: failed on main (its lazy load)."""
    first, second = make_user(Role.REPORTER), make_user(Role.EDITOR)
    article = make_article("draft", authors=[second, first])
    article_id, ids = article.id, [second.id, first.id]
    with app.test_request_context():
        story = _fresh(article_id)
        held = db.session.get(User, ids[1])
        seen: list[Any] = []
        note = seen.append
        event.listen(Session, "do_orm_execute", note)
        try:
            people = [person for person in people_on(story) if person is not None]
        finally:
            event.remove(Session, "do_orm_execute", note)
        assert seen == []
        assert [person.id for person in people] == ids and people[1] is held
        assert "authors" not in inspect(story).unloaded and story.authors == people
        assert not db.session.is_modified(story)
        assert [person.id for person in byline_of(story)] == ids


def test_a_comment_still_tells_the_byline(app: Flask, client_as: Any) -> None:
    """A comment notifies the story's byline (not the commenter, not the deactivated)."""
    writer, gone, editor = (
        make_user(Role.REPORTER),
        make_user(Role.REPORTER),
        make_user(Role.EDITOR),
    )
    article = make_article("draft", authors=[writer, gone])
    gone.active = False
    db.session.commit()
    article_id, writer_id, gone_id = article.id, writer.id, gone.id
    answer = client_as(editor).post(f"/articles/{article_id}/comments", data={"body": "Hello"})
    assert answer.status_code in (200, 302)
    told = set(
        db.session.scalars(
            select(Notification.recipient_id).where(Notification.article_id == article_id)
        )
    )
    assert told == {writer_id} and gone_id not in told
