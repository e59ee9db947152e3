"""The public BREAKING ticker, its ETag poll, the JSON API and the RSS feed."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import feedparser
import pytest
from flask.testing import FlaskClient

from editorial import clock
from editorial.breaking import service as actions
from editorial.extensions import db
from editorial.models import Role
from tests.factories import make_article, make_headline, make_user
from tests.helpers import T0, reload

pytestmark = pytest.mark.usefixtures("frozen")


def ticker_texts(html: str) -> list[str]:
    """The headlines of the first (readable) copy of the ticker list, in order."""
    match = re.search(r'<ul class="ticker-list">(.*?)</ul>', html, re.S)
    if not match:
        return []
    return [re.sub(r"<[^>]+>", "", li).strip() for li in re.findall(r"<li>(.*?)</li>", match[1])]


def test_every_public_page_shows_the_live_headlines_in_order(client: FlaskClient) -> None:
    make_headline("Old news", starts=T0 - timedelta(hours=2), minutes=600)
    make_headline("Fresh news", starts=T0 - timedelta(minutes=1))
    make_headline("Pinned news", starts=T0 - timedelta(hours=3), minutes=600, pinned=True)
    make_headline("Placed last", starts=T0 - timedelta(minutes=30), position=5)
    make_headline("Not yet", starts=T0 + timedelta(minutes=5))
    make_headline("Over", starts=T0 - timedelta(hours=5))
    make_headline("Pulled", withdrawn_at=T0)
    html = client.get("/").get_data(as_text=True)
    assert ticker_texts(html) == ["Pinned news", "Fresh news", "Old news", "Placed last"]
    assert '<section class="ticker" aria-label="Breaking news"' in html
    assert '<p class="ticker-label">Breaking</p>' in html
    assert 'id="breaking-ticker" class="ticker-slot" aria-live="polite"' in html
    assert 'hx-get="/breaking/ticker"' in html and 'hx-trigger="every 15s' in html
    # The copy that makes the scroll seamless is hidden from screen readers and the tab order.
    assert '<ul class="ticker-list ticker-copy" aria-hidden="true">' in html
    # No inline script: every script has a src.
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert '<script src="/static/js/ticker.js" defer></script>' in html
    error_page = client.get("/news/no-such-story")
    assert error_page.status_code == 404 and "Fresh news" in error_page.get_data(as_text=True)


def test_nothing_live_leaves_an_empty_polling_slot(client: FlaskClient) -> None:
    html = client.get("/").get_data(as_text=True)
    assert re.search(
        r'<div id="breaking-ticker"[^>]*hx-get="/breaking/ticker"[^>]*>\s*</div>', html
    )
    assert "Breaking news" not in html
    assert client.get("/breaking/ticker").get_data(as_text=True) == ""


def test_links_only_to_an_article_while_it_is_public(client: FlaskClient) -> None:
    story = make_article("published", headline="Quake hits the north")
    make_headline("Quake: latest", article=story)
    make_headline("No link here")
    html = client.get("/breaking/ticker").get_data(as_text=True)
    assert f'<a href="/news/{story.slug}">Quake: latest</a>' in html
    assert f'<a href="/news/{story.slug}" tabindex="-1">Quake: latest</a>' in html
    assert "<li>No link here</li>" in html
    etag = client.get("/breaking/ticker").headers["ETag"]
    story.state = "edit"  # unpublished
    db.session.commit()
    unlinked = client.get("/breaking/ticker", headers={"If-None-Match": etag})
    assert unlinked.status_code == 200
    assert "<li>Quake: latest</li>" in unlinked.get_data(as_text=True)


def test_a_headline_appears_at_its_start_and_goes_at_its_end(
    client: FlaskClient, frozen: Any
) -> None:
    make_headline("Soon", starts=T0 + timedelta(seconds=5), minutes=1)
    frozen.tick(seconds=5, microseconds=-1)
    assert ticker_texts(client.get("/breaking/ticker").get_data(as_text=True)) == []
    frozen.tick(microseconds=1)
    assert ticker_texts(client.get("/breaking/ticker").get_data(as_text=True)) == ["Soon"]
    frozen.tick(seconds=60, microseconds=-1)
    assert ticker_texts(client.get("/breaking/ticker").get_data(as_text=True)) == ["Soon"]
    frozen.tick(microseconds=1)
    assert ticker_texts(client.get("/breaking/ticker").get_data(as_text=True)) == []


def test_the_poll_answers_304_until_anything_changes(
    client: FlaskClient, frozen: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    headline = make_headline("Running")
    make_headline("Later", starts=T0 + timedelta(minutes=10))
    first = client.get("/breaking/ticker")
    etag = first.headers["ETag"]
    assert first.status_code == 200 and etag
    assert first.headers["Cache-Control"] == "no-cache"
    assert ticker_texts(first.get_data(as_text=True)) == ["Running"]

    def no_rendering(*args: Any, **kwargs: Any) -> str:
        raise AssertionError("an unchanged poll must not render")

    with monkeypatch.context() as patch:
        patch.setattr("editorial.breaking.public.render_template", no_rendering)
        same = client.get("/breaking/ticker", headers={"If-None-Match": etag})
    assert same.status_code == 304 and same.get_data() == b""
    assert same.headers["ETag"] == etag and same.headers["Cache-Control"] == "no-cache"

    def changed_etag() -> str:
        response = client.get("/breaking/ticker", headers={"If-None-Match": etag})
        assert response.status_code == 200
        return response.headers["ETag"]

    editor = make_user(Role.EDITOR)
    actions.extend(reload(headline), 30, version=reload(headline).version, actor=editor, at=T0)
    db.session.commit()
    etag = changed_etag()  # a change to a live row
    frozen.tick(minutes=10)
    etag = changed_etag()  # "Later" started: the clock alone
    h = reload(headline)
    actions.withdraw(h, version=h.version, actor=editor, at=clock.now())
    db.session.commit()
    etag = changed_etag()  # withdrawn: gone at the next poll
    assert client.get("/breaking/ticker", headers={"If-None-Match": etag}).status_code == 304
    assert ticker_texts(client.get("/breaking/ticker").get_data(as_text=True)) == ["Later"]


def test_the_page_and_the_poll_agree_on_the_etag(client: FlaskClient) -> None:
    make_headline("Running")
    page = client.get("/").get_data(as_text=True)
    shown = re.search(r'data-etag="(\w+)"', page)
    assert shown
    poll = client.get("/breaking/ticker", headers={"If-None-Match": f'"{shown[1]}"'})
    assert poll.status_code == 304


def test_json_api(client: FlaskClient) -> None:
    story = make_article("published", headline="Quake hits the north")
    make_headline("Quake: latest", article=story, pinned=True, starts=T0 - timedelta(minutes=5))
    make_headline("Talks", starts=T0, minutes=90)
    make_headline("Not yet", starts=T0 + timedelta(minutes=1))
    response = client.get("/api/breaking")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=15"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.mimetype == "application/json"
    headlines = response.get_json()["headlines"]
    assert [h["text"] for h in headlines] == ["Quake: latest", "Talks"]
    assert headlines[0]["link"] == f"http://localhost/news/{story.slug}"
    assert headlines[0]["start"] == "2026-06-01T08:55:00Z" and headlines[0]["pinned"] is True
    assert headlines[1] == {
        "id": headlines[1]["id"],
        "text": "Talks",
        "link": None,
        "start": "2026-06-01T09:00:00Z",
        "end": "2026-06-01T10:30:00Z",
        "pinned": False,
    }
    again = client.get("/api/breaking", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_rss_feed_parses_cleanly(client: FlaskClient) -> None:
    story = make_article("published", headline="Quake hits the north")
    make_headline("Quake: latest & <worst>", article=story, starts=T0 - timedelta(minutes=5))
    make_headline("Talks resume", starts=T0)
    make_headline("Pulled", withdrawn_at=T0)
    response = client.get("/breaking.rss")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/rss+xml; charset=utf-8"
    assert response.headers["Cache-Control"] == "public, max-age=15"
    feed = feedparser.parse(response.get_data())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "rss20"
    assert [e.title for e in feed.entries] == ["Talks resume", "Quake: latest & <worst>"]
    assert feed.entries[1].link == f"http://localhost/news/{story.slug}"
    assert feed.entries[0].link == "http://localhost/"
    assert tuple(feed.entries[0].published_parsed)[:5] == (2026, 6, 1, 9, 0)
    assert feed.entries[0].id != feed.entries[1].id
    empty = feedparser.parse(client.get("/breaking.rss", headers={"If-None-Match": "x"}).get_data())
    assert not empty.bozo
