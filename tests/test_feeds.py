"""RSS and Atom feeds: valid, newest first, only what is public, dated in UTC."""

from __future__ import annotations

import calendar
from datetime import UTC, datetime, timedelta

import feedparser
import pytest
from flask.testing import FlaskClient

from editorial import clock
from editorial.extensions import db
from editorial.models import Article, Role
from tests.factories import make_article, make_user, section

FEEDS = ["/feeds/rss.xml", "/feeds/atom.xml"]


def parse(client: FlaskClient, url: str) -> feedparser.FeedParserDict:
    response = client.get(url)
    assert response.status_code == 200
    feed = feedparser.parse(response.get_data())
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def _newsroom() -> list[Article]:
    """Four public stories (one scheduled and past its time), and several that must not show."""
    base = datetime(2024, 5, 1, 9, 30, tzinfo=UTC)
    author = make_user(Role.REPORTER, display_name="Rana Haddad")
    stories = [
        make_article(
            "published",
            headline="Ministers & unions meet <again>",
            summary="Talks resume on Monday.",
            authors=[author],
            published_at=base,
        ),
        make_article(
            "published",
            headline="Harvest figures are in",
            section=section("Economy"),
            published_at=base + timedelta(hours=1),
        ),
        make_article(
            "scheduled",  # past its time, not yet released by the job: public all the same
            headline="Scheduled and due",
            published_at=clock.now() - timedelta(minutes=1),
        ),
        make_article(
            "published", headline="Stadium reopens", section=section("Sports"), published_at=base
        ),
    ]
    make_article("draft", headline="A draft")
    make_article("ready", headline="Ready but unpublished")
    make_article("scheduled", headline="Embargoed", published_at=clock.now() + timedelta(hours=1))
    withdrawn = make_article("edit", headline="Withdrawn story", published_at=base)
    withdrawn.first_published_at = base
    db.session.commit()
    # Newest first; the two stories of the same minute by id, newest id first.
    return sorted(stories, key=lambda a: (a.published_at, a.id), reverse=True)


@pytest.mark.parametrize("url", FEEDS)
def test_feed_lists_public_stories_newest_first_and_nothing_else(
    client: FlaskClient, url: str
) -> None:
    expected = _newsroom()
    feed = parse(client, url)
    assert [e.title for e in feed.entries] == [a.headline for a in expected]
    assert [e.link for e in feed.entries] == [f"http://localhost/news/{a.slug}" for a in expected]
    titles = " ".join(e.title for e in feed.entries)
    for hidden in ("A draft", "Ready but unpublished", "Embargoed", "Withdrawn story"):
        assert hidden not in titles


@pytest.mark.parametrize("url", FEEDS)
def test_feed_dates_are_the_publish_times_in_utc(client: FlaskClient, url: str) -> None:
    expected = _newsroom()
    feed = parse(client, url)
    for entry, article in zip(feed.entries, expected, strict=True):
        assert calendar.timegm(entry.published_parsed) == int(article.published_at.timestamp())
    ministers = next(e for e in feed.entries if e.title.startswith("Ministers"))
    assert ministers.published_parsed[:5] == (2024, 5, 1, 9, 30)  # not shifted to Beirut time
    assert ministers.summary == "Talks resume on Monday."
    assert ministers.author == "Rana Haddad"


def test_rss_channel_and_content_type(client: FlaskClient) -> None:
    _newsroom()
    response = client.get("/feeds/rss.xml")
    assert response.headers["Content-Type"] == "application/rss+xml; charset=utf-8"
    feed = feedparser.parse(response.get_data())
    assert feed.version == "rss20"
    assert feed.feed.title == "The Editorial Desk"
    assert feed.feed.link == "http://localhost/"


def test_atom_feed_metadata(client: FlaskClient) -> None:
    _newsroom()
    response = client.get("/feeds/atom.xml")
    assert response.headers["Content-Type"] == "application/atom+xml; charset=utf-8"
    feed = feedparser.parse(response.get_data())
    assert feed.version == "atom10"
    assert feed.feed.id == "http://localhost/"
    for entry in feed.entries:
        assert entry.updated_parsed >= entry.published_parsed


@pytest.mark.parametrize("url", FEEDS)
def test_empty_feeds_are_still_valid(client: FlaskClient, url: str) -> None:
    make_article("draft")
    assert parse(client, url).entries == []


def test_section_feed_has_only_that_section_and_is_linked_from_its_page(
    client: FlaskClient,
) -> None:
    _newsroom()
    feed = parse(client, "/section/economy/rss.xml")
    assert [e.title for e in feed.entries] == ["Harvest figures are in"]
    assert feed.feed.title == "The Editorial Desk: Economy"
    assert feed.feed.link == "http://localhost/section/economy"

    html = client.get("/section/economy").get_data(as_text=True)
    assert (
        '<link rel="alternate" type="application/rss+xml" title="The Editorial Desk: Economy (RSS)"'
        ' href="/section/economy/rss.xml">'
    ) in html
    assert client.get("/section/no-such-section/rss.xml").status_code == 404


def test_every_public_page_links_the_site_feeds(client: FlaskClient) -> None:
    html = client.get("/").get_data(as_text=True)
    assert 'rel="alternate" type="application/rss+xml"' in html
    assert 'rel="alternate" type="application/atom+xml"' in html
