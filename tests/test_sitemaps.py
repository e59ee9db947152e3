"""Sitemaps for crawlers: only published stories, the news sitemap's last 48 hours, robots.txt."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta

from flask.testing import FlaskClient

from editorial import clock
from editorial.extensions import db
from editorial.models import Correction, Role
from tests.factories import make_article, make_user
from tests.helpers import sign_in

NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}
BASE = "http://localhost"


def _urls(client: FlaskClient, path: str) -> dict[str, ET.Element]:
    response = client.get(path)
    assert response.status_code == 200
    assert response.mimetype == "application/xml"
    root = ET.fromstring(response.get_data())  # noqa: S314 - our own app's answer, not a stranger's
    assert root.tag == f"{{{NS['sm']}}}urlset"
    return {u.findtext("sm:loc", namespaces=NS): u for u in root.findall("sm:url", NS)}


def test_the_sitemap_lists_published_stories_only(client: FlaskClient) -> None:
    now = clock.now()
    shown = [
        make_article("published", headline="Published story"),
        make_article("scheduled", headline="Due, scheduler late", published_at=now - timedelta(1)),
    ]
    hidden = [
        make_article("draft", headline="A draft"),
        make_article("ready", headline="Ready, not out"),
        make_article("scheduled", headline="Not due yet", published_at=now + timedelta(hours=3)),
        make_article(
            "edit", headline="Withdrawn", published_at=now - timedelta(2), first_published_at=now
        ),
        make_article("spiked", headline="Spiked"),
    ]
    urls = _urls(client, "/sitemap.xml")
    assert set(urls) == {f"{BASE}/news/{a.slug}" for a in shown}
    for article in hidden:
        assert f"/news/{article.slug}" not in client.get("/sitemap.xml").get_data(as_text=True)


def test_lastmod_is_the_publication_or_the_latest_correction(client: FlaskClient) -> None:
    story = make_article("published", published_at=datetime(2026, 3, 1, 6, 51, tzinfo=UTC))
    other = make_article("published", published_at=datetime(2026, 2, 1, 12, tzinfo=UTC))
    for at in (datetime(2026, 3, 2, 7, 15, tzinfo=UTC), datetime(2026, 3, 4, 8, tzinfo=UTC)):
        db.session.add(Correction(article_id=story.id, at=at, notice="Fixed a name."))
    db.session.commit()
    urls = _urls(client, "/sitemap.xml")
    assert urls[f"{BASE}/news/{story.slug}"].findtext("sm:lastmod", namespaces=NS) == (
        "2026-03-04T08:00:00Z"
    )
    assert urls[f"{BASE}/news/{other.slug}"].findtext("sm:lastmod", namespaces=NS) == (
        "2026-02-01T12:00:00Z"
    )


def test_the_news_sitemap_holds_the_last_48_hours(client: FlaskClient) -> None:
    now = clock.now()
    fresh = make_article(
        "published", headline="Tanker fire & <smoke>", published_at=now - timedelta(hours=2)
    )
    edge = make_article("published", published_at=now - timedelta(hours=47))
    old = make_article("published", published_at=now - timedelta(hours=49))
    make_article("draft", headline="A fresh draft")
    urls = _urls(client, "/sitemap-news.xml")
    assert set(urls) == {f"{BASE}/news/{fresh.slug}", f"{BASE}/news/{edge.slug}"}
    assert f"{BASE}/news/{old.slug}" not in urls
    news = urls[f"{BASE}/news/{fresh.slug}"].find("news:news", NS)
    assert news.findtext("news:title", namespaces=NS) == "Tanker fire & <smoke>"
    assert news.findtext("news:publication/news:name", namespaces=NS)
    assert news.findtext("news:publication/news:language", namespaces=NS) == "en"
    published = news.findtext("news:publication_date", namespaces=NS)
    assert published == clock.as_utc(fresh.published_at).strftime("%Y-%m-%dT%H:%M:%SZ")


def test_an_unpublished_story_leaves_the_sitemaps_at_the_next_request(
    client: FlaskClient,
) -> None:
    editor = make_user(Role.EDITOR)
    story = make_article("published", headline="Soon withdrawn")
    url = f"{BASE}/news/{story.slug}"
    assert url in _urls(client, "/sitemap.xml") and url in _urls(client, "/sitemap-news.xml")
    desk = sign_in(client.application.test_client(), editor)
    unpublish = desk.post(f"/articles/{story.id}/transition/unpublish", data={"note": "Legal."})
    assert unpublish.status_code == 302
    assert url not in _urls(client, "/sitemap.xml")
    assert url not in _urls(client, "/sitemap-news.xml")


def test_robots_txt_points_crawlers_at_the_sitemaps(client: FlaskClient) -> None:
    response = client.get("/robots.txt", headers={"Host": "evil.example"})
    text = response.get_data(as_text=True)
    assert response.mimetype == "text/plain"
    assert f"Sitemap: {BASE}/sitemap.xml" in text
    assert f"Sitemap: {BASE}/sitemap-news.xml" in text
    assert "Disallow: /desk/" in text and "evil.example" not in text
