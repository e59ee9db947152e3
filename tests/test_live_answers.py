"""Live posts with several authors (the writer, then co-authors an editor adds from the staff:
on the desk, the readers' page, its JSON-LD and the feed), and the desk's small answers: posting
sends back the new post, the composer and the counts (never the stream), and a pin or an unpin
moves one post into or out of the pinned box in place, on the desk and in the readers' poll."""

from __future__ import annotations

import json
import re
from typing import Any

import feedparser
import pytest
from flask import Flask
from sqlalchemy import select

from editorial import clock
from editorial.database import counted_statements
from editorial.extensions import db
from editorial.live import service
from editorial.models import AuditEvent, LivePost, LiveStory, Role, User
from tests.factories import make_live_story, make_user

pytestmark = pytest.mark.usefixtures("frozen")
HX = {"HX-Request": "true"}


def _live(editor: User) -> LiveStory:
    return make_live_story(editor, headline="Count night")


def _ld(html: str) -> dict[str, Any]:
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert block
    return json.loads(block.group(1))  # type: ignore[no-any-return]


def test_an_editor_adds_co_authors_shown_everywhere(
    app: Flask, editor: User, reporter: User, client_as: Any
) -> None:
    story = _live(editor)
    second = make_user(Role.REPORTER, display_name="Rana Haddad")
    desk = client_as(editor)
    page = desk.get(f"/articles/{story.article_id}/live").get_data(as_text=True)
    assert "Co-authors" in page and "Rana Haddad" in page
    sent = desk.post(
        f"/articles/{story.article_id}/live/posts",
        data={"body": "Both of us at the count", "coauthors": [str(second.id), str(reporter.id)]},
    )
    assert sent.status_code == 302
    post = db.session.scalar(select(LivePost))
    assert post is not None
    names = [editor.display_name, "Rana Haddad", reporter.display_name]
    assert [p.display_name for p in post.authors] == names
    desk_html = desk.get(f"/articles/{story.article_id}/live").get_data(as_text=True)
    assert all(name in desk_html for name in names)
    reader = app.test_client()
    html = reader.get(f"/news/{story.article.slug}").get_data(as_text=True)
    assert ", ".join(f"<bdi>{n}</bdi>" for n in names) in html
    update = _ld(html)["liveBlogUpdate"][0]
    assert update["author"] == [{"@type": "Person", "name": n} for n in names]
    feed = feedparser.parse(reader.get(f"/news/{story.article.slug}/live/feed.xml").data)
    assert not feed.bozo
    assert [a["name"] for a in feed.entries[0].authors] == names


def test_an_editor_changes_co_authors_on_the_edit_page_and_a_reporter_cannot(
    app: Flask, editor: User, reporter: User, client_as: Any
) -> None:
    story = _live(editor)
    other = make_user(Role.EDITOR)
    post = service.create_post(story, reporter, body="From the hall", at=clock.now())
    db.session.commit()
    url = f"/articles/{story.article_id}/live/posts/{post.id}/edit"
    # A reporter's hand-made extra fields change nothing.
    answer = client_as(reporter).post(
        url, data={"body": "From the hall", "coauthors_shown": "y", "coauthors": str(other.id)}
    )
    assert answer.status_code == 302
    made = client_as(reporter).post(
        f"/articles/{story.article_id}/live/posts",
        data={"body": "Mine", "coauthors": str(other.id)},
    )
    assert made.status_code == 302
    db.session.expire_all()
    assert all(not p.coauthors for p in db.session.scalars(select(LivePost)))
    saved = client_as(editor).post(
        url, data={"body": "From the hall", "coauthors_shown": "y", "coauthors": str(other.id)}
    )
    assert saved.status_code == 302
    db.session.expire_all()
    post = db.session.get(LivePost, post.id)
    assert [p.id for p in post.authors] == [reporter.id, other.id]
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "live.coauthors"))


