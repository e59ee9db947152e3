"""Live coverage for readers (issue 24): the story's page (key events, the pinned post, posts
newest first with their time, author and permalink, "older updates"), the one cheap poll (304
with nothing rendered and a bounded number of statements, else only what changed), the LIVE
marks per edition, LiveBlogPosting JSON-LD, the Atom feed (parsed by feedparser), the page's
ETag following the posts, and XSS typed into posts inert on the page and in the feed."""

from __future__ import annotations

import json
import re
from typing import Any

import feedparser
import pytest
from flask import Flask, template_rendered
from flask.testing import FlaskClient
from sqlalchemy import select

from editorial import clock
from editorial.database import counted_statements
from editorial.extensions import db
from editorial.fragment_cache import fragment_cache
from editorial.live import queries, service
from editorial.models import LivePost, LiveStory, User
from tests.factories import make_article

pytestmark = pytest.mark.usefixtures("frozen")
XSS = '<script>alert(1)</script><img src=x onerror=alert(2)>"><svg onload=alert(3)>'


def _live(editor: User, **fields: Any) -> LiveStory:
    article = make_article("published", headline=fields.pop("headline", "Election night"), **fields)
    story = service.start(article, editor, clock.now())
    db.session.commit()
    return story


def _post(story: LiveStory, editor: User, body: str, **fields: Any) -> Any:
    post = service.create_post(story, editor, body=body, at=clock.now(), **fields)
    db.session.commit()
    return post


def _ld(html: str) -> dict[str, Any]:
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert block
    return json.loads(block.group(1))


def _assert_inert(html: str) -> None:
    assert "<script>alert" not in html
    assert not re.search(r"<img[^>]*onerror", html)
    assert not re.search(r"<svg", html, re.IGNORECASE)


def test_the_page_shows_key_events_pinned_and_posts_newest_first(
    app: Flask, client: FlaskClient, editor: User, frozen: Any
) -> None:
    story = _live(editor)
    first = _post(story, editor, "Polls close", headline="Polls close", key_event=True)
    frozen.tick(minutes=3)
    pinned = _post(story, editor, "How to follow the count")
    service.set_pinned(pinned, True, editor)
    db.session.commit()
    frozen.tick(minutes=3)
    last = _post(story, editor, "First results in")
    waiting = service.create_post(
        story, editor, body="Unchecked rumour", at=clock.now(), needs_check=True
    )
    db.session.commit()
    html = client.get(f"/news/{story.article.slug}").get_data(as_text=True)
    assert "Key events" in html and "Pinned" in html and 'aria-live="polite"' in html
    assert html.index(f'id="post-{last.id}"') < html.index(f'id="post-{first.id}"')
    assert f"/news/{story.article.slug}/live/{first.id}" in html  # each post's permalink
    assert "Unchecked rumour" not in html and f"post-{waiting.id}" not in html
    assert html.count(f'id="post-{pinned.id}"') == 1
    own = client.get(f"/news/{story.article.slug}/live/{last.id}")
    assert own.status_code == 200 and "First results in" in own.get_data(as_text=True)
    assert client.get(f"/news/{story.article.slug}/live/{waiting.id}").status_code == 404


def test_older_updates_page_by_keyset(app: Flask, client: FlaskClient, editor: User) -> None:
    story = _live(editor)
    posts = [_post(story, editor, f"Update number {n}") for n in range(queries.PAGE_SIZE + 5)]
    html = client.get(f"/news/{story.article.slug}").get_data(as_text=True)
    assert "Update number 24" in html and "Update number 4<" not in html
    older = re.search(r'href="([^"]*before=\d+[^"]*)"', html)
    assert older
    page = client.get(older.group(1).replace("&amp;", "&")).get_data(as_text=True)
    assert "Update number 4<" in page and "Update number 0<" in page
    assert f'id="post-{posts[-1].id}"' not in page


def _rendered(app: Flask) -> tuple[list[str], Any]:
    names: list[str] = []

    def record(_sender: Any, template: Any, **_: Any) -> None:
        names.append(template.name)

    template_rendered.connect(record, app)
    return names, lambda: template_rendered.disconnect(record, app)


@pytest.mark.parametrize("posts", [3, 120])
def test_the_unchanged_poll_is_a_304_with_nothing_rendered_and_few_statements(
    app: Flask, client: FlaskClient, editor: User, posts: int
) -> None:
    story = _live(editor)
    for n in range(posts):
        _post(story, editor, f"Post {n}")
    url = f"/news/{story.article.slug}/live/updates?since={story.version}"
    first = client.get(url)
    assert first.status_code == 200
    names, stop = _rendered(app)
    with counted_statements(app) as statements:
        again = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    stop()
    assert again.status_code == 304 and again.get_data() == b"" and names == []
    assert len(statements) <= 4, statements


def test_a_changed_poll_returns_only_what_changed(
    app: Flask, client: FlaskClient, editor: User
) -> None:
    story = _live(editor)
    old = _post(story, editor, "Old news")
    edited = _post(story, editor, "Before the edit")
    seen = story.version
    etag = client.get(f"/news/{story.article.slug}/live/updates?since={seen}").headers["ETag"]
    new = _post(story, editor, "Fresh news")
    service.edit(edited, editor, headline="", body="After the edit", at=clock.now())
    service.delete(old, editor, clock.now())
    db.session.commit()
    answer = client.get(
        f"/news/{story.article.slug}/live/updates?since={seen}", headers={"If-None-Match": etag}
    )
    html = answer.get_data(as_text=True)
    assert answer.status_code == 200
    assert f'data-upsert="{new.id}"' in html and "Fresh news" in html
    assert f'data-upsert="{edited.id}"' in html and "After the edit" in html
    assert f'data-remove="{old.id}"' in html and "Old news" not in html
    assert f'data-version="{story.version}"' in html


