"""Absolute addresses come from PUBLIC_BASE_URL: a forged Host header never reaches any reader."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from tests.factories import make_article, make_headline, section

BASE = "https://news.example.org"
FORGED = "evil.example"


@pytest.fixture
def cached_app(make_app: Any) -> Iterator[Flask]:
    app = make_app(PUBLIC_PAGE_CACHE_SECONDS=30, PUBLIC_BASE_URL=BASE)
    with app.app_context():
        yield app


def _public_urls() -> list[str]:
    """Every public page or feed that carries an absolute address."""
    story = make_article(
        "published",
        headline="Harbour reopens to fishing boats",
        section=section("Economy"),
        hero_image_url="/static/img/harbour.jpg",
    )
    make_headline("Harbour: latest", article=story)
    return [
        "/",
        f"/news/{story.slug}",
        "/section/economy",
        "/section/economy/rss.xml",
        "/feeds/rss.xml",
        "/feeds/atom.xml",
        "/breaking.rss",
        "/api/breaking",
    ]


def test_a_forged_host_never_changes_what_another_reader_receives(cached_app: Flask) -> None:
    urls = _public_urls()
    attacker, reader = cached_app.test_client(), cached_app.test_client()
    for url in urls:
        forged = attacker.get(url, headers={"Host": FORGED})
        assert forged.status_code == 200, url
        assert FORGED not in forged.get_data(as_text=True), url
        honest = reader.get(url)
        assert honest.status_code == 200, url
        text = honest.get_data(as_text=True)
        assert FORGED not in text, url
        assert BASE in text, url  # every one of them does carry an absolute address


def test_absolute_addresses_use_the_configured_base(cached_app: Flask) -> None:
    urls = _public_urls()
    story_page = cached_app.test_client().get(urls[1]).get_data(as_text=True)
    assert f'<link rel="canonical" href="{BASE}{urls[1]}">' in story_page
    assert f'content="{BASE}/static/img/harbour.jpg"' in story_page


def test_a_base_url_without_a_scheme_is_refused_at_start(make_app: Any) -> None:
    with pytest.raises(ValueError, match="PUBLIC_BASE_URL"):
        make_app(PUBLIC_BASE_URL="news.example.org")
