"""Live coverage (issue 24): posts written by role, published by editors, edited with their
history, deleted (nothing public, audited), pinned one at a time, key events, the fact-check
gate, the ticker in one step, the end of the coverage; and every action by hand-made POSTs for
every role."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from editorial import clock
from editorial.extensions import db
from editorial.live import service
from editorial.models import (
    AuditEvent,
    BreakingHeadline,
    LivePost,
    LivePostRevision,
    LiveStory,
    Role,
    User,
)
from editorial.refusal import Refused
from tests.factories import make_article, make_user


def _live(editor: User, **fields: Any) -> LiveStory:
    article = make_article("published", headline=fields.pop("headline", "Summit day"), **fields)
    story = service.start(article, editor, clock.now())
    db.session.commit()
    return story


def _audited(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_an_editors_post_goes_out_at_once_a_reporters_waits(
    app: Flask, frozen: Any, editor: User, reporter: User
) -> None:
    story = _live(editor)
    mine = service.create_post(
        story, editor, headline="Leaders arrive", body="**Now**", at=clock.now()
    )
    theirs = service.create_post(story, reporter, body="From the hall", at=clock.now())
    db.session.commit()
    assert mine.is_public and mine.body_html.strip() == "<p><strong>Now</strong></p>"
    assert not theirs.is_public
    with pytest.raises(Refused):
        service.publish(theirs, reporter, clock.now())
    service.publish(theirs, editor, clock.now())
    db.session.commit()
    assert theirs.is_public
    assert len(_audited("live.posted")) == 2 and len(_audited("live.published")) == 1


def test_a_named_reporter_posts_directly(
    app: Flask, frozen: Any, editor: User, reporter: User
) -> None:
    story = _live(editor)
    service.allow_direct(story, [reporter], editor)
    post = service.create_post(story, reporter, body="Straight out", at=clock.now())
    assert post.is_public
    other = make_user(Role.REPORTER)
    assert not service.create_post(story, other, body="Waits", at=clock.now()).is_public


def test_a_fact_checker_cannot_post_and_an_ended_story_takes_no_posts(
    app: Flask, frozen: Any, editor: User, fact_checker: User
) -> None:
    story = _live(editor)
    with pytest.raises(Refused):
        service.create_post(story, fact_checker, body="No", at=clock.now())
    frozen.tick(hours=2)
    service.end(story, editor, clock.now())
    db.session.commit()
    assert story.ended_at is not None and not story.is_live
    with pytest.raises(Refused):
        service.create_post(story, editor, body="Late", at=clock.now())
    assert _audited("live.ended")


def test_an_edit_keeps_the_history_and_marks_updated(app: Flask, frozen: Any, editor: User) -> None:
    story = _live(editor)
    post = service.create_post(story, editor, body="First take", at=clock.now())
    later = clock.now() + timedelta(minutes=7)
    assert service.edit(post, editor, headline="", body="Second take", at=later)
    assert not service.edit(post, editor, headline="", body="Second take", at=later)
    db.session.commit()
    history = list(db.session.scalars(select(LivePostRevision)))
    assert [r.body for r in history] == ["First take"]
    assert post.edited_at == later and post.body == "Second take"


def test_deleting_leaves_nothing_public_and_is_audited(
    app: Flask, frozen: Any, editor: User
) -> None:
    story = _live(editor)
    post = service.create_post(story, editor, body="Mistake", at=clock.now())
    service.set_pinned(post, True, editor)
    service.delete(post, editor, clock.now())
    db.session.commit()
    assert not post.is_public and not post.pinned
    assert _audited("live.deleted")[0].details["post_id"] == post.id
    with pytest.raises(Refused):
        service.publish(post, editor, clock.now())


def test_one_pinned_post_at_a_time(app: Flask, frozen: Any, editor: User) -> None:
    story = _live(editor)
    a = service.create_post(story, editor, body="A", at=clock.now())
    b = service.create_post(story, editor, body="B", at=clock.now())
    service.set_pinned(a, True, editor)
    service.set_pinned(b, True, editor)
    db.session.commit()
    pinned = db.session.scalars(select(LivePost.id).where(LivePost.pinned)).all()
    assert pinned == [b.id]


def test_needs_check_holds_a_post_until_a_fact_checker_clears_it(
    app: Flask, frozen: Any, editor: User, fact_checker: User
) -> None:
    story = _live(editor)
    post = service.create_post(
        story, editor, body="Casualty figure: 40", at=clock.now(), needs_check=True
    )
    assert not post.is_public
    with pytest.raises(Refused, match="fact-checker"):
        service.publish(post, editor, clock.now())
    with pytest.raises(Refused):
        service.clear_check(post, editor, clock.now())  # not their own post
    service.clear_check(post, fact_checker, clock.now())
    service.publish(post, editor, clock.now())
    db.session.commit()
    assert post.is_public and post.checked_by_id == fact_checker.id
    # Asking again takes a published post back off the page until it is cleared.
    service.ask_check(post, editor)
    assert not post.is_public


def test_promote_puts_the_post_on_the_ticker_linked_to_its_anchor(
    app: Flask, frozen: Any, editor: User
) -> None:
    story = _live(editor)
    post = service.create_post(story, editor, headline="", body="x" * 400, at=clock.now())
    headline = service.promote(post, editor, clock.now())
    db.session.commit()
    found = db.session.scalar(select(BreakingHeadline))
    assert found is not None and found.id == headline.id
    assert found.article_id == story.article_id and found.anchor == f"post-{post.id}"
    assert len(found.text) <= 200 and found.language == story.article.language
    assert _audited("live.promoted") and _audited("breaking.created")


def test_every_change_moves_the_version_and_stamps_the_post(
    app: Flask, frozen: Any, editor: User
) -> None:
    story = _live(editor)
    start = story.version
    post = service.create_post(story, editor, body="One", at=clock.now())
    assert story.version == start + 1 and post.seq == story.version
    service.set_key_event(post, True, editor)
    assert story.version == start + 2 and post.seq == story.version