def test_the_page_etag_follows_the_posts(app: Flask, client: FlaskClient, editor: User) -> None:
    story = _live(editor)
    url = f"/news/{story.article.slug}"
    etag = client.get(url).headers["ETag"]
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    _post(story, editor, "Breaking development")
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 200 and "Breaking development" in again.get_data(as_text=True)


def test_live_blog_posting_json_ld(
    app: Flask, client: FlaskClient, editor: User, frozen: Any
) -> None:
    story = _live(editor)
    post = _post(story, editor, "Turnout is high", headline="Turnout")
    data = _ld(client.get(f"/news/{story.article.slug}").get_data(as_text=True))
    assert data["@type"] == "LiveBlogPosting" and "coverageStartTime" in data
    assert "coverageEndTime" not in data
    assert data["liveBlogUpdate"][0]["headline"] == "Turnout"
    assert data["liveBlogUpdate"][0]["url"].endswith(f"#post-{post.id}")
    frozen.tick(hours=1)
    service.end(story, editor, clock.now())
    db.session.commit()
    html = client.get(f"/news/{story.article.slug}").get_data(as_text=True)
    assert "coverageEndTime" in _ld(html) and "Live coverage ended" in html
    assert "data-live-still" in html  # an ended story's page no longer polls


def test_the_feed_parses_and_keeps_xss_inert(app: Flask, client: FlaskClient, editor: User) -> None:
    story = _live(editor)
    _post(story, editor, "Counting continues", headline="Count")
    _post(story, editor, XSS, headline=XSS)
    response = client.get(f"/news/{story.article.slug}/live/feed.xml")
    assert response.status_code == 200 and response.mimetype == "application/atom+xml"
    feed = feedparser.parse(response.get_data())
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.title == "Election night"
    assert [e.title for e in feed.entries][1] == "Count"
    content = feed.entries[0].content[0].value
    _assert_inert(content)


def test_xss_in_posts_is_inert_on_the_page_and_in_the_poll(
    app: Flask, client: FlaskClient, editor: User
) -> None:
    story = _live(editor)
    _post(story, editor, XSS, headline=XSS, key_event=True)
    html = client.get(f"/news/{story.article.slug}").get_data(as_text=True)
    _assert_inert(html)
    assert "alert(1)" in html  # shown as text
    poll = client.get(f"/news/{story.article.slug}/live/updates?since=0").get_data(as_text=True)
    _assert_inert(poll)


def test_live_badge_and_navigation_entry_per_edition(
    app: Flask, client: FlaskClient, editor: User
) -> None:
    home = client.get("/").get_data(as_text=True)
    assert "sitenav-live" not in home
    story = _live(editor)
    home = client.get("/").get_data(as_text=True)
    assert "sitenav-live" in home and f"/news/{story.article.slug}#live" in home
    assert 'class="live-badge"' in home  # the story's card
    # Another edition has no live story: no LIVE entry there.
    assert "sitenav-live" not in client.get("/ar/").get_data(as_text=True)
    service.end(story, editor, clock.now())
    db.session.commit()
    assert "sitenav-live" not in client.get("/").get_data(as_text=True)


def test_a_deleted_post_leaves_nothing_public(
    app: Flask, client: FlaskClient, editor: User
) -> None:
    story = _live(editor)
    post = _post(story, editor, "Wrong figure")
    service.delete(post, editor, clock.now())
    db.session.commit()
    slug = story.article.slug
    assert "Wrong figure" not in client.get(f"/news/{slug}").get_data(as_text=True)
    assert "Wrong figure" not in client.get(f"/news/{slug}/live/feed.xml").get_data(as_text=True)
    assert client.get(f"/news/{slug}/live/{post.id}").status_code == 404


def test_a_promoted_post_runs_on_the_ticker_linked_to_its_anchor(
    app: Flask, client: FlaskClient, editor: User
) -> None:
    story = _live(editor)
    post = _post(story, editor, "Ceasefire agreed", headline="Ceasefire agreed")
    service.promote(post, editor, clock.now())
    db.session.commit()
    html = client.get("/").get_data(as_text=True)
    assert f'href="/news/{story.article.slug}#post-{post.id}"' in html
    assert "Ceasefire agreed" in html


def test_the_page_costs_the_same_statements_with_many_posts(
    app: Flask, client: FlaskClient, editor: User
) -> None:
    story = _live(editor)
    for n in range(5):
        _post(story, editor, f"Early {n}", key_event=n == 0)
    url = f"/news/{story.article.slug}"
    client.get(url)
    fragment_cache().clear()  # the page drawn, not its kept parts (public/fragments.py)
    with counted_statements(app) as few:
        client.get(url)
    for n in range(60):
        service.create_post(story, editor, body=f"Later {n}", at=clock.now(), key_event=n % 20 == 0)
    db.session.commit()
    client.get(url)
    fragment_cache().clear()
    with counted_statements(app) as many:
        client.get(url)
    assert len(many) == len(few), (len(few), len(many))


def test_a_post_waiting_for_an_editor_leaves_the_cached_page_alone(
    app: Flask, client: FlaskClient, editor: User, reporter: User, client_as: Any
) -> None:
    story = _live(editor)
    url = f"/news/{story.article.slug}"
    etag = client.get(url).headers["ETag"]
    desk = client_as(reporter)
    sent = desk.post(f"/articles/{story.article_id}/live/posts", data={"body": "Draft line"})
    assert sent.status_code == 302
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    post_id = db.session.scalar(select(LivePost.id))
    client_as(editor).post(f"/articles/{story.article_id}/live/posts/{post_id}/publish")
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 200 and "Draft line" in again.get_data(as_text=True)
