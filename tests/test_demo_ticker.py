"""The demo's BREAKING ticker runs at once: live, pinned, ordered, linked, timed from now."""

from __future__ import annotations

import html as entities
import re
from datetime import timedelta

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from editorial import clock
from editorial.breaking.rules import status_at
from editorial.demo.load import BREAKING
from editorial.extensions import db
from editorial.models import Article, AuditEvent, BreakingHeadline
from tests.demo_copy import LOADED_AT, copy_demo
from tests.test_breaking_public import ticker_texts


def _load(app: Flask) -> None:
    """The demo newsroom as loaded at LOADED_AT (a copy of this process's: tests/demo_copy.py)."""
    copy_demo(app)


def test_the_public_ticker_runs_the_demo_headlines_the_moment_it_loads(
    app: Flask, client: FlaskClient
) -> None:
    _load(app)
    live = [h for h in BREAKING if h["starts"] <= 0 < h["starts"] + h["runs"]]
    upcoming = [h for h in BREAKING if h["starts"] > 0]
    expired = [h for h in BREAKING if h["starts"] + h["runs"] <= 0]
    assert len(live) >= 8 and len(upcoming) >= 2 and len(expired) == 1
    with clock.frozen(LOADED_AT + timedelta(seconds=1)):
        html = client.get("/").get_data(as_text=True)
    shown = [entities.unescape(text) for text in ticker_texts(html)]
    live = [h for h in live if h.get("language", "en") == "en"]  # the English edition's ticker
    pinned = [h["text"] for h in live if h["pinned"]]
    # Pinned first, then the file's running order; nothing upcoming, nothing expired.
    assert shown[: len(pinned)] == pinned
    assert shown == [h["text"] for h in live]
    assert not {h["text"] for h in upcoming + expired} & set(shown)
    # Some go to their published story, and that story's page answers.
    links = re.findall(r'<ul class="ticker-list">.*?</ul>', html, re.S)[0]
    slugs = re.findall(r'href="/news/([^"]+)"', links)
    assert len(slugs) == len([h for h in live if h["article"]]) >= 3
    for slug in slugs:
        with clock.frozen(LOADED_AT + timedelta(seconds=1)):
            assert client.get(f"/news/{slug}").status_code == 200


def test_upcoming_headlines_go_live_at_their_time_and_the_expired_one_is_on_the_desk(
    app: Flask, client: FlaskClient
) -> None:
    _load(app)
    first = min((h for h in BREAKING if h["starts"] > 0), key=lambda h: h["starts"])
    later = LOADED_AT + timedelta(minutes=first["starts"], seconds=1)
    with clock.frozen(later):
        page = client.get("/").get_data(as_text=True)
        assert first["text"] in [entities.unescape(t) for t in ticker_texts(page)]
    rows = list(db.session.scalars(select(BreakingHeadline)))
    written = {h["text"] for h in BREAKING}
    statuses = [status_at(h, LOADED_AT) for h in rows if h.text in written]
    assert statuses.count("expired") == 1 and statuses.count("scheduled") >= 2
    # The past weeks' headlines that came before their stories (`add_earlier_headlines`): all
    # expired, each linked to its story.
    earlier = [h for h in rows if h.text not in written]
    assert earlier and {status_at(h, LOADED_AT) for h in earlier} == {"expired"}
    assert all(h.article_id is not None for h in earlier)
    # Made through the service: each has its audit event, by an editor.
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "breaking.created"))
    assert len(list(events)) == len(BREAKING) + len(earlier)
    for headline in rows:
        assert headline.created_by is not None and headline.created_by.role.value == "editor"
        if headline.article_id is not None:
            article = db.session.get(Article, headline.article_id)
            assert article is not None and article.state == "published"


def test_the_demo_features_a_coverage_hub_with_a_page_and_banners(
    app: Flask, client: FlaskClient
) -> None:
    _load(app)
    from editorial.demo.load import NEWSROOM
    from editorial.models import Tag

    (name, description), *_ = NEWSROOM.coverage
    tag = db.session.scalar(select(Tag).where(Tag.name == name))
    assert tag is not None and tag.coverage_hub and tag.hub_description == description
    with clock.frozen(LOADED_AT + timedelta(seconds=1)):
        hub = client.get(f"/coverage/{tag.slug}")
        assert hub.status_code == 200 and description in hub.get_data(as_text=True)
        slug = re.search(r'class="story-card-title"><a href="/news/([^"]+)"', hub.get_data(True))
        story = client.get(f"/news/{slug.group(1)}").get_data(as_text=True)
    assert f'<a href="/coverage/{tag.slug}">' in story