def test_the_posting_answer_is_the_new_post_not_the_stream(
    app: Flask, editor: User, client_as: Any
) -> None:
    story = _live(editor)
    for n in range(40):
        service.create_post(story, editor, body=f"Earlier update number {n}", at=clock.now())
    db.session.commit()
    desk = client_as(editor)
    whole = desk.get(f"/articles/{story.article_id}/live", headers=HX).get_data(as_text=True)
    answer = desk.post(
        f"/articles/{story.article_id}/live/posts", data={"body": "The newest one"}, headers=HX
    )
    html = answer.get_data(as_text=True)
    assert answer.status_code == 200 and "The newest one" in html
    assert "Earlier update number" not in html  # no other post comes back
    assert 'id="live-stream"' not in html
    assert len(html) * 4 < len(whole), (len(html), len(whole))
    # The composer comes back empty, out of band, and so do the counts.
    composer = re.search(r'<form id="live-composer"[^>]*>', html)
    assert composer and 'hx-swap-oob="true"' in composer.group(0)
    assert "The newest one</textarea>" not in html
    assert re.search(r'id="live-count"[^>]*hx-swap-oob="true"[^>]*>\(41 out\)', html)
    assert "toast" in answer.headers["HX-Trigger"]


def test_a_pin_moves_one_post_in_place_on_the_desk_and_in_the_readers_poll(
    app: Flask, editor: User, client_as: Any
) -> None:
    story = _live(editor)
    a = service.create_post(story, editor, body="First pinned", at=clock.now())
    b = service.create_post(story, editor, body="Second pinned", at=clock.now())
    others = [
        service.create_post(story, editor, body=f"Plain post {n}", at=clock.now()) for n in range(5)
    ]
    service.set_pinned(a, True, editor)
    db.session.commit()
    desk = client_as(editor)
    page = desk.get(f"/articles/{story.article_id}/live").get_data(as_text=True)
    assert f'id="pinned-slot-{a.id}"' in page  # its place in the stream, while it is pinned
    seen = story.version
    reader = app.test_client()
    etag = reader.get(f"/news/{story.article.slug}/live/updates?since={seen}").headers["ETag"]

    answer = desk.post(f"/articles/{story.article_id}/live/posts/{b.id}/pin", headers=HX)
    html = answer.get_data(as_text=True)
    assert answer.status_code == 200
    # b leaves its place in the stream for an empty slot, the box is redrawn with b, and a goes
    # back to its slot; nothing else of the desk comes back.
    assert f'id="pinned-slot-{b.id}"' in html
    assert f'hx-swap-oob="outerHTML:#live-desk-posts #post-{b.id}"' in html
    assert re.search(r'id="live-desk-pinned"[^>]*hx-swap-oob="true"', html)
    assert f'hx-swap-oob="outerHTML:#pinned-slot-{a.id}"' in html
    assert "Plain post" not in html and 'id="live-stream"' not in html
    pinned_box = html.split('id="live-desk-pinned"', 1)[1].split("</div>", 1)[0]
    assert "Second pinned" in pinned_box and "First pinned" not in pinned_box

    poll = reader.get(
        f"/news/{story.article.slug}/live/updates?since={seen}", headers={"If-None-Match": etag}
    ).get_data(as_text=True)
    assert f'data-upsert="{b.id}" data-pinned="y"' in poll
    assert f'data-upsert="{a.id}" data-pinned=""' in poll
    assert all(f'data-upsert="{p.id}"' not in poll for p in others)

    back = desk.post(f"/articles/{story.article_id}/live/posts/{b.id}/unpin", headers=HX)
    html = back.get_data(as_text=True)
    assert f'hx-swap-oob="outerHTML:#pinned-slot-{b.id}"' in html
    assert "Second pinned" not in html.split('id="live-desk-pinned"', 1)[1].split("</div>", 1)[0]
    page = app.test_client().get(f"/news/{story.article.slug}").get_data(as_text=True)
    assert 'id="live-pinned"' in page and "hidden" in page.split('id="live-pinned"', 1)[1][:80]


def test_the_empty_composer_is_kept_until_the_staff_or_pictures_change(
    app: Flask, editor: User, client_as: Any
) -> None:
    story = _live(editor)
    desk = client_as(editor)
    url = f"/articles/{story.article_id}/live/posts"
    first = desk.post(url, data={"body": "First"}, headers=HX).get_data(as_text=True)
    assert 'id="live-composer"' in first and "Co-authors" in first
    with counted_statements(app) as statements:
        second = desk.post(url, data={"body": "Second"}, headers=HX).get_data(as_text=True)
    composer = second[second.index('id="live-composer"') :]
    assert "First" not in composer and "Second" not in composer  # empty again
    # Drawn once: neither the staff nor the library is read again for the next post.
    assert not any("FROM images" in sql for sql in statements)
    make_user(Role.REPORTER, display_name="Nadia Newcomer")  # the desk's version moves on
    third = desk.post(url, data={"body": "Third"}, headers=HX).get_data(as_text=True)
    assert "Nadia Newcomer" in third[third.index('id="live-composer"') :]
