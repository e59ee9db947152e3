"""Live coverage (issue 24): posts written by role, published by editors, edited with their
history, deleted (nothing public, audited), pinned one at a time, key events, the fact-check
gate, the ticker in one step, the end of the coverage; and every action by hand-made POSTs for
every role."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from editorial import clock
from editorial.extensions import db
from editorial.live import checks, service
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
        checks.clear(post, editor, clock.now(), "Nothing to check")  # not their own post
    with pytest.raises(Refused, match="why nothing needed checking"):
        checks.clear(post, fact_checker, clock.now())  # no claims: the ledger wants a note
    checks.clear(post, fact_checker, clock.now(), "A round figure from the ministry's sheet")
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


# -- The desk, through its addresses ----------------------------------------------------------


def test_the_desk_page_posts_without_javascript_and_shows_the_stream(
    app: Flask, frozen: Any, editor: User, client_as: Any
) -> None:
    story = _live(editor)
    desk = client_as(editor)
    page = desk.get(f"/articles/{story.article_id}/live")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'id="live-composer"' in html and "Ctrl+Enter" in html
    sent = desk.post(f"/articles/{story.article_id}/live/posts", data={"body": "Doors open"})
    assert sent.status_code == 302
    html = desk.get(f"/articles/{story.article_id}/live").get_data(as_text=True)
    assert "Doors open" in html and "Promote to ticker" in html


def test_an_editor_starts_and_ends_live_coverage_from_the_desk(
    app: Flask, frozen: Any, editor: User, client_as: Any
) -> None:
    article = make_article("published", headline="Vote count")
    desk = client_as(editor)
    assert "Start live coverage" in desk.get(f"/articles/{article.id}/live").get_data(as_text=True)
    assert desk.post(f"/articles/{article.id}/live/start").status_code == 302
    assert db.session.get(LiveStory, article.id) is not None
    assert desk.post(f"/articles/{article.id}/live/end").status_code == 302
    db.session.expire_all()
    assert db.session.get(LiveStory, article.id).ended_at == clock.now()


def test_the_desk_poll_is_304_while_nothing_changed(
    app: Flask, frozen: Any, editor: User, client_as: Any
) -> None:
    story = _live(editor)
    desk = client_as(editor)
    url = f"/articles/{story.article_id}/live/stream"
    first = desk.get(url, headers={"HX-Request": "true"})
    assert first.status_code == 200 and first.headers["ETag"]
    again = desk.get(url, headers={"HX-Request": "true", "If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.get_data() == b""
    service.create_post(story, editor, body="New", at=clock.now())
    db.session.commit()
    moved = desk.get(url, headers={"HX-Request": "true", "If-None-Match": first.headers["ETag"]})
    assert moved.status_code == 200 and "New" in moved.get_data(as_text=True)


def test_a_refused_post_keeps_what_was_typed(
    app: Flask, frozen: Any, editor: User, client_as: Any
) -> None:
    story = _live(editor)
    desk = client_as(editor)
    answer = desk.post(
        f"/articles/{story.article_id}/live/posts",
        data={"headline": "Kept headline", "body": "   "},
        headers={"HX-Request": "true"},
    )
    assert answer.status_code == 422
    html = answer.get_data(as_text=True)
    assert "Kept headline" in html and "Write the post." in html


def test_editing_from_the_desk_keeps_history(
    app: Flask, frozen: Any, editor: User, client_as: Any
) -> None:
    story = _live(editor)
    post = service.create_post(story, editor, body="Before words", at=clock.now())
    db.session.commit()
    desk = client_as(editor)
    url = f"/articles/{story.article_id}/live/posts/{post.id}/edit"
    assert "Before words" in desk.get(url).get_data(as_text=True)
    frozen.tick(minutes=5)
    assert desk.post(url, data={"headline": "", "body": "After words"}).status_code == 302
    html = desk.get(url).get_data(as_text=True)
    assert "After words" in html and "Before words" in html  # the form, and the history


ACTIONS = ["publish", "pin", "unpin", "key", "unkey", "check", "clear", "promote", "delete"]


@pytest.mark.parametrize("role", ["reporter", "fact_checker"])
@pytest.mark.parametrize("action", [a for a in ACTIONS if a != "clear"])
def test_hand_made_posts_of_the_editors_actions_are_refused(
    app: Flask, frozen: Any, users: dict[str, User], client_as: Any, role: str, action: str
) -> None:
    story = _live(users["editor"])
    post = service.create_post(story, users["editor"], body="Held", at=clock.now())
    db.session.commit()
    before = (post.published_at, post.pinned, post.key_event, post.deleted_at)
    answer = client_as(users[role]).post(
        f"/articles/{story.article_id}/live/posts/{post.id}/{action}"
    )
    assert answer.status_code == 403
    db.session.expire_all()
    post = db.session.get(LivePost, post.id)
    assert (post.published_at, post.pinned, post.key_event, post.deleted_at) == before
    assert db.session.scalar(select(BreakingHeadline)) is None


@pytest.mark.parametrize("role", ["reporter", "fact_checker"])
def test_hand_made_start_end_and_direct_are_refused(
    app: Flask, frozen: Any, users: dict[str, User], client_as: Any, role: str
) -> None:
    story = _live(users["editor"])
    other = make_article("published")
    person = client_as(users[role])
    assert person.post(f"/articles/{other.id}/live/start").status_code == 403
    assert person.post(f"/articles/{story.article_id}/live/end").status_code == 403
    direct = person.post(
        f"/articles/{story.article_id}/live/direct", data={"reporters": str(users["reporter"].id)}
    )
    assert direct.status_code == 403
    db.session.expire_all()
    assert db.session.get(LiveStory, other.id) is None
    assert db.session.get(LiveStory, story.article_id).direct_reporters == []


def test_roles_posting_by_hand(
    app: Flask, frozen: Any, users: dict[str, User], client_as: Any
) -> None:
    story = _live(users["editor"])
    url = f"/articles/{story.article_id}/live/posts"
    assert client_as(users["fact_checker"]).post(url, data={"body": "x"}).status_code == 403
    assert client_as(users["reporter"]).post(url, data={"body": "From reporter"}).status_code == 302
    assert client_as(users["admin"]).post(url, data={"body": "From admin"}).status_code == 302
    published = {p.body: p.is_public for p in db.session.scalars(select(LivePost))}
    assert published == {"From reporter": False, "From admin": True}
    assert app.test_client().post(url, data={"body": "anon"}).status_code in (302, 401)


def test_a_fact_checker_clears_by_hand(
    app: Flask, frozen: Any, users: dict[str, User], client_as: Any
) -> None:
    story = _live(users["editor"])
    post = service.create_post(
        story, users["editor"], body="Figure", at=clock.now(), needs_check=True
    )
    db.session.commit()
    url = f"/articles/{story.article_id}/live/posts/{post.id}"
    assert client_as(users["reporter"]).post(f"{url}/clear").status_code == 403
    assert client_as(users["editor"]).post(f"{url}/publish").status_code == 422
    checker = client_as(users["fact_checker"])
    assert checker.post(f"{url}/clear").status_code == 422  # no claims and no note
    assert checker.post(f"{url}/clear", data={"note": "Only a schedule"}).status_code == 302
    assert client_as(users["editor"]).post(f"{url}/publish").status_code == 302
    db.session.expire_all()
    assert db.session.get(LivePost, post.id).is_public


XSS = '<script>alert(1)</script><img src=x onerror=alert(2)>"><svg onload=alert(3)>'


def test_xss_in_every_post_field_is_inert_on_the_desk(
    app: Flask, frozen: Any, editor: User, client_as: Any
) -> None:
    story = _live(editor)
    desk = client_as(editor)
    desk.post(f"/articles/{story.article_id}/live/posts", data={"headline": XSS, "body": XSS})
    html = desk.get(f"/articles/{story.article_id}/live").get_data(as_text=True)
    assert "Doors" not in html  # (sanity: the page is the desk's)
    assert_inert(html)


def assert_inert(html: str) -> None:
    """None of XSS's three payloads is markup in `html` (as text, escaped, they may show)."""
    assert "<script>alert" not in html
    assert not re.search(r"<img[^>]*onerror", html)
    assert not re.search(r"<svg", html, re.IGNORECASE)
    assert "alert(1)" in html or "alert(2)" in html  # what was typed shows, as text


def test_a_post_carries_a_library_picture_with_its_words(
    app: Flask, frozen: Any, editor: User, client_as: Any
) -> None:
    from tests.factories import make_image

    story = _live(editor)
    image = make_image(editor)
    desk = client_as(editor)
    html = desk.get(f"/articles/{story.article_id}/live").get_data(as_text=True)
    assert "Picture from the library (optional)" in html and image.caption in html
    sent = desk.post(
        f"/articles/{story.article_id}/live/posts", data={"body": "Harbour", "image_id": image.id}
    )
    assert sent.status_code == 302
    page = app.test_client().get(f"/news/{story.article.slug}").get_data(as_text=True)
    assert image.caption in page and image.alt in page and image.credit in page
    wrong = desk.post(
        f"/articles/{story.article_id}/live/posts", data={"body": "Kept", "image_id": "99999"}
    )
    assert wrong.status_code == 422 and "Kept" in wrong.get_data(as_text=True)
